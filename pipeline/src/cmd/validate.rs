//! `referat validate`. (Not built yet: see the issue tracker.)

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("referat validate is not built yet")
}
