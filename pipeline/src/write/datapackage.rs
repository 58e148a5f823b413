//! `datapackage.json`: the dataset described as a Frictionless Data Package (v2), generated
//! from the schema catalog ([`crate::schema`]) so it can never disagree with the Parquet files.
//!
//! Two forms: the *template* (`referat schema --format datapackage`, committed as
//! `docs/datapackage.template.json`) has the tables' schemas only; the file written next to a
//! dataset adds what a run knows — every resource's `hash` and `bytes`, and the source
//! documents it was built from. Neither holds a run timestamp, so the same input gives the
//! same bytes. Keys are written in the order of the structs below (serde keeps field order).

use serde::Serialize;

use crate::schema::{Catalog, Column, Table};

/// The file's name next to the Parquet files.
pub const DATAPACKAGE_JSON: &str = "datapackage.json";
/// IANA media type of Apache Parquet.
pub const PARQUET_MEDIATYPE: &str = "application/vnd.apache.parquet";
const PACKAGE_PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";
const TABLE_SCHEMA_PROFILE: &str = "https://datapackage.org/profiles/2.0/tableschema.json";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataPackage {
    #[serde(rename = "$schema")]
    pub profile: &'static str,
    pub name: String,
    pub title: String,
    pub description: String,
    /// The schema version: it changes when a table's shape changes.
    pub version: String,
    /// The Referat version that wrote the dataset (a custom property; Frictionless allows
    /// them). Absent from the template, which would otherwise go stale at every release.
    #[serde(rename = "referatVersion", skip_serializing_if = "Option::is_none")]
    pub referat_version: Option<String>,
    pub licenses: Vec<LicenseJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<SourceJson>>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LicenseJson {
    pub name: String,
    pub path: String,
    pub title: String,
}

/// One source document the dataset was built from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceJson {
    pub title: String,
    /// Path or URL as given to referat.
    pub path: String,
    /// SHA-256 of the raw bytes read (a custom property).
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    pub name: String,
    pub path: String,
    #[serde(rename = "type")]
    pub resource_type: &'static str,
    pub format: &'static str,
    pub mediatype: &'static str,
    pub description: String,
    /// `sha256:<hex>` of the file (absent in the template).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    pub schema: TableSchema,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSchema {
    #[serde(rename = "$schema")]
    pub profile: &'static str,
    pub fields: Vec<FieldJson>,
    pub primary_key: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKeyJson>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldJson {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: &'static str,
    pub description: String,
    pub example: String,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Vec<String>>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForeignKeyJson {
    pub fields: Vec<String>,
    pub reference: ReferenceJson,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceJson {
    pub resource: String,
    pub fields: Vec<String>,
}

/// What a run knows about one written table file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub table: String,
    pub sha256: String,
    pub bytes: u64,
}

/// The file name of a table's Parquet file.
pub fn parquet_file_name(table: &str) -> String {
    format!("{table}.parquet")
}

fn field(table: &Table, column: &Column) -> FieldJson {
    let single_column_key = table.primary_key.len() == 1 && table.primary_key[0] == column.name;
    FieldJson {
        name: column.name.clone(),
        field_type: column.column_type.frictionless_type(),
        description: column.description.clone(),
        example: column.example.clone(),
        constraints: Constraints {
            required: !column.nullable,
            unique: single_column_key,
            allowed_values: column.allowed_values.clone(),
        },
    }
}

fn resource(table: &Table) -> Resource {
    Resource {
        name: table.name.clone(),
        path: parquet_file_name(&table.name),
        resource_type: "table",
        format: "parquet",
        mediatype: PARQUET_MEDIATYPE,
        description: table.description.clone(),
        hash: None,
        bytes: None,
        schema: TableSchema {
            profile: TABLE_SCHEMA_PROFILE,
            fields: table.columns.iter().map(|c| field(table, c)).collect(),
            primary_key: table.primary_key.clone(),
            foreign_keys: table
                .foreign_keys
                .iter()
                .map(|fk| ForeignKeyJson {
                    fields: fk.fields.clone(),
                    reference: ReferenceJson {
                        resource: fk.reference.resource.clone(),
                        fields: fk.reference.fields.clone(),
                    },
                })
                .collect(),
        },
    }
}

/// The package without run facts: every table's schema, no hashes, no sources.
pub fn template(catalog: &Catalog) -> DataPackage {
    let dataset = &catalog.dataset;
    DataPackage {
        profile: PACKAGE_PROFILE,
        name: dataset.name.clone(),
        title: dataset.title.clone(),
        description: dataset.description.clone(),
        version: dataset.schema_version.clone(),
        referat_version: None,
        licenses: dataset
            .licenses
            .iter()
            .map(|l| LicenseJson {
                name: l.name.clone(),
                path: l.path.clone(),
                title: l.title.clone(),
            })
            .collect(),
        sources: None,
        resources: catalog.tables.iter().map(resource).collect(),
    }
}

/// The package written next to a dataset: the template plus each file's hash and size and
/// the sources (sorted by path, so the order of the run does not show).
pub fn for_dataset(
    catalog: &Catalog,
    files: &[WrittenFile],
    mut sources: Vec<SourceJson>,
) -> DataPackage {
    let mut package = template(catalog);
    package.referat_version = Some(crate::VERSION.to_string());
    for resource in &mut package.resources {
        if let Some(file) = files.iter().find(|f| f.table == resource.name) {
            resource.hash = Some(format!("sha256:{}", file.sha256));
            resource.bytes = Some(file.bytes);
        }
    }
    sources.sort_by(|a, b| (&a.path, &a.sha256).cmp(&(&b.path, &b.sha256)));
    sources.dedup();
    package.sources = Some(sources);
    package
}

/// Pretty JSON with a final newline.
pub fn to_json(package: &DataPackage) -> String {
    let mut text = serde_json::to_string_pretty(package).expect("a data package serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::catalog;

    #[test]
    fn template_follows_the_catalog() {
        let package = template(catalog());
        let json: serde_json::Value = serde_json::from_str(&to_json(&package)).unwrap();
        let resources = json["resources"].as_array().unwrap();
        assert_eq!(resources.len(), catalog().tables.len());
        let items = resources.iter().find(|r| r["name"] == "items").unwrap();
        assert_eq!(items["path"], "items.parquet");
        assert_eq!(items["format"], "parquet");
        assert!(items.get("hash").is_none());
        assert_eq!(
            items["schema"]["primaryKey"],
            serde_json::json!(["item_id"])
        );
        let fk = &items["schema"]["foreignKeys"][0];
        assert_eq!(fk["reference"]["resource"], "meetings");
        let fields = items["schema"]["fields"].as_array().unwrap();
        let id = &fields[0];
        assert_eq!(id["name"], "item_id");
        assert_eq!(id["type"], "string");
        assert_eq!(id["constraints"]["required"], true);
        assert_eq!(id["constraints"]["unique"], true);
        let attachments = fields.iter().find(|f| f["name"] == "attachments").unwrap();
        assert_eq!(attachments["type"], "array");
        assert!(
            attachments.get("constraints").is_none(),
            "nullable, no key, no enum"
        );
        let access = fields.iter().find(|f| f["name"] == "access").unwrap();
        assert_eq!(
            access["constraints"]["enum"],
            serde_json::json!(["open", "closed"])
        );
        assert!(json.get("sources").is_none());
    }

    #[test]
    fn a_dataset_package_has_hashes_and_sorted_sources() {
        let files = [WrittenFile {
            table: "meetings".into(),
            sha256: "ab".repeat(32),
            bytes: 1234,
        }];
        let source = |path: &str| SourceJson {
            title: path.into(),
            path: path.into(),
            sha256: "cd".repeat(32),
        };
        let package = for_dataset(catalog(), &files, vec![source("b.txt"), source("a.txt")]);
        let meetings = &package.resources[0];
        assert_eq!(
            meetings.hash.as_deref(),
            Some(&*format!("sha256:{}", "ab".repeat(32)))
        );
        assert_eq!(meetings.bytes, Some(1234));
        let paths: Vec<&str> = package
            .sources
            .as_ref()
            .unwrap()
            .iter()
            .map(|s| &*s.path)
            .collect();
        assert_eq!(paths, ["a.txt", "b.txt"]);
    }
}
