//! Person names: reading lists of people out of minutes, and one name per person across the
//! dataset.
//!
//! Minutes name people in lists that carry roles and parties: "Rådmand Steen Møller,
//! udvalgsmedlemmerne Claus Houden, Christoffer Lilleholt og Steen Lund" is four people, one
//! of them a Rådmand and three Udvalgsmedlemmer. [`parse_list`] splits such a list and keeps
//! what was written (`raw_name`) next to the normalised name (`person_name`).
//!
//! Normalised names follow two rules, documented in the schemas:
//! 1. per row ([`person_name`]): whitespace collapsed, roles and party letters removed, middle
//!    initials dropped ("Ulla G. Chambless" → "Ulla Chambless"). This depends on the row alone,
//!    so a person's name does not change when other documents join the dataset.
//! 2. across the dataset ([`NameMap`], [`unify_dataset`]): names with the same first and last
//!    name whose middle names are compatible (one's middle names a part of the other's) become
//!    the fullest form ("Michael Witek" → "Michael Eskamp Witek" when both occur). Conflicting
//!    middle names ("Anne Marie Hansen" / "Anne Lise Hansen") are left apart: they may be two
//!    people. A run builds the map from every document's names first and applies it to each
//!    document's rows as they are written, so it never holds every document's rows at once.

use std::collections::{BTreeMap, BTreeSet};

use crate::rows::{AttendanceRow, Dataset, DecisionRow, VoteRow};

/// One person (or party) read from a list in the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRef {
    /// The name as written, without the role word before it and the party after it.
    pub raw_name: String,
    /// The normalised name (see the module comment).
    pub person_name: String,
    /// The role, singular and capitalised ("Udvalgsmedlem" for "udvalgsmedlemmerne").
    pub role: Option<String>,
    /// Party letter or name when written after the name: "Tim Vermund (A)".
    pub party: Option<String>,
}

/// Role words as they appear before names: (singular, plural), lower case.
const ROLES: &[(&str, &str)] = &[
    ("udvalgsmedlem", "udvalgsmedlemmerne"),
    ("byrådsmedlem", "byrådsmedlemmerne"),
    (
        "kommunalbestyrelsesmedlem",
        "kommunalbestyrelsesmedlemmerne",
    ),
    ("medlem", "medlemmerne"),
    ("rådmand", "rådmændene"),
    ("borgmester", "borgmestrene"),
    ("viceborgmester", "viceborgmestrene"),
    ("næstformand", "næstformændene"),
    ("formand", "formændene"),
    ("udvalgsformand", "udvalgsformændene"),
];

/// Lower-case words allowed inside a name ("Lars von Trier", "Anne de la Cour").
const NAME_PARTICLES: &[&str] = &[
    "de", "la", "le", "van", "von", "der", "den", "af", "da", "di",
];

/// Endings that mark an institution, not a person ("Socialudvalget", "Byrådet").
const INSTITUTION_ENDINGS: &[&str] = &[
    "udvalget",
    "udvalg",
    "forvaltningen",
    "forvaltning",
    "byrådet",
    "rådet",
    "bestyrelsen",
    "kommune",
    "kommunen",
    "styrelsen",
    "gruppen",
];

/// Collapse runs of whitespace (including non-breaking spaces) to one space and trim.
pub fn collapse_whitespace(text: &str) -> String {
    // Most texts (every unit of a Beslutning) are tidy already: single ' ' between words and
    // no other whitespace. Those the split and join below would give back unchanged.
    let tidy = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !holds_whitespace_but_space(text);
    if tidy {
        return text.to_string();
    }
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A middle initial: "G.", "G", "G.H.".
fn is_initial(token: &str) -> bool {
    let letters: Vec<char> = token.chars().filter(|c| *c != '.').collect();
    !letters.is_empty()
        && letters.len() <= 2
        && letters.iter().all(|c| c.is_uppercase())
        && (token.ends_with('.') || letters.len() == 1)
}

/// The normalised form of one person's name: whitespace collapsed, middle initials dropped.
/// Roles and parties must already be removed ([`parse_list`] does that).
pub fn person_name(name: &str) -> String {
    let collapsed = collapse_whitespace(name);
    let tokens: Vec<&str> = collapsed.split(' ').collect();
    if tokens.len() <= 2 {
        return collapsed;
    }
    let last = tokens.len() - 1;
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| *i == 0 || *i == last || !is_initial(t))
        .map(|(_, t)| *t)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` holds a whitespace char (`char::is_whitespace`, Unicode White_Space) other
/// than ' ', read from its bytes instead of decoded chars. White_Space is U+0009..=U+000D,
/// U+0020, U+0085, U+00A0, U+1680, U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F and U+3000:
/// in UTF-8 an ASCII byte, C2 85, C2 A0, E1 9A 80, E2 80 80..=8A / A8 / A9 / AF, E2 81 9F or
/// E3 80 80. A lead byte (C2, E1, E2, E3) never stands inside another char, so each is found
/// where it starts a char; a test compares with `is_whitespace` over every char.
fn holds_whitespace_but_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Such a char starts only at a byte 09..=0D, C2, E1, E2 or E3: a block of sixteen bytes
    // without one is passed with one test (the OR over the block compiles to vector compares),
    // and only the bytes of a block with one are read one by one.
    let may_start = |b: u8| (b.wrapping_sub(b'\t') < 5) | (b == 0xC2) | (b.wrapping_sub(0xE1) < 3);
    let mut blocks = bytes.chunks_exact(16);
    for (n, block) in blocks.by_ref().enumerate() {
        let block: &[u8; 16] = block.try_into().expect("blocks of sixteen");
        if block.iter().fold(false, |any, &b| any | may_start(b))
            && (n * 16..n * 16 + 16)
                .any(|at| may_start(bytes[at]) && whitespace_but_space_at(bytes, at))
        {
            return true;
        }
    }
    // `whitespace_but_space_at` is false at every other byte: it is asked only where one is.
    let tail = bytes.len() - blocks.remainder().len();
    (tail..bytes.len()).any(|at| may_start(bytes[at]) && whitespace_but_space_at(bytes, at))
}

/// Whether a whitespace char other than ' ' starts at byte `at` (see
/// [`holds_whitespace_but_space`]).
#[inline]
fn whitespace_but_space_at(bytes: &[u8], at: usize) -> bool {
    let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    match bytes[at] {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => true,
        0xC2 => matches!(next(1), 0x85 | 0xA0),
        0xE1 => next(1) == 0x9A && next(2) == 0x80,
        0xE2 => match next(1) {
            0x80 => matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => next(2) == 0x9F,
            _ => false,
        },
        0xE3 => next(1) == 0x80 && next(2) == 0x80,
        _ => false,
    }
}

/// `text.to_lowercase()`, made faster for Danish text: runs of ASCII are copied whole and
/// lower-cased in place, other chars lower-cased one by one as `str::to_lowercase` does. Its
/// one rule that looks at context (a final 'Σ') is left to it: such a text goes there.
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            if c == 'Σ' {
                return text.to_lowercase();
            }
            out.extend(c.to_lowercase());
            rest = chars.as_str();
        }
    }
    // Lower-casing in place touches only ASCII upper-case letters, which only the copied
    // runs hold (what a char lower-cases to is lower case already).
    out.make_ascii_lowercase();
    out
}

/// Whether a name ends like an institution's ("Beskæftigelses- og Socialudvalget").
pub fn is_institution(text: &str) -> bool {
    let last = text.split(' ').rfind(|t| !t.is_empty()).unwrap_or("");
    let last = lowercase(last);
    INSTITUTION_ENDINGS.iter().any(|e| last.ends_with(e))
}

/// Whether a piece of text reads as a person's name (and not "Beskæftigelses- og
/// Socialudvalget" or "et flertal").
pub fn looks_like_person(name: &str) -> bool {
    let tokens: Vec<&str> = name.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.is_empty() || tokens.len() > 6 {
        return false;
    }
    if is_institution(name) || (tokens.len() == 1 && looks_like_party(name)) {
        return false;
    }
    tokens.iter().enumerate().all(|(i, t)| {
        let first = t.chars().next().unwrap_or(' ');
        let shaped = t
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '\'');
        let capitalised =
            first.is_uppercase() || (i > 0 && i + 1 < tokens.len() && NAME_PARTICLES.contains(t));
        shaped && capitalised && !t.ends_with('-')
    })
}

/// A party as written in a vote by party: a letter code ("A", "SF", "Ø") or a party name.
pub fn looks_like_party(text: &str) -> bool {
    let t = text.trim();
    let mut count = 0;
    let mut all_code_chars = true;
    for c in t.chars().take(4) {
        count += 1;
        all_code_chars &= c.is_uppercase() || c.is_ascii_digit();
    }
    if (1..=3).contains(&count) && all_code_chars {
        return true;
    }
    // Lower-casing never gives fewer chars than it is given, and no party name has more than
    // LONGEST_PARTY_NAME: a longer text cannot be one, and is not copied to find out.
    if t.chars().nth(LONGEST_PARTY_NAME).is_some() {
        return false;
    }
    PARTY_NAMES.contains(&lowercase(t).as_str())
}

/// Party names as a vote by party may write them (in lower case).
const PARTY_NAMES: [&str; 14] = [
    "socialdemokratiet",
    "venstre",
    "det konservative folkeparti",
    "konservative",
    "enhedslisten",
    "dansk folkeparti",
    "radikale venstre",
    "socialistisk folkeparti",
    "liberal alliance",
    "alternativet",
    "nye borgerlige",
    "danmarksdemokraterne",
    "moderaterne",
    "løsgænger",
];

/// Chars in the longest of [`PARTY_NAMES`] (a test checks it).
const LONGEST_PARTY_NAME: usize = 27;

/// Split a list at top level on ", ", " og ", " samt " and " & " (not inside parentheses).
pub fn split_list(text: &str) -> Vec<String> {
    // Every separator and both parentheses are ASCII, and a UTF-8 byte below 0x80 is always a
    // whole char: walking bytes finds exactly the chars a walk over chars would, and each piece
    // is a slice of `text` between separators (no copying char by char).
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            let rest = &bytes[i..];
            let separator = if matches!(bytes[i], b',' | b';') {
                Some(1)
            } else if bytes[i] != b' ' {
                // The other separators start with a space.
                None
            } else if rest.starts_with(b" og ") {
                Some(4)
            } else if rest.starts_with(b" samt ") {
                Some(6)
            } else if rest.starts_with(b" & ") {
                Some(3)
            } else {
                None
            };
            if let Some(skip) = separator {
                pieces.push(&text[start..i]);
                i += skip;
                start = i;
                continue;
            }
        }
        i += 1;
    }
    pieces.push(&text[start..]);
    pieces
        .into_iter()
        .map(collapse_whitespace)
        .filter(|p| !p.is_empty() && p != "...")
        .collect()
}

/// Split a leading role word off a piece: ("udvalgsmedlemmerne", plural) → role.
fn split_role(piece: &str) -> (Option<(&'static str, bool)>, &str) {
    // Every role word starts with one of these letters, and lower-casing goes char by char: a
    // piece whose first char does not lower-case to one of them starts with no role word,
    // and is not copied to find out.
    let first = piece.chars().next().and_then(|c| c.to_lowercase().next());
    if !matches!(first, Some('u' | 'b' | 'k' | 'm' | 'r' | 'v' | 'n' | 'f')) {
        return (None, piece);
    }
    split_role_in_full(piece)
}

/// [`split_role`] worked out on the piece's lower-case copy (what it does once the first
/// letter has not settled it).
fn split_role_in_full(piece: &str) -> (Option<(&'static str, bool)>, &str) {
    let lower = lowercase(piece);
    for (singular, plural) in ROLES {
        for (word, is_plural) in [(*plural, true), (*singular, false)] {
            if lower.starts_with(word) && lower[word.len()..].starts_with(' ') {
                // Role words are ASCII-free only in 'æ'/'ø'/'å', which have the same byte
                // length in lower and upper case, so the byte offset holds in `piece` too.
                let rest = piece.get(word.len()..).unwrap_or("").trim_start();
                return (Some((singular, is_plural)), rest);
            }
        }
    }
    (None, piece)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Split a trailing "(A)" party off a name.
fn split_party(piece: &str) -> (&str, Option<String>) {
    if let Some(open) = piece.rfind('(') {
        if piece.ends_with(')') {
            let inner = piece[open + 1..piece.len() - 1].trim();
            if looks_like_party(inner) {
                return (piece[..open].trim_end(), Some(inner.to_string()));
            }
        }
    }
    (piece, None)
}

/// Read a list of people: "Rådmand Steen Møller, udvalgsmedlemmerne Claus Houden,
/// Christoffer Lilleholt og Steen Lund". A plural role word applies to the names after it
/// until the next role word. Returns the pieces that do not read as names in `Err`, with
/// nothing else, so a caller never records a half-read list.
pub fn parse_list(text: &str) -> Result<Vec<PersonRef>, Vec<String>> {
    parse_pieces(text, &split_list(text))
}

/// [`parse_list`] of `text` split already: `pieces` is `split_list(text)` (a caller that has
/// split the list for its own test need not have it split again).
pub fn parse_pieces(text: &str, pieces: &[String]) -> Result<Vec<PersonRef>, Vec<String>> {
    let mut people = Vec::new();
    let mut rejected = Vec::new();
    let mut carried_role: Option<&'static str> = None;
    for piece in pieces {
        let (role, rest) = split_role(piece);
        let role_here = match role {
            Some((singular, plural)) => {
                carried_role = plural.then_some(singular);
                Some(singular)
            }
            None => carried_role,
        };
        let (name, party) = split_party(rest);
        let name = collapse_whitespace(name.trim_end_matches(['.', ':', ',']));
        if !looks_like_person(&name) {
            rejected.push(piece.clone());
            continue;
        }
        people.push(PersonRef {
            person_name: person_name(&name),
            raw_name: name,
            role: role_here.map(capitalise),
            party,
        });
    }
    if rejected.is_empty() && !people.is_empty() {
        Ok(people)
    } else if rejected.is_empty() {
        Err(vec![text.to_string()])
    } else {
        Err(rejected)
    }
}

/// Middle names of a normalised name, lower case, and its (first, last) key.
fn name_key(name: &str) -> Option<((String, String), Vec<String>)> {
    let tokens: Vec<String> = name.split(' ').map(str::to_lowercase).collect();
    if tokens.len() < 2 {
        return None;
    }
    let first = tokens[0].clone();
    let last = tokens[tokens.len() - 1].clone();
    Some(((first, last), tokens[1..tokens.len() - 1].to_vec()))
}

/// Whether `small` appears in order inside `big`.
fn is_subsequence(small: &[String], big: &[String]) -> bool {
    let mut it = big.iter();
    small.iter().all(|s| it.any(|b| b == s))
}

/// The canonical name for every person name in the dataset (see the module comment).
fn canonical_names<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut groups: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for name in names {
        let normal = person_name(name);
        if let Some((key, _)) = name_key(&normal) {
            groups.entry(key).or_default().insert(normal);
        }
    }
    let mut map = BTreeMap::new();
    for variants in groups.values() {
        // Fullest = most tokens; ties broken by text so the choice is reproducible.
        let Some(fullest) = variants
            .iter()
            .max_by(|a, b| {
                let (ta, tb) = (a.split(' ').count(), b.split(' ').count());
                ta.cmp(&tb).then_with(|| b.cmp(a))
            })
            .cloned()
        else {
            continue;
        };
        let Some((_, full_middle)) = name_key(&fullest) else {
            continue;
        };
        let compatible = variants
            .iter()
            .all(|v| name_key(v).is_some_and(|(_, middle)| is_subsequence(&middle, &full_middle)));
        for v in variants {
            let target = if compatible { &fullest } else { v };
            map.insert(v.clone(), target.clone());
        }
    }
    map
}

/// Every person name in a set of rows (votes, attendance, proposers), in its per-row
/// normalised form: what [`NameMap::from_names`] needs from each document.
pub fn person_names_in(
    votes: &[VoteRow],
    attendance: &[AttendanceRow],
    decisions: &[DecisionRow],
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let votes = votes.iter().filter_map(|v| v.person_name.as_deref());
    let attendance = attendance.iter().map(|a| a.person_name.as_str());
    let proposers = decisions
        .iter()
        .flat_map(|d| d.proposers.iter().flatten().map(String::as_str));
    for name in votes.chain(attendance).chain(proposers) {
        names.insert(person_name(name));
    }
    names
}

/// The one name per person across the dataset, built from every document's person names
/// first and applied to each document's rows after: so a run can unify names without holding
/// every document's rows at once (the names are few, the rows many).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameMap {
    canonical: BTreeMap<String, String>,
}

impl NameMap {
    /// The map for a dataset in which these names occur (in any order, repeated or not).
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        NameMap {
            canonical: canonical_names(names.into_iter()),
        }
    }

    /// The canonical form of one name.
    pub fn canonical(&self, name: &str) -> String {
        let normal = person_name(name);
        self.canonical.get(&normal).cloned().unwrap_or(normal)
    }

    /// Replace every person name in these rows by its canonical form. `raw_name` is never
    /// changed, nor any id.
    pub fn apply(
        &self,
        votes: &mut [VoteRow],
        attendance: &mut [AttendanceRow],
        decisions: &mut [DecisionRow],
    ) {
        for v in votes {
            if let Some(name) = &v.person_name {
                v.person_name = Some(self.canonical(name));
            }
        }
        for a in attendance {
            a.person_name = self.canonical(&a.person_name);
        }
        for d in decisions {
            if let Some(list) = &mut d.proposers {
                for name in list.iter_mut() {
                    *name = self.canonical(name);
                }
            }
        }
    }
}

/// Unify person names across every document of the dataset (e.g. "Ulla G. Chambless" and
/// "Ulla Chambless" are one person; "Michael Witek" becomes "Michael Eskamp Witek" when both
/// occur). `raw_name` is never changed. Running it twice changes nothing.
pub fn unify_dataset(dataset: &mut Dataset) {
    let names = person_names_in(&dataset.votes, &dataset.attendance, &dataset.decisions);
    let map = NameMap::from_names(names.iter().map(String::as_str));
    map.apply(
        &mut dataset.votes,
        &mut dataset.attendance,
        &mut dataset.decisions,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[PersonRef]) -> Vec<(&str, Option<&str>)> {
        list.iter()
            .map(|p| (p.person_name.as_str(), p.role.as_deref()))
            .collect()
    }

    #[test]
    fn a_plural_role_applies_to_every_name_after_it() {
        let list =
            parse_list("Udvalgsmedlemmerne Tim Vermund, Michael Eskamp Witek og Ulla Chambless")
                .unwrap();
        assert_eq!(
            names(&list),
            vec![
                ("Tim Vermund", Some("Udvalgsmedlem")),
                ("Michael Eskamp Witek", Some("Udvalgsmedlem")),
                ("Ulla Chambless", Some("Udvalgsmedlem")),
            ]
        );
    }

    #[test]
    fn a_singular_role_applies_to_its_own_name_only() {
        let list = parse_list(
            "Rådmand Steen Møller, udvalgsmedlemmerne Claus Houden, Christoffer Lilleholt og \
             Steen Lund",
        )
        .unwrap();
        assert_eq!(
            names(&list),
            vec![
                ("Steen Møller", Some("Rådmand")),
                ("Claus Houden", Some("Udvalgsmedlem")),
                ("Christoffer Lilleholt", Some("Udvalgsmedlem")),
                ("Steen Lund", Some("Udvalgsmedlem")),
            ]
        );
        let single = parse_list("Borgmester Anna Berg og Peter Holm").unwrap();
        assert_eq!(
            names(&single),
            vec![("Anna Berg", Some("Borgmester")), ("Peter Holm", None)]
        );
    }

    #[test]
    fn middle_initials_are_dropped_but_kept_in_raw_name() {
        let list = parse_list("Udvalgsmedlem Ulla G. Chambless (Ø)").unwrap();
        assert_eq!(list[0].person_name, "Ulla Chambless");
        assert_eq!(list[0].raw_name, "Ulla G. Chambless");
        assert_eq!(list[0].party.as_deref(), Some("Ø"));
    }

    #[test]
    fn committees_are_not_people() {
        assert!(parse_list("Beskæftigelses- og Socialudvalget").is_err());
        assert!(parse_list("Et enigt udvalg").is_err());
        assert!(!looks_like_person("Byrådet"));
        assert!(looks_like_person("Lars von Trier"));
    }

    fn vote(name: &str) -> VoteRow {
        VoteRow {
            vote_id: format!("m/1/1/{name}"),
            decision_id: "m/1/1".into(),
            item_id: "m/1".into(),
            meeting_id: "m".into(),
            voter_type: "person".into(),
            person_name: Some(person_name(name)),
            raw_name: name.into(),
            role: None,
            party: None,
            vote: "yes".into(),
        }
    }

    #[test]
    fn unify_maps_compatible_variants_to_the_fullest_and_is_idempotent() {
        let mut dataset = Dataset {
            votes: vec![
                vote("Michael Witek"),
                vote("Michael Eskamp Witek"),
                vote("Ulla G. Chambless"),
                vote("Anne Marie Hansen"),
                vote("Anne Lise Hansen"),
            ],
            ..Default::default()
        };
        dataset.attendance.push(AttendanceRow {
            attendance_id: "m/meeting/a1".into(),
            meeting_id: "m".into(),
            item_id: None,
            person_name: "Ulla Chambless".into(),
            raw_name: "Ulla Chambless".into(),
            role: None,
            status: "apologies".into(),
            time: None,
            raw_text: "Afbud fra Ulla Chambless".into(),
        });
        unify_dataset(&mut dataset);
        let got: Vec<&str> = dataset
            .votes
            .iter()
            .map(|v| v.person_name.as_deref().unwrap())
            .collect();
        assert_eq!(
            got,
            vec![
                "Michael Eskamp Witek",
                "Michael Eskamp Witek",
                "Ulla Chambless",
                "Anne Marie Hansen",
                "Anne Lise Hansen",
            ]
        );
        assert_eq!(dataset.attendance[0].person_name, "Ulla Chambless");
        assert_eq!(dataset.votes[2].raw_name, "Ulla G. Chambless");
        let once = dataset.clone();
        unify_dataset(&mut dataset);
        assert_eq!(dataset, once);
    }

    #[test]
    fn a_map_built_from_every_document_and_applied_to_each_unifies_like_the_whole_dataset() {
        // Two documents: the fuller form of a name occurs only in the second.
        let first = vec![vote("Michael Witek"), vote("Ulla G. Chambless")];
        let second = vec![vote("Michael Eskamp Witek"), vote("Tim Vermund")];
        let mut whole = Dataset {
            votes: first.iter().chain(&second).cloned().collect(),
            ..Default::default()
        };
        unify_dataset(&mut whole);

        let names: Vec<BTreeSet<String>> = [&first, &second]
            .iter()
            .map(|votes| person_names_in(votes, &[], &[]))
            .collect();
        let map = NameMap::from_names(names.iter().flatten().map(String::as_str));
        let mut streamed = Vec::new();
        for mut votes in [first, second] {
            map.apply(&mut votes, &mut [], &mut []);
            streamed.extend(votes);
        }
        assert_eq!(streamed, whole.votes);
        assert_eq!(
            streamed[0].person_name.as_deref(),
            Some("Michael Eskamp Witek")
        );
    }

    /// The char-by-char `split_list` the byte walk replaced: the oracle of its proptest.
    fn split_list_by_chars(text: &str) -> Vec<String> {
        let mut pieces = Vec::new();
        let mut depth = 0i32;
        let mut current = String::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                let rest: String = chars[i..chars.len().min(i + 6)].iter().collect();
                let separator = if c == ',' || c == ';' {
                    Some(1)
                } else if rest.starts_with(" og ") {
                    Some(4)
                } else if rest.starts_with(" samt ") {
                    Some(6)
                } else if rest.starts_with(" & ") {
                    Some(3)
                } else {
                    None
                };
                if let Some(skip) = separator {
                    pieces.push(std::mem::take(&mut current));
                    i += skip;
                    continue;
                }
            }
            current.push(c);
            i += 1;
        }
        pieces.push(current);
        pieces
            .into_iter()
            .map(|p| collapse_whitespace(&p))
            .filter(|p| !p.is_empty() && p != "...")
            .collect()
    }

    /// `looks_like_party` before its early returns: the oracle of its proptest.
    fn looks_like_party_in_full(text: &str) -> bool {
        let t = text.trim();
        let letters: Vec<char> = t.chars().collect();
        let code = !letters.is_empty()
            && letters.len() <= 3
            && letters
                .iter()
                .all(|c| c.is_uppercase() || c.is_ascii_digit());
        let named = PARTY_NAMES.contains(&t.to_lowercase().as_str());
        code || named
    }

    #[test]
    fn the_longest_party_name_is_as_long_as_said() {
        let longest = PARTY_NAMES.iter().map(|p| p.chars().count()).max();
        assert_eq!(longest, Some(LONGEST_PARTY_NAME));
    }

    /// `holds_whitespace_but_space` before its blocks: every byte asked in turn.
    fn holds_whitespace_but_space_byte_by_byte(text: &str) -> bool {
        (0..text.len()).any(|at| whitespace_but_space_at(text.as_bytes(), at))
    }

    proptest::proptest! {
        #[test]
        fn whitespace_found_in_blocks_as_byte_by_byte(
            text in "(abcdefghijklmnop|æøå|Ø|a|\t|\n|\r| |\u{85}|\u{A0}|\u{1680}|\u{2003}|\
                      \u{2013}|\u{201D}|\u{2028}|\u{202F}|\u{205F}|\u{3000}|\u{3001}|\\PC){0,40}",
        ) {
            proptest::prop_assert_eq!(
                holds_whitespace_but_space(&text),
                holds_whitespace_but_space_byte_by_byte(&text)
            );
            proptest::prop_assert_eq!(
                holds_whitespace_but_space(&text),
                text.chars().any(|c| c != ' ' && c.is_whitespace())
            );
        }
    }

    #[test]
    fn whitespace_read_from_bytes_as_from_chars() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(
                holds_whitespace_but_space(&text),
                c != ' ' && c.is_whitespace(),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn parties_and_roles_as_read_in_full(
            words in proptest::collection::vec(
                concat!(
                    "(Det Konservative Folkeparti|DET KONSERVATIVE FOLKEPARTI|Venstre|",
                    "Løsgænger|LØSGÆNGER|A|SF|Ø|Å|1|ab|\u{212A}onservative|",
                    "Udvalgsmedlemmerne|Rådmand|RÅDMÆNDENE|Borgmester|\u{212A}ommunalbestyrelses",
                    "medlem|medlem|Næstformand|Formand|Viceborgmester| |  |\u{a0}|\\PC)",
                ),
                0..6,
            )
        ) {
            let text = words.concat();
            proptest::prop_assert_eq!(looks_like_party(&text), looks_like_party_in_full(&text));
            proptest::prop_assert_eq!(split_role(&text), split_role_in_full(&text));
        }

        #[test]
        fn split_list_as_the_walk_over_chars(
            words in proptest::collection::vec(
                "( og | samt | & |,|;|\\(|\\)| |\u{a0}|\\.\\.\\.|o|g|s|amt|Ø|æ|Tim|\\PC)",
                0..24,
            )
        ) {
            let text = words.concat();
            proptest::prop_assert_eq!(split_list(&text), split_list_by_chars(&text));
        }

        #[test]
        fn collapse_whitespace_as_split_and_join(
            text in r"([ \t\n\u{a0}\u{2009}a-cæ.]){0,16}",
        ) {
            let joined = text
                .split(|c: char| c.is_whitespace() || c == '\u{a0}')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&text), joined);
        }

        #[test]
        fn lowercase_as_std(text in "(Σ|İ|\u{212A}|ǅ|ẞ|ÆØÅ|\\PC){0,12}") {
            proptest::prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }

        #[test]
        fn normalising_a_name_twice_changes_nothing(name in "\\PC{0,40}") {
            let once = person_name(&name);
            proptest::prop_assert_eq!(person_name(&once), once);
        }

        #[test]
        fn unifying_twice_changes_nothing(
            names in proptest::collection::vec(
                "(Ulla|Tim|Anne)( (G\\.|Marie|Lise|B))?( (G\\.|Marie))? (Chambless|Hansen)",
                0..12,
            )
        ) {
            let mut dataset = Dataset {
                votes: names.iter().map(|n| vote(n)).collect(),
                ..Default::default()
            };
            unify_dataset(&mut dataset);
            let once = dataset.clone();
            unify_dataset(&mut dataset);
            proptest::prop_assert_eq!(dataset, once);
        }
    }
}
