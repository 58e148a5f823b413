//! The HTTP fetcher against a real, misbehaving server on 127.0.0.1: each fault has its
//! documented outcome, and nothing incomplete ever reaches the store.

mod fetch_support;

use std::time::{Duration, Instant};

use fetch_support::{fast_options, stored_files, Reply, TestServer};
use referat::fetch::http::{HttpError, HttpOptions};
use referat::fetch::log::{read_records, FetchStatus};
use referat::fetch::{FetchError, FetchOptions, FetchedHow, Fetcher};
use referat::model::Source;
use referat::store::{sha256_hex, Store};

fn fetcher(cache: &std::path::Path, http: HttpOptions) -> Fetcher {
    let options = FetchOptions {
        http,
        offline: false,
        reread_sources: false,
    };
    Fetcher::new(Store::open(cache).unwrap(), &options).unwrap()
}

/// The HTTP error of a failed fetch and its attempt count.
fn http_failure(result: Result<referat::fetch::FetchOutcome, FetchError>) -> (HttpError, u32) {
    match result {
        Err(FetchError::Http { failure, .. }) => (failure.error, failure.attempts),
        other => panic!("expected an HTTP failure, got {other:?}"),
    }
}

const MINUTES: &str =
    "REFERAT Beskæftigelses- og Socialudvalget d. 19-09-2023\nPunkt 1: Godkendelse af dagsorden\n";

#[test]
fn server_error_then_ok_is_retried_and_succeeds() {
    let server = TestServer::start(vec![(
        "/flaky",
        vec![Reply::status(500), Reply::status(503), Reply::ok(MINUTES)],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let outcome = fetcher(cache.path(), fast_options())
        .fetch(&Source::new(server.url("/flaky")))
        .unwrap();
    assert_eq!(outcome.how, FetchedHow::Downloaded);
    assert_eq!(outcome.stored.sha256, sha256_hex(MINUTES.as_bytes()));
    assert_eq!(server.requests("/flaky").len(), 3);
    assert_eq!(
        stored_files(cache.path()),
        vec![(sha256_hex(MINUTES.as_bytes()), MINUTES.as_bytes().to_vec())]
    );
    let log = read_records(cache.path()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, FetchStatus::Downloaded);
    assert_eq!(log[0].attempts, 3);
    assert_eq!(log[0].bytes, Some(MINUTES.len() as u64));
}

#[test]
fn a_server_that_stalls_longer_than_the_read_timeout_fails_after_its_retries() {
    let server = TestServer::start(vec![(
        "/slow",
        vec![Reply::Stall {
            stall: Duration::from_secs(2),
            body: MINUTES.into(),
        }],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let result = fetcher(cache.path(), fast_options()).fetch(&Source::new(server.url("/slow")));
    let (error, attempts) = http_failure(result);
    assert_eq!(
        error,
        HttpError::Timeout {
            what: "the server sent nothing".into(),
            after: Duration::from_millis(300)
        }
    );
    assert_eq!(attempts, 3);
    assert_eq!(server.requests("/slow").len(), 3);
    // Three reads of 300 ms and two short backoffs, not three stalls of 2 s.
    assert!(
        started.elapsed() < Duration::from_millis(1900),
        "{:?}",
        started.elapsed()
    );
    assert!(stored_files(cache.path()).is_empty());
    let log = read_records(cache.path()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, FetchStatus::Failed);
    assert!(log[0].error.as_deref().unwrap().contains("timed out"));
}

#[test]
fn a_stall_then_a_good_answer_succeeds() {
    let server = TestServer::start(vec![(
        "/once-slow",
        vec![
            Reply::Stall {
                stall: Duration::from_secs(2),
                body: b"late".to_vec(),
            },
            Reply::ok(MINUTES),
        ],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let outcome = fetcher(cache.path(), fast_options())
        .fetch(&Source::new(server.url("/once-slow")))
        .unwrap();
    assert_eq!(outcome.stored.sha256, sha256_hex(MINUTES.as_bytes()));
    assert_eq!(stored_files(cache.path()).len(), 1);
}

#[test]
fn a_connection_reset_mid_body_fails_and_stores_nothing() {
    let server = TestServer::start(vec![(
        "/reset",
        vec![Reply::Reset {
            body_part: MINUTES.as_bytes()[..20].to_vec(),
            announced: MINUTES.len(),
        }],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let result = fetcher(cache.path(), fast_options()).fetch(&Source::new(server.url("/reset")));
    let (error, attempts) = http_failure(result);
    // ureq reads a reset after part of the body as the end of the body; the length check then
    // names what happened to the document.
    assert_eq!(
        error,
        HttpError::Truncated {
            received: 20,
            expected: MINUTES.len() as u64
        }
    );
    assert_eq!(attempts, 3, "a reset is worth retrying");
    assert!(stored_files(cache.path()).is_empty());
}

#[test]
fn a_connection_reset_before_the_response_is_a_connection_error() {
    let server = TestServer::start(vec![("/reset", vec![Reply::ResetAtOnce])]);
    let cache = tempfile::tempdir().unwrap();
    let result = fetcher(cache.path(), fast_options()).fetch(&Source::new(server.url("/reset")));
    let (error, attempts) = http_failure(result);
    assert!(matches!(error, HttpError::Connection(_)), "{error:?}");
    assert_eq!(attempts, 3);
    assert!(stored_files(cache.path()).is_empty());
}

#[test]
fn a_body_shorter_than_its_content_length_fails_and_stores_nothing() {
    let server = TestServer::start(vec![(
        "/short",
        vec![Reply::Short {
            body: MINUTES.as_bytes()[..30].to_vec(),
            announced: MINUTES.len(),
        }],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let result = fetcher(cache.path(), fast_options()).fetch(&Source::new(server.url("/short")));
    let (error, attempts) = http_failure(result);
    assert_eq!(
        error,
        HttpError::Truncated {
            received: 30,
            expected: MINUTES.len() as u64
        }
    );
    assert_eq!(attempts, 3);
    assert!(stored_files(cache.path()).is_empty());
    let message = FetchError::Http {
        url: String::new(),
        failure: referat::fetch::http::HttpFailure { error, attempts },
    }
    .to_string();
    assert!(message.contains("body cut short: 30 of the"), "{message}");
}

#[test]
fn a_short_body_then_a_complete_one_stores_only_the_complete_one() {
    let server = TestServer::start(vec![(
        "/short-once",
        vec![
            Reply::Short {
                body: MINUTES.as_bytes()[..30].to_vec(),
                announced: MINUTES.len(),
            },
            Reply::ok(MINUTES),
        ],
    )]);
    let cache = tempfile::tempdir().unwrap();
    fetcher(cache.path(), fast_options())
        .fetch(&Source::new(server.url("/short-once")))
        .unwrap();
    assert_eq!(
        stored_files(cache.path()),
        vec![(sha256_hex(MINUTES.as_bytes()), MINUTES.as_bytes().to_vec())]
    );
}

#[test]
fn not_found_fails_at_once_without_retries() {
    let server = TestServer::start(vec![]);
    let cache = tempfile::tempdir().unwrap();
    let result = fetcher(cache.path(), fast_options()).fetch(&Source::new(server.url("/gone")));
    let (error, attempts) = http_failure(result);
    assert_eq!(
        error,
        HttpError::Status {
            status: 404,
            reason: "Not Found".into()
        }
    );
    assert_eq!(attempts, 1);
    assert_eq!(server.requests("/gone").len(), 1);
    assert!(stored_files(cache.path()).is_empty());
}

#[test]
fn a_redirect_loop_ends_at_the_redirect_limit() {
    let server = TestServer::start(vec![
        ("/a", vec![Reply::status(302).with_header("Location", "/b")]),
        ("/b", vec![Reply::status(302).with_header("Location", "/a")]),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let result = fetcher(cache.path(), fast_options()).fetch(&Source::new(server.url("/a")));
    let (error, attempts) = http_failure(result);
    assert_eq!(error, HttpError::TooManyRedirects { max: 3 });
    assert_eq!(attempts, 1, "a loop does not heal by retrying");
    // The first request and three redirects followed: bounded, not endless.
    let requests = server.requests("/a").len() + server.requests("/b").len();
    assert_eq!(requests, 4);
    assert!(stored_files(cache.path()).is_empty());
}

#[test]
fn a_redirect_is_followed() {
    let server = TestServer::start(vec![
        (
            "/old",
            vec![Reply::status(301).with_header("Location", "/new")],
        ),
        ("/new", vec![Reply::ok(MINUTES)]),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let outcome = fetcher(cache.path(), fast_options())
        .fetch(&Source::new(server.url("/old")))
        .unwrap();
    assert_eq!(outcome.stored.sha256, sha256_hex(MINUTES.as_bytes()));
}

#[test]
fn a_windows_1252_body_is_stored_as_sent_and_decodes_to_danish_text() {
    // "Mødet i Beskæftigelsesudvalget, Åbent" in Windows-1252: ø = F8, æ = E6, Å = C5.
    let body = b"M\xf8det i Besk\xe6ftigelsesudvalget, \xc5bent\n".to_vec();
    let server = TestServer::start(vec![
        (
            "/latin",
            vec![Reply::Full {
                status: 200,
                headers: vec![(
                    "Content-Type".into(),
                    "text/plain; charset=windows-1252".into(),
                )],
                body: body.clone(),
            }],
        ),
        ("/latin-undeclared", vec![Reply::ok(body.clone())]),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let fetcher = fetcher(cache.path(), fast_options());
    for path in ["/latin", "/latin-undeclared"] {
        let outcome = fetcher.fetch(&Source::new(server.url(path))).unwrap();
        let bytes = fetcher.store().get(&outcome.stored.sha256).unwrap();
        assert_eq!(bytes, body, "the store keeps the bytes as sent");
        let text = referat::extract::extract(&bytes, outcome.stored.content_type.as_deref())
            .unwrap()
            .text;
        assert_eq!(text, "Mødet i Beskæftigelsesudvalget, Åbent\n", "{path}");
    }
    let first = fetcher.fetch(&Source::new(server.url("/latin"))).unwrap();
    assert_eq!(
        first.stored.content_type.as_deref(),
        Some("text/plain; charset=windows-1252")
    );
}

#[test]
fn a_body_over_the_size_limit_fails_with_the_reason() {
    let big = vec![b'x'; 4096];
    let server = TestServer::start(vec![
        ("/big", vec![Reply::ok(big.clone())]),
        ("/big-chunked", vec![Reply::Chunked { body: big.clone() }]),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let options = HttpOptions {
        max_body_bytes: 1000,
        ..fast_options()
    };
    let fetcher = fetcher(cache.path(), options);
    let (error, attempts) = http_failure(fetcher.fetch(&Source::new(server.url("/big"))));
    assert_eq!(
        error,
        HttpError::TooLarge {
            size: 4096,
            limit: 1000
        }
    );
    assert_eq!(attempts, 1);
    assert!(error.to_string().contains("--max-body-bytes"));
    let (error, attempts) = http_failure(fetcher.fetch(&Source::new(server.url("/big-chunked"))));
    assert_eq!(error, HttpError::OverLimit { limit: 1000 });
    assert_eq!(attempts, 1);
    assert!(stored_files(cache.path()).is_empty());
}

#[test]
fn a_gzip_body_is_decoded() {
    // Made with Python: gzip.compress("Referat: gzip-komprimeret referat fra
    // Beskæftigelses- og Socialudvalget\n".encode(), mtime=0).
    let gzip = hex(
        "1f8b08000000000002030b4a4d4b2d4a2cb15248afca2cd0cdcecf2d28cacc4d2d4a2d512882c8\
        28a415252a38a516671f5e965692999e9a539c5aacab909fae109c9f9c9998539a529698939e5ac205\
        0028f30c8a49000000",
    );
    let server = TestServer::start(vec![(
        "/gz",
        vec![Reply::ok(gzip).with_header("Content-Encoding", "gzip")],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let fetcher = fetcher(cache.path(), fast_options());
    let outcome = fetcher.fetch(&Source::new(server.url("/gz"))).unwrap();
    let bytes = fetcher.store().get(&outcome.stored.sha256).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Referat: gzip-komprimeret referat fra Beskæftigelses- og Socialudvalget\n"
    );
    let accept = server.requests("/gz")[0]
        .header("accept-encoding")
        .unwrap_or("")
        .to_string();
    assert!(accept.contains("gzip"), "{accept}");
}

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

#[test]
fn retry_after_is_honoured() {
    let server = TestServer::start(vec![(
        "/busy",
        vec![
            Reply::status(503).with_header("Retry-After", "1"),
            Reply::ok(MINUTES),
        ],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let started = Instant::now();
    fetcher(cache.path(), fast_options())
        .fetch(&Source::new(server.url("/busy")))
        .unwrap();
    let requests = server.requests("/busy");
    assert_eq!(requests.len(), 2);
    // The backoff alone would have waited about 10 ms.
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= Duration::from_millis(950), "{gap:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn too_many_requests_is_retried() {
    let server = TestServer::start(vec![(
        "/limited",
        vec![Reply::status(429), Reply::ok(MINUTES)],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let outcome = fetcher(cache.path(), fast_options())
        .fetch(&Source::new(server.url("/limited")))
        .unwrap();
    assert_eq!(outcome.how, FetchedHow::Downloaded);
    assert_eq!(server.requests("/limited").len(), 2);
}

#[test]
fn a_retry_after_longer_than_the_cap_fails_the_source_instead_of_stalling_the_run() {
    let server = TestServer::start(vec![(
        "/later",
        vec![Reply::status(429).with_header("Retry-After", "3600")],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let result = fetcher(cache.path(), fast_options()).fetch(&Source::new(server.url("/later")));
    let (error, attempts) = http_failure(result);
    assert_eq!(
        error,
        HttpError::RetryAfterTooLong {
            asked: Duration::from_secs(3600)
        }
    );
    assert_eq!(attempts, 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn requests_carry_a_user_agent_naming_referat_and_its_version() {
    let server = TestServer::start(vec![("/ua", vec![Reply::ok(MINUTES)])]);
    let cache = tempfile::tempdir().unwrap();
    fetcher(cache.path(), fast_options())
        .fetch(&Source::new(server.url("/ua")))
        .unwrap();
    let agent = server.requests("/ua")[0]
        .header("user-agent")
        .unwrap()
        .to_string();
    assert!(
        agent.starts_with(&format!("Referat/{} ", referat::VERSION)),
        "{agent}"
    );
}

#[test]
fn the_rate_limit_spaces_requests_to_one_host_across_threads() {
    let paths = ["/r1", "/r2", "/r3"];
    let server = TestServer::start(
        paths
            .iter()
            .map(|p| (*p, vec![Reply::ok(p.to_string())]))
            .collect(),
    );
    let cache = tempfile::tempdir().unwrap();
    let options = HttpOptions {
        rate_limit_per_host: 5.0,
        ..fast_options()
    };
    let fetcher = fetcher(cache.path(), options);
    std::thread::scope(|scope| {
        for path in paths {
            let (fetcher, url) = (&fetcher, server.url(path));
            scope.spawn(move || fetcher.fetch(&Source::new(url)).unwrap());
        }
    });
    let mut times: Vec<Instant> = paths.iter().map(|p| server.requests(p)[0].at).collect();
    times.sort();
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        // 5 per second: 200 ms apart (a little slack for the clock of the server's threads).
        assert!(gap >= Duration::from_millis(180), "{gap:?}");
    }
}

#[test]
fn conditional_requests_send_validators_back_and_a_304_reuses_the_stored_copy() {
    let last_modified = "Tue, 19 Sep 2023 10:00:00 GMT";
    let server = TestServer::start(vec![(
        "/doc",
        vec![
            Reply::ok(MINUTES)
                .with_header("ETag", "\"v1\"")
                .with_header("Last-Modified", last_modified),
            Reply::status(304),
        ],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let source = Source::new(server.url("/doc"));
    let first = fetcher(cache.path(), fast_options())
        .fetch(&source)
        .unwrap();
    assert_eq!(first.how, FetchedHow::Downloaded);
    assert!(server.requests("/doc")[0].header("if-none-match").is_none());

    // A new fetcher (a new run) knows the validators from the fetch log alone.
    let second = fetcher(cache.path(), fast_options())
        .fetch(&source)
        .unwrap();
    assert_eq!(second.how, FetchedHow::NotModified);
    let request = &server.requests("/doc")[1];
    assert_eq!(request.header("if-none-match"), Some("\"v1\""));
    assert_eq!(request.header("if-modified-since"), Some(last_modified));
    assert_eq!(second.stored, first.stored, "same copy, same fetched_at");

    let log = read_records(cache.path()).unwrap();
    let statuses: Vec<FetchStatus> = log.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        vec![FetchStatus::Downloaded, FetchStatus::NotModified]
    );
    assert_eq!(log[1].sha256, log[0].sha256);
    assert_eq!(log[1].etag.as_deref(), Some("\"v1\""));
}

#[test]
fn offline_uses_the_stored_copy_and_fails_a_source_never_fetched() {
    let server = TestServer::start(vec![("/doc", vec![Reply::ok(MINUTES)])]);
    let cache = tempfile::tempdir().unwrap();
    let source = Source::new(server.url("/doc"));
    let online = fetcher(cache.path(), fast_options())
        .fetch(&source)
        .unwrap();

    let offline_options = FetchOptions {
        http: fast_options(),
        offline: true,
        reread_sources: false,
    };
    let offline = Fetcher::new(Store::open(cache.path()).unwrap(), &offline_options).unwrap();
    let outcome = offline.fetch(&source).unwrap();
    assert_eq!(outcome.how, FetchedHow::Offline);
    assert_eq!(outcome.stored, online.stored);
    assert_eq!(server.requests("/doc").len(), 1, "offline makes no request");

    let never = offline
        .fetch(&Source::new(server.url("/never")))
        .unwrap_err();
    assert_eq!(never.to_string(), "not in the store; run without --offline");
    assert!(server.requests("/never").is_empty());
}

#[test]
fn a_local_file_keeps_its_modification_time_as_fetched_at() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("referat.txt");
    std::fs::write(&file, MINUTES).unwrap();
    let modified = chrono::DateTime::<chrono::Utc>::from(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
    );
    let cache = tempfile::tempdir().unwrap();
    let source = Source::new(file.to_string_lossy());
    let first = fetcher(cache.path(), fast_options())
        .fetch(&source)
        .unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let second = fetcher(cache.path(), fast_options())
        .fetch(&source)
        .unwrap();
    assert_eq!(first.how, FetchedHow::Local);
    assert_eq!(first.stored.fetched_at, modified);
    assert_eq!(second.stored, first.stored);
}

#[test]
fn when_a_fetched_source_fails_later_its_stored_copy_stands_in_and_says_so() {
    let server = TestServer::start(vec![("/doc", vec![Reply::ok(MINUTES), Reply::status(500)])]);
    let cache = tempfile::tempdir().unwrap();
    let source = Source::new(server.url("/doc"));
    let first = fetcher(cache.path(), fast_options())
        .fetch(&source)
        .unwrap();
    let second = fetcher(cache.path(), fast_options())
        .fetch(&source)
        .unwrap();
    assert_eq!(second.how, FetchedHow::Stale);
    assert_eq!(second.stored, first.stored);
    let problem = second.problem.unwrap();
    assert!(
        problem.starts_with(
            "fetch failed: HTTP 500 Internal Server Error (3 attempts); \
             built from the copy fetched at "
        ),
        "{problem}"
    );
    assert_eq!(server.requests("/doc").len(), 4);
    let statuses: Vec<FetchStatus> = read_records(cache.path())
        .unwrap()
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![FetchStatus::Downloaded, FetchStatus::Failed]);
}
