//! Helpers shared by the integration tests: the corpus, and a real Python (DuckDB, pyarrow) to
//! read what Referat wrote the way researchers will.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A path relative to the repository's root.
pub fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// The bundled sample corpus.
pub fn corpus_dir() -> PathBuf {
    repo_file("data/corpus")
}

/// The Python with duckdb/pyarrow: `REFERAT_PYTHON` (set by `make test`), else `python3`.
pub fn python() -> String {
    std::env::var("REFERAT_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Run a DuckDB query over the Parquet files in `dir` (each table is a view named after its
/// file) and return the rows as JSON arrays. Fails the test, with the reason, when DuckDB is not
/// installed: run `make python-deps` (`make test` does it).
pub fn duckdb_query(dir: &Path, sql: &str) -> Vec<Vec<serde_json::Value>> {
    let script = r#"
import json, sys, glob, os
try:
    import duckdb
except ImportError:
    sys.exit("duckdb is not installed for this Python: run `make python-deps`")
con = duckdb.connect()
for path in glob.glob(os.path.join(sys.argv[1], "*.parquet")):
    name = os.path.splitext(os.path.basename(path))[0]
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
rows = con.execute(sys.argv[2]).fetchall()
print(json.dumps(rows, default=str))
"#;
    let output = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(dir)
        .arg(sql)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; run `make python-deps`", python()));
    assert!(
        output.status.success(),
        "DuckDB query failed: {}\n{}",
        sql,
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Vec<Vec<serde_json::Value>> =
        serde_json::from_slice(&output.stdout).expect("JSON rows");
    rows
}

/// A document's bytes through extract → parse → normalise, as a run would, with a fixed stored
/// record (checksum and fetch time): ids come from the text, not from the bytes.
pub fn rows_of_bytes(bytes: &[u8], source: &str) -> referat::rows::Normalised {
    use chrono::{TimeZone, Utc};
    let extracted = referat::extract::extract(bytes, None).expect("extracts");
    let parsed = referat::parse::parse(&extracted.text).expect("parses");
    let stored = referat::model::Stored {
        source: referat::model::Source::new(source),
        sha256: "0".repeat(64),
        byte_size: bytes.len() as u64,
        fetched_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        content_type: None,
    };
    referat::normalise::normalise(&parsed, &stored)
}

/// [`rows_of_bytes`] of a file of the bundled corpus, by file name.
pub fn rows_of_corpus(file_name: &str) -> referat::rows::Normalised {
    let path = corpus_dir().join(file_name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    rows_of_bytes(&bytes, &path.display().to_string())
}
