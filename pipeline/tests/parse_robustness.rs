//! The parser never panics and never hangs, whatever it is given: arbitrary bytes, corpus
//! documents cut, shuffled, duplicated and truncated, and inputs built to trip a quadratic
//! scan. Where it returns a document, the dataset's promises hold: one row per table-of-contents
//! entry, items sorted by number, normalised section text.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use referat::model::ParsedDocument;
use referat::parse::{parse, ParseError};

/// Generous for a debug build on a shared machine; a hang or a quadratic blow-up on the inputs
/// below takes far longer.
const TIME_LIMIT: Duration = Duration::from_secs(5);

/// Parses on another thread and fails if no answer comes within `limit`.
fn parse_within(text: String, limit: Duration) -> Result<ParsedDocument, ParseError> {
    let (sender, receiver) = mpsc::channel();
    let preview: String = text.chars().take(200).collect();
    thread::spawn(move || {
        let _ = sender.send(parse(&text));
    });
    match receiver.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("parse did not return within {limit:?}; input starts {preview:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("parse panicked; input starts {preview:?}")
        }
    }
}

/// The promises a parsed document keeps, whatever the input.
fn check_invariants(doc: &ParsedDocument) {
    for entry in &doc.toc {
        assert!(
            doc.items.iter().any(|i| i.number == entry.number),
            "table-of-contents entry {} has no row",
            entry.number
        );
    }
    assert!(
        doc.items.windows(2).all(|w| w[0].number < w[1].number),
        "items not sorted by number, or a number used twice (item ids would collide)"
    );
    for item in &doc.items {
        if !item.body_found {
            assert!(
                item.sections.is_empty(),
                "item {} without body has sections",
                item.number
            );
        }
        assert!(
            !item.title.contains('\n'),
            "title of item {} has a line break",
            item.number
        );
        for section in &item.sections {
            let text = &section.text;
            assert!(!text.contains('\u{a0}'), "nbsp in item {}", item.number);
            assert!(
                !text.contains("\n\n\n"),
                "double blank line in item {}",
                item.number
            );
            assert_eq!(
                text.trim_matches('\n'),
                text,
                "edge newlines in item {}",
                item.number
            );
            assert!(
                !text.contains('\r'),
                "carriage return in item {}",
                item.number
            );
        }
    }
}

fn corpus_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("data/corpus exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8"))
        .collect()
}

/// One way to damage a document, driven by proptest's random numbers.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut the text at a fraction of its length (on a char boundary).
    Truncate(f64),
    /// Remove a run of lines.
    DropLines { at: f64, count: usize },
    /// Repeat a run of lines in place.
    DuplicateLines { at: f64, count: usize },
    /// Swap two lines.
    SwapLines(f64, f64),
    /// Cut one line in the middle (a hard wrap where there was none).
    SplitLine { at: f64, fraction: f64 },
    /// Insert a line chosen from troublesome ones.
    InsertLine { at: f64, line: &'static str },
}

const TROUBLESOME_LINES: &[&str] = &[
    "Punkt 1: Godkendelse af dagsorden",
    "Punkt 99:",
    "## 1. Bæredygtig bydel",
    "1. Facilitering af ”mødet”",
    "Beslutning",
    "RESUMÉ",
    "Indholdsfortegnelse",
    "Åbent - 27.00.00-A00-12-23",
    "B. Sager til afgørelse i udvalget",
    "Afbud:",
    "Mødet hævet kl. 25.99",
    "\u{a0}",
    "\t\t\t",
    "**",
    "# ",
    "- ",
    "•",
    "Punkt 4294967296: overflow",
    "den 31. februar 2023 møde den 15. november 2022",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (0.0..1.0f64, 1..200usize).prop_map(|(at, count)| Mutation::DropLines { at, count }),
        (0.0..1.0f64, 1..50usize).prop_map(|(at, count)| Mutation::DuplicateLines { at, count }),
        (0.0..1.0f64, 0.0..1.0f64).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (0.0..1.0f64, 0.0..1.0f64).prop_map(|(at, fraction)| Mutation::SplitLine { at, fraction }),
        (0.0..1.0f64, prop::sample::select(TROUBLESOME_LINES))
            .prop_map(|(at, line)| Mutation::InsertLine { at, line }),
    ]
}

fn index(fraction: f64, len: usize) -> usize {
    ((fraction * len as f64) as usize).min(len.saturating_sub(1))
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let len = lines.len();
        match *m {
            Mutation::Truncate(fraction) => {
                let joined = lines.join("\n");
                let mut cut = (fraction * joined.len() as f64) as usize;
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].split('\n').map(str::to_string).collect();
            }
            Mutation::DropLines { at, count } => {
                let start = index(at, len);
                lines.drain(start..(start + count).min(len));
            }
            Mutation::DuplicateLines { at, count } => {
                let start = index(at, len);
                let run: Vec<String> = lines[start..(start + count).min(len)].to_vec();
                for (k, line) in run.into_iter().enumerate() {
                    lines.insert(start + k, line);
                }
            }
            Mutation::SwapLines(a, b) => lines.swap(index(a, len), index(b, len)),
            Mutation::SplitLine { at, fraction } => {
                let i = index(at, len);
                let line = lines[i].clone();
                let mut cut = (fraction * line.len() as f64) as usize;
                while !line.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines[i] = line[..cut].to_string();
                lines.insert(i + 1, line[cut..].to_string());
            }
            Mutation::InsertLine { at, line } => lines.insert(index(at, len), line.to_string()),
        }
    }
    lines.join("\n")
}

/// Failing cases are saved next to this file (proptest cannot find a lib.rs from tests/).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/parse_robustness.txt",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Ok(doc) = parse_within(text, TIME_LIMIT) {
            check_invariants(&doc);
        }
    }

    #[test]
    fn arbitrary_minutes_like_text_never_panics(
        lines in prop::collection::vec(
            prop_oneof![
                prop::sample::select(TROUBLESOME_LINES).prop_map(str::to_string),
                "[A-Za-zæøåÆØÅ0-9 .:\\-–•*#\t\u{a0}]{0,120}",
            ],
            0..120,
        )
    ) {
        if let Ok(doc) = parse_within(lines.join("\n"), TIME_LIMIT) {
            check_invariants(&doc);
        }
    }
}

proptest! {
    // Each case parses a whole corpus document (~80 kB) in a debug build: keep them few.
    #![proptest_config(config(40))]

    #[test]
    fn mutated_corpus_documents_never_panic(
        document in 0..4usize,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let texts = corpus_texts();
        let text = apply(&texts[document % texts.len()], &mutations);
        if let Ok(doc) = parse_within(text, TIME_LIMIT) {
            check_invariants(&doc);
        }
    }
}

/// Found by `arbitrary_minutes_like_text_never_panics`: a table-of-contents entry with no
/// title ("- ") "matched" a "Punkt 99:" heading with no title, so entry 1 got no row.
#[test]
fn regression_empty_titles_do_not_match() {
    let text = "Indholdsfortegnelse\n- \n## 1. Bæredygtig bydel\nPunkt 99:".to_string();
    if let Ok(doc) = parse_within(text, TIME_LIMIT) {
        check_invariants(&doc);
    }
}

#[test]
fn every_corpus_document_keeps_the_invariants() {
    for text in corpus_texts() {
        let doc = parse_within(text, TIME_LIMIT).expect("corpus documents parse");
        check_invariants(&doc);
    }
}

/// Inputs aimed at the places a scan could go quadratic: many candidate headings, many
/// table-of-contents lines, long runs of blank lines, a very long line of near-matches.
#[test]
fn adversarial_inputs_finish_in_time() {
    let many_numbered = (1..=40_000)
        .map(|n| format!("{n}. Overskrift nummer {n}\nBeslutning\nGodkendt.\n"))
        .collect::<String>();
    let many_punkt_out_of_order = (0..40_000)
        .map(|n| format!("Punkt {}: Titel\n\nResume\n\nTekst.\n\n", 40_000 - n))
        .collect::<String>();
    let huge_toc = format!(
        "Indholdsfortegnelse\n\n{}\n{}",
        (1..=20_000)
            .map(|n| format!("Sag nummer {n}.....\t{n}\n"))
            .collect::<String>(),
        (1..=20_000)
            .map(|n| format!("Punkt {n}: Sag nummer {n}\nBeslutning\nGodkendt.\n"))
            .collect::<String>()
    );
    let blank_lines = format!(
        "Indholdsfortegnelse{}Punkt 1: X\nBeslutning\nJa.",
        "\n".repeat(300_000)
    );
    let long_line = format!(
        "Punkt 1: X\n\nResume\n\n{}\n",
        "udvalgets møde den møde i den ".repeat(40_000)
    );
    let one_huge_paragraph = format!("Punkt 1: X\nResume\n{}", "ord ".repeat(300_000));
    let wrapped_corpus = corpus_texts().concat().repeat(5);
    for (name, text) in [
        ("many numbered headings", many_numbered),
        ("many Punkt headings out of order", many_punkt_out_of_order),
        ("a huge table of contents", huge_toc),
        ("a long run of blank lines", blank_lines),
        ("a long line of near-matches", long_line),
        ("one huge paragraph", one_huge_paragraph),
        ("the corpus five times over", wrapped_corpus),
    ] {
        let started = std::time::Instant::now();
        let result = parse_within(text, Duration::from_secs(20));
        eprintln!("{name}: {:?}", started.elapsed());
        if let Ok(doc) = result {
            check_invariants(&doc);
        }
    }
}
