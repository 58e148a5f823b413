//! The write stage: rows → Arrow record batches → one Parquet file per table, then
//! `datapackage.json` and `SHA256SUMS` beside them, swapped into `--out` in one step.
//!
//! Column order and types come from `schemas/` (see [`crate::schema`]); rows are sorted by their
//! stable key first and no run timestamp is written, so the same input gives the same bytes.
//! The row tables are streamed a few documents at a time ([`stream`]); the documents table (one
//! row per source) is written whole.
//!
//! How `--out` is replaced (Linux): the new dataset is written completely into a sibling folder
//! `.<out>.referat-new` (same file system), each file flushed to disk, `SHA256SUMS` last. Then
//! `renameat2(RENAME_EXCHANGE)` swaps the two folders in one atomic step: at every instant the
//! path `out` names a complete dataset, old or new. The old one (now under the staging name) is
//! deleted afterwards; a reader that has `out/meetings.parquet` open keeps reading the old file
//! (an open file outlives its unlinking on POSIX systems). A run killed at any point leaves
//! `out` untouched or fully replaced, and the next run removes the leftovers. Where the
//! exchange is not available (another OS, or a file system without it) we fall back to two
//! renames (old aside, new in) with a short window without `out`; a run that dies inside it
//! leaves the old dataset at `.<out>.referat-old`, and the next run puts it back first. A lock
//! file `.<out>.referat-lock` keeps two runs from writing the same `out` at once.

pub mod arrow_build;
pub mod checksums;
pub mod columns;
pub mod datapackage;
pub mod existing;
pub mod schema_doc;
pub mod stream;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterPropertiesBuilder};
use parquet::schema::types::ColumnPath;
use thiserror::Error;

use crate::rows::{Dataset, DocumentRow, Normalised, RowsPart, TableRow};
use crate::schema::{catalog, ColumnType, Table};
use checksums::{Entry, SHA256SUMS};
use datapackage::{parquet_file_name, SourceJson, WrittenFile, DATAPACKAGE_JSON};
use stream::{RowKeys, StreamedRows};

/// Parquet key-value metadata keys.
pub const KV_SCHEMA_VERSION: &str = "referat.schema_version";
pub const KV_REFERAT_VERSION: &str = "referat.version";
pub const KV_TABLE: &str = "referat.table";
pub const KV_SOURCES: &str = "referat.sources";
/// Fingerprint of everything the dataset was built from (Referat and parser versions, each
/// source's location, checksum, metadata and fetch time): a run whose inputs have the same
/// fingerprint as the dataset in `--out` has nothing to do.
pub const KV_INPUTS: &str = "referat.inputs";

/// Test hook: when set to a number of milliseconds, the writer sleeps that long after the new
/// dataset is complete in the staging folder and before swapping it into place, so a test can
/// kill the run at the worst moment. Not for production use.
pub const TEST_HOOK_PAUSE_BEFORE_SWAP_MS: &str = "REFERAT_TEST_HOOK_PAUSE_BEFORE_SWAP_MS";

#[derive(Debug, Error)]
pub enum WriteError {
    #[error(
        "{path} exists and holds {unexpected:?}, which Referat did not write; refusing to replace \
         it (give --out a new or empty folder, or one a previous run wrote)"
    )]
    NotADataset { path: PathBuf, unexpected: String },
    #[error("{path} is not a folder")]
    NotAFolder { path: PathBuf },
    #[error("another referat run is writing into {out} (lock file {lock} is held)")]
    Busy { out: PathBuf, lock: PathBuf },
    #[error(transparent)]
    Checksum(#[from] checksums::ChecksumError),
    #[error(
        "the rows of {document} could not be read back from the rows cache ({reason}); \
         nothing was written, run again"
    )]
    RowsUnavailable { document: String, reason: String },
    #[error("table {table}: {message}")]
    Build { table: String, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parquet {
        path: PathBuf,
        source: parquet::errors::ParquetError,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Sort rows by their stable key and build the table's record batch.
pub fn record_batch<R: TableRow>(rows: &mut [R]) -> Result<RecordBatch, WriteError> {
    rows.sort_by(|a, b| a.sort_key().cmp(b.sort_key()));
    let table = catalog().table(R::TABLE);
    arrow_build::build(table, rows)
}

fn writer_properties(table: &Table, sources: &[String], inputs: Option<&str>) -> WriterProperties {
    writer_properties_builder(table, Some(sources), inputs).build()
}

/// The JSON list of the sources' checksums, as `referat.sources` records it.
fn sources_json(sources: &[String]) -> String {
    serde_json::to_string(sources).expect("strings serialise")
}

/// The `referat.sources` entry of a file's key-value metadata, given [`sources_json`].
fn sources_entry(json: &str) -> KeyValue {
    KeyValue::new(KV_SOURCES.to_string(), json.to_string())
}

/// Writer properties for a table. `sources` None: the caller appends `referat.sources` itself
/// when it closes the file ([`stream`]: an open writer's properties would hold a copy of the
/// list, which grows with the number of documents, for the whole run).
fn writer_properties_builder(
    table: &Table,
    sources: Option<&[String]>,
    inputs: Option<&str>,
) -> WriterPropertiesBuilder {
    let dataset = &catalog().dataset;
    let mut kv = vec![
        KeyValue::new(
            KV_SCHEMA_VERSION.to_string(),
            dataset.schema_version.clone(),
        ),
        KeyValue::new(KV_REFERAT_VERSION.to_string(), crate::VERSION.to_string()),
        KeyValue::new(KV_TABLE.to_string(), table.name.clone()),
    ];
    if let Some(sources) = sources {
        kv.push(sources_entry(&sources_json(sources)));
    }
    if let Some(inputs) = inputs {
        kv.push(KeyValue::new(KV_INPUTS.to_string(), inputs.to_string()));
    }
    let mut builder = WriterProperties::builder()
        // zstd level 3 (zstd's own default): level 9 made files ~8 % smaller on the benchmark
        // corpus but cost ~3× the compression time and more memory per open writer.
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(3).expect("valid zstd level"),
        ))
        .set_created_by(format!("referat {}", crate::VERSION))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_key_value_metadata(Some(kv));
    // Free text (titles, sections, contexts) and unique ids hardly ever repeat: a dictionary
    // page would hash and copy every value only to be abandoned. Plain strings that refer to
    // another table (foreign keys: the same meeting id on many rows) keep their dictionary.
    for column in &table.columns {
        let refers = table
            .foreign_keys
            .iter()
            .any(|fk| fk.fields.contains(&column.name));
        if column.column_type == ColumnType::Utf8 && !refers {
            builder = builder
                .set_column_dictionary_enabled(ColumnPath::from(column.name.as_str()), false);
        }
    }
    builder
}

/// Write one batch as a Parquet file at `path`, flushed to disk before returning.
pub fn write_parquet(
    path: &Path,
    table: &Table,
    batch: &RecordBatch,
    sources: &[String],
    inputs: Option<&str>,
) -> Result<(), WriteError> {
    let file = write_parquet_unsynced(path, table, batch, sources, inputs)?;
    file.sync_all().map_err(io_err(path))
}

/// [`write_parquet`] without waiting for the disk: the file's writing back is started, and the
/// file returned (see [`sync_all_at_once`]).
fn write_parquet_unsynced(
    path: &Path,
    table: &Table,
    batch: &RecordBatch,
    sources: &[String],
    inputs: Option<&str>,
) -> Result<fs::File, WriteError> {
    let file = fs::File::create(path).map_err(io_err(path))?;
    let props = writer_properties(table, sources, inputs);
    let perr = |source| WriteError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let mut writer =
        ArrowWriter::try_new(file, Arc::new(table.arrow_schema()), Some(props)).map_err(perr)?;
    writer.write(batch).map_err(perr)?;
    let file = writer.into_inner().map_err(perr)?;
    start_writeback(&file);
    Ok(file)
}

/// Ask the kernel to start writing a file's pages to disk now, without waiting: the `fsync`
/// that follows (in [`sync_all_at_once`]) then waits for less. A hint only: where it is not
/// available nothing happens, and durability comes from the `fsync` alone.
pub(crate) fn start_writeback(file: &fs::File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        // SAFETY: sync_file_range reads no memory of ours; the descriptor is open (borrowed).
        // Its result is ignored on purpose: see above.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// `fsync` every file of `dir` named, each in its own thread: a disk serves them together, and
/// one after the other they took ~40 ms at the end of every run on this machine's disk (11
/// files and folders, 0.2–12 ms each).
fn sync_all_at_once(dir: &Path, names: &[String]) -> Result<(), WriteError> {
    std::thread::scope(|scope| {
        let syncs: Vec<_> = names
            .iter()
            .map(|name| {
                scope.spawn(move || {
                    let path = dir.join(name);
                    fs::File::open(&path)
                        .and_then(|file| file.sync_all())
                        .map_err(io_err(&path))
                })
            })
            .collect();
        syncs.into_iter().try_for_each(joined)
    })
}

/// What a scoped thread returned; if it panicked, the panic goes on in the caller.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The sibling paths a run of `out` uses: staging folder, old folder, lock file.
struct Siblings {
    staging: PathBuf,
    old: PathBuf,
    lock: PathBuf,
}

fn siblings(out: &Path) -> Siblings {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    Siblings {
        staging: out.with_file_name(format!(".{name}.referat-new")),
        old: out.with_file_name(format!(".{name}.referat-old")),
        lock: out.with_file_name(format!(".{name}.referat-lock")),
    }
}

/// Write every table of the dataset, `datapackage.json` and `SHA256SUMS` into `out` (created
/// if missing), replacing what was there in one atomic step (see the module comment).
/// Returns the paths of the files in `out`. The rows are held in memory; a run streams them
/// ([`write_streamed`], which also records the inputs' fingerprint), and both give the same
/// bytes for the same rows.
pub fn write_dataset(out: &Path, dataset: &mut Dataset) -> Result<Vec<PathBuf>, WriteError> {
    let rows = Normalised {
        meetings: std::mem::take(&mut dataset.meetings),
        items: std::mem::take(&mut dataset.items),
        decisions: std::mem::take(&mut dataset.decisions),
        votes: std::mem::take(&mut dataset.votes),
        attendance: std::mem::take(&mut dataset.attendance),
        amounts: std::mem::take(&mut dataset.amounts),
        problems: Vec::new(),
    };
    // One "document" holding every row; the caller keeps its rows (a copy is written).
    let keys = vec![RowKeys::of(&rows)];
    let load = |_: usize, part: RowsPart| -> Result<Normalised, WriteError> {
        Ok(part.cloned_from(&rows))
    };
    let written = write_streamed(
        out,
        &mut dataset.documents,
        StreamedRows { keys, load: &load },
        None,
    );
    dataset.meetings = rows.meetings;
    dataset.items = rows.items;
    dataset.decisions = rows.decisions;
    dataset.votes = rows.votes;
    dataset.attendance = rows.attendance;
    dataset.amounts = rows.amounts;
    written
}

/// Write the dataset whose row tables are loaded a few documents at a time ([`stream`]): the
/// documents table is given whole, the other tables' rows are loaded when written. Records
/// `inputs` ([`KV_INPUTS`]) in the documents table.
pub fn write_streamed(
    out: &Path,
    documents: &mut [DocumentRow],
    rows: StreamedRows<'_>,
    inputs: Option<&str>,
) -> Result<Vec<PathBuf>, WriteError> {
    let given = out;
    let out = resolve_out(out)?;
    let paths = siblings(&out);
    let _lock = lock(&out, &paths.lock)?;
    recover_interrupted_swap(&out, &paths)?;
    check_replaceable(&out)?;
    if paths.staging.exists() {
        // Left by a run that was killed; we hold the lock, so no run is writing it.
        fs::remove_dir_all(&paths.staging).map_err(io_err(&paths.staging))?;
    }
    fs::create_dir_all(&paths.staging).map_err(io_err(&paths.staging))?;

    let file_names = match write_files(&paths.staging, documents, rows, inputs)
        .and_then(|names| sync_dir(&paths.staging).map(|()| names))
    {
        Ok(names) => names,
        Err(e) => {
            // Best effort: the next run removes it anyway.
            let _ = fs::remove_dir_all(&paths.staging);
            return Err(e);
        }
    };
    if let Some(ms) = std::env::var(TEST_HOOK_PAUSE_BEFORE_SWAP_MS)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        eprintln!("referat: test hook: pausing {ms} ms before the swap");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    swap_into_place(&paths, &out)?;
    Ok(file_names.iter().map(|name| given.join(name)).collect())
}

/// Write the Parquet files, `datapackage.json` and (last) `SHA256SUMS` into `dir`. Returns
/// the file names written.
fn write_files(
    dir: &Path,
    documents: &mut [DocumentRow],
    rows: StreamedRows<'_>,
    inputs: Option<&str>,
) -> Result<Vec<String>, WriteError> {
    let mut checksums: Vec<String> = documents.iter().filter_map(|d| d.sha256.clone()).collect();
    checksums.sort();
    checksums.dedup();

    // What grows with the number of documents is kept once, as one string, while the row
    // tables are written; the list for datapackage.json is made afterwards.
    let sources = sources_json(&checksums);
    // The documents table (one row per source) is written whole, on this thread once it has
    // written its share of the row tables, while the other two lanes may still run: before the
    // row tables, the other core waited for it (~3.5 ms per 1,000 documents); in a thread of
    // its own, its allocations faulted in fresh pages (~1.5 % of a run's CPU at 1,000
    // documents). Only it records the fingerprint of the inputs (it holds fetch times anyway),
    // so that the other tables' bytes change only when their rows do.
    let written_documents = &mut *documents;
    let (files, documents_file) =
        stream::write_row_tables(dir, rows, &sources, move || -> Result<_, WriteError> {
            let table = catalog().table("documents");
            let file_name = parquet_file_name("documents");
            let path = dir.join(&file_name);
            drop(write_parquet_unsynced(
                &path,
                table,
                &record_batch(written_documents)?,
                &checksums,
                inputs,
            )?);
            // The checksums moved in, and are freed as soon as the table is written.
            drop(checksums);
            let (sha256, bytes) = checksums::hash_file(&path)?;
            let written = WrittenFile {
                table: "documents".to_string(),
                sha256: sha256.clone(),
                bytes,
            };
            Ok((written, Entry { sha256, file_name }))
        })?;
    let (documents_file, mut files) = (documents_file?, files);
    drop(sources);
    let package_sources: Vec<SourceJson> = documents
        .iter()
        .filter_map(|d| {
            d.sha256.as_ref().map(|sha256| SourceJson {
                title: d.source.clone(),
                path: d.source.clone(),
                sha256: sha256.clone(),
            })
        })
        .collect();
    files.push(documents_file);
    // In the catalog's order, as datapackage.json and SHA256SUMS list them.
    let order = |table: &str| catalog().tables.iter().position(|t| t.name == table);
    files.sort_by_key(|(written, _)| order(&written.table));
    let (written, mut checksum_entries): (Vec<WrittenFile>, Vec<Entry>) = files.into_iter().unzip();

    let package = datapackage::for_dataset(catalog(), &written, package_sources);
    let package_path = dir.join(DATAPACKAGE_JSON);
    write_unsynced(&package_path, datapackage::to_json(&package).as_bytes())?;
    let (sha256, _) = checksums::hash_file(&package_path)?;
    checksum_entries.push(Entry {
        sha256,
        file_name: DATAPACKAGE_JSON.to_string(),
    });

    write_unsynced(
        &dir.join(SHA256SUMS),
        checksums::render(&checksum_entries).as_bytes(),
    )?;
    let mut names: Vec<String> = checksum_entries.into_iter().map(|e| e.file_name).collect();
    names.push(SHA256SUMS.to_string());
    // Every file on disk before the caller flushes the folder and swaps it into place.
    sync_all_at_once(dir, &names)?;
    Ok(names)
}

/// Write a small file; its writing back is started ([`start_writeback`]), not waited for.
fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut file = fs::File::create(path).map_err(io_err(path))?;
    file.write_all(bytes).map_err(io_err(path))?;
    start_writeback(&file);
    Ok(())
}

/// Flush a folder's entries (new names, renames) to disk.
fn sync_dir(dir: &Path) -> Result<(), WriteError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The folder to replace. An existing `out` is resolved to its real path: a publisher may
/// point `out` at the portal's folder with a symlink, and it is that folder that must be
/// replaced, not the link; and `.` or `..` have no name to put the staging folder beside.
fn resolve_out(out: &Path) -> Result<PathBuf, WriteError> {
    if fs::symlink_metadata(out).is_ok() {
        return fs::canonicalize(out).map_err(io_err(out));
    }
    let parent = parent_of(out);
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    Ok(out.to_path_buf())
}

/// Take the run's lock, held until the returned file is dropped.
fn lock(out: &Path, lock_path: &Path) -> Result<fs::File, WriteError> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .map_err(io_err(lock_path))?;
    // A lock can be held a moment longer than its run: a process forked by another thread of
    // the same program holds a copy of the descriptor until it execs. So wait briefly before
    // calling the folder busy; another run writing it holds the lock far longer.
    for attempt in 0..LOCK_ATTEMPTS {
        if platform::try_lock(&file).map_err(io_err(lock_path))? {
            return Ok(file);
        }
        if attempt + 1 < LOCK_ATTEMPTS {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    Err(WriteError::Busy {
        out: out.to_path_buf(),
        lock: lock_path.to_path_buf(),
    })
}

/// How often the lock is tried, 100 ms apart, before `out` is busy.
const LOCK_ATTEMPTS: u32 = 20;

/// A run that died between the fallback's two renames left no `out` and the old dataset
/// aside: put it back before anything else. An `old` folder beside an existing `out` is a
/// finished swap's leftover.
fn recover_interrupted_swap(out: &Path, paths: &Siblings) -> Result<(), WriteError> {
    if !paths.old.exists() {
        return Ok(());
    }
    if out.exists() {
        fs::remove_dir_all(&paths.old).map_err(io_err(&paths.old))
    } else {
        fs::rename(&paths.old, out).map_err(io_err(out))
    }
}

/// `out` may be replaced when it is missing, or a folder holding only files Referat writes.
/// Anything else could be a user's folder given by mistake (`--out .`): never delete it.
fn check_replaceable(out: &Path) -> Result<(), WriteError> {
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) if out.exists() && !out.is_dir() => {
            return Err(WriteError::NotAFolder {
                path: out.to_path_buf(),
            })
        }
        Err(e) => return Err(io_err(out)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io_err(out))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(".parquet") || name == DATAPACKAGE_JSON || name == SHA256SUMS;
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if !(ours && is_file) {
            return Err(WriteError::NotADataset {
                path: out.to_path_buf(),
                unexpected: name,
            });
        }
    }
    Ok(())
}

/// Put the complete staging folder at `out`.
fn swap_into_place(paths: &Siblings, out: &Path) -> Result<(), WriteError> {
    let parent = parent_of(out);
    if !out.exists() {
        // Renaming onto a free name is atomic by itself.
        fs::rename(&paths.staging, out).map_err(io_err(out))?;
        return sync_dir(&parent);
    }
    if platform::exchange(&paths.staging, out).map_err(io_err(out))? {
        sync_dir(&parent)?;
        // The staging name now holds the previous dataset.
        return fs::remove_dir_all(&paths.staging).map_err(io_err(&paths.staging));
    }
    fs::rename(out, &paths.old).map_err(io_err(out))?;
    fs::rename(&paths.staging, out).map_err(io_err(out))?;
    sync_dir(&parent)?;
    fs::remove_dir_all(&paths.old).map_err(io_err(&paths.old))
}

/// The two system calls std does not offer: an atomic exchange of two paths, and a
/// non-blocking exclusive lock.
#[cfg(target_os = "linux")]
mod platform {
    use std::ffi::CString;
    use std::fs::File;
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    fn c_path(path: &Path) -> io::Result<CString> {
        CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path holds a NUL byte"))
    }

    /// Swap `a` and `b` atomically. Ok(false) when the kernel or file system cannot (the
    /// caller falls back to two renames).
    pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
        let (a, b) = (c_path(a)?, c_path(b)?);
        // SAFETY: two valid NUL-terminated paths; AT_FDCWD resolves them like rename(2).
        let rc = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(true);
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::ENOSYS) | Some(libc::EINVAL) | Some(libc::EOPNOTSUPP) => Ok(false),
            _ => Err(err),
        }
    }

    /// Ok(false) when another process holds the lock.
    pub fn try_lock(file: &File) -> io::Result<bool> {
        // SAFETY: a valid open file descriptor.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(true);
        }
        let err = io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
            Ok(false)
        } else {
            Err(err)
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use std::fs::File;
    use std::io;
    use std::path::Path;

    pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
        Ok(false)
    }

    /// No lock here: concurrent runs on one `out` are documented as unsupported.
    pub fn try_lock(_file: &File) -> io::Result<bool> {
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn syncing_the_files_names_the_one_that_cannot_be_synced() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = ["a.parquet", "b.json"].map(String::from).to_vec();
        for name in &names {
            write_unsynced(&dir.path().join(name), b"bytes").unwrap();
        }
        sync_all_at_once(dir.path(), &names).unwrap();
        let with_missing = [names[0].clone(), "gone.parquet".to_string()];
        match sync_all_at_once(dir.path(), &with_missing) {
            Err(WriteError::Io { path, .. }) => assert_eq!(path, dir.path().join("gone.parquet")),
            other => panic!("expected an I/O error naming the file, got {other:?}"),
        }
    }

    #[test]
    fn the_exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("new"), "").unwrap();
        fs::write(b.join("old"), "").unwrap();
        // Temporary folders live on the same file system as a typical --out; if this fails,
        // the writer would be using the two-rename fallback there.
        assert!(
            platform::exchange(&a, &b).unwrap(),
            "RENAME_EXCHANGE unsupported here"
        );
        assert!(b.join("new").exists() && a.join("old").exists());
    }

    #[test]
    fn siblings_are_hidden_names_beside_out() {
        let paths = siblings(Path::new("/srv/portal/referat"));
        assert_eq!(paths.staging, Path::new("/srv/portal/.referat.referat-new"));
        assert_eq!(paths.old, Path::new("/srv/portal/.referat.referat-old"));
        assert_eq!(paths.lock, Path::new("/srv/portal/.referat.referat-lock"));
    }
}
