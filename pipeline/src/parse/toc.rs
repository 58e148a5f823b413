//! Finds the table of contents: the list of items the document should hold, in order.
//!
//! Two shapes occur. Under an "Indholdsfortegnelse" heading, one line per item, numbered or
//! not, often with dot leaders and a page number ("B-sag: Titel.....\t4"); unnumbered entries
//! take their position as number. Or, without a heading (the 2015–2019 web export), case-type
//! group lines ("B. Sager til afgørelse i udvalget") each followed by "N Title" lines. The
//! listed titles may be cut short: the body's title is the full one.

use std::sync::LazyLock;

use regex::Regex;

use super::items::{parse_punkt_heading, section_kind_of};
use super::lines::{ends_numeric, starts_numeric, Line, LowerStart};
use super::scan;
use super::text::normalise_title;
use crate::model::TocEntry;

/// A found table of contents.
#[derive(Debug, Clone)]
pub(crate) struct Toc {
    /// The first line (the heading, or the first entry when there is no heading).
    pub start_line: usize,
    /// The first line after the table of contents.
    pub end_line: usize,
    /// Whether it was introduced by a heading ("Indholdsfortegnelse").
    pub has_heading: bool,
    pub entries: Vec<TocEntry>,
    /// Group lines ("B. Sager til afgørelse i udvalget") by their plain text: the body repeats
    /// them around items, where they are structure, not text.
    pub group_labels: Vec<(char, String)>,
}

/// "....\t4", "\t4" or "..... 4" at the end of an entry; read by [`scan::page_number`], and
/// asked only where that cannot tell.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*(?:(?:\.{2,}|…+)\s*\t?|\t)\s*(\d{1,4})$").expect("valid regex")
});

/// The text before a page number at the end of an entry and the page number: the captures of
/// [`PAGE_NUMBER`].
fn page_number(plain: &str) -> Option<(&str, &str)> {
    // The pattern ends in `\d{1,4}$`: lines that do not end in a digit are not read.
    if !ends_numeric(plain) {
        return None;
    }
    scan::page_number(plain).or_ask(|| {
        let c = PAGE_NUMBER.captures(plain)?;
        Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
    })
}

/// Whether a line ends in a page number ([`PAGE_NUMBER`]).
fn has_page_number(plain: &str) -> bool {
    page_number(plain).is_some()
}

/// "12 Title" or "12. Title" (entries of a list without a heading need the number); read by
/// [`scan::numbered_entry`], and asked only where that cannot tell.
static NUMBERED_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})\.?\s+(\S.*)$").expect("valid regex"));

/// The number and title of a [`NUMBERED_ENTRY`] line.
fn numbered_entry(plain: &str) -> Option<(&str, &str)> {
    // The pattern starts with `\d`: lines that do not are not read.
    if !starts_numeric(plain) {
        return None;
    }
    scan::numbered_entry(plain).or_ask(|| {
        let c = NUMBERED_ENTRY.captures(plain)?;
        Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
    })
}

/// "B. Sager til afgørelse i udvalget"; read by [`scan::group_line`], and asked only where
/// that cannot tell.
static GROUP_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-H])\.\s+(\p{L}.*)$").expect("valid regex"));

/// The case-type letter of a [`GROUP_LINE`].
pub(crate) fn group_line(plain: &str) -> Option<char> {
    scan::group_line(plain).or_ask(|| GROUP_LINE.captures(plain)?[1].chars().next())
}

const TOC_HEADINGS: [&str; 6] = [
    "indholdsfortegnelse",
    "indhold",
    "dagsordenspunkter",
    "punkter på dagsordenen",
    "oversigt over punkter",
    "punktoversigt",
];

/// Finds the table of contents in the part of the text before the first item body.
pub(crate) fn find_toc(lines: &[Line<'_>]) -> Option<Toc> {
    let pre_body_end = lines
        .iter()
        .position(|l| section_kind_of(&l.plain).is_some() || parse_punkt_heading(l).is_some())
        .unwrap_or(lines.len());
    let pre_body = &lines[..pre_body_end];
    if let Some(heading) = pre_body.iter().position(is_toc_heading) {
        return Some(read_headed_toc(lines, heading));
    }
    find_headless_toc(pre_body)
}

fn is_toc_heading(line: &Line<'_>) -> bool {
    let text = line.plain.trim_end_matches(':').trim();
    // Every heading starts with one of these letters: other lines are not lower-cased.
    let first = text.chars().next().and_then(|c| c.to_lowercase().next());
    if !matches!(first, Some('i' | 'd' | 'p' | 'o')) {
        return false;
    }
    let text = LowerStart::new(text);
    TOC_HEADINGS.iter().any(|heading| text.eq(heading))
}

fn read_headed_toc(lines: &[Line<'_>], heading: usize) -> Toc {
    let mut builder = TocBuilder::default();
    let mut i = heading + 1;
    let mut end = i;
    while i < lines.len() {
        let line = &lines[i];
        if line.is_blank() {
            // Blank lines before the first entry are skipped; after it, a blank line ends the
            // list unless the next entry has a page number.
            let Some(next) = lines[i..].iter().position(|l| !l.is_blank()).map(|k| i + k) else {
                break;
            };
            if !builder.has_entries() || has_page_number(&lines[next].plain) {
                i = next;
                continue;
            }
            break;
        }
        let has_page = has_page_number(&line.plain);
        // A "Punkt N:" line is an entry of a list of such lines, but once it repeats a number
        // already listed it is the first item of the body.
        let body_heading = parse_punkt_heading(line).is_some_and(|(number, _)| {
            !has_page && builder.entries.last().is_some_and(|e| e.number >= number)
        });
        let ends_list = body_heading
            || (line.md_level > 0 && !has_page)
            || section_kind_of(&line.plain).is_some();
        if ends_list {
            break;
        }
        builder.add_line(&line.plain, false);
        i += 1;
        end = i;
    }
    Toc {
        start_line: heading,
        end_line: end.max(heading + 1),
        has_heading: true,
        entries: builder.entries,
        group_labels: builder.group_labels,
    }
}

/// The web export's list: group lines and "N Title" lines. One run, which blank lines do not
/// end (a page printed to PDF sets every line apart) as long as the next number follows: a
/// paragraph that restarts the numbering ("1. Title" after "16 Title") is the body, and so
/// are group lines just before it.
fn find_headless_toc(pre_body: &[Line<'_>]) -> Option<Toc> {
    let mut start = 0;
    while start < pre_body.len() {
        if !is_headless_entry(&pre_body[start]) {
            start += 1;
            continue;
        }
        let run = headless_run(pre_body, start);
        let mut builder = TocBuilder::default();
        for line in run.lines.iter().map(|&i| &pre_body[i]) {
            builder.add_line(&line.plain, true);
        }
        let numbers: Vec<u32> = builder.entries.iter().map(|e| e.number).collect();
        let increasing = numbers.windows(2).all(|w| w[0] < w[1]);
        if numbers.len() >= 2 && increasing {
            return Some(Toc {
                start_line: start,
                end_line: run.end,
                has_heading: false,
                entries: builder.entries,
                group_labels: builder.group_labels,
            });
        }
        // Not a list: look again after this block of lines, as if blank lines ended lists.
        let block_end = pre_body[start..]
            .iter()
            .position(|l| !is_headless_entry(l))
            .map_or(pre_body.len(), |k| start + k);
        start = block_end;
    }
    None
}

fn is_headless_entry(line: &Line<'_>) -> bool {
    line.md_level == 0
        && (group_line(&line.plain).is_some() || numbered_entry(&line.plain).is_some())
}

/// The lines of a list without a heading that starts at `start`.
struct HeadlessRun {
    /// The indices of its entry and group lines, in order.
    lines: Vec<usize>,
    /// The first line after it.
    end: usize,
}

fn headless_run(pre_body: &[Line<'_>], start: usize) -> HeadlessRun {
    let mut lines = Vec::new();
    let mut last_number: Option<u32> = None;
    // Group lines after a blank line, kept only once a numbered entry follows them.
    let mut pending: Vec<usize> = Vec::new();
    let mut after_blank = false;
    let mut end = start;
    let mut i = start;
    while i < pre_body.len() {
        let line = &pre_body[i];
        if line.is_blank() {
            after_blank = true;
            i += 1;
            continue;
        }
        if !is_headless_entry(line) {
            break;
        }
        if group_line(&line.plain).is_some() {
            if after_blank || !pending.is_empty() {
                pending.push(i);
            } else {
                lines.push(i);
                end = i + 1;
            }
            after_blank = false;
            i += 1;
            continue;
        }
        let number = numbered_entry(&line.plain).and_then(|(n, _)| n.parse::<u32>().ok());
        let new_paragraph = after_blank || !pending.is_empty();
        let next_in_turn = number.is_some_and(|n| last_number.is_none_or(|m| n == m + 1));
        if new_paragraph && !next_in_turn {
            // Across a blank line only the next number continues the list: "1. Title" after
            // "16 Title" starts the body (with its group line), and so does a paragraph that
            // opens with a number ("20 borgere deltog ...").
            return HeadlessRun { lines, end };
        }
        lines.append(&mut pending);
        lines.push(i);
        last_number = number.or(last_number);
        end = i + 1;
        after_blank = false;
        i += 1;
    }
    // Group lines that close the run without an entry after them (set apart by a blank
    // line) open what follows.
    HeadlessRun { lines, end }
}

#[derive(Default)]
struct TocBuilder {
    entries: Vec<TocEntry>,
    group_labels: Vec<(char, String)>,
    group: Option<char>,
}

impl TocBuilder {
    fn has_entries(&self) -> bool {
        !self.entries.is_empty()
    }

    /// Adds one line; `numbers_required` for lists without a heading.
    fn add_line(&mut self, plain: &str, numbers_required: bool) {
        let (text, page) = match page_number(plain) {
            Some((text, page)) => (text, page.parse::<u32>().ok()),
            None => (plain, None),
        };
        // `\s*(?:\.{2,}|…+)\s*$` replaced by nothing: dot leaders left at the end of a title.
        let text = scan::trailing_leaders(text).map_or(text, |start| &text[..start]);
        // A list in Markdown or a word processor: "- Punkt 1: ...", "• Title".
        let text = strip_list_marker(text.trim());
        if text.is_empty() {
            return;
        }
        if page.is_none() {
            if let Some(letter) = group_line(text) {
                self.group = Some(letter);
                self.group_labels.push((letter, text.to_string()));
                return;
            }
        }
        let (number, rest) = if let Some((n, rest)) = punkt_prefix(text) {
            (Some(n), rest)
        } else if let Some((n, title)) = numbered_entry(text) {
            (n.parse::<u32>().ok(), title.to_string())
        } else {
            (None, text.to_string())
        };
        if numbers_required && number.is_none() {
            return;
        }
        let number = number.unwrap_or_else(|| self.entries.last().map_or(1, |e| e.number + 1));
        let (case_type, title) = split_case_type(&rest);
        self.entries.push(TocEntry {
            number,
            title: normalise_title([title.as_str()]),
            case_type: case_type.or(self.group),
            page,
        });
    }
}

fn strip_list_marker(text: &str) -> &str {
    for marker in ["- ", "* ", "• ", "– "] {
        if let Some(rest) = text.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    text
}

/// "Punkt 3: Title" → (3, "Title"): the captures of [`PUNKT`], read by [`scan::punkt_keyword`]
/// and [`scan::punkt_entry_rest`] and asked only where those cannot tell.
fn punkt_prefix(text: &str) -> Option<(u32, String)> {
    let after = scan::punkt_keyword(text)?;
    let (number, rest) = scan::punkt_entry_rest(after).or_ask(|| {
        let c = PUNKT.captures(text)?;
        Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
    })?;
    Some((number.parse().ok()?, rest.to_string()))
}

static PUNKT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:punkt|pkt\.?)\s*(\d{1,4})\s*[:.]?\s+(.*)$").expect("valid regex")
});

/// "B-sag: Title" → (Some('B'), "Title").
pub(crate) fn split_case_type(title: &str) -> (Option<char>, String) {
    match case_type_prefix(title) {
        Some((letter, rest)) => (Some(letter), rest.trim().to_string()),
        None => (None, title.trim().to_string()),
    }
}

/// The case type and the rest of "B-sag: Title", "B-sag - Title": what the pattern
/// `^([A-H])\s*-\s*(?i:sag)\s*(?::|\s[-–])\s*(.*)$` captures (a test checks that it is),
/// read by hand because every title is read (capture groups sent the regex crate to its
/// slowest engine). Its steps cannot backtrack into each other: `\s` (White_Space, which
/// `char::is_whitespace` is) never matches '-', 's' or ':', and a dash after `\s` can only
/// follow the last space of a run.
pub(crate) fn case_type_prefix(title: &str) -> Option<(char, &str)> {
    let letter = *title.as_bytes().first()?;
    if !(b'A'..=b'H').contains(&letter) {
        return None;
    }
    let rest = title[1..].trim_start_matches(char::is_whitespace);
    let rest = rest
        .strip_prefix('-')?
        .trim_start_matches(char::is_whitespace);
    // `(?i:sag)`: Unicode simple case folding also gives 's' the long s.
    let mut chars = rest.chars();
    let sag = matches!(chars.next(), Some('s' | 'S' | 'ſ'))
        && matches!(chars.next(), Some('a' | 'A'))
        && matches!(chars.next(), Some('g' | 'G'));
    if !sag {
        return None;
    }
    let after = chars.as_str();
    let spaced = after.trim_start_matches(char::is_whitespace);
    let rest = if let Some(rest) = spaced.strip_prefix(':') {
        rest
    } else if spaced.len() < after.len() && spaced.starts_with(['-', '–']) {
        let dash = spaced.chars().next().map_or(0, char::len_utf8);
        &spaced[dash..]
    } else {
        return None;
    };
    let rest = rest.trim_start_matches(char::is_whitespace);
    // `.` does not match a line feed, and `$` is the end of the text.
    if rest.contains('\n') {
        return None;
    }
    Some((char::from(letter), rest))
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    /// What [`case_type_prefix`] reads by hand.
    static CASE_TYPE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([A-H])\s*-\s*(?i:sag)\s*(?::|\s[-–])\s*(.*)$").expect("valid regex")
    });

    proptest::proptest! {
        #[test]
        fn case_type_prefix_reads_as_the_pattern(
            title in "[A-C]?[ \t\n\u{a0}\u{2003}]{0,2}-?[ \n]?[sSſaAgGK]{0,3}\
                      [ \t\n\u{a0}]{0,2}[:–—-]?[ \n]{0,2}[a-z\n ]{0,4}",
            any in "\\PC{0,12}",
        ) {
            for text in [title.as_str(), any.as_str()] {
                let expected = CASE_TYPE_PREFIX
                    .captures(text)
                    .map(|c| (c[1].chars().next().unwrap(), c[2].trim().to_string()));
                let got = case_type_prefix(text).map(|(l, rest)| (l, rest.trim().to_string()));
                proptest::prop_assert_eq!(got, expected, "{:?}", text);
            }
        }
    }

    #[test]
    fn case_type_prefixes() {
        assert_eq!(
            split_case_type("B-sag: Titel"),
            (Some('B'), "Titel".to_string())
        );
        assert_eq!(
            split_case_type("D - SAG – Titel "),
            (Some('D'), "Titel".to_string())
        );
        assert_eq!(
            split_case_type("B-sagen: Titel"),
            (None, "B-sagen: Titel".to_string())
        );
        assert_eq!(
            split_case_type("I-sag: Titel"),
            (None, "I-sag: Titel".to_string())
        );
    }

    #[test]
    fn headed_toc_with_leaders_and_pages() {
        let text = "Indholdsfortegnelse\n\nGodkendelse af dagsorden.....\t3\n\
                    B-sag: Beslutning om noget.....\t4\nD-sag: Cut short :\t7\n\nPunkt 1: X\n";
        let toc = find_toc(&split_lines(text)).expect("toc");
        let got: Vec<(u32, &str, Option<char>, Option<u32>)> = toc
            .entries
            .iter()
            .map(|e| (e.number, e.title.as_str(), e.case_type, e.page))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Godkendelse af dagsorden", None, Some(3)),
                (2, "Beslutning om noget", Some('B'), Some(4)),
                (3, "Cut short :", Some('D'), Some(7)),
            ]
        );
        assert_eq!(toc.end_line, 5);
    }

    #[test]
    fn headless_toc_with_groups() {
        let text = "Referat\n\nA. Sager til afgørelse i byrådet\n1 Første\nB. Orientering\n\
                    2 Anden sag 2017\n\n1. Første\n";
        let toc = find_toc(&split_lines(text)).expect("toc");
        assert_eq!(toc.entries.len(), 2);
        assert_eq!(toc.entries[1].title, "Anden sag 2017");
        assert_eq!(toc.entries[1].case_type, Some('B'));
        assert_eq!(
            toc.group_labels[0],
            ('A', "A. Sager til afgørelse i byrådet".to_string())
        );
    }

    /// A web page printed to PDF sets every line of the list apart; the body's repeat of the
    /// first group line and the restarted numbering are not part of the list.
    #[test]
    fn headless_toc_spaced_by_blank_lines() {
        let text = "Referat\n\nA. Sager til afgørelse i byrådet\n\n1\tFørste\n\n\
                    B. Sager til afgørelse i udvalget\n\n2\tAnden\n\n3 Tredje\n\n\
                    A. Sager til afgørelse i byrådet\n\n1. Første\n\nA. Sager til afgørelse i \
                    byrådet\n";
        let lines = split_lines(text);
        let toc = find_toc(&lines).expect("toc");
        let got: Vec<(u32, &str, Option<char>)> = toc
            .entries
            .iter()
            .map(|e| (e.number, e.title.as_str(), e.case_type))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Første", Some('A')),
                (2, "Anden", Some('B')),
                (3, "Tredje", Some('B'))
            ]
        );
        assert_eq!(toc.start_line, 2);
        // Ends after "3 Tredje": the group line after it opens the body.
        assert_eq!(lines[toc.end_line - 1].plain, "3 Tredje");
        let labels: Vec<char> = toc.group_labels.iter().map(|(c, _)| *c).collect();
        assert_eq!(labels, ['A', 'B']);
    }

    /// Across a blank line only the next number continues a list: a paragraph of the body
    /// that opens with a number is not an entry.
    #[test]
    fn headless_toc_does_not_take_a_numbered_paragraph_after_a_blank_line() {
        let text = "A. Sager\n1 Første\n2 Anden\n\n20 borgere deltog i mødet\n";
        let lines = split_lines(text);
        let toc = find_toc(&lines).expect("toc");
        assert_eq!(toc.entries.len(), 2);
        assert_eq!(toc.end_line, 3);
    }
}
