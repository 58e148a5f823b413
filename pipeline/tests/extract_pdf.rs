//! PDF extraction on real files (issue #7): the minutes PDF made by LibreOffice from corpus
//! document 000 (see `tools/make_fixtures.py`) against that document's text, the extractor
//! comparison behind our choice, and the bad PDFs: scanned, encrypted, truncated, panicking.

mod common;

use common::repo_file;

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use referat::extract::{self, ExtractError};
use referat::model::Container;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_file(&format!("pipeline/tests/fixtures/pdf/{name}"))).unwrap()
}

fn source_text() -> String {
    std::fs::read_to_string(repo_file("data/corpus/000_9ddbbfa82481eb80.txt")).unwrap()
}

/// Non-blank lines with runs of spaces collapsed and "- " bullets written as "• ".
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.replace('\u{a0}', " "))
        .map(|l| {
            l.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .map(|l| match l.strip_prefix("- ") {
            Some(rest) => format!("• {rest}"),
            None => l,
        })
        .collect()
}

/// Share of the source's lines found, exactly, as lines of the extracted text.
fn line_recall(source: &str, extracted: &str) -> f64 {
    let found: HashSet<String> = lines(extracted).into_iter().collect();
    let wanted = lines(source);
    wanted.iter().filter(|l| found.contains(*l)).count() as f64 / wanted.len() as f64
}

/// Share of the source's words (as a multiset) found among the extracted words: glued or
/// split words and lost text lower it.
fn word_recall(source: &str, extracted: &str) -> f64 {
    let mut available: HashMap<&str, usize> = HashMap::new();
    for word in extracted.split_whitespace() {
        *available.entry(word).or_default() += 1;
    }
    let mut total = 0;
    let mut found = 0;
    for word in source.split_whitespace() {
        total += 1;
        if let Some(n) = available.get_mut(word).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    found as f64 / total as f64
}

#[test]
fn the_minutes_pdf_reads_as_its_text_export() {
    let extracted = extract::extract(&fixture("minutes.pdf"), None).unwrap();
    assert_eq!(extracted.container, Container::Pdf);
    assert!(extracted.problems.is_empty(), "{:?}", extracted.problems);
    let source = source_text();
    // Every line of the text export: paragraphs joined across wraps and pages, headings,
    // list items and tab-separated table rows.
    let found: HashSet<String> = lines(&extracted.text).into_iter().collect();
    let missing: Vec<String> = lines(&source)
        .into_iter()
        .filter(|l| !found.contains(l))
        .collect();
    assert!(missing.is_empty(), "lines not extracted: {missing:#?}");
    assert_eq!(lines(&extracted.text).len(), lines(&source).len());
}

/// A second typesetting: the web page fixture printed to PDF by LibreOffice (ragged right,
/// table cells centred vertically beside two-line titles, list items wrapping under their
/// bullet). All lines of corpus 001 but one: a `<br>` inside a paragraph prints like a wrap
/// ("... den 1/9 2016." / "Ansøgningen er ..."), and nothing in the PDF tells them apart.
#[test]
fn the_printed_web_page_reads_as_its_text_export() {
    let extracted = extract::extract(&fixture("web_export.pdf"), None).unwrap();
    let source =
        std::fs::read_to_string(repo_file("data/corpus/001_bcefb93b7da31050.txt")).unwrap();
    // The page's agenda is a table (number | title): a tab where the text export has a space.
    let found: HashSet<String> = lines(&extracted.text)
        .into_iter()
        .map(|l| match l.split_once('\t') {
            Some((n, title)) if n.parse::<u32>().is_ok() => format!("{n} {title}"),
            _ => l,
        })
        .collect();
    let missing: Vec<String> = lines(&source)
        .into_iter()
        .filter(|l| !found.contains(l))
        .collect();
    assert_eq!(
        missing,
        vec![
            "Der er frist for indsendelse af projektansøgningen til Socialstyrelsen den 1/9 2016."
        ]
    );
    assert!(extracted.text.contains(
        "\n• Analysens anbefalinger er implementeret (på nær anbefaling 3 og 5 der vedrører \
         balance i foranstaltningsbudgettet, der er igangværende).\n"
    ));
}

#[test]
fn running_header_footer_and_page_numbers_are_dropped() {
    let text = extract::extract(&fixture("minutes.pdf"), None)
        .unwrap()
        .text;
    // The fixture's header and footer (tools/make_fixtures.py) on each of its 18 pages.
    assert!(!text.contains("Side "), "page numbers left in");
    assert!(!text.contains("Socialudvalget, Referat, 19-09-2023"));
}

#[test]
fn wrapped_words_are_joined_and_coordinating_hyphens_kept() {
    let text = extract::extract(&fixture("minutes.pdf"), None)
        .unwrap()
        .text;
    // LibreOffice hyphenated "sep-tember" and "struktu-reres" at line ends (pdftotext shows it).
    assert!(text.contains("den 19. september 2023."));
    assert!(text.contains("arbejdet med socialpolitikken struktureres med udgangspunkt"));
    assert!(!text.contains("sep-tember") && !text.contains("struktu-reres"));
    assert!(text.contains("Beskæftigelses- og Socialudvalget godkender dagsordenen."));
    // A title wrapped at "2022-" keeps its hyphen.
    assert!(text.starts_with("REFERAT Beskæftigelses- og Socialudvalget 2022-2025 d. 19-09-2023\n"));
}

#[test]
fn headings_lists_and_tables_keep_their_shape() {
    let text = extract::extract(&fixture("minutes.pdf"), None)
        .unwrap()
        .text;
    assert!(text.contains(
        "\n\nPunkt 2: B-sag: Beslutning om overordnede temaer for Odense \
         Kommunes socialpolitik\n\n27.00.00-A00-12-23\n\nResume\n\n"
    ));
    assert!(text.contains("• Tema 1: Den Inkluderende By og Housing First\n• Tema 2: Det"));
    assert!(text.contains("\n\t2017\t2018\t2019\t2020\t2021\t2022\t2023 (jan-jul)\n"));
    assert!(text.contains("\nUddannelse\t42\t92\t102\t100\t92\t76\t57\n"));
    // A table of contents row whose title wrapped inside its cell.
    assert!(text.contains(
        "\nB-sag: Godkendelse af ansøgning til ”Pulje til indsats for digitalt udfordrede \
         ledige” ved Styrelsen :\t7\n"
    ));
}

/// Why pdf-extract's glyph positions and our own layout, not pdf-extract's plain text or
/// lopdf's `extract_text`. Run with `--nocapture` to see the numbers.
#[test]
fn our_layout_beats_the_plain_extractors_on_the_minutes_pdf() {
    let bytes = fixture("minutes.pdf");
    let source = source_text();
    // Bullets are compared as "•" whichever way the text writes them.
    let source = lines(&source).join("\n");
    let ours = extract::extract(&bytes, None).unwrap().text;
    let plain = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    let document = pdf_extract::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let lopdf_text = document.extract_text(&pages).unwrap();
    let mut results = Vec::new();
    for (name, text) in [
        ("referat layout", &ours),
        ("pdf-extract text", &plain),
        ("lopdf extract_text", &lopdf_text),
    ] {
        let bulleted = lines(text).join("\n");
        let (l, w) = (line_recall(&source, text), word_recall(&source, &bulleted));
        println!(
            "{name:20} lines found {:5.1} %   words found {:5.1} %",
            l * 100.0,
            w * 100.0
        );
        results.push((l, w));
    }
    assert!(results[0].0 > 0.99 && results[0].1 > 0.99);
    assert!(results[0].0 > results[1].0 && results[0].0 > results[2].0);
    assert!(results[0].1 >= results[1].1 && results[0].1 >= results[2].1);
}

#[test]
fn a_scanned_pdf_has_no_text_layer() {
    let err = extract::extract(&fixture("scanned.pdf"), None).unwrap_err();
    assert!(matches!(err, ExtractError::PdfNoText(_)), "{err:?}");
    assert!(err.to_string().contains("no text layer"));
}

#[test]
fn a_password_protected_pdf_is_a_clear_error() {
    let err = extract::extract(&fixture("encrypted.pdf"), None).unwrap_err();
    assert!(
        matches!(&err, ExtractError::Pdf(m) if m.contains("encrypted") && m.contains("password")),
        "{err:?}"
    );
}

#[test]
fn a_pdf_with_only_an_owner_password_is_read() {
    let extracted = extract::extract(&fixture("permissions_only.pdf"), None).unwrap();
    assert!(extracted
        .text
        .contains("Punkt 12: D-sag: Temabesøg: Lokalpsykiatri Odense\n"));
}

#[test]
fn a_truncated_pdf_is_a_clear_error() {
    let err = extract::extract(&fixture("truncated.pdf"), None).unwrap_err();
    assert!(
        matches!(&err, ExtractError::Pdf(m) if m.contains("damaged or incomplete")),
        "{err:?}"
    );
}

/// A minimal PDF, its cross-reference table computed: `page` is the page dictionary's body.
fn tiny_pdf(page: &str) -> Vec<u8> {
    tiny_pdf_with(page, "BT /F1 12 Tf 72 700 Td (Punkt 1: Godkendelse) Tj ET")
}

fn tiny_pdf_with(page: &str, content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        page.to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

#[test]
fn a_tiny_valid_pdf_is_read() {
    let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>";
    let extracted = extract::extract(&tiny_pdf(page), None).unwrap();
    assert_eq!(extracted.text, "Punkt 1: Godkendelse\n");
}

#[test]
fn turned_text_is_left_out_and_counted() {
    let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>";
    // A diagonal watermark drawn over the page's one line.
    let content = "BT /F1 12 Tf 72 700 Td (Punkt 1: Godkendelse) Tj ET \
                   BT /F1 60 Tf 0.7 0.7 -0.7 0.7 150 300 Tm (UDKAST) Tj ET";
    let extracted = extract::extract(&tiny_pdf_with(page, content), None).unwrap();
    assert_eq!(extracted.text, "Punkt 1: Godkendelse\n");
    assert_eq!(
        extracted.problems,
        vec!["6 characters of turned text (a watermark or sideways heading) left out"]
    );
}

/// pdf-extract panics (`expect("MediaBox")`) on a page without a MediaBox: the panic must
/// become this document's error, named, and the process must go on.
#[test]
fn an_extractor_panic_becomes_a_named_error() {
    let page = "<< /Type /Page /Parent 2 0 R \
                /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>";
    let err = extract::extract(&tiny_pdf(page), None).unwrap_err();
    assert!(
        matches!(&err, ExtractError::Pdf(m) if m.contains("extractor panicked") && m.contains("MediaBox")),
        "{err:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        // Integration tests have no src/ beside them: keep failures where the tests are.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/extract_pdf.txt",
        ))),
        ..ProptestConfig::default()
    })]

    /// Damaged PDFs (bytes overwritten anywhere, or cut short) give text or an error, never a
    /// panic out of `extract`.
    #[test]
    fn damaged_pdfs_never_panic(
        position in 0usize..136_000,
        garbage in proptest::collection::vec(any::<u8>(), 1..64),
        cut in proptest::option::of(100usize..136_000),
    ) {
        let mut bytes = fixture("minutes.pdf");
        let at = position.min(bytes.len() - 1);
        let end = (at + garbage.len()).min(bytes.len());
        bytes[at..end].copy_from_slice(&garbage[..end - at]);
        if let Some(cut) = cut {
            bytes.truncate(cut.min(bytes.len()));
        }
        let _ = extract::extract(&bytes, None);
    }
}
