//! `referat validate`: check a written dataset against the schema compiled into this binary.
//!
//! A publisher runs it before putting a folder on a portal; a researcher may run it on what
//! they downloaded. It reads the files back with the Parquet crate (not with the writer's own
//! structures), so it checks what a reader will see: every table's columns, types and
//! nullability; the schema version in the key-value metadata; required columns without nulls;
//! closed value sets; primary keys unique; foreign keys resolving; `datapackage.json` naming
//! each file's true size and hash; and `SHA256SUMS` verifying every file. Every violation is
//! collected (one bad table does not hide another's), each naming its file.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use thiserror::Error;

use crate::schema::{Catalog, Table};
use crate::write::checksums::{self, SHA256SUMS};
use crate::write::datapackage::{self, parquet_file_name, DATAPACKAGE_JSON};
use crate::write::{KV_SCHEMA_VERSION, KV_SOURCES, KV_TABLE};

/// The provenance table and its checksum column: every file's `referat.sources` must list
/// exactly the checksums found there.
const PROVENANCE_TABLE: &str = "documents";
const PROVENANCE_CHECKSUM: &str = "sha256";

/// A Parquet file's key-value metadata.
type KeyValues = HashMap<String, Option<String>>;

/// How many offending values a violation quotes.
const EXAMPLES: usize = 3;

#[derive(Debug, Error)]
pub enum ValidateError {
    #[error("{path} cannot be read as a folder: {source}")]
    NotAFolder {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One thing wrong with the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The file it is in (relative to the dataset folder).
    pub file: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// What validation found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub violations: Vec<Violation>,
    /// Rows per table that could be read.
    pub row_counts: BTreeMap<String, usize>,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    fn add(&mut self, file: &str, message: impl Into<String>) {
        self.violations.push(Violation {
            file: file.to_string(),
            message: message.into(),
        });
    }
}

/// Validate the dataset in `dir` against `catalog`.
pub fn validate_dataset(dir: &Path, catalog: &Catalog) -> Result<Report, ValidateError> {
    let mut files: BTreeSet<String> = BTreeSet::new();
    let entries = fs::read_dir(dir).map_err(|source| ValidateError::NotAFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        files.insert(entry.file_name().to_string_lossy().into_owned());
    }
    let mut report = Report::default();
    check_checksums(dir, &files, &mut report);
    check_datapackage(dir, catalog, &mut report);

    // Key columns of every table, read once, for the key checks after all tables are read.
    let mut key_values: HashMap<(String, String), Vec<Option<String>>> = HashMap::new();
    let needed = key_columns(catalog);
    // The sources each file says it was built from, and the checksums documents holds.
    let mut listed_sources: Vec<(String, Option<String>)> = Vec::new();
    let mut document_checksums: Option<Vec<String>> = None;
    for table in &catalog.tables {
        let file = parquet_file_name(&table.name);
        if !files.contains(&file) {
            report.add(&file, "missing");
            continue;
        }
        let Some((batches, kv)) = read_table(dir, &file, table, catalog, &mut report) else {
            continue;
        };
        if table.name == PROVENANCE_TABLE {
            let mut checksums: Vec<String> = column_strings(&batches, PROVENANCE_CHECKSUM)
                .into_iter()
                .flatten()
                .collect();
            checksums.sort();
            checksums.dedup();
            document_checksums = Some(checksums);
        }
        listed_sources.push((file.clone(), kv.get(KV_SOURCES).cloned().flatten()));
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        report.row_counts.insert(table.name.clone(), rows);
        check_values(&file, table, &batches, &mut report);
        for column in &table.columns {
            if needed.contains(&(table.name.clone(), column.name.clone())) {
                key_values.insert(
                    (table.name.clone(), column.name.clone()),
                    column_strings(&batches, &column.name),
                );
            }
        }
    }
    for table in &catalog.tables {
        check_keys(table, &key_values, &mut report);
    }
    if let Some(expected) = document_checksums {
        check_sources(&expected, &listed_sources, &mut report);
    }
    for name in &files {
        let known = name == SHA256SUMS
            || name == DATAPACKAGE_JSON
            || catalog
                .tables
                .iter()
                .any(|t| parquet_file_name(&t.name) == *name);
        if !known {
            report.add(name, "not a file of this dataset's schema");
        }
    }
    Ok(report)
}

fn check_checksums(dir: &Path, files: &BTreeSet<String>, report: &mut Report) {
    let path = dir.join(SHA256SUMS);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => return report.add(SHA256SUMS, format!("cannot be read: {e}")),
    };
    let entries = match checksums::parse(Path::new(SHA256SUMS), &text) {
        Ok(entries) => entries,
        Err(e) => return report.add(SHA256SUMS, e.to_string()),
    };
    for mismatch in checksums::verify(dir, &entries) {
        report.add(SHA256SUMS, mismatch.to_string());
    }
    let listed: HashSet<&str> = entries.iter().map(|e| e.file_name.as_str()).collect();
    for name in files {
        if name != SHA256SUMS && !listed.contains(name.as_str()) {
            report.add(name, format!("not listed in {SHA256SUMS}"));
        }
    }
}

fn check_datapackage(dir: &Path, catalog: &Catalog, report: &mut Report) {
    let text = match fs::read_to_string(dir.join(DATAPACKAGE_JSON)) {
        Ok(text) => text,
        Err(e) => return report.add(DATAPACKAGE_JSON, format!("cannot be read: {e}")),
    };
    let package: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return report.add(DATAPACKAGE_JSON, format!("not JSON: {e}")),
    };
    let template = serde_json::to_value(datapackage::template(catalog)).expect("serialises");
    let empty = Vec::new();
    let resources = package["resources"].as_array().unwrap_or(&empty);
    for expected in template["resources"].as_array().unwrap_or(&empty) {
        let name = expected["name"].as_str().unwrap_or_default();
        let Some(resource) = resources.iter().find(|r| r["name"] == expected["name"]) else {
            report.add(DATAPACKAGE_JSON, format!("has no resource {name:?}"));
            continue;
        };
        if resource["path"] != expected["path"] {
            report.add(
                DATAPACKAGE_JSON,
                format!("resource {name:?} has path {}", resource["path"]),
            );
            continue;
        }
        if resource["schema"] != expected["schema"] {
            report.add(
                DATAPACKAGE_JSON,
                format!("the schema of resource {name:?} differs from this referat's schema"),
            );
        }
        let file = parquet_file_name(name);
        if let Ok((sha256, bytes)) = checksums::hash_file(&dir.join(&file)) {
            if resource["hash"].as_str() != Some(&format!("sha256:{sha256}")) {
                report.add(
                    DATAPACKAGE_JSON,
                    format!(
                        "resource {name:?}: hash {} is not the file's",
                        resource["hash"]
                    ),
                );
            }
            if resource["bytes"].as_u64() != Some(bytes) {
                report.add(
                    DATAPACKAGE_JSON,
                    format!(
                        "resource {name:?}: bytes {} but the file has {bytes}",
                        resource["bytes"]
                    ),
                );
            }
        }
    }
    if let Some(extra) = resources.iter().find(|r| {
        catalog
            .find_table(r["name"].as_str().unwrap_or_default())
            .is_none()
    }) {
        report.add(
            DATAPACKAGE_JSON,
            format!("resource {} is not in the schema", extra["name"]),
        );
    }
}

/// Read a table's file and check its schema and metadata. None when it cannot be read.
fn read_table(
    dir: &Path,
    file: &str,
    table: &Table,
    catalog: &Catalog,
    report: &mut Report,
) -> Option<(Vec<RecordBatch>, KeyValues)> {
    let opened = fs::File::open(dir.join(file))
        .map_err(|e| e.to_string())
        .and_then(|f| ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string()));
    let builder = match opened {
        Ok(b) => b,
        Err(e) => {
            report.add(file, format!("cannot be read as Parquet: {e}"));
            return None;
        }
    };
    let kv: KeyValues = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kvs| {
            kvs.iter()
                .map(|kv| (kv.key.clone(), kv.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    let version = kv.get(KV_SCHEMA_VERSION).cloned().flatten();
    if version.as_deref() != Some(catalog.dataset.schema_version.as_str()) {
        report.add(
            file,
            format!(
                "key-value metadata {KV_SCHEMA_VERSION} is {version:?}, this referat writes {:?}",
                catalog.dataset.schema_version
            ),
        );
    }
    let named = kv.get(KV_TABLE).cloned().flatten();
    if named.as_deref() != Some(table.name.as_str()) {
        report.add(file, format!("key-value metadata {KV_TABLE} is {named:?}"));
    }

    let schema = builder.schema().clone();
    for column in &table.columns {
        let Ok(field) = schema.field_with_name(&column.name) else {
            report.add(file, format!("column {} is missing", column.name));
            continue;
        };
        let expected = column.column_type.arrow_type();
        if !same_type(field.data_type(), &expected) {
            report.add(
                file,
                format!(
                    "column {} has type {}, the schema says {}",
                    column.name,
                    field.data_type(),
                    expected
                ),
            );
        }
        if field.is_nullable() != column.nullable {
            report.add(
                file,
                format!(
                    "column {} is {}, the schema says {}",
                    column.name,
                    nullability(field.is_nullable()),
                    nullability(column.nullable)
                ),
            );
        }
    }
    for field in schema.fields() {
        if table.column(field.name()).is_none() {
            report.add(
                file,
                format!("column {} is not in the schema", field.name()),
            );
        }
    }
    let file_order: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let schema_order: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    if file_order.len() == schema_order.len() && file_order != schema_order {
        report.add(file, "columns are not in the schema's order");
    }

    let reader = match builder.build() {
        Ok(r) => r,
        Err(e) => {
            report.add(file, format!("cannot be read: {e}"));
            return None;
        }
    };
    let mut batches = Vec::new();
    for batch in reader {
        match batch {
            Ok(b) => batches.push(b),
            Err(e) => {
                report.add(file, format!("cannot be read: {e}"));
                return None;
            }
        }
    }
    Some((batches, kv))
}

/// Every file's `referat.sources` lists exactly the checksums in the provenance table.
fn check_sources(expected: &[String], listed: &[(String, Option<String>)], report: &mut Report) {
    for (file, value) in listed {
        let parsed: Option<Vec<String>> = value
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok());
        match parsed {
            None => report.add(
                file,
                format!("key-value metadata {KV_SOURCES} is missing or not a JSON list"),
            ),
            Some(list) if list != expected => report.add(
                file,
                format!(
                    "key-value metadata {KV_SOURCES} lists {} checksum(s) that are not the {} \
                     in {PROVENANCE_TABLE}.{PROVENANCE_CHECKSUM}",
                    list.len(),
                    expected.len()
                ),
            ),
            Some(_) => {}
        }
    }
}

fn nullability(nullable: bool) -> &'static str {
    if nullable {
        "nullable"
    } else {
        "required"
    }
}

/// Types equal, ignoring the inner field name and nullability of lists (writers differ:
/// "item" vs "element").
fn same_type(found: &DataType, expected: &DataType) -> bool {
    match (found, expected) {
        (DataType::List(a), DataType::List(b)) => a.data_type() == b.data_type(),
        _ => found == expected,
    }
}

/// Required columns hold no null; closed sets hold only their values.
fn check_values(file: &str, table: &Table, batches: &[RecordBatch], report: &mut Report) {
    for column in &table.columns {
        if !column.nullable {
            let nulls: usize = batches
                .iter()
                .filter_map(|b| b.column_by_name(&column.name))
                .map(|a| a.null_count())
                .sum();
            if nulls > 0 {
                report.add(
                    file,
                    format!("required column {} has {nulls} nulls", column.name),
                );
            }
        }
        if let Some(allowed) = &column.allowed_values {
            let bad: BTreeSet<String> = column_strings(batches, &column.name)
                .into_iter()
                .flatten()
                .filter(|v| !allowed.contains(v))
                .collect();
            if !bad.is_empty() {
                report.add(
                    file,
                    format!(
                        "column {} holds {} value(s) outside {:?}: {}",
                        column.name,
                        bad.len(),
                        allowed,
                        examples(bad.iter())
                    ),
                );
            }
        }
    }
}

/// Every (table, column) a primary or foreign key uses.
fn key_columns(catalog: &Catalog) -> HashSet<(String, String)> {
    let mut needed = HashSet::new();
    for table in &catalog.tables {
        for column in &table.primary_key {
            needed.insert((table.name.clone(), column.clone()));
        }
        for fk in &table.foreign_keys {
            for column in &fk.fields {
                needed.insert((table.name.clone(), column.clone()));
            }
            for column in &fk.reference.fields {
                needed.insert((fk.reference.resource.clone(), column.clone()));
            }
        }
    }
    needed
}

/// The key tuples of a table's rows over `columns`; None when a column was not read.
fn tuples(
    key_values: &HashMap<(String, String), Vec<Option<String>>>,
    table: &str,
    columns: &[String],
) -> Option<Vec<Vec<Option<String>>>> {
    let columns: Vec<&Vec<Option<String>>> = columns
        .iter()
        .map(|c| key_values.get(&(table.to_string(), c.clone())))
        .collect::<Option<_>>()?;
    let rows = columns.first().map_or(0, |c| c.len());
    Some(
        (0..rows)
            .map(|row| columns.iter().map(|c| c[row].clone()).collect())
            .collect(),
    )
}

fn show(tuple: &[Option<String>]) -> String {
    let parts: Vec<String> = tuple
        .iter()
        .map(|v| v.as_deref().unwrap_or("null").to_string())
        .collect();
    parts.join(" | ")
}

fn examples<'a>(values: impl Iterator<Item = &'a String>) -> String {
    let shown: Vec<String> = values.take(EXAMPLES).map(|v| format!("{v:?}")).collect();
    shown.join(", ")
}

fn check_keys(
    table: &Table,
    key_values: &HashMap<(String, String), Vec<Option<String>>>,
    report: &mut Report,
) {
    let file = parquet_file_name(&table.name);
    if let Some(rows) = tuples(key_values, &table.name, &table.primary_key) {
        let mut seen: HashSet<&Vec<Option<String>>> = HashSet::new();
        let mut repeated: BTreeSet<String> = BTreeSet::new();
        for row in &rows {
            if !seen.insert(row) {
                repeated.insert(show(row));
            }
        }
        if !repeated.is_empty() {
            report.add(
                &file,
                format!(
                    "primary key ({}) is not unique: {} value(s) repeat, e.g. {}",
                    table.primary_key.join(", "),
                    repeated.len(),
                    examples(repeated.iter())
                ),
            );
        }
    }
    for fk in &table.foreign_keys {
        let (Some(rows), Some(targets)) = (
            tuples(key_values, &table.name, &fk.fields),
            tuples(key_values, &fk.reference.resource, &fk.reference.fields),
        ) else {
            continue;
        };
        let targets: HashSet<Vec<Option<String>>> = targets.into_iter().collect();
        let mut dangling: BTreeSet<String> = BTreeSet::new();
        let mut dangling_rows = 0;
        for row in &rows {
            // A null in a nullable key column refers to nothing (a null in a required one
            // is reported by the required-column check).
            if row.iter().any(Option::is_none) {
                continue;
            }
            if !targets.contains(row) {
                dangling_rows += 1;
                dangling.insert(show(row));
            }
        }
        if dangling_rows > 0 {
            report.add(
                &file,
                format!(
                    "foreign key ({}) → {}({}): {dangling_rows} row(s) name values not there, \
                     e.g. {}",
                    fk.fields.join(", "),
                    fk.reference.resource,
                    fk.reference.fields.join(", "),
                    examples(dangling.iter())
                ),
            );
        }
    }
}

/// A column's values as strings (keys and closed sets are compared as text).
fn column_strings(batches: &[RecordBatch], column: &str) -> Vec<Option<String>> {
    let mut values = Vec::new();
    for batch in batches {
        if let Some(array) = batch.column_by_name(column) {
            values.extend(array_strings(array));
        }
    }
    values
}

pub(crate) fn array_strings(array: &ArrayRef) -> Vec<Option<String>> {
    let len = array.len();
    let valid = |i: usize| array.is_valid(i);
    match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            (0..len)
                .map(|i| valid(i).then(|| a.value(i).to_string()))
                .collect()
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            (0..len)
                .map(|i| valid(i).then(|| a.value(i).to_string()))
                .collect()
        }
        DataType::Dictionary(key, value)
            if **key == DataType::Int32 && **value == DataType::Utf8 =>
        {
            let dict = array.as_dictionary::<Int32Type>();
            let values = dict.values().as_string::<i32>();
            (0..len)
                .map(|i| valid(i).then(|| values.value(dict.keys().value(i) as usize).to_string()))
                .collect()
        }
        DataType::Int32 => {
            let a = array.as_primitive::<Int32Type>();
            (0..len)
                .map(|i| valid(i).then(|| a.value(i).to_string()))
                .collect()
        }
        DataType::Int64 => {
            let a = array.as_primitive::<Int64Type>();
            (0..len)
                .map(|i| valid(i).then(|| a.value(i).to_string()))
                .collect()
        }
        DataType::Date32 => {
            let a = array.as_primitive::<Date32Type>();
            (0..len)
                .map(|i| valid(i).then(|| a.value(i).to_string()))
                .collect()
        }
        DataType::Decimal128(_, _) => {
            let a = array.as_primitive::<Decimal128Type>();
            (0..len)
                .map(|i| valid(i).then(|| a.value(i).to_string()))
                .collect()
        }
        DataType::Boolean => {
            let a = array.as_boolean();
            (0..len)
                .map(|i| valid(i).then(|| a.value(i).to_string()))
                .collect()
        }
        // Lists and timestamps are never keys; compare by their debug form if one is.
        _ => (0..len)
            .map(|i| valid(i).then(|| format!("{:?}", array.slice(i, 1))))
            .collect(),
    }
}
