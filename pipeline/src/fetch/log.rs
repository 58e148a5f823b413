//! The fetch log: an append-only JSON-lines file (`<cache>/fetch-log.jsonl`), one record per
//! fetch outcome (a download, a 304, a local read that found new bytes or a new file time, or a
//! failure after its retries).
//!
//! It is the memory of the store: the latest record with a checksum for a source gives the
//! validators (ETag, Last-Modified) for the next conditional request, the copy `--offline`
//! builds from, and when those bytes were first fetched (so an unchanged document keeps its
//! `fetched_at` and re-runs write identical tables). Nothing is ever rewritten; a line cut
//! short by a crash is skipped when reading and never joins the next record.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The log's file name inside the cache folder.
pub const FETCH_LOG_FILE: &str = "fetch-log.jsonl";

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
}

/// The open log: appends under a lock (documents are fetched in parallel) and keeps, per
/// source, the latest record that names a stored copy.
#[derive(Debug)]
pub struct FetchLog {
    path: PathBuf,
    file: Mutex<File>,
    latest: Mutex<HashMap<String, FetchRecord>>,
}

impl FetchLog {
    /// Open (creating) the log in `cache_dir` and read what it holds.
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
        let mut text = Vec::new();
        file.read_to_end(&mut text).map_err(err)?;
        // A crash may have left a half line: end it, so the next record starts on its own line.
        if !text.is_empty() && !text.ends_with(b"\n") {
            file.seek(SeekFrom::End(0)).map_err(err)?;
            file.write_all(b"\n").map_err(err)?;
        }
        let mut latest = HashMap::new();
        for record in parse_records(&text) {
            if record.sha256.is_some() {
                latest.insert(record.source.clone(), record);
            }
        }
        Ok(FetchLog {
            path,
            file: Mutex::new(file),
            latest: Mutex::new(latest),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The latest record naming a stored copy of `source`, if any.
    pub fn latest(&self, source: &str) -> Option<FetchRecord> {
        let latest = self.latest.lock().unwrap_or_else(|p| p.into_inner());
        latest.get(source).cloned()
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
            latest.insert(record.source.clone(), record.clone());
        }
        Ok(())
    }
}

/// Every readable record of a log's text, in order; lines that are not a record are skipped.
pub fn parse_records(text: &[u8]) -> Vec<FetchRecord> {
    text.split(|&b| b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .filter_map(|line| serde_json::from_slice(line).ok())
        .collect()
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
}
