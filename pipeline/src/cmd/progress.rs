//! The terminal reporter: an indicatif bar on stderr, hidden when stderr is not a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use referat::report::Reporter;

pub struct BarReporter {
    bar: ProgressBar,
    /// Problems are printed as they come when there is no bar to disturb.
    verbose: bool,
}

impl BarReporter {
    pub fn new(verbose: bool) -> Self {
        let bar = ProgressBar::hidden();
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed} {msg}")
                    .expect("valid template"),
            );
        }
        BarReporter { bar, verbose }
    }
}

impl Reporter for BarReporter {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
    }
    fn document_done(&self, _source: &str, _status: &str) {
        self.bar.inc(1);
    }
    fn problem(&self, source: &str, problem: &str) {
        if self.verbose {
            self.bar.suspend(|| eprintln!("{source}: {problem}"));
        }
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
