//! `referat validate DIR`: check a written dataset (schema, keys, checksums) and name each
//! violation. Exit status 0 when the dataset is valid, 1 when anything is wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use referat::schema::catalog;
use referat::validate::validate_dataset;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder (what `referat run --out` wrote).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let report = validate_dataset(&args.dir, catalog())?;
    for violation in &report.violations {
        println!("violation: {violation}");
    }
    let rows: Vec<String> = report
        .row_counts
        .iter()
        .map(|(table, rows)| format!("{table} {rows}"))
        .collect();
    if report.is_valid() {
        eprintln!(
            "referat validate: {} is valid (rows: {}).",
            args.dir.display(),
            rows.join(", ")
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "referat validate: {} violation(s) in {}.",
            report.violations.len(),
            args.dir.display()
        );
        Ok(ExitCode::from(1))
    }
}
