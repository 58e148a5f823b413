//! One pass over a section's bytes for the words the amount finders start from: the unit
//! words of `(?i)kr|dkk|mi[ao]|mil` (where [`super::prose`] looks for amounts) and every
//! `(?i)kr` (where [`super::tables::find_flattened`] looks for unit lines).
//!
//! Both used to be regex searches over the whole section (a Teddy prefilter with ~50 case
//! variants, ~14 % of the amounts stage, plus the compilation of both patterns). Here sixteen
//! bytes at a time are tested for the letter pairs every match starts with; the few hits are
//! checked by hand.
//!
//! `(?i)` in these patterns folds exactly as [`fold_letter`] says: the ASCII letters with their
//! other case, and 'k' also with the Kelvin sign U+212A (3 bytes: E2 84 AA). No other char
//! folds with k, r, d, m, i, a, o or l (the test `folding_is_the_regex_folding` checks every
//! char against the regex crate).

/// The Kelvin sign, which Unicode case folding maps to 'k'.
const KELVIN: &[u8] = "\u{212A}".as_bytes();

/// The letters `(?i)` would let the char at `at` stand for, as a lower-case ASCII letter, and
/// its length in bytes; None for any other char. Only the letters of the patterns matter.
fn fold_letter(bytes: &[u8], at: usize) -> Option<(u8, usize)> {
    let b = *bytes.get(at)?;
    if b.is_ascii_alphabetic() {
        return Some((b.to_ascii_lowercase(), 1));
    }
    bytes[at..]
        .starts_with(KELVIN)
        .then_some((b'k', KELVIN.len()))
}

/// Whether the letters at `at` spell `word` (lower-case ASCII) under `(?i)`; the end if so.
fn spells(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let mut at = at;
    for &letter in word {
        match fold_letter(bytes, at) {
            Some((l, len)) if l == letter => at += len,
            _ => return None,
        }
    }
    Some(at)
}

/// The end of the match of `(?i)kr|dkk|mi[ao]|mil` starting at `at`, if one does. The four
/// alternatives start with different letters and "mi" goes on with different letters, so at
/// most one can match at a position and leftmost-first order does not matter.
fn unit_word_at(bytes: &[u8], at: usize) -> Option<usize> {
    spells(bytes, at, b"kr")
        .or_else(|| spells(bytes, at, b"dkk"))
        .or_else(|| {
            let after_mi = spells(bytes, at, b"mi")?;
            match fold_letter(bytes, after_mi) {
                Some((b'a' | b'o' | b'l', len)) => Some(after_mi + len),
                _ => None,
            }
        })
}

/// Where the words are in one text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Landmarks {
    /// The start of each match of `(?i)kr|dkk|mi[ao]|mil`, as `find_iter` gives them
    /// (leftmost-first, not overlapping). Every amount in running text holds one of these,
    /// with the same `(?i)` folding: "kr" (in "kr.", "t.kr.", "tkr.", "kroner"), "dkk",
    /// "mio", "mia" or "mil" (million, milliard).
    pub unit_words: Vec<usize>,
    /// (start, end) of each match of `(?i)kr`, in order.
    pub kr: Vec<(usize, usize)>,
    /// Whether the text holds a tab (a table row does): the same pass answers it, so the
    /// table reader need not search a text without one.
    pub holds_a_tab: bool,
}

impl Landmarks {
    pub fn of(text: &str) -> Landmarks {
        let bytes = text.as_bytes();
        let mut marks = Landmarks::default();
        // End of the last unit word: `find_iter` goes on searching from there.
        let mut unit_end = 0;
        marks.holds_a_tab = for_each_candidate(bytes, |at| {
            // "kr" is both a unit word and what `kr` lists; the other unit words start with
            // other letters, so the first letter says which test applies.
            match fold_letter(bytes, at) {
                Some((b'k', len)) => {
                    if let Some(end) = spells(bytes, at + len, b"r") {
                        marks.kr.push((at, end));
                        if at >= unit_end {
                            marks.unit_words.push(at);
                            unit_end = end;
                        }
                    }
                }
                Some((b'd' | b'm', _)) if at >= unit_end => {
                    if let Some(end) = unit_word_at(bytes, at) {
                        marks.unit_words.push(at);
                        unit_end = end;
                    }
                }
                _ => {}
            }
        });
        marks
    }
}

/// Whether a match of either pattern may start at byte `i`: its byte is 'k', 'd' or 'm' in
/// either case followed by 'r', 'k' or the Kelvin sign's lead byte, or 'i' (the second letters
/// of "kr", "dkk", "mi..."), or it is the Kelvin sign's first two bytes E2 84. A superset of
/// the match starts (every match starts with one of those letters, as one byte or as the
/// Kelvin sign, and goes on with the second letter's byte or, for a Kelvin 'k' in "dkk",
/// 0xE2). Only the second byte 0x84 leaves out the dashes, quotes and '…' (E2 80 ..), which
/// were most of the candidates that turned out to be nothing.
fn may_start(first: u8, second: u8) -> bool {
    let (f, s) = (first | 0x20, second | 0x20);
    (f == b'k' && s == b'r')
        || (f == b'd' && (s == b'k' || second == 0xE2))
        || (f == b'm' && s == b'i')
        || (first == 0xE2 && second == 0x84)
}

/// Calls `visit` with every byte position `i` where [`may_start`] holds (the byte after the
/// last one is taken as 0), in increasing order; returns whether `bytes` hold a tab.
fn for_each_candidate(bytes: &[u8], mut visit: impl FnMut(usize)) -> bool {
    let (scalar_from, mut tab) = candidates_simd(bytes, &mut visit);
    for i in scalar_from..bytes.len() {
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if may_start(bytes[i], next) {
            visit(i);
        }
        tab |= bytes[i] == b'\t';
    }
    tab
}

/// [`for_each_candidate`] thirty-two positions at a time where the CPU has AVX2, then sixteen;
/// returns where the scalar loop must go on (the end: the last block is read from a copy
/// padded with zeros, which match nothing and stand for the byte after the last) and whether
/// a tab was among the bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn candidates_simd(bytes: &[u8], visit: &mut impl FnMut(usize)) -> (usize, bool) {
    let (mut done, mut tab) = (0, false);
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, which is all `candidates_avx2` needs.
        (done, tab) = unsafe { candidates_avx2(bytes, visit) };
    }
    // SAFETY: `candidates_sse2` needs only SSE2, which this code is compiled with.
    let (more, more_tab) = unsafe { candidates_sse2(&bytes[done..], done, visit) };
    done += more;
    tab |= more_tab;
    if done < bytes.len() {
        // Fewer than seventeen bytes are left, or the loop would have gone on.
        let rest = &bytes[done..];
        let mut padded = [0; 17];
        padded[..rest.len()].copy_from_slice(rest);
        // SAFETY: as above.
        tab |= unsafe { candidates_sse2(&padded, done, visit) }.1;
    }
    (bytes.len(), tab)
}

/// [`candidates_sse2`] thirty-two positions at a time (from the start of `bytes`, while
/// thirty-three bytes are left), where the CPU has AVX2: the same test on twice the lanes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn candidates_avx2(bytes: &[u8], visit: &mut impl FnMut(usize)) -> (usize, bool) {
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256,
    };
    #[target_feature(enable = "avx2")]
    fn lane(byte: u8) -> __m256i {
        _mm256_set1_epi8(i8::from_ne_bytes([byte]))
    }
    #[target_feature(enable = "avx2")]
    fn load(chunk: &[u8]) -> __m256i {
        assert!(chunk.len() >= 32);
        // SAFETY: thirty-two bytes are there to read; `loadu` needs no alignment.
        unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) }
    }
    let (tab, kelvin_2) = (lane(b'\t'), lane(0x84));
    let mut tabs = _mm256_setzero_si256();
    let (case, k, r, d, m, i, lead) = (
        lane(0x20),
        lane(b'k'),
        lane(b'r'),
        lane(b'd'),
        lane(b'm'),
        lane(b'i'),
        lane(0xE2),
    );
    let mut at = 0;
    while at + 33 <= bytes.len() {
        let first = load(&bytes[at..at + 32]);
        let second = load(&bytes[at + 1..at + 33]);
        let f = _mm256_or_si256(first, case);
        let s = _mm256_or_si256(second, case);
        let kr = _mm256_and_si256(_mm256_cmpeq_epi8(f, k), _mm256_cmpeq_epi8(s, r));
        let dk = _mm256_and_si256(
            _mm256_cmpeq_epi8(f, d),
            _mm256_or_si256(_mm256_cmpeq_epi8(s, k), _mm256_cmpeq_epi8(second, lead)),
        );
        let mi = _mm256_and_si256(_mm256_cmpeq_epi8(f, m), _mm256_cmpeq_epi8(s, i));
        let kelvin = _mm256_and_si256(
            _mm256_cmpeq_epi8(first, lead),
            _mm256_cmpeq_epi8(second, kelvin_2),
        );
        tabs = _mm256_or_si256(tabs, _mm256_cmpeq_epi8(first, tab));
        let hits = _mm256_or_si256(_mm256_or_si256(kr, dk), _mm256_or_si256(mi, kelvin));
        let mut mask = _mm256_movemask_epi8(hits) as u32;
        while mask != 0 {
            visit(at + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        at += 32;
    }
    (at, _mm256_movemask_epi8(tabs) != 0)
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn candidates_simd(_bytes: &[u8], _visit: &mut impl FnMut(usize)) -> (usize, bool) {
    (0, false)
}

/// The blocks of sixteen positions of `bytes` that have seventeen bytes to read (the sixteenth
/// position's next byte): every position whose mask bit is set is visited in order, as
/// `base` plus the position; returns where the blocks end and whether a tab was among them.
/// The vector test is exactly [`may_start`] (`| 0x20` maps only the two cases of a letter onto
/// the lower-case one among these letters).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn candidates_sse2(bytes: &[u8], base: usize, visit: &mut impl FnMut(usize)) -> (usize, bool) {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_setzero_si128,
    };
    // The constant lanes made once: built inside the loop they cost more than the tests.
    let (tab, kelvin_2) = (lane(b'\t'), lane(0x84));
    let mut tabs = _mm_setzero_si128();
    let (case, k, r, d, m, i, lead) = (
        lane(0x20),
        lane(b'k'),
        lane(b'r'),
        lane(b'd'),
        lane(b'm'),
        lane(b'i'),
        lane(0xE2),
    );
    let mut at = 0;
    while at + 17 <= bytes.len() {
        let first = load(&bytes[at..at + 16]);
        let second = load(&bytes[at + 1..at + 17]);
        let f = _mm_or_si128(first, case);
        let s = _mm_or_si128(second, case);
        let kr = _mm_and_si128(_mm_cmpeq_epi8(f, k), _mm_cmpeq_epi8(s, r));
        let dk = _mm_and_si128(
            _mm_cmpeq_epi8(f, d),
            _mm_or_si128(_mm_cmpeq_epi8(s, k), _mm_cmpeq_epi8(second, lead)),
        );
        let mi = _mm_and_si128(_mm_cmpeq_epi8(f, m), _mm_cmpeq_epi8(s, i));
        let kelvin = _mm_and_si128(
            _mm_cmpeq_epi8(first, lead),
            _mm_cmpeq_epi8(second, kelvin_2),
        );
        tabs = _mm_or_si128(tabs, _mm_cmpeq_epi8(first, tab));
        let hits = _mm_or_si128(_mm_or_si128(kr, dk), _mm_or_si128(mi, kelvin));
        let mut mask = _mm_movemask_epi8(hits) as u32;
        while mask != 0 {
            visit(base + at + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        at += 16;
    }
    (at, _mm_movemask_epi8(tabs) != 0)
}

/// The bytes that may end a sentence ([`super::sentence`]): a line break, '.', '!', '?' and
/// 0xE2, the first byte of '…'.
pub const SENTENCE_MARKS: [u8; 5] = [b'\n', b'.', b'!', b'?', 0xE2];

/// The first position of `bytes` holding one of [`SENTENCE_MARKS`], sixteen bytes at a time.
pub fn first_sentence_mark(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while at + 16 <= bytes.len() {
        // SAFETY: `marks_sse2` needs only SSE2, which this code is compiled with.
        let mask = unsafe { marks_sse2(&bytes[at..at + 16]) };
        if mask != 0 {
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|b| SENTENCE_MARKS.contains(b))
        .map(|offset| at + offset)
}

/// The last position of `bytes` holding one of [`SENTENCE_MARKS`], sixteen bytes at a time
/// from the end.
pub fn last_sentence_mark(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while end >= 16 {
        // SAFETY: `marks_sse2` needs only SSE2, which this code is compiled with.
        let mask = unsafe { marks_sse2(&bytes[end - 16..end]) };
        if mask != 0 {
            return Some(end - 16 + (31 - mask.leading_zeros()) as usize);
        }
        end -= 16;
    }
    bytes[..end]
        .iter()
        .rposition(|b| SENTENCE_MARKS.contains(b))
}

/// One bit per byte of the sixteen in `block`: whether it is one of [`SENTENCE_MARKS`].
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn marks_sse2(block: &[u8]) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128};
    let bytes = load(block);
    let [a, b, c, d, e] = SENTENCE_MARKS.map(|m| _mm_cmpeq_epi8(bytes, lane(m)));
    let hits = _mm_or_si128(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)), e);
    _mm_movemask_epi8(hits) as u32
}

/// Calls `visit` with every position of `bytes` that holds `a` or `b` (neither 0), in
/// increasing order.
pub fn for_each_of_two(bytes: &[u8], a: u8, b: u8, mut visit: impl FnMut(usize)) {
    debug_assert!(a != 0 && b != 0);
    let scalar_from = two_simd(bytes, a, b, &mut visit);
    for (i, &byte) in bytes.iter().enumerate().skip(scalar_from) {
        if byte == a || byte == b {
            visit(i);
        }
    }
}

/// [`for_each_of_two`] sixteen bytes at a time; returns where the scalar loop must go on (the
/// end: the last block is read from a copy padded with zeros, which neither byte is).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn two_simd(bytes: &[u8], a: u8, b: u8, visit: &mut impl FnMut(usize)) -> usize {
    // SAFETY: `two_sse2` needs only SSE2, which this code is compiled with.
    let done = unsafe { two_sse2(bytes, a, b, 0, visit) };
    if done < bytes.len() {
        // Fewer than sixteen bytes are left, or the loop would have gone on.
        let rest = &bytes[done..];
        let mut padded = [0; 16];
        padded[..rest.len()].copy_from_slice(rest);
        // SAFETY: as above.
        unsafe { two_sse2(&padded, a, b, done, visit) };
    }
    bytes.len()
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn two_simd(_bytes: &[u8], _a: u8, _b: u8, _visit: &mut impl FnMut(usize)) -> usize {
    0
}

/// The whole blocks of sixteen bytes: each position holding `a` or `b` is visited in order,
/// as `base` plus the position; returns where the blocks end.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn two_sse2(bytes: &[u8], a: u8, b: u8, base: usize, visit: &mut impl FnMut(usize)) -> usize {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128};
    let (a_lane, b_lane) = (lane(a), lane(b));
    let mut at = 0;
    while at + 16 <= bytes.len() {
        let block = load(&bytes[at..at + 16]);
        let hits = _mm_or_si128(_mm_cmpeq_epi8(block, a_lane), _mm_cmpeq_epi8(block, b_lane));
        let mut mask = _mm_movemask_epi8(hits) as u32;
        while mask != 0 {
            visit(base + at + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        at += 16;
    }
    at
}

/// Calls `visit` with every position where "19" or "20" starts in `bytes`, in increasing
/// order: where a year may start ([`super::sentence`]'s years).
pub fn for_each_century(bytes: &[u8], mut visit: impl FnMut(usize)) {
    let scalar_from = centuries_simd(bytes, &mut visit);
    for i in scalar_from..bytes.len().saturating_sub(1) {
        if matches!(&bytes[i..i + 2], b"19" | b"20") {
            visit(i);
        }
    }
}

/// [`for_each_century`] sixteen positions at a time; returns where the scalar loop must go on
/// (the end: the last block is read from a copy padded with zeros, which start no pair).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn centuries_simd(bytes: &[u8], visit: &mut impl FnMut(usize)) -> usize {
    // SAFETY: `centuries_sse2` needs only SSE2, which this code is compiled with.
    let done = unsafe { centuries_sse2(bytes, 0, visit) };
    if done < bytes.len() {
        // Fewer than seventeen bytes are left, or the loop would have gone on.
        let rest = &bytes[done..];
        let mut padded = [0; 17];
        padded[..rest.len()].copy_from_slice(rest);
        // SAFETY: as above.
        unsafe { centuries_sse2(&padded, done, visit) };
    }
    bytes.len()
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn centuries_simd(_bytes: &[u8], _visit: &mut impl FnMut(usize)) -> usize {
    0
}

/// The blocks of sixteen positions of `bytes` that have seventeen bytes to read: each
/// position where "19" or "20" starts is visited in order, as `base` plus the position;
/// returns where the blocks end.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn centuries_sse2(bytes: &[u8], base: usize, visit: &mut impl FnMut(usize)) -> usize {
    use std::arch::x86_64::{_mm_and_si128, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128};
    let (one, nine, two, zero) = (lane(b'1'), lane(b'9'), lane(b'2'), lane(b'0'));
    let mut at = 0;
    while at + 17 <= bytes.len() {
        let first = load(&bytes[at..at + 16]);
        let second = load(&bytes[at + 1..at + 17]);
        let nineteen = _mm_and_si128(_mm_cmpeq_epi8(first, one), _mm_cmpeq_epi8(second, nine));
        let twenty = _mm_and_si128(_mm_cmpeq_epi8(first, two), _mm_cmpeq_epi8(second, zero));
        let mut mask = _mm_movemask_epi8(_mm_or_si128(nineteen, twenty)) as u32;
        while mask != 0 {
            visit(base + at + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        at += 16;
    }
    at
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn lane(byte: u8) -> std::arch::x86_64::__m128i {
    std::arch::x86_64::_mm_set1_epi8(i8::from_ne_bytes([byte]))
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn load(chunk: &[u8]) -> std::arch::x86_64::__m128i {
    assert!(chunk.len() >= 16);
    // SAFETY: sixteen bytes are there to read; `loadu` needs no alignment.
    unsafe { std::arch::x86_64::_mm_loadu_si128(chunk.as_ptr().cast()) }
}

/// Whether `text` holds a char that is numeric (`char::is_numeric`, which covers the `\d` every
/// amount starts with). Among ASCII chars only '0'-'9' are numeric, so ASCII bytes are tested
/// sixteen at a time; a non-ASCII char is decoded and asked only when its lead byte is not
/// 0xC3: those chars (U+00C0-U+00FF, 'æ', 'ø', 'å', 'é', ...) are all letters or signs, none
/// numeric (a test checks each), and they are most of the non-ASCII chars of Danish text.
pub fn holds_a_numeric(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (scalar_from, found) = numeric_simd(text);
    found
        || bytes[scalar_from..]
            .iter()
            .enumerate()
            .any(|(offset, &b)| b.is_ascii_digit() || numeric_lead_at(text, scalar_from + offset))
}

/// Whether the byte at `at` leads a non-ASCII char (0xC0 or above) other than U+00C0-U+00FF
/// that is numeric. A lead byte always starts a char, so `at` is a char boundary then.
fn numeric_lead_at(text: &str, at: usize) -> bool {
    let b = text.as_bytes()[at];
    b >= 0xC0 && b != 0xC3 && text[at..].chars().next().is_some_and(char::is_numeric)
}

/// [`holds_a_numeric`] sixteen bytes at a time while sixteen are left: where the scalar test
/// must go on, and whether a numeric char was found (then the rest need not be looked at).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn numeric_simd(text: &str) -> (usize, bool) {
    // SAFETY: `numeric_sse2` needs only SSE2, which this code is compiled with.
    unsafe { numeric_sse2(text) }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn numeric_simd(_text: &str) -> (usize, bool) {
    (0, false)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn numeric_sse2(text: &str) -> (usize, bool) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_sub_epi8};
    let bytes = text.as_bytes();
    let (zero, nine) = (lane(b'0'), lane(9));
    let mut at = 0;
    while at + 16 <= bytes.len() {
        let chunk = load(&bytes[at..at + 16]);
        // b - '0' (wrapping) is at most 9 exactly for the digits.
        let offset = _mm_sub_epi8(chunk, zero);
        let digits = _mm_cmpeq_epi8(_mm_min_epu8(offset, nine), offset);
        if _mm_movemask_epi8(digits) != 0 {
            return (at, true);
        }
        // The high bit of each byte: the bytes of non-ASCII chars.
        let mut high = _mm_movemask_epi8(chunk) as u32;
        while high != 0 {
            if numeric_lead_at(text, at + high.trailing_zeros() as usize) {
                return (at, true);
            }
            high &= high - 1;
        }
        at += 16;
    }
    (at, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    fn by_regex(text: &str) -> Landmarks {
        let unit = Regex::new(r"(?i)kr|dkk|mi[ao]|mil").unwrap();
        let kr = Regex::new(r"(?i)kr").unwrap();
        Landmarks {
            unit_words: unit.find_iter(text).map(|m| m.start()).collect(),
            kr: kr.find_iter(text).map(|m| (m.start(), m.end())).collect(),
            holds_a_tab: text.contains('\t'),
        }
    }

    /// What [`holds_a_numeric`] answers, char by char.
    fn holds_a_numeric_by_chars(text: &str) -> bool {
        text.chars().any(char::is_numeric)
    }

    /// The chars [`numeric_lead_at`] does not ask about, those with the lead byte 0xC3, are
    /// none of them numeric.
    #[test]
    fn no_char_led_by_c3_is_numeric() {
        for c in ('\u{C0}'..='\u{FF}').filter(|c| c.encode_utf8(&mut [0; 4]).as_bytes()[0] == 0xC3)
        {
            assert!(!c.is_numeric(), "{c:?}");
        }
        assert_eq!(('\u{C0}'..='\u{FF}').count(), 64);
    }

    #[test]
    fn finds_numeric_chars_anywhere() {
        // Past the sixteen-byte blocks, inside one, and non-ASCII ones ('²', '٣', '½').
        let long = "æøå Ærø kroner og så videre i lang tid uden tal";
        for text in ["", "7", "abc", "æ²", "x٣", "½", "ÿ"] {
            for padded in [
                text.to_string(),
                format!("{long}{text}"),
                format!("{text}{long}"),
            ] {
                assert_eq!(
                    holds_a_numeric(&padded),
                    holds_a_numeric_by_chars(&padded),
                    "{padded}"
                );
            }
        }
    }

    /// Every char that `(?i)` lets stand for one of the patterns' letters is one
    /// [`fold_letter`] reads as that letter, and no other; the same for the letters of the
    /// amount pattern's unit words and [`super::super::groups::fold_letter`].
    #[test]
    fn folding_is_the_regex_folding() {
        check_folding("krdmiaol", fold_letter);
        check_folding("krdmiaolentus", super::super::groups::fold_letter);
    }

    /// A reader of one folded letter: the letter and the char's length.
    type Fold = fn(&[u8], usize) -> Option<(u8, usize)>;

    fn check_folding(letters: &str, fold_letter: Fold) {
        let patterns: Vec<Regex> = letters
            .chars()
            .map(|l| Regex::new(&format!("(?i)^{l}$")).unwrap())
            .collect();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            let folded = fold_letter(encoded, 0).filter(|&(_, len)| len == encoded.len());
            for (letter, pattern) in letters.bytes().zip(&patterns) {
                let mut one = [0; 4];
                let as_str = c.encode_utf8(&mut one);
                assert_eq!(
                    pattern.is_match(as_str),
                    folded.is_some_and(|(l, _)| l == letter),
                    "{c:?} as {}",
                    letter as char
                );
            }
        }
    }

    #[test]
    fn finds_the_words_the_patterns_find() {
        // "kr": "Kr", the end of "dkkr", "\u{212A}R" and "kroner" (not "dkk" alone).
        let text = "1,2 MIO. Kr. og 3 dkkr samt mil mia \u{212A}R dk\u{212A}k milliarder kroner";
        assert_eq!(Landmarks::of(text), by_regex(text));
        assert_eq!(Landmarks::of(text).kr.len(), 4);
    }

    #[test]
    fn finds_the_first_and_last_sentence_marks() {
        let text = "Der er afsat 1,2 mio. kr.\nI alt… ja! Hvad? og så videre uden noget mere her";
        for from in 0..=text.len() {
            for to in from..=text.len() {
                let bytes = &text.as_bytes()[from..to];
                let is_mark = |b: &u8| SENTENCE_MARKS.contains(b);
                assert_eq!(first_sentence_mark(bytes), bytes.iter().position(is_mark));
                assert_eq!(last_sentence_mark(bytes), bytes.iter().rposition(is_mark));
            }
        }
    }

    #[test]
    fn finds_every_century() {
        let text = "1920 2019 20 1 9 2 0 x19 200 2020 1919 og så videre til år 2020";
        for cut in 0..=text.len() {
            let bytes = &text.as_bytes()[..cut];
            let mut seen = Vec::new();
            for_each_century(bytes, |at| seen.push(at));
            let expected: Vec<usize> = (0..cut.saturating_sub(1))
                .filter(|&i| matches!(&bytes[i..i + 2], b"19" | b"20"))
                .collect();
            assert_eq!(seen, expected, "{cut}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn landmarks_as_by_regex(
            text in concat!(
                r"(k|K|r|R|d|D|m|M|i|I|a|o|O|l|L|\u{212A}|–|…|æ|ø|[0-9]|[ .,\n\t]|kr|dkk",
                r"|mio|mia|mil|İ|ı|ſ){0,80}",
            ),
        ) {
            prop_assert_eq!(Landmarks::of(&text), by_regex(&text));
        }

        #[test]
        fn holds_a_numeric_as_by_chars(
            text in r"([a-z]|[ .,\n\t]|æ|ø|å|Å|é|ÿ|[0-9]|²|½|٣|Ⅻ|–|…|\u{212A}){0,60}",
        ) {
            prop_assert_eq!(holds_a_numeric(&text), holds_a_numeric_by_chars(&text));
        }
    }
}
