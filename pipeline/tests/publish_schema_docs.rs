//! The generated files committed to the repository are not stale: docs/schema.md and
//! docs/datapackage.template.json equal what `referat schema` generates from schemas/*.toml.

use std::path::Path;
use std::process::Command;

use referat::schema::catalog;
use referat::write::{datapackage, schema_doc};

fn committed(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn docs_schema_md_is_up_to_date() {
    assert!(
        committed("docs/schema.md") == schema_doc::markdown(catalog()),
        "docs/schema.md is stale: regenerate it with `make schema-docs` \
         (cargo run -p referat -- schema > docs/schema.md) and commit it"
    );
}

#[test]
fn docs_datapackage_template_is_up_to_date() {
    assert!(
        committed("docs/datapackage.template.json")
            == datapackage::to_json(&datapackage::template(catalog())),
        "docs/datapackage.template.json is stale: regenerate it with `make schema-docs` \
         (cargo run -p referat -- schema --format datapackage > docs/datapackage.template.json)"
    );
}

#[test]
fn referat_schema_prints_the_documentation() {
    let referat = env!("CARGO_BIN_EXE_referat");
    let markdown = Command::new(referat).arg("schema").output().unwrap();
    assert!(markdown.status.success());
    assert_eq!(
        String::from_utf8(markdown.stdout).unwrap(),
        committed("docs/schema.md")
    );
    let package = Command::new(referat)
        .args(["schema", "--format", "datapackage"])
        .output()
        .unwrap();
    assert!(package.status.success());
    let json: serde_json::Value = serde_json::from_slice(&package.stdout).unwrap();
    assert_eq!(
        json["resources"].as_array().unwrap().len(),
        catalog().tables.len()
    );
    assert_eq!(json["version"], catalog().dataset.schema_version);
}
