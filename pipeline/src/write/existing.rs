//! What the dataset already in `--out` was built from, read back from its files: the inputs
//! fingerprint, row counts and the documents table. A run whose inputs are unchanged uses this
//! to leave the dataset as it is, without loading or writing any rows.

use std::fs::File;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;
use parquet::file::reader::{FileReader, SerializedFileReader};

use super::checksums::{self, SHA256SUMS};
use super::datapackage::parquet_file_name;
use super::KV_INPUTS;
use crate::schema::catalog;

/// One row of the existing documents table, as much as a run summary needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingDocument {
    pub source: String,
    pub status: String,
    pub problems: Vec<String>,
}

/// The existing dataset: present, complete (SHA256SUMS verifies) and built from `inputs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingDataset {
    /// Rows per table, in the catalog's order.
    pub row_counts: Vec<(String, u64)>,
    /// Rows of the documents table.
    pub document_count: usize,
    /// The documents that a summary reports on: those not "ok" or with problems. The others
    /// are only counted (`document_count` less these): a no-change re-run's peak memory is
    /// here, and a row per document grew it with the number of documents (~150 bytes each).
    pub documents: Vec<ExistingDocument>,
}

/// Whether `out` may hold a dataset that [`unchanged`] accepts: without a `SHA256SUMS` it holds
/// none, whatever the inputs.
pub fn may_be_unchanged(out: &Path) -> bool {
    out.join(SHA256SUMS).is_file()
}

/// The dataset in `out` if it is complete, verifies against its SHA256SUMS, and its documents
/// table records `inputs` as what it was built from; None otherwise (then the run builds anew).
pub fn unchanged(out: &Path, inputs: &str) -> Option<ExistingDataset> {
    if !verifies(out) {
        return None;
    }
    built_from(out, inputs)
}

/// Whether `out` holds a complete dataset: a `SHA256SUMS` whose every file is there with its
/// checksum. (The longest part of [`unchanged`]: a run does it while it fetches.)
pub fn verifies(out: &Path) -> bool {
    let Ok(sums) = std::fs::read_to_string(out.join(SHA256SUMS)) else {
        return false;
    };
    checksums::parse(&out.join(SHA256SUMS), &sums)
        .is_ok_and(|entries| checksums::verify(out, &entries).is_empty())
}

/// [`unchanged`] for a dataset that [`verifies`].
pub fn built_from(out: &Path, inputs: &str) -> Option<ExistingDataset> {
    let mut row_counts = Vec::new();
    for table in &catalog().tables {
        let path = out.join(parquet_file_name(&table.name));
        let reader = SerializedFileReader::new(File::open(&path).ok()?).ok()?;
        let meta = reader.metadata().file_metadata();
        if table.name == "documents" {
            let recorded = meta
                .key_value_metadata()?
                .iter()
                .find(|kv| kv.key == KV_INPUTS)?
                .value
                .clone()?;
            if recorded != inputs {
                return None;
            }
        }
        row_counts.push((table.name.clone(), meta.num_rows() as u64));
    }
    let (document_count, documents) = read_documents(&out.join(parquet_file_name("documents")))?;
    Some(ExistingDataset {
        row_counts,
        document_count,
        documents,
    })
}

/// The number of rows of the documents table, and the rows that are not "ok" or have problems.
fn read_documents(path: &Path) -> Option<(usize, Vec<ExistingDocument>)> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).ok()?).ok()?;
    // Only the columns a summary reads.
    let columns =
        ProjectionMask::columns(builder.parquet_schema(), ["source", "status", "problems"]);
    let reader = builder.with_projection(columns).build().ok()?;
    let (mut count, mut out) = (0, Vec::new());
    for batch in reader {
        let batch = batch.ok()?;
        let sources = strings(batch.column_by_name("source")?)?;
        let statuses = strings(batch.column_by_name("status")?)?;
        let problems = batch.column_by_name("problems")?.as_list_opt::<i32>()?;
        count += batch.num_rows();
        for (i, (source, status)) in sources.into_iter().zip(statuses).enumerate() {
            let list = if problems.is_valid(i) {
                strings(&problems.value(i))?
            } else {
                Vec::new()
            };
            if status != "ok" || !list.is_empty() {
                out.push(ExistingDocument {
                    source,
                    status,
                    problems: list,
                });
            }
        }
    }
    Some((count, out))
}

/// A string column (plain or dictionary-encoded); nulls as empty strings.
fn strings(array: &ArrayRef) -> Option<Vec<String>> {
    if !matches!(
        array.data_type(),
        DataType::Utf8 | DataType::Dictionary(_, _)
    ) {
        return None;
    }
    let values = crate::validate::array_strings(array);
    Some(values.into_iter().map(Option::unwrap_or_default).collect())
}
