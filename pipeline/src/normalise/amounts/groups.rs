//! The groups of a match of the amount pattern ([`super::prose`]'s `AMOUNT`), read by hand
//! from the match's bounds.
//!
//! Asking the regex for capture groups ran its bounded backtracker over every match after the
//! DFA had found it: ~10 % of the amounts stage. The DFA gives the leftmost-first match
//! `start..end`; the groups are those of the highest-priority way through the pattern, which
//! (as that way ends at `end`) is also the highest-priority way that ends exactly at `end`.
//! [`read`] tries the ways through the pattern in the regex's priority order — alternatives
//! left to right, greedy repeats longest first, optional parts taken first — and returns the
//! groups of the first that ends at `end`.
//!
//! Chars are read as the pattern reads them: `\d` as `char::is_numeric` (inside the match
//! they are the same: every char of the match is consumed by some part of the pattern, and a
//! numeric char that is not a decimal digit fits no part, so none is in the match), `[^\S\n]`
//! as `char::is_whitespace` but not '\n' (both are Unicode White_Space), letters with the
//! `(?i)` folding of [`fold_letter`], and `(?-u:\b)` on the bytes of the whole haystack,
//! the way the regex sees it (the char after the match counts).

use std::sync::LazyLock;

use regex::Regex;

/// Which unit alternative matched, and whether a scale word has its currency after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Billion { currency: bool },
    Million { currency: bool },
    Thousand,
    Kroner,
}

/// The groups of one match; byte ranges in the haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Groups {
    pub sign: Option<usize>,
    pub low: (usize, usize),
    pub high: Option<(usize, usize)>,
    pub unit: Unit,
}

/// The Kelvin sign and the long s, which `(?i)` folds with 'k' and 's'.
const KELVIN: &str = "\u{212A}";
const LONG_S: &str = "\u{17F}";

/// The ASCII letter (lower case) that `(?i)` lets the char at `at` stand for, and the char's
/// length; None for chars that fold with no ASCII letter.
pub fn fold_letter(hay: &[u8], at: usize) -> Option<(u8, usize)> {
    let b = *hay.get(at)?;
    if b.is_ascii_alphabetic() {
        return Some((b.to_ascii_lowercase(), 1));
    }
    if hay[at..].starts_with(KELVIN.as_bytes()) {
        return Some((b'k', KELVIN.len()));
    }
    if hay[at..].starts_with(LONG_S.as_bytes()) {
        return Some((b's', LONG_S.len()));
    }
    None
}

/// Reads the pattern's parts at byte positions of `text`; nothing at or after `limit` is
/// consumed. A way through the whole pattern counts when it ends at `want`, or anywhere when
/// `want` is None.
#[derive(Clone, Copy)]
struct Reader<'h> {
    text: &'h str,
    limit: usize,
    want: Option<usize>,
}

impl<'h> Reader<'h> {
    fn char_at(self, at: usize) -> Option<char> {
        if at >= self.limit {
            return None;
        }
        self.text[at..self.limit].chars().next()
    }

    fn digit(self, at: usize) -> Option<usize> {
        self.char_at(at)
            .filter(|&c| is_decimal_digit(c))
            .map(|c| at + c.len_utf8())
    }

    fn blank(self, at: usize) -> Option<usize> {
        self.char_at(at)
            .filter(|&c| c.is_whitespace() && c != '\n')
            .map(|c| at + c.len_utf8())
    }

    fn byte(self, at: usize, byte: u8) -> Option<usize> {
        (at < self.limit && self.text.as_bytes()[at] == byte).then_some(at + 1)
    }

    fn word(self, at: usize, word: &[u8]) -> Option<usize> {
        let mut at = at;
        for &letter in word {
            match fold_letter(self.text.as_bytes(), at) {
                Some((l, len)) if l == letter && at + len <= self.limit => at += len,
                _ => return None,
            }
        }
        Some(at)
    }

    /// `(?-u:\b)` at `at`.
    fn boundary(self, at: usize) -> bool {
        let bytes = self.text.as_bytes();
        let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        word(at.checked_sub(1).and_then(|i| bytes.get(i))) != word(bytes.get(at))
    }

    /// The ends of a greedy run of `step` from `at` (each step `chars` chars long), longest
    /// first, down to `min` steps: found by walking forward once, then back char by char, so
    /// no list is built.
    fn run(
        self,
        at: usize,
        min: usize,
        max: usize,
        chars: usize,
        step: impl Fn(usize) -> Option<usize>,
    ) -> impl Iterator<Item = usize> + 'h {
        let (mut end, mut steps) = (at, 0);
        while steps < max {
            match step(end) {
                Some(next) => (end, steps) = (next, steps + 1),
                None => break,
            }
        }
        let text = self.text;
        let mut next_steps = Some(steps);
        std::iter::from_fn(move || {
            let steps = next_steps.filter(|&s| s >= min)?;
            let this = end;
            if steps > 0 {
                for _ in 0..chars {
                    end -= text[..end].chars().next_back().map_or(0, char::len_utf8);
                }
                next_steps = Some(steps - 1);
            } else {
                next_steps = None;
            }
            Some(this)
        })
    }

    fn digits(self, at: usize, min: usize, max: usize) -> impl Iterator<Item = usize> + 'h {
        self.run(at, min, max, 1, move |p| self.digit(p))
    }

    fn blanks(self, at: usize, min: usize) -> impl Iterator<Item = usize> + 'h {
        self.run(at, min, usize::MAX, 1, move |p| self.blank(p))
    }

    /// An optional part: its end when it is there (taken first), then `at` (left out).
    fn optional(taken: Option<usize>, at: usize) -> impl Iterator<Item = usize> {
        taken.into_iter().chain(std::iter::once(at))
    }

    /// `(?:,\d+)?` at `at`.
    fn decimals(self, at: usize) -> impl Iterator<Item = usize> + 'h {
        let digits = self
            .byte(at, b',')
            .map(move |after| self.digits(after, 1, usize::MAX));
        digits.into_iter().flatten().chain(std::iter::once(at))
    }

    /// NUMBER: `\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?`. Always inlined: out of line, its
    /// iterator (a large value) is copied out on every call, which cost more than the reading.
    #[inline(always)]
    fn number(self, at: usize) -> impl Iterator<Item = usize> + 'h {
        let group = move |p: usize| {
            let p = self.byte(p, b'.')?;
            let p = self.digit(p)?;
            let p = self.digit(p)?;
            self.digit(p)
        };
        let grouped = self
            .digits(at, 1, 3)
            .flat_map(move |head| self.run(head, 1, usize::MAX, 4, group))
            .flat_map(move |groups| self.decimals(groups));
        let plain = self
            .digits(at, 1, usize::MAX)
            .flat_map(move |digits| self.decimals(digits));
        grouped.chain(plain)
    }

    /// `(?:,-)?` at `at`.
    fn comma_dash(self, at: usize) -> impl Iterator<Item = usize> {
        Self::optional(self.byte(at, b',').and_then(|p| self.byte(p, b'-')), at)
    }

    /// GAP: `[^\S\n]*(?:\n[^\S\n]*)?`.
    fn gap(self, at: usize) -> impl Iterator<Item = usize> + 'h {
        self.blanks(at, 0).flat_map(move |blanks| {
            let wrapped = self.byte(blanks, b'\n').map(move |p| self.blanks(p, 0));
            wrapped.into_iter().flatten().chain(std::iter::once(blanks))
        })
    }

    /// `word(?-u:\b)`, and `\.?` after it when `dot`.
    fn unit_word(self, at: usize, word: &[u8], dot: bool) -> impl Iterator<Item = usize> {
        let end = self.word(at, word).filter(|&end| self.boundary(end));
        let with_dot = end.filter(|_| dot).and_then(|end| self.byte(end, b'.'));
        with_dot.into_iter().chain(end)
    }

    /// CURRENCY: `kr(?-u:\b)\.?|kroner(?-u:\b)|dkk(?-u:\b)`.
    fn currency(self, at: usize) -> impl Iterator<Item = usize> {
        self.unit_word(at, b"kr", true)
            .chain(self.unit_word(at, b"kroner", false))
            .chain(self.unit_word(at, b"dkk", false))
    }

    /// The first of `ends` where a way through the pattern counts.
    fn accept(self, mut ends: impl Iterator<Item = usize>) -> Option<usize> {
        ends.find(|&end| self.want.is_none_or(|want| want == end))
    }

    /// A scale word (`short(?-u:\b)\.?|long(?:er)?(?-u:\b)`), GAP and an optional currency:
    /// the first way that counts, as whether it took the currency and its end.
    fn scale(self, at: usize, short: &[u8], long: &[u8]) -> Option<(bool, usize)> {
        let long_end = self.word(at, long);
        let longer = long_end
            .and_then(|end| self.word(end, b"er"))
            .filter(|&end| self.boundary(end));
        let long_end = long_end.filter(|&end| self.boundary(end));
        let words = self
            .unit_word(at, short, true)
            .chain(longer)
            .chain(long_end);
        for word_end in words {
            for gap_end in self.gap(word_end) {
                if let Some(end) = self.accept(self.currency(gap_end)) {
                    return Some((true, end));
                }
                if let Some(end) = self.accept(std::iter::once(gap_end)) {
                    return Some((false, end));
                }
            }
        }
        None
    }

    /// `t\.[^\S\n]?kr\b\.?|tkr\b\.?|tusind(?:e)?[^\S\n]+(?:kr\b\.?|kroner\b)`: the end of
    /// the first way that counts.
    fn thousand(self, at: usize) -> Option<usize> {
        if let Some(dot) = self.word(at, b"t").and_then(|p| self.byte(p, b'.')) {
            for blank in Self::optional(self.blank(dot), dot) {
                if let Some(end) = self.accept(self.unit_word(blank, b"kr", true)) {
                    return Some(end);
                }
            }
        }
        if let Some(end) = self.accept(self.unit_word(at, b"tkr", true)) {
            return Some(end);
        }
        if let Some(tusind) = self.word(at, b"tusind") {
            for word_end in Self::optional(self.word(tusind, b"e"), tusind) {
                for blanks in self.blanks(word_end, 1) {
                    let ends = self
                        .unit_word(blanks, b"kr", true)
                        .chain(self.unit_word(blanks, b"kroner", false));
                    if let Some(end) = self.accept(ends) {
                        return Some(end);
                    }
                }
            }
        }
        None
    }

    /// The unit alternatives in order, after the number part ends at `at`: the first way that
    /// counts, and its end.
    fn unit(self, at: usize) -> Option<(Unit, usize)> {
        if let Some((currency, end)) = self.scale(at, b"mia", b"milliard") {
            return Some((Unit::Billion { currency }, end));
        }
        if let Some((currency, end)) = self.scale(at, b"mio", b"million") {
            return Some((Unit::Million { currency }, end));
        }
        if let Some(end) = self.thousand(at) {
            return Some((Unit::Thousand, end));
        }
        self.accept(self.currency(at))
            .map(|end| (Unit::Kroner, end))
    }

    /// The range part, taken: `[^\S\n]?[-–][^\S\n]?(?P<high>NUMBER)(?:,-)?` at `at`, as
    /// (end, high's bounds).
    fn range(self, at: usize) -> impl Iterator<Item = (usize, (usize, usize))> + 'h {
        let ways = Self::optional(self.blank(at), at).flat_map(move |b1| {
            let dash = self
                .byte(b1, b'-')
                .or_else(|| (self.char_at(b1) == Some('–')).then_some(b1 + '–'.len_utf8()));
            dash.into_iter().flat_map(move |dash| {
                Self::optional(self.blank(dash), dash).flat_map(move |b2| {
                    self.number(b2).flat_map(move |high_end| {
                        self.comma_dash(high_end)
                            .map(move |end| (end, (b2, high_end)))
                    })
                })
            })
        });
        ways
    }
}

/// The groups of the match `start..end` of the amount pattern in `text` (the haystack it was
/// found in); None if no way through the pattern spans exactly that.
pub fn read(text: &str, start: usize, end: usize) -> Option<Groups> {
    let reader = Reader {
        text,
        limit: end,
        want: Some(end),
    };
    way_from(reader, start).map(|(_, groups)| groups)
}

/// The match of the amount pattern that starts at `start` in `text` (a char boundary), if one
/// does: its end and groups, as the regex would report a match starting there (the first way
/// through the pattern in priority order, wherever it ends).
pub fn match_at(text: &str, start: usize) -> Option<(usize, Groups)> {
    let reader = Reader {
        text,
        limit: text.len(),
        want: None,
    };
    way_from(reader, start)
}

/// `\d`: a char of Unicode's decimal digits (general category Nd). ASCII digits answer at
/// once; other chars that are numbers at all (`is_numeric` holds for every Nd char, and for
/// other numbers such as '²' and '½') are asked of the regex crate's own `\d`, which is
/// compiled only when such a char first comes up.
#[inline]
pub(crate) fn is_decimal_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && is_non_ascii_decimal_digit(c))
}

/// [`is_decimal_digit`] for a non-ASCII char: kept out of line, so that the ASCII test is
/// inlined wherever a digit is read (the hot loops of [`Reader`] and of the years).
#[inline(never)]
fn is_non_ascii_decimal_digit(c: char) -> bool {
    static UNICODE_DIGIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d$").expect("digit regex"));
    c.is_numeric() && {
        let mut buffer = [0; 4];
        UNICODE_DIGIT.is_match(c.encode_utf8(&mut buffer))
    }
}

/// The first way through the pattern from `start` that `r` counts: its end and groups.
fn way_from(r: Reader<'_>, start: usize) -> Option<(usize, Groups)> {
    // `(?P<sign>[-−–]|÷[^\S\n]?)?`: a number starts with a digit, so a sign char at the start
    // is the sign, and a blank after '÷' is in it.
    let (sign, low_start) = match r.char_at(start) {
        Some(c @ ('-' | '−' | '–')) => (Some(start), start + c.len_utf8()),
        Some('÷') => {
            let after = start + '÷'.len_utf8();
            (Some(start), r.blank(after).unwrap_or(after))
        }
        _ => (None, start),
    };
    for low_end in r.number(low_start) {
        for p in r.comma_dash(low_end) {
            let ranged = r.range(p).map(|(end, high)| (end, Some(high)));
            for (q, high) in ranged.chain(std::iter::once((p, None))) {
                for dot in Reader::optional(r.byte(q, b'.'), q) {
                    for gap_end in r.gap(dot) {
                        if let Some((unit, end)) = r.unit(gap_end) {
                            let groups = Groups {
                                sign,
                                low: (low_start, low_end),
                                high,
                                unit,
                            };
                            return Some((end, groups));
                        }
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::prose::groups_by_captures;
    use super::*;
    use proptest::prelude::*;

    /// Every match of the amount pattern in `text`, read by hand and by the regex.
    fn both_ways(text: &str) -> Vec<(Option<Groups>, Option<Groups>)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = super::super::prose::amount_match_at(text, at) {
            out.push((read(text, m.0, m.1), groups_by_captures(text, at)));
            at = if m.1 > at { m.1 } else { at + 1 };
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
            if at > text.len() {
                break;
            }
        }
        out
    }

    #[test]
    fn reads_the_groups_of_every_kind_of_unit() {
        let text = "÷ 3,5 mio. kr. og 45-50 mio. og 1.200 tkr. samt 3 tusinde  kroner, \
                    2 milliarder DKK, 5.000,- kr, 1 t. kr., 7 mia\nkr. og 12,5 Kroner";
        let ways = both_ways(text);
        assert_eq!(ways.len(), 9);
        for (by_hand, by_regex) in ways {
            assert!(by_hand.is_some());
            assert_eq!(by_hand, by_regex);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn groups_as_by_captures(
            text in concat!(
                r"([0-9]|[0-9]{3}|\.|,|-|–|−|÷|,-|[ \t\n\u{a0}]|٣|²|kr|KR|k|\u{212A}r|kroner|dkk",
                r"|mio|mia|million|millioner|milliard|milliarder|t\.|tkr|tusind|tusinde|\u{17F}",
                r"|er|e|a|_|x){0,30}",
            ),
        ) {
            for (by_hand, by_regex) in both_ways(&text) {
                prop_assert!(by_hand.is_some());
                prop_assert_eq!(by_hand, by_regex);
            }
        }
    }
}
