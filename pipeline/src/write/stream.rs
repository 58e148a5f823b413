//! Writing the row tables (every table but `documents`) a few documents at a time, so that a
//! run's memory does not grow with the number of documents.
//!
//! The writer is given, per document, only the range of sort keys its rows have in each table
//! ([`RowKeys`]) and a way to load its rows when their turn comes (from the rows cache, in a
//! run), in two parts: two threads write, one `items` (most of the text), the other the other
//! five tables, and each loads only the part it writes. Seven files are open at once; rows go to them in the order a global sort by each
//! table's stable key would give, in record batches of [`BATCH_ROWS`] rows, and a row group is
//! closed when it holds [`MAX_ROW_GROUP_ROWS`] rows or about [`MAX_ROW_GROUP_BYTES`] bytes.
//!
//! Why the order is exact: documents are taken in the order of their smallest key, and grouped
//! into *clusters*: a cluster ends where, in every table, every key so far is smaller than every
//! key still to come. Rows are sorted within a cluster (stably, documents in their given order,
//! as the in-memory writer sorted the concatenation of every document's rows), and clusters are
//! written one after the other, so the result equals one stable sort of all rows. In practice
//! every id starts with its meeting id and a "/", so a cluster is one document; when two
//! documents' keys interleave (a meeting id that is a prefix of another followed by a character
//! below "/", or repeated ids) they share a cluster, which costs memory, never order.
//!
//! Reproducible: batch and row-group boundaries depend only on the sorted rows, never on how
//! they were split into documents or loaded, so the same rows give the same bytes.

use std::cmp::Ordering;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::Arc;

use super::checksums::{self, Entry};
use super::columns::ColumnsWriter;
use super::datapackage::{parquet_file_name, WrittenFile};
use super::{arrow_build, io_err, sources_entry, writer_properties_builder, WriteError};
use crate::rows::{
    AmountRow, AttendanceRow, Cell, DecisionRow, ItemRow, MeetingRow, Normalised, RowsPart,
    TableRow, VoteRow,
};
use crate::schema::{catalog, ColumnType, Table};

/// Rows per record batch handed to the Parquet writer, at most...
pub const BATCH_ROWS: usize = 1024;
/// ... and text bytes per batch, at most (a batch may pass it by its last row). A batch of 1,024
/// `items` rows held ~5 MB of text, as rows waiting, as Arrow arrays and as encoded pages at
/// once: the writer's memory swung by tens of MB, and the peak grew with the number of windows
/// written (measured: peak RSS 78–79 → 65–66 MB at 1,000 documents, 94–96 → 73–75 MB at
/// 4,000).
pub const BATCH_TEXT_BYTES: usize = 1024 * 1024;
/// A row group is closed after this many rows... (the writer's memory while a row group is open
/// — encoded pages, statistics — grows with its rows; with 8 Ki rows / 4 MiB every table but the
/// smallest reaches its bound by ~1,000 documents, so memory stops growing early. 16 Ki / 8 MiB
/// cost ~20 MB more at 4,000 documents; they made the files ~7 % smaller on the benchmark
/// corpus, whose variants repeat each other's text)
pub const MAX_ROW_GROUP_ROWS: usize = 8 * 1024;
/// ... or once its encoded columns take about this many bytes (the long texts of `items`).
pub const MAX_ROW_GROUP_BYTES: usize = 4 * 1024 * 1024;

/// The row tables in the order [`RowKeys`] lists them.
const ROW_TABLES: [&str; 6] = [
    "meetings",
    "items",
    "decisions",
    "votes",
    "attendance",
    "amounts",
];

/// A document's smallest and largest sort key in each row table (None: no rows there).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RowKeys {
    ranges: [Option<(String, String)>; ROW_TABLES.len()],
}

fn key_range<R: TableRow>(rows: &[R]) -> Option<(String, String)> {
    let first = rows.iter().map(TableRow::sort_key).min()?;
    let last = rows.iter().map(TableRow::sort_key).max()?;
    Some((first.to_string(), last.to_string()))
}

impl RowKeys {
    pub fn of(rows: &Normalised) -> Self {
        RowKeys {
            ranges: [
                key_range(&rows.meetings),
                key_range(&rows.items),
                key_range(&rows.decisions),
                key_range(&rows.votes),
                key_range(&rows.attendance),
                key_range(&rows.amounts),
            ],
        }
    }

    /// A digest of each table's key range, in the order of [`ROW_TABLES`] (equal within one
    /// process; stored nowhere).
    pub fn digests(&self) -> [u64; ROW_TABLES.len()] {
        use std::hash::{Hash, Hasher};
        self.ranges.each_ref().map(|range| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            range.hash(&mut hasher);
            hasher.finish()
        })
    }

    /// Whether the table at `index` in [`ROW_TABLES`] (and [`RowKeys::digests`]) belongs to
    /// `part`.
    pub fn in_part(index: usize, part: RowsPart) -> bool {
        let table = ROW_TABLES[index];
        match part {
            RowsPart::Items => table == ItemRow::TABLE,
            RowsPart::Amounts => table == AmountRow::TABLE,
            RowsPart::Others => table != ItemRow::TABLE && table != AmountRow::TABLE,
        }
    }

    /// The smallest key in any table: the order documents are taken in.
    fn first(&self) -> Option<&str> {
        self.ranges
            .iter()
            .flatten()
            .map(|(first, _)| first.as_str())
            .min()
    }
}

/// How to load one part of a document's rows by the document's index (the other part's tables
/// left empty).
pub type LoadRows<'a> = &'a (dyn Fn(usize, RowsPart) -> Result<Normalised, WriteError> + Sync);

/// The rows to write: per document its key ranges, in the dataset's order (rows with equal
/// keys are written in this order), and how to load a document's rows.
pub struct StreamedRows<'a> {
    pub keys: Vec<RowKeys>,
    pub load: LoadRows<'a>,
}

/// The smaller of two optional keys, None meaning "no key" (not "smallest").
fn min_key<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Option<&'a str> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_key<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Option<&'a str> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Documents (by index) grouped into clusters, in writing order; each cluster's documents in
/// their given order. Documents without rows are left out. See the module comment.
pub fn clusters(keys: &[RowKeys]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..keys.len())
        .filter(|&i| keys[i].first().is_some())
        .collect();
    // Stable: documents with the same first key stay in their given order.
    order.sort_by(|&a, &b| keys[a].first().cmp(&keys[b].first()));
    let tables = ROW_TABLES.len();
    // suffix_min[p][t]: the smallest key of table t among documents order[p..].
    let mut suffix_min: Vec<[Option<&str>; ROW_TABLES.len()]> =
        vec![[None; ROW_TABLES.len()]; order.len() + 1];
    for p in (0..order.len()).rev() {
        let after = suffix_min[p + 1];
        for (t, min) in suffix_min[p].iter_mut().enumerate() {
            let here = keys[order[p]].ranges[t].as_ref().map(|(f, _)| f.as_str());
            *min = min_key(here, after[t]);
        }
    }
    let mut clusters = Vec::new();
    let mut current = Vec::new();
    let mut prefix_max: [Option<&str>; ROW_TABLES.len()] = [None; ROW_TABLES.len()];
    for (p, &doc) in order.iter().enumerate() {
        current.push(doc);
        for (t, max) in prefix_max.iter_mut().enumerate() {
            let here = keys[doc].ranges[t].as_ref().map(|(_, l)| l.as_str());
            *max = max_key(*max, here);
        }
        let separated = (0..tables).all(|t| match (prefix_max[t], suffix_min[p + 1][t]) {
            (Some(before), Some(after)) => before.cmp(after) == Ordering::Less,
            _ => true,
        });
        if separated {
            current.sort_unstable();
            clusters.push(std::mem::take(&mut current));
        }
    }
    clusters
}

/// Load one part of a cluster's documents and sort each table's rows (stably, in the given
/// order).
fn load_cluster(
    cluster: &[usize],
    part: RowsPart,
    load: LoadRows<'_>,
) -> Result<Normalised, WriteError> {
    let mut merged = Normalised::default();
    for &doc in cluster {
        let mut rows = load(doc, part)?;
        merged.meetings.append(&mut rows.meetings);
        merged.items.append(&mut rows.items);
        merged.decisions.append(&mut rows.decisions);
        merged.votes.append(&mut rows.votes);
        merged.attendance.append(&mut rows.attendance);
        merged.amounts.append(&mut rows.amounts);
    }
    fn sort<R: TableRow>(rows: &mut [R]) {
        rows.sort_by(|a, b| a.sort_key().cmp(b.sort_key()));
    }
    sort(&mut merged.meetings);
    sort(&mut merged.items);
    sort(&mut merged.decisions);
    sort(&mut merged.votes);
    sort(&mut merged.attendance);
    sort(&mut merged.amounts);
    merged.problems.clear();
    Ok(merged)
}

/// One open Parquet file of a row table, and the rows not yet handed to it.
struct Sink<R: TableRow> {
    table: &'static Table,
    file_name: String,
    path: PathBuf,
    writer: ColumnsWriter<fs::File>,
    pending: Vec<R>,
    /// The text bytes of each pending row ([`text_bytes`]).
    pending_bytes: Vec<usize>,
    /// How to read the table's text columns (strings and lists of strings), resolved once.
    text_columns: Vec<fn(&R) -> Cell<'_>>,
    batches: usize,
}

/// The bytes of text in a row: what its batch will hold.
fn text_bytes<R>(text_columns: &[fn(&R) -> Cell<'_>], row: &R) -> usize {
    text_columns
        .iter()
        .map(|read| match read(row) {
            Cell::Str(text) => text.len(),
            Cell::StrList(texts) => texts.iter().map(String::len).sum(),
            _ => 0,
        })
        .sum()
}

impl<R: TableRow> Sink<R> {
    fn create(dir: &Path) -> Result<Self, WriteError> {
        let table = catalog().table(R::TABLE);
        let file_name = parquet_file_name(R::TABLE);
        let path = dir.join(&file_name);
        let file = fs::File::create(&path).map_err(io_err(&path))?;
        let props = writer_properties_builder(table, None, None)
            .set_max_row_group_row_count(Some(MAX_ROW_GROUP_ROWS))
            .set_max_row_group_bytes(Some(MAX_ROW_GROUP_BYTES))
            .build();
        let writer = ColumnsWriter::try_new(file, Arc::new(table.arrow_schema()), props).map_err(
            |source| WriteError::Parquet {
                path: path.clone(),
                source,
            },
        )?;
        Ok(Sink {
            table,
            file_name,
            path,
            writer,
            pending: Vec::new(),
            pending_bytes: Vec::new(),
            // A column the row type does not know is the batch builder's error to report.
            text_columns: table
                .columns
                .iter()
                .filter(|column| {
                    matches!(
                        column.column_type,
                        ColumnType::Utf8 | ColumnType::DictUtf8 | ColumnType::ListUtf8
                    )
                })
                .filter_map(|column| R::column(&column.name))
                .collect(),
            batches: 0,
        })
    }

    /// Queue rows (already in order) and write every full batch: [`BATCH_ROWS`] rows, or
    /// fewer that reach [`BATCH_TEXT_BYTES`]. Where batches end depends only on the rows.
    fn push(&mut self, mut rows: Vec<R>) -> Result<(), WriteError> {
        let text_columns = &self.text_columns;
        self.pending_bytes
            .extend(rows.iter().map(|row| text_bytes(text_columns, row)));
        self.pending.append(&mut rows);
        let mut ends = Vec::new();
        let (mut start, mut bytes) = (0, 0);
        for (index, size) in self.pending_bytes.iter().enumerate() {
            bytes += size;
            if index + 1 - start == BATCH_ROWS || bytes >= BATCH_TEXT_BYTES {
                ends.push(index + 1);
                (start, bytes) = (index + 1, 0);
            }
        }
        if ends.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let mut from = 0;
        for &end in &ends {
            self.write_batch(&pending[from..end])?;
            from = end;
        }
        self.pending = pending;
        self.pending.drain(..from);
        self.pending_bytes.drain(..from);
        Ok(())
    }

    fn write_batch(&mut self, rows: &[R]) -> Result<(), WriteError> {
        let batch = arrow_build::build(self.table, rows)?;
        self.writer
            .write(&batch)
            .map_err(|source| WriteError::Parquet {
                path: self.path.clone(),
                source,
            })?;
        self.batches += 1;
        Ok(())
    }

    /// Write what is left, record the sources (`sources`: their JSON list), close the file
    /// (its writing back to disk started) and checksum it.
    fn finish(mut self, sources: &str) -> Result<(WrittenFile, Entry), WriteError> {
        if !self.pending.is_empty() || self.batches == 0 {
            // An empty table still gets its (empty) batch, like the in-memory writer wrote.
            let rest = std::mem::take(&mut self.pending);
            self.write_batch(&rest)?;
        }
        self.writer
            .append_key_value_metadata(sources_entry(sources));
        let file = self
            .writer
            .into_inner()
            .map_err(|source| WriteError::Parquet {
                path: self.path.clone(),
                source,
            })?;
        // Flushed to disk with the other files once all are written (`write_files`).
        super::start_writeback(&file);
        drop(file);
        let (sha256, bytes) = checksums::hash_file(&self.path)?;
        let written = WrittenFile {
            table: self.table.name.clone(),
            sha256: sha256.clone(),
            bytes,
        };
        let entry = Entry {
            sha256,
            file_name: self.file_name,
        };
        Ok((written, entry))
    }
}

/// The open files of the row tables written in the second lane (all but `items`).
struct OtherSinks {
    meetings: Sink<MeetingRow>,
    decisions: Sink<DecisionRow>,
    votes: Sink<VoteRow>,
    attendance: Sink<AttendanceRow>,
}

impl OtherSinks {
    fn push(&mut self, rows: Normalised) -> Result<(), WriteError> {
        self.meetings.push(rows.meetings)?;
        self.decisions.push(rows.decisions)?;
        self.votes.push(rows.votes)?;
        self.attendance.push(rows.attendance)
    }

    fn finish(self, sources: &str) -> Result<Vec<(WrittenFile, Entry)>, WriteError> {
        Ok(vec![
            self.meetings.finish(sources)?,
            self.decisions.finish(sources)?,
            self.votes.finish(sources)?,
            self.attendance.finish(sources)?,
        ])
    }
}

/// Write the six row tables into `dir`; `sources` is the JSON list of the sources' checksums
/// every file records. Returns each file's entry, in no particular order.
///
/// Three lanes, each going through every cluster in order: one loads and writes `items` (the
/// long texts), one `amounts` (the most rows), both on rayon's workers, and this thread the
/// other four tables. Each loads only the part of the rows it writes, so rows are allocated and
/// freed in the thread that writes them, and none waits for another. On two cores, the two that
/// are left run on when one ends, and a worker whose lane is done takes over columns of the
/// other's batches ([`super::columns`]): with two threads (`amounts` with the other four), one
/// of them often ended 50–200 ms before the other, its core idle meanwhile. (Before those, this
/// thread loaded windows of documents for two writer threads: loading was the longest of the
/// three, and every row was freed by another thread than the one that allocated it.)
///
/// `then` runs on this thread once its lane is done, while the other two may still run (the
/// caller writes the `documents` table there: the core would otherwise wait, and this thread's
/// heap holds pages its lane freed).
pub fn write_row_tables<T>(
    dir: &Path,
    rows: StreamedRows<'_>,
    sources: &str,
    then: impl FnOnce() -> T,
) -> Result<(Vec<(WrittenFile, Entry)>, T), WriteError> {
    let mut items: Sink<ItemRow> = Sink::create(dir)?;
    let mut amounts: Sink<AmountRow> = Sink::create(dir)?;
    let mut others = OtherSinks {
        meetings: Sink::create(dir)?,
        decisions: Sink::create(dir)?,
        votes: Sink::create(dir)?,
        attendance: Sink::create(dir)?,
    };
    let clusters = clusters(&rows.keys);
    drop(rows.keys);
    let load = rows.load;
    // Set by a thread that failed, so that the other stops early (the error is what counts).
    let failed = AtomicBool::new(false);
    let write_part = |part: RowsPart,
                      push: &mut dyn FnMut(Normalised) -> Result<(), WriteError>|
     -> Result<(), WriteError> {
        for cluster in &clusters {
            if failed.load(AtomicOrdering::Relaxed) {
                break;
            }
            let written = load_cluster(cluster, part, load).and_then(&mut *push);
            if written.is_err() {
                failed.store(true, AtomicOrdering::Relaxed);
                return written;
            }
        }
        Ok(())
    };
    // `items` and `amounts` go to rayon's workers, which parsed the documents: their
    // allocator heaps hold the pages those documents were parsed in, already faulted in, so the
    // lanes reuse them instead of faulting in new ones (measured at 1,000 documents: peak RSS
    // 106–115 → 92–97 MB). On this VM a page faulted in for the first time costs ~1–1.5 ms per
    // MB. One spawned job each: while both lanes run, each worker encodes its own lane's
    // columns (nobody is idle to steal them), so it is three threads on two cores, as before.
    let (mut items_written, mut amounts_written) = (None, None);
    let (others_written, then_done) = rayon::in_place_scope(|scope| {
        let write_part = &write_part;
        let (items_written, amounts_written) = (&mut items_written, &mut amounts_written);
        scope.spawn(move |_| {
            *items_written = Some(
                write_part(RowsPart::Items, &mut |rows| items.push(rows.items))
                    .and_then(|()| items.finish(sources)),
            );
        });
        scope.spawn(move |_| {
            *amounts_written = Some(
                write_part(RowsPart::Amounts, &mut |rows| amounts.push(rows.amounts))
                    .and_then(|()| amounts.finish(sources)),
            );
        });
        let others_written = write_part(RowsPart::Others, &mut |rows| others.push(rows))
            .and_then(|()| others.finish(sources));
        (others_written, then())
    });
    // A lane whose job panicked has resumed the panic above, so both ran.
    let mut files = vec![
        items_written.expect("the items lane ran")?,
        amounts_written.expect("the amounts lane ran")?,
    ];
    files.extend(others_written?);
    Ok((files, then_done))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(ranges: &[(usize, &str, &str)]) -> RowKeys {
        let mut keys = RowKeys::default();
        for (table, first, last) in ranges {
            keys.ranges[*table] = Some((first.to_string(), last.to_string()));
        }
        keys
    }

    #[test]
    fn documents_whose_keys_do_not_interleave_are_clusters_of_one_in_key_order() {
        let docs = vec![
            keys(&[(0, "b", "b"), (1, "b/1", "b/9")]),
            keys(&[]),
            keys(&[(0, "a", "a"), (1, "a/1", "a/2")]),
        ];
        assert_eq!(clusters(&docs), vec![vec![2], vec![0]]);
    }

    #[test]
    fn a_meeting_id_that_is_a_prefix_of_another_shares_a_cluster_when_keys_interleave() {
        // "m-2" sorts after "m" but its item ids ("m-2/1") before "m/1" ('-' < '/').
        let docs = vec![
            keys(&[(0, "m", "m"), (1, "m/1", "m/2")]),
            keys(&[(0, "m-2", "m-2"), (1, "m-2/1", "m-2/1")]),
            keys(&[(0, "n", "n"), (1, "n/1", "n/1")]),
        ];
        assert_eq!(clusters(&docs), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn equal_keys_in_two_documents_share_a_cluster_in_their_given_order() {
        let docs = vec![keys(&[(3, "x/1", "x/1")]), keys(&[(3, "x/1", "x/1")])];
        assert_eq!(clusters(&docs), vec![vec![0, 1]]);
    }
}
