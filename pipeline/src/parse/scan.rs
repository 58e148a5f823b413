//! Hand-written readers of the line patterns the parser asks about most often: what a regex
//! with capture groups would capture, without it.
//!
//! Capture groups send the regex crate to its slowest engine (a bounded backtracker), and
//! these patterns run on every heading and table-of-contents line of every document. Each
//! reader here states the pattern it stands for; its tests compare it with that pattern on
//! random text. A reader is exact on the text it decides; where deciding would need Unicode
//! tables the regex has and the standard library lacks (`\d` is the decimal digits only,
//! `char::is_numeric` is wider), or a line feed is in the text (which `.` does not match and
//! no line holds), it says [`Scan::Unsure`] and the caller asks the regex: rare text pays the
//! old price, and the answer is always the regex's.

/// What a reader found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scan<T> {
    /// The pattern matches, with these captures.
    Match(T),
    /// The pattern does not match.
    NoMatch,
    /// The reader cannot tell: ask the regex.
    Unsure,
}

impl<T> Scan<T> {
    /// The reader's answer, or when it is unsure, the regex's (`slow`).
    pub fn or_ask(self, slow: impl FnOnce() -> Option<T>) -> Option<T> {
        match self {
            Scan::Match(found) => Some(found),
            Scan::NoMatch => None,
            Scan::Unsure => slow(),
        }
    }
}

/// The leading run of ASCII digits of `text` and what follows it; `None` when a character of
/// the run's end could be a non-ASCII decimal digit (which `\d` matches), where only the regex
/// can tell.
fn ascii_digits(text: &str) -> Option<(&str, &str)> {
    let end = text
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(end);
    if rest.chars().next().is_some_and(char::is_numeric) {
        return None;
    }
    Some((digits, rest))
}

/// `(number, rest)` for `^(\d{1,N})<rest>`, where the pattern goes on with something that
/// cannot match a digit: the whole leading digit run, which must be 1..=`max` digits long.
fn leading_number(text: &str, max: usize) -> Scan<(&str, &str)> {
    match ascii_digits(text) {
        None => Scan::Unsure,
        Some((digits, rest)) if (1..=max).contains(&digits.len()) => Scan::Match((digits, rest)),
        Some(_) => Scan::NoMatch,
    }
}

/// `rest.trim_start()` and whether any whitespace was skipped.
fn skip_space(text: &str) -> (&str, bool) {
    let rest = text.trim_start_matches(char::is_whitespace);
    (rest, rest.len() < text.len())
}

/// `^(\d{1,3})\.\s+(\S.*)$` (a numbered heading): the number and the title (group 2).
///
/// The digit run must be whole (a fourth digit matches neither `\.` nor a shorter run's
/// continuation), `\s+` takes the whole run of spaces (`\S` follows), and `.*$` takes the
/// rest of a text without a line feed.
pub(crate) fn numbered_heading(text: &str) -> Scan<(&str, &str)> {
    numbered_line(text, true)
}

/// `^(\d{1,3})\.?\s+(\S.*)$` (an entry of a list without a heading): as
/// [`numbered_heading`] with the dot optional. A dot taken and not followed by a space cannot
/// be given back: `\s+` would then have to match the dot.
pub(crate) fn numbered_entry(text: &str) -> Scan<(&str, &str)> {
    numbered_line(text, false)
}

/// [`numbered_heading`] (`dot_required`) or [`numbered_entry`].
fn numbered_line(text: &str, dot_required: bool) -> Scan<(&str, &str)> {
    if text.contains('\n') {
        return Scan::Unsure;
    }
    let (digits, rest) = match leading_number(text, 3) {
        Scan::Match(found) => found,
        Scan::NoMatch => return Scan::NoMatch,
        Scan::Unsure => return Scan::Unsure,
    };
    let rest = match rest.strip_prefix('.') {
        Some(after_dot) => after_dot,
        None if dot_required => return Scan::NoMatch,
        None => rest,
    };
    let (title, spaced) = skip_space(rest);
    if !spaced || title.is_empty() {
        return Scan::NoMatch;
    }
    Scan::Match((digits, title))
}

/// `^([A-H])\.\s+(\p{L}.*)$` (a case-type group line): the letter. `\p{L}` is decided for an
/// ASCII character only (other letters need the Unicode tables).
pub(crate) fn group_line(text: &str) -> Scan<char> {
    let bytes = text.as_bytes();
    let letter = match bytes.first() {
        Some(&b @ b'A'..=b'H') => char::from(b),
        _ => return Scan::NoMatch,
    };
    if bytes.get(1) != Some(&b'.') {
        return Scan::NoMatch;
    }
    let (title, spaced) = skip_space(&text[2..]);
    if !spaced {
        return Scan::NoMatch;
    }
    match title.chars().next() {
        None => Scan::NoMatch,
        Some(c) if !c.is_ascii() => Scan::Unsure,
        Some(c) if !c.is_ascii_alphabetic() => Scan::NoMatch,
        Some(_) if title.contains('\n') => Scan::Unsure,
        Some(_) => Scan::Match(letter),
    }
}

/// Where `\s*(?:\.{2,}|…+)\s*$` (dot leaders at the end) first matches in `text`, if it does.
///
/// A match ends with the trailing spaces, so before them comes the run of dots (or of "…")
/// the text ends with; the earliest start is that whole run (of at least two dots, or one
/// "…") with the spaces before it. No earlier start can match: the character before those
/// spaces is neither a space nor part of the run.
pub(crate) fn trailing_leaders(text: &str) -> Option<usize> {
    let body = text.trim_end_matches(char::is_whitespace);
    let leader = body.chars().next_back()?;
    let before_run = match leader {
        '.' => {
            let before = body.trim_end_matches('.');
            if body.len() - before.len() < 2 {
                return None;
            }
            before
        }
        '…' => body.trim_end_matches('…'),
        _ => return None,
    };
    Some(before_run.trim_end_matches(char::is_whitespace).len())
}

/// `^(.*?)\s*(?:(?:\.{2,}|…+)\s*\t?|\t)\s*(\d{1,4})$` (a page number at the end of an
/// entry): the text before it (group 1) and the page number (group 2).
///
/// The page number is the whole digit run the text ends with (a fifth digit could match
/// nothing before it). Before it, `\s*\t?\s*` is just `\s*`, so the rest is spaces, then dot
/// leaders or a tab, then spaces. Group 1 is the shortest start such that the rest matches:
/// the leaders' earliest start ([`trailing_leaders`]) when the text before the digits ends
/// with leaders, else the start of its trailing spaces when they hold a tab.
pub(crate) fn page_number(text: &str) -> Scan<(&str, &str)> {
    if text.contains('\n') {
        return Scan::Unsure;
    }
    let digits_start = text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (before, digits) = text.split_at(digits_start);
    if before.chars().next_back().is_some_and(char::is_numeric) {
        return Scan::Unsure;
    }
    if !(1..=4).contains(&digits.len()) {
        return Scan::NoMatch;
    }
    if let Some(start) = trailing_leaders(before) {
        return Scan::Match((&before[..start], digits));
    }
    let title = before.trim_end_matches(char::is_whitespace);
    if before[title.len()..].contains('\t') {
        return Scan::Match((title, digits));
    }
    Scan::NoMatch
}

/// `(number, rest)` after a "Punkt"/"Pkt." keyword already recognised in ASCII, for
/// `\s*(\d{1,4})\s*(?:[:.]|\s[-–](?:\s|$))\s*(.*)$` (`loose` false) or
/// `\s*(\d{1,4})\s*[:.]?\s*(.*)$` (`loose` true); the rest is group 2, not trimmed at its end.
///
/// Strict: the digit run must be whole; after the spaces that follow it, a colon or dot, or
/// (after at least one space) a dash followed by a space or the end. Loose: nothing can fail
/// after the digits, so `\d{1,4}` takes the first four digits of a longer run.
pub(crate) fn punkt_rest(after_keyword: &str, loose: bool) -> Scan<(&str, &str)> {
    if after_keyword.contains('\n') {
        return Scan::Unsure;
    }
    let (text, _) = skip_space(after_keyword);
    let Some((digits, after)) = ascii_digits(text) else {
        return Scan::Unsure;
    };
    if digits.is_empty() {
        return Scan::NoMatch;
    }
    if loose {
        let (digits, after) = if digits.len() > 4 {
            (&digits[..4], &text[4..])
        } else {
            (digits, after)
        };
        let (rest, _) = skip_space(after);
        let rest = rest.strip_prefix([':', '.']).unwrap_or(rest);
        return Scan::Match((digits, skip_space(rest).0));
    }
    if digits.len() > 4 {
        return Scan::NoMatch;
    }
    let (rest, spaced) = skip_space(after);
    let rest = if let Some(rest) = rest.strip_prefix([':', '.']) {
        rest
    } else {
        let Some(rest) = rest.strip_prefix(['-', '–']).filter(|_| spaced) else {
            return Scan::NoMatch;
        };
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return Scan::NoMatch;
        }
        rest
    };
    Scan::Match((digits, skip_space(rest).0))
}

/// What follows `^(?i:punkt|pkt\.?)` in `text`, if that matches. Under Unicode simple case
/// folding these letters have only their ASCII cases, but for 'k', which the Kelvin sign
/// folds to too. After "pkt" a dot is always taken: giving it back leaves a dot where the
/// patterns that use this go on with spaces and a digit.
pub(crate) fn punkt_keyword(text: &str) -> Option<&str> {
    /// The rest of `text` after `word` (lower-case ASCII), compared as described above.
    fn after_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
        let mut chars = text.chars();
        for lower in word.chars() {
            let c = chars.next()?;
            if c.to_ascii_lowercase() != lower && !(lower == 'k' && c == '\u{212A}') {
                return None;
            }
        }
        Some(chars.as_str())
    }
    if let Some(rest) = after_word(text, "punkt") {
        return Some(rest);
    }
    let rest = after_word(text, "pkt")?;
    Some(rest.strip_prefix('.').unwrap_or(rest))
}

/// `(number, rest)` for `\s*(\d{1,4})\s*[:.]?\s+(.*)$` after a "Punkt" keyword (a
/// table-of-contents entry "Punkt 3: Title"). The digit run must be whole. After its spaces:
/// a colon or dot followed by spaces gives the text after those; one not followed by spaces
/// is given back to `(.*)` when a space before it can be the `\s+`; no colon or dot needs a
/// space before the rest.
pub(crate) fn punkt_entry_rest(after_keyword: &str) -> Scan<(&str, &str)> {
    if after_keyword.contains('\n') {
        return Scan::Unsure;
    }
    let (text, _) = skip_space(after_keyword);
    let Some((digits, after)) = ascii_digits(text) else {
        return Scan::Unsure;
    };
    if !(1..=4).contains(&digits.len()) {
        return Scan::NoMatch;
    }
    let (rest, spaced) = skip_space(after);
    if let Some(after_mark) = rest.strip_prefix([':', '.']) {
        let (title, spaced_after) = skip_space(after_mark);
        if spaced_after {
            return Scan::Match((digits, title));
        }
        return if spaced {
            Scan::Match((digits, rest))
        } else {
            Scan::NoMatch
        };
    }
    if spaced {
        Scan::Match((digits, rest))
    } else {
        Scan::NoMatch
    }
}

/// `text` after `word` (lower-case ASCII letters, spaces and dots, and 'å'), compared as
/// `(?i)` compares: Unicode simple case folding, which gives 'k' the Kelvin sign, 's' the long
/// s and 'å' the Ångström sign besides their ASCII (or Danish) capitals, and no other of these
/// letters another character.
fn strip_folded<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut rest = text;
    for expected in word.chars() {
        let c = rest.chars().next()?;
        let folds = match expected {
            'k' => matches!(c, 'k' | 'K' | '\u{212A}'),
            's' => matches!(c, 's' | 'S' | '\u{17F}'),
            'å' => matches!(c, 'å' | 'Å' | '\u{212B}'),
            _ => c.is_ascii() && c.eq_ignore_ascii_case(&expected),
        };
        if !folds {
            return None;
        }
        rest = &rest[c.len_utf8()..];
    }
    Some(rest)
}

/// `^(?i:(åbent|lukket))(?:\s+(?i:punkt|sag))?\s*(?:[-–:]\s*(.*))?$` (an access line): the
/// word as written (group 1) and what follows the dash (group 2).
///
/// The two words start with different letters, as do "punkt" and "sag": at most one of each
/// can match. After the word, the optional "punkt"/"sag" needs spaces then its letters, the
/// rest spaces then a dash, colon or the end: never both at once, so the group is taken when
/// it is there. Each `\s` run is taken whole (what follows is not a space), and `.*$` takes
/// the rest of a text without a line feed.
pub(crate) fn access_line(text: &str) -> Scan<(&str, Option<&str>)> {
    let Some(after_word) = strip_folded(text, "åbent").or_else(|| strip_folded(text, "lukket"))
    else {
        return Scan::NoMatch;
    };
    let word = &text[..text.len() - after_word.len()];
    let (after_space, spaced) = skip_space(after_word);
    let rest = match strip_folded(after_space, "punkt").or_else(|| strip_folded(after_space, "sag"))
    {
        Some(after_kind) if spaced => after_kind,
        _ => after_word,
    };
    let (rest, _) = skip_space(rest);
    let Some(dash) = rest.chars().next() else {
        return Scan::Match((word, None));
    };
    if !matches!(dash, '-' | '–' | ':') {
        return Scan::NoMatch;
    }
    let (captured, _) = skip_space(&rest[dash.len_utf8()..]);
    if captured.contains('\n') {
        return Scan::Unsure;
    }
    Scan::Match((word, Some(captured)))
}

/// Whether `^(?:(?i:sagsnr|sagsnummer|sag nr|j\.? ?nr|journalnr)\.?\s*:?\s*)?`
/// `(\d{2}\.\d{2}\.\d{2}-\p{Lu}\d{2}-\d+-\d{2,4})$` (a journal number line) matches.
///
/// The labels end with a letter, and the punctuation and spaces after them (read greedily: the
/// number after them starts with a digit, which none of them is) must be followed by the
/// number, which must end the text; each label is tried. Unsure where a character that is not
/// ASCII could be a `\d` (a numeric one) or a `\p{Lu}` (an upper-case one): only the regex's
/// tables tell.
pub(crate) fn case_number_line(text: &str) -> Scan<()> {
    let mut answer = journal_number(text);
    if answer == Scan::Match(()) {
        return answer;
    }
    let labelled = [
        "sagsnr",
        "sagsnummer",
        "sag nr",
        "j.nr",
        "j. nr",
        "jnr",
        "j nr",
        "journalnr",
    ]
    .iter()
    .filter_map(|label| strip_folded(text, label));
    for after_label in labelled {
        let rest = after_label.strip_prefix('.').unwrap_or(after_label);
        let (rest, _) = skip_space(rest);
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let (rest, _) = skip_space(rest);
        match journal_number(rest) {
            Scan::Match(()) => return Scan::Match(()),
            Scan::Unsure => answer = Scan::Unsure,
            Scan::NoMatch => {}
        }
    }
    answer
}

/// Whether `^\d{2}\.\d{2}\.\d{2}-\p{Lu}\d{2}-\d+-\d{2,4}$` matches `text` (see
/// [`case_number_line`]).
fn journal_number(text: &str) -> Scan<()> {
    // Digit runs of the lengths given, each followed by its separator: a digit run is whole
    // (a separator is no digit), so each part either reads or fails.
    fn digits(text: &str, count: std::ops::RangeInclusive<usize>) -> Scan<&str> {
        match ascii_digits(text) {
            None => Scan::Unsure,
            Some((run, rest)) if count.contains(&run.len()) => Scan::Match(rest),
            Some(_) => Scan::NoMatch,
        }
    }
    // Digit runs of the lengths given, each followed by its separator, one after the other.
    fn groups<'t>(
        mut rest: &'t str,
        parts: &[(std::ops::RangeInclusive<usize>, char)],
    ) -> Scan<&'t str> {
        for (count, separator) in parts {
            rest = match digits(rest, count.clone()) {
                Scan::Match(after) => match after.strip_prefix(*separator) {
                    Some(after) => after,
                    None => return Scan::NoMatch,
                },
                Scan::NoMatch => return Scan::NoMatch,
                Scan::Unsure => return Scan::Unsure,
            };
        }
        Scan::Match(rest)
    }
    let rest = match groups(text, &[(2..=2, '.'), (2..=2, '.'), (2..=2, '-')]) {
        Scan::Match(after) => after,
        Scan::NoMatch => return Scan::NoMatch,
        Scan::Unsure => return Scan::Unsure,
    };
    let letter = match rest.chars().next() {
        // The capitals of ASCII and Latin-1 ('Ø' in "27.00.00-Ø00-12-22"): all of them `\p{Lu}`
        // (a test checks each), and the only ones of those blocks.
        Some(c @ ('A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}')) => c,
        Some(c) if c <= '\u{FF}' => return Scan::NoMatch,
        Some(c) if !c.is_ascii() && c.is_uppercase() => return Scan::Unsure,
        _ => return Scan::NoMatch,
    };
    let rest = match groups(
        &rest[letter.len_utf8()..],
        &[(2..=2, '-'), (1..=usize::MAX, '-')],
    ) {
        Scan::Match(after) => after,
        Scan::NoMatch => return Scan::NoMatch,
        Scan::Unsure => return Scan::Unsure,
    };
    match digits(rest, 2..=4) {
        Scan::Match("") => Scan::Match(()),
        Scan::Match(_) | Scan::NoMatch => Scan::NoMatch,
        Scan::Unsure => Scan::Unsure,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::strategy::Strategy;
    use regex::Regex;

    use super::*;

    fn regex(pattern: &str) -> Regex {
        Regex::new(pattern).expect("valid regex")
    }

    static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| regex(r"^(\d{1,3})\.\s+(\S.*)$"));
    static NUMBERED_ENTRY: LazyLock<Regex> = LazyLock::new(|| regex(r"^(\d{1,3})\.?\s+(\S.*)$"));
    static GROUP_LINE: LazyLock<Regex> = LazyLock::new(|| regex(r"^([A-H])\.\s+(\p{L}.*)$"));
    static LEADERS: LazyLock<Regex> = LazyLock::new(|| regex(r"\s*(?:\.{2,}|…+)\s*$"));
    static PAGE_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^(.*?)\s*(?:(?:\.{2,}|…+)\s*\t?|\t)\s*(\d{1,4})$"));
    static PUNKT_STRICT: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^\s*(\d{1,4})\s*(?:[:.]|\s[-–](?:\s|$))\s*(.*)$"));
    static PUNKT_LOOSE: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(\d{1,4})\s*[:.]?\s*(.*)$"));
    static PUNKT_ENTRY: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(\d{1,4})\s*[:.]?\s+(.*)$"));
    static PUNKT_KEYWORD: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?i:punkt|pkt\.?)"));
    static ACCESS_LINE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^(?i:(åbent|lukket))(?:\s+(?i:punkt|sag))?\s*(?:[-–:]\s*(.*))?$"));
    static CASE_NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
        regex(concat!(
            r"^(?:(?i:sagsnr|sagsnummer|sag nr|j\.? ?nr|journalnr)\.?\s*:?\s*)?",
            r"(\d{2}\.\d{2}\.\d{2}-\p{Lu}\d{2}-\d+-\d{2,4})$",
        ))
    });

    /// Access lines and their near misses.
    fn access_lines() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "åbent",
            "Åbent",
            "\u{212B}BENT",
            "lukket",
            "LUK\u{212A}ET",
            "Lukkethed",
            " ",
            "  ",
            "\u{a0}",
            "\t",
            "punkt",
            "PUNKT",
            "sag",
            "\u{17F}ag",
            "sagsnr",
            "-",
            "–",
            ":",
            "—",
            "27.00.00-G01-130-16",
            "x",
            "\n",
            "",
        ]);
        proptest::collection::vec(piece, 0..7).prop_map(|p| p.concat())
    }

    /// Journal number lines and their near misses.
    fn case_number_lines() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "Sagsnr",
            "SAGSNUMMER",
            "sag nr",
            "J.nr",
            "j. nr",
            "jnr",
            "J nr",
            "journalnr",
            "\u{17F}ag nr",
            ".",
            ":",
            " ",
            "\u{a0}",
            "27",
            "00",
            "1",
            "123",
            "12345",
            "٣٣",
            ".",
            "-",
            "A",
            "G",
            "Ø",
            "a",
            "Ⅰ",
            "\n",
        ]);
        proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
    }

    /// The pair of captures 1 and 2 as the regex gives them.
    fn captured<'t>(re: &Regex, text: &'t str) -> Option<(&'t str, &'t str)> {
        re.captures(text).map(|c| {
            (
                c.get(1).map_or("", |m| m.as_str()),
                c.get(2).map_or("", |m| m.as_str()),
            )
        })
    }

    /// A reader's answer where it is sure.
    fn sure<T>(scan: Scan<T>) -> Option<Option<T>> {
        match scan {
            Scan::Match(found) => Some(Some(found)),
            Scan::NoMatch => Some(None),
            Scan::Unsure => None,
        }
    }

    /// Digits (ASCII and others), dots, leaders, spaces of several kinds, dashes, letters.
    const LINE: &str = "[0-9٣ .…:\t\u{a0}\u{2003}\n–a-cA-HÆæ-]{0,14}";

    /// Text made of the pieces the patterns are about, so that many texts match.
    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "1", "23", "4567", "٣", "²", ".", "..", "…", " ", "  ", "\t", "\u{a0}", ":", "-", "–",
            "a", "B", "Æ", "ñ", "\n", "x y",
        ]);
        proptest::collection::vec(piece, 0..9).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #[test]
        fn readers_agree_with_their_patterns(
            text in LINE,
            any in "\\PC{0,14}",
            shaped in pieces(),
        ) {
            for text in [text.as_str(), any.as_str(), shaped.as_str()] {
                if let Some(got) = sure(numbered_heading(text)) {
                    proptest::prop_assert_eq!(got, captured(&NUMBERED_HEADING, text));
                }
                if let Some(got) = sure(numbered_entry(text)) {
                    proptest::prop_assert_eq!(got, captured(&NUMBERED_ENTRY, text));
                }
                if let Some(got) = sure(group_line(text)) {
                    let expected = GROUP_LINE.captures(text).map(|c| c[1].chars().next());
                    proptest::prop_assert_eq!(got.map(Some), expected);
                }
                let expected = LEADERS.find(text).map(|m| m.start());
                proptest::prop_assert_eq!(trailing_leaders(text), expected);
                if let Some(got) = sure(page_number(text)) {
                    proptest::prop_assert_eq!(got, captured(&PAGE_NUMBER, text), "{:?}", text);
                }
                if let Some(got) = sure(punkt_rest(text, false)) {
                    proptest::prop_assert_eq!(got, captured(&PUNKT_STRICT, text), "{:?}", text);
                }
                if let Some(got) = sure(punkt_entry_rest(text)) {
                    proptest::prop_assert_eq!(got, captured(&PUNKT_ENTRY, text), "{:?}", text);
                }
                if let Some(got) = sure(punkt_rest(text, true)) {
                    proptest::prop_assert_eq!(got, captured(&PUNKT_LOOSE, text), "{:?}", text);
                }
            }
        }

        #[test]
        fn access_line_agrees_with_its_pattern(
            shaped in access_lines(),
            any in "\\PC{0,10}",
        ) {
            for text in [shaped.as_str(), any.as_str()] {
                if let Some(got) = sure(access_line(text)) {
                    let expected = ACCESS_LINE
                        .captures(text)
                        .map(|c| (c.get(1).map_or("", |m| m.as_str()), c.get(2).map(|m| m.as_str())));
                    proptest::prop_assert_eq!(got, expected, "{:?}", text);
                }
            }
        }

        #[test]
        fn case_number_line_agrees_with_its_pattern(
            shaped in case_number_lines(),
            number in "(Sagsnr\\.?:? ?)?[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]{1,4}-[0-9]{2,5}",
            any in "\\PC{0,10}",
        ) {
            for text in [shaped.as_str(), number.as_str(), any.as_str()] {
                if let Some(got) = sure(case_number_line(text)) {
                    proptest::prop_assert_eq!(
                        got.is_some(),
                        CASE_NUMBER_LINE.is_match(text),
                        "{:?}",
                        text
                    );
                }
            }
        }

        /// The keyword as the pattern reads it, followed by a digit (which every pattern that
        /// uses it wants after spaces), so that giving back "pkt"'s dot could not help.
        #[test]
        fn punkt_keyword_agrees_with_its_pattern(
            text in "[pPuUnNkK\u{212A}tT.ſ]{0,6}[ 0-9]{0,2}",
        ) {
            let expected = PUNKT_KEYWORD.find(&text).map(|m| &text[m.end()..]);
            proptest::prop_assert_eq!(punkt_keyword(&text), expected);
        }

        /// On text like the lines they are meant for, the readers decide (almost) always.
        #[test]
        fn readers_decide_ordinary_lines(
            number in "[0-9]{1,5}",
            gap in "[ .:\t–-]{0,3}",
            title in "[A-Za-zæ][a-zæ .]{0,10}",
        ) {
            let text = format!("{number}{gap}{title}");
            proptest::prop_assert!(sure(numbered_heading(&text)).is_some());
            proptest::prop_assert!(sure(numbered_entry(&text)).is_some());
            proptest::prop_assert!(sure(punkt_rest(&text, false)).is_some());
            let entry = format!("{title}{gap}{number}");
            proptest::prop_assert!(sure(page_number(&entry)).is_some());
        }
    }

    /// The capitals [`journal_number`] takes for `\p{Lu}` are exactly the characters of ASCII
    /// and Latin-1 that are.
    #[test]
    fn latin_capitals_are_the_upper_case_letters_of_their_blocks() {
        let upper = regex(r"^\p{Lu}$");
        for c in (0..=0xFF).filter_map(char::from_u32) {
            let text = format!("00.00.00-{c}00-1-22");
            let expected = upper.is_match(c.encode_utf8(&mut [0; 4]));
            assert_eq!(journal_number(&text) == Scan::Match(()), expected, "{c:?}");
        }
    }

    #[test]
    fn readers_on_examples() {
        assert_eq!(numbered_heading("3. Titel"), Scan::Match(("3", "Titel")));
        assert_eq!(numbered_heading("1234. Titel"), Scan::NoMatch);
        assert_eq!(numbered_entry("12 Titel"), Scan::Match(("12", "Titel")));
        assert_eq!(group_line("B. Sager til afgørelse"), Scan::Match('B'));
        assert_eq!(group_line("B. Øvrige"), Scan::Unsure);
        assert_eq!(
            page_number("B-sag: Titel.....\t4"),
            Scan::Match(("B-sag: Titel", "4"))
        );
        assert_eq!(page_number("Titel\t12"), Scan::Match(("Titel", "12")));
        assert_eq!(page_number("Titel 12"), Scan::NoMatch);
        assert_eq!(trailing_leaders("Titel ... "), Some(5));
        assert_eq!(punkt_rest(" 7 - Titel", false), Scan::Match(("7", "Titel")));
        assert_eq!(punkt_rest(" 8-10 gennemgås", false), Scan::NoMatch);
        assert_eq!(
            access_line("Åbent - 27.00.00-G01-130-16"),
            Scan::Match(("Åbent", Some("27.00.00-G01-130-16")))
        );
        assert_eq!(access_line("Lukket punkt"), Scan::Match(("Lukket", None)));
        assert_eq!(access_line("Åbent sagsnr"), Scan::NoMatch);
        assert_eq!(case_number_line("27.00.00-A00-12-23"), Scan::Match(()));
        assert_eq!(
            case_number_line("Sagsnr.: 27.00.00-A00-12-23"),
            Scan::Match(())
        );
        assert_eq!(
            case_number_line("J. nr 27.00.00-A00-12-23"),
            Scan::Match(())
        );
        assert_eq!(case_number_line("27.00.00-A00-12-23456"), Scan::NoMatch);
        assert_eq!(case_number_line("27.00.00-Ø00-12-23"), Scan::Match(()));
        assert_eq!(case_number_line("27.00.00-Ā00-12-23"), Scan::Unsure);
    }
}
