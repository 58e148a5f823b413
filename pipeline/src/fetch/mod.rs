//! The fetch stage: a [`Source`] (local path or http(s) URL) → raw bytes in the store
//! ([`Stored`]), with a record of how they were obtained in the fetch log.
//!
//! Folders are expanded into their documents by [`expand_sources`] before fetching. One
//! [`Fetcher`] serves a whole run from many threads: it owns the HTTP client (timeouts,
//! retries, per-host rate limit), the fetch log (validators for conditional requests, the copy
//! `--offline` uses) and the store. A body enters the store only when it is complete.
//!
//! When a URL that was fetched before cannot be fetched now, its latest stored copy stands in
//! ([`FetchedHow::Stale`]) with a problem saying why: a municipal site that is down on the day
//! of a scheduled run must not take its meetings out of the published dataset. The run still
//! reports the source as failed (exit status 1).

pub mod http;
pub mod log;
pub mod ratelimit;
pub mod retry;

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use thiserror::Error;

use crate::model::{Fetched, Source, Stored};
use crate::store::{Store, StoreError};
use http::{HttpClient, HttpFailure, HttpResponse, Validators};
use log::{FetchLog, FetchLogError, FetchRecord, FetchStatus};

#[derive(Debug, Error)]
pub enum FetchError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The URL is in the struct (and in the document's `source`); the message is the reason.
    #[error("fetch failed: {failure}")]
    Http {
        url: String,
        #[source]
        failure: HttpFailure,
    },
    #[error("not in the store; run without --offline")]
    NotInStore { location: String },
    #[error(
        "the fetch log names stored copy {sha256}, but the store does not hold it; \
         run without --offline"
    )]
    MissingFromStore { location: String, sha256: String },
    #[error("server answered 304 Not Modified, but no stored copy was asked about")]
    UnexpectedNotModified { url: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Log(#[from] FetchLogError),
}

/// Options for fetching, shared by every source of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FetchOptions {
    pub http: http::HttpOptions,
    /// Use only what the store holds: no network. A URL never fetched fails; local files are
    /// still read from disk (no network is involved).
    pub offline: bool,
    /// Read and checksum every local file, even one that looks on disk exactly as it did when
    /// it was last read ([`source_stamp`]).
    pub reread_sources: bool,
}

/// How a source's bytes were obtained this time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchedHow {
    /// Downloaded over HTTP (a complete 2xx body).
    Downloaded,
    /// HTTP 304: the stored copy is current.
    NotModified,
    /// `--offline`: the latest stored copy, no request made.
    Offline,
    /// A local file, read.
    Local,
    /// Fetching failed, and the latest stored copy stands in so that the dataset loses
    /// nothing; [`FetchOutcome::problem`] says why.
    Stale,
}

impl FetchedHow {
    pub fn as_str(self) -> &'static str {
        match self {
            FetchedHow::Downloaded => "downloaded",
            FetchedHow::NotModified => "not modified",
            FetchedHow::Offline => "offline",
            FetchedHow::Local => "local",
            FetchedHow::Stale => "stale",
        }
    }
}

/// A source now held in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOutcome {
    pub stored: Stored,
    pub how: FetchedHow,
    /// For [`FetchedHow::Stale`]: the fetch failure and the age of the copy used instead.
    pub problem: Option<String>,
}

/// The bytes of a local file that [`Fetcher::fetch_keeping_bytes`] read and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptBytes {
    pub bytes: Vec<u8>,
    /// The store held no copy of these bytes before this fetch wrote one (see
    /// [`crate::store::Put::new_copy`]).
    pub new_copy: bool,
}

/// A local file's bytes, its modification time and its [`source_stamp`] (None when it changed
/// too recently to be trusted). The time and stamp are the open file's (`fstat`), asked before
/// reading, whose size also sizes the buffer as `fs::read` would size it. (It was `fs::read`
/// and then `fs::metadata` of the path: a second `statx` per document, of whatever file the
/// path named by then.) A file written to while it is read gets a later modification and
/// change time than the ones kept, so a later run sees it as changed, as it does its bytes.
fn read_with_modified(
    path: &Path,
) -> std::io::Result<(Vec<u8>, std::time::SystemTime, Option<String>)> {
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    let stamp = source_stamp(&meta, std::time::SystemTime::now());
    let bytes = read_to_end_sized(&file, meta.len())?;
    Ok((bytes, meta.modified()?, stamp))
}

/// How long ago a local file's last change must be for its look on disk to vouch for its
/// bytes at the next run. File times come from a coarse clock (one kernel tick, a few ms): a
/// file written in the same tick as its stamp was taken, just after it was read, would keep
/// the same times. A file last changed a while before it was read cannot be: any later
/// write gives it a later change time.
const SOURCE_SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// How a local source file looks on disk: its device, inode, size, modification and change
/// times (to the nanosecond). A write changes the change time, which no program can set back
/// (unlike the modification time); a replacement changes the inode; a file elsewhere, the
/// device. None off Unix, and when the file changed less than [`SOURCE_SETTLED`] before `now`
/// (or "in the future").
pub fn source_stamp(meta: &fs::Metadata, now: std::time::SystemTime) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let changed = std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(
            u64::try_from(meta.ctime()).ok()?,
            u32::try_from(meta.ctime_nsec()).ok()?,
        ))?;
        let age = now.duration_since(changed).ok()?;
        if age < SOURCE_SETTLED {
            return None;
        }
        Some(format!("{}:{}", meta.dev(), crate::store::stamp(meta)?))
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, now);
        None
    }
}

/// Read an open file to its end into a buffer sized for `len` bytes, as `fs::read` does,
/// without asking the file's size again: `File::read_to_end` would (`statx` and `lseek`).
fn read_to_end_sized(file: &fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(len).unwrap_or(usize::MAX))
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
    crate::store::read_appending(file, &mut bytes)?;
    Ok(bytes)
}

/// The stored copy a fetch record names, as the record describes it (None for a failure).
fn stored_of(source: &Source, record: &FetchRecord) -> Option<Stored> {
    Some(Stored {
        source: source.clone(),
        sha256: record.sha256.clone()?,
        byte_size: record.bytes.unwrap_or(0),
        fetched_at: record.body_fetched_at.unwrap_or(record.fetched_at),
        content_type: record.content_type.clone(),
    })
}

/// File names in a folder that are not documents.
fn is_document_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with(".toml")
        || name.ends_with(".md") && name == "README.md")
}

/// Expand folders into the documents they hold (sorted, not recursive into hidden folders).
/// Files and URLs pass through unchanged. A location met twice (a file given and also inside
/// a folder given, a URL listed twice) is kept once, first come: `source` is the key of the
/// `documents` table.
pub fn expand_sources(sources: &[Source]) -> Result<Cow<'_, [Source]>, FetchError> {
    let is_folder = |source: &Source| !source.is_url() && Path::new(&source.location).is_dir();
    // One `stat` per source, on both cores: in one thread it held up the first fetch by
    // ~6 ms per 1,000 local sources while the other core waited.
    let is_folder: Vec<bool> = sources.par_iter().map(is_folder).collect();
    let mut seen = HashSet::with_capacity(sources.len());
    let mut folders = Vec::new();
    let mut repeated = false;
    for (index, source) in sources.iter().enumerate() {
        if is_folder[index] {
            folders.push(index);
        } else {
            repeated |= !seen.insert(source.location.as_str());
        }
    }
    // The usual manifest (files and URLs, each once) is used as it is, not copied: a run
    // keeps its sources to the end, so a copy would add to its peak memory per source.
    if folders.is_empty() && !repeated {
        return Ok(Cow::Borrowed(sources));
    }
    let mut out: Vec<Source> = Vec::with_capacity(sources.len());
    let mut seen = HashSet::with_capacity(sources.len());
    let mut folders = folders.into_iter().peekable();
    for (index, source) in sources.iter().enumerate() {
        if folders.next_if_eq(&index).is_some() {
            let mut files = Vec::new();
            collect_files(Path::new(&source.location), &mut files)?;
            files.sort();
            for f in files {
                let location = f.to_string_lossy().into_owned();
                if seen.insert(location.clone()) {
                    out.push(Source {
                        location,
                        meta: source.meta.clone(),
                    });
                }
            }
        } else if seen.insert(source.location.clone()) {
            out.push(source.clone());
        }
    }
    Ok(Cow::Owned(out))
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), FetchError> {
    let entries = fs::read_dir(dir).map_err(|source| FetchError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| FetchError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                collect_files(&path, files)?;
            }
        } else if is_document_file(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// Fetches sources into the store for a whole run; shared across threads.
#[derive(Debug)]
pub struct Fetcher {
    store: Store,
    log: FetchLog,
    http: HttpClient,
    offline: bool,
    reread_sources: bool,
}

impl Fetcher {
    /// A fetcher filling `store`, with its fetch log in the store's folder.
    pub fn new(store: Store, options: &FetchOptions) -> Result<Fetcher, FetchError> {
        let log = FetchLog::open(store.root())?;
        Ok(Fetcher {
            store,
            log,
            http: HttpClient::new(options.http.clone()),
            offline: options.offline,
            reread_sources: options.reread_sources,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Say that this run fetches nothing more: what the fetcher kept to decide how to fetch
    /// (the fetch log's latest record per source) is freed. A later fetch still works, as if
    /// the source had never been fetched before.
    pub fn done_fetching(&self) {
        self.log.forget_latest();
    }

    /// Fetch one source into the store. Every outcome, failures included, is logged.
    pub fn fetch(&self, source: &Source) -> Result<FetchOutcome, FetchError> {
        if !source.is_url() {
            return self.read_local(source, None);
        }
        if self.offline {
            return self.latest_stored_copy(source);
        }
        self.download(source)
    }

    /// [`Fetcher::fetch`], also handing back the bytes of a local file it read (the stored copy
    /// holds the same bytes, checked by their checksum): a run that parses each document right
    /// after fetching it need not read it back from the store. Downloads and stored copies come
    /// without their bytes.
    pub fn fetch_keeping_bytes(
        &self,
        source: &Source,
    ) -> (Result<FetchOutcome, FetchError>, Option<KeptBytes>) {
        if source.is_url() {
            return (self.fetch(source), None);
        }
        let mut kept = None;
        let outcome = self.read_local(source, Some(&mut kept));
        (outcome, kept)
    }

    fn read_local(
        &self,
        source: &Source,
        keep: Option<&mut Option<KeptBytes>>,
    ) -> Result<FetchOutcome, FetchError> {
        let path = Path::new(&source.location);
        let latest = self.log.latest(&source.location);
        if let Some(outcome) = self.unchanged_local(source, latest.as_ref()) {
            return Ok(outcome);
        }
        let (bytes, modified, source_stamp) = match read_with_modified(path) {
            Ok(read) => read,
            Err(e) => {
                self.log_failure(source, 0, &e.to_string())?;
                return Err(FetchError::Read {
                    path: path.to_path_buf(),
                    source: e,
                });
            }
        };
        // The file's own time, never "now": re-runs over unchanged files write the same tables.
        let fetched_at = DateTime::<Utc>::from(modified);
        let fetched = Fetched {
            source: source.clone(),
            bytes,
            fetched_at,
            content_type: None,
            etag: None,
            last_modified: None,
        };
        let put = self.store.put_known(&fetched, |sha256| {
            latest
                .as_ref()
                .filter(|r| r.sha256.as_deref() == Some(sha256))
                .and_then(|r| r.stored_stamp.clone())
        })?;
        let (stored, stored_stamp) = (put.stored, put.stamp);
        if let Some(keep) = keep {
            *keep = Some(KeptBytes {
                bytes: fetched.bytes,
                new_copy: put.new_copy,
            });
        }
        // A local file read again with the same bytes and time, whose stored copy looks as it
        // did, adds nothing the log does not know: logging it on every run would grow the log
        // by a line per document per run.
        let known = latest.is_some_and(|r| {
            r.status == FetchStatus::Read
                && r.sha256.as_deref() == Some(stored.sha256.as_str())
                && r.body_fetched_at == Some(fetched_at)
                && r.stored_stamp == stored_stamp
                && r.source_stamp == source_stamp
        });
        if !known {
            self.log.append(&FetchRecord {
                source: source.location.clone(),
                status: FetchStatus::Read,
                sha256: Some(stored.sha256.clone()),
                bytes: Some(stored.byte_size),
                etag: None,
                last_modified: None,
                content_type: None,
                fetched_at: Utc::now(),
                body_fetched_at: Some(fetched_at),
                attempts: 0,
                error: None,
                stored_stamp,
                source_stamp,
            })?;
        }
        Ok(FetchOutcome {
            stored,
            how: FetchedHow::Local,
            problem: None,
        })
    }

    /// A local file that looks on disk as it did when its bytes were last read and stored
    /// (its [`source_stamp`] in the log's latest record), whose stored copy also looks as it
    /// did then: what was read from it then is what it holds now, so it is not read (nor
    /// checksummed) again. Its rows are then found in the cache by the recorded checksum, or,
    /// should they have to be made again, parsed from the stored copy. None (read the file)
    /// for anything else, and always with `--reread-sources`.
    fn unchanged_local(
        &self,
        source: &Source,
        latest: Option<&FetchRecord>,
    ) -> Option<FetchOutcome> {
        if self.reread_sources {
            return None;
        }
        // A read's record names its bytes' checksum, size and file time.
        let record = latest.filter(|r| {
            r.status == FetchStatus::Read && r.bytes.is_some() && r.body_fetched_at.is_some()
        })?;
        let (sha256, was) = (record.sha256.as_ref()?, record.source_stamp.as_ref()?);
        let meta = fs::metadata(&source.location).ok()?;
        // Asked with the time the record was made, not now: a file that matches a stamp only
        // kept because it was settled then is the same file, unchanged since.
        if source_stamp(&meta, record.fetched_at.into()).as_ref() != Some(was) {
            return None;
        }
        if !self
            .store
            .intact_as_known(sha256, record.stored_stamp.as_deref()?)
        {
            return None;
        }
        Some(FetchOutcome {
            stored: stored_of(source, record)?,
            how: FetchedHow::Local,
            problem: None,
        })
    }

    /// The latest stored copy of a source, as the fetch log knows it.
    fn stored_copy(&self, source: &Source, record: &FetchRecord) -> Option<Stored> {
        let stored = stored_of(source, record)?;
        self.store.contains(&stored.sha256).then_some(stored)
    }

    fn latest_stored_copy(&self, source: &Source) -> Result<FetchOutcome, FetchError> {
        let record = self
            .log
            .latest(&source.location)
            .ok_or_else(|| FetchError::NotInStore {
                location: source.location.clone(),
            })?;
        let stored =
            self.stored_copy(source, &record)
                .ok_or_else(|| FetchError::MissingFromStore {
                    location: source.location.clone(),
                    sha256: record.sha256.clone().unwrap_or_default(),
                })?;
        Ok(FetchOutcome {
            stored,
            how: FetchedHow::Offline,
            problem: None,
        })
    }

    fn download(&self, source: &Source) -> Result<FetchOutcome, FetchError> {
        let url = source.location.as_str();
        // Ask conditionally only about a copy the store really holds: a 304 must have
        // something to fall back on.
        let previous = self
            .log
            .latest(url)
            .and_then(|record| Some((self.stored_copy(source, &record)?, record)));
        let validators = previous
            .as_ref()
            .map(|(_, record)| Validators {
                etag: record.etag.clone(),
                last_modified: record.last_modified.clone(),
            })
            .unwrap_or_default();
        let response = match self.http.get(url, &validators) {
            Ok(response) => response,
            Err(failure) => {
                self.log_failure(source, failure.attempts, &failure.to_string())?;
                let error = FetchError::Http {
                    url: url.to_string(),
                    failure,
                };
                // A site that is down today must not take its meetings out of the dataset:
                // the last good copy stands in, and the document says so.
                return match previous {
                    Some((stored, _)) => Ok(FetchOutcome {
                        problem: Some(format!(
                            "{error}; built from the copy fetched at {}",
                            stored.fetched_at.format("%Y-%m-%dT%H:%M:%SZ")
                        )),
                        stored,
                        how: FetchedHow::Stale,
                    }),
                    None => Err(error),
                };
            }
        };
        match response {
            HttpResponse::NotModified { attempts } => {
                let Some((stored, record)) = previous else {
                    let error = FetchError::UnexpectedNotModified {
                        url: url.to_string(),
                    };
                    self.log_failure(source, attempts, &error.to_string())?;
                    return Err(error);
                };
                self.log.append(&FetchRecord {
                    status: FetchStatus::NotModified,
                    fetched_at: Utc::now(),
                    attempts,
                    error: None,
                    stored_stamp: None,
                    source_stamp: None,
                    ..record
                })?;
                Ok(FetchOutcome {
                    stored,
                    how: FetchedHow::NotModified,
                    problem: None,
                })
            }
            HttpResponse::Body {
                bytes,
                content_type,
                etag,
                last_modified,
                attempts,
            } => {
                let now = Utc::now();
                let sha256 = crate::store::sha256_hex(&bytes);
                // The same bytes as last time (a server without validators): they were first
                // fetched then, and that is what the dataset says.
                let body_fetched_at = previous
                    .as_ref()
                    .filter(|(stored, _)| stored.sha256 == sha256)
                    .map(|(stored, _)| stored.fetched_at)
                    .unwrap_or(now);
                let stored = self.store.put(&Fetched {
                    source: source.clone(),
                    bytes,
                    fetched_at: body_fetched_at,
                    content_type: content_type.clone(),
                    etag: etag.clone(),
                    last_modified: last_modified.clone(),
                })?;
                self.log.append(&FetchRecord {
                    source: source.location.clone(),
                    status: FetchStatus::Downloaded,
                    sha256: Some(stored.sha256.clone()),
                    bytes: Some(stored.byte_size),
                    etag,
                    last_modified,
                    content_type,
                    fetched_at: now,
                    body_fetched_at: Some(body_fetched_at),
                    attempts,
                    error: None,
                    stored_stamp: None,
                    source_stamp: None,
                })?;
                Ok(FetchOutcome {
                    stored,
                    how: FetchedHow::Downloaded,
                    problem: None,
                })
            }
        }
    }

    fn log_failure(&self, source: &Source, attempts: u32, error: &str) -> Result<(), FetchError> {
        self.log.append(&FetchRecord {
            source: source.location.clone(),
            status: FetchStatus::Failed,
            sha256: None,
            bytes: None,
            etag: None,
            last_modified: None,
            content_type: None,
            fetched_at: Utc::now(),
            body_fetched_at: None,
            attempts,
            error: Some(error.to_string()),
            stored_stamp: None,
            source_stamp: None,
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_given_twice_is_fetched_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "x").unwrap();
        fs::write(dir.path().join("notes.toml"), "x").unwrap();
        let file = file.to_string_lossy().into_owned();
        let sources = vec![
            Source::new(&file),
            Source::new(dir.path().to_string_lossy()),
            Source::new("https://example.org/a.pdf"),
            Source::new("https://example.org/a.pdf"),
        ];
        let locations: Vec<String> = expand_sources(&sources)
            .unwrap()
            .iter()
            .map(|s| s.location.clone())
            .collect();
        assert_eq!(
            locations,
            vec![file.clone(), "https://example.org/a.pdf".to_string()]
        );
        // Files and URLs, each once: the list itself, not a copy.
        let plain = vec![Source::new(&file), Source::new("https://example.org/a.pdf")];
        let expanded = expand_sources(&plain).unwrap();
        assert!(matches!(expanded, Cow::Borrowed(_)));
        assert_eq!(&*expanded, &plain[..]);
    }

    /// Options that reading local files ignores but a fetcher needs.
    fn local_file_options() -> FetchOptions {
        FetchOptions {
            http: http::HttpOptions::default(),
            offline: false,
            reread_sources: false,
        }
    }

    /// Fetch `source` with a fetcher opened on `cache` as a run opens it; its checksum.
    fn fetch_as_a_new_run(cache: &Path, source: &Source) -> String {
        let fetcher = Fetcher::new(Store::open(cache).unwrap(), &local_file_options()).unwrap();
        fetcher.fetch(source).unwrap().stored.sha256
    }

    #[test]
    fn a_local_file_read_again_unchanged_is_logged_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "first").unwrap();
        let source = Source::new(file.to_string_lossy());
        let cache = dir.path().join("cache");
        let fetch = || fetch_as_a_new_run(&cache, &source);
        let first = fetch();
        assert_eq!(fetch(), first);
        assert_eq!(log::read_records(&cache).unwrap().len(), 1);

        fs::write(&file, "second").unwrap();
        let second = fetch();
        assert_ne!(second, first);
        let records = log::read_records(&cache).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].sha256.as_deref(), Some(second.as_str()));
    }

    #[test]
    fn a_local_file_that_looks_as_it_did_when_read_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "minutes").unwrap();
        // Last changed a while before it is read: its look vouches for its bytes.
        std::thread::sleep(SOURCE_SETTLED + std::time::Duration::from_millis(100));
        let source = Source::new(file.to_string_lossy());
        let cache = dir.path().join("cache");
        let sha256 = fetch_as_a_new_run(&cache, &source);
        let records = log::read_records(&cache).unwrap();
        assert!(records[0].source_stamp.is_some());

        let open = |reread_sources| {
            let options = FetchOptions {
                reread_sources,
                ..local_file_options()
            };
            Fetcher::new(Store::open(&cache).unwrap(), &options).unwrap()
        };
        let unchanged = |fetcher: &Fetcher| {
            fetcher.unchanged_local(&source, fetcher.log.latest(&source.location).as_ref())
        };
        let fetcher = open(false);
        let kept = unchanged(&fetcher).expect("taken as it was, not read");
        assert_eq!(kept.stored.sha256, sha256);
        assert_eq!(kept.how, FetchedHow::Local);
        // What reading it gives, to the last field (the dataset cannot tell the two apart).
        let rereader = open(true);
        assert!(unchanged(&rereader).is_none());
        assert_eq!(rereader.fetch(&source).unwrap().stored, kept.stored);
        assert_eq!(fetcher.fetch(&source).unwrap().stored, kept.stored);

        // Its stored copy written to: not vouched for any more, so the file is read again
        // (and the copy repaired).
        let copy = Store::open(&cache).unwrap().raw_path(&sha256);
        fs::write(&copy, "minuteS").unwrap();
        assert!(unchanged(&open(false)).is_none());
        assert_eq!(fetch_as_a_new_run(&cache, &source), sha256);
        assert_eq!(fs::read(&copy).unwrap(), b"minutes");
        assert!(unchanged(&open(false)).is_some());

        // The file written again, even with the same bytes: its change time moved, so it is
        // read again (and, changed just now, gets no stamp until a later read).
        fs::write(&file, "minutes").unwrap();
        assert!(unchanged(&open(false)).is_none());
        assert_eq!(fetch_as_a_new_run(&cache, &source), sha256);
        let records = log::read_records(&cache).unwrap();
        assert_eq!(records.last().unwrap().source_stamp, None);
        assert!(unchanged(&open(false)).is_none());
    }

    #[test]
    fn a_source_stamp_waits_until_the_last_change_is_settled() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "minutes").unwrap();
        let meta = fs::metadata(&file).unwrap();
        let now = std::time::SystemTime::now();
        assert_eq!(source_stamp(&meta, now), None);
        let later = now + SOURCE_SETTLED + std::time::Duration::from_millis(1);
        let stamp = source_stamp(&meta, later).expect("settled by then");
        assert!(stamp.ends_with(&crate::store::stamp(&meta).unwrap()));
        // A change "in the future" (a clock set back) is never settled.
        let before = now - std::time::Duration::from_secs(3600);
        assert_eq!(source_stamp(&meta, before), None);
    }

    #[test]
    fn a_stored_copy_written_to_since_it_was_checked_is_compared_and_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "minutes").unwrap();
        let source = Source::new(file.to_string_lossy());
        let cache = dir.path().join("cache");
        let fetch = || fetch_as_a_new_run(&cache, &source);
        let sha256 = fetch();
        let copy = Store::open(&cache).unwrap().raw_path(&sha256);
        let records = log::read_records(&cache).unwrap();
        let stamp = crate::store::stamp(&fs::metadata(&copy).unwrap());
        assert!(stamp.is_some());
        assert_eq!(records[0].stored_stamp, stamp);
        // Fetched again unchanged: the copy looks as it did, nothing is logged.
        fetch();
        assert_eq!(log::read_records(&cache).unwrap().len(), 1);
        // The copy damaged (same length): its change time moved, so it is compared, written
        // again, and its new look logged.
        fs::write(&copy, "minuteS").unwrap();
        fetch();
        assert_eq!(fs::read(&copy).unwrap(), b"minutes");
        let records = log::read_records(&cache).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(
            records[1].stored_stamp,
            crate::store::stamp(&fs::metadata(&copy).unwrap())
        );
        assert_ne!(records[1].stored_stamp, records[0].stored_stamp);
    }

    #[test]
    fn a_file_is_read_whole_whatever_size_it_was_measured_at() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &bytes).unwrap();
        // Measured shorter (it grew since), exactly, longer (it shrank), or empty.
        for len in [0, 1, 31, 32, 33, 4096, 99_999, 100_000, 100_001, 1 << 20] {
            let file = fs::File::open(&path).unwrap();
            assert_eq!(
                read_to_end_sized(&file, len).unwrap(),
                bytes,
                "measured at {len}"
            );
        }
        fs::write(&path, b"").unwrap();
        let file = fs::File::open(&path).unwrap();
        assert_eq!(read_to_end_sized(&file, 0).unwrap(), b"");
        let (read, modified, _) = read_with_modified(&path).unwrap();
        assert_eq!(
            (read, modified),
            (vec![], fs::metadata(&path).unwrap().modified().unwrap())
        );
    }

    #[test]
    fn a_local_file_fetched_keeping_its_bytes_hands_back_what_was_stored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "minutes").unwrap();
        let fetcher = Fetcher::new(
            Store::open(dir.path().join("cache")).unwrap(),
            &local_file_options(),
        )
        .unwrap();
        let source = Source::new(file.to_string_lossy());
        let (outcome, kept) = fetcher.fetch_keeping_bytes(&source);
        let stored = outcome.unwrap().stored;
        let kept = kept.unwrap();
        assert_eq!(kept.bytes, b"minutes");
        assert!(kept.new_copy);
        assert_eq!(fetcher.store().get(&stored.sha256).unwrap(), b"minutes");
        // Fetched again, the copy was there already.
        let (_, kept) = fetcher.fetch_keeping_bytes(&source);
        assert_eq!(
            kept.map(|k| (k.bytes, k.new_copy)),
            Some((b"minutes".to_vec(), false))
        );
        // A source that cannot be read gives its error and no bytes.
        let missing = Source::new(dir.path().join("none.txt").to_string_lossy());
        let (outcome, bytes) = fetcher.fetch_keeping_bytes(&missing);
        assert!(outcome.is_err() && bytes.is_none());
    }
}
