//! Whole runs over a mix of good and misbehaving http sources served on 127.0.0.1: every fault
//! has its documented outcome in the `documents` table, the rest of the batch completes, the
//! store holds only complete documents, and re-runs are incremental and byte-identical.

mod fetch_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::Array;
use fetch_support::{fast_options, stored_files, Reply, TestServer};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use referat::fetch::http::HttpOptions;
use referat::fetch::log::{read_records, FetchStatus};
use referat::fetch::FetchOptions;
use referat::model::Source;
use referat::report::SilentReporter;
use referat::run::{run, RunConfig, RunSummary};
use referat::store::sha256_hex;

fn corpus(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One row of documents.parquet, as read back.
#[derive(Debug, Clone, PartialEq)]
struct DocumentRead {
    sha256: Option<String>,
    status: String,
    problems: Vec<String>,
    fetched_at_micros: Option<i64>,
    meeting_id: Option<String>,
}

fn read_documents(out: &Path) -> BTreeMap<String, DocumentRead> {
    let file = std::fs::File::open(out.join("documents.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = BTreeMap::new();
    for batch in reader {
        let batch = batch.unwrap();
        let column = |name: &str| batch.column_by_name(name).unwrap().clone();
        let source = column("source");
        let source = source.as_string::<i32>();
        let sha256 = column("sha256");
        let sha256 = sha256.as_string::<i32>();
        let status = column("status");
        let status = status.as_dictionary::<Int32Type>();
        let status_values = status.values().as_string::<i32>().clone();
        let problems = column("problems");
        let problems = problems.as_list::<i32>();
        let meeting_id = column("meeting_id");
        let meeting_id = meeting_id.as_string::<i32>();
        let fetched_at = column("fetched_at");
        let fetched_at = fetched_at.as_primitive::<arrow_array::types::TimestampMicrosecondType>();
        for i in 0..batch.num_rows() {
            let list = problems.value(i);
            let list = list.as_string::<i32>();
            rows.insert(
                source.value(i).to_string(),
                DocumentRead {
                    sha256: sha256.is_valid(i).then(|| sha256.value(i).to_string()),
                    status: status_values
                        .value(status.keys().value(i) as usize)
                        .to_string(),
                    problems: (0..list.len()).map(|j| list.value(j).to_string()).collect(),
                    fetched_at_micros: fetched_at.is_valid(i).then(|| fetched_at.value(i)),
                    meeting_id: meeting_id
                        .is_valid(i)
                        .then(|| meeting_id.value(i).to_string()),
                },
            );
        }
    }
    rows
}

/// The meeting ids of meetings.parquet, sorted.
fn read_meeting_ids(out: &Path) -> Vec<String> {
    let file = std::fs::File::open(out.join("meetings.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut ids = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let column = batch.column_by_name("meeting_id").unwrap();
        let column = column.as_string::<i32>();
        ids.extend((0..column.len()).map(|i| column.value(i).to_string()));
    }
    ids.sort();
    ids
}

fn config(sources: Vec<Source>, out: &Path, cache: &Path, http: HttpOptions) -> RunConfig {
    RunConfig {
        sources,
        out: out.to_path_buf(),
        cache_dir: cache.to_path_buf(),
        fetch: FetchOptions {
            http,
            offline: false,
            reread_sources: false,
        },
    }
}

const MAX_BODY: u64 = 200_000;

#[test]
fn a_batch_with_every_fault_completes_and_each_source_has_its_documented_outcome() {
    let good = corpus("000_9ddbbfa82481eb80.txt");
    let flaky = corpus("002_c36eb43fa879c7d2.txt");
    let latin = b"Referat fra m\xf8det i Besk\xe6ftigelsesudvalget\n".to_vec();
    let binary = b"PK\x03\x04\x00\x00\x08\x00referat.docx\x00\x00".to_vec();
    let server = TestServer::start(vec![
        ("/good", vec![Reply::ok(good.clone())]),
        ("/flaky", vec![Reply::status(500), Reply::ok(flaky.clone())]),
        (
            "/reset",
            vec![Reply::Reset {
                body_part: good[..1000].to_vec(),
                announced: good.len(),
            }],
        ),
        ("/reset-early", vec![Reply::ResetAtOnce]),
        (
            "/short",
            vec![Reply::Short {
                body: good[..1000].to_vec(),
                announced: good.len(),
            }],
        ),
        (
            "/loop",
            vec![Reply::status(302).with_header("Location", "/loop")],
        ),
        (
            "/latin",
            vec![Reply::ok(latin.clone())
                .with_header("Content-Type", "text/plain; charset=windows-1252")],
        ),
        ("/big", vec![Reply::ok(vec![b'x'; 300_000])]),
        ("/binary", vec![Reply::ok(binary.clone())]),
        (
            "/slow",
            vec![Reply::Stall {
                stall: Duration::from_secs(2),
                body: good.clone(),
            }],
        ),
    ]);
    let paths = [
        "/good",
        "/flaky",
        "/missing",
        "/reset",
        "/reset-early",
        "/short",
        "/loop",
        "/latin",
        "/big",
        "/binary",
        "/slow",
    ];
    let sources: Vec<Source> = paths.iter().map(|p| Source::new(server.url(p))).collect();
    let out = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let http = HttpOptions {
        max_body_bytes: MAX_BODY,
        ..fast_options()
    };
    let summary = run(
        &config(sources, &out.path().join("dataset"), cache.path(), http),
        &SilentReporter,
    )
    .unwrap();

    let documents = read_documents(&out.path().join("dataset"));
    assert_eq!(documents.len(), paths.len(), "one documents row per source");
    let doc = |path: &str| documents[&server.url(path)].clone();
    let fetch_failure = |path: &str| {
        let d = doc(path);
        assert_eq!(d.status, "failed", "{path}");
        assert_eq!(d.sha256, None, "{path}: nothing stored");
        assert_eq!(d.fetched_at_micros, None, "{path}");
        assert_eq!(d.problems.len(), 1, "{path}: {:?}", d.problems);
        d.problems[0].clone()
    };
    assert_eq!(
        fetch_failure("/missing"),
        "fetch failed: HTTP 404 Not Found (1 attempt)"
    );
    assert_eq!(
        fetch_failure("/short"),
        format!(
            "fetch failed: body cut short: 1000 of the {} bytes announced by Content-Length \
             (3 attempts)",
            good.len()
        )
    );
    assert_eq!(
        fetch_failure("/loop"),
        "fetch failed: too many redirects (more than 3; a redirect loop?) (1 attempt)"
    );
    assert_eq!(
        fetch_failure("/big"),
        "fetch failed: body of 300000 bytes is over the limit of 200000 bytes \
         (--max-body-bytes) (1 attempt)"
    );
    // ureq takes a reset after part of the body for its end; the length check names it.
    assert_eq!(
        fetch_failure("/reset"),
        format!(
            "fetch failed: body cut short: 1000 of the {} bytes announced by Content-Length \
             (3 attempts)",
            good.len()
        )
    );
    let reset = fetch_failure("/reset-early");
    assert!(
        reset.starts_with("fetch failed: connection: ") && reset.ends_with("(3 attempts)"),
        "{reset}"
    );
    let slow = fetch_failure("/slow");
    assert_eq!(
        slow,
        "fetch failed: timed out: the server sent nothing within 0.3 s (--timeout) (3 attempts)"
    );

    // Fetched (/flaky after a retry), stored and read: the minutes of 19 September 2023 and
    // 25 March 2025.
    for (path, bytes, date) in [
        ("/good", &good, "2023-09-19"),
        ("/flaky", &flaky, "2025-03-25"),
    ] {
        let d = doc(path);
        assert_eq!(d.sha256, Some(sha256_hex(bytes)), "{path}");
        assert!(d.fetched_at_micros.is_some(), "{path}");
        assert!(d.status == "ok" || d.status == "partial", "{path}: {d:?}");
        let meeting_id = d.meeting_id.unwrap_or_default();
        assert!(meeting_id.ends_with(date), "{path}: {meeting_id}");
    }
    // Fetched and decoded, but one line of Windows-1252 text is not minutes: that is the
    // parser's verdict, not a fetch failure.
    let latin_doc = doc("/latin");
    assert_eq!(latin_doc.sha256, Some(sha256_hex(&latin)));
    assert_eq!(latin_doc.status, "failed");
    assert!(
        latin_doc
            .problems
            .iter()
            .all(|p| !p.starts_with("fetch failed")),
        "{:?}",
        latin_doc.problems
    );

    // Bytes that are no text at all are stored as fetched and named as such, not a panic.
    let binary_doc = doc("/binary");
    assert_eq!(binary_doc.sha256, Some(sha256_hex(&binary)));
    assert_eq!(binary_doc.status, "failed");
    assert!(
        binary_doc.problems[0].starts_with("binary data"),
        "{:?}",
        binary_doc.problems
    );

    let mut expected_store: Vec<(String, Vec<u8>)> = [&good, &flaky, &latin, &binary]
        .into_iter()
        .map(|b| (sha256_hex(b), b.clone()))
        .collect();
    expected_store.sort();
    assert_eq!(
        stored_files(cache.path()),
        expected_store,
        "the store holds exactly the complete bodies"
    );

    let log = read_records(cache.path()).unwrap();
    assert_eq!(log.len(), paths.len(), "one fetch record per source");
    let failed_in_log = log
        .iter()
        .filter(|r| r.status == FetchStatus::Failed)
        .count();
    assert_eq!(failed_in_log, 7);

    assert_eq!(summary.documents, paths.len());
    assert_eq!(summary.downloaded, 4);
    assert!(!summary.all_sources_ok());
    assert_eq!(
        summary.failed, 9,
        "seven fetch failures, the text that is not minutes and the binary body"
    );
    assert_eq!(summary.meetings, 2);
}

#[test]
fn a_batch_is_ok_only_when_every_source_was_fetched_and_read() {
    let a = corpus("000_9ddbbfa82481eb80.txt");
    let b = corpus("001_bcefb93b7da31050.txt");
    let server = TestServer::start(vec![
        ("/a", vec![Reply::ok(a)]),
        (
            "/b",
            vec![Reply::status(503), Reply::status(500), Reply::ok(b)],
        ),
    ]);
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("dataset");
    let good = vec![Source::new(server.url("/a")), Source::new(server.url("/b"))];
    let summary = run_once(&good, &out, &work.path().join("cache"));
    assert!(summary.all_sources_ok(), "{summary:?}");
    assert_eq!((summary.failed, summary.meetings), (0, 2));

    let mut with_missing = good.clone();
    with_missing.push(Source::new(server.url("/missing")));
    let summary = run_once(&with_missing, &out, &work.path().join("cache"));
    assert!(!summary.all_sources_ok());
    assert_eq!((summary.failed, summary.meetings), (1, 2));
}

/// Copy every file of a dataset folder into memory, by name.
fn dataset_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn run_once(sources: &[Source], out: &Path, cache: &Path) -> RunSummary {
    run(
        &config(sources.to_vec(), out, cache, fast_options()),
        &SilentReporter,
    )
    .unwrap()
}

#[test]
fn a_second_run_downloads_and_parses_nothing_and_writes_identical_tables() {
    let a = corpus("000_9ddbbfa82481eb80.txt");
    let b = corpus("001_bcefb93b7da31050.txt");
    let c = corpus("004_baad0df7a3ebc954.txt");
    let server = TestServer::start(vec![
        (
            "/a",
            vec![
                Reply::ok(a.clone()).with_header("ETag", "\"a1\""),
                Reply::status(304),
            ],
        ),
        (
            "/b",
            vec![
                Reply::ok(b.clone()).with_header("Last-Modified", "Tue, 20 Sep 2016 12:00:00 GMT"),
                Reply::status(304),
            ],
        ),
        // A server without validators: the same bytes again, every time.
        ("/c", vec![Reply::ok(c.clone())]),
    ]);
    let local =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/corpus/002_c36eb43fa879c7d2.txt");
    let sources = vec![
        Source::new(server.url("/a")),
        Source::new(server.url("/b")),
        Source::new(server.url("/c")),
        Source::new(local.to_string_lossy()),
    ];
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let out: PathBuf = work.path().join("dataset");

    let first = run_once(&sources, &out, &cache);
    assert_eq!(
        (first.downloaded, first.not_modified, first.cached),
        (3, 0, 0)
    );
    let first_files = dataset_files(&out);
    assert!(first_files.contains_key("documents.parquet"));

    let second = run_once(&sources, &out, &cache);
    assert_eq!(second.not_modified, 2, "/a and /b answer 304");
    assert_eq!(second.downloaded, 1, "/c has no validators to ask with");
    assert_eq!(second.cached, 4, "nothing parsed again");
    assert_eq!(dataset_files(&out), first_files, "byte-identical tables");
    assert_eq!(
        server.requests("/a")[1].header("if-none-match"),
        Some("\"a1\"")
    );

    // The document at /a changes (the meeting is moved a week): only it is read again, and
    // its rows are replaced, not added to.
    let a2 = String::from_utf8(a.clone())
        .unwrap()
        .replace("19-09-2023", "26-09-2023")
        .replace("19. september 2023", "26. september 2023")
        .into_bytes();
    assert_ne!(a2, a);
    server.set_script(
        "/a",
        vec![Reply::ok(a2.clone()).with_header("ETag", "\"a2\"")],
    );
    let meetings_before = read_meeting_ids(&out);
    let third = run_once(&sources, &out, &cache);
    assert_eq!(third.downloaded, 2, "/a changed, /c as always");
    assert_eq!(third.cached, 3, "only the changed document is read again");
    let documents = read_documents(&out);
    assert_eq!(documents.len(), 4);
    let changed = &documents[&server.url("/a")];
    assert_eq!(changed.sha256, Some(sha256_hex(&a2)));
    let new_id = changed.meeting_id.clone().unwrap();
    assert!(new_id.ends_with("/2023-09-26"), "{new_id}");
    let meetings_after = read_meeting_ids(&out);
    assert_eq!(meetings_after.len(), 4);
    let old_id = new_id.replace("2023-09-26", "2023-09-19");
    assert!(meetings_before.contains(&old_id), "{meetings_before:?}");
    assert!(!meetings_after.contains(&old_id));
    assert!(meetings_after.contains(&new_id));
    let before = read_documents_from_bytes(&first_files);
    for path in ["/b", "/c"] {
        assert_eq!(
            documents[&server.url(path)],
            before[&server.url(path)],
            "{path}"
        );
    }
    assert_ne!(
        changed.fetched_at_micros,
        before[&server.url("/a")].fetched_at_micros
    );
}

#[test]
fn a_site_that_is_down_does_not_take_its_meetings_out_of_the_dataset() {
    let a = corpus("000_9ddbbfa82481eb80.txt");
    let b = corpus("002_c36eb43fa879c7d2.txt");
    let server = TestServer::start(vec![
        ("/a", vec![Reply::ok(a.clone())]),
        ("/b", vec![Reply::ok(b.clone())]),
    ]);
    let work = tempfile::tempdir().unwrap();
    let (out, cache) = (work.path().join("dataset"), work.path().join("cache"));
    let sources = vec![Source::new(server.url("/a")), Source::new(server.url("/b"))];
    let first = run_once(&sources, &out, &cache);
    assert!(first.all_sources_ok());
    let meetings = read_meeting_ids(&out);
    assert_eq!(meetings.len(), 2);

    server.set_script("/a", vec![Reply::status(503)]);
    let second = run_once(&sources, &out, &cache);
    assert_eq!(second.stale, 1);
    assert!(
        !second.all_sources_ok(),
        "the scheduler must hear that /a failed"
    );
    assert_eq!(read_meeting_ids(&out), meetings, "no meeting lost");
    let documents = read_documents(&out);
    let stale = &documents[&server.url("/a")];
    assert_eq!(stale.sha256, Some(sha256_hex(&a)));
    assert_eq!(stale.status, "partial");
    assert!(
        stale.problems[0].starts_with(
            "fetch failed: HTTP 503 Service Unavailable (3 attempts); built from the copy \
             fetched at "
        ),
        "{:?}",
        stale.problems
    );
}

fn read_documents_from_bytes(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, DocumentRead> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("documents.parquet"),
        &files["documents.parquet"],
    )
    .unwrap();
    read_documents(dir.path())
}

#[test]
fn offline_builds_from_the_store_and_a_source_never_fetched_fails_with_the_reason() {
    let a = corpus("000_9ddbbfa82481eb80.txt");
    let server = TestServer::start(vec![("/a", vec![Reply::ok(a.clone())])]);
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let out = work.path().join("dataset");
    run_once(&[Source::new(server.url("/a"))], &out, &cache);

    let sources = vec![
        Source::new(server.url("/a")),
        Source::new(server.url("/never")),
    ];
    let mut offline = config(sources, &out, &cache, fast_options());
    offline.fetch.offline = true;
    let summary = run(&offline, &SilentReporter).unwrap();
    assert_eq!(summary.downloaded, 0);
    assert_eq!(server.requests("/a").len(), 1, "no request when offline");
    assert!(server.requests("/never").is_empty());
    let documents = read_documents(&out);
    assert_eq!(documents[&server.url("/a")].sha256, Some(sha256_hex(&a)));
    let never = &documents[&server.url("/never")];
    assert_eq!(never.status, "failed");
    assert_eq!(
        never.problems,
        vec!["not in the store; run without --offline"]
    );
}

fn referat_fetch(urls: &[String], cache: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_referat"))
        .arg("fetch")
        .args(urls)
        .arg("--cache-dir")
        .arg(cache)
        .args(["--timeout", "0.5", "--retries", "1", "--backoff", "0.01"])
        .args(["--rate-limit-per-host", "0"])
        .output()
        .unwrap()
}

#[test]
fn referat_fetch_exits_non_zero_only_when_a_source_failed() {
    let a = corpus("000_9ddbbfa82481eb80.txt");
    let server = TestServer::start(vec![
        ("/a", vec![Reply::ok(a.clone())]),
        (
            "/flaky",
            vec![Reply::status(503), Reply::ok(b"ok".to_vec())],
        ),
    ]);
    let cache = tempfile::tempdir().unwrap();

    let good = referat_fetch(&[server.url("/a"), server.url("/flaky")], cache.path());
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let stdout = String::from_utf8(good.stdout).unwrap();
    assert!(
        stdout.contains(&format!(
            "downloaded\t{}\t{}",
            sha256_hex(&a),
            server.url("/a")
        )),
        "{stdout}"
    );

    let bad = referat_fetch(&[server.url("/a"), server.url("/missing")], cache.path());
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "failed: {}: fetch failed: HTTP 404 Not Found (1 attempt)",
            server.url("/missing")
        )),
        "{stderr}"
    );
    // The good source of the failing batch was still fetched (again) and stored.
    assert_eq!(stored_files(cache.path()).len(), 2);
    assert_eq!(server.requests("/a").len(), 2);
}
