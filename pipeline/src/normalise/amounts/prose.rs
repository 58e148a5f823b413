//! Amounts in running text: a Danish number (or a range of two) followed by its unit —
//! "kr.", "t.kr."/"tkr.", "mio. kr.", "mia. kr.", "millioner kroner" — or by a bare "mio."/
//! "mia." where the sentence is about kroner.
//!
//! Requiring a unit is what keeps years, percentages, dates, case numbers, counts and "§ 18"
//! out: none of them is followed by "kr." or "mio.". The bare scale is the one risky case
//! ("1,2 mio. borgere"), so it must pass two checks (see [`bare_scale_is_money`]).

#[cfg(test)]
use std::sync::LazyLock;

#[cfg(test)]
use regex::Regex;
use rust_decimal::Decimal;

use super::groups::{self, Groups, Unit};
use super::headers::Step::{Boundary, Char};
use super::headers::{self, ascii_firsts, bounded, steps, Alternatives, Firsts};
use super::number::{is_minus, parse_danish_number, scaled};
use super::sentence::{is_approximate, Sentences};
use super::{AmountValue, FloorCharBoundary as _};
use crate::classes::is_word_char;

/// An amount found in running text; byte offsets into the text searched.
#[derive(Debug, Clone, PartialEq)]
pub struct ProseAmount {
    pub start: usize,
    pub end: usize,
    pub value: AmountValue,
    pub approximate: bool,
}

// The patterns below are case-insensitive (`(?i)`), but their Unicode classes `\d`, `\w` and
// `[^\S\n]` are marked case-sensitive (`(?-i:...)`): these classes have no case, so the folded
// class is the same set (checked char by char for all of Unicode), but folding them made
// compiling AMOUNT and SHARED_UNIT_BEFORE cost ~60 ms per run, more than they then search.

/// A Danish number: grouped thousands first, so "225.000" is not read as "225".
#[cfg_attr(not(test), allow(dead_code))]
const NUMBER: &str = r"(?-i:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)";
/// Spaces, and at most one line break (a PDF wrap inside "1,0 mio.\nkr.").
#[cfg_attr(not(test), allow(dead_code))]
const GAP: &str = r"(?-i:[^\S\n]*(?:\n[^\S\n]*)?)";
#[cfg_attr(not(test), allow(dead_code))]
const CURRENCY: &str = r"kr(?-u:\b)\.?|kroner(?-u:\b)|dkk(?-u:\b)";

/// The amount pattern, as the regex the hand-written reader in [`groups`] follows and is
/// tested against.
///
/// Word boundaries are ASCII (`(?-u:\b)`): Unicode ones make the regex engine give up its fast
/// path on Danish text. A unit glued to a Danish letter ("kræver") is caught by
/// [`unit_is_a_whole_word`] instead.
#[cfg(test)]
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    let number_or_range = [
        r"(?P<sign>[-−–]|÷(?-i:[^\S\n])?)?(?P<low>",
        NUMBER,
        r")(?:,-)?(?:(?-i:[^\S\n])?[-–](?-i:[^\S\n])?(?P<high>",
        NUMBER,
        r")(?:,-)?)?\.?",
        GAP,
    ]
    .concat();
    let billion = [
        r"(?P<billion>mia(?-u:\b)\.?|milliard(?:er)?(?-u:\b))",
        GAP,
        "(?P<billion_cur>",
        CURRENCY,
        ")?",
    ]
    .concat();
    let million = [
        r"(?P<million>mio(?-u:\b)\.?|million(?:er)?(?-u:\b))",
        GAP,
        "(?P<million_cur>",
        CURRENCY,
        ")?",
    ]
    .concat();
    let thousand = concat!(
        r"(?P<thousand>t\.(?-i:[^\S\n])?kr(?-u:\b)\.?|tkr(?-u:\b)\.?",
        r"|tusind(?:e)?(?-i:[^\S\n])+(?:kr(?-u:\b)\.?|kroner(?-u:\b)))",
    );
    let pattern =
        format!("(?i){number_or_range}(?:{billion}|{million}|{thousand}|(?P<kroner>{CURRENCY}))");
    Regex::new(&pattern).expect("amount regex")
});

/// The index of each named group of [`AMOUNT`]: `Captures::name` hashes the name on every
/// call, and a match is read with a dozen of them.
#[cfg(test)]
struct AmountGroups {
    sign: usize,
    low: usize,
    high: usize,
    billion: usize,
    billion_cur: usize,
    million: usize,
    million_cur: usize,
    thousand: usize,
    kroner: usize,
}

#[cfg(test)]
static AMOUNT_GROUPS: LazyLock<AmountGroups> = LazyLock::new(|| {
    let index = |name: &str| {
        AMOUNT
            .capture_names()
            .position(|n| n == Some(name))
            .expect("a group of AMOUNT")
    };
    AmountGroups {
        sign: index("sign"),
        low: index("low"),
        high: index("high"),
        billion: index("billion"),
        billion_cur: index("billion_cur"),
        million: index("million"),
        million_cur: index("million_cur"),
        thousand: index("thousand"),
        kroner: index("kroner"),
    }
});

/// A number just before "og"/"eller" (or "," in a list) that shares the unit written after
/// the next number: "henholdsvis 16 og 15 mio. kr.", "mellem 2 og 3 mio. kr.". The pattern
/// [`shared_unit_match`] reads by hand and is tested against.
#[cfg(test)]
static SHARED_UNIT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = [
        r"(?i)(?:^|(?-i:[^\d.,\w]))(?P<word>(?-i:\w)+\.?)?(?-i:[^\S\n])*(?P<sign>[-−–÷])?",
        r"(?P<number>",
        NUMBER,
        r")(?-i:[^\S\n])*(?P<sep>,|og|eller)(?-i:[^\S\n])+$",
    ]
    .concat();
    Regex::new(&pattern).expect("shared unit regex")
});

/// A unit declaration, not an amount: "(i 1.000 kr.)", "beløb i 1.000 kr." at a line's end.
/// The pattern [`declares_a_unit`] reads by hand and is tested against.
#[cfg(test)]
static UNIT_DECLARATION_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:\(|\bi|\bbeløb)[^\S\n]*$").expect("unit regex"));

/// Whether [`UNIT_DECLARATION_BEFORE`] matches `before`, read by hand (the regex's Unicode `\b`
/// cost ~2.4 M instructions to build per run, for a test asked of a few numbers).
///
/// The match ends the text (`$` without `(?m)`) after `[^\S\n]*` (`\s` is White_Space, as
/// `char::is_whitespace`), and each alternative ends with a char that is not whitespace, so it
/// ends where the text's last run of such blanks starts. `\b` before "i" or "beløb" is a word
/// char (`\w`, [`is_word_char`]) on one side only: the word starts the text or follows a char
/// that is not one. Under `(?i)` 'i', 'b', 'e', 'l' and 'ø' fold only with their other case (a
/// test checks every char).
fn declares_a_unit(before: &str) -> bool {
    let body = before.trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    if body.ends_with('(') {
        return true;
    }
    let starts_a_word = |at: usize| !body[..at].chars().next_back().is_some_and(is_word_char);
    let ends_with_folded = |word: &str| {
        let mut chars = body.char_indices().rev();
        for w in word.chars().rev() {
            match chars.next() {
                Some((_, c)) if fold_unit_letter(c) == w => {}
                _ => return None,
            }
        }
        Some(chars.next().map_or(0, |(i, c)| i + c.len_utf8()))
    };
    ["i", "beløb"]
        .iter()
        .any(|word| ends_with_folded(word).is_some_and(starts_a_word))
}

/// The letters of "i" and "beløb" in lower case, as `(?i)` folds them; any other char as it is.
fn fold_unit_letter(c: char) -> char {
    if c == 'Ø' {
        'ø'
    } else {
        c.to_ascii_lowercase()
    }
}

/// Words that make a sentence about money, for a bare "mio."/"mia.": the pattern
/// [`names_money_words`] reads by hand and is tested against.
#[cfg(test)]
static MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\bkr\b|kroner|\bdkk\b|budget|bevill|bevilg|tilskud|pulje|udgift|forbrug|",
        r"besparelse|spare|finansier|beløb|midler|kassetræk|provenu|omkostning|indtægt|",
        r"underskud|overskud|ubalance|afsat|afsætte|donation|donere|gevinst|betal|\bløn",
    ))
    .expect("money words regex")
});

/// [`MONEY_WORDS`] as steps for [`headers::matches`] (its Unicode `\b` cost ~2.4 M
/// instructions to build per run; the walk compares chars in their case fold and asks `\b` as
/// the regex does, see [`headers`]).
const MONEY_WORD_STEPS: Alternatives = &[
    &bounded::<4>("kr"),
    &steps::<6>("kroner"),
    &bounded::<5>("dkk"),
    &steps::<6>("budget"),
    &steps::<6>("bevill"),
    &steps::<6>("bevilg"),
    &steps::<7>("tilskud"),
    &steps::<5>("pulje"),
    &steps::<6>("udgift"),
    &steps::<7>("forbrug"),
    &steps::<10>("besparelse"),
    &steps::<5>("spare"),
    &steps::<9>("finansier"),
    &steps::<5>("beløb"),
    &steps::<6>("midler"),
    &steps::<9>("kassetræk"),
    &steps::<7>("provenu"),
    &steps::<10>("omkostning"),
    &steps::<7>("indtægt"),
    &steps::<9>("underskud"),
    &steps::<8>("overskud"),
    &steps::<8>("ubalance"),
    &steps::<5>("afsat"),
    &steps::<7>("afsætte"),
    &steps::<8>("donation"),
    &steps::<6>("donere"),
    &steps::<7>("gevinst"),
    &steps::<5>("betal"),
    &[Boundary, Char('l'), Char('ø'), Char('n')],
];

/// Whether `text` matches [`MONEY_WORDS`].
fn names_money_words(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(MONEY_WORD_STEPS);
    headers::matches(MONEY_WORD_STEPS, &FIRSTS, text)
}

/// Words that may follow "5 mio." in a sentence about money; any other word ("borgere",
/// "indbyggere", "besøg") means the millions count something else.
const AFTER_BARE_SCALE: &[&str] = &[
    "i", "til", "fra", "og", "eller", "om", "pr", "per", "årligt", "årlig", "som", "for", "på",
    "ved", "med", "af", "mere", "mindre", "ekstra", "over", "under", "mod", "samt", "inden",
    "efter", "end", "hvilket", "der", "heraf", "netto", "brutto", "svarende", "fordelt", "hvert",
    "frem", "hhv", "mens", "men", "kan", "skal", "vil", "er", "var", "blev", "bliver",
];

/// Words before a number that make it not an amount even if a unit follows a later number.
const NOT_AN_AMOUNT_BEFORE: &[&str] = &[
    "§", "nr.", "nr", "kl.", "kl", "model", "punkt", "pkt.", "side", "s.", "tabel", "bilag",
    "gruppe", "trin", "fase",
];

/// Whether a line is blank: only ' ', '\t' or '\r' (a subset of the `[^\S\n]` that [`GAP`]
/// allows, so a line this misses only makes a paragraph longer).
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Whether the unit word at `at` can be (part of) the unit of a match of [`AMOUNT`], judged by
/// the char before it. In a match the unit follows the number, its `,-`, a range's high end,
/// the optional `.` and [`GAP`], so the char before a unit is a digit (`\d`, which
/// `is_numeric` covers), `-` (of `,-`), `.` or whitespace (`[^\S\n]` or the line break of
/// [`GAP`]). A unit word that starts inside the unit: "kr" of "t.kr."/"t. kr." (after `.` or
/// whitespace), of "tkr." (after `t`, any case) and of "tusind kr."/"tusinde kroner" (after
/// whitespace). Every match therefore holds a unit word this accepts (the first one in it:
/// nothing before it in the match is a letter of a unit word, so `find_iter` does not skip it
/// as part of an earlier unit word); the words it turns away ("sikre", "krav", "miljø") cannot
/// be where a match's unit starts.
fn may_start_a_unit(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_numeric() || c.is_whitespace() || matches!(c, '.' | '-' | 't' | 'T'))
}

/// Whether a char may stand in a match of [`AMOUNT`] before the first unit word in it: the
/// sign (`[-−–÷]`), digits (`\d` ⊂ `is_numeric`), `.`, `,`, `-` and `–` of a number, its `,-`
/// and a range, whitespace of [`GAP`] and of a range, and the letters before "kr" in the
/// thousands units "t.kr.", "tkr." and "tusinde kr." with their `(?i)` case variants (`ſ`
/// folds with `s`). Anything else ends a walk back from a unit word.
fn may_precede_a_unit(c: char) -> bool {
    c.is_numeric()
        || c.is_whitespace()
        || matches!(c, '.' | ',' | '-' | '–' | '−' | '÷' | 'ſ')
        || matches!(
            c.to_ascii_lowercase(),
            't' | 'u' | 's' | 'i' | 'n' | 'd' | 'e'
        )
}

/// Whether a match of [`AMOUNT`] may start at byte `at`: a char starts there and it is a
/// sign (`[-−–÷]`) or numeric (`\d` ⊂ `is_numeric`), the only chars a match starts with (the
/// optional sign, then the low number's first digit; `(?i)` folds none of them with another
/// char). [`groups::match_at`] finds nothing at any other start, only later and at more cost.
fn may_start_a_match(paragraph: &str, at: usize) -> bool {
    paragraph.is_char_boundary(at)
        && paragraph[at..]
            .chars()
            .next()
            .is_some_and(|c| c.is_numeric() || matches!(c, '-' | '−' | '–' | '÷'))
}

/// Where a match holding the unit word at `at` could start at the earliest: back from `at`
/// over the chars [`may_precede_a_unit`] accepts, but not before `floor`.
fn earliest_start(text: &str, floor: usize, at: usize) -> usize {
    let head = &text[floor..at];
    head.char_indices()
        .rev()
        .take_while(|&(_, c)| may_precede_a_unit(c))
        .last()
        .map_or(at, |(i, _)| floor + i)
}

/// Where the paragraph holding `at` starts:/// Where the paragraph holding `at` starts: at the last line break at or after `floor` that
/// closes a blank line, or at `floor`.
fn paragraph_start(text: &str, floor: usize, at: usize) -> usize {
    let head = &text[floor..at];
    let mut lines = head.rsplit('\n');
    // Just after the line break that ends the line `lines` gives next.
    let mut after_break = head.len() - lines.next().map_or(0, str::len);
    for line in lines {
        if is_blank(line) {
            return floor + after_break - 1;
        }
        after_break -= line.len() + 1;
    }
    floor
}

/// Where the paragraph holding `at` ends: at the first line break after it that closes a blank
/// line, or at the end of the text.
fn paragraph_end(text: &str, at: usize) -> usize {
    let tail = &text[at..];
    let mut lines = tail.split('\n');
    // The line break before the line `lines` gives next.
    let mut line_break = lines.next().map_or(0, str::len);
    for line in lines {
        let next_break = line_break + 1 + line.len();
        if next_break < tail.len() && is_blank(line) {
            return at + next_break;
        }
        line_break = next_break;
    }
    text.len()
}

/// Every amount in `text`, in order.
///
/// The same matches as `AMOUNT.captures_iter` over each paragraph that holds a unit word
/// [`may_start_a_unit`] accepts (and so over the whole text: a paragraph ends before a line
/// break that closes a blank line, and no match of [`AMOUNT`] holds such a break: a line break
/// is allowed only inside [`GAP`], after a number or a scale word and blanks, and never right
/// after another line break; the pattern looks at nothing before a match, and `(?-u:\b)` after
/// a unit sees the line break as it sees the end of a paragraph, as no word character), but
/// searched from near each unit word instead of byte by byte through the paragraph.
///
/// Why the matches are the same: `captures_iter` finds the leftmost match at or after the end
/// of the previous one (`pos`). Here the search starts at the [`earliest_start`] of the first
/// accepted unit word at or after `pos` (`captures_at` sees the whole paragraph, so only the
/// start differs). No match starts between `pos` and there: such a match would hold an
/// accepted unit word at or after `pos` (see [`may_start_a_unit`]), so at or after the first
/// one, with only chars [`may_precede_a_unit`] accepts before it in the match; a unit word
/// starts with none of those, so that word is the first one, and the walk back from it passes
/// the match's start.
///
/// The match is not searched for with the regex but tried at each start from there up to the
/// unit word by [`groups::match_at`], which reads the pattern by hand (and gives its groups):
/// the leftmost match is the one at the first start where one is found. The regex itself
/// serves the tests, which compare the two.
pub fn find(text: &str, unit_words: &[usize], sentences: &Sentences) -> Vec<ProseAmount> {
    let mut found = Vec::new();
    let units: Vec<usize> = unit_words
        .iter()
        .copied()
        .filter(|&at| may_start_a_unit(text, at))
        .collect();
    let mut next = 0;
    // Where the previous paragraph ended: a line break closing a blank line, or 0.
    let mut floor = 0;
    while let Some(&at) = units.get(next) {
        let (from, to) = (paragraph_start(text, floor, at), paragraph_end(text, at));
        let paragraph = &text[from..to];
        // End of the last match, in the paragraph.
        let mut pos = 0;
        while let Some(&unit) = units.get(next).filter(|&&u| u < to) {
            next += 1;
            let unit = unit - from;
            if unit < pos {
                continue;
            }
            let start = earliest_start(paragraph, pos, unit);
            // The leftmost match at or after `start` starts at or before this unit word, or it
            // holds a later one (see above): each start up to the word is tried in turn, and
            // if none holds a match the walk goes on to the next word (no match starts before
            // it then; a match never starts at a unit word's letter).
            let first = (start..=unit)
                .filter(|&s| may_start_a_match(paragraph, s))
                .find_map(|s| groups::match_at(paragraph, s).map(|(end, g)| (s, end, g)));
            if let Some((match_start, match_end, groups)) = first {
                pos = match_end;
                let whole = (match_start, match_end);
                read_match(text, from, whole, groups, sentences, &mut found);
            }
        }
        floor = to;
    }
    found.sort_by_key(|a| a.start);
    found
}

/// The bounds of the match of [`AMOUNT`] at or after `start`, for the tests of
/// [`groups::read`].
#[cfg(test)]
pub(super) fn amount_match_at(text: &str, start: usize) -> Option<(usize, usize)> {
    AMOUNT.find_at(text, start).map(|m| (m.start(), m.end()))
}

/// The groups of the match of [`AMOUNT`] at or after `start`, asked of the regex: what the
/// tests compare [`groups`] with.
#[cfg(test)]
pub(super) fn groups_by_captures(paragraph: &str, start: usize) -> Option<Groups> {
    let caps = AMOUNT.captures_at(paragraph, start)?;
    let g = &*AMOUNT_GROUPS;
    let at = |i: usize| caps.get(i).map(|m| (m.start(), m.end()));
    let unit = if caps.get(g.billion).is_some() {
        Unit::Billion {
            currency: caps.get(g.billion_cur).is_some(),
        }
    } else if caps.get(g.million).is_some() {
        Unit::Million {
            currency: caps.get(g.million_cur).is_some(),
        }
    } else if caps.get(g.thousand).is_some() {
        Unit::Thousand
    } else if caps.get(g.kroner).is_some() {
        Unit::Kroner
    } else {
        return None;
    };
    Some(Groups {
        sign: at(g.sign).map(|(s, _)| s),
        low: at(g.low)?,
        high: at(g.high),
        unit,
    })
}

/// Adds what one match of [`AMOUNT`] (`whole`, in the paragraph at `offset`, with its
/// `groups`) says to `found`.
fn read_match(
    text: &str,
    offset: usize,
    whole: (usize, usize),
    groups: Groups,
    sentences: &Sentences,
    found: &mut Vec<ProseAmount>,
) {
    let whole_start = offset + whole.0;
    let low_text = &text[offset + groups.low.0..offset + groups.low.1];
    let low_start = offset + groups.low.0;
    let mut start = whole_start;
    let mut negative = false;
    if let Some(sign) = groups.sign {
        if sign_is_a_minus(text, offset + sign) {
            negative = true;
        } else {
            start = low_start;
        }
    }
    if !number_stands_alone(text, start) {
        return;
    }
    let raw_end = whole_start + text[whole_start..offset + whole.1].trim_end().len();
    if !unit_is_a_whole_word(text, raw_end) {
        return;
    }
    let scale = match groups.unit {
        Unit::Billion { .. } => Decimal::from(1_000_000_000_i64),
        Unit::Million { .. } => Decimal::from(1_000_000_i64),
        Unit::Thousand => Decimal::from(1_000_i64),
        Unit::Kroner => Decimal::ONE,
    };
    let bare_scale = matches!(
        groups.unit,
        Unit::Billion { currency: false } | Unit::Million { currency: false }
    );
    if bare_scale && !bare_scale_is_money(text, sentences, start, raw_end) {
        return;
    }
    if groups.unit == Unit::Kroner
        && groups.high.is_none()
        && is_unit_declaration(text, start, raw_end, low_text)
    {
        return;
    }
    let mut low_text = low_text.to_string();
    if groups.high.is_none() && !negative {
        if let Some((grouped_start, digits)) = space_grouped(text, low_start, &low_text) {
            start = grouped_start;
            low_text = digits;
        }
    }
    let Some(low_value) = value_of(&low_text, negative, scale) else {
        return;
    };
    let value = match groups.high {
        Some((s, e)) => match value_of(&text[offset + s..offset + e], negative, scale) {
            Some(high_value) => AmountValue::Range(low_value, high_value),
            None => return,
        },
        None => AmountValue::Exact(low_value),
    };
    let shared = shared_unit_numbers(text, start, scale, found);
    let approximate_before = |at: usize| {
        is_approximate(&text[text.floor_char_boundary_compat(at.saturating_sub(40))..at])
    };
    match shared {
        SharedUnit::Range {
            start: range_start,
            low: range_low,
        } => {
            let high = match value {
                AmountValue::Exact(v) => v,
                AmountValue::Range(_, h) => h,
            };
            found.push(ProseAmount {
                start: range_start,
                end: raw_end,
                value: AmountValue::Range(range_low, high),
                approximate: approximate_before(range_start),
            });
        }
        SharedUnit::List(earlier) => {
            for (s, e, v) in earlier {
                found.push(ProseAmount {
                    start: s,
                    end: e,
                    value: AmountValue::Exact(v),
                    approximate: approximate_before(s),
                });
            }
            found.push(ProseAmount {
                start,
                end: raw_end,
                value,
                approximate: approximate_before(start),
            });
        }
    }
}

/// "1 500 000 kr.": thousands grouped by spaces, as some writers do. When the three digits at
/// `start` are the last group of such a number, its start and its digits; None otherwise (a
/// 4-digit token before them, "i 2023 500 kr.", is a year, not a group).
fn space_grouped(text: &str, start: usize, digits: &str) -> Option<(usize, String)> {
    if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut begin = start;
    let mut groups = vec![digits];
    while let Some(before) = text[..begin].strip_suffix(' ') {
        let token_start = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let token = &before[token_start..];
        if token.is_empty() || token.len() > 3 || !number_stands_alone(text, token_start) {
            break;
        }
        groups.push(token);
        begin = token_start;
        if token.len() < 3 {
            break;
        }
    }
    if groups.len() == 1 {
        return None;
    }
    groups.reverse();
    Some((begin, groups.concat()))
}

/// The unit must end the word: "5 kr." and "5 kr" but not "5 kræver".
fn unit_is_a_whole_word(text: &str, end: usize) -> bool {
    !text[end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
}

/// A '-' is a minus only where a number could start: at the start, after a space, a tab or
/// "(". Glued to a word ("COVID-19") it is a hyphen.
fn sign_is_a_minus(text: &str, sign_start: usize) -> bool {
    let first = text[sign_start..].chars().next();
    if !first.is_some_and(is_minus) {
        return false;
    }
    match text[..sign_start].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || c == '(',
    }
}

/// The number must not be the tail of something longer: "A21", "1.5" (an English decimal
/// we do not read) or "12.34".
fn number_stands_alone(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some('.' | ',' | '/') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

fn value_of(number: &str, negative: bool, scale: Decimal) -> Option<Decimal> {
    let value = parse_danish_number(number)?;
    scaled(if negative { -value } else { value }, scale)
}

/// "mio." without "kr." counts only when the sentence is about money and the word after it is
/// not a noun of its own ("1,2 mio. borgere").
fn bare_scale_is_money(text: &str, sentences: &Sentences, start: usize, end: usize) -> bool {
    let next_word: String = text[end..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    if let Some(first) = next_word.chars().next() {
        if first.is_lowercase() && !AFTER_BARE_SCALE.contains(&next_word.as_str()) {
            return false;
        }
    }
    let (sentence_start, sentence_end) = sentences.around(start, end);
    let sentence = &text[sentence_start..sentence_end];
    let outside = format!(
        "{}{}",
        &text[sentence_start..start],
        &text[end..sentence_end]
    );
    names_money_words(&outside) || (sentence.contains("kr") && names_money_words(sentence))
}

/// "i 1.000 kr." or "(1.000 kr.)" at the end of a line or cell states the unit of a table.
fn is_unit_declaration(text: &str, start: usize, end: usize, number: &str) -> bool {
    if number != "1.000" && number != "1000" {
        return false;
    }
    let after = text[end..].trim_start_matches([' ']);
    let closes = after.is_empty() || after.starts_with([')', '\t', '\n', ':']);
    let before = &text[text.floor_char_boundary_compat(start.saturating_sub(12))..start];
    closes && declares_a_unit(before)
}

enum SharedUnit {
    /// "mellem 2 og 3 mio. kr.": one range from the first number.
    Range { start: usize, low: Decimal },
    /// "16 og 15 mio. kr.": earlier numbers (start, end, value) that take the same unit.
    List(Vec<(usize, usize, Decimal)>),
}

/// Numbers before `start` that share its unit (see [`SHARED_UNIT_BEFORE`]).
fn shared_unit_numbers(
    text: &str,
    start: usize,
    scale: Decimal,
    found: &[ProseAmount],
) -> SharedUnit {
    let mut earlier = Vec::new();
    let mut cursor = start;
    let floor = found.last().map_or(0, |a| a.end);
    loop {
        let window_start = text
            .floor_char_boundary_compat(cursor.saturating_sub(60))
            .max(floor);
        if window_start >= cursor {
            break;
        }
        let window = &text[window_start..cursor];
        if !may_share_a_unit(window) {
            break;
        }
        let Some(caps) = shared_unit_match(window) else {
            break;
        };
        let separator = caps.separator.to_lowercase();
        if earlier.is_empty() && separator == "," {
            break;
        }
        if !earlier.is_empty() && separator != "," {
            break;
        }
        let (number_at, number_end) = caps.number;
        let number = &window[number_at..number_end];
        let word = caps.word.map(|(s, e)| window[s..e].to_lowercase());
        if word
            .as_deref()
            .is_some_and(|w| NOT_AN_AMOUNT_BEFORE.contains(&w))
        {
            break;
        }
        if looks_like_a_year(number) {
            break;
        }
        let negative = caps.sign.is_some();
        let number_start = window_start + caps.sign.unwrap_or(number_at);
        let number_end = window_start + number_end;
        let Some(value) = value_of(number, negative, scale) else {
            break;
        };
        if word.as_deref() == Some("mellem") && separator == "og" && earlier.is_empty() {
            return SharedUnit::Range {
                start: number_start,
                low: value,
            };
        }
        earlier.push((number_start, number_end, value));
        cursor = number_start;
    }
    earlier.reverse();
    SharedUnit::List(earlier)
}

/// The groups of a match of [`SHARED_UNIT_BEFORE`], as byte offsets into the window.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SharedUnitGroups<'w> {
    word: Option<(usize, usize)>,
    /// Where the sign starts, if there is one.
    sign: Option<usize>,
    number: (usize, usize),
    separator: &'w str,
}

/// Whether a char is in `[^\S\n]`: whitespace (`\s` is White_Space, as `char::is_whitespace`)
/// other than a line break.
fn is_blank_in_line(c: char) -> bool {
    c.is_whitespace() && c != '\n'
}

/// The groups of the match of [`SHARED_UNIT_BEFORE`] in `window`, read by hand: the pattern's
/// Unicode `\w` made it cost ~5.7 M instructions to build and ~110,000 to run (its capture
/// engine) per window.
///
/// The match ends the window (`$` without `(?m)`), so its tail is fixed: `[^\S\n]+` is the
/// window's last run of blanks (at least one), the separator (',', "og", "eller": each ends
/// with a char that is not a blank, and `(?i)` folds their letters only with ASCII capitals) ends
/// where that run starts, and the number, which ends with a digit, ends where the run of
/// blanks before the separator starts. Before the number, the pattern is tried as the regex
/// does, leftmost start first and each choice in its order: `^` before the char class at the
/// window's start, the word present (longest first) before absent. The rest cannot go two
/// ways: after a word a '.' must be taken by `\.?` (nothing after it can start with '.'), the
/// blanks before the sign or number all by `[^\S\n]*` (neither starts with a blank), and a
/// sign char by the sign (a number starts with a digit). The number is the rest up to its
/// end, when that is a [`NUMBER`] as a whole.
fn shared_unit_match(window: &str) -> Option<SharedUnitGroups<'_>> {
    let body = window.trim_end_matches(is_blank_in_line);
    if body.len() == window.len() {
        return None;
    }
    let ends_with = |word: &str| {
        body.len() >= word.len()
            && body.as_bytes()[body.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
    };
    let separator_len = [",", "og", "eller"]
        .into_iter()
        .find(|word| ends_with(word))?
        .len();
    let separator_start = body.len() - separator_len;
    let number_end = body[..separator_start]
        .trim_end_matches(is_blank_in_line)
        .len();
    let after_blanks = |at: usize| {
        at + (window[at..].len() - window[at..].trim_start_matches(is_blank_in_line).len())
    };
    // The groups when the word (if any) ends at `after_word`.
    let rest = |word: Option<(usize, usize)>, after_word: usize| {
        let mut at = after_blanks(after_word);
        let sign = window[at..]
            .chars()
            .next()
            .filter(|&c| matches!(c, '-' | '−' | '–' | '÷'))
            .map(|c| {
                let sign_at = at;
                at += c.len_utf8();
                sign_at
            });
        (at < number_end && is_a_number(&window[at..number_end])).then_some(SharedUnitGroups {
            word,
            sign,
            number: (at, number_end),
            separator: &window[separator_start..body.len()],
        })
    };
    // The groups with the word (when one can be there) or without, after the start at `from`.
    let after_start = |from: usize| {
        let word_run = window[from..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(window.len(), |(i, _)| from + i);
        let with_word = window[from..word_run]
            .char_indices()
            .rev()
            .map(|(i, c)| from + i + c.len_utf8())
            .find_map(|word_end| {
                let after_word = word_end + usize::from(window[word_end..].starts_with('.'));
                rest(Some((from, after_word)), after_word)
            });
        with_word.or_else(|| rest(None, from))
    };
    window
        .char_indices()
        .map(|(i, _)| i)
        .chain([window.len()])
        .find_map(|start| {
            let at_start = (start == 0).then(|| after_start(0)).flatten();
            at_start.or_else(|| {
                let c = window[start..].chars().next()?;
                let opens =
                    !groups::is_decimal_digit(c) && !matches!(c, '.' | ',') && !is_word_char(c);
                opens.then(|| after_start(start + c.len_utf8())).flatten()
            })
        })
}

/// Whether all of `text` is a match of [`NUMBER`]: `\d{1,3}(?:\.\d{3})+(?:,\d+)?` or
/// `\d+(?:,\d+)?` (`\d` as [`groups::is_decimal_digit`]).
fn is_a_number(text: &str) -> bool {
    let (whole, decimals) = match text.split_once(',') {
        Some((whole, decimals)) => (whole, Some(decimals)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.chars().all(groups::is_decimal_digit);
    if decimals.is_some_and(|d| !digits(d)) {
        return false;
    }
    let mut parts = whole.split('.');
    let first = parts.next().unwrap_or_default();
    let groups: Vec<&str> = parts.collect();
    if groups.is_empty() {
        return digits(first);
    }
    digits(first)
        && first.chars().count() <= 3
        && groups.iter().all(|g| digits(g) && g.chars().count() == 3)
}

/// Whether `window` ends the way every match of [`SHARED_UNIT_BEFORE`] ends: ',', "og" or
/// "eller" (`(?i)` folds these letters only with their ASCII capitals), then at least one
/// blank (`[^\S\n]+$`). Most amounts have none of these before them, and the pattern (Unicode
/// `\w`, captures) is slow to run.
fn may_share_a_unit(window: &str) -> bool {
    let body = window.trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    let ends_with = |word: &str| {
        body.len() >= word.len()
            && body.as_bytes()[body.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
    };
    body.len() < window.len() && (ends_with(",") || ends_with("og") || ends_with("eller"))
}

fn looks_like_a_year(number: &str) -> bool {
    number.len() == 4
        && number.bytes().all(|b| b.is_ascii_digit())
        && (number.starts_with("19") || number.starts_with("20"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::amounts::scan::Landmarks;
    use proptest::prelude::*;

    /// `find` as it was, asking the regex for each match and its groups.
    fn find_by_regex(text: &str, unit_words: &[usize], sentences: &Sentences) -> Vec<ProseAmount> {
        let mut found = Vec::new();
        let units: Vec<usize> = unit_words
            .iter()
            .copied()
            .filter(|&at| may_start_a_unit(text, at))
            .collect();
        let mut next = 0;
        let mut floor = 0;
        while let Some(&at) = units.get(next) {
            let (from, to) = (paragraph_start(text, floor, at), paragraph_end(text, at));
            let paragraph = &text[from..to];
            let mut pos = 0;
            while let Some(&unit) = units.get(next).filter(|&&u| u < to) {
                next += 1;
                let unit = unit - from;
                if unit < pos {
                    continue;
                }
                let start = earliest_start(paragraph, pos, unit);
                match AMOUNT.find_at(paragraph, start) {
                    Some(m) => {
                        pos = m.end();
                        let groups = groups_by_captures(paragraph, start).expect("groups");
                        let whole = (m.start(), m.end());
                        read_match(text, from, whole, groups, sentences, &mut found);
                    }
                    None => pos = paragraph.len(),
                }
            }
            floor = to;
        }
        found.sort_by_key(|a| a.start);
        found
    }

    /// The letters [`fold_unit_letter`] folds are folded by `(?i)` only as it says.
    #[test]
    fn unit_letters_fold_as_the_regex() {
        let class = Regex::new(r"(?i)^[ibelø]$").expect("class");
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let by_hand = "ibelø".contains(fold_unit_letter(c));
            assert_eq!(class.is_match(c.encode_utf8(&mut [0; 4])), by_hand, "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The hand-read unit declaration answers as the regex.
        #[test]
        fn declares_a_unit_as_the_regex(
            before in r"(\(|i|I|beløb|BELØB|BeLøB|b|elø|x|æ|_|1|[ \t\n\u{a0}]|\.|İ|ı){0,8}",
        ) {
            prop_assert_eq!(declares_a_unit(&before), UNIT_DECLARATION_BEFORE.is_match(&before));
        }
    }

    /// The groups of [`SHARED_UNIT_BEFORE`]'s match, asked of the regex.
    fn shared_unit_by_regex(window: &str) -> Option<SharedUnitGroups<'_>> {
        let caps = SHARED_UNIT_BEFORE.captures(window)?;
        let span = |name: &str| caps.name(name).map(|m| (m.start(), m.end()));
        Some(SharedUnitGroups {
            word: span("word"),
            sign: span("sign").map(|(s, _)| s),
            number: span("number").expect("number group"),
            separator: caps.name("sep").expect("sep group").as_str(),
        })
    }

    #[test]
    fn shared_unit_edges() {
        let windows = [
            "henholdsvis 16 og ",
            "mellem 2 og ",
            "a16 og ",
            "nr. 5 og ",
            "1.234.567,5 eller ",
            "1.2345 og ",
            "12,5, ",
            "(−4 og ",
            "x\n3 OG\t",
            "5 og",
            "٣ og ",
            "beløb 2,5 ELLER \u{a0}",
            "2023-2024 og ",
            "ab.cd 7 og ",
        ];
        for window in windows {
            assert_eq!(
                shared_unit_match(window),
                shared_unit_by_regex(window),
                "{window:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        /// The hand-read groups are the regex's.
        #[test]
        fn shared_unit_as_the_regex(
            window in concat!(
                r"([0-9]|[0-9]{3}|\.|,|-|−|–|÷|[ \t\n\u{a0}]|٣|²|og|OG|eller|Eller|a|æ|_|\(|nr",
                r"|mellem |\.000|1\.234|,5){0,14}",
            ),
        ) {
            prop_assert_eq!(shared_unit_match(&window), shared_unit_by_regex(&window));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The hand-read money words answer as the regex.
        #[test]
        fn money_words_as_the_regex(
            text in concat!(
                r"(kr|KR|\u{212A}r|kroner|dkk|DKK|budget|bevill|bevilg|tilskud|pulje|udgift",
                r"|forbrug|be\u{17F}parelse|spare|finansier|beløb|BELØB|midler|kassetræk|KASSETRÆK",
                r"|provenu|omkostning|indtægt|underskud|overskud|ubalance|afsat|afsætte|donation",
                r"|donere|gevinst|betal|løn|LØN|l|ø|n|k|r|d|æ|x|_|1|[ \t\n\u{a0}]|\.){0,10}",
            ),
        ) {
            prop_assert_eq!(names_money_words(&text), MONEY_WORDS.is_match(&text));
        }
    }

    const TEXT: &str = concat!(
        r"([0-9]|[0-9]{3}|\.|,|-|–|−|÷|,-|[ \t\n\u{a0}]|\n\n|٣|²|kr|KR|k|\u{212A}r|kroner",
        r"|dkk|mio|mia|million|millioner|milliard|milliarder|t\.|tkr|tusind|tusinde|\u{17F}",
        r"|er|e|a|_|x|budget|borgere|ca\. |mellem |og |nr\. |\(|i ){0,40}",
    );

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The hand-read matches give the amounts the regex's matches gave.
        #[test]
        fn find_as_by_regex(text in TEXT) {
            let units = Landmarks::of(&text).unit_words;
            let sentences = Sentences::new(&text);
            prop_assert_eq!(
                find(&text, &units, &sentences),
                find_by_regex(&text, &units, &sentences)
            );
        }

        /// At every start, a match is read by hand exactly when the regex has one starting
        /// there, with the same end and groups.
        #[test]
        fn match_at_as_the_regex(text in TEXT) {
            for start in (0..=text.len()).filter(|&s| text.is_char_boundary(s)) {
                let by_regex = AMOUNT
                    .find_at(&text, start)
                    .filter(|m| m.start() == start)
                    .map(|m| (m.end(), groups_by_captures(&text, start).expect("groups")));
                prop_assert_eq!(groups::match_at(&text, start), by_regex);
            }
        }
    }
}
