//! Decisions, motions and votes inside an item's Beslutning section, modelled the way Open
//! Civic Data / Popolo model them: a motion (the committee's decision, an amendment, a remark)
//! with an outcome, a vote event (counts per option) and one vote per voter.
//!
//! The Beslutning text is cut into units (sentences, bullets, quoted blocks), and each unit is
//! read by what it says, in this order:
//! - attendance ("X deltog ikke i mødet") → attendance rows, never a decision;
//! - an amendment being moved ("X stiller følgende ændringsforslag:") → a new amendment; the
//!   quoted (or following) text is its text;
//! - a vote line ("X, Y og Z stemmer for", "Undlod at stemme 5 (C, F)") → votes on the open
//!   motion, or on a motion yet to be named when the votes come first;
//! - a result ("Ændringsforslaget er dermed forkastet") → closes the open motion;
//! - a protocol remark → a motion of kind `other`;
//! - a decision sentence ("Beskæftigelses- og Socialudvalget anbefaler indstillingen") → a
//!   decision with an outcome from a closed vocabulary ([`Outcome`]).
//!
//! Anything else continues the decision before it, or is a decision of outcome `other`, so no
//! text of the section is lost. Joint items record several committees' decisions, one sentence
//! each: each is its own decision row, with the committee in `decided_by`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use super::amounts::groups::is_decimal_digit;
use super::attendance::{self, RowMaker, Scope};
use super::names::{self, PersonRef};
use super::{Gated, ItemContext};
use crate::classes::is_word_char;
use crate::model::{ParsedItem, SectionKind};
use crate::rows::{AttendanceRow, DecisionRow, VoteRow};

/// What one item yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemDecisions {
    pub decisions: Vec<DecisionRow>,
    pub votes: Vec<VoteRow>,
    pub attendance: Vec<AttendanceRow>,
    pub problems: Vec<String>,
}

/// The closed vocabulary of `decisions.outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// godkender, vedtaget, tiltræder
    Approved,
    /// anbefaler (indstillingen, over for byrådet)
    RecommendedToCouncil,
    /// orientering givet, tager til efterretning
    Noted,
    /// drøftede sagen
    Discussed,
    /// forkastet, afviser, kan ikke anbefale
    Rejected,
    /// udsat
    Postponed,
    Other,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::RecommendedToCouncil => "recommended_to_council",
            Outcome::Noted => "noted",
            Outcome::Discussed => "discussed",
            Outcome::Rejected => "rejected",
            Outcome::Postponed => "postponed",
            Outcome::Other => "other",
        }
    }
}

/// `decisions.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Decision,
    Amendment,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Decision => "decision",
            Kind::Amendment => "amendment",
            Kind::Other => "other",
        }
    }
}

/// Open Civic Data vote options used here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOption {
    Yes,
    No,
    Abstain,
}

impl VoteOption {
    pub fn as_str(self) -> &'static str {
        match self {
            VoteOption::Yes => "yes",
            VoteOption::No => "no",
            VoteOption::Abstain => "abstain",
        }
    }
    fn index(self) -> usize {
        match self {
            VoteOption::Yes => 0,
            VoteOption::No => 1,
            VoteOption::Abstain => 2,
        }
    }
}

/// A piece of a section's text: one sentence, one bullet or one quoted block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    /// The unit is a quoted block ("..."), e.g. an amendment's wording.
    pub quoted: bool,
    /// Index of the paragraph the unit came from.
    pub paragraph: usize,
}

const OPENING_QUOTES: &[char] = &['"', '“', '”', '„', '»', '«'];
/// Words that end with a period without ending a sentence, lower case.
const ABBREVIATIONS: &[&str] = &[
    "kl", "nr", "pkt", "jf", "jvf", "vedr", "ca", "evt", "inkl", "ekskl", "bl.a", "f.eks", "dvs",
    "stk", "hhv", "mht", "ang", "bla", "fx", "mv", "m.v", "m.fl", "att",
];

/// Cut a section's text into units: paragraphs (blank-line separated), bullets ("- "), then
/// sentences, never splitting inside quotes, after an initial ("Ulla G. Chambless") or after
/// an abbreviation ("kl. 09.30").
pub fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    for block in text.split("\n\n") {
        let mut chunks: Vec<String> = Vec::new();
        let mut current = String::new();
        for line in block.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(bullet) = line.strip_prefix("- ").or_else(|| line.strip_prefix("• ")) {
                if !current.is_empty() {
                    chunks.push(std::mem::take(&mut current));
                }
                chunks.push(bullet.to_string());
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(line);
            }
        }
        if !current.is_empty() {
            chunks.push(current);
        }
        if chunks.is_empty() {
            continue;
        }
        for chunk in chunks {
            let chunk = names::collapse_whitespace(&chunk);
            if chunk.starts_with(OPENING_QUOTES) {
                out.push(Unit {
                    text: chunk,
                    quoted: true,
                    paragraph,
                });
                continue;
            }
            for sentence in sentences(&chunk) {
                out.push(Unit {
                    text: sentence,
                    quoted: false,
                    paragraph,
                });
            }
        }
        paragraph += 1;
    }
    out
}

fn sentences(text: &str) -> Vec<String> {
    // Byte offsets into `text` instead of a copy of its chars: the ASCII chars the cut looks
    // for ('.', '!', '?', '"') are single bytes, which no byte of another char equals, and the
    // other quotes are decoded where a non-ASCII char starts; so the cuts fall where a walk
    // over a `Vec<char>` put them, and each sentence is a slice, not a collected copy.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut i = 0;
    while i < bytes.len() {
        // The bytes the walk only steps over are passed eight at a time.
        i = next_sentence_byte(bytes, i);
        if i == bytes.len() {
            break;
        }
        let byte = bytes[i];
        if !byte.is_ascii() {
            let c = text[i..].chars().next().unwrap_or(' ');
            match c {
                '“' | '„' | '»' => in_quote = true,
                '”' | '«' => in_quote = false,
                _ => {}
            }
            i += c.len_utf8();
            continue;
        }
        if byte == b'"' {
            in_quote = !in_quote;
        }
        if !in_quote && matches!(byte, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while let Some(closing) = text[j..]
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '”' | ')' | '»'))
            {
                j += closing.len_utf8();
            }
            let next = text[j..].char_indices().find(|(_, c)| !c.is_whitespace());
            let ends = match next {
                None => true,
                Some((gap, n)) => gap > 0 && (n.is_uppercase() || OPENING_QUOTES.contains(&n)),
            };
            if ends && !(byte == b'.' && before_is_abbreviation(&text[start..i])) {
                let sentence = text[start..j].trim();
                if !sentence.is_empty() {
                    out.push(sentence.to_string());
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// The first position at or after `from` whose byte [`sentences`] acts on: '"', '.', '!', '?'
/// or a byte of a char other than ASCII (every other byte only moves its walk on by one), or
/// the end. Eight bytes at a time: a word of bytes holding none of them is passed after a few
/// tests (a byte equal to a mark is a zero byte of the word XORed with the mark repeated, and
/// `(w - 0x01…) & !w & 0x80…` is not zero exactly when `w` holds a zero byte); the word that
/// holds one is read byte by byte.
fn next_sentence_byte(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const MARKS: [u64; 4] = [
        u64::from_ne_bytes([b'"'; 8]),
        u64::from_ne_bytes([b'.'; 8]),
        u64::from_ne_bytes([b'!'; 8]),
        u64::from_ne_bytes([b'?'; 8]),
    ];
    let holds_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if word & HIGHS != 0 || MARKS.iter().any(|&mark| holds_zero(word ^ mark)) {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| !b.is_ascii() || matches!(b, b'"' | b'.' | b'!' | b'?'))
        .map_or(bytes.len(), |k| at + k)
}

/// Whether the word before a period is an initial or an abbreviation.
fn before_is_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '(')
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &before[word_start..];
    if !word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    if let (Some(only), None) = (letters.next(), letters.next()) {
        if only.is_uppercase() {
            return true;
        }
    }
    // Lower-casing never gives fewer chars than it is given, and no abbreviation has more
    // than five: a longer word cannot be one, and is not copied to find out.
    word.chars().nth(5).is_none() && ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("decision patterns are valid"))
}

/// A pattern with Unicode `\b` behind the same pattern without it (see [`Gated`]).
fn gated(cell: &'static OnceLock<Gated>, pattern: &str) -> &'static Gated {
    cell.get_or_init(|| Gated::new(pattern))
}

/// Whether `\b` holds at byte `at` of `text`: a word char on one side only.
fn word_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back().is_some_and(is_word_char);
    let after = text[at..].chars().next().is_some_and(is_word_char);
    before != after
}

/// The byte offset after the run of whitespace (`\s*`) that starts at `at`.
fn skip_whitespace(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(k, _)| at + k)
}

/// Whether `parts` follow one another from byte `at`, separated by whitespace (`\s+`), any
/// one of each part's words. Each word starts with a non-whitespace char, so `\s+` before it
/// can only take the whole run of whitespace: trying each word after that run is the search.
fn words_at(text: &str, at: usize, parts: &[&[&str]]) -> bool {
    let Some((first, rest)) = parts.split_first() else {
        return true;
    };
    first.iter().any(|w| {
        text[at..].starts_with(w) && {
            let end = at + w.len();
            let next = skip_whitespace(text, end);
            rest.is_empty() || (next > end && words_at(text, next, rest))
        }
    })
}

/// The outcome a decision sentence states, or None when it states none.
///
/// Read from the lower-cased sentence, in this order (the first that matches wins):
/// postponed `\b(?:udsat|udsættes|udsætter|udsatte|udsætte)\b`; rejected `forkast|\bafvis|
/// kan\s+ikke\s+(?:anbefale|godkende|tiltræde)|anbefaler\s+ikke|godkender\s+ikke|
/// ikke\s+godkendt|nedstemt`; noted `orientering(?:en)?\s+(?:er\s+|blev\s+)?givet|
/// til\s+efterretning|orienteringen\s+(?:blev\s+)?taget|tog\s+orienteringen|
/// tager\s+orienteringen|taget\s+til\s+orientering`; recommended `\banbefal|
/// oversend\w*\s+til\s+byrådet|indstiller\s+til\s+byrådet`; discussed `\bdrøft`; approved
/// `godkend|vedtag|\bvedtog|tiltræd|bevilg|\bbeslutte|imødekom`. Scanned by hand, not by
/// regexes: their Unicode `\b` cost more to build than a run spends reading with them.
pub fn outcome_of(sentence: &str) -> Option<Outcome> {
    let s = names::lowercase(sentence);
    // One walk over the sentence: at each byte, the words that can start there. Every word
    // starts with an ASCII letter, which is always a whole char, so no start is missed.
    let mut found = 0u8;
    for at in 0..s.len() {
        found |= outcome_words_at(&s, at);
        if found & POSTPONED != 0 {
            break;
        }
    }
    [
        (POSTPONED, Outcome::Postponed),
        (REJECTED, Outcome::Rejected),
        (NOTED, Outcome::Noted),
        (RECOMMENDED, Outcome::RecommendedToCouncil),
        (DISCUSSED, Outcome::Discussed),
        (APPROVED, Outcome::Approved),
    ]
    .into_iter()
    .find_map(|(bit, outcome)| (found & bit != 0).then_some(outcome))
}

const POSTPONED: u8 = 1;
const REJECTED: u8 = 2;
const NOTED: u8 = 4;
const RECOMMENDED: u8 = 8;
const DISCUSSED: u8 = 16;
const APPROVED: u8 = 32;

/// The outcomes (bits) whose words (see [`outcome_of`]) start at byte `at` of the lower-cased
/// sentence `s`.
fn outcome_words_at(s: &str, at: usize) -> u8 {
    let first = s.as_bytes()[at];
    // Not an ASCII letter: no word starts here (and `at` may be inside a char).
    if !first.is_ascii_lowercase() {
        return 0;
    }
    // Every word below starts with one of these pairs of ASCII letters: elsewhere none
    // starts, and the many common first letters ('a', 'i', 't', ...) are passed at once.
    let second = s.as_bytes().get(at + 1).copied().unwrap_or(0);
    let may_start = matches!(
        (first, second),
        (b'u', b'd')
            | (b'f', b'o')
            | (b'n', b'e')
            | (b'a', b'f' | b'n')
            | (b'k', b'a')
            | (b'g', b'o')
            | (b'i', b'k' | b'n' | b'm')
            | (b'o', b'r' | b'v')
            | (b't', b'i' | b'o' | b'a')
            | (b'd', b'r')
            | (b'v', b'e')
            | (b'b', b'e')
    );
    if !may_start {
        return 0;
    }
    let rest = &s[at..];
    let starts = |word: &str| rest.starts_with(word);
    let after_boundary = || word_boundary(s, at);
    let words = |parts: &[&[&str]]| words_at(s, at, parts);
    let mut found = 0;
    let mut set = |bit: u8, matched: bool| {
        if matched {
            found |= bit;
        }
    };
    match first {
        b'u' => {
            let postponed = ["udsat", "udsættes", "udsætter", "udsatte", "udsætte"]
                .iter()
                .any(|w| starts(w) && word_boundary(s, at + w.len()));
            set(POSTPONED, postponed && after_boundary());
        }
        b'f' => set(REJECTED, starts("forkast")),
        b'n' => set(REJECTED, starts("nedstemt")),
        b'a' => {
            set(REJECTED, starts("afvis") && after_boundary());
            set(REJECTED, words(&[&["anbefaler"], &["ikke"]]));
            set(RECOMMENDED, starts("anbefal") && after_boundary());
        }
        b'k' => set(
            REJECTED,
            words(&[&["kan"], &["ikke"], &["anbefale", "godkende", "tiltræde"]]),
        ),
        b'g' => {
            set(REJECTED, words(&[&["godkender"], &["ikke"]]));
            set(APPROVED, starts("godkend"));
        }
        b'i' => {
            set(REJECTED, words(&[&["ikke"], &["godkendt"]]));
            set(
                RECOMMENDED,
                words(&[&["indstiller"], &["til"], &["byrådet"]]),
            );
            set(APPROVED, starts("imødekom"));
        }
        b'o' => {
            let orientation: &[&str] = &["orientering", "orienteringen"];
            set(
                NOTED,
                words(&[orientation, &["givet"]])
                    || words(&[orientation, &["er", "blev"], &["givet"]])
                    || words(&[&["orienteringen"], &["taget"]])
                    || words(&[&["orienteringen"], &["blev"], &["taget"]]),
            );
            if starts("oversend") {
                // `\w*` then `\s+`: no whitespace is a word char, so `\w*` takes the whole
                // run of word chars and the whitespace must follow it.
                let from = at + "oversend".len();
                let end = s[from..]
                    .char_indices()
                    .find(|(_, c)| !is_word_char(*c))
                    .map_or(s.len(), |(k, _)| from + k);
                let next = skip_whitespace(s, end);
                set(
                    RECOMMENDED,
                    next > end && words_at(s, next, &[&["til"], &["byrådet"]]),
                );
            }
        }
        b't' => {
            set(
                NOTED,
                words(&[&["til"], &["efterretning"]])
                    || words(&[&["tog", "tager"], &["orienteringen"]])
                    || words(&[&["taget"], &["til"], &["orientering"]]),
            );
            set(APPROVED, starts("tiltræd"));
        }
        b'd' => set(DISCUSSED, starts("drøft") && after_boundary()),
        b'v' => {
            set(APPROVED, starts("vedtag"));
            set(APPROVED, starts("vedtog") && after_boundary());
        }
        b'b' => {
            set(APPROVED, starts("bevilg"));
            set(APPROVED, starts("beslutte") && after_boundary());
        }
        _ => {}
    }
    found
}

/// Whether `text` starts with `word` (lower case) under the regex `(?i)` folding, and how
/// many bytes of `text` it takes. Besides upper case, Unicode simple case folding joins only
/// these chars to the letters of the words asked for: 'K' (Kelvin) to 'k', 'ſ' to 's' and
/// 'Å' (Ångström) to 'å'.
pub(super) fn starts_with_folded(text: &str, word: &str) -> Option<usize> {
    let mut taken = 0;
    let mut chars = text.chars();
    for want in word.chars() {
        let c = chars.next()?;
        let same = c == want
            || match want {
                'a'..='z' => {
                    c == want.to_ascii_uppercase()
                        || (want == 'k' && c == '\u{212A}')
                        || (want == 's' && c == '\u{17F}')
                }
                'æ' => c == 'Æ',
                'ø' => c == 'Ø',
                'å' => c == 'Å' || c == '\u{212B}',
                _ => false,
            };
        if !same {
            return None;
        }
        taken += c.len_utf8();
    }
    Some(taken)
}

/// The committee named as the subject of a decision sentence.
///
/// What `(?i)^(.{0,90}?(?:udvalget|byrådet|kommunalbestyrelsen|rådet|bestyrelsen))\s+
/// (?:\w+\s+)?(?:godkend|anbefal|drøft|tage|tog|beslut|vedt|tiltræd|afvis|udsæt|kan\s|bevilg|
/// imødekom|oversend)` captures, scanned by hand (the regex engine needed its slow capture
/// search for it on every decision sentence): the shortest start (at most 90 chars, no line
/// break before it) where a body's name is followed by a deciding verb, perhaps one word
/// after it.
fn decided_by(sentence: &str) -> Option<String> {
    const BODIES: &[&str] = &[
        "udvalget",
        "byrådet",
        "kommunalbestyrelsen",
        "rådet",
        "bestyrelsen",
    ];
    for (chars_before, (at, c)) in sentence.char_indices().enumerate() {
        if chars_before > 90 {
            break;
        }
        // The first letters of the bodies' names and what folds to them.
        // And the second letters ('d', 'y', 'o', 'å', 'e') and what folds to them: most
        // 'u', 'b', 'k' and 'r' are passed without comparing the names.
        let may_start = matches!(
            c,
            'u' | 'U' | 'b' | 'B' | 'k' | 'K' | '\u{212A}' | 'r' | 'R'
        ) && sentence[at + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(|second| {
                matches!(
                    second,
                    'd' | 'D' | 'y' | 'Y' | 'o' | 'O' | 'e' | 'E' | 'å' | 'Å' | '\u{212B}'
                )
            });
        let named = may_start
            .then(|| {
                BODIES
                    .iter()
                    .find_map(|body| starts_with_folded(&sentence[at..], body))
            })
            .flatten();
        if let Some(len) = named {
            if deciding_verb_follows(&sentence[at + len..]) {
                let body = names::collapse_whitespace(&sentence[..at + len]);
                return Some(body).filter(|b| b.chars().next().is_some_and(char::is_uppercase));
            }
        }
        // `.` does not match a line break: no longer prefix can pass it.
        if c == '\n' {
            break;
        }
    }
    None
}

/// `\s+(?:\w+\s+)?(?:godkend|...)` at the start of `text` (see [`decided_by`]).
fn deciding_verb_follows(text: &str) -> bool {
    const VERBS: &[&str] = &[
        "godkend",
        "anbefal",
        "drøft",
        "tage",
        "tog",
        "beslut",
        "vedt",
        "tiltræd",
        "afvis",
        "udsæt",
        "bevilg",
        "imødekom",
        "oversend",
    ];
    let verb_at = |rest: &str| {
        VERBS.iter().any(|v| starts_with_folded(rest, v).is_some())
            || starts_with_folded(rest, "kan")
                .is_some_and(|len| rest[len..].chars().next().is_some_and(char::is_whitespace))
    };
    let start = skip_whitespace(text, 0);
    if start == 0 {
        return false;
    }
    let rest = &text[start..];
    // The optional word: `\w+` must take its whole run of word chars, as whitespace (which
    // must follow it) is never a word char.
    let word_end = rest
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(rest.len(), |(k, _)| k);
    if word_end > 0 {
        let next = skip_whitespace(rest, word_end);
        if next > word_end && verb_at(&rest[next..]) {
            return true;
        }
    }
    verb_at(rest)
}

/// Whether `(?i)punkt|pkt` matches the sentence. Both words start with 'p', which only 'p'
/// and 'P' fold to; the one other char that folds to one of their letters is 'K' (Kelvin
/// sign, to 'k'), whose last byte (0xAA) sends the rare sentence holding it to the regex.
/// Otherwise each 'p' or 'P' (found by memchr) is compared up to ASCII case.
fn mentions_point(sentence: &str) -> bool {
    static POINT: OnceLock<Regex> = OnceLock::new();
    let bytes = sentence.as_bytes();
    if bytes.contains(&0xAA) {
        return re(&POINT, r"(?i)punkt|pkt").is_match(sentence);
    }
    let word_at = |at: usize| {
        let rest = &bytes[at + 1..];
        let starts = |tail: &[u8]| {
            rest.get(..tail.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(tail))
        };
        starts(b"unkt") || starts(b"kt")
    };
    sentence.match_indices('p').any(|(at, _)| word_at(at))
        || sentence.match_indices('P').any(|(at, _)| word_at(at))
}

/// Points of the Indstilling a unit names: "indstillingens punkt 1 og 2", "indstillingspunkt
/// 3", "punkt 2 i indstillingen".
pub fn recommendation_points(sentence: &str) -> Vec<i32> {
    // Both readings need "punkt" or "pkt" (same `(?i)` folding): without either, no points.
    if !mentions_point(sentence) {
        return Vec::new();
    }
    let mut points = BTreeSet::new();
    let lists =
        point_lists(sentence, point_list_before).chain(point_lists(sentence, point_list_after));
    for list in lists {
        for n in attendance::item_numbers(list) {
            points.insert(n as i32);
        }
    }
    points.into_iter().collect()
}

/// The points' list as the two patterns' first group, `(?i)indstilling(?:ens|s)?\s*(?:i\s+)?
/// (?:punkt(?:erne)?|pkt\.?)\s*{LIST}` and `(?i)(?:punkt(?:erne)?|pkt\.?)\s+{LIST}\s+i\s+
/// indstillingen` with LIST `(\d{1,2}(?:\s*(?:,|og|-|–|til)\s*\d{1,2})*)`, read by hand (their
/// Unicode `\d`, `\s` and `(?i)` cost ~3.7 M instructions to build per run). `captures_iter`'s
/// leftmost-first search: each match is the first way (in the pattern's order of preference)
/// that matches at the first start that has one, at or after the end of the previous match.
fn point_lists(text: &str, read_at: PointReader) -> impl Iterator<Item = &str> {
    let mut from = 0;
    std::iter::from_fn(move || {
        // Both patterns start with 'i' or 'p', which `(?i)` folds only with 'I' and 'P': no
        // match starts at another byte (and these ASCII bytes are char boundaries).
        let (list, end) = (from..text.len())
            .filter(|&at| matches!(text.as_bytes()[at], b'i' | b'I' | b'p' | b'P'))
            .find_map(|at| read_at(text, at))?;
        from = end;
        Some(&text[list.0..list.1])
    })
}

/// Reads one start of a pattern: the list's span and the match's end.
type PointReader = fn(&str, usize) -> Option<((usize, usize), usize)>;

/// The ends of `(?:punkt(?:erne)?|pkt\.?)` at `at`, in the pattern's order of preference.
fn point_word_ends(text: &str, at: usize) -> impl Iterator<Item = usize> {
    let rest = &text[at..];
    let punkt = starts_with_folded(rest, "punkt");
    let punkterne = punkt.and_then(|n| Some(n + starts_with_folded(&rest[n..], "erne")?));
    let pkt = starts_with_folded(rest, "pkt");
    let pkt_dot = pkt.filter(|&n| rest[n..].starts_with('.')).map(|n| n + 1);
    [punkterne, punkt, pkt_dot, pkt]
        .into_iter()
        .flatten()
        .map(move |n| at + n)
}

/// The end of `\d{1,2}` at `at` (greedy), if a digit is there.
fn point_number_end(text: &str, at: usize) -> Option<usize> {
    let end = text[at..]
        .char_indices()
        .take(2)
        .take_while(|&(_, c)| is_decimal_digit(c))
        .last()
        .map(|(k, c)| at + k + c.len_utf8())?;
    Some(end)
}

/// The ends LIST can take at `at`, most numbers first (its greedy `*` prefers more rounds).
/// No other way through LIST ends anywhere a pattern can go on from: a number of one digit
/// where two stand, or fewer blanks than there are, leaves a digit or a blank where a
/// separator, a digit, a blank of `\s+` or the end's 'i' must follow; and the separators
/// start with different chars (',', 'o', '-', '–', 't' and their folds), so at most one fits.
fn point_list_ends(text: &str, at: usize) -> Vec<usize> {
    let Some(mut end) = point_number_end(text, at) else {
        return Vec::new();
    };
    let mut ends = vec![end];
    loop {
        let separator_at = skip_whitespace(text, end);
        let rest = &text[separator_at..];
        let separator = if rest.starts_with([',', '-']) {
            Some(1)
        } else if rest.starts_with('–') {
            Some('–'.len_utf8())
        } else {
            starts_with_folded(rest, "og").or_else(|| starts_with_folded(rest, "til"))
        };
        let Some(separator) = separator else { break };
        let number_at = skip_whitespace(text, separator_at + separator);
        let Some(next) = point_number_end(text, number_at) else {
            break;
        };
        end = next;
        ends.push(end);
    }
    ends.reverse();
    ends
}

/// The first pattern at `at`: "indstillingens punkt 1 og 2". Its list ends the match, so the
/// greedy list is the one taken. `\s*` and `\s+` take their whole run of blanks (fewer would
/// leave a blank where 'i', a point word or a digit must follow).
fn point_list_before(text: &str, at: usize) -> Option<((usize, usize), usize)> {
    let word_end = at + starts_with_folded(&text[at..], "indstilling")?;
    let rest = &text[word_end..];
    // `(?:ens|s)?`: "ens" and "s" cannot both start here; the empty way comes last.
    let endings = [
        starts_with_folded(rest, "ens"),
        starts_with_folded(rest, "s"),
        Some(0),
    ];
    for ending in endings.into_iter().flatten() {
        let blanks_end = skip_whitespace(text, word_end + ending);
        // `(?:i\s+)?`: with "i" first, then without.
        let with_i = starts_with_folded(&text[blanks_end..], "i")
            .map(|n| blanks_end + n)
            .map(|i_end| (i_end, skip_whitespace(text, i_end)))
            .filter(|&(i_end, after)| after > i_end)
            .map(|(_, after)| after);
        for point_at in with_i.into_iter().chain([blanks_end]) {
            for point_end in point_word_ends(text, point_at) {
                let list_start = skip_whitespace(text, point_end);
                if let Some(&list_end) = point_list_ends(text, list_start).first() {
                    return Some(((list_start, list_end), list_end));
                }
            }
        }
    }
    None
}

/// The second pattern at `at`: "punkt 2 og 3 i indstillingen". The list is followed by more
/// of the pattern, so each end it can take is tried, most numbers first.
fn point_list_after(text: &str, at: usize) -> Option<((usize, usize), usize)> {
    for point_end in point_word_ends(text, at) {
        let list_start = skip_whitespace(text, point_end);
        if list_start == point_end {
            continue;
        }
        for list_end in point_list_ends(text, list_start) {
            let i_at = skip_whitespace(text, list_end);
            let Some(i_len) = starts_with_folded(&text[i_at..], "i").filter(|_| i_at > list_end)
            else {
                continue;
            };
            let word_at = skip_whitespace(text, i_at + i_len);
            if word_at == i_at + i_len {
                continue;
            }
            if let Some(len) = starts_with_folded(&text[word_at..], "indstillingen") {
                return Some(((list_start, list_end), word_at + len));
            }
        }
    }
    None
}

/// One voter as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voter {
    Person(PersonRef),
    Party(String),
}

/// What one vote line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteLine {
    pub option: VoteOption,
    pub voters: Vec<Voter>,
    /// The number stated ("For stemte 11 (...)"), if any.
    pub count: Option<i32>,
    /// Voters that could not be read (the line is kept, these pieces are reported).
    pub unreadable: Vec<String>,
}

/// What [`read_voters`] drops from the start of a list: "Et flertal bestående af", "Partierne".
const VOTERS_PREFIX: &str = concat!(
    r"(?i)^(?:et\s+)?(?:flertal|mindretal)(?:\s+(?:bestående\s+)?af)?\s*(?:\(|:)?\s*|",
    r"^partierne\s+",
);

/// Whether [`VOTERS_PREFIX`] may match `list` (a proptest checks that it does wherever the
/// pattern matches): `list` starts with "flertal", "mindretal" or "partierne", or with "et",
/// whitespace and one of the first two, up to ASCII case (these letters fold with nothing
/// else; `\s` is `char::is_whitespace`, both Unicode White_Space). Most lists ("A, V og O",
/// "Et enigt udvalg") do not, and then the pattern need not be built (~1.4 M instructions).
fn may_have_voters_prefix(list: &str) -> bool {
    let starts = |text: &str, word: &str| {
        text.as_bytes()
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
    };
    let side = |text: &str| starts(text, "flertal") || starts(text, "mindretal");
    if side(list) || starts(list, "partierne") {
        return true;
    }
    let Some(after_et) = list.get(2..).filter(|_| starts(list, "et")) else {
        return false;
    };
    let side_start = after_et.trim_start_matches(char::is_whitespace);
    side_start.len() < after_et.len() && side(side_start)
}

fn read_voters(list: &str) -> (Vec<Voter>, Vec<String>) {
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    let list = list.trim();
    // Without a possible prefix, `replace` would give the list back as it is.
    let list = if may_have_voters_prefix(list) {
        re(&PREFIX, VOTERS_PREFIX).replace(list, "")
    } else {
        std::borrow::Cow::Borrowed(list)
    };
    let mut list = list.trim();
    // "Et mindretal (Ø)": the prefix took the opening parenthesis, drop its closing one.
    if list.matches(')').count() > list.matches('(').count() {
        list = list.strip_suffix(')').unwrap_or(list).trim();
    }
    // "Et enigt udvalg", "Udvalget": everyone, unnamed.
    if list.is_empty() || lower_contains(list, "enig") || names::is_institution(list) {
        return (Vec::new(), Vec::new());
    }
    let pieces = names::split_list(list);
    if !pieces.is_empty() && pieces.iter().all(|p| names::looks_like_party(p)) {
        return (pieces.into_iter().map(Voter::Party).collect(), Vec::new());
    }
    // The list split once: `parse_list(list)` would split it again.
    match names::parse_pieces(list, &pieces) {
        Ok(people) => (people.into_iter().map(Voter::Person).collect(), Vec::new()),
        Err(bad) => {
            // A mixed list: parties where they read as parties, people where they read as
            // people; whatever reads as neither is reported.
            let mut voters = Vec::new();
            let mut unreadable = Vec::new();
            for piece in pieces {
                if names::looks_like_party(&piece) {
                    voters.push(Voter::Party(piece));
                } else if let Ok(people) = names::parse_list(&piece) {
                    voters.extend(people.into_iter().map(Voter::Person));
                } else {
                    unreadable.push(piece);
                }
            }
            if voters.is_empty() {
                (Vec::new(), bad)
            } else {
                (voters, unreadable)
            }
        }
    }
}

/// A vote line by count: "For stemte 11 (A, V, O)", "Undlod at stemme 5 (C, F)".
const BY_COUNT_PATTERN: &str = concat!(
    r"(?i)^(?:(?P<yes>for)\s+(?:stemte|stemmer)|(?P<no>imod)\s+(?:stemte|stemmer)|",
    r"(?P<abs>undlod\s+at\s+stemme|undlader\s+at\s+stemme|",
    r"hverken\s+for\s+eller\s+imod\s+stemte|",
    r"blankt\s+stemte))\s*:?\s*(?P<n>\d+)?\s*(?:\((?P<list>[^)]*)\)|",
    r":?\s*(?P<list2>.*))$",
);

/// Whether [`BY_COUNT_PATTERN`] may match `s`: it is anchored and starts with one of these
/// words under `(?i)`, which starts_with_folded follows. Most lines holding "stem" start
/// otherwise and are not searched.
fn by_count_may_match(s: &str) -> bool {
    ["for", "imod", "undlod", "undlader", "hverken", "blankt"]
        .iter()
        .any(|word| starts_with_folded(s, word).is_some())
}

/// Read a vote line: "X, Y og Z stemmer for ændringsforslaget", "X undlader at stemme",
/// "For stemte 11 (A, V, O)", "Undlod at stemme 5 (C, F)".
pub fn read_vote(sentence: &str) -> Option<VoteLine> {
    static BY_COUNT: OnceLock<Regex> = OnceLock::new();
    let s = sentence.trim().trim_end_matches('.').trim();
    // Every vote line the three patterns below read holds "stem" ("stemte", "stemmer", "at
    // stemme"): checking for it first (same case folding) skips them on most sentences, where
    // their Unicode \b makes the regex engine fall back to its slow capture search.
    if !mentions_stem(s) {
        return None;
    }
    let by_count = by_count_may_match(s).then(|| re(&BY_COUNT, BY_COUNT_PATTERN));
    if let Some(c) = by_count.and_then(|r| r.captures(s)) {
        let option = if c.name("yes").is_some() {
            VoteOption::Yes
        } else if c.name("no").is_some() {
            VoteOption::No
        } else {
            VoteOption::Abstain
        };
        let count = c.name("n").and_then(|n| n.as_str().parse().ok());
        let list = c
            .name("list")
            .or_else(|| c.name("list2"))
            .map_or("", |m| m.as_str());
        let (voters, unreadable) = read_voters(list);
        return Some(VoteLine {
            option,
            voters,
            count,
            unreadable,
        });
    }
    let (who, option) = match abstainers(s) {
        Some(who) => (who, VoteOption::Abstain),
        None => voters_by_person(s)?,
    };
    let (voters, unreadable) = read_voters(who);
    Some(VoteLine {
        option,
        voters,
        count: None,
        unreadable,
    })
}

/// Whether `(?i)stem` matches `text`. Under Unicode simple case folding only 'S' and 'ſ'
/// (U+017F, bytes C5 BF) join 's', and only the upper-case letters 't', 'e' and 'm' (a test
/// checks every char): a text without the byte BF matches where it holds "stem" up to ASCII
/// case. The rare text with that byte asks the regex.
fn mentions_stem(text: &str) -> bool {
    static STEM: OnceLock<Regex> = OnceLock::new();
    if text.as_bytes().contains(&0xBF) {
        return re(&STEM, r"(?i)stem").is_match(text);
    }
    contains_ignore_ascii_case(text, "stem")
}

/// `(?i)^(?P<who>.+?)\s+` and then what `tail` reads after the whitespace: the shortest `who`
/// (at least one char, no line break, as `.+?` takes) for which it reads something. `tail`
/// starts with a letter, so `\s+` takes the whole run of whitespace before it.
fn shortest_who<T>(s: &str, tail: impl Fn(&str) -> Option<T>) -> Option<(&str, T)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    if first == '\n' {
        return None;
    }
    for (at, c) in chars {
        if c.is_whitespace() {
            if let Some(read) = tail(&s[skip_whitespace(s, at)..]) {
                return Some((&s[..at], read));
            }
        }
        if c == '\n' {
            return None;
        }
    }
    None
}

/// The bytes `words` take at the start of `text` under `(?i)` folding, joined by `\s+`.
fn folded_words(text: &str, words: &[&str]) -> Option<usize> {
    let mut at = 0;
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            let next = skip_whitespace(text, at);
            if next == at {
                return None;
            }
            at = next;
        }
        at += starts_with_folded(&text[at..], word)?;
    }
    Some(at)
}

/// Who abstains in `(?i)^(?P<who>.+?)\s+(?:undlader|undlod)\s+at\s+stemme\b`, read by hand
/// (the regex's Unicode `\b` cost more to build than a run spends reading with it).
fn abstainers(s: &str) -> Option<&str> {
    let tail = |rest: &str| {
        ["undlader", "undlod"].iter().find_map(|verb| {
            folded_words(rest, &[verb, "at", "stemme"]).filter(|end| word_boundary(rest, *end))
        })
    };
    shortest_who(s, tail).map(|(who, _)| who)
}

/// Who votes how in `(?i)^(?P<who>.+?)\s+(?:stemmer|stemte|stemmede)\s+(?P<how>hverken\s+for
/// \s+eller\s+imod|blankt|for|imod)\b`, read by hand like [`abstainers`].
fn voters_by_person(s: &str) -> Option<(&str, VoteOption)> {
    const HOW: &[(&[&str], VoteOption)] = &[
        (&["hverken", "for", "eller", "imod"], VoteOption::Abstain),
        (&["blankt"], VoteOption::Abstain),
        (&["for"], VoteOption::Yes),
        (&["imod"], VoteOption::No),
    ];
    let tail = |rest: &str| {
        ["stemmer", "stemte", "stemmede"].iter().find_map(|verb| {
            let end = folded_words(rest, &[verb])?;
            let next = skip_whitespace(rest, end);
            if next == end {
                return None;
            }
            HOW.iter().find_map(|(words, option)| {
                folded_words(&rest[next..], words)
                    .filter(|len| word_boundary(rest, next + len))
                    .map(|_| *option)
            })
        })
    };
    shortest_who(s, tail)
}

const BLOC_PATTERN: &str = concat!(
    r"(?i)^(?:et\s+)?(?P<side>flertal|",
    r"mindretal)\s+(?:i\s+udvalget\s+)?(?:bestående\s+af\s+|af\s+)?(?P<list>\([^)]*\)|",
    r".+?)\s+(?P<verb>godkender|godkendte|anbefaler|anbefalede|tiltræder|tiltrådte|",
    r"stemmer|stemte|kan|kunne|vil|ville|ønsker|ønskede|tager|tog|undlader|undlod|",
    r"afviser|afviste|støtter|støttede)\b(?P<rest>.*)$",
);

/// The verbs of [`BLOC_PATTERN`], each as a phrase with no `\b` (see [`holds_phrase`]), but
/// "ønsker" and "ønskede" without their 'ø': [`holds_phrase`] starts phrases only at ASCII
/// letters (and the chars that fold to them), and a text that holds a verb holds its tail.
const BLOC_VERBS: &[Phrase] = &[
    phrase(&["godkender"], false, false),
    phrase(&["godkendte"], false, false),
    phrase(&["anbefaler"], false, false),
    phrase(&["anbefalede"], false, false),
    phrase(&["tiltræder"], false, false),
    phrase(&["tiltrådte"], false, false),
    phrase(&["stemmer"], false, false),
    phrase(&["stemte"], false, false),
    phrase(&["kan"], false, false),
    phrase(&["kunne"], false, false),
    phrase(&["vil"], false, false),
    phrase(&["ville"], false, false),
    phrase(&["nsker"], false, false),
    phrase(&["nskede"], false, false),
    phrase(&["tager"], false, false),
    phrase(&["tog"], false, false),
    phrase(&["undlader"], false, false),
    phrase(&["undlod"], false, false),
    phrase(&["afviser"], false, false),
    phrase(&["afviste"], false, false),
    phrase(&["støtter"], false, false),
    phrase(&["støttede"], false, false),
];

/// Whether [`BLOC_PATTERN`] may match the trimmed `sentence` (a proptest checks that it does
/// whenever the pattern does), so that a run whose sentences never name a bloc does not build
/// the pattern (~1.6 M instructions). The pattern starts at the start with "et", "flertal" or
/// "mindretal", whose letters fold only with their other ASCII case (see
/// [`starts_with_folded`]), and holds one of the verbs, as [`holds_phrase`] reads them.
fn may_be_bloc(sentence: &str) -> bool {
    let bytes = sentence.as_bytes();
    let starts = |word: &[u8]| {
        bytes
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
    };
    (starts(b"et") || starts(b"flertal") || starts(b"mindretal"))
        && holds_phrase(sentence, BLOC_VERBS)
}

/// A majority or minority named with what it did: "Et flertal bestående af A, V og O godkender
/// indstillingen", "Et mindretal (Ø) kan ikke anbefale indstillingen". Returns the vote line and
/// whether it is the majority (whose sentence is also the decision).
pub fn read_bloc(sentence: &str) -> Option<(VoteLine, bool)> {
    static BLOC: OnceLock<Gated> = OnceLock::new();
    let sentence = sentence.trim();
    if !may_be_bloc(sentence) {
        return None;
    }
    let c = gated(&BLOC, BLOC_PATTERN).captures(sentence)?;
    let verb = c["verb"].to_lowercase();
    let rest = c["rest"].to_lowercase();
    let option = if verb.starts_with("undl") {
        VoteOption::Abstain
    } else if verb.starts_with("afvis") || rest.contains("imod") || rest.contains("ikke") {
        VoteOption::No
    } else {
        VoteOption::Yes
    };
    let list = c["list"]
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')');
    let (voters, unreadable) = read_voters(list);
    let majority = c["side"].eq_ignore_ascii_case("flertal");
    Some((
        VoteLine {
            option,
            voters,
            count: None,
            unreadable,
        },
        majority,
    ))
}

/// Counts stated in words inside a sentence: "vedtaget med 5 stemmer mod 2", "med 6 stemmer
/// for og 3 imod, 1 undlod at stemme". [yes, no, abstain].
fn stated_counts(sentence: &str) -> [Option<i32>; 3] {
    static AGAINST_FORM: OnceLock<Regex> = OnceLock::new();
    static YES: OnceLock<Regex> = OnceLock::new();
    static NO: OnceLock<Regex> = OnceLock::new();
    static ABS: OnceLock<Regex> = OnceLock::new();
    if !lower_contains(sentence, "stem") {
        return [None; 3];
    }
    let s = sentence.to_lowercase();
    let num = |cell: &'static OnceLock<Regex>, p: &str| -> Option<i32> {
        re(cell, p).captures(&s).and_then(|c| c[1].parse().ok())
    };
    if let Some(c) = re(&AGAINST_FORM, r"(\d+)\s+stemmer?\s+mod\s+(\d+)").captures(&s) {
        return [
            c[1].parse().ok(),
            c[2].parse().ok(),
            num(
                &ABS,
                r"(\d+)\s+(?:stemmer?\s+)?(?:undlod|undlader|hverken|blank)",
            ),
        ];
    }
    [
        num(&YES, r"(\d+)\s+(?:stemmer?\s+)?for\b"),
        num(&NO, r"(\d+)\s+(?:stemmer?\s+)?imod\b"),
        num(
            &ABS,
            r"(\d+)\s+(?:stemmer?\s+)?(?:undlod|undlader|hverken|blank)",
        ),
    ]
}

/// A result sentence: "Ændringsforslaget er dermed forkastet", "Indstillingen blev vedtaget".
/// Returns whether the motion passed.
///
/// What `(?i)^(?:det\s+)?(?:ændringsforslag(?:et)?|forslag(?:et)?|indstilling(?:en)?|sagen|
/// motionen|beslutningsforslag(?:et)?)\b.{0,120}?\s(?:er|blev|var)\s+(?:\w+\s+){0,2}?
/// (?P<verb>vedtaget|forkastet|godkendt|nedstemt|bortfaldet|faldet|afvist)\b` finds, scanned
/// by hand in the order the regex tries its ways (its `.{0,120}` of Unicode chars cost more
/// to build than a run spends reading with it): the verb of the first way that matches.
fn read_result(sentence: &str) -> Option<bool> {
    const SUBJECTS: &[&str] = &[
        "ændringsforslaget",
        "ændringsforslag",
        "forslaget",
        "forslag",
        "indstillingen",
        "indstilling",
        "sagen",
        "motionen",
        "beslutningsforslaget",
        "beslutningsforslag",
    ];
    let s = sentence;
    // `(?:det\s+)?` is greedy: with "det" first. No subject starts with whitespace, so `\s+`
    // takes the whole run.
    let after_det = starts_with_folded(s, "det").and_then(|len| {
        let next = skip_whitespace(s, len);
        (next > len).then_some(next)
    });
    for start in after_det.into_iter().chain([0]) {
        for subject in SUBJECTS {
            let Some(len) = starts_with_folded(&s[start..], subject) else {
                continue;
            };
            let end = start + len;
            if !word_boundary(s, end) {
                continue;
            }
            if let Some(verb) = result_verb_after(s, end) {
                return Some(matches!(verb, "vedtaget" | "godkendt"));
            }
        }
    }
    None
}

/// `.{0,120}?\s(?:er|blev|var)\s+(?:\w+\s+){0,2}?(?P<verb>...)\b` from byte `from` of `s`
/// (see [`read_result`]): the verb of the first way that matches.
fn result_verb_after(s: &str, from: usize) -> Option<&'static str> {
    const VERBS: &[&str] = &[
        "vedtaget",
        "forkastet",
        "godkendt",
        "nedstemt",
        "bortfaldet",
        "faldet",
        "afvist",
    ];
    let verb_at = |at: usize| {
        VERBS.iter().copied().find(|verb| {
            starts_with_folded(&s[at..], verb).is_some_and(|len| word_boundary(s, at + len))
        })
    };
    let mut at = from;
    for _ in 0..=120 {
        let c = s[at..].chars().next()?;
        if c.is_whitespace() {
            let linked = at + c.len_utf8();
            let link = ["er", "blev", "var"]
                .iter()
                .find_map(|w| starts_with_folded(&s[linked..], w));
            if let Some(len) = link {
                let mut next = skip_whitespace(s, linked + len);
                if next > linked + len {
                    // Lazy `{0,2}?`: no word between first, then one, then two. `\w+` must take
                    // a whole run of word chars (whitespace, which follows, is never one).
                    for words in 0..=2 {
                        if words > 0 {
                            let word_end = s[next..]
                                .char_indices()
                                .find(|(_, c)| !is_word_char(*c))
                                .map_or(s.len(), |(k, _)| next + k);
                            let after = skip_whitespace(s, word_end);
                            if word_end == next || after == word_end {
                                break;
                            }
                            next = after;
                        }
                        if let Some(verb) = verb_at(next) {
                            return Some(verb);
                        }
                    }
                }
            }
        }
        // `.` takes any char but a line break.
        if c == '\n' {
            return None;
        }
        at += c.len_utf8();
    }
    None
}

/// Whether `text.to_lowercase()` contains `needle` (lower-case ASCII), without the copy.
/// Lower-casing maps each ASCII char to one ASCII char, and of all other chars only 'K'
/// (Kelvin sign, to "k") and 'İ' (to "i̇") to anything ASCII: without those two in the text,
/// an ASCII needle is in the lower-cased text exactly where it is in the text up to ASCII
/// case (a byte of a non-ASCII char never equals an ASCII byte).
fn lower_contains(text: &str, needle: &str) -> bool {
    if may_lower_to_ascii(text) {
        return text.to_lowercase().contains(needle);
    }
    contains_ignore_ascii_case(text, needle)
}

/// Whether `text` may hold 'K' (Kelvin sign, E2 84 AA) or 'İ' (C4 B0): the only non-ASCII
/// chars that lower-case to ASCII letters. A false alarm (another char with one of these
/// bytes) only sends the caller down its slow, exact path; `contains` on bytes is a memchr.
fn may_lower_to_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.contains(&0xAA) || bytes.contains(&0xB0)
}

/// Whether `haystack` holds `needle` (lower-case ASCII) up to ASCII case: whether its
/// ASCII-lower-cased copy holds the needle. That copy maps each ASCII byte to one ASCII byte
/// and leaves every other byte as it is, so the needle is found where it stood up to ASCII
/// case; one pass to copy and std's vectorised substring search cost less than comparing at
/// every byte that starts like the needle (common letters: 's', 'f', 't', 'v').
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack.to_ascii_lowercase().contains(needle)
}

/// Whether the lower-cased sentence holds "ændringsforslag". Only 'æ' and 'Æ' lower-case to
/// 'æ'; the rest of the word is ASCII without 'k', and the one char that lower-cases to more
/// than one ('İ') gives a U+0307 the word does not hold: so it is 'æ' or 'Æ' followed by
/// "ndringsforslag" up to ASCII case, found without lower-casing the sentence.
fn mentions_amendment(sentence: &str) -> bool {
    let tail = b"ndringsforslag";
    sentence
        .as_bytes()
        .windows(2 + tail.len())
        .any(|w| w[0] == 0xC3 && matches!(w[1], 0xA6 | 0x86) && w[2..].eq_ignore_ascii_case(tail))
}

/// Whether a sentence says adopted ("vedtaget") or rejected ("forkastet") in so many words.
fn says_adopted(sentence: &str) -> Option<bool> {
    // One lower-cased copy for the three words, as lower_contains would make for each (see
    // there: without 'K' or 'İ' in the text, ASCII lower-casing finds the same).
    let lower = if may_lower_to_ascii(sentence) {
        sentence.to_lowercase()
    } else {
        sentence.to_ascii_lowercase()
    };
    if lower.contains("forkastet") || lower.contains("nedstemt") {
        Some(false)
    } else if lower.contains("vedtaget") {
        Some(true)
    } else {
        None
    }
}

/// One alternative of a `(?i)` pattern of words joined by `\s+`, perhaps with `\b` before
/// and after it (see [`holds_phrase`]).
struct Phrase {
    words: &'static [&'static str],
    boundary_before: bool,
    boundary_after: bool,
}

const fn phrase(words: &'static [&'static str], before: bool, after: bool) -> Phrase {
    Phrase {
        words,
        boundary_before: before,
        boundary_after: after,
    }
}

/// Whether any of `phrases` matches somewhere in `text`, as the `(?i)` regex of their
/// alternatives would find: at each char that may start one (its first letter in either
/// case; only 'ſ' and 'K' fold to ASCII letters besides upper case, and `starts_with_folded`
/// decides for them), each phrase is compared under the folding, `\s+` taking the whole run
/// of whitespace (every word starts with a letter). Used where a regex's build cost more than
/// all its searches.
fn holds_phrase(text: &str, phrases: &[Phrase]) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|at| {
        // The first letter a char here folds to: ASCII letters by their bytes, 'ſ' (C5 BF)
        // and 'K' (E2 84 AA) by theirs; no other char starts a phrase (and a byte inside a
        // char is none of these, as ASCII bytes and lead bytes never are).
        let first = match bytes[at] {
            b @ (b'a'..=b'z' | b'A'..=b'Z') => b.to_ascii_lowercase(),
            0xC5 if bytes.get(at + 1) == Some(&0xBF) => b's',
            0xE2 if bytes.get(at + 1..at + 3) == Some(&[0x84, 0xAA]) => b'k',
            _ => return false,
        };
        phrases.iter().any(|p| {
            p.words[0].as_bytes()[0] == first
                && (!p.boundary_before || word_boundary(text, at))
                && folded_words(&text[at..], p.words)
                    .is_some_and(|len| !p.boundary_after || word_boundary(text, at + len))
        })
    })
}

/// `(?i)\b(?:stiller|stillede|fremsætter|fremsatte|foreslår|foreslog|stillet\s+af|
/// fremsat\s+af)\b`, read by hand (see [`holds_phrase`]; a proptest compares with the regex):
/// its Unicode `\b` cost more to build than the few amendment sentences cost to scan.
const PROPOSING_VERBS: &[Phrase] = &[
    phrase(&["stiller"], true, true),
    phrase(&["stillede"], true, true),
    phrase(&["fremsætter"], true, true),
    phrase(&["fremsatte"], true, true),
    phrase(&["foreslår"], true, true),
    phrase(&["foreslog"], true, true),
    phrase(&["stillet", "af"], true, true),
    phrase(&["fremsat", "af"], true, true),
];

fn is_amendment_proposal(sentence: &str) -> bool {
    mentions_amendment(sentence) && holds_phrase(sentence, PROPOSING_VERBS)
}

/// The proposers of an amendment: people ("Udvalgsmedlemmerne A, B og C stiller ..."), or
/// parties as written when a party moves it ("Enhedslisten fremsætter ...").
fn amendment_proposers(sentence: &str) -> Result<Vec<String>, Vec<String>> {
    // The three ways are tried in turn: most amendments are read by the first.
    let ways: [fn(&str) -> Option<&str>; 3] = [
        proposers_after_verb,
        proposers_before_verb,
        proposers_of_passive,
    ];
    let mut last_err = vec![sentence.to_string()];
    for way in ways {
        if let Some(who) = way(sentence) {
            let (voters, unreadable) = read_voters(who);
            if !voters.is_empty() && unreadable.is_empty() {
                return Ok(voters
                    .into_iter()
                    .map(|v| match v {
                        Voter::Person(p) => p.person_name,
                        Voter::Party(party) => party,
                    })
                    .collect());
            }
            if !unreadable.is_empty() {
                last_err = unreadable;
            }
        }
    }
    Err(last_err)
}

/// The verbs of a proposal, in the order the patterns below list them.
const PROPOSING: [&str; 6] = [
    "fremsætter",
    "fremsatte",
    "stiller",
    "stillede",
    "foreslår",
    "foreslog",
];

/// Whether `\s+(?:(?:følgende|et|nyt|sit|deres)\s+)*ændringsforslag` matches at `at` (under
/// `(?i)`, see [`starts_with_folded`]). Each `\s+` takes its whole run of blanks (a letter
/// must follow it), and the words and "ændringsforslag" start with different letters, so at
/// most one way goes on at each step.
fn amendment_follows(text: &str, at: usize) -> bool {
    const WORDS: [&str; 5] = ["følgende", "et", "nyt", "sit", "deres"];
    let mut at = at;
    loop {
        let next = skip_whitespace(text, at);
        if next == at {
            return false;
        }
        let rest = &text[next..];
        if starts_with_folded(rest, "ændringsforslag").is_some() {
            return true;
        }
        match WORDS.iter().find_map(|w| starts_with_folded(rest, w)) {
            Some(len) => at = next + len,
            None => return false,
        }
    }
}

/// `who` of `(?i)\b(?:fremsætter|fremsatte|stiller|stillede|foreslår|foreslog)\s+(?P<who>.+?)
/// \s+(?:(?:følgende|et|nyt|sit|deres)\s+)*ændringsforslag` ("... stiller A, B og C følgende
/// ændringsforslag"), read by hand (its Unicode `\b` and `.+?` cost ~1.6 M instructions to
/// build per run) in the order the regex tries its ways: the first start with a way, each verb
/// in turn, `\s+` from its whole run of blanks down to one, then the shortest `who` (one char or
/// more, no line break) that [`amendment_follows`].
fn proposers_after_verb(s: &str) -> Option<&str> {
    for (start, _) in s.char_indices() {
        for verb in PROPOSING {
            let Some(len) = starts_with_folded(&s[start..], verb) else {
                continue;
            };
            if !word_boundary(s, start) {
                continue;
            }
            let verb_end = start + len;
            let blanks: Vec<usize> = s[verb_end..]
                .char_indices()
                .take_while(|&(_, c)| c.is_whitespace())
                .map(|(k, c)| verb_end + k + c.len_utf8())
                .collect();
            for &who_start in blanks.iter().rev() {
                for (k, c) in s[who_start..].char_indices() {
                    if c == '\n' {
                        break;
                    }
                    let who_end = who_start + k + c.len_utf8();
                    if amendment_follows(s, who_end) {
                        return Some(&s[who_start..who_end]);
                    }
                }
            }
        }
    }
    None
}

/// `who` of `(?i)^(?P<who>.+?)\s+(?:fremsætter|fremsatte|stiller|stillede|foreslår|foreslog)\b`
/// ("Enhedslisten fremsætter ..."), read by hand like [`abstainers`].
fn proposers_before_verb(s: &str) -> Option<&str> {
    let tail = |rest: &str| {
        PROPOSING
            .iter()
            .find_map(|verb| starts_with_folded(rest, verb).filter(|&end| word_boundary(rest, end)))
    };
    shortest_who(s, tail).map(|(who, _)| who)
}

/// `who` of "... stillet af A og B: ...".
fn proposers_of_passive(s: &str) -> Option<&str> {
    static PASSIVE: OnceLock<Regex> = OnceLock::new();
    let passive = re(
        &PASSIVE,
        r"(?i)(?:stillet|fremsat)\s+af\s+(?P<who>[^:.]+?)\s*(?:[:.]|$)",
    );
    Some(passive.captures(s)?.name("who")?.as_str())
}

fn is_put_to_vote(sentence: &str) -> bool {
    lower_contains(sentence, "til afstemning")
}

/// `(?i)ført\s+(?:til|i)\s+protokol|til\s+protokollen|protokolbemærk|protokollat|
/// mindretalsudtalelse|\btager\s+forbehold|\btog\s+forbehold|tilført\s+referatet|
/// ført\s+til\s+referat`, read by hand (see [`holds_phrase`]; a proptest compares with the
/// regex): building even its loose form (without `\b`) cost ~1.8 M instructions a run, more
/// than reading every sentence asked about.
const REMARK_PHRASES: &[Phrase] = &[
    phrase(&["ført", "til", "protokol"], false, false),
    phrase(&["ført", "i", "protokol"], false, false),
    phrase(&["til", "protokollen"], false, false),
    phrase(&["protokolbemærk"], false, false),
    phrase(&["protokollat"], false, false),
    phrase(&["mindretalsudtalelse"], false, false),
    phrase(&["tager", "forbehold"], true, false),
    phrase(&["tog", "forbehold"], true, false),
    phrase(&["tilført", "referatet"], false, false),
    phrase(&["ført", "til", "referat"], false, false),
];

fn is_protocol_remark(sentence: &str) -> bool {
    may_be_protocol_remark(sentence) && holds_phrase(sentence, REMARK_PHRASES)
}

/// Whether `sentence` holds "proto", "forbehold", "referat" or "mindretal" up to ASCII case:
/// every phrase of [`REMARK_PHRASES`] holds one of them, and their letters fold with nothing
/// but their other ASCII case (see [`starts_with_folded`]: only 'k', 's' and 'å' fold with
/// other chars), so a sentence without any cannot be a remark. Each word is looked for at
/// the 'r' it holds (found sixteen bytes at a time), which is where most bytes are passed
/// over: reading every letter for the phrases cost more than the regex they replaced.
fn may_be_protocol_remark(sentence: &str) -> bool {
    /// Each word and the offset of its first 'r'.
    const AT_R: [(&[u8], usize); 4] = [
        (b"proto", 1),
        (b"forbehold", 2),
        (b"referat", 0),
        (b"mindretal", 4),
    ];
    let bytes = sentence.as_bytes();
    let mut found = false;
    super::amounts::scan::for_each_of_two(bytes, b'r', b'R', |r| {
        found = found
            || AT_R.iter().any(|(word, offset)| {
                r.checked_sub(*offset)
                    .and_then(|start| bytes.get(start..start + word.len()))
                    .is_some_and(|there| there.eq_ignore_ascii_case(word))
            });
    });
    found
}

/// A motion being read.
#[derive(Debug, Clone)]
struct Motion {
    kind: Kind,
    text: Vec<String>,
    /// The sentence moving an amendment ("X stiller følgende ændringsforslag:"), the text of
    /// last resort when the wording is not found.
    announcement: Option<String>,
    /// Lines that are only about voting, used as text when nothing else names the motion.
    vote_lines: Vec<String>,
    outcome: Option<Outcome>,
    /// Some(true) pass, Some(false) fail.
    passed: Option<bool>,
    proposers: Vec<String>,
    points: BTreeSet<i32>,
    voters: Vec<(Voter, VoteOption)>,
    stated: [Option<i32>; 3],
    /// An option was voted on by voters the record does not name or number ("et enigt
    /// udvalg", an unreadable list): its count is unknown.
    unknown: [bool; 3],
    vote_recorded: bool,
    decided_by: Option<String>,
    /// The result is stated: no more votes belong here.
    closed: bool,
    /// Created by votes or "sat til afstemning" before any sentence said what it decides.
    pending: bool,
    /// An amendment announced whose wording has not been read yet.
    awaiting_text: bool,
    /// The paragraph the amendment's wording started in.
    text_paragraph: Option<usize>,
}

impl Motion {
    fn new(kind: Kind) -> Self {
        Motion {
            kind,
            text: Vec::new(),
            announcement: None,
            vote_lines: Vec::new(),
            outcome: None,
            passed: None,
            proposers: Vec::new(),
            points: BTreeSet::new(),
            voters: Vec::new(),
            stated: [None; 3],
            unknown: [false; 3],
            vote_recorded: false,
            decided_by: None,
            closed: false,
            pending: false,
            awaiting_text: false,
            text_paragraph: None,
        }
    }

    fn add_points(&mut self, sentence: &str) {
        self.points.extend(recommendation_points(sentence));
    }

    fn add_stated(&mut self, counts: [Option<i32>; 3]) {
        for (slot, value) in self.stated.iter_mut().zip(counts) {
            if value.is_some() {
                *slot = value;
                self.vote_recorded = true;
            }
        }
    }
}

fn strip_quotes(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| OPENING_QUOTES.contains(&c))
        .trim()
        .to_string()
}

/// Read an item's Beslutning section(s) into decisions, votes and attendance.
pub fn extract(ctx: &ItemContext, item: &ParsedItem) -> ItemDecisions {
    let mut out = ItemDecisions::default();
    // The sections joined with a blank line, borrowed when there is one (no copy).
    let Some(text) = super::section_text(item, SectionKind::Decision) else {
        return out;
    };
    let mut motions: Vec<Motion> = Vec::new();
    let mut attendance_rows = RowMaker::new(&ctx.meeting_id, Scope::Item(ctx.item_number));
    for unit in units(&text) {
        read_unit(&unit, &mut motions, &mut attendance_rows, ctx, &mut out);
    }
    for (index, motion) in motions.into_iter().enumerate() {
        finish(ctx, index + 1, motion, &mut out);
    }
    out
}

fn read_unit(
    unit: &Unit,
    motions: &mut Vec<Motion>,
    attendance_rows: &mut RowMaker<'_>,
    ctx: &ItemContext,
    out: &mut ItemDecisions,
) {
    let s = unit.text.as_str();
    if !unit.quoted {
        match attendance::read_sentence(s) {
            Some(Ok(absence)) => {
                out.attendance.extend(attendance_rows.rows(&absence, s));
                return;
            }
            Some(Err(bad)) => {
                out.problems.push(format!(
                    "{}: attendance sentence {:?}: could not read {:?} as names",
                    ctx.item_id, bad.sentence, bad.pieces
                ));
                return;
            }
            None => {}
        }
    }
    let vote = if unit.quoted { None } else { read_vote(s) };
    let result = if unit.quoted { None } else { read_result(s) };

    // An amendment's wording: the quoted block after "... stiller følgende ændringsforslag:",
    // or the sentences of the paragraph that follows it.
    if vote.is_none() && result.is_none() {
        if let Some(m) = motions.last_mut().filter(|m| m.kind == Kind::Amendment) {
            let continues = m.voters.is_empty()
                && !m.vote_recorded
                && (m.awaiting_text || m.text_paragraph == Some(unit.paragraph) || unit.quoted);
            if continues && !is_amendment_proposal(s) {
                m.text.push(strip_quotes(s));
                m.awaiting_text = false;
                m.text_paragraph.get_or_insert(unit.paragraph);
                m.add_points(s);
                return;
            }
        }
    }
    if unit.quoted {
        match motions.last_mut().filter(|m| !m.closed) {
            Some(m) => m.text.push(strip_quotes(s)),
            None => {
                let mut m = Motion::new(Kind::Decision);
                m.outcome = outcome_of(s);
                m.text.push(strip_quotes(s));
                motions.push(m);
            }
        }
        return;
    }
    if vote.is_none() && result.is_none() && is_amendment_proposal(s) {
        let mut m = Motion::new(Kind::Amendment);
        m.announcement = Some(s.to_string());
        match amendment_proposers(s) {
            Ok(people) => m.proposers = people,
            Err(bad) => out.problems.push(format!(
                "{}: amendment {s:?}: could not read the proposers {bad:?}",
                ctx.item_id
            )),
        }
        m.add_points(s);
        // Wording in the same sentence: "X stiller ændringsforslag: ...".
        match s.split_once(':').map(|(_, rest)| strip_quotes(rest)) {
            Some(rest) if !rest.is_empty() => {
                m.text.push(rest);
                m.text_paragraph = Some(unit.paragraph);
            }
            // "... følgende ændringsforslag:": the wording follows.
            _ if s.trim_end().ends_with(':') || s.to_lowercase().contains("følgende") => {
                m.awaiting_text = true
            }
            // "X stillede ændringsforslag om udsættelse, som blev forkastet.": all in one.
            _ => {
                m.passed = says_adopted(s);
                m.closed = m.passed.is_some();
            }
        }
        motions.push(m);
        return;
    }
    // A minority's position is a vote on the motion at hand, not a decision of its own.
    let bloc = if vote.is_none() { read_bloc(s) } else { None };
    let (vote, majority) = match bloc {
        Some((line, false)) => (Some(line), None),
        Some((line, true)) => (None, Some(line)),
        None => (vote, None),
    };
    if let Some(line) = vote {
        if !line.unreadable.is_empty() {
            out.problems.push(format!(
                "{}: vote line {s:?}: could not read {:?} as people or parties",
                ctx.item_id, line.unreadable
            ));
        }
        let open = motions.last().is_some_and(|m| !m.closed);
        if !open {
            let mut m = Motion::new(Kind::Decision);
            m.pending = true;
            motions.push(m);
        }
        if let Some(m) = motions.last_mut() {
            add_vote_line(m, line, s);
        }
        return;
    }
    if let Some(passed) = result {
        if let Some(m) = motions
            .last_mut()
            .filter(|m| !m.closed && (m.kind == Kind::Amendment || m.vote_recorded || m.pending))
        {
            m.passed = Some(passed);
            m.closed = true;
            m.add_points(s);
            m.add_stated(stated_counts(s));
            if m.pending || (m.text.is_empty() && m.announcement.is_none()) {
                m.text.push(s.to_string());
                m.pending = false;
            }
            if m.outcome.is_none() {
                m.outcome = outcome_of(s);
            }
            return;
        }
    }
    if is_put_to_vote(s) {
        let mentions_amendment = mentions_amendment(s);
        let open_amendment = motions
            .last()
            .is_some_and(|m| m.kind == Kind::Amendment && !m.closed);
        if !(mentions_amendment && open_amendment) {
            let mut m = Motion::new(if mentions_amendment {
                Kind::Amendment
            } else {
                Kind::Decision
            });
            m.pending = true;
            m.text.push(s.to_string());
            m.add_points(s);
            motions.push(m);
        }
        return;
    }
    if is_protocol_remark(s) {
        let mut m = Motion::new(Kind::Other);
        m.outcome = Some(Outcome::Other);
        m.text.push(s.to_string());
        m.closed = true;
        motions.push(m);
        return;
    }
    if let Some(outcome) = outcome_of(s) {
        let stated = stated_counts(s);
        let says_passed = says_adopted(s);
        match motions
            .last_mut()
            .filter(|m| m.pending && m.outcome.is_none())
        {
            Some(m) => {
                m.outcome = Some(outcome);
                m.text.push(s.to_string());
                m.pending = false;
                m.decided_by = decided_by(s);
                m.add_points(s);
                m.add_stated(stated);
                if says_passed.is_some() {
                    m.passed = says_passed;
                }
            }
            None => {
                let mut m = Motion::new(Kind::Decision);
                m.outcome = Some(outcome);
                m.text.push(s.to_string());
                m.decided_by = decided_by(s);
                m.add_points(s);
                m.add_stated(stated);
                m.passed = says_passed;
                motions.push(m);
            }
        }
        if let (Some(line), Some(m)) = (majority, motions.last_mut()) {
            if !line.unreadable.is_empty() {
                out.problems.push(format!(
                    "{}: majority {s:?}: could not read {:?} as people or parties",
                    ctx.item_id, line.unreadable
                ));
            }
            add_vote_line(m, line, s);
        }
        return;
    }
    // Anything else continues the decision it follows, or stands as its own row.
    match motions.last_mut() {
        Some(m) if m.kind == Kind::Decision && !m.vote_recorded && !m.pending => {
            m.text.push(s.to_string());
            m.add_points(s);
        }
        Some(m) if m.pending && m.outcome.is_none() => {
            m.text.push(s.to_string());
        }
        last => {
            let kind = if last.is_none() {
                Kind::Decision
            } else {
                Kind::Other
            };
            let mut m = Motion::new(kind);
            m.outcome = Some(Outcome::Other);
            m.text.push(s.to_string());
            m.add_points(s);
            motions.push(m);
        }
    }
}

/// Record a vote line on a motion.
fn add_vote_line(m: &mut Motion, line: VoteLine, sentence: &str) {
    m.vote_recorded = true;
    m.vote_lines.push(sentence.to_string());
    if let Some(n) = line.count {
        m.stated[line.option.index()] = Some(n);
    } else if line.voters.is_empty() || !line.unreadable.is_empty() {
        m.unknown[line.option.index()] = true;
    }
    m.voters
        .extend(line.voters.into_iter().map(|v| (v, line.option)));
}

/// Turn a read motion into its decision row and vote rows.
fn finish(ctx: &ItemContext, seq: usize, motion: Motion, out: &mut ItemDecisions) {
    let decision_id = format!("{}/{seq}", ctx.item_id);
    let mut counted = [0i32; 3];
    let mut party_rows = [false; 3];
    for (voter, option) in &motion.voters {
        counted[option.index()] += 1;
        if matches!(voter, Voter::Party(_)) {
            party_rows[option.index()] = true;
        }
    }
    let counts: [Option<i32>; 3] = std::array::from_fn(|i| {
        if !motion.vote_recorded {
            return None;
        }
        match motion.stated[i] {
            Some(n) => {
                if !party_rows[i] && counted[i] > 0 && counted[i] != n {
                    out.problems.push(format!(
                        "{decision_id}: the minutes state {n} votes but name {} voters",
                        counted[i]
                    ));
                }
                Some(n)
            }
            // Votes by party without a number, or voters not named: the number is unknown.
            None if party_rows[i] || motion.unknown[i] => None,
            None => Some(counted[i]),
        }
    });
    let passed = motion.passed.or_else(|| {
        if !motion.vote_recorded {
            return None;
        }
        match motion.outcome {
            Some(Outcome::Approved | Outcome::RecommendedToCouncil) => Some(true),
            Some(Outcome::Rejected) => Some(false),
            _ => match (counts[0], counts[1]) {
                (Some(yes), Some(no)) if yes != no => Some(yes > no),
                _ => None,
            },
        }
    });
    let outcome = match motion.kind {
        // An amendment is adopted or not: its outcome follows its result.
        Kind::Amendment => match passed {
            Some(true) => Outcome::Approved,
            Some(false) => Outcome::Rejected,
            None => motion.outcome.unwrap_or(Outcome::Other),
        },
        _ => motion.outcome.unwrap_or(match passed {
            Some(true) => Outcome::Approved,
            Some(false) => Outcome::Rejected,
            None => Outcome::Other,
        }),
    };
    let mut text = motion.text.join(" ");
    if text.is_empty() {
        text = motion
            .announcement
            .clone()
            .unwrap_or_else(|| motion.vote_lines.join(" "));
    }
    for (n, (voter, option)) in motion.voters.iter().enumerate() {
        let (voter_type, person_name, raw_name, role, party) = match voter {
            Voter::Person(p) => (
                "person",
                Some(p.person_name.clone()),
                p.raw_name.clone(),
                p.role.clone(),
                p.party.clone(),
            ),
            Voter::Party(party) => ("party", None, party.clone(), None, Some(party.clone())),
        };
        out.votes.push(VoteRow {
            vote_id: format!("{decision_id}/{}", n + 1),
            decision_id: decision_id.clone(),
            item_id: ctx.item_id.clone(),
            meeting_id: ctx.meeting_id.clone(),
            voter_type: voter_type.to_string(),
            person_name,
            raw_name,
            role,
            party,
            vote: option.as_str().to_string(),
        });
    }
    let proposers = motion.proposers;
    out.decisions.push(DecisionRow {
        decision_id,
        item_id: ctx.item_id.clone(),
        meeting_id: ctx.meeting_id.clone(),
        seq: seq as i32,
        kind: motion.kind.as_str().to_string(),
        text,
        outcome: outcome.as_str().to_string(),
        proposers: (!proposers.is_empty()).then_some(proposers),
        recommendation_points: (!motion.points.is_empty())
            .then(|| motion.points.into_iter().collect()),
        yes_count: counts[0],
        no_count: counts[1],
        abstain_count: counts[2],
        result: passed.map(|p| if p { "pass" } else { "fail" }.to_string()),
        decided_by: motion.decided_by,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    /// The two patterns [`proposers_after_verb`] and [`proposers_before_verb`] read by hand.
    fn proposer_patterns() -> [Regex; 2] {
        [
            Regex::new(concat!(
                r"(?i)\b(?:fremsætter|fremsatte|stiller|stillede|foreslår|",
                r"foreslog)\s+(?P<who>.+?)\s+(?:(?:følgende|et|nyt|sit|deres)\s+)*ændringsforslag",
            ))
            .unwrap(),
            Regex::new(
                r"(?i)^(?P<who>.+?)\s+(?:fremsætter|fremsatte|stiller|stillede|foreslår|foreslog)\b",
            )
            .unwrap(),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// `who` as each pattern captures it, on texts built like proposals and on any text.
        #[test]
        fn proposers_read_by_hand_as_by_the_regex(
            built in concat!(
                "((Bo Hansen|A|Enhedslisten|og|,|x|\u{212A})?[ \n\u{A0}]{0,2}",
                "(fremsætter|Fremsatte|STILLER|stillede|foreslår|forESLOG|stilles|fremsætterne)?",
                "[ \n\u{A0}]{0,3}(A|B og C|Venstre|et|følgende|nyt|sit|deres|x| )?",
                "[ \n]{0,2}(følgende |et |nyt |sit  |deres\n|ſit )*",
                "(ændringsforslag|Ændringsforslaget|ændringsforſlag|ændring)?){0,3}",
            ),
            any in "(stiller|foreslår|et|ændringsforslag| |\n|A|\\PC){0,10}",
        ) {
            let [after, before] = proposer_patterns();
            for text in [&built, &any] {
                let who = |pattern: &Regex| {
                    pattern.captures(text).map(|c| c.name("who").unwrap().as_str())
                };
                proptest::prop_assert_eq!(proposers_after_verb(text), who(&after));
                proptest::prop_assert_eq!(proposers_before_verb(text), who(&before));
            }
        }
    }

    /// The two patterns `recommendation_points` read before [`point_lists`]: the oracle.
    fn point_patterns() -> [Regex; 2] {
        let list = r"(\d{1,2}(?:\s*(?:,|og|-|–|til)\s*\d{1,2})*)";
        [
            Regex::new(&format!(
                r"(?i)indstilling(?:ens|s)?\s*(?:i\s+)?(?:punkt(?:erne)?|pkt\.?)\s*{list}"
            ))
            .unwrap(),
            Regex::new(&format!(
                r"(?i)(?:punkt(?:erne)?|pkt\.?)\s+{list}\s+i\s+indstillingen"
            ))
            .unwrap(),
        ]
    }

    fn recommendation_points_by_regex(sentence: &str) -> Vec<i32> {
        let mut points = BTreeSet::new();
        for pattern in point_patterns() {
            for c in pattern.captures_iter(sentence) {
                for n in attendance::item_numbers(&c[1]) {
                    points.insert(n as i32);
                }
            }
        }
        points.into_iter().collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Every list each pattern captures, and where, read by hand as by the regex.
        #[test]
        fn point_lists_read_by_hand_as_by_the_regex(
            text in "(indstilling|Indstillingens|INDSTILLINGS|ind\u{17F}tilling|ens|s|e| |  |\
                      \u{A0}|\n|i|I|punkt|PUNKT|pun\u{212A}t|punkterne|erne|pkt|Pkt\\.|\\.|p|1|\
                      12|123|\u{663}|,|og|OG|o|-|–|til|TIL| i indstillingen|indstillingen|\
                      \\PC){0,14}",
        ) {
            let [before, after] = point_patterns();
            for (pattern, read_at) in [
                (&before, point_list_before as PointReader),
                (&after, point_list_after),
            ] {
                let by_regex: Vec<&str> = pattern
                    .captures_iter(&text)
                    .map(|c| c.get(1).unwrap().as_str())
                    .collect();
                let by_hand: Vec<&str> = point_lists(&text, read_at).collect();
                proptest::prop_assert_eq!(by_hand, by_regex);
            }
            proptest::prop_assert_eq!(
                recommendation_points(&text),
                if mentions_point(&text) { recommendation_points_by_regex(&text) } else { vec![] }
            );
        }

        /// The same on texts built like the patterns' matches, of which most texts hold some.
        #[test]
        fn point_lists_of_pattern_pieces_read_as_by_the_regex(
            text in concat!(
                "((Indstilling|indstilling|IND\u{17F}TILLING)(ens|s|ENS)?[ \u{A0}]{0,2}(i |I\n)?",
                "(punkt(erne)?|Pkt\\.?|pun\u{212A}t) ?[0-9\u{663}]{1,3}",
                "( ?(,|og|-|–|til|OG) {0,2}[0-9]{1,3}){0,3}|",
                "(punkt(erne)?|pkt\\.?|PKT)[ \n]{1,2}[0-9]{1,3}( ?(,|og|-|–|til) ?[0-9]{1,3}){0,3}",
                "( og| ,)?( {0,2}(i|I) {1,2}(indstillingen|Indstillingen))?|[ .ax9]){0,4}",
            ),
        ) {
            let [before, after] = point_patterns();
            for (pattern, read_at) in [
                (&before, point_list_before as PointReader),
                (&after, point_list_after),
            ] {
                // Each list with where it starts.
                let by_regex: Vec<(usize, &str)> = pattern
                    .captures_iter(&text)
                    .map(|c| c.get(1).unwrap())
                    .map(|m| (m.start(), m.as_str()))
                    .collect();
                let by_hand: Vec<(usize, &str)> = point_lists(&text, read_at)
                    .map(|list| (list.as_ptr() as usize - text.as_ptr() as usize, list))
                    .collect();
                proptest::prop_assert_eq!(by_hand, by_regex);
            }
        }
    }

    #[test]
    fn points_of_the_recommendation_as_the_regex_reads_them() {
        for sentence in [
            "Indstillingens punkt 1 og 2 blev godkendt",
            "indstillingspunkt 3 godkendt",
            "Punkt 2 og 3 i indstillingen blev vedtaget",
            "Indstillingen i punkt 4-6 godkendt, pkt. 7 i indstillingen udsat",
            "punkt 1, 2 og 3 og i indstillingen",
            "punkt 123 i indstillingen",
            "indstillingens pkt.12 til 14",
        ] {
            assert_eq!(
                recommendation_points(sentence),
                recommendation_points_by_regex(sentence),
                "{sentence}"
            );
        }
        assert_eq!(
            recommendation_points("Indstillingens punkt 1 og 2 blev godkendt"),
            [1, 2]
        );
    }

    fn item(number: u32, decision: &str) -> (ItemContext, ParsedItem) {
        let ctx = ItemContext {
            meeting_id: "odense/bsu/2016-09-20".into(),
            item_id: format!("odense/bsu/2016-09-20/{number}"),
            item_number: number,
            meeting_date: None,
        };
        let item = ParsedItem {
            number,
            title: "t".into(),
            case_type: None,
            case_number: None,
            access: None,
            sections: vec![Section {
                kind: SectionKind::Decision,
                heading: "BESLUTNING".into(),
                text: decision.into(),
            }],
            body_found: true,
        };
        (ctx, item)
    }

    /// The 2016 document's item 2, as the parser hands it over (text copied from the corpus).
    const ITEM_2_2016: &str = "Udvalgsmedlemmerne Tim Vermund, Michael Eskamp Witek og Ulla \
Chambless stiller følgende ændringsforslag:

\"Sagen ændres til en c-sag, idet de mener, den ikke er tilstrækkelig belyst.\"

Udvalgsmedlemmerne Tim Vermund, Michael Eskamp Witek og Ulla Chambless stemmer for \
ændringsforslaget.

Rådmand Steen Møller, udvalgsmedlemmerne Claus Houden, Christoffer Lilleholt og Steen Lund \
stemmer imod ændringsforslaget.

Ændringsforslaget er dermed forkastet.

Beskæftigelses- og Socialudvalget anbefaler indstillingens punkt 1 og 2.

Vedrørende indstillingens punkt 3 fremsætter Rådmand Steen Møller, udvalgsmedlemmerne Claus \
Houden, Christoffer Lilleholt og Steen Lund følgende ændringsforslag, der dermed erstatter \
forvaltningens indstilling i punkt 3:

\"Model 3, hvorefter udgifter til domsanbragte flyttes til områder uden overførselsadgang.\"

Rådmand Steen Møller, udvalgsmedlemmerne Claus Houden, Christoffer Lilleholt og Steen Lund \
stemmer for ændringsforslaget.

Udvalgsmedlemmerne Tim Vermund, Michael Eskamp Witek og Ulla Chambless undlader at stemme.

Ændringsforslaget vedr. indstillingspunkt 3 er dermed vedtaget.";

    #[test]
    fn amendments_votes_and_points_of_the_2016_item_2() {
        let (ctx, it) = item(2, ITEM_2_2016);
        let got = extract(&ctx, &it);
        assert!(got.problems.is_empty(), "{:?}", got.problems);
        let d = &got.decisions;
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].kind, "amendment");
        assert_eq!(
            d[0].text,
            "Sagen ændres til en c-sag, idet de mener, den ikke er tilstrækkelig belyst."
        );
        assert_eq!(d[0].outcome, "rejected");
        assert_eq!(d[0].result.as_deref(), Some("fail"));
        assert_eq!(
            (d[0].yes_count, d[0].no_count, d[0].abstain_count),
            (Some(3), Some(4), Some(0))
        );
        assert_eq!(
            d[0].proposers.as_deref().unwrap(),
            ["Tim Vermund", "Michael Eskamp Witek", "Ulla Chambless"]
        );
        assert_eq!(d[1].kind, "decision");
        assert_eq!(d[1].outcome, "recommended_to_council");
        assert_eq!(d[1].recommendation_points.as_deref(), Some(&[1, 2][..]));
        assert_eq!(d[1].result, None);
        assert_eq!(d[1].yes_count, None);
        assert_eq!(
            d[1].decided_by.as_deref(),
            Some("Beskæftigelses- og Socialudvalget")
        );
        assert_eq!(d[2].kind, "amendment");
        assert_eq!(d[2].outcome, "approved");
        assert_eq!(d[2].result.as_deref(), Some("pass"));
        assert_eq!(d[2].recommendation_points.as_deref(), Some(&[3][..]));
        assert_eq!(
            (d[2].yes_count, d[2].no_count, d[2].abstain_count),
            (Some(4), Some(0), Some(3))
        );
        assert_eq!(
            d[2].proposers.as_deref().unwrap(),
            [
                "Steen Møller",
                "Claus Houden",
                "Christoffer Lilleholt",
                "Steen Lund"
            ]
        );
        let votes_on = |id: &str| -> Vec<(String, String, Option<String>)> {
            got.votes
                .iter()
                .filter(|v| v.decision_id == id)
                .map(|v| {
                    (
                        v.person_name.clone().unwrap(),
                        v.vote.clone(),
                        v.role.clone(),
                    )
                })
                .collect()
        };
        let first = votes_on("odense/bsu/2016-09-20/2/1");
        assert_eq!(first.len(), 7);
        assert_eq!(
            first[0],
            (
                "Tim Vermund".into(),
                "yes".into(),
                Some("Udvalgsmedlem".into())
            )
        );
        assert_eq!(
            first[3],
            ("Steen Møller".into(), "no".into(), Some("Rådmand".into()))
        );
        assert_eq!(
            first[6],
            (
                "Steen Lund".into(),
                "no".into(),
                Some("Udvalgsmedlem".into())
            )
        );
        let third = votes_on("odense/bsu/2016-09-20/2/3");
        assert_eq!(third.len(), 7);
        assert_eq!(third[0].1, "yes");
        assert_eq!(
            third[4],
            (
                "Tim Vermund".into(),
                "abstain".into(),
                Some("Udvalgsmedlem".into())
            )
        );
        assert_eq!(got.votes[0].vote_id, "odense/bsu/2016-09-20/2/1/1");
    }

    #[test]
    fn joint_item_gives_one_decision_per_committee_and_the_absence() {
        // 2022 document, item 2, line wraps joined.
        let text = "Beskæftigelses- og Socialudvalget anbefaler indstillingen.

Ældre- og Handicapudvalget anbefaler indstillingen.

Børn- og Ungeudvalget anbefaler indstillingen.

Udvalgsmedlem Mark Grossmann deltog ikke i mødet.";
        let (ctx, it) = item(2, text);
        let got = extract(&ctx, &it);
        let committees: Vec<_> = got
            .decisions
            .iter()
            .map(|d| (d.decided_by.as_deref().unwrap(), d.outcome.as_str()))
            .collect();
        assert_eq!(
            committees,
            vec![
                (
                    "Beskæftigelses- og Socialudvalget",
                    "recommended_to_council"
                ),
                ("Ældre- og Handicapudvalget", "recommended_to_council"),
                ("Børn- og Ungeudvalget", "recommended_to_council"),
            ]
        );
        assert_eq!(got.attendance.len(), 1);
        assert_eq!(got.attendance[0].person_name, "Mark Grossmann");
        assert_eq!(got.attendance[0].status, "absent");
        assert_eq!(
            got.attendance[0].item_id.as_deref(),
            Some("odense/bsu/2016-09-20/2")
        );
    }

    #[test]
    fn instructions_without_a_verb_of_the_vocabulary_are_one_decision_of_outcome_other() {
        // 2016 document, item 4.
        let text = "Forvaltningen skal arbejde videre med alle forslag fremlagt på mødet og der \
blev føjet yderligere investeringsforslag til. Der skal prioriteres efter volumen på \
besparelsesprovenuet samt implementeringshastigheden.";
        let (ctx, it) = item(4, text);
        let got = extract(&ctx, &it);
        assert_eq!(got.decisions.len(), 1);
        assert_eq!(got.decisions[0].outcome, "other");
        assert_eq!(got.decisions[0].kind, "decision");
        assert!(got.decisions[0]
            .text
            .ends_with("implementeringshastigheden."));
    }

    #[test]
    fn outcome_vocabulary() {
        let cases = [
            (
                "Beskæftigelses- og Socialudvalget godkender dagsordenen.",
                Outcome::Approved,
            ),
            ("Orientering givet.", Outcome::Noted),
            (
                "Udvalget tager orienteringen til efterretning.",
                Outcome::Noted,
            ),
            (
                "Beskæftigelses- og Socialudvalget drøftede sagen.",
                Outcome::Discussed,
            ),
            ("Sagen udsættes til næste møde.", Outcome::Postponed),
            ("Udvalget besluttede at udsætte sagen.", Outcome::Postponed),
            ("Godkendt som indstillet.", Outcome::Approved),
            ("Anbefales.", Outcome::RecommendedToCouncil),
            ("Taget til efterretning.", Outcome::Noted),
            (
                "Udvalget kan ikke anbefale indstillingen.",
                Outcome::Rejected,
            ),
            (
                "Udvalget anbefaler over for byrådet, at ...",
                Outcome::RecommendedToCouncil,
            ),
        ];
        for (sentence, outcome) in cases {
            assert_eq!(outcome_of(sentence), Some(outcome), "{sentence}");
        }
        assert_eq!(outcome_of("Mødet blev holdt i Vollsmose."), None);
    }

    #[test]
    fn sentences_do_not_break_at_initials_abbreviations_or_inside_quotes() {
        let u =
            units("Ulla G. Chambless forlod mødet kl. 09.30. Orientering givet.\n\n\"A. B. C.\"");
        let texts: Vec<_> = u.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Ulla G. Chambless forlod mødet kl. 09.30.",
                "Orientering givet.",
                "\"A. B. C.\""
            ]
        );
        assert!(u[2].quoted);
    }

    #[test]
    fn majority_and_minority_by_party() {
        let text = "Et flertal bestående af A, V og O godkender indstillingen.

Et mindretal bestående af Ø kan ikke anbefale indstillingen.";
        let (ctx, it) = item(5, text);
        let got = extract(&ctx, &it);
        assert!(got.problems.is_empty(), "{:?}", got.problems);
        assert_eq!(got.decisions.len(), 1, "{:#?}", got.decisions);
        let d = &got.decisions[0];
        assert_eq!(d.outcome, "approved");
        assert_eq!(d.result.as_deref(), Some("pass"));
        // Votes listed by party without numbers: the counts are unknown, not zero.
        assert_eq!((d.yes_count, d.no_count), (None, None));
        let votes: Vec<_> = got
            .votes
            .iter()
            .map(|v| (v.raw_name.as_str(), v.vote.as_str(), v.voter_type.as_str()))
            .collect();
        assert_eq!(
            votes,
            vec![
                ("A", "yes", "party"),
                ("V", "yes", "party"),
                ("O", "yes", "party"),
                ("Ø", "no", "party")
            ]
        );
    }

    #[test]
    fn people_with_party_letters_and_counts_in_words() {
        let text = "Indstillingen blev godkendt med 5 stemmer mod 2.

Tim Vermund (A) og Ulla G. Chambless (Ø) stemte imod.";
        let (ctx, it) = item(6, text);
        let got = extract(&ctx, &it);
        let d = &got.decisions[0];
        assert_eq!((d.yes_count, d.no_count), (Some(5), Some(2)));
        assert_eq!(d.outcome, "approved");
        assert_eq!(d.result.as_deref(), Some("pass"));
        let v = &got.votes[1];
        assert_eq!(v.person_name.as_deref(), Some("Ulla Chambless"));
        assert_eq!(v.raw_name, "Ulla G. Chambless");
        assert_eq!(v.party.as_deref(), Some("Ø"));
        assert_eq!(v.vote, "no");
    }

    #[test]
    fn unanimous_votes_have_unknown_counts_and_remarks_are_other() {
        let text = "Et enigt udvalg stemte for indstillingen. Beskæftigelses- og \
Socialudvalget godkender indstillingen.

Udvalgsmedlem Tim Vermund ønsker sin stemme ført til protokol.";
        let (ctx, it) = item(7, text);
        let got = extract(&ctx, &it);
        let kinds: Vec<_> = got
            .decisions
            .iter()
            .map(|d| (d.kind.as_str(), d.outcome.as_str(), d.yes_count))
            .collect();
        assert_eq!(
            kinds,
            vec![("decision", "approved", None), ("other", "other", None)]
        );
        assert!(got.votes.is_empty());
    }

    #[test]
    fn an_amendment_moved_by_a_party() {
        let text = "Enhedslisten stiller følgende ændringsforslag: \"Sagen udsættes.\"

For stemte 1 (Ø). Imod stemte 6 (A, V og C).

Ændringsforslaget er forkastet.

Udvalget godkender indstillingen.";
        let (ctx, it) = item(8, text);
        let got = extract(&ctx, &it);
        let d = &got.decisions;
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(
            d[0].proposers.as_deref(),
            Some(&["Enhedslisten".to_string()][..])
        );
        assert_eq!(d[0].text, "Sagen udsættes.");
        assert_eq!(
            (d[0].yes_count, d[0].no_count, d[0].abstain_count),
            (Some(1), Some(6), Some(0))
        );
        assert_eq!(d[0].outcome, "rejected");
        assert_eq!(d[1].outcome, "approved");
        assert_eq!(d[1].result, None);
    }

    #[test]
    fn a_committee_voting_is_everyone_unnamed() {
        let (ctx, it) = item(
            9,
            "Udvalget stemte for indstillingen. Udvalget godkender indstillingen.",
        );
        let got = extract(&ctx, &it);
        assert!(got.problems.is_empty(), "{:?}", got.problems);
        assert!(got.votes.is_empty());
        let d = &got.decisions[0];
        assert_eq!(d.decided_by.as_deref(), Some("Udvalget"));
        assert_eq!(
            (d.yes_count, d.no_count, d.abstain_count),
            (None, Some(0), Some(0))
        );
        assert_eq!(d.result.as_deref(), Some("pass"));
    }

    #[test]
    fn an_amendment_without_wording_keeps_the_sentence_that_moved_it() {
        let text = "Tim Vermund stillede ændringsforslag om at udsætte sagen.

Tim Vermund stemte for. Steen Møller og Steen Lund stemte imod.

Ændringsforslaget blev forkastet.";
        let (ctx, it) = item(10, text);
        let got = extract(&ctx, &it);
        let d = &got.decisions[0];
        assert_eq!(
            d.text,
            "Tim Vermund stillede ændringsforslag om at udsætte sagen."
        );
        assert_eq!(
            d.proposers.as_deref(),
            Some(&["Tim Vermund".to_string()][..])
        );
        assert_eq!(
            (d.yes_count, d.no_count, d.abstain_count),
            (Some(1), Some(2), Some(0))
        );
        assert_eq!(d.outcome, "rejected");
        assert_eq!(got.decisions.len(), 1);
    }

    #[test]
    fn an_amendment_told_in_one_sentence_does_not_swallow_the_decision() {
        let text = "Tim Vermund stillede ændringsforslag om udsættelse, som blev forkastet. \
Udvalget godkender indstillingen.";
        let (ctx, it) = item(11, text);
        let got = extract(&ctx, &it);
        let rows: Vec<_> = got
            .decisions
            .iter()
            .map(|d| (d.kind.as_str(), d.outcome.as_str(), d.result.as_deref()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("amendment", "rejected", Some("fail")),
                ("decision", "approved", None)
            ]
        );
    }

    #[test]
    fn no_decision_section_no_row() {
        let (ctx, mut it) = item(12, "");
        it.sections.clear();
        assert_eq!(extract(&ctx, &it), ItemDecisions::default());
    }

    #[test]
    fn hand_scanners_fold_case_and_keep_word_boundaries_like_the_regexes() {
        // 'K' (Kelvin sign) folds to 'k' under (?i), and is an upper-case letter.
        assert_eq!(
            decided_by("\u{212A}ommunalbestyrelsen godkender sagen."),
            Some("\u{212A}ommunalbestyrelsen".to_string())
        );
        // One word may stand between the body and its verb, not two.
        assert_eq!(
            decided_by("Byrådet har godkendt sagen."),
            Some("Byrådet".to_string())
        );
        assert_eq!(decided_by("Byrådet har i dag godkendt sagen."), None);
        // The committee must be written with a capital.
        assert_eq!(decided_by("udvalget godkender sagen."), None);
        // At most two words between "blev" and the verb.
        assert_eq!(
            read_result("Ændringsforslaget blev dermed ikke vedtaget."),
            Some(true)
        );
        assert_eq!(
            read_result("Ændringsforslaget blev så dermed ikke vedtaget."),
            None
        );
        assert_eq!(read_result("Forslaget er FORKASTET"), Some(false));
        assert_eq!(
            voters_by_person("Tim Vermund stemmer  hverken for eller imod"),
            Some(("Tim Vermund", VoteOption::Abstain))
        );
        assert_eq!(
            voters_by_person("Tim Vermund stemte FOR"),
            Some(("Tim Vermund", VoteOption::Yes))
        );
        // "forslaget": no word boundary after "for".
        assert_eq!(voters_by_person("Tim Vermund stemte forslaget"), None);
        // 'ſ' (long s) folds to 's'.
        assert_eq!(
            abstainers("Tim Vermund UNDLOD at \u{17F}temme"),
            Some("Tim Vermund")
        );
        assert_eq!(outcome_of("Sagen blev UDSAT."), Some(Outcome::Postponed));
        assert_eq!(outcome_of("Udsathed."), None);
        // The regexes replaced say the same on these sentences.
        for sentence in [
            "\u{212A}ommunalbestyrelsen godkender sagen.",
            "Byrådet har i dag godkendt sagen.",
            "Ændringsforslaget blev så dermed ikke vedtaget.",
            "Sagen blev UDSAT.",
            "Udsathed.",
        ] {
            assert_eq!(
                decided_by(sentence),
                replaced::decided_by_by_regex(sentence)
            );
            assert_eq!(
                read_result(sentence),
                replaced::read_result_by_regex(sentence)
            );
            assert_eq!(
                outcome_of(sentence),
                replaced::outcome_of_by_regex(sentence)
            );
        }
        for line in [
            "Tim Vermund stemmer  hverken for eller imod",
            "Tim Vermund stemte forslaget",
            "Tim Vermund UNDLOD at \u{17F}temme",
        ] {
            let by_hand = abstainers(line)
                .map(|who| (who, VoteOption::Abstain))
                .or_else(|| voters_by_person(line));
            assert_eq!(by_hand, replaced::vote_by_person_by_regex(line));
        }
    }

    #[test]
    fn only_these_chars_fold_to_the_letters_of_stem() {
        // What mentions_stem relies on: under `(?i)`, every char that matches one of 's',
        // 't', 'e', 'm' is one of these; checked over every char.
        let letter = Regex::new(r"(?i)^[stem]$").unwrap();
        let folding: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(folding, ['E', 'M', 'S', 'T', 'e', 'm', 's', 't', '\u{17F}']);
        let stem = Regex::new(r"(?i)stem").unwrap();
        for text in [
            "STEM",
            "\u{17F}tem",
            "st\u{17F}em",
            "ste m",
            "Stemme",
            "\u{BF}stem",
        ] {
            assert_eq!(mentions_stem(text), stem.is_match(text), "{text}");
        }
    }

    /// The implementations the hand-written scanners replaced, kept as the oracles of the
    /// proptests below: the same answers on any text is what the speed-ups promise.
    mod replaced {
        use std::sync::OnceLock;

        use regex::Regex;

        use super::super::{gated, names, re, Gated, Outcome, ABBREVIATIONS, OPENING_QUOTES};

        /// The gated regex `is_protocol_remark` read with before [`super::super::REMARK_PHRASES`].
        pub fn is_protocol_remark(sentence: &str) -> bool {
            static REMARK: OnceLock<Gated> = OnceLock::new();
            gated(
                &REMARK,
                concat!(
                    r"(?i)ført\s+(?:til|i)\s+protokol|til\s+protokollen|protokolbemærk|",
                    r"protokollat|mindretalsudtalelse|\btager\s+forbehold|\btog\s+forbehold|",
                    r"tilført\s+referatet|ført\s+til\s+referat",
                ),
            )
            .is_match(sentence)
        }

        /// The regex `outcome_of` the scanner replaced.
        pub(super) fn outcome_of_by_regex(sentence: &str) -> Option<Outcome> {
            static POSTPONED: OnceLock<Gated> = OnceLock::new();
            static REJECTED: OnceLock<Gated> = OnceLock::new();
            static NOTED: OnceLock<Gated> = OnceLock::new();
            static RECOMMENDED: OnceLock<Gated> = OnceLock::new();
            static DISCUSSED: OnceLock<Gated> = OnceLock::new();
            static APPROVED: OnceLock<Gated> = OnceLock::new();
            let s = sentence.to_lowercase();
            let checks: [(&OnceLock<Gated>, &str, Outcome); 6] = [
                (
                    &POSTPONED,
                    r"\b(?:udsat|udsættes|udsætter|udsatte|udsætte)\b",
                    Outcome::Postponed,
                ),
                (
                    &REJECTED,
                    concat!(
                        r"forkast|\bafvis|\bafvist|kan\s+ikke\s+(?:anbefale|godkende|tiltræde)|",
                        r"anbefaler\s+ikke|godkender\s+ikke|ikke\s+godkendt|nedstemt",
                    ),
                    Outcome::Rejected,
                ),
                (
                    &NOTED,
                    concat!(
                        r"orientering(?:en)?\s+(?:er\s+|blev\s+)?givet|til\s+efterretning|",
                        r"orienteringen\s+(?:blev\s+)?taget|tog\s+orienteringen|",
                        r"tager\s+orienteringen|",
                        r"taget\s+til\s+orientering",
                    ),
                    Outcome::Noted,
                ),
                (
                    &RECOMMENDED,
                    r"\banbefal|oversend\w*\s+til\s+byrådet|indstiller\s+til\s+byrådet",
                    Outcome::RecommendedToCouncil,
                ),
                (&DISCUSSED, r"\bdrøft", Outcome::Discussed),
                (
                    &APPROVED,
                    r"godkend|vedtag|\bvedtog|tiltræd|bevilg|\bbeslutte|imødekom",
                    Outcome::Approved,
                ),
            ];
            for (cell, pattern, outcome) in checks {
                if cell.get_or_init(|| Gated::new(pattern)).is_match(&s) {
                    return Some(outcome);
                }
            }
            None
        }

        /// The regex `decided_by` the scanner replaced.
        pub(super) fn decided_by_by_regex(sentence: &str) -> Option<String> {
            static BODY: OnceLock<Regex> = OnceLock::new();
            let body = re(
                &BODY,
                concat!(
                    r"(?i)^(.{0,90}?(?:udvalget|byrådet|kommunalbestyrelsen|rådet|",
                    r"bestyrelsen))\s+(?:\w+\s+)?(?:godkend|anbefal|drøft|tage|tog|beslut|vedt|",
                    r"tiltræd|afvis|udsæt|kan\s|bevilg|imødekom|oversend)",
                ),
            );
            body.captures(sentence)
                .map(|c| names::collapse_whitespace(&c[1]))
                .filter(|b| b.chars().next().is_some_and(char::is_uppercase))
        }

        /// The `sentences` over a `Vec<char>` the walk over byte offsets replaced.
        pub(super) fn sentences_by_chars(text: &str) -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            let mut out = Vec::new();
            let mut start = 0;
            let mut in_quote = false;
            let mut i = 0;
            while i < chars.len() {
                let c = chars[i];
                match c {
                    '"' => in_quote = !in_quote,
                    '“' | '„' | '»' => in_quote = true,
                    '”' | '«' => in_quote = false,
                    _ => {}
                }
                if !in_quote && matches!(c, '.' | '!' | '?') {
                    let mut j = i + 1;
                    while j < chars.len() && matches!(chars[j], '"' | '”' | ')' | '»') {
                        j += 1;
                    }
                    let next = chars[j..].iter().position(|c| !c.is_whitespace());
                    let gap = next.unwrap_or(0);
                    let next_char = next.map(|k| chars[j + k]);
                    let ends = match next_char {
                        None => true,
                        Some(n) => gap > 0 && (n.is_uppercase() || OPENING_QUOTES.contains(&n)),
                    };
                    if ends && !(c == '.' && before_is_abbreviation_by_chars(&chars[start..i])) {
                        let sentence: String = chars[start..j].iter().collect();
                        let sentence = sentence.trim().to_string();
                        if !sentence.is_empty() {
                            out.push(sentence);
                        }
                        start = j;
                        i = j;
                        continue;
                    }
                }
                i += 1;
            }
            let rest: String = chars[start..].iter().collect();
            let rest = rest.trim();
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
            out
        }

        /// Whether the word before a period is an initial or an abbreviation.
        fn before_is_abbreviation_by_chars(before: &[char]) -> bool {
            let word: String = before
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace() && **c != '(')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if !word.chars().all(|c| c.is_alphabetic() || c == '.') {
                return false;
            }
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() == 1 && letters[0].is_uppercase() {
                return true;
            }
            ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        }

        /// The regex `read_result` the scanner replaced.
        pub(super) fn read_result_by_regex(sentence: &str) -> Option<bool> {
            static RESULT: OnceLock<Gated> = OnceLock::new();
            let result = gated(
                &RESULT,
                concat!(
                    r"(?i)^(?:det\s+)?(?:ændringsforslag(?:et)?|forslag(?:et)?|indstilling(?:en)?|",
                    r"sagen|motionen|beslutningsforslag(?:et)?)\b.{0,120}?\s(?:er|blev|",
                    r"var)\s+(?:\w+\s+){0,2}?(?P<verb>vedtaget|forkastet|godkendt|nedstemt|",
                    r"bortfaldet|",
                    r"faldet|afvist)\b",
                ),
            );
            let c = result.captures(sentence)?;
            Some(matches!(
                c["verb"].to_lowercase().as_str(),
                "vedtaget" | "godkendt"
            ))
        }
        /// The regex reading of a person's vote the scanners replaced: (who, option).
        pub(super) fn vote_by_person_by_regex(s: &str) -> Option<(&str, super::super::VoteOption)> {
            use super::super::VoteOption;
            static BY_PERSON: OnceLock<Gated> = OnceLock::new();
            static ABSTAIN: OnceLock<Gated> = OnceLock::new();
            let by_person = gated(
                &BY_PERSON,
                concat!(
                    r"(?i)^(?P<who>.+?)\s+(?:stemmer|stemte|",
                    r"stemmede)\s+(?P<how>hverken\s+for\s+eller\s+imod|blankt|for|imod)\b",
                ),
            );
            let abstain = gated(
                &ABSTAIN,
                r"(?i)^(?P<who>.+?)\s+(?:undlader|undlod)\s+at\s+stemme\b",
            );
            if let Some(c) = abstain.captures(s) {
                Some((c.name("who")?.as_str(), VoteOption::Abstain))
            } else if let Some(c) = by_person.captures(s) {
                let option = match c["how"].to_lowercase().as_str() {
                    "for" => VoteOption::Yes,
                    "imod" => VoteOption::No,
                    _ => VoteOption::Abstain,
                };
                Some((c.name("who")?.as_str(), option))
            } else {
                None
            }
        }
    }

    /// Words and chars the scanners look at, and the folding and boundary cases around them.
    const SCANNED: &str = concat!(
        "(Udvalget|UDVALGET|udvalGet|byrådet|BYRÅDET|Kommunalbestyrelsen|rådet|Bestyrelsen|",
        "godkender|Godkend|anbefaler|ANBEFAL|drøftede|tager|tog|beslutter|vedtog|vedtaget|",
        "tiltræder|afviser|udsætter|udsat|udsatte|udsættes|kan|ikke|bevilger|imødekommer|",
        "oversendes|oversend_x|til|byrådet|indstiller|orientering|orienteringen|er|blev|givet|",
        "efterretning|taget|forkastet|nedstemt|godkendt|Beskæftigelses- og Socialudvalget|",
        "kl|f\\.eks|A|G|\\.|!|\\?|\"|“|”|»|«|\\)|\\(| |  |\n|\u{a0}|\u{2003}|–|§|_|",
        "\u{212A}|\u{17F}|\u{212B}|\u{130}|\u{301}|\u{200D}|٣|²|é|x|\\PC)",
    );

    /// Each word followed by its glue (blanks, a line break or nothing).
    fn glued(words: &[String], glue: &[String]) -> String {
        words
            .iter()
            .zip(glue)
            .flat_map(|(w, g)| [w.as_str(), g.as_str()])
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn outcome_and_committee_as_the_regexes_read_them(
            words in proptest::collection::vec(SCANNED, 0..24),
            glue in proptest::collection::vec("( |  |\n| \u{a0}|)", 24),
        ) {
            let text = glued(&words, &glue);
            proptest::prop_assert_eq!(outcome_of(&text), replaced::outcome_of_by_regex(&text));
            proptest::prop_assert_eq!(decided_by(&text), replaced::decided_by_by_regex(&text));
        }

        #[test]
        fn by_count_lines_pass_their_gate(
            words in proptest::collection::vec(
                "(For|FOR|\u{17F}|imod|IMOD|undlod|Undlader|hverken|blankt|stemte|stemmer|\
                  at|stemme|eller|5|\\(A, V\\)|:|x|\\PC)",
                0..8,
            ),
            glue in proptest::collection::vec("( |  |\n|\u{a0}|)", 8),
        ) {
            static BY_COUNT: OnceLock<Regex> = OnceLock::new();
            let text = glued(&words, &glue);
            let by_count = BY_COUNT.get_or_init(|| Regex::new(BY_COUNT_PATTERN).unwrap());
            if by_count.is_match(&text) {
                proptest::prop_assert!(by_count_may_match(&text));
            }
        }

        #[test]
        fn phrases_as_the_regexes_find_them(
            words in proptest::collection::vec(
                "(ført|FØRT|til|i|protokol|PROTOKOLlen|protokolbemærk|protokollat|\
                  mindretalsudtalelse|tager|tog|forbehold|tilført|referat|referatet|\
                  fØrt|TIL|I|PROTOKOLBEMÆRKNING|Protokollatet|MINDRETALSUDTALELSE|TAGER|\
                  Tog|Forbehold|TILFØRT|REFERATet|xtager|_tog|ætog|\
                  stiller|STILLEDE|fremsætter|fremsatte|foreslår|FORESLÅR|foreslog|stillet|\
                  fremsat|af|\u{17F}tiller|\u{212A}|_|x|æ|\\PC)",
                0..10,
            ),
            glue in proptest::collection::vec("( |  |\n|\u{a0}|)", 10),
        ) {
            static VERB: OnceLock<Regex> = OnceLock::new();
            let text = glued(&words, &glue);
            let verb = VERB.get_or_init(|| {
                Regex::new(concat!(
                    r"(?i)\b(?:stiller|stillede|fremsætter|fremsatte|foreslår|foreslog|",
                    r"stillet\s+af|fremsat\s+af)\b",
                ))
                .unwrap()
            });
            proptest::prop_assert_eq!(holds_phrase(&text, PROPOSING_VERBS), verb.is_match(&text));
            proptest::prop_assert_eq!(
                is_protocol_remark(&text),
                replaced::is_protocol_remark(&text)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn may_have_voters_prefix_wherever_the_pattern_matches(
            words in proptest::collection::vec(
                "(et|ET|Et|flertal|FLERTAL|mindretal|MindreTal|partierne|PARTIERNE|bestående|\
                  af|\\(|:|A|Ø|enigt|udvalg|e|t|x|\u{212A}|\\PC)",
                0..6,
            ),
            glue in proptest::collection::vec("( |  |\n|\u{a0}|\u{2003}|)", 6),
        ) {
            static PREFIX: OnceLock<Regex> = OnceLock::new();
            let text = glued(&words, &glue);
            let list = text.trim();
            if PREFIX.get_or_init(|| Regex::new(VOTERS_PREFIX).unwrap()).is_match(list) {
                proptest::prop_assert!(may_have_voters_prefix(list), "{:?}", list);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn may_be_bloc_wherever_the_bloc_pattern_matches(
            words in proptest::collection::vec(
                "(et|ET|Et|flertal|FLERTAL|mindretal|Mindretal|i|udvalget|bestående|af|\
                  \\(A, V og O\\)|\\(Ø\\)|A|Ø|godkender|GODKENDTE|anbefaler|anbefalede|\
                  tiltræder|TILTRÆDER|tiltrådte|TILTRÅDTE|tiltr\u{212B}dte|stemmer|stemte|\
                  \u{17F}temte|kan|\u{212A}an|KUNNE|vil|ville|ønsker|ØNSKEDE|tager|tog|\
                  undlader|undlod|afviser|afviste|støtter|STØTTEDE|indstillingen|ikke|x|_|\\PC)",
                0..10,
            ),
            glue in proptest::collection::vec("( |  |\n|\u{a0}|)", 10),
        ) {
            static BLOC: OnceLock<Regex> = OnceLock::new();
            let text = glued(&words, &glue);
            let text = text.trim();
            let bloc = BLOC.get_or_init(|| Regex::new(BLOC_PATTERN).unwrap());
            if bloc.is_match(text) {
                proptest::prop_assert!(may_be_bloc(text), "{:?}", text);
            }
        }
    }

    proptest::proptest! {

        #[test]
        fn lower_contains_as_lower_casing(
            text in "(stem|STEM|\u{17F}tem|sTe|m|Enig|enİg|İ|\u{212A}|K|Forkastet|vedTaget|\
                      til afstemning|nedstemt|ß|ẞ|Σ|æ|Æ|ı|ſ| |ændringsforslag|ÆNDRİNGSFORSLAG|\
                      ÆndringsForslag|\
                      punkt|PKT|pUnKt|pun\u{212A}t|p\u{212A}t|Pk|p|\\PC){0,12}",
        ) {
            for needle in ["stem", "enig", "forkastet", "nedstemt", "vedtaget", "til afstemning"] {
                proptest::prop_assert_eq!(
                    lower_contains(&text, needle),
                    text.to_lowercase().contains(needle),
                    "{}", needle
                );
            }
            proptest::prop_assert_eq!(
                mentions_amendment(&text),
                text.to_lowercase().contains("ændringsforslag")
            );
            proptest::prop_assert_eq!(
                mentions_stem(&text),
                Regex::new(r"(?i)stem").unwrap().is_match(&text)
            );
            proptest::prop_assert_eq!(
                mentions_point(&text),
                Regex::new(r"(?i)punkt|pkt").unwrap().is_match(&text)
            );
        }

        #[test]
        fn results_as_the_regex_reads_them(
            words in proptest::collection::vec(
                concat!(
                    "(Det|det|DET|Ændringsforslaget|ændringsforslag|Forslaget|forslag|",
                    "Indstillingen|indstilling|Sagen|sagen|Motionen|Beslutningsforslaget|",
                    "er|ER|blev|var|dermed|så|ikke|vedtaget|VEDTAGET|forkastet|godkendt|",
                    "godkendte|nedstemt|bortfaldet|faldet|afvist|afviste|med|5|stemmer|",
                    "\u{212A}|\u{17F}|ſagen|godKendt|,|\\.|-|_|–|\u{301}|\\PC)",
                ),
                0..16,
            ),
            glue in proptest::collection::vec("( |  |\n|\u{a0}|)", 16),
        ) {
            let text = glued(&words, &glue);
            proptest::prop_assert_eq!(read_result(&text), replaced::read_result_by_regex(&text));
        }

        #[test]
        fn votes_by_person_as_the_regexes_read_them(
            words in proptest::collection::vec(
                concat!(
                    "(Tim Vermund|A|Ø|og|stemmer|STEMMER|stemte|stemmede|stemme|for|FOR|imod|",
                    "hverken|eller|blankt|blanktx|undlader|undlod|at|AT|ſtemme|\u{212A}|",
                    "Stemmer for|for_|imod-|–|\u{301}|\\PC)",
                ),
                0..12,
            ),
            glue in proptest::collection::vec("( |  |\n|\u{a0}|)", 12),
        ) {
            let text = glued(&words, &glue);
            let by_hand = abstainers(&text)
                .map(|who| (who, VoteOption::Abstain))
                .or_else(|| voters_by_person(&text));
            proptest::prop_assert_eq!(by_hand, replaced::vote_by_person_by_regex(&text));
        }

        /// The first byte the walk acts on, found eight bytes at a time as byte by byte.
        #[test]
        fn next_sentence_byte_as_byte_by_byte(
            text in "([a-z \".!?æ…”\n]|abcdefghij|\\PC){0,40}",
            from in 0usize..60,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            let by_bytes = (from..bytes.len())
                .find(|&i| !bytes[i].is_ascii() || b"\".!?".contains(&bytes[i]))
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(next_sentence_byte(bytes, from), by_bytes);
        }

        #[test]
        fn sentences_as_the_walk_over_chars(
            words in proptest::collection::vec(SCANNED, 0..30),
        ) {
            let text = words.join(" ");
            proptest::prop_assert_eq!(sentences(&text), replaced::sentences_by_chars(&text));
            let tight = words.concat();
            proptest::prop_assert_eq!(sentences(&tight), replaced::sentences_by_chars(&tight));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panicking(text in "\\PC{0,300}") {
            let (ctx, it) = item(1, &text);
            let _ = extract(&ctx, &it);
        }

        #[test]
        fn vote_like_text_is_read_without_panicking(
            words in proptest::collection::vec(
                "(stemmer|for|imod|undlod at stemme|Et flertal|bestående af|A|Ø|\\(|\\)|,|og|\
                 Tim Vermund|ændringsforslag|stiller|forlod mødet kl\\. 9\\.30|punkt 3-1|\
                 \\.|\"|\n\n|deltog ikke i|Afbud fra:|[0-9]{1,4})",
                0..40,
            )
        ) {
            let text = words.join(" ");
            let (ctx, it) = item(1, &text);
            let _ = extract(&ctx, &it);
        }
    }
}
