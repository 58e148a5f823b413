//! The table schemas, loaded from `schemas/*.toml` — the one source of truth.
//!
//! The TOML files are compiled into the binary (`include_str!`), so a built `referat` always
//! carries the schema it writes. From them we build the Arrow schemas the writer uses (with each
//! column's description as field metadata); docs and datapackage.json are generated from them too.
//!
//! A table file holds `name`, `description`, `primary_key` (column names), any number of
//! `[[foreign_keys]]` (`fields` and `reference = { resource, fields }`) and one `[[columns]]`
//! per column: `name`, `type` (see [`ColumnType`]), `nullable`, `description`, `example`, and
//! optionally `enum` (the closed set of values; `referat validate` checks it). Unknown keys are
//! errors. After changing a file, run `make schema-docs` to regenerate `docs/schema.md` and
//! `docs/datapackage.template.json` (a test fails while they are stale).

use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field, Schema, TimeUnit};
use serde::Deserialize;

/// Field-metadata key holding a column's description (kept in the embedded Arrow schema).
pub const FIELD_DESCRIPTION_KEY: &str = "description";

const DATASET_TOML: &str = include_str!("../../schemas/dataset.toml");
const TABLE_TOMLS: &[(&str, &str)] = &[
    ("meetings", include_str!("../../schemas/meetings.toml")),
    ("items", include_str!("../../schemas/items.toml")),
    ("decisions", include_str!("../../schemas/decisions.toml")),
    ("votes", include_str!("../../schemas/votes.toml")),
    ("attendance", include_str!("../../schemas/attendance.toml")),
    ("amounts", include_str!("../../schemas/amounts.toml")),
    ("documents", include_str!("../../schemas/documents.toml")),
];

// Unknown keys are errors, not silently ignored: a misspelt `nulable` or `enums` in a schema
// file would otherwise change nothing and nobody would notice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    pub path: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub name: String,
    pub title: String,
    pub schema_version: String,
    pub description: String,
    pub licenses: Vec<License>,
    /// Table names in the order they are documented.
    pub tables: Vec<String>,
}

/// The logical column types the schema files may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Utf8,
    /// Low-cardinality string, dictionary-encoded (readers see VARCHAR / category).
    DictUtf8,
    Int32,
    Int64,
    Bool,
    Date32,
    /// Decimal128(18, 2): exact money.
    #[serde(rename = "decimal_18_2")]
    Decimal18_2,
    ListUtf8,
    ListInt32,
    TimestampUsUtc,
}

impl ColumnType {
    /// Every type, for tests that want to cover them all.
    pub const ALL: [ColumnType; 10] = [
        ColumnType::Utf8,
        ColumnType::DictUtf8,
        ColumnType::Int32,
        ColumnType::Int64,
        ColumnType::Bool,
        ColumnType::Date32,
        ColumnType::Decimal18_2,
        ColumnType::ListUtf8,
        ColumnType::ListInt32,
        ColumnType::TimestampUsUtc,
    ];

    /// The name used in `schemas/*.toml`.
    pub fn toml_name(self) -> &'static str {
        match self {
            ColumnType::Utf8 => "utf8",
            ColumnType::DictUtf8 => "dict_utf8",
            ColumnType::Int32 => "int32",
            ColumnType::Int64 => "int64",
            ColumnType::Bool => "bool",
            ColumnType::Date32 => "date32",
            ColumnType::Decimal18_2 => "decimal_18_2",
            ColumnType::ListUtf8 => "list_utf8",
            ColumnType::ListInt32 => "list_int32",
            ColumnType::TimestampUsUtc => "timestamp_us_utc",
        }
    }

    /// The Frictionless Table Schema type (what `datapackage.json` says).
    pub fn frictionless_type(self) -> &'static str {
        match self {
            ColumnType::Utf8 | ColumnType::DictUtf8 => "string",
            ColumnType::Int32 | ColumnType::Int64 => "integer",
            ColumnType::Bool => "boolean",
            ColumnType::Date32 => "date",
            ColumnType::Decimal18_2 => "number",
            ColumnType::ListUtf8 | ColumnType::ListInt32 => "array",
            ColumnType::TimestampUsUtc => "datetime",
        }
    }

    /// The Arrow type in words, for the docs.
    pub fn arrow_name(self) -> &'static str {
        match self {
            ColumnType::Utf8 => "string",
            ColumnType::DictUtf8 => "dictionary<int32, string>",
            ColumnType::Int32 => "int32",
            ColumnType::Int64 => "int64",
            ColumnType::Bool => "bool",
            ColumnType::Date32 => "date32",
            ColumnType::Decimal18_2 => "decimal128(18, 2)",
            ColumnType::ListUtf8 => "list<string>",
            ColumnType::ListInt32 => "list<int32>",
            ColumnType::TimestampUsUtc => "timestamp[us, UTC]",
        }
    }

    /// The type DuckDB shows for the column, for the docs.
    pub fn duckdb_name(self) -> &'static str {
        match self {
            ColumnType::Utf8 | ColumnType::DictUtf8 => "VARCHAR",
            ColumnType::Int32 => "INTEGER",
            ColumnType::Int64 => "BIGINT",
            ColumnType::Bool => "BOOLEAN",
            ColumnType::Date32 => "DATE",
            ColumnType::Decimal18_2 => "DECIMAL(18,2)",
            ColumnType::ListUtf8 => "VARCHAR[]",
            ColumnType::ListInt32 => "INTEGER[]",
            ColumnType::TimestampUsUtc => "TIMESTAMP WITH TIME ZONE",
        }
    }

    pub fn arrow_type(self) -> DataType {
        match self {
            ColumnType::Utf8 => DataType::Utf8,
            ColumnType::DictUtf8 => {
                DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
            }
            ColumnType::Int32 => DataType::Int32,
            ColumnType::Int64 => DataType::Int64,
            ColumnType::Bool => DataType::Boolean,
            ColumnType::Date32 => DataType::Date32,
            ColumnType::Decimal18_2 => DataType::Decimal128(18, 2),
            ColumnType::ListUtf8 => {
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
            }
            ColumnType::ListInt32 => {
                DataType::List(Arc::new(Field::new("item", DataType::Int32, true)))
            }
            ColumnType::TimestampUsUtc => {
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    pub nullable: bool,
    pub description: String,
    pub example: String,
    /// The values the column may hold, when it is a closed set (Frictionless `enum`
    /// constraint; `referat validate` checks it). Absent: any value.
    #[serde(default, rename = "enum")]
    pub allowed_values: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub resource: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    pub fields: Vec<String>,
    pub reference: Reference,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    pub description: String,
    pub primary_key: Vec<String>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKey>,
    pub columns: Vec<Column>,
}

impl Table {
    /// The Arrow schema the writer uses, with descriptions as field metadata.
    ///
    /// Only one metadata key per field, on purpose: Arrow keeps field metadata in a `HashMap`,
    /// whose iteration order changes from process to process, and the embedded Arrow schema
    /// would then differ between two runs over the same input (no byte-identical output).
    pub fn arrow_schema(&self) -> Schema {
        let fields: Vec<Field> = self
            .columns
            .iter()
            .map(|c| {
                Field::new(&c.name, c.column_type.arrow_type(), c.nullable).with_metadata(
                    std::collections::HashMap::from([(
                        FIELD_DESCRIPTION_KEY.to_string(),
                        c.description.clone(),
                    )]),
                )
            })
            .collect();
        Schema::new(fields)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// The whole schema: dataset facts and every table.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub dataset: Dataset,
    pub tables: Vec<Table>,
}

impl Catalog {
    /// The table of that name, if the schema has one.
    pub fn find_table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The table of that name. Panics on a name not in `schemas/`: callers pass names of the
    /// compiled-in tables, so a miss is a programming error.
    pub fn table(&self, name: &str) -> &Table {
        self.tables
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no table {name:?} in schemas/"))
    }
}

/// The catalog compiled into this binary. Panics only if a committed schema file is malformed,
/// which the tests catch.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let dataset: Dataset = toml::from_str(DATASET_TOML).expect("schemas/dataset.toml");
        let tables = dataset
            .tables
            .iter()
            .map(|name| {
                let (_, text) = TABLE_TOMLS
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap_or_else(|| panic!("schemas/{name}.toml is not compiled in"));
                let table: Table =
                    toml::from_str(text).unwrap_or_else(|e| panic!("schemas/{name}.toml: {e}"));
                assert_eq!(&table.name, name, "schemas/{name}.toml names another table");
                table
            })
            .collect();
        Catalog { dataset, tables }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_key_in_a_schema_file_is_an_error() {
        let text = r#"
            name = "t"
            description = "d"
            primary_key = ["a"]
            [[columns]]
            name = "a"
            type = "utf8"
            nullable = false
            description = "d"
            example = "x"
            enums = ["x"]
        "#;
        let error = toml::from_str::<Table>(text).unwrap_err().to_string();
        assert!(error.contains("unknown field `enums`"), "{error}");
        let fixed = text.replace("enums", "enum");
        let table: Table = toml::from_str(&fixed).unwrap();
        assert_eq!(table.columns[0].allowed_values, Some(vec!["x".to_string()]));
    }

    #[test]
    fn every_schema_file_loads_and_keys_name_real_columns() {
        let catalog = catalog();
        assert_eq!(catalog.tables.len(), TABLE_TOMLS.len());
        for table in &catalog.tables {
            for key in &table.primary_key {
                assert!(
                    table.column(key).is_some(),
                    "{}: primary key {key}",
                    table.name
                );
            }
            for column in &table.columns {
                if let Some(values) = &column.allowed_values {
                    assert!(
                        values.contains(&column.example),
                        "{}.{}: the example is not one of the allowed values",
                        table.name,
                        column.name
                    );
                }
            }
            for fk in &table.foreign_keys {
                let target = catalog.table(&fk.reference.resource);
                for (f, r) in fk.fields.iter().zip(&fk.reference.fields) {
                    assert!(table.column(f).is_some(), "{}: fk field {f}", table.name);
                    assert!(target.column(r).is_some(), "{}: fk target {r}", table.name);
                }
            }
        }
    }
}
