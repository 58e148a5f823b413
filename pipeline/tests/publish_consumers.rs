//! Researchers can load the dataset: DuckDB, pyarrow, pandas and polars (the real libraries,
//! via Python) read every table with the expected types and row counts, join items to
//! meetings, see the schema version in the key-value metadata, and run every SQL and Python
//! example of docs/researchers.md. Python comes from REFERAT_PYTHON (`make test` sets it to the project's
//! venv) or python3; a missing library fails the test, it never skips.

mod common;
mod publish_fixture;

use std::process::Command;

use referat::schema::catalog;
use referat::write::write_dataset;

fn require_consumer_libraries(python: &str) {
    let probe = Command::new(python)
        .args(["-c", "import duckdb, pyarrow, pandas, polars"])
        .output()
        .unwrap_or_else(|e| panic!("cannot start {python}: {e}. Run `make python-deps`."));
    assert!(
        probe.status.success(),
        "{python} cannot import duckdb, pyarrow, pandas and polars: run `make python-deps` \
         (and `make test`, which points REFERAT_PYTHON at .venv/bin/python).\n{}",
        String::from_utf8_lossy(&probe.stderr)
    );
}

/// What the Python check must find, from the catalog and the fixture's row counts.
fn expectations() -> serde_json::Value {
    let mut tables = serde_json::Map::new();
    for table in &catalog().tables {
        let rows = publish_fixture::ROW_COUNTS
            .iter()
            .find(|(name, _)| *name == table.name)
            .map(|(_, rows)| *rows)
            .expect("the fixture names every table");
        let columns: Vec<serde_json::Value> = table
            .columns
            .iter()
            .map(|c| serde_json::json!([c.name, c.column_type.toml_name()]))
            .collect();
        tables.insert(
            table.name.clone(),
            serde_json::json!({ "rows": rows, "columns": columns }),
        );
    }
    serde_json::json!({ "tables": tables })
}

#[test]
fn duckdb_pyarrow_pandas_and_polars_read_every_table() {
    let python = common::python();
    require_consumer_libraries(&python);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write_dataset(&out, &mut publish_fixture::sample_dataset()).unwrap();
    let expect = dir.path().join("expect.json");
    std::fs::write(&expect, expectations().to_string()).unwrap();

    let root = common::repo_file("");
    let output = Command::new(&python)
        .arg(root.join("python/check_dataset.py"))
        .arg(&out)
        .arg("--expect")
        .arg(&expect)
        .arg("--examples-from")
        .arg(root.join("docs/researchers.md"))
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "check_dataset.py found problems:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("check_dataset: 0 problem(s)"), "{stdout}");
    // The researchers' guide has SQL examples, and each one ran.
    assert!(stdout.contains("query 4:"), "{stdout}");
    assert!(stdout.contains("python example 3: ran"), "{stdout}");
}

#[test]
fn the_python_check_notices_a_wrong_type() {
    let python = common::python();
    require_consumer_libraries(&python);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write_dataset(&out, &mut publish_fixture::sample_dataset()).unwrap();
    // Claim meetings.meeting_date is a decimal and that there are 99 meetings.
    let mut expect = expectations();
    expect["tables"]["meetings"]["rows"] = 99.into();
    expect["tables"]["meetings"]["columns"][4][1] = "decimal_18_2".into();
    let expect_path = dir.path().join("expect.json");
    std::fs::write(&expect_path, expect.to_string()).unwrap();
    let output = Command::new(&python)
        .arg(common::repo_file("python/check_dataset.py"))
        .arg(&out)
        .arg("--expect")
        .arg(&expect_path)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("DuckDB counts 3 rows, expected 99"),
        "{stdout}"
    );
    assert!(
        stdout.contains("DuckDB reads meeting_date as DATE"),
        "{stdout}"
    );
    assert!(
        stdout.contains("polars reads meeting_date as Date"),
        "{stdout}"
    );
}
