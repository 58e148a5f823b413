//! End to end through the binary: the four corpus documents with bad input among them.
//! The good ones are written, each bad one is named with its reason on stderr and in the
//! documents table, and the exit status is non-zero.

mod common;

use std::fs;
use std::process::Command;

use common::{corpus_dir, duckdb_query};

fn referat() -> Command {
    Command::new(env!("CARGO_BIN_EXE_referat"))
}

#[test]
fn bad_input_among_good_costs_only_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    fs::create_dir(&input).unwrap();
    for entry in fs::read_dir(corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
    }
    // Binary garbage (with NUL bytes), an empty file, and a text that is not minutes.
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    fs::write(input.join("garbage.bin"), garbage).unwrap();
    fs::write(input.join("empty.txt"), b"").unwrap();
    fs::write(
        input.join("shopping.txt"),
        "Indkøbsliste\n\nMælk, brød og ost.\nHusk at ringe til tandlægen i morgen.\n",
    )
    .unwrap();

    let out = tmp.path().join("out");
    let output = referat()
        .args(["run", "--out"])
        .arg(&out)
        .arg("--cache-dir")
        .arg(tmp.path().join("cache"))
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status; stderr:\n{stderr}"
    );
    for (name, reason) in [
        ("garbage.bin", "binary data"),
        ("empty.txt", "empty document"),
        ("shopping.txt", "not meeting minutes"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(reason)),
            "stderr names {name} with {reason:?}:\n{stderr}"
        );
    }

    // documents: one row per source; the bad ones failed with their reason.
    let docs = duckdb_query(
        &out,
        "SELECT regexp_extract(source, '[^/]+$'), status, problems[1] FROM documents ORDER BY 1",
    );
    let statuses: Vec<(String, String)> = docs
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap().to_string(),
                r[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(statuses.len(), 7, "{docs:?}");
    for (name, status) in &statuses {
        let expected_failed = ["garbage.bin", "empty.txt", "shopping.txt"].contains(&name.as_str());
        assert_eq!(status == "failed", expected_failed, "{name}: {status}");
    }

    // The good ones: meetings with their dates and item counts (from reading the documents).
    let meetings = duckdb_query(
        &out,
        "SELECT CAST(m.meeting_date AS VARCHAR), m.committee, m.item_count, count(i.item_id)
         FROM meetings m JOIN items i USING (meeting_id)
         GROUP BY ALL ORDER BY 1",
    );
    let expected = [
        ("2016-09-20", 16),
        ("2022-11-15", 17),
        ("2023-09-19", 12),
        ("2025-03-25", 9),
    ];
    assert_eq!(meetings.len(), expected.len(), "{meetings:?}");
    for (row, (date, items)) in meetings.iter().zip(expected) {
        assert_eq!(row[0], date);
        assert_eq!(row[1], "Beskæftigelses- og Socialudvalget");
        assert_eq!(row[2], items, "item_count of {date}");
        assert_eq!(row[3], items, "item rows of {date}");
    }
}

#[test]
fn a_run_with_only_good_sources_exits_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = referat()
        .args(["run", "--manifest"])
        .arg(corpus_dir().join("../sources.toml"))
        .arg("--out")
        .arg(&out)
        .arg("--cache-dir")
        .arg(tmp.path().join("cache"))
        .status()
        .unwrap();
    assert!(status.success());
    let rows = duckdb_query(
        &out,
        "SELECT count(*) FROM meetings WHERE municipality = 'Odense Kommune'",
    );
    assert_eq!(rows[0][0], 4);
}

#[test]
fn usage_errors_exit_with_two() {
    let output = referat().args(["run", "--no-such-flag"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// A temporary folder holding two corpus documents in `input/` (returned), and a run over that
/// folder into `out/`, its cache in `cache/`.
fn run_over_two_corpus_documents() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    referat::run::RunConfig,
) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    fs::create_dir(&input).unwrap();
    for name in ["000_9ddbbfa82481eb80.txt", "002_c36eb43fa879c7d2.txt"] {
        fs::copy(corpus_dir().join(name), input.join(name)).unwrap();
    }
    let config = referat::run::RunConfig {
        sources: vec![referat::model::Source::new(input.to_string_lossy())],
        out: tmp.path().join("out"),
        cache_dir: tmp.path().join("cache"),
        fetch: referat::fetch::FetchOptions::default(),
    };
    (tmp, input, config)
}

/// The summary of a re-run that finds the dataset up to date is read back from the dataset:
/// it is the first run's, failed documents and problems included (only the documents that are
/// not "ok" or have problems are kept for it; the others are counted).
#[test]
fn an_up_to_date_dataset_reports_the_first_runs_failures_and_problems() {
    use referat::report::SilentReporter;
    use referat::run::{run, RunSummary};

    let (_tmp, input, config) = run_over_two_corpus_documents();
    fs::write(input.join("empty.txt"), b"").unwrap();
    fs::write(input.join("letter.txt"), "Kære Jens,\n\ntak for sidst.\n").unwrap();
    let first = run(&config, &SilentReporter).unwrap();
    assert!(!first.unchanged);
    assert_eq!(
        (first.documents, first.ok, first.failed),
        (4, 2, 2),
        "{first:?}"
    );
    assert_eq!(first.problems.len(), 2, "{first:?}");
    let second = run(&config, &SilentReporter).unwrap();
    assert!(second.unchanged, "{second:?}");
    assert_eq!(
        RunSummary {
            unchanged: false,
            cached: first.cached,
            ..second.clone()
        },
        first
    );
    assert_eq!(second.cached, 4);
}

/// A re-run over unchanged inputs finds the dataset up to date: nothing is parsed or written
/// (the files are the very same files), and the summary is the first run's. When one document
/// changes, the dataset is built again and that document's meeting replaced.
#[test]
fn unchanged_inputs_leave_the_dataset_as_it_is() {
    use referat::report::SilentReporter;
    use referat::run::run;

    let (_tmp, input, config) = run_over_two_corpus_documents();
    let first = run(&config, &SilentReporter).unwrap();
    assert!(!first.unchanged);
    assert_eq!((first.meetings, first.items), (2, 21));
    let inode = |name: &str| {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(config.out.join(name)).unwrap().ino()
    };
    let before: Vec<u64> = ["items.parquet", "documents.parquet", "SHA256SUMS"]
        .map(inode)
        .into();

    let second = run(&config, &SilentReporter).unwrap();
    assert!(second.unchanged, "{second:?}");
    assert_eq!(
        (
            second.documents,
            second.ok,
            second.meetings,
            second.items,
            second.amounts
        ),
        (
            first.documents,
            first.ok,
            first.meetings,
            first.items,
            first.amounts
        )
    );
    let after: Vec<u64> = ["items.parquet", "documents.parquet", "SHA256SUMS"]
        .map(inode)
        .into();
    assert_eq!(before, after, "an up-to-date dataset is not written again");

    // A file of the dataset damaged, the inputs unchanged: it no longer verifies (checked
    // while the sources are fetched), so the run builds it again.
    let items = config.out.join("items.parquet");
    let mut damaged = fs::read(&items).unwrap();
    damaged.push(0);
    fs::write(&items, damaged).unwrap();
    let rebuilt = run(&config, &SilentReporter).unwrap();
    assert!(!rebuilt.unchanged, "{rebuilt:?}");
    assert_eq!(rebuilt.items, first.items);
    assert!(run(&config, &SilentReporter).unwrap().unchanged);

    // One document changes: its meeting moves a week; the run builds again.
    let path = input.join("000_9ddbbfa82481eb80.txt");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("19-09-2023", "26-09-2023")
        .replace("19. september 2023", "26. september 2023");
    fs::write(&path, text).unwrap();
    let third = run(&config, &SilentReporter).unwrap();
    assert!(!third.unchanged);
    assert_eq!((third.meetings, third.cached), (2, 1), "{third:?}");
    let dates = duckdb_query(
        &config.out,
        "SELECT CAST(meeting_date AS VARCHAR) FROM meetings ORDER BY 1",
    );
    assert_eq!(dates, vec![vec!["2023-09-26"], vec!["2025-03-25"]]);
}

/// The writer loads each document's rows back from the rows cache; a document whose rows
/// could not be cached is written from memory instead, not lost.
#[test]
fn rows_that_cannot_be_cached_are_still_written() {
    use referat::fetch::FetchOptions;
    use referat::model::Source;
    use referat::report::SilentReporter;
    use referat::run::{run, RunConfig};

    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    fs::create_dir(&input).unwrap();
    for name in ["000_9ddbbfa82481eb80.txt", "001_bcefb93b7da31050.txt"] {
        fs::copy(corpus_dir().join(name), input.join(name)).unwrap();
    }
    let config = |name: &str| RunConfig {
        sources: vec![Source::new(input.to_string_lossy())],
        out: tmp.path().join(name).join("out"),
        cache_dir: tmp.path().join(name).join("cache"),
        fetch: FetchOptions::default(),
    };
    let cached = config("cached");
    let uncached = config("uncached");
    // A file where the rows cache's folder would go: every rows write fails.
    fs::create_dir_all(&uncached.cache_dir).unwrap();
    fs::write(uncached.cache_dir.join("rows"), "not a folder").unwrap();

    let with_cache = run(&cached, &SilentReporter).unwrap();
    let without_cache = run(&uncached, &SilentReporter).unwrap();
    assert!(!uncached.cache_dir.join("rows").is_dir());
    assert_eq!((with_cache.meetings, with_cache.failed), (2, 0));
    assert_eq!(
        (
            without_cache.meetings,
            without_cache.items,
            without_cache.votes
        ),
        (with_cache.meetings, with_cache.items, with_cache.votes)
    );
    for table in [
        "meetings",
        "items",
        "decisions",
        "votes",
        "attendance",
        "amounts",
    ] {
        let file = format!("{table}.parquet");
        assert!(
            fs::read(cached.out.join(&file)).unwrap()
                == fs::read(uncached.out.join(&file)).unwrap(),
            "{file} differs when rows could not be cached"
        );
    }
    let items = duckdb_query(&uncached.out, "SELECT count(*) FROM items");
    assert_eq!(items, vec![vec![serde_json::Value::from(with_cache.items)]]);
}
