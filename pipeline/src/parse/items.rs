//! Finds the agenda items in the body and splits each into its title, case number, access
//! and sections.
//!
//! Item headings come in two shapes: "Punkt N: Title" (PDF and Markdown exports, with or
//! without "#" and "**") and "N. Title" (the web export). The second shape is also what a
//! numbered sub-heading inside an item looks like ("1. Facilitering af ”mødet”", "## 1.
//! Bæredygtig bydel"), so when there is a table of contents a heading is an item only if it is
//! the next expected entry (or a later one, when bodies are missing), matched by number and by
//! title (prefix match on normalised text: listed titles may be cut short). "Punkt N:" headings
//! are trusted more: when a document has them, only they are items. Without a table of
//! contents, item numbers must increase.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::header::{closing_meeting_end, names_a_municipality};
use super::lines::{char_count, ends_numeric, starts_numeric, width_of, Line, LowerStart};
use super::scan;
use super::text::{normalise_lines, normalise_title, WrapWidth};
use super::toc::{case_type_prefix, group_line, split_case_type, Toc};
use crate::model::{Access, ParsedItem, Section, SectionKind, TocEntry};

/// "Punkt 3: Title", "Punkt 3. Title", "Punkt 3 - Title", "Pkt. 3: Title". Read by
/// [`scan::punkt_rest`] (this one and the next two), asked only where it cannot tell.
static PUNKT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:punkt|pkt\.?)\s*(\d{1,4})\s*(?:[:.]|\s[-–](?:\s|$))\s*(.*)$")
        .expect("valid regex")
});
/// "Punkt 3 Title" is accepted only as a Markdown heading.
static PUNKT_HEADING_LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:punkt|pkt\.?)\s*(\d{1,4})\s*[:.]?\s*(.*)$").expect("valid regex")
});
/// "3. Title".
static NUMBERED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})\.\s+(\S.*)$").expect("valid regex"));
/// A journal number such as "27.00.00-A00-12-23", alone on its line or after "Sagsnr.:".
static CASE_NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?i:sagsnr|sagsnummer|sag nr|j\.? ?nr|journalnr)\.?\s*:?\s*)?",
        r"(\d{2}\.\d{2}\.\d{2}-\p{Lu}\d{2}-\d+-\d{2,4})$",
    ))
    .expect("valid regex")
});
/// "Åbent - 27.00.00-G01-130-16", "Lukket punkt", "Åbent".
static ACCESS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(åbent|lukket))(?:\s+(?i:punkt|sag))?\s*(?:[-–:]\s*(.*))?$")
        .expect("valid regex")
});

/// The journal number of a [`CASE_NUMBER_LINE`]. The pattern ends in `\d{2,4}$`: a line that
/// does not end in a digit (`is_numeric` holds for every `\d`) is not tried.
fn case_number_line(plain: &str) -> Option<&str> {
    if !ends_numeric(plain) {
        return None;
    }
    // The journal number is what follows the optional label, and no label (nor the
    // punctuation and spaces after it) holds a character that is numeric: it starts at the
    // text's first numeric character. So the match alone (no capture groups, a cheaper engine)
    // says where it is.
    let matches =
        scan::case_number_line(plain).or_ask(|| CASE_NUMBER_LINE.is_match(plain).then_some(()));
    matches?;
    plain.find(char::is_numeric).map(|start| &plain[start..])
}

/// Whether a line can match [`ACCESS_LINE`]: it starts with a letter that "åbent" or "lukket"
/// begins with under Unicode simple case folding (Å also as the Ångström sign).
fn could_be_access_line(plain: &str) -> bool {
    plain
        .chars()
        .next()
        .is_some_and(|c| matches!(c, 'å' | 'Å' | '\u{212B}' | 'l' | 'L'))
}

/// The captures of an [`ACCESS_LINE`]: "åbent"/"lukket" as written and what follows the dash.
fn access_line(plain: &str) -> Option<(&str, Option<&str>)> {
    if !could_be_access_line(plain) {
        return None;
    }
    scan::access_line(plain).or_ask(|| {
        let c = ACCESS_LINE.captures(plain)?;
        Some((c.get(1)?.as_str(), c.get(2).map(|m| m.as_str())))
    })
}

/// How far past the next expected entry a body heading may match (bodies can be missing).
const TOC_LOOKAHEAD: usize = 64;
/// Title lines after the heading line that may continue the title.
const MAX_TITLE_CONTINUATION: usize = 3;

/// Section headings (in lower case) and what they name.
const SECTION_HEADINGS: [(&str, SectionKind); 15] = [
    ("resume", SectionKind::Summary),
    ("resumé", SectionKind::Summary),
    ("sagsresume", SectionKind::Summary),
    ("sagsresumé", SectionKind::Summary),
    ("indstilling", SectionKind::Recommendation),
    ("indstillinger", SectionKind::Recommendation),
    ("beslutning", SectionKind::Decision),
    ("beslutninger", SectionKind::Decision),
    ("sagsfremstilling", SectionKind::Body),
    ("sagsbeskrivelse", SectionKind::Body),
    ("effekt", SectionKind::Effect),
    ("effekter", SectionKind::Effect),
    ("økonomi", SectionKind::Economy),
    ("økonomiske konsekvenser", SectionKind::Economy),
    ("bilag", SectionKind::Attachments),
];

/// The section kind a heading line names, if it is a section heading.
///
/// Every line of a body is asked this, and nearly all are turned away by their first byte:
/// that test is made here, inlined where the lines are read (a call per line cost more than
/// the test), the rest in [`section_kind_of_heading`].
#[inline]
pub(crate) fn section_kind_of(plain: &str) -> Option<SectionKind> {
    // The first bytes of the letters every heading starts with (see below): 'ø' and 'Ø' are
    // 0xC3 0xB8 and 0xC3 0x98. An empty text has none.
    if !matches!(
        plain.as_bytes().first(),
        Some(b'r' | b'R' | b's' | b'S' | b'i' | b'I' | b'b' | b'B' | b'e' | b'E' | 0xC3)
    ) {
        return None;
    }
    section_kind_of_heading(plain)
}

/// [`section_kind_of`] past its first-byte test.
fn section_kind_of_heading(plain: &str) -> Option<SectionKind> {
    if plain.is_empty() || plain.len() > 80 {
        return None;
    }
    // Every heading starts with one of these letters: skip the lower-casing for other lines
    // (this runs on every line).
    let first = plain.chars().next().unwrap_or(' ');
    if !matches!(
        first,
        'r' | 'R' | 's' | 'S' | 'i' | 'I' | 'b' | 'B' | 'e' | 'E' | 'ø' | 'Ø'
    ) {
        return None;
    }
    // Every heading (and every start that is checked) is at least five bytes long, and the
    // lower case of its first five bytes is one of these stems or starts with 'ø'. An ASCII
    // character lower-cases to one ASCII character, so when the text's first five bytes are
    // ASCII its lower case starts with their lower case, which must be a stem; a shorter text
    // of ASCII lower-cases to fewer than five bytes. Other texts are compared in full. The
    // test is made on the line before it is trimmed: it starts with a letter, so trimming
    // keeps its start, and can only make it shorter.
    //
    // The five bytes are compared at once as a number, each with its bit 0x20 set: for ASCII
    // bytes that folds exactly a letter's two cases together (every stem byte is a lower-case
    // letter, and the only other byte whose bit 0x20 set gives it is its capital).
    const STEMS: [u64; 8] = [
        stem_word(b"resum"),
        stem_word(b"sagsr"),
        stem_word(b"sagsf"),
        stem_word(b"sagsb"),
        stem_word(b"indst"),
        stem_word(b"beslu"),
        stem_word(b"effek"),
        stem_word(b"bilag"),
    ];
    let start = &plain.as_bytes()[..plain.len().min(5)];
    if start.is_ascii() {
        let Ok(start) = <&[u8; 5]>::try_from(start) else {
            return None;
        };
        if !STEMS.contains(&(stem_word(start) | stem_word(b"     "))) {
            return None;
        }
    } else if start[0].is_ascii() {
        // An ASCII letter, then a character that is not ASCII within the first five bytes
        // ("Børne", "Særlige"): the lower case of the text has its lower case there, where
        // every heading that starts with an ASCII letter has an ASCII byte. No character
        // outside ASCII lower-cases to one that starts with an ASCII character but 'İ' and
        // the Kelvin sign (an exhaustive test checks): only they are compared in full. (When
        // that character is a space trimmed off the end, four ASCII bytes are left: shorter
        // than every heading.)
        let ascii = start.iter().take_while(|b| b.is_ascii()).count();
        if !matches!(plain[ascii..].chars().next(), Some('\u{130}' | '\u{212A}')) {
            return None;
        }
    }
    let text = plain.trim_end_matches([':', '.']).trim();
    if text.is_ascii() {
        return ascii_section_kind(text);
    }
    lowered_section_kind(text)
}

/// Five bytes as one number (the first the lowest byte).
const fn stem_word(bytes: &[u8; 5]) -> u64 {
    let mut word = 0u64;
    let mut i = 0;
    while i < 5 {
        word |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    word
}

/// [`lowered_section_kind`] of an ASCII text (most headings), without lower-casing it: the
/// lower case of ASCII is ASCII, one byte for one, so it equals (or starts with) a lower-case
/// word exactly when the text does up to ASCII case — and never equals a word that is not
/// ASCII ("resumé", "økonomi"), which the byte comparison also finds. A proptest compares it
/// with the lower-casing.
fn ascii_section_kind(text: &str) -> Option<SectionKind> {
    let starts_with = |prefix: &str| {
        text.as_bytes()
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if let Some((_, kind)) = SECTION_HEADINGS
        .iter()
        .find(|(heading, _)| text.eq_ignore_ascii_case(heading))
    {
        return Some(*kind);
    }
    if starts_with("beslutning i ") || starts_with("beslutning den ") {
        return Some(SectionKind::Decision);
    }
    if starts_with("indstilling til ") || starts_with("indstilling fra ") {
        return Some(SectionKind::Recommendation);
    }
    None
}

/// The section kind a trimmed heading text names, compared in lower case.
fn lowered_section_kind(text: &str) -> Option<SectionKind> {
    // The start of the text lower-cased once, on the stack (compared with every heading).
    let text = LowerStart::new(text);
    if let Some((_, kind)) = SECTION_HEADINGS
        .iter()
        .find(|(heading, _)| text.eq(heading))
    {
        return Some(*kind);
    }
    // "Beslutning i Økonomiudvalget den 12-09-2023", "Indstilling til byrådet".
    if text.starts_with("beslutning i ") || text.starts_with("beslutning den ") {
        return Some(SectionKind::Decision);
    }
    if text.starts_with("indstilling til ") || text.starts_with("indstilling fra ") {
        return Some(SectionKind::Recommendation);
    }
    None
}

/// `(number, rest of the heading line)` for a "Punkt N:" heading.
///
/// Both keywords start with an ASCII 'p' (as [`punkt_heading`] reads them): every other line
/// is turned away by its first byte here, inlined where every line of a body is asked, without
/// a call.
#[inline]
pub(crate) fn parse_punkt_heading(line: &Line<'_>) -> Option<(u32, String)> {
    if !matches!(line.plain.as_bytes().first(), Some(b'p' | b'P')) {
        return None;
    }
    punkt_heading(line)
}

/// [`parse_punkt_heading`] past its first-byte test.
fn punkt_heading(line: &Line<'_>) -> Option<(u32, String)> {
    let plain = &line.plain;
    let bytes = plain.as_bytes();
    let keyword = bytes.len() >= 5
        && (bytes[..5].eq_ignore_ascii_case(b"punkt") || bytes[..3].eq_ignore_ascii_case(b"pkt"));
    if !keyword {
        return None;
    }
    // The keyword in ASCII, as the test above found it (so not with a Kelvin sign, which the
    // patterns' `(?i)` would take for a 'k').
    let after_keyword = if bytes[..5].eq_ignore_ascii_case(b"punkt") {
        &plain[5..]
    } else {
        let rest = &plain[3..];
        rest.strip_prefix('.').unwrap_or(rest)
    };
    let loose = line.md_level > 0;
    let (number, rest) = scan::punkt_rest(after_keyword, loose).or_ask(|| {
        let re: &Regex = if loose {
            &PUNKT_HEADING_LOOSE
        } else {
            &PUNKT_HEADING
        };
        let c = re.captures(plain)?;
        Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
    })?;
    Some((number.parse().ok()?, rest.trim().to_string()))
}

/// `(number, title)` for a "3. Title" heading.
///
/// The pattern starts with `\d`: a line whose first byte is ASCII but no digit (or that is
/// empty) cannot match, and is turned away here, inlined where every line of a body is asked,
/// without a call.
#[inline]
fn parse_numbered_heading(line: &Line<'_>) -> Option<(u32, String)> {
    match line.plain.as_bytes().first() {
        Some(b) if !b.is_ascii() || b.is_ascii_digit() => numbered_heading(line),
        _ => None,
    }
}

/// [`parse_numbered_heading`] past its first-byte test.
fn numbered_heading(line: &Line<'_>) -> Option<(u32, String)> {
    if line.indented && line.md_level == 0 {
        return None;
    }
    // The pattern starts with `\d`: lines that do not are not tried.
    if !starts_numeric(&line.plain) {
        return None;
    }
    let plain = line.plain.as_ref();
    let (number, title) = scan::numbered_heading(plain).or_ask(|| {
        let c = NUMBERED_HEADING.captures(plain)?;
        Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
    })?;
    Some((number.parse().ok()?, title.trim().to_string()))
}

/// A line that is structure rather than title text.
fn is_structural(line: &Line<'_>) -> bool {
    line.md_level > 0
        || section_kind_of(&line.plain).is_some()
        || case_number_line(&line.plain).is_some()
        || access_line(&line.plain).is_some()
        || group_line(&line.plain).is_some()
        || parse_punkt_heading(line).is_some()
}

/// A possible item heading.
#[derive(Debug, Clone)]
struct Candidate {
    line: usize,
    number: u32,
    /// The title lines joined, still with any "B-sag:" prefix.
    title: String,
    /// The first line after the title.
    after_title: usize,
    punkt: bool,
    md_level: u8,
    /// The title's [`match_key`], made when first compared.
    title_key: OnceCell<String>,
}

impl Candidate {
    fn title_key(&self) -> &str {
        self.title_key.get_or_init(|| match_key(&self.title))
    }
}

/// The [`match_key`] of table-of-contents entry `j`, made once however often it is compared.
fn listed_key<'k>(keys: &'k [OnceCell<String>], entries: &[TocEntry], j: usize) -> &'k str {
    keys[j].get_or_init(|| match_key(&entries[j].title))
}

/// What the body yields.
pub(crate) struct FoundItems {
    /// Sorted by number, including table-of-contents entries without a body.
    pub items: Vec<ParsedItem>,
    /// The line of the first item heading found in the body.
    pub first_heading_line: Option<usize>,
    /// The lines of the first item (its heading excluded), where a document without a header
    /// usually states its meeting ("Godkendelse af dagsordenen til ... møde den ...").
    pub first_item_lines: Option<Range<usize>>,
}

pub(crate) fn find_items(
    lines: &[Line<'_>],
    body_start: usize,
    toc: Option<&mut Toc>,
    wrap: Option<&WrapWidth>,
    problems: &mut Vec<String>,
) -> FoundItems {
    let candidates = collect_candidates(lines, body_start);
    let (entries, group_labels): (&mut [TocEntry], HashSet<String>) = match toc {
        Some(t) => (
            &mut t.entries[..],
            t.group_labels
                .iter()
                .map(|(_, label)| label.clone())
                .collect(),
        ),
        None => (&mut [], HashSet::new()),
    };
    // Item numbers become ids: each may be used once.
    let mut used_numbers: HashSet<u32> = HashSet::new();
    // (candidate, index of its table-of-contents entry)
    let mut accepted: Vec<(Candidate, Option<usize>)> = Vec::new();
    let mut next_entry = 0usize;
    let body_lines = &lines[body_start.min(lines.len())..];
    let document_has_sections = body_lines
        .iter()
        .any(|l| section_kind_of(&l.plain).is_some());
    let document_has_inline_sections = !document_has_sections
        && body_lines
            .iter()
            .any(|l| section_heading(l, true).is_some());

    let max_listed = entries.iter().map(|e| e.number).max();
    let mut taken = vec![false; entries.len()];
    let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
    for (j, entry) in entries.iter().enumerate() {
        by_number.entry(entry.number).or_default().push(j);
    }

    // Titles are compared in their match_key form: each made once, when first needed.
    let entry_keys: Vec<OnceCell<String>> = vec![OnceCell::new(); entries.len()];
    let candidates = prefer_likely_items(
        lines,
        candidates,
        entries,
        &entry_keys,
        &by_number,
        problems,
    );
    for cand in candidates {
        if used_numbers.contains(&cand.number) {
            if cand.punkt {
                problems.push(format!(
                    "heading \"Punkt {}\" at line {} repeats an item number; kept as text",
                    cand.number,
                    cand.line + 1
                ));
            }
            continue;
        }
        let last_number = accepted.last().map(|(c, _)| c.number);
        if !entries.is_empty() {
            let window = next_entry..entries.len().min(next_entry + TOC_LOOKAHEAD);
            let by_number_and_title = window.clone().find(|&j| {
                entries[j].number == cand.number
                    && keys_match(listed_key(&entry_keys, entries, j), cand.title_key())
            });
            let by_position = (cand.punkt && next_entry < entries.len())
                .then_some(next_entry)
                .filter(|&j| {
                    entries[j].number == cand.number
                        || keys_match(listed_key(&entry_keys, entries, j), cand.title_key())
                });
            if let Some(j) = by_number_and_title.or(by_position) {
                if entries[j].number != cand.number {
                    problems.push(format!(
                        "item heading \"Punkt {}\" (line {}) matches table-of-contents entry \
                         {} by title; the body's number is used",
                        cand.number,
                        cand.line + 1,
                        entries[j].number
                    ));
                }
                next_entry = j + 1;
                taken[j] = true;
                used_numbers.insert(cand.number);
                accepted.push((cand, Some(j)));
                continue;
            }
            // An entry passed over earlier whose body comes out of order.
            let earlier = by_number.get(&cand.number).and_then(|js| {
                js.iter().copied().find(|&j| {
                    j < next_entry
                        && !taken[j]
                        && keys_match(listed_key(&entry_keys, entries, j), cand.title_key())
                })
            });
            if let Some(j) = earlier {
                problems.push(format!(
                    "item {} (line {}) comes after items listed later in the table of contents",
                    cand.number,
                    cand.line + 1
                ));
                taken[j] = true;
                used_numbers.insert(cand.number);
                accepted.push((cand, Some(j)));
                continue;
            }
            let later = last_number.is_none_or(|n| cand.number > n);
            let beyond_toc = max_listed.is_none_or(|m| cand.number > m);
            if cand.punkt && later && beyond_toc {
                problems.push(format!(
                    "item {} \"{}\" is in the body but not in the table of contents",
                    cand.number, cand.title
                ));
                used_numbers.insert(cand.number);
                accepted.push((cand, None));
            } else if cand.punkt {
                problems.push(format!(
                    "heading \"Punkt {}\" at line {} does not match the table of contents; \
                     kept as text",
                    cand.number,
                    cand.line + 1
                ));
            }
            continue;
        }
        let in_order = match accepted.first() {
            None => true,
            Some(_) if cand.punkt => last_number.is_some_and(|n| cand.number > n),
            // Numbered headings without a table of contents: consecutive, at the level of the
            // first one (a numbered sub-heading restarts at 1 or sits at another level).
            Some((first, _)) => {
                last_number.is_some_and(|n| cand.number == n + 1) && cand.md_level == first.md_level
            }
        };
        if in_order && (cand.punkt || document_has_sections || document_has_inline_sections) {
            used_numbers.insert(cand.number);
            accepted.push((cand, None));
        } else if cand.punkt {
            problems.push(format!(
                "heading \"Punkt {}\" at line {} is out of order; kept as text",
                cand.number,
                cand.line + 1
            ));
        }
    }
    let context = ItemContext {
        group_labels: &group_labels,
        wrap,
        inline_headings: !document_has_sections,
    };
    // The document's closing line ("Mødet hævet kl. 14.07") is not part of the last item.
    let mut document_end = closing_meeting_end(lines).map_or(lines.len(), |(line, _)| line);
    // Nor is the footer of a web page printed to PDF.
    if let Some(footer) = trailing_page_footer(&lines[..document_end]) {
        // Only after the last item's heading: a footer holds no item.
        let last_heading = accepted.last().map(|(c, _)| c.after_title);
        if last_heading.is_some_and(|after| footer >= after) {
            let dropped: Vec<&str> = lines[footer..document_end]
                .iter()
                .filter(|l| !l.is_blank())
                .map(|l| l.plain.as_ref())
                .collect();
            problems.push(format!(
                "the lines after the last item's text read as a web page's footer and are \
                 left out: \"{}\"",
                dropped.join(" / ")
            ));
            document_end = footer;
        }
    }
    let mut items = Vec::with_capacity(accepted.len() + entries.len());
    let mut matched_entries = vec![false; entries.len()];
    let first_heading_line = accepted.first().map(|(c, _)| c.line);
    let mut first_item_lines = None;
    for (index, (cand, entry)) in accepted.iter().enumerate() {
        let end = accepted
            .get(index + 1)
            .map_or(document_end.max(cand.after_title), |(next, _)| next.line);
        if index == 0 {
            first_item_lines = Some(cand.after_title..end);
        }
        let toc_entry = entry.map(|j| {
            matched_entries[j] = true;
            &entries[j]
        });
        let item = build_item(lines, cand, end, toc_entry, &context, problems);
        items.push(item);
    }
    // An entry matched by title under another number takes the number the body states.
    for (cand, entry) in &accepted {
        if let Some(j) = entry {
            entries[*j].number = cand.number;
        }
    }

    for (entry, matched) in entries.iter().zip(&matched_entries) {
        if !matched {
            if !used_numbers.insert(entry.number) {
                problems.push(format!(
                    "item {} \"{}\" is listed in the table of contents without a body, and \
                     its number is another item's; no row",
                    entry.number, entry.title
                ));
                continue;
            }
            problems.push(format!(
                "item {} \"{}\" is listed in the table of contents but its body is missing",
                entry.number, entry.title
            ));
            items.push(ParsedItem {
                number: entry.number,
                title: entry.title.clone(),
                case_type: entry.case_type,
                case_number: None,
                access: None,
                sections: Vec::new(),
                body_found: false,
            });
        }
    }
    let listed = entries.len();
    let matched_count = matched_entries.iter().filter(|m| **m).count();
    if listed > 0 && matched_count < listed {
        problems.insert(
            0,
            format!(
                "table of contents lists {listed} items, the body holds {matched_count} of them"
            ),
        );
    }
    if entries.windows(2).any(|w| w[0].number >= w[1].number) {
        problems.push("table of contents numbers do not increase".to_string());
    }
    items.sort_by_key(|i| i.number);
    FoundItems {
        items,
        first_heading_line,
        first_item_lines,
    }
}

/// A municipality's postal address as a web site's footer states it: "Odense Kommune ·
/// Flakhaven 2 · 5000 Odense C".
static SITE_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\p{Lu}[\p{L}-]+ Kommune\b.*\b\d{4}\s+\p{Lu}").expect("valid regex")
});

/// Lines a page footer may hold before the text is taken for the minutes' own.
const MAX_FOOTER_LINES: usize = 10;

/// The first line of the footer a web page printed to PDF ends with ("Se også" / links /
/// "Odense Kommune · Flakhaven 2 · 5000 Odense C" / "Slå JavaScript til"), if the text ends
/// with one. A footer is told by the site's address line among the last lines: it is the
/// trailing run of short lines that do not end a sentence (a sentence, a bullet or structure
/// ends it) holding such a line. An export's own text has no such run, and one that ended
/// with an address would end the run at its last sentence.
fn trailing_page_footer(lines: &[Line<'_>]) -> Option<usize> {
    let run: Vec<(usize, &Line<'_>)> = lines
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, l)| !l.is_blank())
        .take_while(|(_, l)| {
            let plain = l.plain.as_ref();
            char_count(plain) <= 80
                && !plain.ends_with(['.', '!', '?', ':', ';', ','])
                && !plain.starts_with(['•', '-', '*', '–', '·'])
                && !is_structural(l)
                && parse_numbered_heading(l).is_none()
        })
        .take(MAX_FOOTER_LINES + 1)
        .collect();
    // A longer run is a list of the minutes' own (attachments, names), not a footer.
    let address = |l: &Line<'_>| names_a_municipality(&l.plain) && SITE_ADDRESS.is_match(&l.plain);
    if run.len() > MAX_FOOTER_LINES || !run.iter().any(|(_, l)| address(l)) {
        return None;
    }
    run.last().map(|(i, _)| *i)
}

/// When several headings carry the same number, keeps the ones most like an item start: a
/// title matching a table-of-contents entry of that number first, then a case number or
/// access line right after the title, then a section heading there. A heading quoted inside
/// another item ("Punkt 3: Status på madordningen" in an excerpt) loses to the real one.
fn prefer_likely_items(
    lines: &[Line<'_>],
    candidates: Vec<Candidate>,
    entries: &[TocEntry],
    entry_keys: &[OnceCell<String>],
    by_number: &HashMap<u32, Vec<usize>>,
    problems: &mut Vec<String>,
) -> Vec<Candidate> {
    let mut count: HashMap<u32, usize> = HashMap::new();
    for cand in &candidates {
        *count.entry(cand.number).or_default() += 1;
    }
    if count.values().all(|&n| n == 1) {
        return candidates;
    }
    let key = |cand: &Candidate| -> (bool, u8) {
        let listed = by_number.get(&cand.number).is_some_and(|js| {
            js.iter()
                .any(|&j| keys_match(listed_key(entry_keys, entries, j), cand.title_key()))
        });
        (listed, start_score(lines, cand))
    };
    let mut best: HashMap<u32, (bool, u8)> = HashMap::new();
    let keys: Vec<(bool, u8)> = candidates.iter().map(key).collect();
    for (cand, k) in candidates.iter().zip(&keys) {
        if count[&cand.number] > 1 {
            let entry = best.entry(cand.number).or_insert(*k);
            *entry = (*entry).max(*k);
        }
    }
    candidates
        .into_iter()
        .zip(keys)
        .filter(|(cand, k)| {
            let keep = best.get(&cand.number).is_none_or(|b| b == k);
            if !keep && cand.punkt {
                problems.push(format!(
                    "heading \"Punkt {}\" at line {} repeats an item number; kept as text",
                    cand.number,
                    cand.line + 1
                ));
            }
            keep
        })
        .map(|(cand, _)| cand)
        .collect()
}

/// 2 when a case number, access or group line follows the title within three lines, 1 when a
/// section heading does, else 0.
fn start_score(lines: &[Line<'_>], cand: &Candidate) -> u8 {
    let mut following = lines
        .get(cand.after_title..)
        .unwrap_or(&[])
        .iter()
        .filter(|l| !l.is_blank())
        .take(3)
        .peekable();
    let first_is_section = following
        .peek()
        .is_some_and(|l| section_kind_of(&l.plain).is_some());
    let marked = following.any(|l| {
        case_number_line(&l.plain).is_some()
            || access_line(&l.plain).is_some()
            || group_line(&l.plain).is_some()
    });
    if marked {
        2
    } else {
        u8::from(first_is_section)
    }
}

fn collect_candidates(lines: &[Line<'_>], body_start: usize) -> Vec<Candidate> {
    let body = lines.get(body_start..).unwrap_or(&[]);
    let punkt: Vec<(usize, u32, String)> = body
        .iter()
        .enumerate()
        .filter_map(|(i, l)| parse_punkt_heading(l).map(|(n, t)| (body_start + i, n, t)))
        .collect();
    let (raw, punkt_style) = if punkt.is_empty() {
        let numbered = body
            .iter()
            .enumerate()
            .filter_map(|(i, l)| parse_numbered_heading(l).map(|(n, t)| (body_start + i, n, t)))
            .collect();
        (numbered, false)
    } else {
        (punkt, true)
    };
    raw.into_iter()
        .map(|(line, number, first)| {
            // The lines after the heading up to a blank or structural line: the rest of a
            // wrapped title, if they are few and read as its continuation.
            let block_end = lines[line + 1..]
                .iter()
                .take(MAX_TITLE_CONTINUATION + 1)
                .position(|l| {
                    l.is_blank() || is_structural(l) || parse_numbered_heading(l).is_some()
                })
                .map_or(line + 1 + MAX_TITLE_CONTINUATION + 1, |k| line + 1 + k)
                .min(lines.len());
            let block = &lines[line + 1..block_end];
            let continues = block.len() <= MAX_TITLE_CONTINUATION
                && block
                    .first()
                    .is_some_and(|next| first.is_empty() || title_continues(&first, &next.plain));
            let mut parts = vec![first];
            let mut k = line + 1;
            if continues {
                parts.extend(block.iter().map(|l| l.plain.to_string()));
                k = block_end;
            }
            // A heading with its title on the next line(s) only.
            if parts[0].is_empty() {
                parts.remove(0);
            }
            Candidate {
                line,
                number,
                title: normalise_title(parts.iter().map(String::as_str)),
                after_title: k,
                punkt: punkt_style,
                md_level: lines[line].md_level,
                title_key: OnceCell::new(),
            }
        })
        .collect()
}

/// Words a title line cannot end with: the title goes on on the next line.
#[rustfmt::skip]
const OPEN_ENDINGS: [&str; 25] = [
    "og", "i", "af", "til", "for", "med", "på", "om", "ved", "mellem", "under", "fra", "samt",
    "eller", "efter", "hos", "mod", "over", "en", "et", "den", "det", "de", "vedr.", "vedrørende",
];

/// Whether `next` continues a title line rather than starting the item's text.
fn title_continues(title: &str, next: &str) -> bool {
    let next_starts_low = next
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || "\"”»(".contains(c));
    let last_word = title.rsplit(' ').next().unwrap_or("").to_lowercase();
    let open_ended = title.ends_with('-') || OPEN_ENDINGS.contains(&last_word.as_str());
    next_starts_low || open_ended || char_count(title) >= 55
}

/// What every item of a document is read with.
struct ItemContext<'c> {
    /// Group lines of the table of contents, to drop where the body repeats them.
    group_labels: &'c HashSet<String>,
    wrap: Option<&'c WrapWidth>,
    /// Whether "Beslutning: text" on one line opens a section: only in documents without
    /// section headings on lines of their own, where quoting such a line is unlikely to be
    /// mistaken for structure.
    inline_headings: bool,
}

/// A section heading: on its own line, or (see [`ItemContext::inline_headings`]) followed by
/// the first text of its section. Inlined where every line of an item is asked, as
/// [`section_kind_of`]'s first test is (a call per line cost more than the test).
#[inline(always)]
fn section_heading<'l>(
    line: &'l Line<'_>,
    inline: bool,
) -> Option<(SectionKind, &'l str, &'l str)> {
    if let Some(kind) = section_kind_of(&line.plain) {
        return Some((kind, &line.plain, ""));
    }
    if !inline {
        return None;
    }
    inline_section_heading(line)
}

/// [`section_heading`] of a line that is not a heading alone: "Beslutning: text".
fn inline_section_heading<'l>(line: &'l Line<'_>) -> Option<(SectionKind, &'l str, &'l str)> {
    let (head, rest) = line.plain.split_once(':')?;
    let head = head.trim();
    let rest = rest.trim();
    let kind = section_kind_of(head)?;
    // One word, and text after the colon (tested once the rarer kind has been found).
    let exact = head.split_whitespace().count() == 1;
    if !exact || rest.is_empty() {
        return None;
    }
    Some((kind, head, rest))
}

fn build_item(
    lines: &[Line<'_>],
    cand: &Candidate,
    end: usize,
    toc_entry: Option<&TocEntry>,
    context: &ItemContext<'_>,
    problems: &mut Vec<String>,
) -> ParsedItem {
    let group_labels = context.group_labels;
    let wrap = context.wrap;
    let inline = context.inline_headings;
    let (prefix_case_type, mut title) = split_case_type(&cand.title);
    if title.is_empty() {
        if let Some(entry) = toc_entry {
            title = entry.title.clone();
        }
    }
    // Group lines ("B. Sager til afgørelse i udvalget") that close the item belong to the
    // next item.
    let mut end = end;
    while end > cand.after_title {
        let line = &lines[end - 1];
        let is_group = group_labels.contains(line.plain.as_ref());
        if line.is_blank() || is_group {
            end -= 1;
        } else {
            break;
        }
    }
    let body = &lines[cand.after_title.min(end)..end];
    let first_section = body
        .iter()
        .position(|l| section_heading(l, inline).is_some())
        .unwrap_or(body.len());

    let mut case_number = None;
    let mut access = None;
    let mut group_case_type = None;
    let mut leftover: Vec<&Line<'_>> = Vec::new();
    for line in &body[..first_section] {
        if line.is_blank() {
            continue;
        }
        if let Some(number) = case_number_line(&line.plain) {
            case_number.get_or_insert_with(|| number.to_string());
            continue;
        }
        if let Some((word, rest)) = access_line(&line.plain) {
            let stated = if word.to_lowercase() == "åbent" {
                Access::Open
            } else {
                Access::Closed
            };
            access.get_or_insert(stated);
            if let Some(rest) = rest {
                if let Some(n) = case_number_line(rest.trim()) {
                    case_number.get_or_insert_with(|| n.to_string());
                }
            }
            continue;
        }
        if let Some(letter) = group_line(&line.plain) {
            if group_labels.is_empty() || group_labels.contains(line.plain.as_ref()) {
                group_case_type = group_case_type.or(Some(letter));
                continue;
            }
        }
        leftover.push(line);
    }

    let mut sections = Vec::new();
    // (kind, heading, text on the heading's line, index of its first line)
    let mut current: Option<(SectionKind, String, Option<Line<'_>>, usize)> = None;
    let section_lines = &body[first_section..];
    for (i, line) in section_lines.iter().enumerate() {
        if let Some((kind, heading, rest)) = section_heading(line, inline) {
            if let Some((k, heading, first, start)) = current.take() {
                let content = &section_lines[start..i];
                sections.push(make_section(k, heading, first, content, wrap));
            }
            let first = (!rest.is_empty()).then_some(Line {
                raw: rest,
                plain: std::borrow::Cow::Borrowed(rest),
                md_level: 0,
                indented: false,
                // Not known for a part of a line: searched as a marked line is.
                marked: true,
                width: width_of(rest),
            });
            current = Some((kind, heading.to_string(), first, i + 1));
        }
    }
    if let Some((k, heading, first, start)) = current.take() {
        sections.push(make_section(
            k,
            heading,
            first,
            &section_lines[start..],
            wrap,
        ));
    }

    if !leftover.is_empty() {
        // Borrowed, not cloned: normalise_lines reads the lines' plain forms, never owns them.
        let borrowed: Vec<Line<'_>> = leftover.iter().map(|l| l.borrowed()).collect();
        let text = normalise_lines(&borrowed, wrap);
        if sections.is_empty() {
            problems.push(format!(
                "item {} has no section headings; its text is kept as an unlabelled body",
                cand.number
            ));
            sections.push(Section {
                kind: SectionKind::Body,
                heading: String::new(),
                text,
            });
        } else {
            let preview: String = text.chars().take(60).collect();
            problems.push(format!(
                "item {}: text before the first section heading is not in any section: \
                 \"{preview}\"",
                cand.number
            ));
        }
    } else if sections.is_empty() && access != Some(Access::Closed) {
        // A closed item's text is withheld; any other item without text is odd.
        problems.push(format!("item {} has no text", cand.number));
    }

    ParsedItem {
        number: cand.number,
        title,
        case_type: prefix_case_type
            .or(group_case_type)
            .or(toc_entry.and_then(|e| e.case_type)),
        case_number,
        access,
        sections,
        body_found: true,
    }
}

fn make_section(
    kind: SectionKind,
    heading: String,
    first: Option<Line<'_>>,
    lines: &[Line<'_>],
    wrap: Option<&WrapWidth>,
) -> Section {
    let text = match first {
        Some(first) => {
            let mut all = Vec::with_capacity(lines.len() + 1);
            all.push(first);
            all.extend(lines.iter().map(Line::borrowed));
            normalise_lines(&all, wrap)
        }
        None => normalise_lines(lines, wrap),
    };
    Section {
        kind,
        heading: heading.trim_end_matches(':').trim().to_string(),
        text,
    }
}

/// Text reduced for comparing titles: lower case, letters and digits, single spaces, without
/// a case-type prefix.
///
/// Every title of the table of contents and of the body is reduced once (a few thousand per
/// run), so it is read byte by byte: an ASCII byte lower-cases to one ASCII byte, alphanumeric
/// as before, and only the other characters are decoded and looked up in the Unicode tables.
/// The title after its prefix is borrowed, not copied ([`split_case_type`] copies it). A
/// proptest compares it with [`match_key_by_chars`], the old code.
fn match_key(title: &str) -> String {
    let title = case_type_prefix(title)
        .map_or(title, |(_, rest)| rest)
        .trim();
    let bytes = title.as_bytes();
    // Bytes, made a String at the end (checked: a short text of mostly ASCII is checked
    // quickly): pushing each character to a String cost several times more than the test.
    let mut out = Vec::with_capacity(title.len());
    // Whether a space is owed before the next alphanumeric character: a run of others is one
    // space, none at the start (`out` is empty) nor at the end (never paid).
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            let key = ASCII_KEY[usize::from(b)];
            if key != 0 {
                if space {
                    out.push(b' ');
                    space = false;
                }
                out.push(key);
            } else {
                space = !out.is_empty();
            }
            i += 1;
            continue;
        }
        let c = title[i..].chars().next().expect("a character starts here");
        for c in c.to_lowercase() {
            if c.is_alphanumeric() {
                if space {
                    out.push(b' ');
                    space = false;
                }
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            } else {
                space = !out.is_empty();
            }
        }
        i += c.len_utf8();
    }
    String::from_utf8(out).expect("whole characters were pushed")
}

/// What [`match_key`] keeps of an ASCII byte: its lower case when it is alphanumeric, else 0.
static ASCII_KEY: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// [`match_key`] character by character, as it was: the tests' oracle.
#[cfg(test)]
fn match_key_by_chars(title: &str) -> String {
    let (_, title) = split_case_type(title);
    let mut out = String::with_capacity(title.len());
    let mut push = |c: char, alphanumeric: bool| {
        if alphanumeric {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for c in title.chars() {
        if c.is_ascii() {
            let c = c.to_ascii_lowercase();
            push(c, c.is_ascii_alphanumeric());
        } else {
            for c in c.to_lowercase() {
                push(c, c.is_alphanumeric());
            }
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Whether a listed title and a body title name the same item: one a prefix of the other
/// (listings are cut short), a long common start (a typo further on), or most listed words
/// present in the body title.
#[cfg(test)]
pub(crate) fn titles_match(listed: &str, body: &str) -> bool {
    keys_match(&match_key(listed), &match_key(body))
}

/// [`titles_match`] on the titles' [`match_key`]s.
fn keys_match(listed: &str, body: &str) -> bool {
    // An empty title vouches for nothing.
    if listed.is_empty() || body.is_empty() {
        return false;
    }
    if body.starts_with(listed) || listed.starts_with(body) {
        return true;
    }
    let common = listed
        .chars()
        .zip(body.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let shorter = listed.chars().count().min(body.chars().count());
    if common >= 8 && common * 10 >= shorter * 6 {
        return true;
    }
    // A title has a few dozen words at most: looking each up in a list is cheaper than
    // hashing them all, and finds the same ones.
    let body_words: Vec<&str> = body.split(' ').collect();
    let listed_words: Vec<&str> = listed.split(' ').collect();
    let shared = listed_words
        .iter()
        .filter(|w| body_words.contains(*w))
        .count();
    listed_words.len() >= 2 && shared * 10 >= listed_words.len() * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_headings() {
        assert_eq!(section_kind_of("RESUMÉ"), Some(SectionKind::Summary));
        assert_eq!(section_kind_of("Sagsresumé"), Some(SectionKind::Summary));
        assert_eq!(section_kind_of("Beslutning:"), Some(SectionKind::Decision));
        assert_eq!(section_kind_of("Bilag 1. Høringssvar"), None);
        assert_eq!(
            section_kind_of("Beslutning i Økonomiudvalget den 12-09-2023"),
            Some(SectionKind::Decision)
        );
    }

    proptest::proptest! {
        /// An ASCII heading compared up to ASCII case is the heading lower-cased and compared.
        #[test]
        fn ascii_section_kind_agrees_with_lowering(
            head in "(resume|RESUMÉ|Sagsresume|sagsresumé|INDSTILLING|Indstillinger|Beslutning|\
                      beslutninger|sagsFremstilling|Sagsbeskrivelse|Effekt|EFFEKTER|Økonomi|\
                      økonomiske konsekvenser|bilag|Beslutning i|beslutning den|Indstilling til|\
                      indstilling fra|Beslut|Bilagx)?",
            tail in "[ a-zA-Z.:\u{212A}é]{0,6}",
        ) {
            let text = format!("{head}{tail}");
            let text = text.trim_end_matches([':', '.']).trim();
            if text.is_ascii() {
                proptest::prop_assert_eq!(ascii_section_kind(text), lowered_section_kind(text));
            }
        }

        /// The first-bytes tests of a section heading turn away only lines whose lower case
        /// names no section: the kind is the trimmed line's, lower-cased and compared.
        #[test]
        fn section_kind_agrees_with_lowering(
            head in "(resume|RESUMÉ|Sagsresume|sagsresumé|INDSTILLING|Indstillinger|Beslutning|\
                      beslutninger|sagsFremstilling|Sagsbeskrivelse|Effekt|EFFEKTER|Økonomi|\
                      økonomiske konsekvenser|bilag|Beslutning i|beslutning den|Indstilling til|\
                      indstilling fra|Beslut|Bilagx|[rsibeøØ])?",
            tail in "[ a-zA-Z.:\u{212A}\u{130}éæøåÆØÅſ\u{3000}]{0,8}",
        ) {
            let text = format!("{head}{tail}");
            // A line's plain form is trimmed.
            proptest::prop_assume!(!text.starts_with(char::is_whitespace));
            let lowered = if text.is_empty() || text.len() > 80 {
                None
            } else {
                lowered_section_kind(text.trim_end_matches([':', '.']).trim())
            };
            proptest::prop_assert_eq!(section_kind_of(&text), lowered);
        }

        /// Titles reduced byte by byte are what they were reduced character by character.
        #[test]
        fn match_key_agrees_with_reducing_by_chars(
            title in "([A-H] ?- ?[sS]ag ?[:-] ?)?[- a-zA-Z0-9.,:;()\"”»«–\u{212A}\u{130}éæøåÆØÅſ\
                      \u{a0}\u{3000}\u{301}ﬁ²½]{0,24}",
        ) {
            proptest::prop_assert_eq!(match_key(&title), match_key_by_chars(&title));
        }
    }

    /// No character outside ASCII lower-cases to one that starts with an ASCII character but
    /// 'İ' and the Kelvin sign: what the section headings' first-bytes test relies on.
    #[test]
    fn only_two_characters_lower_case_into_ascii() {
        let into_ascii: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().next().is_some_and(|l| l.is_ascii()))
            .collect();
        assert_eq!(into_ascii, ['\u{130}', '\u{212A}']);
    }

    #[test]
    fn punkt_headings() {
        let lines = super::super::lines::split_lines(
            "Punkt 3: B-sag: Titel\n## **Punkt 4 Titel**\nPkt. 5: Titel\nPunkt 6 i sagen\nPunktum\n\
             Punkt 7 - Titel\nPunkt 8-10 gennemgås",
        );
        let got: Vec<Option<(u32, String)>> = lines.iter().map(parse_punkt_heading).collect();
        assert_eq!(
            got,
            [
                Some((3, "B-sag: Titel".to_string())),
                Some((4, "Titel".to_string())),
                Some((5, "Titel".to_string())),
                None,
                None,
                Some((7, "Titel".to_string())),
                None,
            ]
        );
    }

    /// The web export's layout with every line set apart (a web page printed to PDF): the
    /// group line between two items is not the first item's text, and the title, group and
    /// access lines are read across the blank lines.
    #[test]
    fn spaced_group_and_access_lines() {
        let text = "Referat\n\ntil\n\nmødet i Økonomiudvalget\n\nden 3. maj 2016 kl. 9.00\n\n\
                    A. Sager til afgørelse i byrådet\n\n1\tFørste sag\n\n\
                    B. Sager til afgørelse i udvalget\n\n2\tAnden sag\n\n\
                    A. Sager til afgørelse i byrådet\n\n1. Første sag\n\n\
                    A. Sager til afgørelse i byrådet\n\nÅbent - 00.00.00-G01-4336-15\n\n\
                    RESUMÉ\n\nTekst om den første sag.\n\n\
                    B. Sager til afgørelse i udvalget\n\n2. Anden sag\n\n\
                    B. Sager til afgørelse i udvalget\n\nLukket - 15.00.00-A00-35-16\n\n\
                    RESUMÉ\n\nTekst om den anden sag.\n";
        let doc = crate::parse::parse(text).expect("parses");
        let got: Vec<_> = doc
            .items
            .iter()
            .map(|i| {
                (
                    i.number,
                    i.title.as_str(),
                    i.case_type,
                    i.case_number.as_deref(),
                    i.access,
                    i.sections
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    1,
                    "Første sag",
                    Some('A'),
                    Some("00.00.00-G01-4336-15"),
                    Some(Access::Open),
                    vec!["Tekst om den første sag."]
                ),
                (
                    2,
                    "Anden sag",
                    Some('B'),
                    Some("15.00.00-A00-35-16"),
                    Some(Access::Closed),
                    vec!["Tekst om den anden sag."]
                ),
            ]
        );
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        assert_eq!(doc.header.committee.as_deref(), Some("Økonomiudvalget"));
    }

    #[test]
    fn footer_of_a_printed_web_page() {
        let footer = "Tekst om sagen.\n\nSe også\n\nByrådets møder\n\n\
                      Odense Kommune · Flakhaven 2 · 5000 Odense C\n\nSlå JavaScript til\n";
        let lines = super::super::lines::split_lines(footer);
        assert_eq!(trailing_page_footer(&lines), Some(2));
        // Without the site's address line the short lines may be the minutes' own.
        let own = "Tekst om sagen.\n\nBilag\nOversigt over tilbud\nHøringssvar\n";
        let lines = super::super::lines::split_lines(own);
        assert_eq!(trailing_page_footer(&lines), None);
        // An address in a sentence ends the run.
        let sentence = "Mødet holdes i Odense Kommune, Flakhaven 2, 5000 Odense C.\n";
        let lines = super::super::lines::split_lines(sentence);
        assert_eq!(trailing_page_footer(&lines), None);
    }

    #[test]
    fn title_matching() {
        assert!(titles_match(
            "B-sag: Godkendelse af ansøgning til ”Pulje” ved Styrelsen :",
            "B-sag: Godkendelse af ansøgning til ”Pulje” ved Styrelsen for Arbejdsmarked"
        ));
        assert!(titles_match(
            "Orientering om Det Regionale Integrerede Dobbeldiagnosebehandlingstilbud",
            "Orientering om Det Regionale Integreerede Dobbeldiagnosebehandlingstilbud"
        ));
        assert!(!titles_match(
            "Bæredygtig bydel",
            "Investeringsmodeller på området"
        ));
        assert!(!titles_match(
            "Facilitering af ”mødet”",
            "Fokuserede indsatser"
        ));
    }
}
