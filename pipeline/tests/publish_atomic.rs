//! Atomic output: a run killed at any moment leaves `--out` holding a complete, valid dataset
//! (the previous one, or the new one once the swap happened); the next run cleans up after
//! it; a reader that has a file open keeps reading it; a folder Referat did not write is never
//! replaced; two runs cannot write one `--out` at once.

mod publish_fixture;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use publish_fixture::{folder_bytes, sample_dataset};
use referat::schema::catalog;
use referat::validate::validate_dataset;
use referat::write::{write_dataset, WriteError, TEST_HOOK_PAUSE_BEFORE_SWAP_MS};

fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sources.toml")
}

fn spawn_run(out: &Path, cache: &Path, pause_ms: Option<u64>) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_referat"));
    command
        .arg("run")
        .arg("--manifest")
        .arg(manifest())
        .arg("--out")
        .arg(out)
        .arg("--cache-dir")
        .arg(cache)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(ms) = pause_ms {
        command.env(TEST_HOOK_PAUSE_BEFORE_SWAP_MS, ms.to_string());
    }
    command.spawn().expect("referat starts")
}

fn assert_valid(out: &Path) {
    let report = validate_dataset(out, catalog()).unwrap();
    assert!(
        report.is_valid(),
        "{}: {:#?}",
        out.display(),
        report.violations
    );
}

fn staging(out: &Path) -> PathBuf {
    out.with_file_name(".out.referat-new")
}

#[test]
fn a_run_killed_just_before_the_swap_leaves_the_previous_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let cache = dir.path().join("cache");
    write_dataset(&out, &mut sample_dataset()).unwrap();
    let previous = folder_bytes(&out);

    let mut child = spawn_run(&out, &cache, Some(60_000));
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let paused = stderr
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("test hook: pausing"));
    assert!(paused, "the run ended without reaching the swap");
    // The new dataset is complete in the staging folder, ...
    assert!(staging(&out).join("SHA256SUMS").exists());
    // ... the lock keeps a second writer out, ...
    match write_dataset(&out, &mut sample_dataset()) {
        Err(WriteError::Busy { .. }) => {}
        other => panic!("a second writer was let in: {other:?}"),
    }
    // ... and killing the run now leaves the previous dataset untouched.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        folder_bytes(&out) == previous,
        "the previous dataset changed"
    );
    assert_valid(&out);

    // The next run clears the leftovers and replaces the dataset.
    let status = spawn_run(&out, &cache, None).wait_with_output().unwrap();
    assert!(matches!(status.status.code(), Some(0 | 1)), "{status:?}");
    assert!(!staging(&out).exists(), "staging folder left behind");
    assert!(!out.with_file_name(".out.referat-old").exists());
    assert!(folder_bytes(&out) != previous);
    assert_valid(&out);
}

#[test]
fn kills_at_any_moment_leave_the_old_or_the_new_dataset_complete() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // The complete result of a run, for comparison.
    let reference = dir.path().join("reference");
    let done = spawn_run(&reference, &cache, None)
        .wait_with_output()
        .unwrap();
    assert!(matches!(done.status.code(), Some(0 | 1)), "{done:?}");
    let new = folder_bytes(&reference);

    let out = dir.path().join("out");
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for delay_ms in [0, 1, 2, 5, 10, 20, 40, 80, 160, 320] {
        write_dataset(&out, &mut sample_dataset()).unwrap();
        let old = folder_bytes(&out);
        let mut child = spawn_run(&out, &cache, None);
        std::thread::sleep(Duration::from_millis(delay_ms));
        // The run may have finished already; killing a finished child is fine.
        let _ = child.kill();
        child.wait().unwrap();
        let now = folder_bytes(&out);
        let outcome = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!(
                "after a kill at {delay_ms} ms, out holds neither dataset: {:?}",
                now.keys()
            )
        };
        *outcomes.entry(outcome).or_default() += 1;
        assert_valid(&out);
    }
    eprintln!("outcomes of the kills: {outcomes:?}");
}

#[test]
fn a_reader_with_a_file_open_keeps_reading_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write_dataset(&out, &mut sample_dataset()).unwrap();
    let open_file = std::fs::File::open(out.join("meetings.parquet")).unwrap();

    let mut smaller = sample_dataset();
    smaller.meetings.truncate(1);
    write_dataset(&out, &mut smaller).unwrap();

    let rows = |file: std::fs::File| -> usize {
        ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap()
            .map(|b| b.unwrap().num_rows())
            .sum()
    };
    assert_eq!(
        rows(open_file),
        3,
        "the open file is the old one, still whole"
    );
    assert_eq!(
        rows(std::fs::File::open(out.join("meetings.parquet")).unwrap()),
        1
    );
}

#[test]
fn a_folder_referat_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.tex"), "three years of work").unwrap();
    match write_dataset(&out, &mut sample_dataset()) {
        Err(WriteError::NotADataset { unexpected, .. }) => assert_eq!(unexpected, "thesis.tex"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.tex")).unwrap(),
        "three years of work"
    );
    assert!(!staging(&out).exists());
}

#[test]
fn a_symlinked_out_replaces_the_folder_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("portal");
    let link = dir.path().join("out");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_dataset(&link, &mut sample_dataset()).unwrap();
    write_dataset(&link, &mut sample_dataset()).unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(real.join("SHA256SUMS").exists());
    assert_valid(&link);
}

#[test]
fn an_interrupted_fallback_swap_is_repaired_by_the_next_run() {
    // The fallback (two renames) died between them: no out, the old dataset aside.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write_dataset(&out, &mut sample_dataset()).unwrap();
    let aside = dir.path().join(".out.referat-old");
    std::fs::rename(&out, &aside).unwrap();
    let mut changed = sample_dataset();
    changed.meetings.truncate(1);
    write_dataset(&out, &mut changed).unwrap();
    assert!(!aside.exists());
    assert!(!staging(&out).exists());
    let report = validate_dataset(&out, catalog()).unwrap();
    assert_eq!(report.row_counts["meetings"], 1);
}

#[test]
fn a_dataset_that_cannot_be_built_leaves_the_previous_one_and_no_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write_dataset(&out, &mut sample_dataset()).unwrap();
    let previous = folder_bytes(&out);
    let mut broken = sample_dataset();
    // More than DECIMAL(18, 2) can hold: the writer must refuse, not truncate.
    broken.amounts[0].amount_dkk = Some(rust_decimal::Decimal::from(10_i64.pow(17)));
    match write_dataset(&out, &mut broken) {
        Err(WriteError::Build { table, .. }) => assert_eq!(table, "amounts"),
        other => panic!("expected a build error, got {other:?}"),
    }
    assert!(folder_bytes(&out) == previous);
    assert!(!staging(&out).exists());
}
