//! Progress reporting. The library reports through [`Reporter`]; only the binary knows how
//! to draw (indicatif, hidden when stderr is not a terminal).

/// Receives progress from a run. Implementations must be cheap and thread-safe: documents are
/// processed in parallel.
pub trait Reporter: Sync {
    /// The run will process `total` sources.
    fn start(&self, _total: u64) {}
    /// One source is done; `status` is "ok", "partial", "failed" or "cached".
    fn document_done(&self, _source: &str, _status: &str) {}
    /// A problem worth telling the user now (the summary repeats it).
    fn problem(&self, _source: &str, _problem: &str) {}
    fn finish(&self) {}
}

/// Reports nothing (tests, library use).
pub struct SilentReporter;

impl Reporter for SilentReporter {}
