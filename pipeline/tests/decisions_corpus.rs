//! The decisions, votes and attendance of the four corpus documents, against a table written
//! by hand from reading every Beslutning section (`grep -n -i beslutning data/corpus/*`).
//!
//! Runs the real stages: extract → parse → normalise. A change that alters what any decision
//! of the corpus says shows here, named by document and item.

mod common;

use referat::model::{ParsedItem, Section, SectionKind};
use referat::normalise::decisions;
use referat::normalise::ItemContext;
use referat::rows::{Normalised, VoteRow};
use std::path::PathBuf;

fn corpus(name: &str) -> Normalised {
    common::rows_of_corpus(name)
}

/// (item number, seq, kind, outcome, result, yes, no, abstain)
type Expected = (
    i32,
    i32,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
);

const N: Option<i32> = None;

fn plain(item: i32, outcome: &'static str) -> Expected {
    (item, 1, "decision", outcome, None, N, N, N)
}

fn check(name: &str, expected: &[Expected]) -> Normalised {
    let rows = corpus(name);
    let items: std::collections::BTreeMap<&str, i32> = rows
        .items
        .iter()
        .map(|i| (i.item_id.as_str(), i.item_number))
        .collect();
    let mut got: Vec<Expected> = rows
        .decisions
        .iter()
        .map(|d| {
            (
                items[d.item_id.as_str()],
                d.seq,
                static_str(&d.kind),
                static_str(&d.outcome),
                d.result.as_deref().map(static_str),
                d.yes_count,
                d.no_count,
                d.abstain_count,
            )
        })
        .collect();
    got.sort();
    let mut want = expected.to_vec();
    want.sort();
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "{name}: item {} decision {}", w.0, w.1);
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{name}: number of decisions\n{got:#?}"
    );
    rows
}

/// Leak a row's string to compare it in a `&'static str` tuple (tests only).
fn static_str(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

#[test]
fn pdf_text_2023_every_decision() {
    let mut want = vec![plain(1, "approved")];
    want.extend((2..=5).map(|n| plain(n, "approved")));
    want.extend((6..=12).map(|n| plain(n, "noted")));
    let rows = check("000_9ddbbfa82481eb80.txt", &want);
    assert!(rows.votes.is_empty());
    assert!(rows.attendance.is_empty());
}

#[test]
fn web_export_2016_every_decision() {
    let want = vec![
        plain(1, "recommended_to_council"),
        (
            2,
            1,
            "amendment",
            "rejected",
            Some("fail"),
            Some(3),
            Some(4),
            Some(0),
        ),
        (2, 2, "decision", "recommended_to_council", None, N, N, N),
        (
            2,
            3,
            "amendment",
            "approved",
            Some("pass"),
            Some(4),
            Some(0),
            Some(3),
        ),
        (
            3,
            1,
            "amendment",
            "rejected",
            Some("fail"),
            Some(3),
            Some(4),
            Some(0),
        ),
        (
            3,
            2,
            "amendment",
            "approved",
            Some("pass"),
            Some(4),
            Some(0),
            Some(3),
        ),
        // "Forvaltningen skal arbejde videre med alle forslag ...": no verb of the vocabulary.
        plain(4, "other"),
        plain(5, "approved"),
        plain(6, "approved"),
        plain(7, "approved"),
        plain(8, "approved"),
        plain(9, "approved"),
        plain(10, "discussed"),
        plain(11, "discussed"),
        // Items 12-16 (D. Orientering) have no BESLUTNING section: no rows.
    ];
    let rows = check("001_bcefb93b7da31050.txt", &want);

    let decision = |item: i32, seq: i32| {
        rows.decisions
            .iter()
            .find(|d| d.item_id.ends_with(&format!("/{item}")) && d.seq == seq)
            .unwrap_or_else(|| panic!("decision {item}/{seq}"))
    };
    let opposition = ["Tim Vermund", "Michael Eskamp Witek", "Ulla Chambless"];
    let majority = [
        "Steen Møller",
        "Claus Houden",
        "Christoffer Lilleholt",
        "Steen Lund",
    ];
    for (item, first, second) in [(2, 1, 3), (3, 1, 2)] {
        assert_eq!(
            decision(item, first).proposers.as_deref().unwrap(),
            opposition
        );
        assert_eq!(
            decision(item, second).proposers.as_deref().unwrap(),
            majority
        );
        let votes = |seq: i32| -> Vec<(String, String)> {
            let id = &decision(item, seq).decision_id;
            rows.votes
                .iter()
                .filter(|v: &&VoteRow| &v.decision_id == id)
                .map(|v| (v.person_name.clone().unwrap(), v.vote.clone()))
                .collect()
        };
        let mut rejected: Vec<(String, String)> = opposition
            .iter()
            .map(|n| (n.to_string(), "yes".to_string()))
            .collect();
        rejected.extend(majority.iter().map(|n| (n.to_string(), "no".to_string())));
        assert_eq!(
            votes(first),
            rejected,
            "item {item}: the rejected amendment"
        );
        let mut adopted: Vec<(String, String)> = majority
            .iter()
            .map(|n| (n.to_string(), "yes".to_string()))
            .collect();
        adopted.extend(
            opposition
                .iter()
                .map(|n| (n.to_string(), "abstain".to_string())),
        );
        assert_eq!(votes(second), adopted, "item {item}: the adopted amendment");
    }
    assert_eq!(
        decision(2, 2).recommendation_points.as_deref(),
        Some(&[1, 2][..])
    );
    assert_eq!(
        decision(2, 3).recommendation_points.as_deref(),
        Some(&[3][..])
    );
    assert_eq!(
        decision(2, 1).text,
        "Sagen ændres til en c-sag, idet de mener, den ikke er tilstrækkelig belyst."
    );
    let steen = rows
        .votes
        .iter()
        .find(|v| v.raw_name == "Steen Møller")
        .unwrap();
    assert_eq!(steen.role.as_deref(), Some("Rådmand"));
    assert_eq!(rows.votes.len(), 28);
    assert!(rows.attendance.is_empty());
}

#[test]
fn markdown_2025_every_decision() {
    let mut want = vec![
        plain(1, "approved"),
        plain(2, "approved"),
        plain(3, "discussed"),
    ];
    want.extend((4..=9).map(|n| plain(n, "noted")));
    let rows = check("002_c36eb43fa879c7d2.txt", &want);
    assert!(rows.votes.is_empty());
}

#[test]
fn wrapped_pdf_2022_every_decision_and_the_absence() {
    let mut want = vec![
        plain(1, "approved"),
        // A joint item: three committees' decisions, one row each.
        (2, 1, "decision", "recommended_to_council", None, N, N, N),
        (2, 2, "decision", "recommended_to_council", None, N, N, N),
        (2, 3, "decision", "recommended_to_council", None, N, N, N),
    ];
    want.extend((3..=7).map(|n| plain(n, "approved")));
    want.extend((8..=11).map(|n| plain(n, "discussed")));
    want.extend((12..=17).map(|n| plain(n, "noted")));
    let rows = check("004_baad0df7a3ebc954.txt", &want);
    let committees: Vec<Option<&str>> = rows
        .decisions
        .iter()
        .filter(|d| d.item_id.ends_with("/2"))
        .map(|d| d.decided_by.as_deref())
        .collect();
    assert_eq!(
        committees,
        vec![
            Some("Beskæftigelses- og Socialudvalget"),
            Some("Ældre- og Handicapudvalget"),
            Some("Børn- og Ungeudvalget"),
        ]
    );
    assert_eq!(rows.attendance.len(), 1);
    let absence = &rows.attendance[0];
    assert_eq!(absence.person_name, "Mark Grossmann");
    assert_eq!(absence.status, "absent");
    assert_eq!(absence.role.as_deref(), Some("Udvalgsmedlem"));
    assert!(absence.item_id.as_deref().unwrap().ends_with("/2"));
    assert_eq!(
        absence.raw_text,
        "Udvalgsmedlem Mark Grossmann deltog ikke i mødet."
    );
}

fn fixture_item(name: &str) -> (ItemContext, ParsedItem) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/decisions")
        .join(name);
    let text = std::fs::read_to_string(path).expect("fixture");
    let ctx = ItemContext {
        meeting_id: "eksempel/byraadet/2024-05-01".into(),
        item_id: "eksempel/byraadet/2024-05-01/7".into(),
        item_number: 7,
        meeting_date: None,
    };
    let item = ParsedItem {
        number: 7,
        title: "Fixture".into(),
        case_type: None,
        case_number: None,
        access: None,
        sections: vec![Section {
            kind: SectionKind::Decision,
            heading: "Beslutning".into(),
            text: text.trim().to_string(),
        }],
        body_found: true,
    };
    (ctx, item)
}

#[test]
fn votes_counted_by_party() {
    let (ctx, item) = fixture_item("party_votes.txt");
    let got = decisions::extract(&ctx, &item);
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.decisions.len(), 1);
    let d = &got.decisions[0];
    assert_eq!(d.kind, "decision");
    assert_eq!(d.outcome, "approved");
    assert_eq!(d.result.as_deref(), Some("pass"));
    assert_eq!(
        (d.yes_count, d.no_count, d.abstain_count),
        (Some(11), Some(8), Some(5))
    );
    let votes: Vec<(&str, &str, &str)> = got
        .votes
        .iter()
        .map(|v| {
            (
                v.voter_type.as_str(),
                v.party.as_deref().unwrap(),
                v.vote.as_str(),
            )
        })
        .collect();
    assert_eq!(
        votes,
        vec![
            ("party", "A", "yes"),
            ("party", "V", "yes"),
            ("party", "B", "yes"),
            ("party", "O", "no"),
            ("party", "Ø", "no"),
            ("party", "C", "abstain"),
            ("party", "F", "abstain"),
        ]
    );
    assert!(got.votes.iter().all(|v| v.person_name.is_none()));
    // Departure recorded in the same Beslutning, one row per item named.
    let left: Vec<(&str, Option<&str>)> = got
        .attendance
        .iter()
        .map(|a| (a.item_id.as_deref().unwrap(), a.time.as_deref()))
        .collect();
    assert_eq!(
        left,
        vec![
            ("eksempel/byraadet/2024-05-01/8", Some("21:15")),
            ("eksempel/byraadet/2024-05-01/9", Some("21:15")),
        ]
    );
}
