//! The fetch log: an append-only JSON-lines file (`<cache>/fetch-log.jsonl`), one record per
//! fetch outcome (a download, a 304, a local read that found new bytes or a new file time, or a
//! failure after its retries).
//!
//! It is the memory of the store: the latest record with a checksum for a source gives the
//! validators (ETag, Last-Modified) for the next conditional request, the copy `--offline`
//! builds from, and when those bytes were first fetched (so an unchanged document keeps its
//! `fetched_at` and re-runs write identical tables). Nothing is ever rewritten; a line cut
//! short by a crash is skipped when reading and never joins the next record.
//!
//! The log grows by a line per URL per run (a 304 is a fetch too), so reading it whole at every
//! start would make a no-change run slower the longer a cache is used. Beside it,
//! `fetch-log.index.json` holds the latest record per source as of a length of the log; a start
//! reads that and only the lines appended since. The index is derived and disposable: when it is
//! missing, unreadable, or does not match the log (a log cut short or replaced), the whole log
//! is read, and the index is written afresh whenever more than [`INDEX_REFRESH_BYTES`] of log
//! had to be read past it.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The log's file name inside the cache folder.
pub const FETCH_LOG_FILE: &str = "fetch-log.jsonl";
/// The index's file name inside the cache folder.
pub const FETCH_LOG_INDEX_FILE: &str = "fetch-log.index.json";
/// The index's layout version: an index of another version is ignored (and replaced).
const INDEX_VERSION: u32 = 1;
/// Log read past the index (bytes) from which the index is brought up to date: ~200 records,
/// a millisecond of parsing; below it, rewriting the index would cost more than it saves.
pub const INDEX_REFRESH_BYTES: u64 = 64 * 1024;
/// The index records a checksum of the log's last bytes (up to this many) before its length,
/// so that a log replaced by another one of at least that length is not read from the middle.
const INDEX_CHECK_BYTES: u64 = 4096;

#[derive(Debug, Error)]
#[error("fetch log {path}: {source}")]
pub struct FetchLogError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// How a fetch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FetchStatus {
    /// A complete body was downloaded (HTTP 2xx) and stored.
    Downloaded,
    /// HTTP 304: the stored copy is current; nothing was downloaded.
    NotModified,
    /// A local file was read and stored.
    Read,
    /// Nothing usable was obtained; `error` says why.
    Failed,
}

/// One line of the fetch log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchRecord {
    /// The source's location, as given.
    pub source: String,
    pub status: FetchStatus,
    /// SHA-256 of the stored copy (None when failed).
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// When this fetch ended.
    pub fetched_at: DateTime<Utc>,
    /// When these exact bytes were first obtained from this source (for a local file: its
    /// modification time). This is the document's `fetched_at` in the dataset.
    pub body_fetched_at: Option<DateTime<Utc>>,
    /// HTTP attempts made (0 for local files).
    pub attempts: u32,
    pub error: Option<String>,
    /// How the stored copy looked on disk when it was last found to hold these bytes
    /// ([`crate::store::Store::put_known`]): while it looks the same, a run does not read it
    /// again. Absent in logs written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_stamp: Option<String>,
    /// How a local source file looked on disk when these bytes were read from it
    /// ([`crate::fetch::source_stamp`]), kept only once its last change was a while in the
    /// past: while it looks the same, a run does not read it again. Absent for downloads, for
    /// files changed just before they were read, and in logs written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_stamp: Option<String>,
}

/// The open log: appends under a lock (documents are fetched in parallel) and keeps, per
/// source, the latest record that names a stored copy.
#[derive(Debug)]
pub struct FetchLog {
    path: PathBuf,
    file: Mutex<File>,
    latest: Mutex<HashSet<Latest>>,
    /// Bytes of the log read at opening (all of it, or what follows the index).
    read_at_open: u64,
}

/// A source's latest record, found by its source (the key is not stored a second time) and
/// boxed: a hash table has empty slots, and a slot is a pointer, not a record. Kept per source
/// for a whole fetch phase, so its size is a no-change re-run's memory per source (measured at
/// 4,000 sources: ~0.7 KB per source as `HashMap<String, FetchRecord>`).
#[derive(Debug)]
struct Latest(Box<FetchRecord>);

impl Hash for Latest {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.source.as_str().hash(state);
    }
}

impl PartialEq for Latest {
    fn eq(&self, other: &Self) -> bool {
        self.0.source == other.0.source
    }
}

impl Eq for Latest {}

impl Borrow<str> for Latest {
    fn borrow(&self) -> &str {
        &self.0.source
    }
}

/// Keep `record` as its source's latest, in place of any earlier one.
fn keep_latest(latest: &mut HashSet<Latest>, record: FetchRecord) {
    latest.replace(Latest(Box::new(record)));
}

/// `fetch-log.index.json`: the latest record naming a stored copy, per source, as of the first
/// `log_bytes` bytes of the log (whole lines).
#[derive(Debug, Deserialize)]
struct LogIndex {
    version: u32,
    log_bytes: u64,
    /// SHA-256 (hex) of the log's last [`INDEX_CHECK_BYTES`] bytes before `log_bytes`.
    check: String,
    /// Sorted by source, so that equal states give equal files. Read straight into the set of
    /// latest records, not into a list first.
    #[serde(deserialize_with = "latest_set")]
    latest: HashSet<Latest>,
}

/// [`LogIndex`] as written: the same fields, its records borrowed from the set.
#[derive(Serialize)]
struct LogIndexOut<'a> {
    version: u32,
    log_bytes: u64,
    check: String,
    latest: Vec<&'a FetchRecord>,
}

/// The index's list of records, read one by one into the set of latest records.
fn latest_set<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<HashSet<Latest>, D::Error> {
    struct Records;
    impl<'de> serde::de::Visitor<'de> for Records {
        type Value = HashSet<Latest>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of fetch records")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut latest = HashSet::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(record) = seq.next_element::<FetchRecord>()? {
                keep_latest(&mut latest, record);
            }
            Ok(latest)
        }
    }
    deserializer.deserialize_seq(Records)
}

impl FetchLog {
    /// Open (creating) the log in `cache_dir` and read what it holds: the index and the lines
    /// after it, or the whole log when the index is missing or does not match.
    pub fn open(cache_dir: &Path) -> Result<FetchLog, FetchLogError> {
        let path = cache_dir.join(FETCH_LOG_FILE);
        let err = |source| FetchLogError {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(err)?;
        let index_path = cache_dir.join(FETCH_LOG_INDEX_FILE);
        let (mut latest, start) = match read_index(&index_path, &mut file) {
            Some(index) => (index.latest, index.log_bytes),
            None => (HashSet::new(), 0),
        };
        file.seek(SeekFrom::Start(start)).map_err(err)?;
        let mut text = Vec::new();
        file.read_to_end(&mut text).map_err(err)?;
        // A crash may have left a half line: end it, so the next record starts on its own line.
        if !text.is_empty() && !text.ends_with(b"\n") {
            file.seek(SeekFrom::End(0)).map_err(err)?;
            file.write_all(b"\n").map_err(err)?;
        }
        // Records go into the set as they are read, not into a list first.
        for record in records(&text) {
            if record.sha256.is_some() {
                keep_latest(&mut latest, record);
            }
        }
        let read_at_open = text.len() as u64;
        // Whole lines only: a line another process is appending right now is read again
        // (whole) next time.
        let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // The text is freed before the index is written: the first re-run after a run without
        // an index read the whole log, and text, records and index all at once were its peak.
        drop(text);
        if read_at_open > INDEX_REFRESH_BYTES {
            // Best effort: without an index the next start reads more.
            let _ = write_index(&index_path, &mut file, start + whole as u64, &latest);
        }
        Ok(FetchLog {
            path,
            file: Mutex::new(file),
            latest: Mutex::new(latest),
            read_at_open,
        })
    }

    /// Bytes of the log that opening it read (after the index, when one matched).
    pub fn read_at_open(&self) -> u64 {
        self.read_at_open
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The latest record naming a stored copy of `source`, if any.
    pub fn latest(&self, source: &str) -> Option<FetchRecord> {
        let latest = self.latest.lock().unwrap_or_else(|p| p.into_inner());
        latest.get(source).map(|kept| (*kept.0).clone())
    }

    /// Forget the latest records (the log file keeps them): for after a run's last fetch,
    /// when they only take memory (~0.7 KB per source). Later lookups find nothing.
    pub fn forget_latest(&self) {
        let mut latest = self.latest.lock().unwrap_or_else(|p| p.into_inner());
        *latest = HashSet::new();
    }

    /// Append one record (one `write` of one whole line).
    pub fn append(&self, record: &FetchRecord) -> Result<(), FetchLogError> {
        let mut line = serde_json::to_vec(record).expect("fetch records serialise");
        line.push(b'\n');
        {
            let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
            file.write_all(&line)
                .and_then(|()| file.flush())
                .map_err(|source| FetchLogError {
                    path: self.path.clone(),
                    source,
                })?;
        }
        if record.sha256.is_some() {
            let mut latest = self.latest.lock().unwrap_or_else(|p| p.into_inner());
            keep_latest(&mut latest, record.clone());
        }
        Ok(())
    }
}

/// The index in `index_path`, when it is readable and matches the log: its length is within the
/// log, ends a line, and the bytes before it have the recorded checksum.
fn read_index(index_path: &Path, log: &mut File) -> Option<LogIndex> {
    // Read through a buffer, not whole: the index's text (~0.4 KB per source) is not held
    // beside the records read from it.
    let reader = BufReader::with_capacity(64 * 1024, File::open(index_path).ok()?);
    let index: LogIndex = serde_json::from_reader(reader).ok()?;
    if index.version != INDEX_VERSION || index.log_bytes > log.metadata().ok()?.len() {
        return None;
    }
    if index.log_bytes == 0 {
        return Some(index);
    }
    let check = log_check(log, index.log_bytes).ok()?;
    (check.ends_with_newline && check.sha256 == index.check).then_some(index)
}

struct LogCheck {
    sha256: String,
    ends_with_newline: bool,
}

/// The checksum of the log's last [`INDEX_CHECK_BYTES`] bytes before `log_bytes`.
fn log_check(log: &mut File, log_bytes: u64) -> std::io::Result<LogCheck> {
    let from = log_bytes.saturating_sub(INDEX_CHECK_BYTES);
    let mut bytes = vec![0; (log_bytes - from) as usize];
    log.seek(SeekFrom::Start(from))?;
    log.read_exact(&mut bytes)?;
    Ok(LogCheck {
        sha256: crate::store::sha256_hex(&bytes),
        ends_with_newline: bytes.last().is_none_or(|&b| b == b'\n'),
    })
}

/// Write the index of the log's first `log_bytes` bytes (atomically: a reader sees the old
/// index or the new one).
fn write_index(
    index_path: &Path,
    log: &mut File,
    log_bytes: u64,
    latest: &HashSet<Latest>,
) -> Result<(), Box<dyn std::error::Error>> {
    // Borrowed, not copied, and written through a buffer, not built whole first.
    let mut records: Vec<&FetchRecord> = latest.iter().map(|kept| &*kept.0).collect();
    records.sort_by(|a, b| a.source.cmp(&b.source));
    let index = LogIndexOut {
        version: INDEX_VERSION,
        log_bytes,
        check: log_check(log, log_bytes)?.sha256,
        latest: records,
    };
    crate::store::write_atomic_with(index_path, |file| {
        let mut file = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut file, &index).map_err(std::io::Error::from)?;
        file.flush()
    })?;
    Ok(())
}

/// Every readable record of a log's text, in order; lines that are not a record are skipped.
fn records(text: &[u8]) -> impl Iterator<Item = FetchRecord> + '_ {
    text.split(|&b| b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .filter_map(|line| serde_json::from_slice(line).ok())
}

/// Every readable record of a log's text, in order; lines that are not a record are skipped.
pub fn parse_records(text: &[u8]) -> Vec<FetchRecord> {
    records(text).collect()
}

/// Read every record of the log in `cache_dir` (empty when there is none).
pub fn read_records(cache_dir: &Path) -> Result<Vec<FetchRecord>, FetchLogError> {
    let path = cache_dir.join(FETCH_LOG_FILE);
    match std::fs::read(&path) {
        Ok(text) => Ok(parse_records(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(FetchLogError { path, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(source: &str, status: FetchStatus, sha256: Option<&str>) -> FetchRecord {
        FetchRecord {
            stored_stamp: None,
            source_stamp: None,
            source: source.to_string(),
            status,
            sha256: sha256.map(str::to_string),
            bytes: sha256.map(|_| 3),
            etag: None,
            last_modified: None,
            content_type: None,
            fetched_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            body_fetched_at: None,
            attempts: 1,
            error: None,
        }
    }

    #[test]
    fn latest_copy_survives_reopening_and_failures_do_not_replace_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        log.append(&record("a", FetchStatus::Downloaded, Some("11")))
            .unwrap();
        log.append(&record("a", FetchStatus::Downloaded, Some("22")))
            .unwrap();
        log.append(&record("a", FetchStatus::Failed, None)).unwrap();
        drop(log);
        let log = FetchLog::open(dir.path()).unwrap();
        assert_eq!(log.latest("a").unwrap().sha256.as_deref(), Some("22"));
        assert!(log.latest("b").is_none());
        assert_eq!(read_records(dir.path()).unwrap().len(), 3);
    }

    #[test]
    fn a_half_written_line_is_skipped_and_does_not_swallow_the_next_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = serde_json::to_vec(&record("a", FetchStatus::Read, Some("11"))).unwrap();
        first.extend_from_slice(b"\n{\"source\":\"b\",\"sta");
        std::fs::write(dir.path().join(FETCH_LOG_FILE), first).unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        log.append(&record("c", FetchStatus::Read, Some("33")))
            .unwrap();
        let sources: Vec<String> = read_records(dir.path())
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect();
        assert_eq!(sources, vec!["a", "c"]);
    }

    /// The log file's length in bytes.
    fn log_len(cache_dir: &Path) -> u64 {
        std::fs::metadata(cache_dir.join(FETCH_LOG_FILE))
            .unwrap()
            .len()
    }

    /// A log of `n` records for sources "s0".."s{n-1}", each ~250 bytes.
    fn fill(log: &FetchLog, n: usize, sha: &str) {
        for i in 0..n {
            log.append(&record(&format!("s{i}"), FetchStatus::Read, Some(sha)))
                .unwrap();
        }
    }

    #[test]
    fn a_start_reads_the_index_and_only_the_lines_appended_since() {
        let dir = tempfile::tempdir().unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        fill(&log, 400, "11");
        drop(log);
        let log_bytes = log_len(dir.path());
        assert!(log_bytes > INDEX_REFRESH_BYTES);
        // The first start reads everything and writes the index.
        let log = FetchLog::open(dir.path()).unwrap();
        assert_eq!(log.read_at_open(), log_bytes);
        assert!(dir.path().join(FETCH_LOG_INDEX_FILE).is_file());
        log.append(&record("s7", FetchStatus::Downloaded, Some("22")))
            .unwrap();
        log.append(&record("new", FetchStatus::Read, Some("33")))
            .unwrap();
        log.append(&record("s8", FetchStatus::Failed, None))
            .unwrap();
        drop(log);
        let grown = log_len(dir.path());
        // The next reads only the three lines after it, and knows what the whole log says.
        let log = FetchLog::open(dir.path()).unwrap();
        assert_eq!(log.read_at_open(), grown - log_bytes);
        assert_eq!(log.latest("s7").unwrap().sha256.as_deref(), Some("22"));
        assert_eq!(log.latest("s8").unwrap().sha256.as_deref(), Some("11"));
        assert_eq!(log.latest("s399").unwrap().sha256.as_deref(), Some("11"));
        assert_eq!(log.latest("new").unwrap().sha256.as_deref(), Some("33"));
        assert!(log.latest("s400").is_none());
        // The history itself is untouched.
        assert_eq!(read_records(dir.path()).unwrap().len(), 403);
    }

    #[test]
    fn an_index_that_does_not_match_the_log_is_ignored_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        fill(&log, 400, "11");
        drop(log);
        drop(FetchLog::open(dir.path()).unwrap());
        let index_path = dir.path().join(FETCH_LOG_INDEX_FILE);
        let index = std::fs::read(&index_path).unwrap();

        // A log replaced by another one, longer than the index says: read whole.
        std::fs::remove_file(dir.path().join(FETCH_LOG_FILE)).unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        fill(&log, 450, "44");
        drop(log);
        std::fs::write(&index_path, &index).unwrap();
        let replaced = log_len(dir.path());
        let log = FetchLog::open(dir.path()).unwrap();
        assert_eq!(log.read_at_open(), replaced);
        assert_eq!(log.latest("s3").unwrap().sha256.as_deref(), Some("44"));
        assert_ne!(
            std::fs::read(&index_path).unwrap(),
            index,
            "index rewritten"
        );
        drop(log);

        // A log cut short (shorter than the index says): read whole.
        let text = std::fs::read(dir.path().join(FETCH_LOG_FILE)).unwrap();
        let cut = text[..text.len() / 2].to_vec();
        std::fs::write(dir.path().join(FETCH_LOG_FILE), &cut).unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        assert_eq!(log.read_at_open(), cut.len() as u64);
        assert_eq!(log.latest("s3").unwrap().sha256.as_deref(), Some("44"));
        drop(log);

        // An unreadable index: read whole.
        std::fs::write(&index_path, b"{not json").unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        let now = log_len(dir.path());
        assert_eq!(log.read_at_open(), now);
        assert_eq!(log.latest("s3").unwrap().sha256.as_deref(), Some("44"));
    }

    #[test]
    fn a_short_log_writes_no_index() {
        let dir = tempfile::tempdir().unwrap();
        let log = FetchLog::open(dir.path()).unwrap();
        fill(&log, 3, "11");
        drop(log);
        let log = FetchLog::open(dir.path()).unwrap();
        assert_eq!(log.latest("s2").unwrap().sha256.as_deref(), Some("11"));
        assert!(!dir.path().join(FETCH_LOG_INDEX_FILE).exists());
    }
}
