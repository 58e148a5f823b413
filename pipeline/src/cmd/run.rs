//! `referat run`: fetch, parse and write the dataset.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use referat::run::{run as run_pipeline, RunConfig, RunSummary};

use super::progress::BarReporter;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (every document in them) or http(s) URLs.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Read sources (and what is known of them) from a manifest TOML file.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Folder to write the dataset into; replaced only when the new dataset is complete.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The content-addressed store of raw documents and cached rows.
    #[arg(long, value_name = "DIR", default_value = ".referat-cache")]
    pub cache_dir: PathBuf,
    #[command(flatten)]
    pub fetch: super::fetch::FetchArgs,
    /// Print every problem as it is found (they are always in the summary and in documents).
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let sources = super::gather_sources(&args.sources, args.manifest.as_deref())?;
    let config = RunConfig {
        sources,
        out: args.out.clone(),
        cache_dir: args.cache_dir.clone(),
        fetch: args.fetch.to_options()?,
    };
    let reporter = BarReporter::new(args.verbose);
    let summary = run_pipeline(&config, &reporter)
        .with_context(|| format!("writing the dataset into {}", args.out.display()))?;
    print_summary(&summary, &args.out);
    Ok(if summary.all_sources_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_summary(s: &RunSummary, out: &std::path::Path) {
    for (source, problem) in &s.problems {
        eprintln!("problem: {source}: {problem}");
    }
    eprintln!(
        "referat: {} documents ({} ok, {} partial, {} failed; {} downloaded, {} not modified, \
         {} stale; {} unchanged and not parsed again) → {} meetings, {} items, {} decisions, \
         {} votes, {} attendance rows, {} amounts; {} problems. {} {}.",
        s.documents,
        s.ok,
        s.partial,
        s.failed,
        s.downloaded,
        s.not_modified,
        s.stale,
        s.cached,
        s.meetings,
        s.items,
        s.decisions,
        s.votes,
        s.attendance,
        s.amounts,
        s.problems.len(),
        if s.unchanged {
            "Inputs unchanged: the dataset is up to date in"
        } else {
            "Dataset written to"
        },
        out.display()
    );
}
