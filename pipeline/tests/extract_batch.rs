//! Bad PDFs in a batch (issue #7): each document is isolated; a scanned, encrypted, truncated
//! or extractor-panicking PDF becomes a failed `documents` row with a named reason, and the
//! good HTML and PDF documents of the same run still give their rows.

use std::path::{Path, PathBuf};

use referat::fetch::FetchOptions;
use referat::model::Source;
use referat::report::SilentReporter;
use referat::run::{run, RunConfig};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

#[test]
fn bad_pdfs_fail_alone_with_their_reasons() {
    let input = tempfile::tempdir().unwrap();
    let names = [
        "pdf/minutes.pdf",
        "pdf/scanned.pdf",
        "pdf/encrypted.pdf",
        "pdf/truncated.pdf",
        "pdf/no_mediabox.pdf",
        "html/web_export.html",
    ];
    for name in names {
        let target = input.path().join(name.replace('/', "_"));
        std::fs::copy(fixture(name), target).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = RunConfig {
        sources: vec![Source::new(input.path().to_string_lossy())],
        out: out.path().to_path_buf(),
        cache_dir: cache.path().to_path_buf(),
        fetch: FetchOptions::default(),
    };
    let summary = run(&config, &SilentReporter).unwrap();
    assert_eq!(summary.documents, 6);
    assert_eq!(summary.failed, 4, "{:#?}", summary.problems);
    // 12 items from the PDF, 16 from the web page.
    assert_eq!(summary.meetings, 2);
    assert_eq!(summary.items, 28);
    let reason = |file: &str| -> String {
        summary
            .problems
            .iter()
            .filter(|(source, _)| source.ends_with(file))
            .map(|(_, p)| p.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(reason("pdf_scanned.pdf").contains("no text layer"));
    assert!(reason("pdf_encrypted.pdf").contains("encrypted"));
    assert!(reason("pdf_truncated.pdf").contains("damaged or incomplete"));
    assert!(reason("pdf_no_mediabox.pdf").contains("extractor panicked"));
}
