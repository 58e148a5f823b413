//! `referat schema`: print the dataset's schema documentation (the text of `docs/schema.md`)
//! or, with `--format datapackage`, the Frictionless Data Package template (the text of
//! `docs/datapackage.template.json`). Both are generated from `schemas/*.toml`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use referat::schema::catalog;
use referat::write::{datapackage, schema_doc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown documentation of every table (docs/schema.md).
    Markdown,
    /// datapackage.json without the run facts (hashes, sizes, sources).
    Datapackage,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = match args.format {
        Format::Markdown => schema_doc::markdown(catalog()),
        Format::Datapackage => datapackage::to_json(&datapackage::template(catalog())),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}
