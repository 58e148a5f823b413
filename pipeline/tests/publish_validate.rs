//! `referat validate`: a dataset the writer wrote is valid; each kind of damage a publisher
//! could meet (changed bytes, a missing or extra file, repeated keys, dangling references,
//! nulls in a required column, values outside a closed set, a foreign schema version) is
//! named, and the command's exit status says so.

mod publish_fixture;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use referat::rows::Dataset;
use referat::schema::catalog;
use referat::validate::validate_dataset;
use referat::write::{record_batch, write_dataset, write_parquet};

fn write(dataset: &mut Dataset) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(&dir.path().join("out"), dataset).unwrap();
    dir
}

fn violations(out: &Path) -> Vec<String> {
    validate_dataset(out, catalog())
        .unwrap()
        .violations
        .iter()
        .map(|v| v.to_string())
        .collect()
}

fn has(found: &[String], needle: &str) -> bool {
    found.iter().any(|v| v.contains(needle))
}

#[test]
fn a_written_dataset_is_valid_and_counted() {
    let dir = write(&mut publish_fixture::sample_dataset());
    let report = validate_dataset(&dir.path().join("out"), catalog()).unwrap();
    assert!(report.is_valid(), "{:#?}", report.violations);
    for (table, rows) in publish_fixture::ROW_COUNTS {
        assert_eq!(report.row_counts[table], rows, "{table}");
    }
}

#[test]
fn repeated_keys_and_dangling_references_are_named() {
    let mut dataset = publish_fixture::sample_dataset();
    let duplicate = dataset.votes[0].clone();
    dataset.votes.push(duplicate);
    let mut orphan = dataset.items[0].clone();
    orphan.item_id = "odense/x/2020-01-01/1".into();
    orphan.meeting_id = "odense/x/2020-01-01".into();
    dataset.items.push(orphan);
    dataset.documents[0].status = "done".into();
    let dir = write(&mut dataset);
    let found = violations(&dir.path().join("out"));
    assert!(
        has(
            &found,
            "votes.parquet: primary key (vote_id) is not unique: 1 value(s) repeat"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "items.parquet: foreign key (meeting_id) → meetings(meeting_id): 1 row(s) name \
             values not there, e.g. \"odense/x/2020-01-01\""
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "documents.parquet: column status holds 1 value(s) outside"
        ),
        "{found:#?}"
    );
    // Null item_id in attendance (a whole-meeting absence) is allowed: no violation for it.
    assert!(!has(&found, "attendance.parquet"), "{found:#?}");
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn nulls_in_a_required_column_and_a_foreign_schema_version_are_named() {
    let dir = write(&mut publish_fixture::sample_dataset());
    let out = dir.path().join("out");
    // Rewrite documents.parquet as a careless tool might: status nullable and holding a null.
    let mut table = catalog().table("documents").clone();
    table
        .columns
        .iter_mut()
        .find(|c| c.name == "status")
        .unwrap()
        .nullable = true;
    let mut dataset = publish_fixture::sample_dataset();
    let batch = record_batch(&mut dataset.documents).unwrap();
    let mut status = StringDictionaryBuilder::<Int32Type>::new();
    status.append_null();
    for _ in 1..batch.num_rows() {
        status.append_value("ok");
    }
    let index = batch.schema().index_of("status").unwrap();
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    columns[index] = Arc::new(status.finish());
    let batch = RecordBatch::try_new(Arc::new(table.arrow_schema()), columns).unwrap();
    write_parquet(&out.join("documents.parquet"), &table, &batch, &[], None).unwrap();

    let found = violations(&out);
    assert!(
        has(
            &found,
            "documents.parquet: column status is nullable, the schema says required"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "documents.parquet: required column status has 1 nulls"
        ),
        "{found:#?}"
    );
    // Written without the source checksums the other files list.
    assert!(
        has(
            &found,
            "documents.parquet: key-value metadata referat.sources lists 0 checksum(s) that are \
             not the 3 in documents.sha256"
        ),
        "{found:#?}"
    );
    // The file changed after SHA256SUMS and datapackage.json were written.
    assert!(
        has(&found, "SHA256SUMS: documents.parquet: checksum mismatch"),
        "{found:#?}"
    );
    assert!(
        has(&found, "datapackage.json: resource \"documents\": hash"),
        "{found:#?}"
    );

    // Another schema version in a table's key-value metadata.
    let mut other = catalog().clone();
    other.dataset.schema_version = "9.9.9".into();
    let report = validate_dataset(&out, &other).unwrap();
    let found: Vec<String> = report.violations.iter().map(|v| v.to_string()).collect();
    assert!(
        has(
            &found,
            "meetings.parquet: key-value metadata referat.schema_version is Some(\"0.1.0\"), \
             this referat writes \"9.9.9\""
        ),
        "{found:#?}"
    );
}

#[test]
fn missing_extra_and_changed_files_are_named() {
    let dir = write(&mut publish_fixture::sample_dataset());
    let out = dir.path().join("out");
    std::fs::remove_file(out.join("votes.parquet")).unwrap();
    std::fs::write(out.join("notes.txt"), "hello").unwrap();
    let mut package = std::fs::read_to_string(out.join("datapackage.json")).unwrap();
    package.push(' ');
    std::fs::write(out.join("datapackage.json"), package).unwrap();
    let found = violations(&out);
    for needle in [
        "votes.parquet: missing",
        "SHA256SUMS: votes.parquet is listed in SHA256SUMS but cannot be read",
        "notes.txt: not listed in SHA256SUMS",
        "notes.txt: not a file of this dataset's schema",
        "SHA256SUMS: datapackage.json: checksum mismatch",
    ] {
        assert!(has(&found, needle), "{needle}\n{found:#?}");
    }
}

#[test]
fn the_command_exits_1_naming_each_violation_and_0_when_clean() {
    let referat = env!("CARGO_BIN_EXE_referat");
    let dir = write(&mut publish_fixture::sample_dataset());
    let out = dir.path().join("out");
    let clean = Command::new(referat)
        .arg("validate")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0), "{clean:?}");
    assert!(clean.stdout.is_empty());

    std::fs::write(out.join("SHA256SUMS"), "not a checksum line\n").unwrap();
    std::fs::remove_file(out.join("amounts.parquet")).unwrap();
    let bad = Command::new(referat)
        .arg("validate")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stdout = String::from_utf8(bad.stdout).unwrap();
    let lines: HashMap<&str, ()> = stdout.lines().map(|l| (l, ())).collect();
    assert!(
        lines.contains_key("violation: amounts.parquet: missing"),
        "{stdout}"
    );
    assert!(
        stdout.contains("violation: SHA256SUMS: SHA256SUMS, line 1: expected"),
        "{stdout}"
    );

    let missing = Command::new(referat)
        .arg("validate")
        .arg(dir.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot be read as a folder"));
}

#[test]
fn coreutils_sha256sum_verifies_the_checksum_file() {
    let dir = write(&mut publish_fixture::sample_dataset());
    let out = dir.path().join("out");
    let check = Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(&out)
        .output()
        .expect("sha256sum (GNU coreutils) runs");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{stdout}");
    // Every file but SHA256SUMS itself is covered, datapackage.json included.
    assert_eq!(
        stdout.lines().filter(|l| l.ends_with(": OK")).count(),
        8,
        "{stdout}"
    );
    assert!(stdout.contains("datapackage.json: OK"), "{stdout}");

    std::fs::write(out.join("meetings.parquet"), b"tampered").unwrap();
    let tampered = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(!tampered.status.success());
    assert!(String::from_utf8_lossy(&tampered.stdout).contains("meetings.parquet: FAILED"));
}
