//! The `referat` command: parse the command line, call the library, print the error chain, map
//! the outcome to an exit status (0 all good, 1 some source or check failed, 2 usage).

mod cmd;

/// mimalloc (its v2 line) instead of glibc's malloc: per-thread free lists and pages reused
/// instead of trimmed and faulted in again. Measured on the 1,000-document bench corpus:
/// 7 % fewer instructions (callgrind), page faults ~96,000 → ~18,000, system time about a third
/// less; peak RSS is higher (see docs/performance.md) but does not grow with the documents.
///
/// It serves the C libraries too (the `override` feature of libmimalloc-sys replaces `malloc`
/// and `free` in this binary): zstd's compression contexts, up to ~1 MB per column being written,
/// came from glibc's malloc, whose heap grew apart from the pages mimalloc already held. Now a
/// writer lane's contexts reuse the pages its thread parsed documents in (measured at 1,000
/// documents: page faults ~4,400 → ~1,250, system time −20 %, CPU −5 %).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn published municipal meeting minutes into an open, documented Parquet dataset.
#[derive(Debug, Parser)]
#[command(name = "referat", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fetch, parse and write the dataset (tables as Parquet) into --out.
    Run(cmd::run::Args),
    /// Fetch sources into the store only (no parsing, no output).
    Fetch(cmd::fetch::Args),
    /// Print the dataset's schema documentation (Markdown) or datapackage.json.
    Schema(cmd::schema::Args),
    /// Check a written dataset: schema, keys, checksums.
    Validate(cmd::validate::Args),
}

fn main() -> ExitCode {
    delay_allocator_purges();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => cmd::run::run(args),
        Command::Fetch(args) => cmd::fetch::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Validate(args) => cmd::validate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

/// mimalloc hands memory that stayed free for its purge delay back to the system (10 ms by
/// default). The writer's page and compression buffers (about 1 MiB each) are freed and
/// allocated again every few milliseconds, so with 10 ms they were handed back and faulted in
/// again over and over; 100 ms keeps them (measured at 1,000 documents: page faults
/// ~39,000 → ~10,000, peak RSS +6 MB). Memory that really is no longer used still goes back.
fn delay_allocator_purges() {
    /// `mi_option_purge_delay` in mimalloc v2's `mi_option_t` (mimalloc.h); the -sys crate
    /// does not name it.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set only stores an option value; mimalloc reads it at each purge.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100);
    }
}
