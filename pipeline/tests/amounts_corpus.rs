//! The amounts table on the four corpus documents, through the real pipeline: extract → parse
//! → normalise. Compared with hand lists written by reading each document
//! (`tests/fixtures/amounts/<doc>.tsv`), and checked for the invariants every row must keep.

mod common;

use std::collections::HashMap;
use std::str::FromStr;

use referat::rows::{AmountRow, ItemRow, Normalised};
use rust_decimal::Decimal;

const DOCUMENTS: [&str; 4] = [
    "000_9ddbbfa82481eb80",
    "001_bcefb93b7da31050",
    "002_c36eb43fa879c7d2",
    "004_baad0df7a3ebc954",
];

fn normalised(document: &str) -> Normalised {
    common::rows_of_corpus(&format!("{document}.txt"))
}

/// What a hand list and the extraction are compared on: item number, section, the raw text
/// with its whitespace collapsed (a PDF wrap joined or not), and the value.
type Key = (u32, String, String, String);

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn value_text(value: Decimal) -> String {
    value.normalize().to_string()
}

fn hand_list(document: &str) -> Vec<Key> {
    let short = &document[..3];
    let path = common::repo_file(&format!("pipeline/tests/fixtures/amounts/{short}.tsv"));
    let text = std::fs::read_to_string(&path).expect("hand list");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "{}: {line:?}", path.display());
            let value = match fields[3].split_once("..") {
                Some((low, high)) => format!(
                    "{}..{}",
                    value_text(Decimal::from_str(low).unwrap()),
                    value_text(Decimal::from_str(high).unwrap())
                ),
                None => value_text(Decimal::from_str(fields[3]).unwrap()),
            };
            (
                fields[0].parse().expect("item number"),
                fields[1].to_string(),
                collapse(fields[2]),
                value,
            )
        })
        .collect()
}

fn key_of(row: &AmountRow) -> Key {
    let item: u32 = row
        .item_id
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("item number at the end of item_id");
    let value = match (row.amount_dkk, row.low_dkk, row.high_dkk) {
        (Some(v), None, None) => value_text(v),
        (None, Some(l), Some(h)) => format!("{}..{}", value_text(l), value_text(h)),
        other => panic!("{}: neither a value nor a range: {other:?}", row.amount_id),
    };
    (item, row.section.clone(), collapse(&row.raw_text), value)
}

/// (matched, extracted, expected, missed, extra) counting each key as often as it occurs.
fn compare(found: &[Key], expected: &[Key]) -> (usize, Vec<Key>, Vec<Key>) {
    let mut wanted: HashMap<&Key, usize> = HashMap::new();
    for key in expected {
        *wanted.entry(key).or_default() += 1;
    }
    let mut matched = 0;
    let mut extra = Vec::new();
    for key in found {
        match wanted.get_mut(key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                matched += 1;
            }
            _ => extra.push(key.clone()),
        }
    }
    let mut missed = Vec::new();
    for (key, n) in wanted {
        for _ in 0..n {
            missed.push(key.clone());
        }
    }
    missed.sort();
    extra.sort();
    (matched, missed, extra)
}

fn assert_exact(document: &str) {
    let rows = normalised(document).amounts;
    let found: Vec<Key> = rows.iter().map(key_of).collect();
    let (_, missed, extra) = compare(&found, &hand_list(document));
    assert!(
        missed.is_empty() && extra.is_empty(),
        "{document}: missed {missed:#?}\nextra {extra:#?}"
    );
}

#[test]
fn every_amount_of_the_pdf_text_document_exactly() {
    assert_exact("000_9ddbbfa82481eb80");
}

#[test]
fn every_amount_of_the_markdown_document_exactly() {
    assert_exact("002_c36eb43fa879c7d2");
}

#[test]
fn every_amount_of_the_web_export_document_exactly() {
    assert_exact("001_bcefb93b7da31050");
}

#[test]
fn every_amount_of_the_wrapped_pdf_document_exactly() {
    assert_exact("004_baad0df7a3ebc954");
}

/// Precision and recall against the hand lists, per document. Be aware what they measure: the
/// prose rules were written from 000, 001, 002 and the examples, and on 004 (not looked
/// at while writing them) found all 86 prose amounts with no false one, but missed the 15 cells
/// of two tables the PDF flattened to spaces (recall 0.851). The flattened-table rule was then
/// written from 004, so every document here is now one the finder was tuned on; the floors
/// guard against regressions, they do not estimate accuracy on unseen minutes.
#[test]
fn precision_and_recall_on_the_corpus() {
    let mut all_matched = 0;
    let mut all_found = 0;
    let mut all_expected = 0;
    for document in DOCUMENTS {
        let rows = normalised(document).amounts;
        let found: Vec<Key> = rows.iter().map(key_of).collect();
        let expected = hand_list(document);
        let (matched, missed, extra) = compare(&found, &expected);
        let precision = matched as f64 / found.len().max(1) as f64;
        let recall = matched as f64 / expected.len().max(1) as f64;
        println!(
            "{document}: found {} expected {} matched {matched} precision {precision:.3} \
             recall {recall:.3}",
            found.len(),
            expected.len()
        );
        for key in &missed {
            println!("  missed {key:?}");
        }
        for key in &extra {
            println!("  extra  {key:?}");
        }
        assert!(precision >= 0.95, "{document}: precision {precision:.3}");
        assert!(recall >= 0.9, "{document}: recall {recall:.3}");
        all_matched += matched;
        all_found += found.len();
        all_expected += expected.len();
    }
    println!(
        "all: precision {:.3} recall {:.3}",
        all_matched as f64 / all_found as f64,
        all_matched as f64 / all_expected as f64
    );
}

/// The section text a row's offset points into: the `items` column of that section (or the
/// title), so a reader can check every amount against the published items table.
fn section_text<'a>(item: &'a ItemRow, section: &str) -> Option<&'a str> {
    match section {
        "title" => Some(&item.title),
        "summary" => item.summary.as_deref(),
        "recommendation" => item.recommendation.as_deref(),
        "decision" => item.decision_text.as_deref(),
        "body" => item.body.as_deref(),
        "effect" => item.effect.as_deref(),
        "economy" => item.economy.as_deref(),
        _ => None,
    }
}

#[test]
fn every_row_points_at_its_raw_text_and_keeps_the_contract() {
    let limit = Decimal::from(10_i64.pow(16));
    for document in DOCUMENTS {
        let out = normalised(document);
        let items: HashMap<&str, &ItemRow> =
            out.items.iter().map(|i| (i.item_id.as_str(), i)).collect();
        let mut ids = std::collections::HashSet::new();
        for row in &out.amounts {
            assert!(ids.insert(&row.amount_id), "duplicate id {}", row.amount_id);
            assert_eq!(
                row.amount_id,
                format!("{}/{}/{}", row.item_id, row.section, row.char_offset)
            );
            let item = items[row.item_id.as_str()];
            assert_eq!(item.meeting_id, row.meeting_id);
            if row.section == "attachments" {
                continue;
            }
            let text = section_text(item, &row.section)
                .unwrap_or_else(|| panic!("{}: no {} text", row.amount_id, row.section));
            let at: String = text
                .chars()
                .skip(row.char_offset as usize)
                .take(row.raw_text.chars().count())
                .collect();
            assert_eq!(at, row.raw_text, "{}", row.amount_id);
            assert!(
                collapse(&row.context).contains(&collapse(&row.raw_text)),
                "{}: context {:?} lacks {:?}",
                row.amount_id,
                row.context,
                row.raw_text
            );
            match (row.amount_dkk, row.low_dkk, row.high_dkk) {
                (Some(v), None, None) => assert!(v.abs() < limit),
                (None, Some(l), Some(h)) => assert!(l.abs() < limit && h.abs() < limit && l <= h),
                other => panic!("{}: {other:?}", row.amount_id),
            }
            if let Some(per) = &row.per {
                assert!(per == "year" || per == "month", "{per}");
            }
        }
    }
}
