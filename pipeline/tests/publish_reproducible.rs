//! Reproducible output: the same input gives byte-identical files — Parquet, datapackage.json
//! and SHA256SUMS — whatever the order rows arrive in, wherever the folder is, and across
//! processes (the real binary over the real corpus, twice, with separate caches).

mod publish_fixture;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use publish_fixture::{folder_bytes, sample_dataset};
use referat::write::write_dataset;

#[test]
fn the_same_rows_give_the_same_bytes_in_any_order_and_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let second = dir.path().join("elsewhere/second");
    write_dataset(&first, &mut sample_dataset()).unwrap();
    let mut reversed = sample_dataset();
    reversed.meetings.reverse();
    reversed.items.reverse();
    reversed.decisions.reverse();
    reversed.votes.reverse();
    reversed.attendance.reverse();
    reversed.amounts.reverse();
    reversed.documents.reverse();
    write_dataset(&second, &mut reversed).unwrap();
    let (a, b) = (folder_bytes(&first), folder_bytes(&second));
    assert_eq!(
        a.len(),
        9,
        "7 tables, datapackage.json, SHA256SUMS: {:?}",
        a.keys()
    );
    for (name, bytes) in &a {
        assert!(
            b.get(name) == Some(bytes),
            "{name} differs between the two runs"
        );
    }

    // Rewriting the same folder changes nothing either.
    write_dataset(&first, &mut sample_dataset()).unwrap();
    assert!(
        folder_bytes(&first) == a,
        "a second write into the same folder changed bytes"
    );
}

#[test]
fn different_rows_give_different_checksums() {
    // The converse, so the test above cannot pass by writing constant files.
    let dir = tempfile::tempdir().unwrap();
    write_dataset(&dir.path().join("a"), &mut sample_dataset()).unwrap();
    let mut changed = sample_dataset();
    changed.items[0].title.push('!');
    write_dataset(&dir.path().join("b"), &mut changed).unwrap();
    let (a, b) = (
        folder_bytes(&dir.path().join("a")),
        folder_bytes(&dir.path().join("b")),
    );
    assert_ne!(a["items.parquet"], b["items.parquet"]);
    assert_eq!(a["meetings.parquet"], b["meetings.parquet"]);
    assert_ne!(a["SHA256SUMS"], b["SHA256SUMS"]);
}

#[test]
fn two_runs_of_the_binary_over_the_corpus_are_byte_identical() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sources.toml");
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let out = dir.path().join(name);
        let cache = dir.path().join(format!("{name}-cache"));
        run_binary(&["--manifest".as_ref(), manifest.as_os_str()], &out, &cache);
        folder_bytes(&out)
    };
    let (a, b) = (run("one"), run("two"));
    assert_eq!(a.len(), 9);
    for (name, bytes) in &a {
        assert!(
            b.get(name) == Some(bytes),
            "{name} differs between two runs"
        );
    }
}

#[test]
fn a_first_run_and_a_run_over_another_dataset_write_the_same_bytes() {
    // A first run (nothing in --out) parses each document as soon as it is fetched; a run over
    // a folder holding a dataset fetches every source first, to compare the inputs with that
    // dataset's. Both must write the same dataset.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &Path, cache: &str, sources: &[&str]| {
        let sources: Vec<_> = sources.iter().map(|s| corpus.join(s)).collect();
        let args: Vec<&OsStr> = sources.iter().map(|s| s.as_os_str()).collect();
        run_binary(&args, out, &dir.path().join(cache));
    };
    let all = ["corpus"];
    let first = dir.path().join("first");
    run(&first, "first-cache", &all);

    let over = dir.path().join("over");
    run(&over, "other-cache", &["corpus/001_bcefb93b7da31050.txt"]);
    assert!(over.join("SHA256SUMS").is_file());
    let before = folder_bytes(&over);
    run(&over, "over-cache", &all);
    let (a, b) = (folder_bytes(&first), folder_bytes(&over));
    assert_ne!(before["documents.parquet"], b["documents.parquet"]);
    assert_eq!(a.len(), 9);
    for (name, bytes) in &a {
        assert!(b.get(name) == Some(bytes), "{name} differs");
    }
}

/// `referat run ARGS --out OUT --cache-dir CACHE`, which must write the dataset: exit 0, or 1
/// when a source failed (the parser may not read every document yet).
fn run_binary(args: &[&OsStr], out: &Path, cache: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_referat"))
        .arg("run")
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--cache-dir")
        .arg(cache)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
