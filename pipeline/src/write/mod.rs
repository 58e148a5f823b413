//! The write stage: rows → Arrow record batches → one Parquet file per table.
//!
//! Column order and types come from `schemas/` (see [`crate::schema`]); rows are sorted by their
//! stable key first, so the same input gives the same bytes.

pub mod arrow_build;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use thiserror::Error;

use crate::rows::{Dataset, TableRow};
use crate::schema::{catalog, Table};

/// Parquet key-value metadata keys.
pub const KV_SCHEMA_VERSION: &str = "referat.schema_version";
pub const KV_REFERAT_VERSION: &str = "referat.version";
pub const KV_TABLE: &str = "referat.table";
pub const KV_SOURCES: &str = "referat.sources";

#[derive(Debug, Error)]
pub enum WriteError {
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

fn writer_properties(table: &Table, sources: &[String]) -> WriterProperties {
    let dataset = &catalog().dataset;
    let kv = vec![
        KeyValue::new(
            KV_SCHEMA_VERSION.to_string(),
            dataset.schema_version.clone(),
        ),
        KeyValue::new(KV_REFERAT_VERSION.to_string(), crate::VERSION.to_string()),
        KeyValue::new(KV_TABLE.to_string(), table.name.clone()),
        KeyValue::new(
            KV_SOURCES.to_string(),
            serde_json::to_string(sources).expect("strings serialise"),
        ),
    ];
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(9).expect("valid zstd level"),
        ))
        .set_created_by(format!("referat {}", crate::VERSION))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_key_value_metadata(Some(kv))
        .build()
}

/// Write one batch as a Parquet file at `path`.
pub fn write_parquet(
    path: &Path,
    table: &Table,
    batch: &RecordBatch,
    sources: &[String],
) -> Result<(), WriteError> {
    let file = fs::File::create(path).map_err(io_err(path))?;
    let props = writer_properties(table, sources);
    let perr = |source| WriteError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let mut writer =
        ArrowWriter::try_new(file, Arc::new(table.arrow_schema()), Some(props)).map_err(perr)?;
    writer.write(batch).map_err(perr)?;
    writer.close().map_err(perr)?;
    Ok(())
}

/// Write every table of the dataset into `out` (created if missing).
///
/// The files are written into a fresh sibling folder first and the folder is swapped into
/// place only when all are complete, so a reader never sees half a dataset.
pub fn write_dataset(out: &Path, dataset: &mut Dataset) -> Result<Vec<PathBuf>, WriteError> {
    let mut sources: Vec<String> = dataset
        .documents
        .iter()
        .filter_map(|d| d.sha256.clone())
        .collect();
    sources.sort();
    sources.dedup();

    let staging = staging_dir(out);
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    fs::create_dir_all(&staging).map_err(io_err(&staging))?;

    let batches = [
        ("meetings", record_batch(&mut dataset.meetings)?),
        ("items", record_batch(&mut dataset.items)?),
        ("decisions", record_batch(&mut dataset.decisions)?),
        ("votes", record_batch(&mut dataset.votes)?),
        ("attendance", record_batch(&mut dataset.attendance)?),
        ("amounts", record_batch(&mut dataset.amounts)?),
        ("documents", record_batch(&mut dataset.documents)?),
    ];
    let mut written = Vec::new();
    for (name, batch) in &batches {
        let table = catalog().table(name);
        let path = staging.join(format!("{name}.parquet"));
        write_parquet(&path, table, batch, &sources)?;
        written.push(out.join(format!("{name}.parquet")));
    }
    swap_into_place(&staging, out)?;
    Ok(written)
}

fn staging_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.referat-new"))
}

/// Replace `out` by `staging`: the old folder is moved aside, the new one renamed in, the old
/// one removed. Both renames are atomic on one file system.
fn swap_into_place(staging: &Path, out: &Path) -> Result<(), WriteError> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = out.with_file_name(format!(".{name}.referat-old"));
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    if out.exists() {
        fs::rename(out, &old).map_err(io_err(out))?;
    }
    fs::rename(staging, out).map_err(io_err(out))?;
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    Ok(())
}
