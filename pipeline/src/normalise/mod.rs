//! The normalise stage: a [`ParsedDocument`] → rows of every table, with stable ids.
//!
//! Ids are derived from what the document says, never from row numbers:
//! `meeting_id` = `<municipality>/<committee>/<YYYY-MM-DD>` (slugs), `item_id` =
//! `<meeting_id>/<item number>`. Facts the text leaves out are filled from the source manifest;
//! where both speak and disagree, the text wins and the disagreement is a problem.

pub mod amounts;
pub mod attendance;
pub mod decisions;
pub mod names;

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::model::{ParsedDocument, ParsedItem, SectionKind, Stored};
use crate::rows::{ItemRow, MeetingRow, Normalised};

/// A pattern with Unicode word boundaries (`\b`), which make the regex engine leave its fast
/// DFA for a slow search on any text with a non-ASCII char (most Danish labels), behind the
/// same pattern with its `\b`s taken out. Dropping an assertion only lets more texts match,
/// so the loose pattern matches every text the exact one does: asking it first never changes
/// the answer, and on the many texts without the words it answers alone, fast.
pub(crate) struct Gated {
    loose: Regex,
    /// None when the pattern has no `\b`: the loose pattern is then the exact one.
    exact: Option<Exact>,
}

/// The exact pattern, built the first time the loose one matches: a pattern whose words no
/// text of a run holds never costs the (large) build of its Unicode `\b`.
struct Exact {
    pattern: String,
    regex: OnceLock<Regex>,
}

impl Exact {
    fn regex(&self) -> &Regex {
        self.regex
            .get_or_init(|| Regex::new(&self.pattern).expect("regex"))
    }
}

impl Gated {
    pub(crate) fn new(pattern: &str) -> Gated {
        let loose = pattern.replace(r"\b", "");
        Gated {
            exact: (loose != pattern).then(|| Exact {
                pattern: pattern.to_string(),
                regex: OnceLock::new(),
            }),
            loose: Regex::new(&loose).expect("regex"),
        }
    }

    /// Kept for the oracles of the tests: the run reads the phrases these were by hand.
    #[cfg(test)]
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.loose.is_match(text) && self.exact.as_ref().is_none_or(|e| e.regex().is_match(text))
    }

    /// The exact pattern's captures: only a text the loose pattern matches can have them.
    pub(crate) fn captures<'t>(&self, text: &'t str) -> Option<regex::Captures<'t>> {
        if !self.loose.is_match(text) {
            return None;
        }
        match &self.exact {
            Some(exact) => exact.regex().captures(text),
            None => self.loose.captures(text),
        }
    }
}

/// What the per-item extractors know about the item they work on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemContext {
    pub meeting_id: String,
    pub item_id: String,
    pub item_number: u32,
    pub meeting_date: Option<NaiveDate>,
}

/// Lower-case ASCII slug: Danish letters transliterated (æ→ae, ø→oe, å→aa), runs of anything
/// else become one '-'.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let piece: &str = match c {
            'æ' => "ae",
            'ø' => "oe",
            'å' => "aa",
            'é' | 'è' | 'ë' => "e",
            'ü' => "u",
            'ö' => "o",
            'ä' => "a",
            c if c.is_ascii_alphanumeric() => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(c);
                continue;
            }
            _ => {
                dash = true;
                continue;
            }
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(piece);
    }
    out
}

/// The municipality's slug: "Odense Kommune" → "odense".
fn municipality_slug(municipality: &str) -> String {
    let s = slug(municipality);
    s.strip_suffix("-kommune")
        .or_else(|| s.strip_prefix("kommune-"))
        .unwrap_or(&s)
        .to_string()
}

/// The stable meeting id. A document with no date gets an id from its checksum, so it still
/// has rows (and a problem saying why the id is not a readable one).
pub fn meeting_id(
    municipality: Option<&str>,
    committee: Option<&str>,
    date: Option<NaiveDate>,
    sha256: &str,
) -> String {
    let m = municipality
        .map(municipality_slug)
        .filter(|s| !s.is_empty());
    let c = committee.map(slug).filter(|s| !s.is_empty());
    match date {
        Some(d) => format!(
            "{}/{}/{}",
            m.as_deref().unwrap_or("unknown"),
            c.as_deref().unwrap_or("unknown"),
            d.format("%Y-%m-%d")
        ),
        None => format!("undated/{}", &sha256[..16.min(sha256.len())]),
    }
}

/// The KLE code of a journal number: its first part ("27.00.00-A00-12-23" → "27.00.00").
pub fn kle_code(case_number: &str) -> Option<String> {
    let first = case_number.split('-').next()?.trim();
    let ok = first.split('.').count() == 3
        && first
            .split('.')
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| first.to_string())
}

/// [`ParsedItem::section_text`] without its copy when one section of the kind holds text (the
/// common case): the same text, borrowed.
pub(crate) fn section_text(item: &ParsedItem, kind: SectionKind) -> Option<Cow<'_, str>> {
    let mut texts = item
        .sections
        .iter()
        .filter(|s| s.kind == kind && !s.text.trim().is_empty());
    let first = texts.next()?;
    if texts.next().is_none() {
        return Some(Cow::Borrowed(first.text.as_str()));
    }
    item.section_text(kind).map(Cow::Owned)
}

/// [`ParsedItem::section_text`], one copy of the text: a single section's text is not
/// collected into a list and joined (most kinds have one section).
fn owned_section_text(item: &ParsedItem, kind: SectionKind) -> Option<String> {
    section_text(item, kind).map(Cow::into_owned)
}

fn attachments(item: &ParsedItem) -> Option<Vec<String>> {
    let text = section_text(item, SectionKind::Attachments)?;
    let list: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_start_matches("- ").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (!list.is_empty()).then_some(list)
}

/// Turn a parsed document into rows.
pub fn normalise(doc: &ParsedDocument, stored: &Stored) -> Normalised {
    let mut problems = Vec::new();
    let header = &doc.header;
    let meta = &stored.source.meta;

    let municipality = pick(
        "municipality",
        header.municipality.clone(),
        meta.municipality.clone(),
        &mut problems,
    );
    let committee = pick(
        "committee",
        header.committee.clone(),
        meta.committee.clone(),
        &mut problems,
    );
    let meeting_date = pick(
        "meeting date",
        header.meeting_date,
        meta.expected_date,
        &mut problems,
    );
    if meeting_date.is_none() {
        problems.push(
            "no meeting date in the text or the manifest; meeting_id made from the checksum".into(),
        );
    }
    let meeting_id = meeting_id(
        municipality.as_deref(),
        committee.as_deref(),
        meeting_date,
        &stored.sha256,
    );

    let mut out = Normalised::default();
    // One row per item: sized once instead of grown (and copied) as it fills; the amounts of
    // every item are found first, so that their rows too go into a vector sized once.
    out.items.reserve_exact(doc.items.len());
    let found_amounts: Vec<amounts::ItemAmounts> =
        doc.items.iter().map(amounts::ItemAmounts::find).collect();
    out.amounts
        .reserve_exact(found_amounts.iter().map(amounts::ItemAmounts::len).sum());
    for (item, item_amounts) in doc.items.iter().zip(found_amounts) {
        let item_id = format!("{meeting_id}/{}", item.number);
        let ctx = ItemContext {
            meeting_id: meeting_id.clone(),
            item_id: item_id.clone(),
            item_number: item.number,
            meeting_date,
        };
        out.items.push(ItemRow {
            item_id,
            meeting_id: meeting_id.clone(),
            item_number: item.number as i32,
            title: item.title.clone(),
            case_type: item.case_type.map(|c| c.to_string()),
            case_number: item.case_number.clone(),
            kle_code: item.case_number.as_deref().and_then(kle_code),
            access: item.access.map(|a| a.as_str().to_string()),
            summary: owned_section_text(item, SectionKind::Summary),
            recommendation: owned_section_text(item, SectionKind::Recommendation),
            decision_text: owned_section_text(item, SectionKind::Decision),
            body: owned_section_text(item, SectionKind::Body),
            effect: owned_section_text(item, SectionKind::Effect),
            economy: owned_section_text(item, SectionKind::Economy),
            attachments: attachments(item),
            body_found: item.body_found,
        });
        let mut found = decisions::extract(&ctx, item);
        out.decisions.append(&mut found.decisions);
        out.votes.append(&mut found.votes);
        out.attendance.append(&mut found.attendance);
        problems.append(&mut found.problems);
        item_amounts.push_rows(&ctx, &mut out.amounts);
    }
    out.attendance
        .extend(attendance::meeting_level(&meeting_id, header));
    drop_unresolved_attendance(&mut out, &meeting_id, &mut problems);
    out.meetings.push(MeetingRow {
        meeting_id: meeting_id.clone(),
        municipality,
        committee,
        committee_period: header.committee_period.clone(),
        meeting_date,
        start_time: header.start_time.clone(),
        end_time: header.end_time.clone(),
        location: header.location.clone(),
        document_kind: header.document_kind.map(|k| k.as_str().to_string()),
        source_sha256: stored.sha256.clone(),
        item_count: out.items.len() as i32,
    });
    out.problems = problems;
    out
}

/// An attendance sentence may name an item the document does not hold ("... deltog ikke i
/// behandlingen af punkt 2, 3 og 13" in minutes of 12 items: a typo, or items of another
/// meeting). Such a row's item_id would resolve to no item, so it is left out, and a problem
/// names the person, the item and the sentence: nothing is lost silently.
fn drop_unresolved_attendance(out: &mut Normalised, meeting_id: &str, problems: &mut Vec<String>) {
    let item_ids: HashSet<&str> = out.items.iter().map(|i| i.item_id.as_str()).collect();
    out.attendance.retain(|row| {
        let Some(item_id) = row.item_id.as_deref() else {
            return true;
        };
        if item_ids.contains(item_id) {
            return true;
        }
        let item = item_id
            .strip_prefix(meeting_id)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(item_id);
        problems.push(format!(
            "attendance: {} ({}) is said to concern item {item}, which this document does not \
             hold; row left out: \"{}\"",
            row.person_name, row.status, row.raw_text
        ));
        false
    });
}

/// The text wins where it speaks; the manifest fills what it leaves out; a disagreement is a
/// problem.
fn pick<T: PartialEq + std::fmt::Debug>(
    what: &str,
    from_text: Option<T>,
    from_manifest: Option<T>,
    problems: &mut Vec<String>,
) -> Option<T> {
    match (from_text, from_manifest) {
        (Some(t), Some(m)) => {
            if t != m {
                problems.push(format!(
                    "{what}: the text says {t:?}, the manifest {m:?}; keeping the text's"
                ));
            }
            Some(t)
        }
        (t, m) => t.or(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_transliterate_danish_letters() {
        assert_eq!(
            slug("Beskæftigelses- og Socialudvalget"),
            "beskaeftigelses-og-socialudvalget"
        );
        assert_eq!(municipality_slug("Odense Kommune"), "odense");
        assert_eq!(
            slug("Ældre- og Handicapudvalget"),
            "aeldre-og-handicapudvalget"
        );
    }

    /// "punkt 2 og 3" in minutes of items 1 and 2: the row for item 3 would not resolve.
    #[test]
    fn attendance_naming_an_item_the_document_does_not_hold_is_reported_not_kept() {
        use crate::model::{Section, Source};
        use chrono::{TimeZone, Utc};
        let sentence = "Rådmand Steen Møller forlod mødet kl. 09.30 og deltog ikke i \
                        behandlingen af punkt 2 og 3.";
        let item = |number: u32, decision: &str| ParsedItem {
            number,
            title: format!("Sag {number}"),
            case_type: None,
            case_number: None,
            access: None,
            sections: vec![Section {
                kind: SectionKind::Decision,
                heading: "Beslutning".into(),
                text: decision.into(),
            }],
            body_found: true,
        };
        let doc = ParsedDocument {
            layout: crate::model::Layout::PdfText,
            header: crate::model::MeetingHeader {
                municipality: Some("Odense Kommune".into()),
                committee: Some("Økonomiudvalget".into()),
                meeting_date: NaiveDate::from_ymd_opt(2024, 5, 7),
                ..Default::default()
            },
            toc: Vec::new(),
            items: vec![
                item(1, &format!("Godkendt.\n\n{sentence}")),
                item(2, "Godkendt."),
            ],
            problems: Vec::new(),
        };
        let stored = Stored {
            source: Source::new("test"),
            sha256: "0".repeat(64),
            byte_size: 0,
            fetched_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
            content_type: None,
        };
        let rows = normalise(&doc, &stored);
        let kept: Vec<(&str, Option<&str>)> = rows
            .attendance
            .iter()
            .map(|a| (a.person_name.as_str(), a.item_id.as_deref()))
            .collect();
        assert_eq!(
            kept,
            [("Steen Møller", Some("odense/oekonomiudvalget/2024-05-07/2"))]
        );
        let reported: Vec<&String> = rows
            .problems
            .iter()
            .filter(|p| p.starts_with("attendance:"))
            .collect();
        assert_eq!(reported.len(), 1, "{:?}", rows.problems);
        assert!(reported[0].contains("Steen Møller"), "{}", reported[0]);
        assert!(reported[0].contains("item 3,"), "{}", reported[0]);
        assert!(reported[0].contains(sentence), "{}", reported[0]);
    }

    #[test]
    fn kle_code_is_the_first_part_of_a_journal_number() {
        assert_eq!(kle_code("27.00.00-A00-12-23").as_deref(), Some("27.00.00"));
        assert_eq!(kle_code("garbage"), None);
    }
}
