//! The words a table's header, row label, corner or title uses to name money, a count or a
//! unit ("Beløb", "Antal", "mio. kr."), matched by hand; [`super::sentence`] matches its
//! "per year"/"per month" words the same way.
//!
//! These were six case-insensitive regexes with Unicode `\b`; building them (and their `\b`
//! halves) cost more than all the matching in a run. Each is a short list of literal words, so
//! a walk over the text's chars finds the same matches: a char is compared in its simple case
//! fold (what `(?i)` compares), `\s` is Unicode White_Space (`char::is_whitespace`) and `\b`
//! asks whether the chars on either side are word chars (Unicode `\w`). The tests keep the
//! regexes as the oracle and compare on random texts drawn from the words and their edges.

use std::sync::LazyLock;

use regex::Regex;

/// One step of a word pattern.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    /// A char, given in its case fold (see [`fold`]).
    Char(char),
    /// `\s*`: any whitespace, as much as there is. Every pattern follows it with a char that is
    /// not whitespace, so taking all of it never misses a match another split would find.
    Spaces,
    /// `\s?`: one whitespace if there is one (followed by a non-whitespace char, as above).
    Space,
    /// `\b`: a word char on exactly one side.
    Boundary,
}

use Step::{Boundary, Char, Space, Spaces};

/// A pattern: alternatives, each a run of steps that starts with a [`Step::Char`] or a
/// [`Step::Boundary`] then a char.
pub(super) type Alternatives = &'static [&'static [Step]];

/// The steps of a word: its chars, N of them.
pub(super) const fn steps<const N: usize>(word: &str) -> [Step; N] {
    put_chars([Step::Boundary; N], 0, word, N)
}

/// `\b`, the steps of a word, `\b`: N is the word's char count plus two.
pub(super) const fn bounded<const N: usize>(word: &str) -> [Step; N] {
    put_chars([Step::Boundary; N], 1, word, N - 1)
}

/// `out` with the chars of `word` in its steps `at..end` (`const fn` cannot call
/// `str::chars`: the UTF-8 is decoded here, for the one- and two-byte chars the patterns hold).
const fn put_chars<const N: usize>(
    mut out: [Step; N],
    at: usize,
    word: &str,
    end: usize,
) -> [Step; N] {
    let bytes = word.as_bytes();
    let (mut i, mut j) = (0, at);
    while i < bytes.len() {
        let (c, len) = if bytes[i] < 0x80 {
            (bytes[i] as u32, 1)
        } else {
            assert!(bytes[i] >> 5 == 0b110, "only one- and two-byte chars");
            (
                ((bytes[i] & 0x1f) as u32) << 6 | (bytes[i + 1] & 0x3f) as u32,
                2,
            )
        };
        out[j] = Step::Char(char::from_u32(c).expect("a char"));
        i += len;
        j += 1;
    }
    assert!(
        j == end,
        "a word's step count is its char count (and its bounds)"
    );
    out
}

/// `(?i)\bmia\b|milliard`
const BILLION: Alternatives = &[&bounded::<5>("mia"), &steps::<8>("milliard")];
/// `(?i)\bmio\b|million`
const MILLION: Alternatives = &[&bounded::<5>("mio"), &steps::<7>("million")];
/// `(?i)1\.000\s*kr|\bt\.\s?kr\b|\btkr\b|tusind`
const THOUSAND: Alternatives = &[
    &[
        Char('1'),
        Char('.'),
        Char('0'),
        Char('0'),
        Char('0'),
        Spaces,
        Char('k'),
        Char('r'),
    ],
    &[
        Boundary,
        Char('t'),
        Char('.'),
        Space,
        Char('k'),
        Char('r'),
        Boundary,
    ],
    &bounded::<5>("tkr"),
    &steps::<6>("tusind"),
];
/// `(?i)\bkr\b|kroner|\bdkk\b`
const KRONER: Alternatives = &[
    &bounded::<4>("kr"),
    &steps::<6>("kroner"),
    &bounded::<5>("dkk"),
];
/// `(?i)beløb|budget|gevinst|udgift|indtægt|besparelse|tilskud|bevilling|omkostning|forbrug|
/// \bløn|pris|midler|finansiering`
const MONEY: Alternatives = &[
    &steps::<5>("beløb"),
    &steps::<6>("budget"),
    &steps::<7>("gevinst"),
    &steps::<6>("udgift"),
    &steps::<7>("indtægt"),
    &steps::<10>("besparelse"),
    &steps::<7>("tilskud"),
    &steps::<9>("bevilling"),
    &steps::<10>("omkostning"),
    &steps::<7>("forbrug"),
    &[Boundary, Char('l'), Char('ø'), Char('n')],
    &steps::<4>("pris"),
    &steps::<6>("midler"),
    &steps::<12>("finansiering"),
];
/// `(?i)antal|andel|procent|\bpct\b|%|årsværk|personer|borgere|timer|\bdage\b|sager|
/// stillinger|elever|klasser|ansatte`
const COUNT: Alternatives = &[
    &steps::<5>("antal"),
    &steps::<5>("andel"),
    &steps::<7>("procent"),
    &bounded::<5>("pct"),
    &steps::<1>("%"),
    &steps::<7>("årsværk"),
    &steps::<8>("personer"),
    &steps::<7>("borgere"),
    &steps::<5>("timer"),
    &bounded::<6>("dage"),
    &steps::<5>("sager"),
    &steps::<10>("stillinger"),
    &steps::<6>("elever"),
    &steps::<7>("klasser"),
    &steps::<7>("ansatte"),
];

/// A header's scale unit words, in the order [`super::tables`] asks them.
pub fn names_billion(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(BILLION);
    matches(BILLION, &FIRSTS, text)
}
pub fn names_million(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(MILLION);
    matches(MILLION, &FIRSTS, text)
}
pub fn names_thousand(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(THOUSAND);
    matches(THOUSAND, &FIRSTS, text)
}
pub fn names_kroner(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(KRONER);
    matches(KRONER, &FIRSTS, text)
}
/// Whether a header names money ("Beløb", "Budget", "Løn").
pub fn names_money(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(MONEY);
    matches(MONEY, &FIRSTS, text)
}
/// Whether a header names a count ("Antal", "Andel", "borgere", "%").
pub fn names_count(text: &str) -> bool {
    const FIRSTS: Firsts = ascii_firsts(COUNT);
    matches(COUNT, &FIRSTS, text)
}

/// A char in its simple case fold, for the chars the patterns hold: ASCII letters, 'æ', 'ø',
/// 'å', and the three other chars `(?i)` equates with one of them (KELVIN SIGN with 'k', LONG
/// S with 's', ANGSTROM SIGN with 'å'). Any other char is returned as it is: it equals no
/// pattern char, and no pattern char folds to it.
fn fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'Æ' => 'æ',
        'Ø' => 'ø',
        'Å' | '\u{212B}' => 'å',
        '\u{212A}' => 'k',
        '\u{17F}' => 's',
        _ => c,
    }
}

/// The char an alternative starts with (after its leading `\b`, if any).
const fn first_char(alternative: &[Step]) -> char {
    match alternative[0] {
        Char(first) => first,
        _ => match alternative[1] {
            Char(first) => first,
            // Never: every alternative starts with a char, maybe after a `\b`.
            _ => '\0',
        },
    }
}

/// For each ASCII byte, the alternatives (bit `i` for the `i`th) whose first char it is, in
/// either case: at an ASCII byte only these are tried, not every alternative in turn.
pub(super) struct Firsts([u32; 128]);

/// The [`Firsts`] of `alternatives` (at most 32).
pub(super) const fn ascii_firsts(alternatives: Alternatives) -> Firsts {
    assert!(alternatives.len() <= 32);
    let mut by_byte = [0u32; 128];
    let mut i = 0;
    while i < alternatives.len() {
        let first = first_char(alternatives[i]);
        if first.is_ascii() {
            by_byte[first as usize] |= 1 << i;
            by_byte[first.to_ascii_uppercase() as usize] |= 1 << i;
        }
        i += 1;
    }
    Firsts(by_byte)
}

/// Whether any alternative matches at any char boundary of `text`.
pub(super) fn matches(alternatives: Alternatives, firsts: &Firsts, text: &str) -> bool {
    // A match starts at an ASCII byte that is the first char of an alternative in either case
    // (and an ASCII char folds only with its other case: the pattern chars are lower-case, so
    // the alternatives tried at an ASCII byte are exactly those whose first char is the
    // byte's fold; one with an upper-case first char would fail its first step) or at a
    // non-ASCII char (which may fold to an ASCII first, like KELVIN SIGN, or be one, like
    // 'å'); any other byte is skipped without decoding a char. Continuation bytes
    // (0x80..0xC0) start no char.
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if byte < 0x80 {
            let mut tried = firsts.0[usize::from(byte)];
            while tried != 0 {
                if matches_at(alternatives[tried.trailing_zeros() as usize], text, at) {
                    return true;
                }
                tried &= tried - 1;
            }
            continue;
        }
        if byte < 0xC0 {
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let folded = fold(c);
        for alternative in alternatives {
            if first_char(alternative) == folded && matches_at(alternative, text, at) {
                return true;
            }
        }
    }
    false
}

/// Whether `steps` match `text` from byte `at` (a char boundary).
fn matches_at(steps: &[Step], text: &str, at: usize) -> bool {
    let mut rest = text[at..].chars().peekable();
    let mut before = text[..at].chars().next_back();
    for step in steps {
        match *step {
            Char(want) => match rest.next() {
                Some(c) if fold(c) == want => before = Some(c),
                _ => return false,
            },
            Spaces => {
                while let Some(&c) = rest.peek().filter(|c| c.is_whitespace()) {
                    rest.next();
                    before = Some(c);
                }
            }
            Space => {
                if let Some(&c) = rest.peek().filter(|c| c.is_whitespace()) {
                    rest.next();
                    before = Some(c);
                }
            }
            Boundary => {
                let after = rest.peek().copied();
                if before.is_some_and(is_word) == after.is_some_and(is_word) {
                    return false;
                }
            }
        }
    }
    true
}

/// Unicode `\w`, as the regex crate reads it. ASCII and Latin-1 answer by hand (Latin-1 has no
/// marks, no non-ASCII decimal digits and no connector punctuation but '_', so its word chars
/// are its letters); any other char asks the regex's own class.
fn is_word(c: char) -> bool {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w$").expect("word regex"));
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else if (c as u32) < 0x100 {
        c.is_alphabetic()
    } else {
        let mut buffer = [0u8; 4];
        WORD.is_match(c.encode_utf8(&mut buffer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Matcher = fn(&str) -> bool;

    /// [`fold`] gives every char its `(?i)` fold among the pattern letters: a char equals a
    /// lower-case ASCII letter, 'æ', 'ø' or 'å' under `(?i)` exactly when it folds to it.
    #[test]
    fn fold_is_the_regex_folding() {
        let letters = "abcdefghijklmnopqrstuvwxyzæøå";
        let class = Regex::new(r"(?i)^[a-zæøå]$").expect("class");
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let text = c.encode_utf8(&mut buffer);
            let folded = fold(c);
            assert_eq!(class.is_match(text), letters.contains(folded), "{c:?}");
            if letters.contains(folded) {
                let same = Regex::new(&format!("(?i)^{folded}$")).expect("letter");
                assert!(same.is_match(text), "{c:?}");
            }
        }
    }

    /// The regexes these matchers replace: the oracle.
    const ORACLES: [(&str, Matcher); 6] = [
        (r"(?i)\bmia\b|milliard", names_billion),
        (r"(?i)\bmio\b|million", names_million),
        (
            r"(?i)1\.000\s*kr|\bt\.\s?kr\b|\btkr\b|tusind",
            names_thousand,
        ),
        (r"(?i)\bkr\b|kroner|\bdkk\b", names_kroner),
        (
            concat!(
                r"(?i)beløb|budget|gevinst|udgift|indtægt|besparelse|tilskud|bevilling|",
                r"omkostning|forbrug|\bløn|pris|midler|finansiering",
            ),
            names_money,
        ),
        (
            concat!(
                r"(?i)antal|andel|procent|\bpct\b|%|årsværk|personer|borgere|timer|\bdage\b|",
                r"sager|stillinger|elever|klasser|ansatte",
            ),
            names_count,
        ),
    ];

    fn check(text: &str) {
        for (pattern, matcher) in ORACLES {
            let regex = Regex::new(pattern).unwrap();
            assert_eq!(matcher(text), regex.is_match(text), "{pattern} on {text:?}");
        }
    }

    #[test]
    fn reads_what_headers_say() {
        assert!(names_billion("Mia. kr."));
        assert!(!names_billion("Miami"));
        assert!(names_million("i mio. kr."));
        assert!(names_million("MILLIONER"));
        assert!(!names_million("Mioplan"));
        assert!(names_thousand("(i 1.000  kr.)"));
        assert!(names_thousand("t. kr."));
        assert!(names_thousand("Tkr."));
        assert!(!names_thousand("att. kr"));
        assert!(names_kroner("Beløb (kr.)"));
        assert!(names_kroner("DKK"));
        assert!(!names_kroner("krone"));
        assert!(!names_money("Månedsløn"));
        assert!(names_money("Årlig løn"));
        assert!(names_money("Løn"));
        assert!(!names_money("Ølløn"));
        assert!(names_money("INDTÆGTER"));
        assert!(names_count("\u{212B}rsværk"));
        assert!(names_count("Andel i %"));
        assert!(names_count("dage"));
        assert!(!names_count("dagene"));
        assert!(names_count("Klaſſer"));
    }

    #[test]
    fn agrees_with_the_regexes_on_edges() {
        for text in [
            "",
            "mia",
            "_mia_",
            "émia",
            "mia²",
            "ǅmio",
            "mio\u{301}",
            "1.000\u{a0}\u{2003}kr",
            "1.000kroner",
            "t.\u{a0}kr",
            "t.  kr",
            "\u{212A}R",
            "dkk_",
            "ølløn",
            "xløn",
            "-løn",
            "%",
            "ÅRSVÆRK",
            "pct.",
            "ptc",
        ] {
            check(text);
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "mia",
                "milliard",
                "mio",
                "million",
                "1.000",
                "t.",
                "tkr",
                "tusind",
                "kr",
                "kroner",
                "dkk",
                "beløb",
                "indtægt",
                "løn",
                "pris",
                "antal",
                "pct",
                "%",
                "årsværk",
                "dage",
                "sager",
                "stillinger",
                "ansatte",
                "MIA",
                "Kr",
                "LØN",
                "ÅRSVÆRK",
                "\u{212A}r",
                "\u{212B}rsværk",
                "ſager",
                "budget",
                "forbrug",
            ])
            .prop_map(str::to_string),
            prop::sample::select(vec![
                " ", "  ", "\t", "\u{a0}", "\u{2003}", ".", "-", "_", "é", "ø", "ǅ", "²",
                "\u{301}", "a", "t", "k", "1", "0", "x", "Ö", "\u{660}", "ß",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_the_regexes(pieces in prop::collection::vec(piece(), 0..8)) {
            check(&pieces.concat());
        }
    }
}
