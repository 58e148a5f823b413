//! Reads the meeting header: committee, period, date, times, place, document kind, and the
//! lines saying who sent apologies.
//!
//! Headers come as one title line (`REFERAT Beskæftigelses- og Socialudvalget 2022-2025 d.
//! 19-09-2023`) with labelled lines ("Mødedato", "Mødested"), or as a short paragraph
//! (`Referat / til / møde i ... / den 20. september 2016 kl. 08:30 / i <place>`) whose lines
//! blank lines may set apart (a heading of its own, a page printed to PDF). When there
//! is no header at all, the first item usually names the meeting ("Godkendelse af dagsordenen
//! til Beskæftigelses- og Socialudvalgets møde den 15. november 2022"): the date and committee
//! are then read from there, by a general pattern (a committee name in the genitive before
//! `møde den <date>`), then from a sentence elsewhere that names a committee (reported as a
//! problem, since it may be about another meeting).

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::lines::Line;
use super::text::clean_inline;
use crate::classes::is_word_char;
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

const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];

/// "19-09-2023", "19.09.2023", "10/11 2015", "19/9-2023".
const NUMERIC_DATE: &str = r"\b(\d{1,2})[-./](\d{1,2})(?:[-./]|\s+)((?:19|20)\d{2})\b";
/// "2023-09-19".
const ISO_DATE: &str = r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b";
/// "20. september 2016", "5 feb. 2024".
const WORD_DATE: &str = concat!(
    r"(?i)\b(\d{1,2})\.?\s*",
    r"(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december",
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)",
    r"\.?\s+((?:19|20)\d{2})\b",
);

/// The three date patterns, compiled together.
struct DatePatterns {
    numeric: Regex,
    iso: Regex,
    worded: Regex,
}

impl DatePatterns {
    /// `prefix` is put before each pattern (flags).
    fn new(prefix: &str) -> Self {
        let compile = |pattern: &str| Regex::new(&format!("{prefix}{pattern}")).expect("valid");
        DatePatterns {
            numeric: compile(NUMERIC_DATE),
            iso: compile(ISO_DATE),
            worded: compile(WORD_DATE),
        }
    }
}

/// The date patterns as written (Unicode `\b`, `\d`, `\s` and case folding): for texts with
/// characters outside ASCII.
static UNICODE_DATES: LazyLock<DatePatterns> = LazyLock::new(|| DatePatterns::new(""));
/// The same patterns in ASCII mode, for ASCII texts, where they match exactly the same: the
/// patterns' own characters are ASCII, and on ASCII text Unicode `\d` is [0-9], `\s` is
/// [\t\n\v\f\r ], a word character (for `\b`) is [0-9A-Za-z_], and the only characters
/// `(?i)` adds to an ASCII letter (the Kelvin sign, long s) are not ASCII. ASCII classes make
/// far smaller automata: compiled in a fraction of the instructions.
static ASCII_DATES: LazyLock<DatePatterns> = LazyLock::new(|| DatePatterns::new("(?-u)"));

/// "2022-2025".
/// Kept as the oracle of [`period_in`], which reads it by hand (compiling it cost ~1.5 M
/// instructions per run).
#[cfg(test)]
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b").expect("valid regex")
});
/// "kl. 08:30", "kl 8.30". Kept as the oracle of [`clock_in`], which reads it by hand (its
/// Unicode classes cost ~1.5 M instructions to compile, once per run, for a line or two).
#[cfg(test)]
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bkl\.?\s*(\d{1,2})(?:[.:](\d{2}))?\b").expect("valid regex")
});
/// "Mødet hævet kl. 14.07", "Mødet blev hævet kl. 14:07", "Mødet sluttede kl. 12.00".
/// Kept as the oracle of [`meeting_end_in`], which reads it by hand (compiling it cost ~1.5 M
/// instructions per run).
#[cfg(test)]
static MEETING_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\bmødet\s+(?:blev\s+)?(?:hævet|afsluttet|sluttede|slut)",
        r"\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})\b",
    ))
    .expect("valid regex")
});
/// A committee (or council) named in a sentence, possibly in the genitive:
/// "Beskæftigelses- og Socialudvalgets", "Økonomiudvalget", "By- og Kulturudvalget", "Byrådet".
/// The pattern as written, kept as the oracle of [`committee_names`], which finds its matches
/// by hand: its Unicode classes cost ~6.6 M instructions to compile, once per run, and the
/// header of a document needs it for a line or two.
#[cfg(test)]
static COMMITTEE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // Suspended first parts: "Beskæftigelses- og ", "By-, Kultur- og ".
        r"((?:\p{Lu}[\p{L}]*-,?\s+(?:(?:og|samt)\s+)?)*",
        r"\p{Lu}[\p{L}-]*(?:udvalg(?:et|ets)?|[Bb]yråd(?:et|ets)?|[Kk]ommunalbestyrelsen?s?",
        r"|[Rr]egionsråd(?:et|ets)?|[Mm]agistrat(?:en|ens)?))\b",
    ))
    .expect("valid regex")
});

/// The endings of a committee's name, as [`COMMITTEE_NAME`] lists them, in its order: the
/// stems (one per case of the first letter, of which at most one can stand at a place) and
/// the endings after them, in the order the pattern tries them (`(?:et|ets)?` tries "et",
/// then "ets", then none; `n?s?` tries "ns", "n", "s", none).
const COMMITTEE_ENDINGS: [(&[&str], &[&str]); 5] = [
    (&["udvalg"], &["et", "ets", ""]),
    (&["Byråd", "byråd"], &["et", "ets", ""]),
    (
        &["Kommunalbestyrelse", "kommunalbestyrelse"],
        &["ns", "n", "s", ""],
    ),
    (&["Regionsråd", "regionsråd"], &["et", "ets", ""]),
    (&["Magistrat", "magistrat"], &["en", "ens", ""]),
];

/// The ranges of the committee names in `text`, as `COMMITTEE_NAME.find_iter` gives them (the
/// pattern's group 1 is the whole match: only `\b` follows it).
///
/// Every match holds one of the endings' stems as written (the pattern is case-sensitive,
/// and a stem's first letter is the only one given in both cases), so a text without
/// "udvalg", "yråd", "ommunalbestyrelse", "egionsråd" or "agistrat" holds none.
fn committee_names(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let may_hold_one = [
        "udvalg",
        "yråd",
        "ommunalbestyrelse",
        "egionsråd",
        "agistrat",
    ]
    .iter()
    .any(|stem| text.contains(stem));
    let mut from = if may_hold_one { 0 } else { text.len() };
    std::iter::from_fn(move || {
        // Leftmost first: the first start (a capital, as the pattern's first item) where the
        // pattern matches; the next search starts where the match ends (none is empty).
        let found = text[from..].char_indices().find_map(|(offset, c)| {
            let start = from + offset;
            is_upper_letter(c)
                .then(|| committee_name_at(text, start))
                .flatten()
                .map(|end| start..end)
        })?;
        from = found.end;
        Some(found)
    })
}

/// Where the committee name starting at `start` ends, as the pattern reads it there.
///
/// Each suspended part `\p{Lu}\p{L}*-,?\s+(?:(?:og|samt)\s+)?` can match in one way at most
/// (the letters must run up to the '-'; a shorter `\s+`, or leaving out a ',' or an
/// "og"/"samt" that is there, leaves a space, ',', 'o' or 's' where the pattern next needs a
/// capital), so the parts form one chain. The greedy `*` tries the rest of the name after
/// the most parts first, then after one fewer, and so on.
fn committee_name_at(text: &str, start: usize) -> Option<usize> {
    let mut part_ends = vec![start];
    let mut at = start;
    while let Some(end) = suspended_part_at(text, at) {
        part_ends.push(end);
        at = end;
    }
    part_ends
        .iter()
        .rev()
        .find_map(|&at| committee_word_at(text, at))
}

/// Where the suspended part (`\p{Lu}\p{L}*-,?\s+(?:(?:og|samt)\s+)?`) starting at `at`
/// ends, if one does.
fn suspended_part_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let first = rest.chars().next().filter(|&c| is_upper_letter(c))?;
    let letters_end = first.len_utf8()
        + rest[first.len_utf8()..]
            .find(|c: char| !is_letter(c))
            .unwrap_or(rest.len() - first.len_utf8());
    let mut end = letters_end + rest[letters_end..].strip_prefix('-').map(|_| 1)?;
    if rest[end..].starts_with(',') {
        end += 1;
    }
    let spaces = |from: usize| {
        rest[from..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len() - from)
    };
    let gap = spaces(end);
    if gap == 0 {
        return None;
    }
    end += gap;
    for word in ["og", "samt"] {
        if rest[end..].starts_with(word) {
            let gap = spaces(end + word.len());
            if gap > 0 {
                end += word.len() + gap;
            }
            break;
        }
    }
    Some(at + end)
}

/// Where the name's last word (`\p{Lu}[\p{L}-]*` and an ending, then `\b`) starting at `at`
/// ends, if one does there. The greedy `[\p{L}-]*` tries the longest run first, then each
/// shorter one; at each, the endings in the pattern's order. An ending is all letters, so it
/// lies inside the run; as it ends in an ASCII letter, `\b` holds where a non-word
/// character (or the end) follows.
fn committee_word_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let first = rest.chars().next().filter(|&c| is_upper_letter(c))?;
    let run = &rest[first.len_utf8()..];
    let run_end = run
        .find(|c: char| !is_letter(c) && c != '-')
        .unwrap_or(run.len());
    let base = at + first.len_utf8();
    std::iter::once(run_end)
        .chain(run[..run_end].char_indices().rev().map(|(i, _)| i))
        .find_map(|i| ending_at(text, base + i))
}

/// The end of the first of [`COMMITTEE_ENDINGS`] (followed by a word boundary) at `at`.
fn ending_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    if !rest.starts_with(['u', 'B', 'b', 'K', 'k', 'R', 'r', 'M', 'm']) {
        return None;
    }
    for (stems, endings) in COMMITTEE_ENDINGS {
        let Some(after) = stems.iter().find_map(|stem| rest.strip_prefix(stem)) else {
            continue;
        };
        for ending in endings {
            if let Some(next) = after.strip_prefix(ending) {
                if !next.chars().next().is_some_and(is_word_char) {
                    return Some(text.len() - next.len());
                }
            }
        }
    }
    None
}

/// `\p{Lu}`. Latin-1 answers by hand (its uppercase letters are all `Lu`); every `Lu` char
/// has the Uppercase property, so only the other chars that have it ask the class (the test
/// compares every char with it).
fn is_upper_letter(c: char) -> bool {
    if (c as u32) < 0x100 {
        return c.is_uppercase();
    }
    static UPPER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Lu}$").expect("valid"));
    c.is_uppercase() && UPPER.is_match(c.encode_utf8(&mut [0; 4]))
}

/// `\p{L}`. Latin-1's alphabetic chars are all letters; every letter is alphabetic, so only
/// the other alphabetic chars ask the class.
fn is_letter(c: char) -> bool {
    if (c as u32) < 0x100 {
        return c.is_alphabetic();
    }
    static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{L}$").expect("valid"));
    c.is_alphabetic() && LETTER.is_match(c.encode_utf8(&mut [0; 4]))
}

/// The first match of [`PERIOD`] in `text`: its range and the ranges of its two years.
///
/// A match starts at a '1' or '2' (a char boundary) with a word boundary before it. Each
/// choice can be made one way only: a shorter run of spaces leaves a space where the dash or
/// a year is needed; a year is four chars; `\b` after the second year's digit needs a
/// non-word char (or the end) after it.
fn period_in(text: &str) -> Option<(Range<usize>, Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|start| {
        if !matches!(bytes[start], b'1' | b'2') {
            return None;
        }
        if text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        let first = year_at(text, start)?;
        let rest = text[first.end..].trim_start_matches(char::is_whitespace);
        let rest = rest.strip_prefix(['-', '–'])?;
        let rest = rest.trim_start_matches(char::is_whitespace);
        let second = year_at(text, text.len() - rest.len())?;
        if text[second.end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        Some((start..second.end, first, second))
    })
}

/// The range of the year (`(?:19|20)\d{2}`) at `at`, if one is there.
fn year_at(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at..];
    let digits = rest
        .strip_prefix("19")
        .or_else(|| rest.strip_prefix("20"))?;
    let mut chars = digits.chars();
    let tens = chars.next().filter(|&c| is_decimal_digit(c))?;
    let ones = chars.next().filter(|&c| is_decimal_digit(c))?;
    Some(at..at + 2 + tens.len_utf8() + ones.len_utf8())
}

/// The first match of [`MEETING_END`] in `text`: the ranges of its hours and minutes.
///
/// Under the pattern's case folding 'k' is also the Kelvin sign, 's' the long s, and its
/// other letters have only their two cases (the test checks every char); a match starts at
/// 'm' or 'M' (an ASCII byte, so a char boundary) with a word boundary before it.
fn meeting_end_in(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|start| {
        if !matches!(bytes[start], b'm' | b'M') {
            return None;
        }
        if text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        meeting_end_at(text, start)
    })
}

/// The match of [`MEETING_END`] at `start`. Every choice in the pattern can be made one way
/// only: a shorter run of spaces leaves a space where a letter or digit is needed; leaving
/// out a "blev " or "kl" that is there leaves a 'b' or 'k' where the verb or a digit is
/// needed; "slut" instead of "sluttede" leaves a 't' where a digit is needed; one digit of
/// the hours instead of two leaves a digit where '.' or ':' is needed.
fn meeting_end_at(text: &str, start: usize) -> Option<(Range<usize>, Range<usize>)> {
    let rest = strip_folded(&text[start..], "mødet")?;
    let rest = strip_spaces(rest)?;
    let rest = strip_folded(rest, "blev")
        .and_then(strip_spaces)
        .unwrap_or(rest);
    let rest = ["hævet", "afsluttet", "sluttede", "slut"]
        .iter()
        .find_map(|verb| strip_folded(rest, verb))?;
    let rest = rest.trim_start_matches(char::is_whitespace);
    let rest = match strip_folded(rest, "kl") {
        Some(after) => after
            .strip_prefix('.')
            .unwrap_or(after)
            .trim_start_matches(char::is_whitespace),
        None => rest,
    };
    let digits = |from: &str, most: usize| {
        from.chars()
            .take(most)
            .take_while(|&c| is_decimal_digit(c))
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let hours_len = digits(rest, 2);
    if hours_len == 0 {
        return None;
    }
    let hours_start = text.len() - rest.len();
    let minutes = rest[hours_len..].strip_prefix(['.', ':'])?;
    let minutes_len = digits(minutes, 2);
    if minutes[..minutes_len].chars().count() != 2 {
        return None;
    }
    if minutes[minutes_len..]
        .chars()
        .next()
        .is_some_and(is_word_char)
    {
        return None;
    }
    let minutes_start = text.len() - minutes.len();
    Some((
        hours_start..hours_start + hours_len,
        minutes_start..minutes_start + minutes_len,
    ))
}

/// `text` after `word` (lower case), compared as the pattern's `(?i)` does: 'k' is also the
/// Kelvin sign, 's' the long s, 'æ' and 'ø' their capitals, other letters their ASCII cases.
fn strip_folded<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut rest = text;
    for expected in word.chars() {
        let c = rest.chars().next()?;
        let folds = match expected {
            'k' => matches!(c, 'k' | 'K' | '\u{212A}'),
            's' => matches!(c, 's' | 'S' | '\u{17F}'),
            'æ' => matches!(c, 'æ' | 'Æ'),
            'ø' => matches!(c, 'ø' | 'Ø'),
            _ => c.is_ascii() && c.eq_ignore_ascii_case(&expected),
        };
        if !folds {
            return None;
        }
        rest = &rest[c.len_utf8()..];
    }
    Some(rest)
}

/// `text` after its run of spaces (`\s+`), when it has one.
fn strip_spaces(text: &str) -> Option<&str> {
    let rest = text.trim_start_matches(char::is_whitespace);
    (rest.len() < text.len()).then_some(rest)
}

/// "... <committee> møde den <date>" / "møde i <committee> den <date>". Kept as the oracle of
/// [`meeting_phrases`], which finds its matches by hand (its Unicode `\b`, `\s` and `[^.]`
/// cost ~3 M instructions to compile, once per run, for a sentence or two per document).
#[cfg(test)]
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
/// Whether a text holds " Kommune", which every match of [`MUNICIPALITY`] (and of the site
/// address a page footer states) holds as written: texts without it are not searched.
pub(crate) fn names_a_municipality(text: &str) -> bool {
    text.contains(" Kommune")
}

/// "Odense Kommune" stated in a title.
static MUNICIPALITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\p{Lu}[\p{L}-]+ Kommune)\b").expect("valid regex"));

/// How many non-blank lines of a header are read for values without a label.
const HEADER_LINES: usize = 40;

/// Lines longer than this are prose, not part of a header's title.
const MAX_TITLE_LINE: usize = 200;

/// Lines longer than this are not searched for the meeting's date (no real sentence is).
const MAX_SENTENCE_LINE: usize = 4000;

/// The earliest date stated in `text`, with its byte range.
///
/// The patterns' word boundaries are Unicode ones, which the regex crate's fast engine gives
/// up on as soon as it meets a non-ASCII byte (the slower ones then search the whole text
/// again, for every pattern). So a text with non-ASCII characters is searched in an ASCII
/// stand-in ([`ascii_stand_in`]) of the same byte length, where the patterns match exactly
/// where they match in the text.
pub(crate) fn find_date(text: &str) -> Option<(NaiveDate, Range<usize>)> {
    // Every pattern holds a year `(?:19|20)\d{2}`, so a text without the bytes "19" or "20"
    // matches none: it is not searched (three searches with capture groups each).
    if !text
        .as_bytes()
        .windows(2)
        .any(|pair| pair == b"19" || pair == b"20")
    {
        return None;
    }
    if text.is_ascii() {
        return find_date_in(&ASCII_DATES, text);
    }
    match ascii_stand_in(text) {
        Some(stand_in) => find_date_in(&ASCII_DATES, &stand_in),
        None => find_date_in(&UNICODE_DATES, text),
    }
}

/// `text` with every non-ASCII character replaced by as many bytes of 'x' (when it is a word
/// character, `char::is_alphabetic`) or '#' (when it is punctuation or a sign of a known set,
/// none of which is a word character), or None when some character is neither, or could be
/// matched itself: a digit or space outside ASCII (`\d`, `\s`), or the Kelvin sign or long s
/// (which `(?i)` matches for 'k' and 's'). No pattern of [`find_date_in`] matches 'x' or '#'
/// or lets a match start or end inside a run of them (a match starts and ends at a digit or
/// a month name's letter, and none is 'x'), so the characters count only on either side of a
/// word boundary, where 'x' and '#' are what they stand for.
fn ascii_stand_in(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        if c.is_numeric() || c.is_whitespace() || matches!(c, '\u{212A}' | '\u{17F}') {
            return None;
        }
        let stand_in = if c.is_alphabetic() {
            'x'
        } else if matches!(
            c,
            '”' | '“'
                | '„'
                | '’'
                | '‘'
                | '«'
                | '»'
                | '–'
                | '—'
                | '…'
                | '•'
                | '·'
                | '§'
                | '°'
                | '€'
                | '£'
                | '©'
                | '®'
                | '™'
                | '×'
                | '±'
        ) {
            '#'
        } else {
            return None;
        };
        out.extend(std::iter::repeat_n(stand_in, c.len_utf8()));
    }
    Some(out)
}

/// [`find_date`] by the patterns on the text itself.
fn find_date_in(patterns: &DatePatterns, text: &str) -> Option<(NaiveDate, Range<usize>)> {
    let numeric = patterns.numeric.captures_iter(text).find_map(|c| {
        let day = c[1].parse().ok()?;
        let month = c[2].parse().ok()?;
        let year = c[3].parse().ok()?;
        let whole = c.get(0)?;
        Some((NaiveDate::from_ymd_opt(year, month, day)?, whole.range()))
    });
    let iso = patterns.iso.captures_iter(text).find_map(|c| {
        let year = c[1].parse().ok()?;
        let month = c[2].parse().ok()?;
        let day = c[3].parse().ok()?;
        let whole = c.get(0)?;
        Some((NaiveDate::from_ymd_opt(year, month, day)?, whole.range()))
    });
    let numeric = match (numeric, iso) {
        (Some(a), Some(b)) => Some(if a.1.start <= b.1.start { a } else { b }),
        (a, b) => a.or(b),
    };
    let worded = patterns.worded.captures_iter(text).find_map(|c| {
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

/// "kl. 8.30" → "08:30"; "kl. 9" → "09:00", from [`clock_in`]'s hours and minutes.
fn clock_of(text: &str, (hours, minutes): (Range<usize>, Option<Range<usize>>)) -> Option<String> {
    clock(&text[hours], minutes.map_or("00", |m| &text[m]))
}

/// The first match of [`CLOCK`] in `text`: the ranges of its hours and minutes (groups 1 and
/// 2). Under the pattern's case folding 'k' is also the Kelvin sign and 'l' only 'L' (the
/// test checks every char); the match starts at one of them with a word boundary before it.
fn clock_in(text: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
    text.char_indices().find_map(|(start, c)| {
        if !matches!(c, 'k' | 'K' | '\u{212A}') {
            return None;
        }
        if text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        clock_at(text, start + c.len_utf8())
    })
}

/// The rest of [`CLOCK`] after its 'k', at `at`. The '.' is taken when there and the spaces
/// are the longest run (either left behind where a digit is needed). The hours take two
/// digits when there are two: one would leave a digit where the group needs '.' or ':' and
/// `\b` a word char on either side. Then the group (two digits exactly, then `\b`) is
/// tried first, and without it `\b` after the hours.
fn clock_at(text: &str, at: usize) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let rest = text[at..].strip_prefix(['l', 'L'])?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.trim_start_matches(char::is_whitespace);
    let hours_start = text.len() - rest.len();
    let digits = |from: &str, most: usize| {
        from.chars()
            .take(most)
            .take_while(|&c| is_decimal_digit(c))
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let hours_len = digits(rest, 2);
    if hours_len == 0 {
        return None;
    }
    let hours = hours_start..hours_start + hours_len;
    let after = &rest[hours_len..];
    if let Some(minutes) = after.strip_prefix(['.', ':']) {
        let minutes_len = digits(minutes, 2);
        let two = minutes[..minutes_len].chars().count() == 2;
        let boundary = !minutes[minutes_len..]
            .chars()
            .next()
            .is_some_and(is_word_char);
        if two && boundary {
            let minutes_start = text.len() - minutes.len();
            return Some((hours, Some(minutes_start..minutes_start + minutes_len)));
        }
    }
    (!after.chars().next().is_some_and(is_word_char)).then_some((hours, None))
}

/// `\d` (Unicode decimal digits): ASCII by hand; every decimal digit is numeric, so only
/// the other numeric chars ask the class (the test compares every char with it).
fn is_decimal_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d$").expect("valid"));
    c.is_numeric() && DIGIT.is_match(c.encode_utf8(&mut [0; 4]))
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

/// Reads the header from `lines[..header_end]` (and the `opening` between the table of
/// contents and the first item), falling back to the first item's text and then the whole text
/// for the date and committee. Also returns notes for the document's problems.
pub(crate) fn read_header(
    lines: &[Line<'_>],
    header_end: usize,
    opening: Option<Range<usize>>,
    first_item: Option<Range<usize>>,
) -> (MeetingHeader, Vec<String>) {
    let region = &lines[..header_end.min(lines.len())];
    let mut header = MeetingHeader::default();
    let mut notes = Vec::new();

    let title_lines = title_lines(region);
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
    read_unlabelled_lines(region, &mut header);

    // The meeting's end is also often the closing line of the document.
    if header.end_time.is_none() {
        header.end_time = closing_meeting_end(lines).map(|(_, time)| time);
    }

    if header.meeting_date.is_none() || header.committee.is_none() {
        // The first item (usually "Godkendelse af dagsordenen til <committee>s møde den
        // <date>") speaks of this meeting; elsewhere a sentence may speak of another one, so
        // there it must name a committee, and what is taken from it is reported.
        let first_item_lines = first_item
            .map(|r| &lines[r.start.min(lines.len())..r.end.min(lines.len())])
            .unwrap_or(&[]);
        let found = meeting_from_sentences(first_item_lines, false)
            .map(|(committee, date, _)| (committee, date, None))
            .or_else(|| {
                meeting_from_sentences(lines, true)
                    .map(|(committee, date, line)| (committee, date, Some(line)))
            });
        if let Some((committee, date, guessed_from)) = found {
            let mut taken = Vec::new();
            if header.committee.is_none() && committee.is_some() {
                header.committee = committee;
                taken.push("committee");
            }
            if header.meeting_date.is_none() {
                header.meeting_date = Some(date);
                taken.push("meeting date");
            }
            if let (Some(line), false) = (guessed_from, taken.is_empty()) {
                notes.push(format!(
                    "{} taken from a sentence in the text (line {}), not from a header",
                    taken.join(" and "),
                    line + 1
                ));
            }
        }
    }
    (header, notes)
}

/// The lines of the header's title, in order: from the line that opens with "Referat" or
/// "Dagsorden" (or, when none does, the first line) up to a labelled line, an absence line
/// or the meeting's end. Exports set the title's parts apart differently — one paragraph
/// (`Referat / til / mødet i ... / den ... / i ...`), "Referat" as a heading of its own, or
/// every part a paragraph (a page printed to PDF) — so blank lines do not end it; what does
/// is a blank line followed by a line that cannot continue the title's sentence (one that
/// opens with a capital letter, once the title holds more than its kind word).
fn title_lines<'r, 'a>(region: &'r [Line<'a>]) -> Vec<&'r Line<'a>> {
    let candidates = || {
        region
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_blank())
            .take(HEADER_LINES)
    };
    let start = candidates()
        .find(|(_, l)| l.plain.len() <= MAX_TITLE_LINE && kind_word(&l.plain).is_some())
        .or_else(|| candidates().next())
        .map(|(i, _)| i);
    let Some(start) = start else {
        return Vec::new();
    };
    let mut title: Vec<&Line<'a>> = Vec::new();
    let mut after_blank = false;
    for line in region[start..].iter().take(HEADER_LINES * 2) {
        if line.is_blank() {
            after_blank = true;
            continue;
        }
        let plain = clean_inline(line.raw);
        if plain.len() > MAX_TITLE_LINE
            || LABEL.is_match(&plain)
            || ABSENCE.is_match(&plain)
            || meeting_end_in(&plain).is_some()
        {
            break;
        }
        let only_kind_word = title.len() == 1
            && kind_word(&title[0].plain).is_some_and(|(_, rest)| rest.trim().is_empty());
        let continues_sentence = plain.starts_with(|c: char| c.is_lowercase());
        if after_blank && !title.is_empty() && !only_kind_word && !continues_sentence {
            break;
        }
        title.push(line);
        after_blank = false;
    }
    title
}

/// The closing "Mødet hævet kl. 14.07" among the last few lines of the document, with its
/// line index. Only there: the same words inside an item may quote another meeting.
pub(crate) fn closing_meeting_end(lines: &[Line<'_>]) -> Option<(usize, String)> {
    lines
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, l)| !l.is_blank())
        .take(2)
        .find_map(|(i, l)| {
            let (hours, minutes) = meeting_end_in(&l.plain)?;
            Some((i, clock(&l.plain[hours], &l.plain[minutes])?))
        })
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
                    if let Some(t) = clock_in(value) {
                        header.start_time = header.start_time.take().or(clock_of(value, t));
                    }
                }
                _ if !value.is_empty() => header.location = Some(value.to_string()),
                _ => {}
            }
        }
        if let Some((hours, minutes)) = meeting_end_in(&plain) {
            header.end_time = clock(&plain[hours], &plain[minutes]);
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

/// Fills what the title and labels did not say from the header's other lines: a line
/// "Referat" or "Dagsorden", a line that is a committee's name, the first date, the first
/// "kl. HH.MM" (not the meeting's end).
fn read_unlabelled_lines(region: &[Line<'_>], header: &mut MeetingHeader) {
    for line in region.iter().filter(|l| !l.is_blank()).take(HEADER_LINES) {
        let plain = &line.plain;
        if plain.len() > 200 || meeting_end_in(plain).is_some() {
            continue;
        }
        let (kind, rest) = match kind_word(plain) {
            Some((kind, rest)) => (Some(kind), rest),
            None => (None, plain.as_ref()),
        };
        if header.document_kind.is_none() {
            header.document_kind = kind;
        }
        // A line that is only "Odense Kommune" states the municipality.
        if header.municipality.is_none() {
            let found = names_a_municipality(plain)
                .then(|| MUNICIPALITY.find(plain))
                .flatten();
            if let Some(m) = found {
                if m.start() == 0 && m.end() == plain.len() {
                    header.municipality = Some(m.as_str().to_string());
                }
            }
        }
        if header.committee.is_none() {
            let rest = rest.trim_start_matches([' ', ':', '-', '–']).trim();
            if let Some(m) = committee_names(rest).next() {
                if m.start == 0 && m.end == rest.len() {
                    header.committee = Some(nominative(rest));
                }
            }
        }
        if header.meeting_date.is_none() {
            header.meeting_date = find_date(plain).map(|(d, _)| d);
        }
        if header.start_time.is_none() {
            header.start_time = clock_in(plain).and_then(|c| clock_of(plain, c));
        }
    }
}

/// `text` without `prefix`, compared ignoring case, char by char (so slicing stays on char
/// boundaries whatever the case mapping does).
fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    for expected in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(i, _)| &text[i..]))
}

/// "Referat ..." / "Dagsorden ..." → the kind and the rest. The word must stand alone
/// ("Referatet af ..." is not a title).
fn kind_word(text: &str) -> Option<(DocumentKind, &str)> {
    let (kind, rest) = match strip_prefix_ignore_case(text, "referat") {
        Some(rest) => (DocumentKind::Referat, rest),
        None => (
            DocumentKind::Dagsorden,
            strip_prefix_ignore_case(text, "dagsorden")?,
        ),
    };
    (!rest.starts_with(char::is_alphanumeric)).then_some((kind, rest))
}

/// Reads kind, committee, period, date, start time and municipality from the title.
fn read_title(title: &str, header: &mut MeetingHeader) {
    let Some((kind, rest)) = kind_word(title) else {
        // Not a title we know: take nothing from it.
        return;
    };
    header.document_kind = Some(kind);
    if let Some((_, first, second)) = period_in(rest) {
        header.committee_period = Some(format!("{}-{}", &rest[first], &rest[second]));
    }
    let date = find_date(rest);
    if let Some((d, _)) = &date {
        header.meeting_date = Some(*d);
    }
    if let Some(c) = clock_in(rest) {
        header.start_time = clock_of(rest, c);
    }
    let found = names_a_municipality(rest)
        .then(|| MUNICIPALITY.captures(rest))
        .flatten();
    if let Some(c) = found {
        header.municipality = Some(c[1].to_string());
    }
    // The committee: what stands between the kind word (and "til møde i") and the period, the
    // date or "den"/"d.".
    let mut name = rest.trim_start_matches([':', ' ', '-', '–']);
    for lead in ["til ", "for ", "fra "] {
        name = strip_prefix_ignore_case(name, lead).unwrap_or(name);
    }
    for lead in ["mødet i ", "møde i "] {
        name = strip_prefix_ignore_case(name, lead).unwrap_or(name);
    }
    let mut cut = name.len();
    for stop in [" d. ", " den ", " kl. ", " - ", " – "] {
        if let Some(p) = name.find(stop) {
            cut = cut.min(p);
        }
    }
    if let Some((m, _, _)) = period_in(name) {
        cut = cut.min(m.start);
    }
    if let Some((_, range)) = find_date(name) {
        cut = cut.min(range.start);
    }
    let committee = name[..cut].trim().trim_end_matches([',', ':']).trim();
    // "Referat / Tirsdag den 7. maj 2024": the day of the week, not a committee.
    let is_weekday = WEEKDAYS.contains(&committee.to_lowercase().as_str());
    if !committee.is_empty()
        && !is_weekday
        && committee.chars().next().is_some_and(char::is_uppercase)
    {
        header.committee = Some(committee.to_string());
    }
}

/// The first "<committee>s møde den <date>" (or "møde i <committee> den <date>") in `lines`,
/// with the index of its line; `committee_required` skips sentences that name none.
/// Whether a text holds "møde" in any case, as [`MEETING_SENTENCE`] requires: under Unicode
/// simple case folding 'm', 'd' and 'e' have only their ASCII cases and 'ø' only 'Ø', so a
/// match holds the bytes [Mm] 0xC3 [0xB8 0x98] [Dd] [Ee]. A line without them is not searched
/// (the pattern's Unicode word boundary sends the search to a slow engine on Danish text).
fn may_name_a_meeting(text: &str) -> bool {
    text.as_bytes().windows(5).any(|w| {
        w[1] == 0xC3
            && matches!(w[2], 0xB8 | 0x98)
            && matches!(w[0], b'm' | b'M')
            && matches!(w[3], b'd' | b'D')
            && matches!(w[4], b'e' | b'E')
    })
}

/// The ranges of [`MEETING_SENTENCE`]'s matches in `text`, as its `find_iter` gives them.
///
/// Under the pattern's case folding each of its letters matches only its two ASCII cases
/// ('ø' its capital; the test checks every char), so a match starts at a 'm' or 'M' (an
/// ASCII byte, so a char boundary) with a word boundary before it.
fn meeting_phrases(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let bytes = text.as_bytes();
        let found = (from..bytes.len()).find_map(|start| {
            if !matches!(bytes[start], b'm' | b'M') {
                return None;
            }
            let word_before = text[..start].chars().next_back().is_some_and(is_word_char);
            if word_before {
                return None;
            }
            meeting_phrase_at(text, start).map(|end| start..end)
        })?;
        from = found.end;
        Some(found)
    })
}

/// Where the pattern's match starting at `start` ends, trying its paths in its order.
///
/// "møde" and the optional 't' (taken when there: leaving it out leaves a 't' where `\s`
/// is needed) are followed by the longest run of spaces (a shorter one leaves a space where
/// an 'i' or 'd' is needed); then the group `i\s+[^.]{1,80}?\s+` is tried first, and when
/// it leads nowhere, "den" or "d." at once.
fn meeting_phrase_at(text: &str, start: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[start..];
    let is_moede = bytes.len() >= 5
        && matches!(bytes[0], b'm' | b'M')
        && bytes[1] == 0xC3
        && matches!(bytes[2], 0xB8 | 0x98)
        && matches!(bytes[3], b'd' | b'D')
        && matches!(bytes[4], b'e' | b'E');
    if !is_moede {
        return None;
    }
    let mut at = start + 5;
    if matches!(text.as_bytes().get(at), Some(b't' | b'T')) {
        at += 1;
    }
    let spaces = space_run(text, at);
    if spaces == 0 {
        return None;
    }
    at += spaces;
    place_and_day_at(text, at).or_else(|| day_word_at(text, at))
}

/// The group `i\s+[^.]{1,80}?\s+` followed by the day word at `at`: the greedy `\s+` after
/// the 'i' tries its longest run first, then each shorter one; the lazy `[^.]{1,80}?` one
/// char, then two, up to 80 (none a '.'); after it the longest run of spaces must come (a
/// shorter one leaves a space where the 'd' is needed), then the day word.
fn place_and_day_at(text: &str, at: usize) -> Option<usize> {
    if !matches!(text.as_bytes().get(at), Some(b'i' | b'I')) {
        return None;
    }
    let after_i = at + 1;
    let run = space_run(text, after_i);
    if run == 0 {
        return None;
    }
    let run_text = &text[after_i..after_i + run];
    let place_starts = std::iter::once(after_i + run).chain(
        run_text
            .char_indices()
            .rev()
            .filter(|&(i, _)| i > 0)
            .map(|(i, _)| after_i + i),
    );
    for place_start in place_starts {
        for (offset, c) in text[place_start..].char_indices().take(80) {
            if c == '.' {
                break;
            }
            let place_end = place_start + offset + c.len_utf8();
            let gap = space_run(text, place_end);
            if gap == 0 {
                continue;
            }
            if let Some(end) = day_word_at(text, place_end + gap) {
                return Some(end);
            }
        }
    }
    None
}

/// "den" or "d." (any case) at `at` and the longest run of spaces after it (at least one).
fn day_word_at(text: &str, at: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[at..];
    let word = match bytes {
        [b'd' | b'D', b'e' | b'E', b'n' | b'N', ..] => 3,
        [b'd' | b'D', b'.', ..] => 2,
        _ => return None,
    };
    let spaces = space_run(text, at + word);
    (spaces > 0).then_some(at + word + spaces)
}

/// The length in bytes of the run of Unicode spaces (`\s`: White_Space, as
/// `char::is_whitespace`; the test checks every char) at `at`.
fn space_run(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    rest.find(|c: char| !c.is_whitespace())
        .unwrap_or(rest.len())
}

fn meeting_from_sentences(
    lines: &[Line<'_>],
    committee_required: bool,
) -> Option<(Option<String>, NaiveDate, usize)> {
    for (index, line) in lines.iter().enumerate() {
        let plain = &line.plain;
        if plain.len() < 12 {
            continue;
        }
        if plain.len() > MAX_SENTENCE_LINE {
            continue;
        }
        if !may_name_a_meeting(plain) {
            continue;
        }
        for m in meeting_phrases(plain) {
            // Only the next few characters: the date must follow at once, and looking further
            // would make a line full of "møde den" quadratic.
            let mut date_end = (m.end + 40).min(plain.len());
            while !plain.is_char_boundary(date_end) {
                date_end -= 1;
            }
            let Some((date, range)) = find_date(&plain[m.end..date_end]) else {
                continue;
            };
            // The date must follow at once ("den 15. november 2022").
            if range.start > 0 {
                continue;
            }
            // The committee: named just before "møde", or inside "møde i <name> den".
            let before = &plain[..m.start];
            let inside = &plain[m.start..m.end];
            let committee = committee_names(inside)
                .last()
                .map(|m| &inside[m])
                .or_else(|| {
                    committee_names(before)
                        .last()
                        .filter(|m| before[m.end..].trim().is_empty())
                        .map(|m| &before[m])
                })
                .map(nominative);
            if committee_required && committee.is_none() {
                continue;
            }
            return Some((committee, date, index));
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
        assert_eq!(
            find_date("Dato: 2023-09-19").map(|d| d.0),
            Some(date(2023, 9, 19))
        );
        assert_eq!(find_date("perioden 2022-2025"), None);
    }

    #[test]
    fn committee_name_classes_agree_with_the_regex_classes() {
        let upper = Regex::new(r"^\p{Lu}$").expect("valid");
        let letter = Regex::new(r"^\p{L}$").expect("valid");
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(is_upper_letter(c), upper.is_match(&text), "{c:?}");
            assert_eq!(is_letter(c), letter.is_match(&text), "{c:?}");
        }
    }

    #[test]
    fn committee_names_in_sentences() {
        let text = "Godkendelse af dagsorden til By-, Kultur- og Fritidsudvalgets møde. \
                    Byrådet og Kommunalbestyrelsens Økonomiudvalg-møde";
        let found: Vec<&str> = committee_names(text).map(|m| &text[m]).collect();
        let expected: Vec<&str> = COMMITTEE_NAME.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(found, expected);
        assert_eq!(found, ["By-, Kultur- og Fritidsudvalgets", "Økonomiudvalg"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The committee names found by hand are the pattern's matches.
        #[test]
        fn committee_names_as_the_pattern_finds_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "udvalg", "et", "ets", "s", "n", "en", "ens", "Byråd", "byråd", "Kommunal",
                    "kommunalbestyrelse", "Kommunalbestyrelse", "Regionsråd", "regionsråd",
                    "Magistrat", "magistrat", "-", ",", " ", "  ", "\t", "\u{a0}", "og", "samt",
                    "By", "Social", "Æ", "Ø", "å", "a", "A", "x", "_", "1", ".", "–", "ǅ", "ﬁ",
                    "Ⅰ", "\u{300}", "\u{200d}", "‿", "Ω", "ω", "’", "\u{2028}", "²",
                ]),
                0..14,
            ),
            any in "\\PC{0,12}",
        ) {
            let built = parts.concat();
            for text in [built.as_str(), any.as_str()] {
                let found: Vec<Range<usize>> = committee_names(text).collect();
                let expected: Vec<Range<usize>> =
                    COMMITTEE_NAME.find_iter(text).map(|m| m.range()).collect();
                proptest::prop_assert_eq!(found, expected, "{:?}", text);
            }
        }
    }

    #[test]
    fn meeting_phrase_letters_fold_and_spaces_as_the_regex_reads_them() {
        let folded = Regex::new(r"(?i)^[mødetin]$").expect("valid");
        let space = Regex::new(r"^\s$").expect("valid");
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(
                folded.is_match(&text),
                "mødetinMØDETIN".contains(c),
                "{c:?}"
            );
            assert_eq!(space.is_match(&text), c.is_whitespace(), "{c:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The meeting phrases found by hand are the pattern's matches.
        #[test]
        fn meeting_phrases_as_the_pattern_finds_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "møde", "MØDE", "Møde", "mødet", "t", "T", " ", "  ", "\n", "\u{a0}", "i",
                    "I", "i ", "den", "DEN", "d.", "D.", "d", ".", "x", "a", "æ", "1", "_",
                    "Byrådet", "–", "\u{300}", "ab", "xxxxxxxxxxxxxxxxxxxx", "møde i ",
                    " den ", " d. ",
                ]),
                0..16,
            ),
            any in "\\PC{0,12}",
        ) {
            let built = parts.concat();
            for text in [built.as_str(), any.as_str()] {
                let found: Vec<Range<usize>> = meeting_phrases(text).collect();
                let expected: Vec<Range<usize>> =
                    MEETING_SENTENCE.find_iter(text).map(|m| m.range()).collect();
                proptest::prop_assert_eq!(found, expected, "{:?}", text);
            }
        }
    }

    #[test]
    fn clock_letters_and_digits_as_the_regex_reads_them() {
        let folded = Regex::new(r"(?i)^[kl]$").expect("valid");
        let digit = Regex::new(r"^\d$").expect("valid");
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(folded.is_match(&text), "kKlL\u{212A}".contains(c), "{c:?}");
            assert_eq!(is_decimal_digit(c), digit.is_match(&text), "{c:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The clock read by hand is the pattern's first match's groups.
        #[test]
        fn clock_as_the_pattern_reads_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "kl", "KL", "Kl", "\u{212A}l", "k", "l", ".", ":", " ", "  ", "\n",
                    "\u{a0}", "0", "1", "2", "8", "30", "14", "\u{663}", "²", "a", "æ", "_",
                    "-", "kl. ", "kl.", "x",
                ]),
                0..12,
            ),
            any in "\\PC{0,12}",
        ) {
            let built = parts.concat();
            for text in [built.as_str(), any.as_str()] {
                let expected = CLOCK.captures(text).map(|c| {
                    (c.get(1).map(|m| m.range()), c.get(2).map(|m| m.range()))
                });
                let found = clock_in(text).map(|(hours, minutes)| (Some(hours), minutes));
                proptest::prop_assert_eq!(found, expected, "{:?}", text);
            }
        }
    }

    #[test]
    fn meeting_end_letters_fold_as_the_regex_reads_them() {
        let folded = Regex::new(r"(?i)^[mødetblvhæafsuk]$").expect("valid");
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(
                folded.is_match(&c.to_string()),
                "mødetblvhæafsukMØDETBLVHÆAFSUK\u{17F}\u{212A}".contains(c),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The meeting's end read by hand is the pattern's first match's groups.
        #[test]
        fn meeting_end_as_the_pattern_reads_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Mødet", "mødet", "MØDET", "møde", " ", "  ", "\n", "\u{a0}", "blev",
                    "BLEV ", "hævet", "HÆVET", "afsluttet", "sluttede", "slut", "\u{17F}lut",
                    "kl", "KL", "\u{212A}l", ".", ":", "0", "1", "14", "07", "\u{663}", "a",
                    "æ", "_", "x", " kl. ", "Mødet hævet ",
                ]),
                0..12,
            ),
            any in "\\PC{0,12}",
        ) {
            let built = parts.concat();
            for text in [built.as_str(), any.as_str()] {
                let expected = MEETING_END
                    .captures(text)
                    .map(|c| (c.get(1).map(|m| m.range()), c.get(2).map(|m| m.range())));
                let found =
                    meeting_end_in(text).map(|(hours, minutes)| (Some(hours), Some(minutes)));
                proptest::prop_assert_eq!(found, expected, "{:?}", text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The period read by hand is the pattern's first match and its groups.
        #[test]
        fn period_as_the_pattern_reads_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "19", "20", "2022", "2025", "1999", "0", "5", "\u{663}", "-", "–", "—",
                    " ", "  ", "\u{a0}", "\n", "a", "æ", "_", ".", "x", "2022-2025",
                    "2022 – 2025",
                ]),
                0..10,
            ),
            any in "\\PC{0,12}",
        ) {
            let built = parts.concat();
            for text in [built.as_str(), any.as_str()] {
                let expected = PERIOD.captures(text).map(|c| {
                    (c.get(0).map(|m| m.range()), c.get(1).map(|m| m.range()),
                     c.get(2).map(|m| m.range()))
                });
                let found = period_in(text)
                    .map(|(whole, first, second)| (Some(whole), Some(first), Some(second)));
                proptest::prop_assert_eq!(found, expected, "{:?}", text);
            }
        }
    }

    proptest::proptest! {
        /// Every line the pattern matches passes the byte test.
        #[test]
        fn byte_test_keeps_every_meeting_sentence(
            text in "[mMøØdDeEtT iI.]{0,8}(møde|MØDE|Møde|mØDe)?[tT ]{0,2}[a-z ]{0,6}(den|d\\.) [0-9]{0,2}",
        ) {
            if MEETING_SENTENCE.is_match(&text) {
                proptest::prop_assert!(may_name_a_meeting(&text));
            }
        }
    }

    proptest::proptest! {
        /// The ASCII stand-in finds the dates (and their ranges) the text itself gives.
        #[test]
        fn dates_found_in_the_stand_in_as_in_the_text(
            text in "[0-9 ./-]{0,6}[æøåé”–…§xa \u{a0}\u{300}]{0,3}[0-9]{1,2}[./ -]{1,2}\
                     (sep|Sept|maj|oKt|[0-9]{1,2})[./ -]{1,2}(19|20)[0-9]{2}[æøé”–…a0-9 ]{0,3}",
            any in "\\PC{0,20}",
        ) {
            for text in [text.as_str(), any.as_str()] {
                if let Some(stand_in) = ascii_stand_in(text) {
                    proptest::prop_assert_eq!(stand_in.len(), text.len());
                    proptest::prop_assert_eq!(
                        find_date_in(&ASCII_DATES, &stand_in),
                        find_date_in(&UNICODE_DATES, text)
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// On ASCII text the ASCII-mode date patterns find what the Unicode ones find.
        #[test]
        fn ascii_date_patterns_match_as_the_unicode_ones_on_ascii_text(
            text in "[0-9a-zA-Z_ ./\t\x0b\x0c\r\n-]{0,6}[0-9]{1,2}[./ \t\x0b-]{1,3}\
                     (sep|Sept|maj|oKt|DECEMBER|[0-9]{1,2})[./ \t\x0c-]{1,3}\
                     (19|20)[0-9]{2}[a-zA-Z_0-9 .-]{0,3}",
            iso in "[a-z_0-9 -]{0,3}(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}[a-z_0-9 -]{0,3}",
            any in "[ -~\t\n\r\x0b\x0c]{0,30}",
        ) {
            for text in [text.as_str(), iso.as_str(), any.as_str()] {
                proptest::prop_assert_eq!(
                    find_date_in(&ASCII_DATES, text),
                    find_date_in(&UNICODE_DATES, text)
                );
            }
        }
    }

    #[test]
    fn ascii_date_patterns_find_dates() {
        // Written from the patterns' examples: day, month, year and where the date is.
        assert_eq!(
            find_date_in(&ASCII_DATES, "d. 19-09-2023 kl"),
            Some((date(2023, 9, 19), 3..13))
        );
        assert_eq!(
            find_date_in(&ASCII_DATES, "x 2023-09-19"),
            Some((date(2023, 9, 19), 2..12))
        );
        assert_eq!(
            find_date_in(&ASCII_DATES, "den 5 FEB. 2024"),
            Some((date(2024, 2, 5), 4..15))
        );
        assert_eq!(find_date_in(&ASCII_DATES, "a19-09-2023"), None);
    }

    #[test]
    fn meeting_named_in_a_sentence() {
        let lines = split_lines(
            "Godkendelse af dagsordenen til Beskæftigelses- og Socialudvalgets møde den \
             15. november 2022.",
        );
        let (committee, when, _) = meeting_from_sentences(&lines, false).expect("found");
        assert_eq!(
            committee.as_deref(),
            Some("Beskæftigelses- og Socialudvalget")
        );
        assert_eq!(when, date(2022, 11, 15));
        let lines = split_lines("Referat fra mødet i Økonomiudvalget d. 19-09-2023 kl. 9");
        let (committee, when, _) = meeting_from_sentences(&lines, false).expect("found");
        assert_eq!(committee.as_deref(), Some("Økonomiudvalget"));
        assert_eq!(when, date(2023, 9, 19));
        // Without a committee the sentence may be about any meeting.
        let lines = split_lines("Sagen blev drøftet på mødet den 3. maj 2023.");
        assert!(meeting_from_sentences(&lines, false).is_some());
        assert!(meeting_from_sentences(&lines, true).is_none());
    }

    #[test]
    fn header_without_a_title_line() {
        let text = "Odense Kommune\nBeskæftigelses- og Socialudvalget\nReferat\n\n\
                    Tirsdag den 7. maj 2024 kl. 8.30\nMødet hævet kl. 11.00\n";
        let lines = split_lines(text);
        let (h, _) = read_header(&lines, lines.len(), None, None);
        assert_eq!(h.document_kind, Some(DocumentKind::Referat));
        assert_eq!(
            h.committee.as_deref(),
            Some("Beskæftigelses- og Socialudvalget")
        );
        assert_eq!(h.meeting_date, Some(date(2024, 5, 7)));
        assert_eq!(h.start_time.as_deref(), Some("08:30"));
        assert_eq!(h.end_time.as_deref(), Some("11:00"));
        assert_eq!(h.municipality.as_deref(), Some("Odense Kommune"));
    }

    /// The same header as one paragraph, with "Referat" as a heading of its own, and with
    /// every part a paragraph under page chrome (a web page printed to PDF).
    #[test]
    fn header_title_spread_over_paragraphs() {
        let layouts = [
            "Referat\ntil\nmødet i Økonomiudvalget\nden 3. maj 2016 kl. 9.00\ni Rådhuset\n\n\
             Mødet hævet kl. 11.15.\n",
            "Referat\n\ntil\nmødet i Økonomiudvalget\nden 3. maj 2016 kl. 9.00\ni Rådhuset\n\n\
             Mødet hævet kl. 11.15.\n",
            "Dagsordener & referater\n\nForside > Referater\n\nUdskriv\n\nReferat\n\ntil\n\n\
             mødet i Økonomiudvalget\n\nden 3. maj 2016 kl. 9.00\n\ni Rådhuset\n\n\
             Mødet hævet kl. 11.15.\n",
        ];
        for text in layouts {
            let lines = split_lines(text);
            let (h, _) = read_header(&lines, lines.len(), None, None);
            assert_eq!(h.document_kind, Some(DocumentKind::Referat), "{text}");
            assert_eq!(h.committee.as_deref(), Some("Økonomiudvalget"), "{text}");
            assert_eq!(h.meeting_date, Some(date(2016, 5, 3)), "{text}");
            assert_eq!(h.start_time.as_deref(), Some("09:00"), "{text}");
            assert_eq!(h.end_time.as_deref(), Some("11:15"), "{text}");
            assert_eq!(h.location.as_deref(), Some("Rådhuset"), "{text}");
        }
        // A paragraph that opens with a capital letter after the title is not part of it.
        let lines = split_lines("Referat Økonomiudvalget\n\nBemærkninger til mødet\n");
        let (h, _) = read_header(&lines, lines.len(), None, None);
        assert_eq!(h.committee.as_deref(), Some("Økonomiudvalget"));
        // "Referat" alone, then the day: the weekday is no committee.
        let lines = split_lines("Referat\n\nTirsdag den 7. maj 2024 kl. 8.30\n");
        let (h, _) = read_header(&lines, lines.len(), None, None);
        assert_eq!(h.committee, None);
        assert_eq!(h.meeting_date, Some(date(2024, 5, 7)));
    }

    #[test]
    fn kind_words() {
        assert_eq!(
            kind_word("REFERAT Udvalget").map(|k| k.0),
            Some(DocumentKind::Referat)
        );
        assert_eq!(
            kind_word("Dagsorden:").map(|k| k.0),
            Some(DocumentKind::Dagsorden)
        );
        assert_eq!(kind_word("Referatet af mødet"), None);
        assert_eq!(
            strip_prefix_ignore_case("MØDE I Udvalget", "møde i "),
            Some("Udvalget")
        );
        assert_eq!(strip_prefix_ignore_case("mø", "møde"), None);
    }

    #[test]
    fn header_with_absences() {
        let text = "DAGSORDEN Økonomiudvalget d. 01-02-2024\n\nMødedato 1. februar 2024 kl. 9.00\n\
                    Afbud:\nAnne Andersen\nBo Bech\n\nFraværende: Carl Carlsen\n";
        let lines = split_lines(text);
        let (h, _) = read_header(&lines, lines.len(), None, None);
        assert_eq!(h.document_kind, Some(DocumentKind::Dagsorden));
        assert_eq!(h.committee.as_deref(), Some("Økonomiudvalget"));
        assert_eq!(h.meeting_date, Some(date(2024, 2, 1)));
        assert_eq!(h.start_time.as_deref(), Some("09:00"));
        let short = split_lines("Referat Økonomiudvalget den 3. maj 2024 kl. 9");
        let (short, _) = read_header(&short, short.len(), None, None);
        assert_eq!(short.start_time.as_deref(), Some("09:00"));
        assert_eq!(
            h.attendance_lines,
            ["Afbud: Anne Andersen, Bo Bech", "Fraværende: Carl Carlsen"]
        );
    }
}
