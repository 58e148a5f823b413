//! One file per subcommand: its arguments and a plain `run`.

pub mod fetch;
pub mod progress;
pub mod run;
pub mod schema;
pub mod validate;

use std::path::Path;

use referat::model::Source;

/// The sources named on the command line, then those of the manifest; at least one.
pub fn gather_sources(given: &[String], manifest: Option<&Path>) -> anyhow::Result<Vec<Source>> {
    let mut sources: Vec<Source> = given.iter().map(Source::new).collect();
    if let Some(manifest) = manifest {
        sources.extend(referat::manifest::read(manifest)?);
    }
    if sources.is_empty() {
        anyhow::bail!("no sources: give files, folders or URLs, or --manifest FILE");
    }
    Ok(sources)
}
