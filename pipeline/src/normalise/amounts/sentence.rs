//! What surrounds an amount: its sentence, the years that sentence names, whether the amount
//! is per year or month, and whether it is written as approximate.
//!
//! Danish minutes are full of abbreviations that end in a dot ("mio. kr.", "ca.", "bl.a.",
//! "jf."), so a sentence ends at [.!?] only when a capital letter follows and the word before
//! the dot is not an abbreviation that usually precedes a capital or a number.

use std::cell::Cell;
use std::sync::LazyLock;

use regex::Regex;

use super::headers::Step::{Boundary as B, Char as C, Space as S};
use super::headers::{ascii_firsts, bounded, matches, Alternatives, Firsts};
use super::scan;

/// The sentences of a text: [`Sentences::around`] gives the one holding an amount.
///
/// A sentence boundary is decided by the few characters around a line break or a [.!?…] (see
/// [`boundary_at`]), so `around` looks only near the amount instead of splitting the whole
/// section: splitting every section with a digit was 8 % of a run, and most hold few amounts.
#[derive(Debug, Clone)]
pub struct Sentences<'t> {
    text: &'t str,
    /// The last candidates [`boundary_at`] was asked about, each with its answer (a pure
    /// function of the text and the candidate): an amount's sentence ends at the boundary the
    /// next amount's search back meets again, and amounts in one sentence meet the same ones.
    /// `usize::MAX` (no byte of a text) marks an empty slot.
    seen: Cell<[(usize, Option<usize>); SEEN]>,
    /// The slot the next answer goes to (the oldest).
    next_slot: Cell<usize>,
}

/// How many answers of [`boundary_at`] [`Sentences`] remembers.
const SEEN: usize = 4;

/// Abbreviations after which a capital letter or a number does not start a new sentence. None
/// is longer than five bytes ([`ends_with_abbreviation`] relies on it; a test checks).
const ABBREVIATIONS: &[&str] = &[
    "ca", "jf", "jfr", "bl.a", "f.eks", "fx", "dvs", "d", "nr", "kl", "pkt", "vedr", "inkl",
    "ekskl", "hhv", "evt", "ift", "iht", "mht", "st", "sct", "hr", "fr", "dr", "ref", "pga", "pr",
    "tlf", "att", "vha", "mht", "ang",
];

/// The bytes that may end a sentence: a line break, '.', '!', '?' and 0xE2, the first byte of
/// '…' (and of other characters, which [`boundary_at`] turns down). The candidates are found
/// as [`scan::SENTENCE_MARKS`]; this table serves the tests.
#[cfg(test)]
static MAY_END: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\n' as usize] = true;
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[0xE2] = true;
    table
};

/// '…' in UTF-8.
const ELLIPSIS: &[u8] = "…".as_bytes();

/// Where a sentence starts after the byte at `i`, when that byte ends one: after a line break
/// that [`starts_new_line_unit`], or after [.!?…] and the blanks that follow it when a capital
/// (or an opening quote) comes next and the dot does not close an abbreviation.
///
/// Boundaries grow with `i`: a line break's is `i + 1`, and a mark's blanks (' ', '\t') hold no
/// other candidate byte, so the boundary of one candidate is at most the position of the next.
/// [`Sentences::around`] relies on this. Every candidate byte is ASCII or the lead byte of a
/// char, so `i` is always a char boundary.
fn boundary_at(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let len = match bytes[i] {
        b'\n' => return starts_new_line_unit(&text[i + 1..], &text[..i]).then_some(i + 1),
        b'.' | b'!' | b'?' => 1,
        0xE2 if bytes[i..].starts_with(ELLIPSIS) => ELLIPSIS.len(),
        _ => return None,
    };
    let after = &text[i + len..];
    let trimmed = after.trim_start_matches([' ', '\t']);
    let gap = after.len() - trimmed.len();
    if gap == 0 {
        return None;
    }
    let next = trimmed.chars().next();
    let capital = next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '”' | '“' | '»'));
    (capital && (bytes[i] != b'.' || !ends_with_abbreviation(&text[..i]))).then_some(i + len + gap)
}

/// The last candidate byte before `before`, if any: one of [`scan::SENTENCE_MARKS`], searched
/// sixteen bytes at a time (the tests' table `MAY_END`, which this used, is checked to agree).
fn candidate_before(text: &str, before: usize) -> Option<usize> {
    scan::last_sentence_mark(&text.as_bytes()[..before])
}

/// The first candidate byte at or after `from`, if any.
fn candidate_from(text: &str, from: usize) -> Option<usize> {
    scan::first_sentence_mark(&text.as_bytes()[from..]).map(|offset| from + offset)
}

impl<'t> Sentences<'t> {
    pub fn new(text: &'t str) -> Sentences<'t> {
        Sentences {
            text,
            seen: Cell::new([(usize::MAX, None); SEEN]),
            next_slot: Cell::new(0),
        }
    }

    /// [`boundary_at`] of the text, remembered for the last few candidates.
    fn boundary_at(&self, i: usize) -> Option<usize> {
        let mut seen = self.seen.get();
        if let Some(&(_, boundary)) = seen.iter().find(|&&(at, _)| at == i) {
            return boundary;
        }
        let boundary = boundary_at(self.text, i);
        let slot = self.next_slot.get();
        seen[slot] = (i, boundary);
        self.seen.set(seen);
        self.next_slot.set((slot + 1) % SEEN);
        boundary
    }

    /// The byte range of the sentence holding `start..end`. A boundary found inside the span
    /// (a line wrap left inside "1,0 mio.\nkr.") is ignored: the sentence grows to hold it.
    ///
    /// The sentence starts at the last boundary at or before `start` (or 0) and ends at the
    /// first boundary at or after `start + 1` and `end` (or the end of the text). As
    /// boundaries grow with their candidate byte (see [`boundary_at`]), the first is the last
    /// boundary found scanning back from `start`; and the only candidate before a position
    /// whose boundary may lie at or after it is the last one.
    pub fn around(&self, start: usize, end: usize) -> (usize, usize) {
        around_with(self.text, start, end, |i| self.boundary_at(i))
    }
}

/// [`Sentences::around`], the boundary of a candidate byte found by `boundary_at` (its
/// [`boundary_at`], remembered or not).
fn around_with(
    text: &str,
    start: usize,
    end: usize,
    boundary_at: impl Fn(usize) -> Option<usize>,
) -> (usize, usize) {
    let mut sentence_start = 0;
    let mut cursor = start;
    while let Some(i) = candidate_before(text, cursor) {
        match boundary_at(i) {
            Some(b) if b <= start => {
                sentence_start = b;
                break;
            }
            _ => cursor = i,
        }
    }
    let after = end.max(sentence_start + 1);
    let mut sentence_end = text.len();
    let within = after.min(text.len());
    let mut from = candidate_before(text, within).unwrap_or(within);
    while let Some(i) = candidate_from(text, from) {
        match boundary_at(i) {
            Some(b) if b >= after => {
                sentence_end = b;
                break;
            }
            _ => from = i + 1,
        }
    }
    (sentence_start, sentence_end.max(end))
}

/// Whether a line break starts a new sentence. The parser joins PDF wraps, so a line break
/// left in a section is normally a real one (a heading above its paragraph, a bullet, a table
/// row). It is taken for a leftover wrap only when the next line goes on in lower case
/// ("... var 12,6 mio.\nkr.") or a number follows a line that did not end a sentence
/// ("bidrage med ca.\n13 mio. kr.").
fn starts_new_line_unit(next_line: &str, before: &str) -> bool {
    // Every test of `line_unit_by_lines` answers yes except the last, which says no only when
    // the next line's first char (after blanks) is lower-case or a digit: for any other first
    // char, or a blank line, the answer is yes whatever the lines hold, so they need not be
    // scanned.
    let first = next_line
        .chars()
        .take_while(|&c| c != '\n')
        .find(|c| !c.is_whitespace());
    if !first.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) {
        return true;
    }
    line_unit_by_lines(next_line, before)
}

/// [`starts_new_line_unit`] worked out from both lines in full (what it does once the next
/// line's first char has not settled it).
fn line_unit_by_lines(next_line: &str, before: &str) -> bool {
    let previous_line = last_line(before);
    let next_line = next_line.split('\n').next().unwrap_or_default();
    if previous_line.trim().is_empty() || next_line.trim().is_empty() {
        return true;
    }
    if previous_line.contains('\t') || next_line.contains('\t') {
        return true;
    }
    let next = next_line.trim_start();
    if next.starts_with("- ") || next.starts_with('•') || is_numbered_point(next) {
        return true;
    }
    match next.chars().next() {
        Some(first) if first.is_lowercase() => false,
        Some(first) if first.is_ascii_digit() => {
            let previous = previous_line.trim_end();
            previous.ends_with(['.', ':', '!', '?', ';'])
                && !ends_with_abbreviation(&previous[..previous.len() - 1])
        }
        _ => true,
    }
}

/// A numbered point's start ("1. ", "12) "): the pattern [`is_numbered_point`] reads by hand.
#[cfg(test)]
static NUMBERED_POINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}[.)]\s").expect("numbered point regex"));

/// Whether [`NUMBERED_POINT`] matches `line` (its build cost more than all its matching): one
/// or two digits (`\d` as [`super::groups::is_decimal_digit`]; the greedy `{1,2}` tries two
/// first, and a digit is neither '.' nor ')', so at most one count can be followed by them),
/// '.' or ')', then a whitespace char (`\s` is White_Space, as `char::is_whitespace`).
fn is_numbered_point(line: &str) -> bool {
    let digit = super::groups::is_decimal_digit;
    let mut chars = line.chars();
    if !chars.next().is_some_and(digit) {
        return false;
    }
    let mut next = chars.next();
    if next.is_some_and(digit) {
        next = chars.next();
    }
    matches!(next, Some('.' | ')')) && chars.next().is_some_and(char::is_whitespace)
}

fn last_line(text: &str) -> &str {
    text.rsplit('\n').next().unwrap_or(text)
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_ascii() {
        // The same three tests without the copy: an ASCII word lower-cases char by char, the
        // list is lower-case ASCII, and an ASCII char is alphabetic when it is a letter.
        // No abbreviation is longer than five bytes, so a longer word is compared with none.
        return word.contains('.')
            || (word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic())
            || (word.len() <= 5 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)));
    }
    // A char other than ASCII lower-cases to chars of which one at least is not ASCII, but
    // for the Kelvin sign (a test checks every char): a word of two or more chars holding one
    // lower-cases to two or more chars, not all ASCII, so to none of the ASCII ABBREVIATIONS
    // and no single letter; only its dots (kept by lower-casing) are left to ask. A word with
    // the byte 0xAA (the Kelvin sign's last) or of one char is lower-cased as before.
    if word.chars().nth(1).is_some() && !word.as_bytes().contains(&0xAA) {
        return word.contains('.');
    }
    let word = word.to_lowercase();
    // "A.P.", "bl.a.", "f.eks.": a dot inside the word marks an abbreviation.
    ABBREVIATIONS.contains(&word.as_str())
        || word.contains('.')
        || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
}

/// The sentence's text, tidied for the `context` column: trimmed, a leading bullet dropped and
/// any line break inside it turned into a space.
pub fn tidy_context(sentence: &str) -> String {
    let trimmed = sentence.trim();
    let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
    // Most sentences hold no line break: the one line is the text, already trimmed at its end
    // (the `trim` above; dropping the bullet and the blanks after it only moves the start).
    if !trimmed.contains('\n') {
        return trimmed.to_string();
    }
    lines_joined(trimmed)
}

/// The lines of `text`, each without its trailing blanks, joined by single spaces.
fn lines_joined(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(line.trim_end());
    }
    out
}

/// A year or a span of years, as the regex the hand-written [`year_mentions`] follows and is
/// tested against.
#[cfg(test)]
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)\d{2})(?:\s?[-–]\s?((?:19|20)\d{2}))?(?-u:\b)")
        .expect("year regex")
});

/// Whether a byte is an ASCII word char, as `(?-u:\b)` sees bytes.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `(?-u:\b)` at `at`: a word byte on one side only (nothing counts as no word byte).
fn ascii_boundary(bytes: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).is_some_and(|i| is_word_byte(bytes[i]));
    before != bytes.get(at).copied().is_some_and(is_word_byte)
}

/// `(?:19|20)\d{2}` at `at` (a char boundary): its end. `\d` is Unicode's Nd, as in
/// [`super::groups`].
fn year_digits_at(text: &str, at: usize) -> Option<usize> {
    let century = text.as_bytes().get(at..at + 2)?;
    if century != b"19" && century != b"20" {
        return None;
    }
    let mut end = at + 2;
    for _ in 0..2 {
        let c = text[end..].chars().next()?;
        if !super::groups::is_decimal_digit(c) {
            return None;
        }
        end += c.len_utf8();
    }
    Some(end)
}

/// The end of the match of [`YEAR`] starting at `at`, if one does (its first `\b` aside,
/// which the caller checks). The optional span is tried first, as the regex does; inside it
/// nothing can be tried two ways: a `\s?` is taken exactly when a whitespace char is there,
/// since what must follow it (a dash, "19"/"20") is not whitespace, so the span either
/// matches one way or not at all, and then the year alone is tried.
fn year_mention_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let first_end = year_digits_at(text, at)?;
    let skip_blank = |p: usize| match text[p..].chars().next() {
        Some(c) if c.is_whitespace() => p + c.len_utf8(),
        _ => p,
    };
    let span_end = {
        let dash = skip_blank(first_end);
        let after_dash = match text[dash..].chars().next() {
            Some(c @ ('-' | '–')) => Some(dash + c.len_utf8()),
            _ => None,
        };
        after_dash
            .and_then(|p| year_digits_at(text, skip_blank(p)))
            .filter(|&end| ascii_boundary(bytes, end))
    };
    span_end.or_else(|| ascii_boundary(bytes, first_end).then_some(first_end))
}

/// The bounds of every match of [`YEAR`] in `text`, as `find_iter` gives them: leftmost
/// first, each search going on from the end of the last match. A match starts with "19" or
/// "20" (found sixteen bytes at a time; both are ASCII, so at a char boundary) after no word
/// byte.
fn year_mentions(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Where the search goes on: the end of the last match.
    let mut from = 0;
    super::scan::for_each_century(bytes, |at| {
        if at < from || (at > 0 && is_word_byte(bytes[at - 1])) {
            return;
        }
        if let Some(end) = year_mention_at(text, at) {
            found.push((at, end));
            from = end;
        }
    });
    found
}

/// The longest span a written range of years is expanded over ("2025-2027" → three years).
const MAX_YEAR_SPAN: i32 = 30;

/// The years a text names, sorted, each once. "2025-2027" gives 2025, 2026, 2027; "fra 2023 og
/// frem" gives 2023 (an open-ended period cannot be listed). `skip` holds byte ranges (amounts)
/// whose digits are not years. Digits glued to a '.' or ',' and a digit ("2.023", "2023,5")
/// are parts of numbers, not years.
pub fn years_named(text: &str, skip: &[(usize, usize)]) -> Vec<i32> {
    let mut years = Vec::new();
    // Match bounds only (no capture groups): a match is a year of four chars
    // ("19"/"20" and two `\d`), then perhaps a dash and a second year of four chars, so the
    // first group is its first four chars and the second its last four, when it is longer.
    for (start, end) in year_mentions(text) {
        if skip.iter().any(|&(s, e)| start < e && s < end) {
            continue;
        }
        if glued_to_number(text, start, end) {
            continue;
        }
        let written = &text[start..end];
        let first_end = written
            .char_indices()
            .nth(4)
            .map_or(written.len(), |(i, _)| i);
        let first: i32 = written[..first_end].parse().unwrap_or_default();
        let second = (first_end < written.len())
            .then(|| {
                let start = written.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
                written[start..].parse::<i32>().ok()
            })
            .flatten();
        push_years(&mut years, first, second);
    }
    years.sort_unstable();
    years.dedup();
    years
}

/// The years a mention names: a span ("2023-2026") as every year in it when it is short and
/// ascending, else its two ends; a single year as itself.
fn push_years(years: &mut Vec<i32>, first: i32, second: Option<i32>) {
    match second {
        Some(last) if last > first && last - first <= MAX_YEAR_SPAN => {
            years.extend(first..=last);
        }
        Some(last) => {
            years.push(first);
            years.push(last);
        }
        None => years.push(first),
    }
}

fn glued_to_number(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().rev().take(2).collect::<Vec<_>>();
    let glued_before = matches!(before.as_slice(), ['.' | ',', d, ..] if d.is_ascii_digit());
    let mut after = text[end..].chars();
    let glued_after = matches!(
        (after.next(), after.next()),
        (Some('.' | ','), Some(d)) if d.is_ascii_digit()
    );
    glued_before || glued_after
}

/// How often an amount recurs, when the text says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Year,
    Month,
}

impl Per {
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Year => "year",
            Per::Month => "month",
        }
    }
}

#[cfg(test)]
static PER_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:årligt|årlige?|om året|pr\.\s?år|per år|hvert år|om år)\b")
        .expect("per-year regex")
});
#[cfg(test)]
static PER_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:pr\.\s?måned|per måned|om måneden|månedlig[t]?|hver måned)\b")
        .expect("per-month regex")
});

/// [`PER_YEAR`] as steps for [`matches`] (its regex, with Unicode `\b`, cost more to build
/// and to run than all its matches were worth; the tests keep it as the oracle). `årlige?`
/// is spelled out as its two words: a text matches the pattern when it matches either.
const PER_YEAR_WORDS: Alternatives = &[
    &bounded::<8>("årligt"),
    &bounded::<7>("årlig"),
    &bounded::<8>("årlige"),
    &bounded::<9>("om året"),
    &[B, C('p'), C('r'), C('.'), S, C('å'), C('r'), B],
    &bounded::<8>("per år"),
    &bounded::<10>("hvert år"),
    &bounded::<7>("om år"),
];
/// [`PER_MONTH`] as steps for [`matches`] (`månedlig[t]?` spelled out as its two words).
const PER_MONTH_WORDS: Alternatives = &[
    &[
        B,
        C('p'),
        C('r'),
        C('.'),
        S,
        C('m'),
        C('å'),
        C('n'),
        C('e'),
        C('d'),
        B,
    ],
    &bounded::<11>("per måned"),
    &bounded::<12>("om måneden"),
    &bounded::<10>("månedlig"),
    &bounded::<11>("månedligt"),
    &bounded::<12>("hver måned"),
];

fn says_per_year(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(PER_YEAR_WORDS);
    matches(PER_YEAR_WORDS, &FIRSTS, text)
}

fn says_per_month(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(PER_MONTH_WORDS);
    matches(PER_MONTH_WORDS, &FIRSTS, text)
}

/// The chars `(?i)` matches for 'å': every alternative of [`PER_YEAR`] ("år", "årlig") and
/// of [`PER_MONTH`] ("måned") holds one, so a window without any matches neither pattern.
/// [`a_ring_words`] reads them from the bytes; its test compares with this list.
#[cfg_attr(not(test), allow(dead_code))]
const A_RING: [char; 3] = ['å', 'Å', '\u{212B}'];

/// Whether `text` holds one of [`A_RING`] followed by 'r' or 'R' ("år"), and whether it holds
/// one followed by 'n' or 'N' ("ån"), in one pass: every alternative of [`PER_YEAR`] holds
/// "år" ("årlig", "om året", "pr. år", ...) and every one of [`PER_MONTH`] "ån" ("måned",
/// "månedlig"), and `(?i)` folds 'r' and 'n' only with 'R' and 'N'. A window without "år"
/// matches no [`PER_YEAR`], one without "ån" no [`PER_MONTH`] ("på" alone, the most common
/// 'å', counts for neither). 'å' is C3 A5, 'Å' C3 85 and the Ångström sign E2 84 AB; in valid
/// UTF-8 these bytes occur only as those chars (C3 and E2 are lead bytes).
pub(super) fn a_ring_words(text: &str) -> (bool, bool) {
    let bytes = text.as_bytes();
    let (mut ar, mut an) = (false, false);
    // Only at a byte C3 or E2 can one of them start; those are found sixteen at a time.
    super::scan::for_each_of_two(bytes, 0xC3, 0xE2, |i| match after_a_ring(bytes, i) {
        Some(b'r' | b'R') => ar = true,
        Some(b'n' | b'N') => an = true,
        _ => {}
    });
    (ar, an)
}

/// The byte after the 'å', 'Å' or Ångström sign that starts at byte `i`, if one does.
fn after_a_ring(bytes: &[u8], i: usize) -> Option<u8> {
    match bytes[i] {
        0xC3 if matches!(bytes.get(i + 1), Some(0xA5 | 0x85)) => bytes.get(i + 2).copied(),
        0xE2 if bytes[i..].starts_with("\u{212B}".as_bytes()) => bytes.get(i + 3).copied(),
        _ => None,
    }
}

/// [`a_ring_words`] visiting every byte instead of the vector scan's: the oracle of its test.
#[cfg(test)]
fn a_ring_words_by_bytes(text: &str) -> (bool, bool) {
    let bytes = text.as_bytes();
    let (mut ar, mut an) = (false, false);
    for i in 0..bytes.len() {
        match after_a_ring(bytes, i) {
            Some(b'r' | b'R') => ar = true,
            Some(b'n' | b'N') => an = true,
            _ => {}
        }
    }
    (ar, an)
}

/// Whether a stretch of text next to an amount says "per year" or "per month".
pub fn per_in(window: &str) -> Option<Per> {
    // Most windows hold no "ån" and many no "år" (see [`a_ring_words`]); there the
    // word matchers need not run.
    let (ar, an) = a_ring_words(window);
    if an && says_per_month(window) {
        Some(Per::Month)
    } else if ar && says_per_year(window) {
        Some(Per::Year)
    } else {
        None
    }
}

static APPROXIMATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[\s(])(?:ca\.?|cirka|circa|omkring|knap|godt|op mod|i omegnen af|",
        r"i størrelsesordenen|anslået|skønsmæssigt)\s*$",
    ))
    .expect("approximate regex")
});

/// Whether the words right before an amount mark it as approximate ("ca. 12 mio. kr.", "knap
/// 1,3 mio. kr.", "i størrelsesordenen 34-38 mio. kr.").
pub fn is_approximate(before: &str) -> bool {
    may_be_approximate(before) && APPROXIMATE.is_match(before)
}

/// Whether `before` may match [`APPROXIMATE`]: a match ends the text (`$` without `(?m)`)
/// after `\s*`, so the word it names ends with the last chars that are not whitespace (`\s` is
/// White_Space, which `trim_end` trims), and every word ends with one of the pairs below: "ca",
/// "a." (ca.), "ka" (cirka), "ca" (circa), "ng" (omkring), "ap" (knap), "dt" (godt), "od" (op
/// mod), "af" (i omegnen af), "en" (i størrelsesordenen), "et" (anslået), "gt" (skønsmæssigt).
/// Under `(?i)` these letters fold only with their other ASCII case, 'k' also with the Kelvin
/// sign (a test checks every char). Most amounts follow a word with none of these endings, and
/// then the regex need not run.
fn may_be_approximate(before: &str) -> bool {
    let mut chars = before.trim_end().chars().rev();
    let (Some(last), Some(previous)) = (chars.next(), chars.next()) else {
        return false;
    };
    let fold = |c: char| {
        if c == '\u{212A}' {
            'k'
        } else {
            c.to_ascii_lowercase()
        }
    };
    matches!(
        (fold(previous), fold(last)),
        ('c' | 'k', 'a')
            | ('a', '.' | 'p' | 'f')
            | ('n', 'g')
            | ('d' | 'g' | 'e', 't')
            | ('o', 'd')
            | ('e', 'n')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::amounts::FloorCharBoundary as _;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn a_ring_words_as_by_bytes(
            text in r"(å|Å|\u{212B}|r|R|n|N|æ|–|…|é|[a-z ]|\.){0,50}",
        ) {
            prop_assert_eq!(a_ring_words(&text), a_ring_words_by_bytes(&text));
        }
    }

    #[test]
    fn may_end_is_the_sentence_marks() {
        for b in 0..=255u8 {
            assert_eq!(
                MAY_END[usize::from(b)],
                scan::SENTENCE_MARKS.contains(&b),
                "{b}"
            );
        }
    }

    /// [`tidy_context`] as it was, line by line whatever the sentence holds.
    fn tidy_context_by_lines(sentence: &str) -> String {
        let trimmed = sentence.trim();
        let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
        lines_joined(trimmed)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn tidy_context_as_by_lines(sentence in r"(- |-|[ \t\n\r\u{a0}]|a|Kr\.|æ|5){0,20}") {
            prop_assert_eq!(tidy_context(&sentence), tidy_context_by_lines(&sentence));
        }
    }

    /// The matches of [`YEAR`], asked of the regex: what [`year_mentions`] must give.
    fn year_mentions_by_regex(text: &str) -> Vec<(usize, usize)> {
        YEAR.find_iter(text).map(|m| (m.start(), m.end())).collect()
    }

    #[test]
    fn finds_the_years_the_regex_finds() {
        // Spans with and without blanks and dashes, a failed span (the year alone matches),
        // non-ASCII digits (`\d` is Unicode) and their word boundary, glued words.
        let texts = [
            "i 2023 og 2024-2026 samt 2025 – 2027 og 2019 -2020",
            "2023-2a 2024- 2025x 1999_ x2000 2000_1 1900-1999",
            "20٣٣ 20٣٣a 2023-20٣٣ 2023-20٣٣b 2023\u{a0}–\u{a0}2024 2023\n-2024",
            "2023",
            "202",
            "19999 21000 ٢٠٢٣",
        ];
        for text in texts {
            assert_eq!(
                year_mentions(text),
                year_mentions_by_regex(text),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn year_mentions_as_by_regex(
            text in r"(19|20|2023|1|2|0|9|٣|²|[ \n\t]|\u{a0}|-|–|a|_|\.|,|é){0,30}",
        ) {
            prop_assert_eq!(year_mentions(&text), year_mentions_by_regex(&text));
        }
    }

    /// Every sentence start of a text, as the splitter listed them before `around` looked only
    /// near the amount: the reference `around` must agree with.
    fn all_starts(text: &str) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend((0..text.len()).filter_map(|i| {
            let candidate = text.is_char_boundary(i) && MAY_END[usize::from(text.as_bytes()[i])];
            candidate.then(|| boundary_at(text, i)).flatten()
        }));
        starts.dedup();
        starts
    }

    fn around_by_list(text: &str, start: usize, end: usize) -> (usize, usize) {
        let starts = all_starts(text);
        let first = match starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let sentence_start = starts[first];
        let after = end.max(sentence_start + 1);
        let next = starts.partition_point(|&s| s < after);
        let sentence_end = starts.get(next).copied().unwrap_or(text.len());
        (sentence_start, sentence_end.max(end))
    }

    /// What [`ends_with_abbreviation`] relies on for a word with a char other than ASCII.
    #[test]
    fn only_the_kelvin_sign_lower_cases_to_ascii_alone() {
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                c.to_lowercase().all(|l| l.is_ascii()),
                c == '\u{212A}',
                "{c:?}"
            );
        }
    }

    /// The answers of [`Sentences::around`] with every candidate's boundary worked out anew.
    fn around_without_memory(text: &str, start: usize, end: usize) -> (usize, usize) {
        around_with(text, start, end, |i| boundary_at(text, i))
    }

    /// [`ends_with_abbreviation`] as it was, lower-casing every word.
    fn ends_with_abbreviation_by_copy(before: &str) -> bool {
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '(')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = before[word_start..].to_lowercase();
        ABBREVIATIONS.contains(&word.as_str())
            || word.contains('.')
            || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
    }

    /// The letters [`may_be_approximate`] compares fold under `(?i)` only as it says: with
    /// their other ASCII case, and 'k' also with the Kelvin sign.
    #[test]
    fn approximate_endings_fold_as_the_regex() {
        let class = Regex::new(r"(?i)^[acdefgknopt.]$").expect("class");
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let folded = if c == '\u{212A}' {
                'k'
            } else {
                c.to_ascii_lowercase()
            };
            let by_hand = "acdefgknopt.".contains(folded);
            assert_eq!(class.is_match(c.encode_utf8(&mut [0; 4])), by_hand, "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The gate changes no answer of [`is_approximate`].
        #[test]
        fn is_approximate_as_the_regex(
            before in concat!(
                r"(ca|CA|cA\.|\.|cirka|ci\u{212A}ka|circa|omkring|knap|godt|op mod|i omegnen af",
                r"|i størrelsesordenen|anslået|skønsmæssigt|a|k|\(|[ \t\n\u{a0}]|x|en|et){0,8}",
            ),
        ) {
            prop_assert_eq!(is_approximate(&before), APPROXIMATE.is_match(&before));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The hand-read numbered point answers as the regex.
        #[test]
        fn numbered_point_as_the_regex(line in r"([0-9]|٣|²|\.|\)|[ \t\n\u{a0}]|a|-){0,6}") {
            prop_assert_eq!(is_numbered_point(&line), NUMBERED_POINT.is_match(&line));
        }
    }

    /// [`per_in`] as it was, without its 'å' check.
    fn per_in_ungated(window: &str) -> Option<Per> {
        if PER_MONTH.is_match(window) {
            Some(Per::Month)
        } else if PER_YEAR.is_match(window) {
            Some(Per::Year)
        } else {
            None
        }
    }

    #[test]
    fn per_in_agrees_with_the_regexes_on_edges() {
        for window in [
            "årligt²",
            "_årlig",
            "éårlig",
            "\u{212B}RLIGE",
            "pr.\u{a0}år",
            "pr.  år",
            "PR.ÅR",
            "om\u{a0}året",
            "hvert år\u{301}",
            "månedligtǅ",
            "per MÅNED.",
            "om måneden_",
            "hver måned 2",
            "påårligt",
        ] {
            assert_eq!(per_in(window), per_in_ungated(window), "{window:?}");
        }
    }

    /// [`years_named`] as it was, reading the years from the capture groups.
    fn years_named_by_captures(text: &str, skip: &[(usize, usize)]) -> Vec<i32> {
        let mut years = Vec::new();
        for caps in YEAR.captures_iter(text) {
            let whole = caps.get(0).expect("group 0");
            if skip
                .iter()
                .any(|&(s, e)| whole.start() < e && s < whole.end())
            {
                continue;
            }
            if glued_to_number(text, whole.start(), whole.end()) {
                continue;
            }
            // What a mention yields was not changed: only how its years are read.
            let first: i32 = caps[1].parse().unwrap_or_default();
            let second = caps.get(2).and_then(|m| m.as_str().parse::<i32>().ok());
            push_years(&mut years, first, second);
        }
        years.sort_unstable();
        years.dedup();
        years
    }

    #[test]
    fn no_abbreviation_is_longer_than_five_bytes() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 5));
    }

    proptest! {
        #[test]
        fn years_as_by_captures(
            text in r"(19|20|2023|1999|2100|[0-9٣]|[ \u{a0}\t\n]|-|–|\.|,|a|æ|_){0,20}",
            skip_start in 0usize..30,
            skip_len in 0usize..8,
        ) {
            let skip = [(skip_start, skip_start + skip_len)];
            prop_assert_eq!(years_named(&text, &[]), years_named_by_captures(&text, &[]));
            prop_assert_eq!(years_named(&text, &skip), years_named_by_captures(&text, &skip));
        }

        #[test]
        fn line_units_as_scanning_lines(
            next in r"([a-cA-CÆæ0-9٣ \t\n\u{a0}.:)•-]|- |1\. |12\) ){0,12}",
            before in r"([a-cA-C0-9 \t\n.:;!?]|ca\.|kr\.){0,12}",
        ) {
            prop_assert_eq!(
                starts_new_line_unit(&next, &before),
                line_unit_by_lines(&next, &before)
            );
        }

        #[test]
        fn abbreviations_as_by_copy(
            before in r"([a-zA-Z.( \tİÆæøÅ\u{212B}]|ca|CA|Bl\.a|f\.eks|Hhv|St|\u{212A}l|\PC){0,8}",
        ) {
            prop_assert_eq!(
                ends_with_abbreviation(&before),
                ends_with_abbreviation_by_copy(&before)
            );
        }

        #[test]
        fn a_ring_words_as_by_chars(text in "[aåÅ\u{212B}\u{2122}\u{2010}ÃÄ¥…rRnN ]{0,10}") {
            for next in ["rR", "nN"] {
                let by_chars = text
                    .char_indices()
                    .filter(|&(_, c)| A_RING.contains(&c))
                    .any(|(i, c)| text[i + c.len_utf8()..].starts_with(|n| next.contains(n)));
                let (ar, an) = a_ring_words(&text);
                prop_assert_eq!(if next == "rR" { ar } else { an }, by_chars);
            }
        }

        #[test]
        fn per_in_as_ungated(
            window in concat!(
                r"(årligt|ÅRLIG|\u{212B}rlige|om året|pr\. år|pr\.år|per år|hvert År|om år",
                r"|pr\. måned|per MÅNED|om måneden|månedligt|hver måned|årsværk|ar|ned",
                r"|[a-zæøå .]){0,12}",
            ),
        ) {
            prop_assert_eq!(per_in(&window), per_in_ungated(&window));
        }

        /// Looking near the span finds the sentence the whole list of starts gives.
        #[test]
        fn around_agrees_with_the_whole_list(
            text in "([a-cA-CÆ0-9 \t\n.!?…\"»(-]|ca|kr|mio|- |\\. ){0,60}",
            a in 0usize..200,
            b in 0usize..40,
        ) {
            let start = text.floor_char_boundary_compat(a);
            let end = text.floor_char_boundary_compat(start + b);
            let sentences = Sentences::new(&text);
            prop_assert_eq!(sentences.around(start, end), around_by_list(&text, start, end));
        }

        /// One `Sentences` asked about many spans (in order, as the amounts come, and in any
        /// order) answers each as asking afresh does: what it remembers changes no answer.
        #[test]
        fn around_remembering_answers_as_afresh(
            text in "([a-cA-CÆ0-9 \t\n.!?…\"»(-]|ca|kr|mio|- |\\. |\\. A|\\.\n){0,60}",
            spans in proptest::collection::vec((0usize..200, 0usize..40), 1..12),
            sorted in proptest::bool::ANY,
        ) {
            let mut spans: Vec<(usize, usize)> = spans
                .into_iter()
                .map(|(a, b)| {
                    let start = text.floor_char_boundary_compat(a);
                    (start, text.floor_char_boundary_compat(start + b))
                })
                .collect();
            if sorted {
                spans.sort_unstable();
            }
            let sentences = Sentences::new(&text);
            for (start, end) in spans {
                prop_assert_eq!(
                    sentences.around(start, end),
                    around_without_memory(&text, start, end)
                );
                prop_assert_eq!(sentences.around(start, end), around_by_list(&text, start, end));
            }
        }
    }

    fn sentence_of<'a>(text: &'a str, needle: &str) -> &'a str {
        let start = text.find(needle).unwrap();
        let (s, e) = Sentences::new(text).around(start, start + needle.len());
        &text[s..e]
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "I 2014 og 2015 var udgifterne på henholdsvis 16 og 15 mio. kr. (svarende til \
                    en budgetoverskridelse på ca. 100%). I indeværende år forventes udgifter til \
                    domsanbringelser at udgøre ca. 12 mio. kr.";
        assert_eq!(
            sentence_of(text, "16 og"),
            "I 2014 og 2015 var udgifterne på henholdsvis 16 og 15 mio. kr. (svarende til en \
             budgetoverskridelse på ca. 100%). "
        );
        assert_eq!(
            sentence_of(text, "12 mio"),
            "I indeværende år forventes udgifter til domsanbringelser at udgøre ca. 12 mio. kr."
        );
    }

    #[test]
    fn a_wrap_left_inside_an_amount_stays_in_one_sentence() {
        let text =
            "I 2021 var bruttobesparelsen 23,9 mio. kr., mens nettobesparelsen var 12,6 mio.\n\
                    kr.\n\nNæste afsnit.";
        let start = text.find("12,6").unwrap();
        let (s, e) = Sentences::new(text).around(start, start + "12,6 mio.\nkr.".len());
        assert_eq!(
            tidy_context(&text[s..e]),
            "I 2021 var bruttobesparelsen 23,9 mio. kr., mens nettobesparelsen var 12,6 mio. kr."
        );
    }

    #[test]
    fn bullets_and_paragraphs_are_their_own_sentences() {
        let text = "Pengene dækker over:\n- 3,7 mio. kr. til koordinering\n- 6 mio. kr. til \
                    opkvalificering";
        assert_eq!(
            sentence_of(text, "6 mio"),
            "- 6 mio. kr. til opkvalificering"
        );
        assert_eq!(
            tidy_context(sentence_of(text, "6 mio")),
            "6 mio. kr. til opkvalificering"
        );
    }

    #[test]
    fn years_in_ranges_are_listed_and_numbers_are_not_years() {
        assert_eq!(
            years_named("5 mio. kr. årligt i 2025-2027", &[]),
            vec![2025, 2026, 2027]
        );
        assert_eq!(years_named("fra 2023 og frem", &[]), vec![2023]);
        assert_eq!(
            years_named("For hele perioden 2021–2025", &[]),
            vec![2021, 2022, 2023, 2024, 2025]
        );
        assert_eq!(
            years_named("har søgt 2.023 kr. og 2023,5", &[]),
            Vec::<i32>::new()
        );
        assert_eq!(
            years_named("donere 2000 kr. i 2023", &[(7, 14)]),
            vec![2023]
        );
        assert_eq!(
            years_named("COVID-19 og 27.00.00-A21-1-22", &[]),
            Vec::<i32>::new()
        );
    }

    #[test]
    fn per_year_needs_the_whole_word() {
        assert_eq!(per_in(" årligt fra 2023"), Some(Per::Year));
        assert_eq!(per_in(" om året."), Some(Per::Year));
        assert_eq!(per_in("pr. år"), Some(Per::Year));
        assert_eq!(per_in(" pr. barn pr. måned"), Some(Per::Month));
        assert_eq!(per_in("nettobesparelsen pr. årsværk "), None);
        assert_eq!(per_in(" i 2017 og herefter "), None);
    }

    #[test]
    fn approximate_words_right_before_the_number() {
        assert!(is_approximate("udgøre ca. "));
        assert!(is_approximate("søge knap "));
        assert!(is_approximate("i størrelsesordenen "));
        assert!(!is_approximate("ca. 100%, mens "));
        assert!(!is_approximate("Arbejdet gik godt. Der er afsat "));
    }
}
