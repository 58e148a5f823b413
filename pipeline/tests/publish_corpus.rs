//! The real corpus through the whole pipeline: the published dataset validates, and the
//! consumer libraries read it (column types checked against datapackage.json's types).

mod common;

use std::process::Command;

use referat::report::SilentReporter;
use referat::run::{run, RunConfig};
use referat::schema::catalog;
use referat::validate::validate_dataset;

#[test]
fn the_corpus_dataset_validates_and_loads() {
    let root = common::repo_file("");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let config = RunConfig {
        sources: referat::manifest::read(&root.join("data/sources.toml")).unwrap(),
        out: out.clone(),
        cache_dir: dir.path().join("cache"),
        fetch: Default::default(),
    };
    let summary = run(&config, &SilentReporter).unwrap();
    assert_eq!(summary.documents, 4);

    let report = validate_dataset(&out, catalog()).unwrap();
    assert!(report.is_valid(), "{:#?}", report.violations);
    // Four documents, four meetings (2016-09-20, 2022-11-15, 2023-09-19, 2025-03-25).
    assert_eq!(report.row_counts["meetings"], 4);
    assert_eq!(report.row_counts["documents"], 4);
    // The 2016 minutes list 16 items in their table of contents.
    assert!(report.row_counts["items"] >= 16, "{:?}", report.row_counts);

    let python = common::python();
    let output = Command::new(&python)
        .arg(root.join("python/check_dataset.py"))
        .arg(&out)
        .arg("--examples-from")
        .arg(root.join("docs/researchers.md"))
        .output()
        .unwrap_or_else(|e| panic!("cannot start {python}: {e}; run `make python-deps`"));
    assert!(
        output.status.success(),
        "check_dataset.py on the corpus dataset (exit 3 = run `make python-deps`):\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
