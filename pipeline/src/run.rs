//! A whole run: every source through fetch → store → extract → parse → normalise, in parallel
//! across documents, then one writer.
//!
//! Memory does not grow with the text: the parallel phase keeps per document only its
//! `documents` row, row counts, key ranges, person names and where its rows are (the rows
//! cache, where every parsed document's rows are stored anyway); the writer loads them back a
//! few documents at a time ([`crate::write::stream`]).
//!
//! One bad document never stops the batch: its failure becomes a `documents` row with status
//! `failed` and its reason, and the run's outcome says that something failed. A panic inside
//! an extractor or the parser is caught and reported the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use rayon::prelude::*;
use thiserror::Error;

use crate::fetch::{self, FetchOptions, FetchOutcome, FetchedHow, Fetcher, KeptBytes};
use crate::model::{Source, Stored};
use crate::normalise;
use crate::normalise::names::{self, NameMap};
use crate::report::Reporter;
use crate::rows::{DocumentRow, Normalised, RowsPart};
use crate::store::{CachedFailure, PartsAt, Store, StoreError};
use crate::write::stream::{RowKeys, StreamedRows};
use crate::write::{self, existing, WriteError};
use crate::{extract, parse};

#[derive(Debug, Clone)]
pub struct RunConfig {
    pub sources: Vec<Source>,
    pub out: PathBuf,
    pub cache_dir: PathBuf,
    pub fetch: FetchOptions,
}

#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
}

/// What a run did, for the summary and the exit status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSummary {
    pub documents: usize,
    pub ok: usize,
    pub partial: usize,
    pub failed: usize,
    /// Documents whose rows (or whose failure to parse) came from the cache: not parsed again.
    pub cached: usize,
    /// Sources downloaded over HTTP in this run (complete bodies).
    pub downloaded: usize,
    /// Sources whose server answered 304 Not Modified: nothing downloaded.
    pub not_modified: usize,
    /// Sources that could not be fetched, built from their latest stored copy instead.
    pub stale: usize,
    /// The inputs were those the dataset in `--out` was built from: nothing was parsed,
    /// loaded or written.
    pub unchanged: bool,
    pub meetings: usize,
    pub items: usize,
    pub decisions: usize,
    pub votes: usize,
    pub attendance: usize,
    pub amounts: usize,
    /// (source, problem) for every problem found.
    pub problems: Vec<(String, String)>,
}

impl RunSummary {
    /// True when every source was fetched and processed (problems in a partial document do
    /// not count; a source built from a stale copy because fetching failed does).
    /// Count one document of the documents table: its status and its problems.
    fn add_document(&mut self, source: &str, status: &str, problems: &[String]) {
        match status {
            "ok" => self.ok += 1,
            "partial" => self.partial += 1,
            _ => self.failed += 1,
        }
        for p in problems {
            self.problems.push((source.to_string(), p.clone()));
        }
    }

    /// Count how one source's bytes were obtained.
    fn add_fetch(&mut self, how: Option<FetchedHow>) {
        match how {
            Some(FetchedHow::Downloaded) => self.downloaded += 1,
            Some(FetchedHow::NotModified) => self.not_modified += 1,
            Some(FetchedHow::Stale) => self.stale += 1,
            _ => {}
        }
    }

    pub fn all_sources_ok(&self) -> bool {
        self.failed == 0 && self.stale == 0
    }
}

/// Where a document's rows are when the writer asks for them.
#[derive(Clone)]
enum RowsAt {
    /// In the rows cache, under the document's checksum and this key, its parts where `at`
    /// says.
    Cache {
        sha256: String,
        key: String,
        at: PartsAt,
    },
    /// Held in memory: the cache could not be written.
    Memory(Box<Normalised>),
}

/// What a run keeps of a document's rows until they are written: counts, keys, names and
/// where to load them from — not the rows, so memory does not grow with the text.
#[derive(Clone)]
struct KeptRows {
    meetings: usize,
    items: usize,
    decisions: usize,
    votes: usize,
    attendance: usize,
    amounts: usize,
    /// The document is the meeting's minutes (not its agenda): see [`assemble`].
    is_referat: bool,
    /// Person names, for unifying names across the dataset ([`NameMap`]).
    person_names: BTreeSet<String>,
    /// The key ranges, handed to the writer (taken out before writing; boxed, so that what
    /// is left is small).
    keys: Option<Box<RowKeys>>,
    /// A digest of each table's key range, to check the rows loaded back against.
    key_digests: [u64; 6],
    at: RowsAt,
}

impl KeptRows {
    fn new(rows: &Normalised, at: RowsAt) -> Self {
        let keys = RowKeys::of(rows);
        KeptRows {
            meetings: rows.meetings.len(),
            items: rows.items.len(),
            decisions: rows.decisions.len(),
            votes: rows.votes.len(),
            attendance: rows.attendance.len(),
            amounts: rows.amounts.len(),
            is_referat: rows
                .meetings
                .first()
                .and_then(|m| m.document_kind.as_deref())
                == Some("referat"),
            person_names: names::person_names_in(&rows.votes, &rows.attendance, &rows.decisions),
            key_digests: keys.digests(),
            keys: Some(Box::new(keys)),
            at,
        }
    }

    fn counts(&self) -> [usize; 6] {
        [
            self.meetings,
            self.items,
            self.decisions,
            self.votes,
            self.attendance,
            self.amounts,
        ]
    }

    /// One part of the rows, as it was when kept. Rows that are gone from the cache, or differ
    /// from what was counted (the cache changed meanwhile), are an error, never a silent loss.
    fn load(&self, store: &Store, source: &str, part: RowsPart) -> Result<Normalised, WriteError> {
        let unavailable = |reason: &str| WriteError::RowsUnavailable {
            document: source.to_string(),
            reason: reason.to_string(),
        };
        let rows = match &self.at {
            RowsAt::Memory(rows) => part.cloned_from(rows),
            RowsAt::Cache { sha256, key, at } => store
                .cached_rows_part(sha256, key, part, *at)
                .and_then(|rows| match part {
                    RowsPart::Items | RowsPart::Amounts => Some(rows),
                    RowsPart::Others => cached_outcome(rows).map(|(_, rows)| rows),
                })
                .ok_or_else(|| unavailable("missing or unreadable"))?,
        };
        let counts = [
            rows.meetings.len(),
            rows.items.len(),
            rows.decisions.len(),
            rows.votes.len(),
            rows.attendance.len(),
            rows.amounts.len(),
        ];
        let digests = RowKeys::of(&rows).digests();
        let kept = self.counts();
        let changed = (0..counts.len()).any(|table| {
            RowKeys::in_part(table, part)
                && (counts[table] != kept[table] || digests[table] != self.key_digests[table])
        });
        if changed {
            return Err(unavailable("changed since it was read"));
        }
        Ok(rows)
    }
}

/// The outcome of one source.
struct DocOutcome {
    document: DocumentRow,
    rows: Option<KeptRows>,
    cached: bool,
    /// How the bytes were obtained (None when fetching failed).
    fetched: Option<FetchedHow>,
}

/// The cache key of a document's rows: parser version and everything else the rows depend on.
fn rows_cache_key(source: &Source) -> String {
    let meta = serde_json::to_string(&source.meta).expect("meta serialises");
    let key = format!("{}|{}|{}", crate::VERSION, parse::PARSER_VERSION, meta);
    crate::store::sha256_hex(key.as_bytes())[..16].to_string()
}

fn failed(
    source: &Source,
    stored: Option<&Stored>,
    format: Option<String>,
    reason: String,
) -> DocOutcome {
    DocOutcome {
        document: DocumentRow {
            source: source.location.clone(),
            sha256: stored.map(|s| s.sha256.clone()),
            byte_size: stored.map(|s| s.byte_size as i64),
            format,
            fetched_at: stored.map(|s| s.fetched_at),
            status: "failed".to_string(),
            problems: vec![reason],
            meeting_id: None,
        },
        rows: None,
        cached: false,
        fetched: None,
    }
}

/// Extract, parse and normalise stored bytes. Pure apart from the bytes given (taken: a text
/// document's text is made of them without a copy).
fn build_rows(
    bytes: Vec<u8>,
    stored: &Stored,
) -> Result<(String, Normalised), (Option<String>, String)> {
    let extracted = extract::extract_owned(bytes, stored.content_type.as_deref())
        .map_err(|e| (None, e.to_string()))?;
    let container = format!("{:?}", extracted.container).to_lowercase();
    let parsed =
        parse::parse(&extracted.text).map_err(|e| (Some(container.clone()), e.to_string()))?;
    let format = format!("{container}/{}", parsed.layout.as_str());
    let mut rows = normalise::normalise(&parsed, stored);
    let mut problems = extracted.problems;
    problems.extend(parsed.problems.iter().cloned());
    problems.append(&mut rows.problems);
    rows.problems = problems;
    Ok((format, rows))
}

/// Build the rows of a fetched source (or say why fetching failed); `bytes` are the stored
/// copy's bytes when the fetcher had them in hand.
fn process(
    source: &Source,
    fetched: Result<FetchOutcome, fetch::FetchError>,
    kept: Option<KeptBytes>,
    store: &Store,
) -> DocOutcome {
    let fetched = match fetched {
        Ok(outcome) => outcome,
        Err(e) => return failed(source, None, None, e.to_string()),
    };
    let mut outcome = build(source, store, &fetched.stored, kept);
    if let Some(problem) = fetched.problem {
        // Rows from a stale copy are kept, but the document is not "ok".
        outcome.document.problems.insert(0, problem);
        if outcome.document.status == "ok" {
            outcome.document.status = "partial".to_string();
        }
    }
    DocOutcome {
        fetched: Some(fetched.how),
        ..outcome
    }
}

/// The fingerprint of a run's inputs: the schema's version, and for each source in order its
/// location, rows cache key (Referat's and the parser's versions, the metadata), checksum and
/// fetch time — everything the dataset is a function of. None when a source could not be
/// fetched (or only from a stale copy): such a run always builds, so that its problems are
/// reported afresh.
fn inputs_fingerprint(
    fetched: &[(&Source, Result<FetchOutcome, fetch::FetchError>)],
) -> Option<String> {
    fingerprint_of(
        fetched
            .iter()
            .map(|(source, outcome)| fingerprint_line(source, outcome)),
    )
}

/// A source's line of the inputs fingerprint (see [`inputs_fingerprint`]); None when it could
/// not be fetched or only from a stale copy.
fn fingerprint_line(
    source: &Source,
    outcome: &Result<FetchOutcome, fetch::FetchError>,
) -> Option<String> {
    let outcome = outcome.as_ref().ok()?;
    if outcome.problem.is_some() {
        return None;
    }
    let stored = &outcome.stored;
    Some(format!(
        "{}\t{}\t{}\t{}\n",
        source.location,
        rows_cache_key(source),
        stored.sha256,
        stored.fetched_at.to_rfc3339()
    ))
}

/// The inputs fingerprint of the sources' lines, in order (None if any is None). The lines are
/// hashed as they come, not gathered into one text first (a re-run's peak memory grew by
/// that text, ~150 bytes per source, and the copies left by its growing).
fn fingerprint_of(lines: impl Iterator<Item = Option<String>>) -> Option<String> {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    hasher.update(
        format!(
            "schema {}\n",
            crate::schema::catalog().dataset.schema_version
        )
        .as_bytes(),
    );
    for line in lines {
        hasher.update(line?.as_bytes());
    }
    Some(crate::store::finish_hex(hasher))
}

/// Rows of a stored document: from the cache when these bytes were read before by this parser
/// version (rows or failure), else extracted, parsed and normalised now.
fn build(source: &Source, store: &Store, stored: &Stored, kept: Option<KeptBytes>) -> DocOutcome {
    let cache_key = rows_cache_key(source);
    // A copy the store did not hold until this fetch has nothing cached: Referat caches
    // rows (or a failure) of bytes only after storing them, and never removes a stored copy.
    // So the cache is not asked (two `open`s that fail, per document of a first run). Should
    // something be cached anyway (a copy removed by hand, or stored by another run at the
    // same moment), not asking only costs a parse: what is cached under this checksum and key
    // is what parsing these bytes with this version of Referat gives, and that is what
    // is made (and cached again) instead.
    let may_be_cached = !kept.as_ref().is_some_and(|kept| kept.new_copy);
    if may_be_cached {
        if let Some((cached, parts_at)) = store.cached_rows_at(&stored.sha256, &cache_key) {
            if let Some((format, rows)) = cached_outcome(cached) {
                let at = RowsAt::Cache {
                    sha256: stored.sha256.clone(),
                    key: cache_key,
                    at: parts_at,
                };
                return finished(source, stored, format, rows, at, true);
            }
        }
        if let Some(failure) = store.cached_failure(&stored.sha256, &cache_key) {
            return DocOutcome {
                cached: true,
                ..failed(source, Some(stored), failure.format, failure.reason)
            };
        }
    }
    let bytes = kept.map(|kept| kept.bytes);
    let bytes = match bytes.map_or_else(|| store.get(&stored.sha256), Ok) {
        Ok(b) => b,
        Err(e) => return failed(source, Some(stored), None, e.to_string()),
    };
    let built = catch_unwind(AssertUnwindSafe(|| build_rows(bytes, stored)));
    match built {
        Ok(Ok((format, mut rows))) => {
            rows.problems.insert(0, format!("format:{format}"));
            let cached = store.put_rows(&stored.sha256, &cache_key, &rows);
            rows.problems.remove(0);
            // The writer loads the rows back from the cache; rows that could not be cached
            // stay in memory (and cost a re-parse next time).
            let at = match cached {
                Ok(parts_at) => RowsAt::Cache {
                    sha256: stored.sha256.clone(),
                    key: cache_key,
                    at: parts_at,
                },
                Err(_) => RowsAt::Memory(Box::new(rows.clone())),
            };
            finished(source, stored, format, rows, at, false)
        }
        Ok(Err((format, reason))) => {
            let failure = CachedFailure { format, reason };
            let _ = store.put_failure(&stored.sha256, &cache_key, &failure);
            failed(source, Some(stored), failure.format, failure.reason)
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".to_string());
            failed(
                source,
                Some(stored),
                None,
                format!("internal error while reading the document: {message}"),
            )
        }
    }
}

/// Cached rows carry their format as the first "problem" entry.
fn cached_outcome(mut rows: Normalised) -> Option<(String, Normalised)> {
    let first = rows.problems.first()?.strip_prefix("format:")?.to_string();
    rows.problems.remove(0);
    Some((first, rows))
}

fn finished(
    source: &Source,
    stored: &Stored,
    format: String,
    rows: Normalised,
    at: RowsAt,
    cached: bool,
) -> DocOutcome {
    let status = if rows.problems.is_empty() {
        "ok"
    } else {
        "partial"
    };
    let kept = KeptRows::new(&rows, at);
    DocOutcome {
        document: DocumentRow {
            source: source.location.clone(),
            sha256: Some(stored.sha256.clone()),
            byte_size: Some(stored.byte_size as i64),
            format: Some(format),
            fetched_at: Some(stored.fetched_at),
            status: status.to_string(),
            meeting_id: rows.meetings.first().map(|m| m.meeting_id.clone()),
            problems: rows.problems,
        },
        rows: Some(kept),
        cached,
        fetched: None,
    }
}

/// Run the pipeline and write the dataset.
///
/// When `--out` holds a dataset, every source is fetched (and so checksummed) first: when the
/// fingerprint of the inputs equals the one that dataset records, and it verifies, nothing is
/// parsed, loaded or written: the summary is read back from it. Without one, each document is
/// parsed as soon as it is fetched.
pub fn run(config: &RunConfig, reporter: &dyn Reporter) -> Result<RunSummary, RunError> {
    let store = Store::open(&config.cache_dir)?;
    let fetcher = Fetcher::new(store, &config.fetch)?;
    let sources = fetch::expand_sources(&config.sources)?;
    reporter.start(sources.len() as u64);
    let process_and_report = |source: &Source, fetched, bytes| {
        let outcome = process(source, fetched, bytes, fetcher.store());
        for p in &outcome.document.problems {
            reporter.problem(&source.location, p);
        }
        let status = if outcome.cached {
            "cached"
        } else {
            outcome.document.status.as_str()
        };
        reporter.document_done(&source.location, status);
        outcome
    };
    let (inputs, outcomes): (Option<String>, Vec<DocOutcome>) =
        if existing::may_be_unchanged(&config.out) {
            // Every source is fetched (and so checksummed) first: when the inputs are those
            // of the dataset in --out, nothing is parsed.
            // The dataset in --out is checked against its SHA256SUMS while the sources are
            // fetched (it hashes the whole dataset: ~10 % of a no-change re-run, done after
            // the fetching before).
            let (fetched, verifies): (Vec<(&Source, Result<FetchOutcome, fetch::FetchError>)>, _) =
                rayon::join(
                    || {
                        sources
                            .par_iter()
                            .map(|source| (source, fetcher.fetch(source).map(without_source)))
                            .collect()
                    },
                    || existing::verifies(&config.out),
                );
            // The fetch log's records per source are not needed past here: freed before the
            // dataset in --out is read (a no-change re-run's peak memory is there).
            fetcher.done_fetching();
            let inputs = inputs_fingerprint(&fetched);
            if let Some(existing) = inputs
                .as_deref()
                .filter(|_| verifies)
                .and_then(|i| existing::built_from(&config.out, i))
            {
                for source in sources.iter() {
                    reporter.document_done(&source.location, "cached");
                }
                reporter.finish();
                return Ok(unchanged_summary(&existing, &fetched));
            }
            let outcomes = fetched
                .into_par_iter()
                .map(|(source, fetched)| {
                    let fetched = fetched.map(|outcome| with_source(outcome, source));
                    process_and_report(source, fetched, None)
                })
                .collect();
            (inputs, outcomes)
        } else {
            // No dataset in --out for the inputs to match (a first run): each document is
            // parsed as soon as it is fetched, from the bytes in hand — no wait for the last
            // fetch, no second read of the stored copy (measured at 1,000 documents: ~2.5 % of
            // the CPU time was that read).
            let done: Vec<(Option<String>, DocOutcome)> = sources
                .par_iter()
                .map(|source| {
                    let (fetched, bytes) = fetcher.fetch_keeping_bytes(source);
                    let line = fingerprint_line(source, &fetched);
                    (line, process_and_report(source, fetched, bytes))
                })
                .collect();
            let (lines, outcomes): (Vec<_>, Vec<_>) = done.into_iter().unzip();
            (fingerprint_of(lines.into_iter()), outcomes)
        };
    let (mut assembled, summary) = assemble(outcomes);
    // Names are unified across the dataset: the map is built from every document's names
    // first, and applied to each document's rows as they are loaded for writing.
    let name_map = NameMap::from_names(
        assembled
            .rows
            .iter()
            .flat_map(|(_, kept)| kept.person_names.iter().map(String::as_str)),
    );
    // The writer needs the key ranges only to decide the order, before it loads any rows:
    // they are moved to it, not copied (a dozen ids per document).
    let keys: Vec<RowKeys> = assembled
        .rows
        .iter_mut()
        .map(|(_, kept)| {
            kept.person_names = BTreeSet::new();
            kept.keys.take().map(|keys| *keys).unwrap_or_default()
        })
        .collect();
    // Each document's kept state was allocated by a worker thread between that document's
    // large short-lived buffers, so it pinned pages of freed memory. A copy made here is
    // compact; the originals and the fetcher (its log's records, also per document) are
    // freed, and those pages handed back, before writing (measured: 130 → 125 MB peak at 8,000
    // documents; most of the growth with the number of documents is elsewhere).
    // The writer only reads rows back: a store opened afresh, without the fetch phase's set of
    // checked copies (a checksum per document).
    drop(fetcher);
    drop(sources);
    let store = Store::open(&config.cache_dir)?;
    let compact = assembled.clone();
    drop(assembled);
    let mut assembled = compact;
    let load = |index: usize, part: RowsPart| -> Result<Normalised, WriteError> {
        let (source, kept) = &assembled.rows[index];
        let mut rows = kept.load(&store, source, part)?;
        name_map.apply(&mut rows.votes, &mut rows.attendance, &mut rows.decisions);
        Ok(rows)
    };
    write::write_streamed(
        &config.out,
        &mut assembled.documents,
        StreamedRows { keys, load: &load },
        inputs.as_deref(),
    )?;
    reporter.finish();
    Ok(summary)
}

/// A fetch outcome without its copy of the source (a blank one in its place), while every
/// source's outcome waits for the last fetch: the source is beside it, and its copy was a
/// no-change re-run's largest memory per source after the fetch log's records. A stored copy's
/// source is always the source fetched, so [`with_source`] puts back what was there.
fn without_source(mut outcome: FetchOutcome) -> FetchOutcome {
    outcome.stored.source = Source::new(String::new());
    outcome
}

/// The outcome [`without_source`] took the source from, whole again.
fn with_source(mut outcome: FetchOutcome, source: &Source) -> FetchOutcome {
    outcome.stored.source = source.clone();
    outcome
}

/// The summary of a run that found the dataset up to date: counts and problems as recorded.
fn unchanged_summary(
    existing: &existing::ExistingDataset,
    fetched: &[(&Source, Result<FetchOutcome, fetch::FetchError>)],
) -> RunSummary {
    let rows = |table: &str| {
        existing
            .row_counts
            .iter()
            .find(|(name, _)| name == table)
            .map_or(0, |(_, n)| *n as usize)
    };
    let mut summary = RunSummary {
        documents: existing.document_count,
        cached: existing.document_count,
        // Every document the dataset does not list is "ok" without problems.
        ok: existing
            .document_count
            .saturating_sub(existing.documents.len()),
        unchanged: true,
        meetings: rows("meetings"),
        items: rows("items"),
        decisions: rows("decisions"),
        votes: rows("votes"),
        attendance: rows("attendance"),
        amounts: rows("amounts"),
        ..Default::default()
    };
    for doc in &existing.documents {
        summary.add_document(&doc.source, &doc.status, &doc.problems);
    }
    for (_, outcome) in fetched {
        summary.add_fetch(outcome.as_ref().ok().map(|o| o.how));
    }
    summary
}

/// The documents table, and the rows to write: per kept document its source and rows, in
/// the order of the sources.
#[derive(Clone)]
struct Assembled {
    documents: Vec<DocumentRow>,
    rows: Vec<(String, KeptRows)>,
}

/// Decide which documents' rows are written. Two documents of the same meeting (e.g. a
/// source listed twice, or agenda and minutes) would repeat its ids: the minutes (then the
/// first source in order) are kept and the other document says so.
fn assemble(outcomes: Vec<DocOutcome>) -> (Assembled, RunSummary) {
    let mut summary = RunSummary {
        documents: outcomes.len(),
        ..Default::default()
    };
    let mut assembled = Assembled {
        documents: Vec::with_capacity(outcomes.len()),
        rows: Vec::new(),
    };
    let mut by_meeting: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept: Vec<DocOutcome> = Vec::new();
    for mut outcome in outcomes {
        let Some(meeting_id) = outcome.document.meeting_id.clone() else {
            kept.push(outcome);
            continue;
        };
        match by_meeting.get(&meeting_id) {
            None => {
                by_meeting.insert(meeting_id, kept.len());
                kept.push(outcome);
            }
            Some(&earlier) => {
                let is_referat = |o: &DocOutcome| o.rows.as_ref().is_some_and(|r| r.is_referat);
                let replace = is_referat(&outcome) && !is_referat(&kept[earlier]);
                let (winner, loser) = if replace {
                    (outcome.document.source.clone(), earlier)
                } else {
                    (kept[earlier].document.source.clone(), usize::MAX)
                };
                let note =
                    format!("same meeting {meeting_id} as {winner}; its rows are not written");
                if loser == usize::MAX {
                    outcome.rows = None;
                    outcome.document.problems.push(note);
                    outcome.document.status = "partial".into();
                    kept.push(outcome);
                } else {
                    let old = &mut kept[earlier];
                    old.rows = None;
                    old.document.problems.push(note);
                    old.document.status = "partial".into();
                    by_meeting.insert(meeting_id, kept.len());
                    kept.push(outcome);
                }
            }
        }
    }
    for outcome in kept {
        let document = &outcome.document;
        summary.add_document(&document.source, &document.status, &document.problems);
        if outcome.cached {
            summary.cached += 1;
        }
        summary.add_fetch(outcome.fetched);
        if let Some(rows) = outcome.rows {
            summary.meetings += rows.meetings;
            summary.items += rows.items;
            summary.decisions += rows.decisions;
            summary.votes += rows.votes;
            summary.attendance += rows.attendance;
            summary.amounts += rows.amounts;
            assembled.rows.push((outcome.document.source.clone(), rows));
        }
        assembled.documents.push(outcome.document);
    }
    (assembled, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_gone_from_the_cache_are_an_error_naming_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let at = RowsAt::Cache {
            sha256: "ab".repeat(32),
            key: "0123456789abcdef".into(),
            at: PartsAt {
                items_len: 16,
                amounts_len: 16,
                file_len: 64,
            },
        };
        let kept = KeptRows::new(&Normalised::default(), at);
        for part in RowsPart::ALL {
            match kept.load(&store, "minutes.txt", part) {
                Err(WriteError::RowsUnavailable { document, .. }) => {
                    assert_eq!(document, "minutes.txt")
                }
                other => panic!("expected RowsUnavailable, got {other:?}"),
            }
        }
    }

    #[test]
    fn rows_that_changed_in_the_cache_since_they_were_counted_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (sha256, key) = ("cd".repeat(32), "0123456789abcdef".to_string());
        let cached = Normalised {
            problems: vec!["format:text/plain".into()],
            ..Default::default()
        };
        let parts_at = store.put_rows(&sha256, &key, &cached).unwrap();
        let at = || RowsAt::Cache {
            sha256: sha256.clone(),
            key: key.clone(),
            at: parts_at,
        };
        for part in RowsPart::ALL {
            assert_eq!(
                KeptRows::new(&Normalised::default(), at())
                    .load(&store, "a.txt", part)
                    .unwrap(),
                Normalised::default()
            );
        }
        // A count that differs fails the part holding that table, and only that part.
        let mut items_counted = KeptRows::new(&Normalised::default(), at());
        items_counted.items = 3;
        let mut amounts_counted = KeptRows::new(&Normalised::default(), at());
        amounts_counted.amounts = 2;
        let mut votes_counted = KeptRows::new(&Normalised::default(), at());
        votes_counted.votes = 1;
        for (kept, failing) in [
            (items_counted, RowsPart::Items),
            (amounts_counted, RowsPart::Amounts),
            (votes_counted, RowsPart::Others),
        ] {
            for part in RowsPart::ALL {
                let loaded = kept.load(&store, "a.txt", part);
                if part == failing {
                    assert!(matches!(loaded, Err(WriteError::RowsUnavailable { .. })));
                } else {
                    assert_eq!(loaded.unwrap(), Normalised::default());
                }
            }
        }
    }
}
