//! `referat fetch`: fill the store (and the fetch log) from the sources, parse nothing.
//!
//! Also home of the fetch flags shared with `referat run` ([`FetchArgs`]), so each flag is
//! defined once.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use rayon::prelude::*;
use referat::fetch::http::HttpOptions;
use referat::fetch::{expand_sources, FetchError, FetchOptions, FetchOutcome, FetchedHow, Fetcher};
use referat::store::Store;

/// How sources are fetched: the flags of `run` and `fetch`.
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Build from the store alone: no network. A URL never fetched before fails ("not in the
    /// store"); local files are still read.
    #[arg(long)]
    pub offline: bool,
    /// Read and checksum every local file again, even one that looks on disk (device, inode,
    /// size, modification and change times) as it did when it was last read.
    #[arg(long)]
    pub reread_sources: bool,
    /// Seconds allowed for each read from a server to make progress (headers or body).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Seconds allowed for opening a connection.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub connect_timeout: f64,
    /// Retries after a failed attempt (connection errors, timeouts, 408, 429, 5xx), with
    /// exponential backoff and jitter; a server's Retry-After is honoured.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Seconds before the first retry (doubled for each further one).
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub backoff: f64,
    /// The longest wait between attempts; a Retry-After asking for more fails the source.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub max_retry_wait: f64,
    /// Redirects followed before a source fails.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_redirects: u32,
    /// Largest body accepted (bytes, after gzip decoding); a larger one fails its source.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_body_bytes: u64,
    /// Requests per second to any one host, across all threads (0: no limit).
    #[arg(long, value_name = "PER_SECOND", default_value_t = 1.0)]
    pub rate_limit_per_host: f64,
}

fn seconds(flag: &str, value: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .with_context(|| format!("--{flag} {value}: not a number of seconds"))
}

impl FetchArgs {
    pub fn to_options(&self) -> anyhow::Result<FetchOptions> {
        let timeout = seconds("timeout", self.timeout)?;
        let connect_timeout = seconds("connect-timeout", self.connect_timeout)?;
        if timeout.is_zero() || connect_timeout.is_zero() {
            bail!("--timeout and --connect-timeout must be more than 0 seconds");
        }
        Ok(FetchOptions {
            offline: self.offline,
            reread_sources: self.reread_sources,
            http: HttpOptions {
                connect_timeout,
                read_timeout: timeout,
                retries: self.retries,
                backoff_base: seconds("backoff", self.backoff)?,
                max_retry_wait: seconds("max-retry-wait", self.max_retry_wait)?,
                max_redirects: self.max_redirects,
                max_body_bytes: self.max_body_bytes,
                rate_limit_per_host: self.rate_limit_per_host,
            },
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (every document in them) or http(s) URLs.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Read sources from a manifest TOML file.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// The content-addressed store of raw documents (and its fetch-log.jsonl).
    #[arg(long, value_name = "DIR", default_value = ".referat-cache")]
    pub cache_dir: PathBuf,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let sources = super::gather_sources(&args.sources, args.manifest.as_deref())?;
    let options = args.fetch.to_options()?;
    let store = Store::open(&args.cache_dir)?;
    let fetcher = Fetcher::new(store, &options)?;
    let sources = expand_sources(&sources)?;
    let results: Vec<(String, Result<FetchOutcome, FetchError>)> = sources
        .par_iter()
        .map(|source| (source.location.clone(), fetcher.fetch(source)))
        .collect();
    let mut failed = 0;
    let mut downloaded = 0;
    let mut not_modified = 0;
    for (location, result) in &results {
        match result {
            Ok(FetchOutcome {
                stored,
                how,
                problem,
            }) => {
                match how {
                    FetchedHow::Downloaded => downloaded += 1,
                    FetchedHow::NotModified => not_modified += 1,
                    FetchedHow::Stale => failed += 1,
                    _ => {}
                }
                println!("{}\t{}\t{location}", how.as_str(), stored.sha256);
                if let Some(problem) = problem {
                    eprintln!("failed: {location}: {problem}");
                }
            }
            Err(reason) => {
                failed += 1;
                eprintln!("failed: {location}: {reason}");
            }
        }
    }
    eprintln!(
        "referat fetch: {} sources ({} downloaded, {} not modified, {} failed) into {}",
        results.len(),
        downloaded,
        not_modified,
        failed,
        args.cache_dir.display()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        fetch: FetchArgs,
    }

    #[test]
    fn flag_defaults_are_the_library_defaults() {
        let options = Cli::parse_from(["referat"]).fetch.to_options().unwrap();
        assert_eq!(options, FetchOptions::default());
    }

    #[test]
    fn flags_reach_the_options() {
        let cli = Cli::parse_from([
            "referat",
            "--offline",
            "--timeout",
            "2.5",
            "--retries",
            "0",
            "--max-body-bytes",
            "1000",
            "--rate-limit-per-host",
            "0.5",
        ]);
        let options = cli.fetch.to_options().unwrap();
        assert!(options.offline);
        assert_eq!(options.http.read_timeout, Duration::from_millis(2500));
        assert_eq!(options.http.connect_timeout, Duration::from_secs(10));
        assert_eq!(options.http.retries, 0);
        assert_eq!(options.http.max_body_bytes, 1000);
        assert_eq!(options.http.rate_limit_per_host, 0.5);
        let negative = Cli::parse_from(["referat", "--backoff=-1"])
            .fetch
            .to_options();
        assert!(negative.is_err());
    }
}
