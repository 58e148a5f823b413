//! Reads the meeting header: committee, period, date, times, place, document kind, and the
//! lines saying who sent apologies.
//!
//! Headers come as one title line ("REFERAT Beskæftigelses- og Socialudvalget 2022-2025 d.
//! 19-09-2023") with labelled lines ("Mødedato", "Mødested"), or as a short paragraph
//! ("Referat / til / møde i ... / den 20. september 2016 kl. 08:30 / i <place>"). When there
//! is no header at all, the first item usually names the meeting ("Godkendelse af dagsordenen
//! til Beskæftigelses- og Socialudvalgets møde den 15. november 2022"): the date and committee
//! are then read from there, by a general pattern (a committee name in the genitive before
//! "møde den <date>"), then from anywhere in the text.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::lines::Line;
use super::text::clean_inline;
use crate::model::{DocumentKind, MeetingHeader};

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// "19-09-2023", "19.09.2023", "10/11 2015", "19/9-2023".
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[-./](\d{1,2})(?:[-./]|\s+)((?:19|20)\d{2})\b").expect("valid regex")
});
/// "20. september 2016", "5 feb. 2024".
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})\.?\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?\s+((?:19|20)\d{2})\b",
    )
    .expect("valid regex")
});
/// "2022-2025".
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b").expect("valid regex")
});
/// "kl. 08:30", "kl 8.30".
static CLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bkl\.?\s*(\d{1,2})[.:](\d{2})\b").expect("valid regex"));
/// "Mødet hævet kl. 14.07", "Mødet blev hævet kl. 14:07", "Mødet sluttede kl. 12.00".
static MEETING_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bmødet\s+(?:blev\s+)?(?:hævet|afsluttet|sluttede|slut)\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})\b",
    )
    .expect("valid regex")
});
/// A committee (or council) named in a sentence, possibly in the genitive:
/// "Beskæftigelses- og Socialudvalgets", "Økonomiudvalget", "By- og Kulturudvalget", "Byrådet".
static COMMITTEE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:\p{Lu}[\p{L}]*-,?\s+(?:(?:og|samt)\s+)?)*\p{Lu}[\p{L}-]*(?:udvalg(?:et|ets)?|[Bb]yråd(?:et|ets)?|[Kk]ommunalbestyrelsen?s?|[Rr]egionsråd(?:et|ets)?|[Mm]agistrat(?:en|ens)?))\b",
    )
    .expect("valid regex")
});
/// "... <committee> møde den <date>" / "møde i <committee> den <date>".
static MEETING_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmøde(?:t)?\s+(?:i\s+[^.]{1,80}?\s+)?(?:den|d\.)\s+").expect("valid regex")
});
/// Labels of header lines.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i)(mødedato|dato|mødetidspunkt|mødetid|tidspunkt|mødested|sted|lokale)\b\s*:?\s*(.*)$",
    )
    .expect("valid regex")
});
/// "Afbud fra ...", "Afbud:", "Fraværende:", "Fravær".
static ABSENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(afbud|fraværende|fravær)\b").expect("valid regex"));
/// "Odense Kommune" stated in a title.
static MUNICIPALITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\p{Lu}[\p{L}-]+ Kommune)\b").expect("valid regex"));

/// Lines longer than this are not searched for the meeting's date (no real sentence is).
const MAX_SENTENCE_LINE: usize = 4000;

/// The earliest date stated in `text`, with its byte range.
pub(crate) fn find_date(text: &str) -> Option<(NaiveDate, Range<usize>)> {
    let numeric = NUMERIC_DATE.captures_iter(text).find_map(|c| {
        let day = c[1].parse().ok()?;
        let month = c[2].parse().ok()?;
        let year = c[3].parse().ok()?;
        let whole = c.get(0)?;
        Some((NaiveDate::from_ymd_opt(year, month, day)?, whole.range()))
    });
    let worded = WORD_DATE.captures_iter(text).find_map(|c| {
        let day = c[1].parse().ok()?;
        let month_word = c[2].to_lowercase();
        let month = MONTHS
            .iter()
            .position(|m| m.starts_with(&month_word[..month_word.len().min(3)]))?;
        let year = c[3].parse().ok()?;
        let whole = c.get(0)?;
        Some((
            NaiveDate::from_ymd_opt(year, month as u32 + 1, day)?,
            whole.range(),
        ))
    });
    match (numeric, worded) {
        (Some(a), Some(b)) => Some(if a.1.start <= b.1.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn clock(hours: &str, minutes: &str) -> Option<String> {
    let h: u32 = hours.parse().ok()?;
    let m: u32 = minutes.parse().ok()?;
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// The nominative of a committee name: "Socialudvalgets" → "Socialudvalget".
fn nominative(name: &str) -> String {
    let name = name.trim();
    for (genitive, plain) in [
        ("udvalgets", "udvalget"),
        ("rådets", "rådet"),
        ("bestyrelsens", "bestyrelsen"),
        ("magistratens", "magistraten"),
    ] {
        if let Some(stem) = name.strip_suffix(genitive) {
            return format!("{stem}{plain}");
        }
    }
    name.to_string()
}

/// Reads the header from `lines[..header_end]`, falling back to the first item's text and then
/// the whole text for the date and committee.
pub(crate) fn read_header(
    lines: &[Line<'_>],
    header_end: usize,
    opening: Option<Range<usize>>,
    first_item: Option<Range<usize>>,
) -> MeetingHeader {
    let region = &lines[..header_end.min(lines.len())];
    let mut header = MeetingHeader::default();

    // The title: the first paragraph of the header, its lines joined.
    let first = region.iter().position(|l| !l.is_blank());
    let title_lines: Vec<&Line<'_>> = first
        .map(|f| region[f..].iter().take_while(|l| !l.is_blank()).collect())
        .unwrap_or_default();
    let title: String = title_lines
        .iter()
        .map(|l| clean_inline(l.raw))
        .collect::<Vec<_>>()
        .join(" ");
    read_title(&title, &mut header);
    // "i <place>" as its own line of the title paragraph (the web export).
    if let Some(place) = title_lines
        .iter()
        .skip(1)
        .find_map(|l| l.plain.strip_prefix("i ").map(str::trim))
    {
        header.location = Some(place.to_string());
    }

    read_labelled_lines(region, &mut header);
    if let Some(opening) = opening {
        let opening = &lines[opening.start.min(lines.len())..opening.end.min(lines.len())];
        read_labelled_lines(opening, &mut header);
    }

    // The meeting's end is also often the last line of the document.
    if header.end_time.is_none() {
        let tail_start = lines.len().saturating_sub(40);
        header.end_time = lines[tail_start..].iter().rev().find_map(|l| {
            MEETING_END
                .captures(&l.plain)
                .and_then(|c| clock(&c[1], &c[2]))
        });
    }

    if header.meeting_date.is_none() || header.committee.is_none() {
        let first_item_lines = first_item
            .map(|r| &lines[r.start.min(lines.len())..r.end.min(lines.len())])
            .unwrap_or(&[]);
        for scope in [first_item_lines, lines] {
            if let Some((committee, date)) = meeting_from_sentences(scope) {
                if header.committee.is_none() {
                    header.committee = committee;
                }
                if header.meeting_date.is_none() {
                    header.meeting_date = Some(date);
                }
                break;
            }
        }
    }
    header
}

/// Reads the labelled lines ("Mødedato", "Mødested"), the meeting's end and the absence
/// lines of a part of the header.
fn read_labelled_lines(region: &[Line<'_>], header: &mut MeetingHeader) {
    let mut i = 0;
    while i < region.len() {
        let line = &region[i];
        i += 1;
        if line.is_blank() {
            continue;
        }
        let plain = clean_inline(line.raw);
        if let Some(c) = LABEL.captures(&plain) {
            let label = c[1].to_lowercase();
            let value = c[2].trim();
            match label.as_str() {
                "mødedato" | "dato" | "mødetidspunkt" | "mødetid" | "tidspunkt" => {
                    if let Some((date, _)) = find_date(value) {
                        header.meeting_date = Some(date);
                    }
                    if let Some(t) = CLOCK.captures(value) {
                        header.start_time = header.start_time.take().or(clock(&t[1], &t[2]));
                    }
                }
                _ if !value.is_empty() => header.location = Some(value.to_string()),
                _ => {}
            }
        }
        if let Some(c) = MEETING_END.captures(&plain) {
            header.end_time = clock(&c[1], &c[2]);
        }
        if ABSENCE.is_match(&plain) {
            let mut entry = plain.clone();
            // A bare label ("Afbud:") lists the names on the following lines.
            if entry.trim_end_matches(':').split_whitespace().count() == 1 {
                let mut names = Vec::new();
                while i < region.len() && !region[i].is_blank() {
                    let name_line = clean_inline(region[i].raw);
                    if LABEL.is_match(&name_line) || ABSENCE.is_match(&name_line) {
                        break;
                    }
                    names.push(name_line);
                    i += 1;
                }
                if !names.is_empty() {
                    entry = format!("{} {}", entry, names.join(", "));
                }
            }
            header.attendance_lines.push(entry);
        }
    }
}

/// Reads kind, committee, period, date, start time and municipality from the title.
fn read_title(title: &str, header: &mut MeetingHeader) {
    let lower = title.to_lowercase();
    let rest = if lower.starts_with("referat") {
        header.document_kind = Some(DocumentKind::Referat);
        &title["referat".len()..]
    } else if lower.starts_with("dagsorden") {
        header.document_kind = Some(DocumentKind::Dagsorden);
        &title["dagsorden".len()..]
    } else {
        // Not a title we know: take nothing from it.
        return;
    };
    if let Some(c) = PERIOD.captures(rest) {
        header.committee_period = Some(format!("{}-{}", &c[1], &c[2]));
    }
    let date = find_date(rest);
    if let Some((d, _)) = &date {
        header.meeting_date = Some(*d);
    }
    if let Some(c) = CLOCK.captures(rest) {
        header.start_time = clock(&c[1], &c[2]);
    }
    if let Some(c) = MUNICIPALITY.captures(rest) {
        header.municipality = Some(c[1].to_string());
    }
    // The committee: what stands between the kind word (and "til møde i") and the period, the
    // date or "den"/"d.".
    let mut name = rest.trim_start_matches([':', ' ', '-', '–']);
    for lead in ["til ", "for ", "fra "] {
        if name.to_lowercase().starts_with(lead) {
            name = &name[lead.len()..];
        }
    }
    for lead in ["mødet i ", "møde i "] {
        if name.to_lowercase().starts_with(lead) {
            name = &name[lead.len()..];
        }
    }
    let mut cut = name.len();
    for stop in [" d. ", " den ", " kl. ", " - ", " – "] {
        if let Some(p) = name.find(stop) {
            cut = cut.min(p);
        }
    }
    if let Some(m) = PERIOD.find(name) {
        cut = cut.min(m.start());
    }
    if let Some((_, range)) = find_date(name) {
        cut = cut.min(range.start);
    }
    let committee = name[..cut].trim().trim_end_matches([',', ':']).trim();
    if !committee.is_empty() && committee.chars().next().is_some_and(char::is_uppercase) {
        header.committee = Some(committee.to_string());
    }
}

/// The first "<committee>s møde den <date>" (or "møde i <committee> den <date>") in `lines`.
fn meeting_from_sentences(lines: &[Line<'_>]) -> Option<(Option<String>, NaiveDate)> {
    for line in lines {
        let plain = &line.plain;
        if plain.len() < 12 {
            continue;
        }
        if plain.len() > MAX_SENTENCE_LINE {
            continue;
        }
        for m in MEETING_SENTENCE.find_iter(plain) {
            // Only the next few characters: the date must follow at once, and looking further
            // would make a line full of "møde den" quadratic.
            let mut date_end = (m.end() + 40).min(plain.len());
            while !plain.is_char_boundary(date_end) {
                date_end -= 1;
            }
            let Some((date, range)) = find_date(&plain[m.end()..date_end]) else {
                continue;
            };
            // The date must follow at once ("den 15. november 2022").
            if range.start > 0 {
                continue;
            }
            // The committee: named just before "møde", or inside "møde i <name> den".
            let before = &plain[..m.start()];
            let inside = &plain[m.start()..m.end()];
            let committee = COMMITTEE_NAME
                .captures_iter(inside)
                .last()
                .or_else(|| {
                    COMMITTEE_NAME.captures_iter(before).last().filter(|c| {
                        c.get(0)
                            .is_some_and(|g| before[g.end()..].trim().is_empty())
                    })
                })
                .map(|c| nominative(&c[1]));
            return Some((committee, date));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn dates_in_words_and_numbers() {
        assert_eq!(
            find_date("d. 19-09-2023").map(|d| d.0),
            Some(date(2023, 9, 19))
        );
        assert_eq!(
            find_date("den 20. september 2016 kl. 08:30").map(|d| d.0),
            Some(date(2016, 9, 20))
        );
        assert_eq!(
            find_date("d. 10/11 2015").map(|d| d.0),
            Some(date(2015, 11, 10))
        );
        assert_eq!(find_date("31-02-2023"), None);
    }

    #[test]
    fn meeting_named_in_a_sentence() {
        let lines = split_lines(
            "Godkendelse af dagsordenen til Beskæftigelses- og Socialudvalgets møde den \
             15. november 2022.",
        );
        let (committee, when) = meeting_from_sentences(&lines).expect("found");
        assert_eq!(
            committee.as_deref(),
            Some("Beskæftigelses- og Socialudvalget")
        );
        assert_eq!(when, date(2022, 11, 15));
        let lines = split_lines("Referat fra mødet i Økonomiudvalget d. 19-09-2023 kl. 9");
        let (committee, when) = meeting_from_sentences(&lines).expect("found");
        assert_eq!(committee.as_deref(), Some("Økonomiudvalget"));
        assert_eq!(when, date(2023, 9, 19));
    }

    #[test]
    fn header_with_absences() {
        let text = "DAGSORDEN Økonomiudvalget d. 01-02-2024\n\nMødedato 1. februar 2024 kl. 9.00\n\
                    Afbud:\nAnne Andersen\nBo Bech\n\nFraværende: Carl Carlsen\n";
        let lines = split_lines(text);
        let h = read_header(&lines, lines.len(), None, None);
        assert_eq!(h.document_kind, Some(DocumentKind::Dagsorden));
        assert_eq!(h.committee.as_deref(), Some("Økonomiudvalget"));
        assert_eq!(h.meeting_date, Some(date(2024, 2, 1)));
        assert_eq!(h.start_time.as_deref(), Some("09:00"));
        assert_eq!(
            h.attendance_lines,
            ["Afbud: Anne Andersen, Bo Bech", "Fraværende: Carl Carlsen"]
        );
    }
}
