//! Attendance: who was not there. Apologies ("Afbud fra ..."), absence ("X deltog ikke i
//! mødet", "... deltog ikke i behandlingen af dette punkt") and people leaving ("X forlod mødet
//! kl. 09.30 og deltog ikke i behandlingen af punkt 2, 3 og 13").
//!
//! Only sentences that say someone was *not* there become rows: a list of people present
//! ("På mødet deltog: ...") quoted inside an item's body is about another meeting and is never
//! read. The same sentence reader serves the meeting's header (item_id null) and an item's
//! Beslutning (item_id set; a sentence naming other items gives one row per item named).

use std::sync::OnceLock;

use regex::Regex;

use super::amounts::groups::is_decimal_digit;
use super::decisions::starts_with_folded;
use super::names::{self, PersonRef};
use crate::model::MeetingHeader;
use crate::rows::AttendanceRow;

/// The closed vocabulary of `attendance.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Apologies,
    Absent,
    Left,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Apologies => "apologies",
            Status::Absent => "absent",
            Status::Left => "left",
        }
    }
}

/// What one attendance sentence says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    pub people: Vec<PersonRef>,
    pub status: Status,
    /// "HH:MM" when stated.
    pub time: Option<String>,
    /// Items named in the sentence ("punkt 2, 3 og 13"); empty when it names none.
    pub items: Vec<u32>,
}

/// Why an attendance sentence gave no rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub sentence: String,
    pub pieces: Vec<String>,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("attendance patterns are valid"))
}

/// Item numbers in "2, 3, 5-7 og 13" (ranges with '-', '–' or "til").
pub fn item_numbers(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for_each_range(text, |low, high| match high {
        Some(high) => {
            let (a, b): (u32, u32) = (low.parse().unwrap_or(0), high.parse().unwrap_or(0));
            if a <= b && b - a < 200 {
                out.extend(a..=b);
            }
        }
        None => {
            if let Ok(n) = low.parse() {
                out.push(n);
            }
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// What `captures_iter` of `(\d{1,3})\s*(?:-|–|til)\s*(\d{1,3})|(\d{1,3})` gives, read by hand
/// (the regex's Unicode `\d` and `\s` cost ~1.7 M instructions to build per run): `visit` gets
/// groups 1 and 2 of a range, or group 3 and None. Every match starts with a digit, so the
/// leftmost one starts at the first digit at or after the previous match's end, and there the
/// number (1-3 digits) always matches. Taking fewer digits or less whitespace than the greedy
/// parts take never helps: the char left over (a digit, a blank) is neither a separator nor
/// a digit where one is needed. So a range matches exactly when the greedy reading of it does,
/// and it comes first. `\d` is [`is_decimal_digit`], `\s` `char::is_whitespace`.
fn for_each_range<'t>(text: &'t str, mut visit: impl FnMut(&'t str, Option<&'t str>)) {
    let mut at = 0;
    while let Some(offset) = text[at..].find(is_decimal_digit) {
        let start = at + offset;
        let low_end = start + number_len(&text[start..]);
        let after_blanks = low_end + blanks_len(&text[low_end..]);
        let rest = &text[after_blanks..];
        let separator = ["-", "–", "til"].into_iter().find(|s| rest.starts_with(s));
        if let Some(separator) = separator {
            let high_start = after_blanks + separator.len();
            let high_start = high_start + blanks_len(&text[high_start..]);
            let high_len = number_len(&text[high_start..]);
            if high_len > 0 {
                let high_end = high_start + high_len;
                visit(&text[start..low_end], Some(&text[high_start..high_end]));
                at = high_end;
                continue;
            }
        }
        visit(&text[start..low_end], None);
        at = low_end;
    }
}

/// The bytes `\d{1,3}` takes (greedy) at the start of `text`; 0 where no digit starts it.
fn number_len(text: &str) -> usize {
    text.char_indices()
        .take(3)
        .take_while(|&(_, c)| is_decimal_digit(c))
        .last()
        .map_or(0, |(at, c)| at + c.len_utf8())
}

/// The bytes `\s*` takes at the start of `text`.
fn blanks_len(text: &str) -> usize {
    text.len() - text.trim_start_matches(char::is_whitespace).len()
}

fn clock(hours: &str, minutes: &str) -> Option<String> {
    let h: u32 = hours.parse().ok()?;
    let m: u32 = minutes.parse().ok()?;
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// Read one sentence. None when it is not about attendance; Err when it is, but the people in
/// it cannot be read as names.
pub fn read_sentence(sentence: &str) -> Option<Result<Absence, Unreadable>> {
    static APOLOGIES: OnceLock<Regex> = OnceLock::new();
    static APOLOGIES_AFTER: OnceLock<Regex> = OnceLock::new();
    static ABSENT_LIST: OnceLock<Regex> = OnceLock::new();
    static ABSENT_AFTER: OnceLock<Regex> = OnceLock::new();
    static NOT_PRESENT: OnceLock<Regex> = OnceLock::new();
    static LEFT: OnceLock<Regex> = OnceLock::new();
    static WORD: OnceLock<Regex> = OnceLock::new();
    // Every pattern below needs one of these words, with the same `(?i)` folding: "afbud"
    // (APOLOGIES, APOLOGIES_AFTER), "fravær" (APOLOGIES' second form, ABSENT_LIST,
    // ABSENT_AFTER), "stede" (ABSENT_AFTER's "ikke til stede"), "deltog" (NOT_PRESENT),
    // "forlod" (LEFT). Collapsing whitespace only joins the sentence's words with one space, so
    // a word without whitespace is in `s` only if it is in `sentence`: without any of them no
    // pattern matches and the answer is None. Checking first spares most sentences six
    // searches and the copy.
    if !re(&WORD, r"(?i)afbud|fravær|stede|deltog|forlod").is_match(sentence) {
        return None;
    }
    let s = names::collapse_whitespace(sentence);
    let s = s.trim_end_matches(['.', ' ']);
    let apologies = || {
        re(
            &APOLOGIES,
            concat!(
                r"(?i)^(?:meldt\s+)?afbud(?:\s+fra)?\s*:?\s+(?P<who>.+)$|",
                r"^fraværende\s+med\s+afbud\s*:?\s*(?P<who2>.+)$",
            ),
        )
    };
    let apologies_after = || {
        re(
            &APOLOGIES_AFTER,
            r"(?i)^(?P<who>.+?)\s+(?:havde|har|hade)\s+meldt\s+afbud",
        )
    };
    let absent_list = || {
        re(
            &ABSENT_LIST,
            r"(?i)^(?:fraværende|fravær)\s*:?\s+(?P<who>.+)$",
        )
    };
    let absent_after = || {
        re(
            &ABSENT_AFTER,
            r"(?i)^(?P<who>.+?)\s+(?:var|er)\s+(?:fraværende|ikke\s+til\s+stede)",
        )
    };
    let not_present = || {
        re(
            &NOT_PRESENT,
            concat!(
                r"(?i)^(?P<who>.+?)\s+deltog\s+ikke\s+(?:i|under)\s+(?:(?P<meeting>mødet)|",
                r"(?:sagens|punktets)\s+behandling|behandlingen\s+af\s+(?:(?P<this>dette\s+punkt|",
                r"punktet|sagen|denne\s+sag)|(?:punkt(?:erne)?|pkt\.?|",
                r"sag(?:erne)?)\s+(?P<items>[\d\s,\-–og.]+)))",
            ),
        )
    };
    let left = || {
        re(
            &LEFT,
            concat!(
                r"(?i)^(?P<who>.+?)\s+forlod\s+mødet(?:\s+kl\.?\s*(?P<h>\d{1,2})[.:](?P<m>\d{2}))?",
                r"(?:.*?(?:deltog\s+ikke\s+i|under)\s+behandlingen\s+af\s+(?:punkt(?:erne)?|",
                r"pkt\.?|sag(?:erne)?)\s+(?P<items>[\d\s,\-–og.]+))?",
            ),
        )
    };
    // Which of the words each pattern needs (see above) the sentence holds, under the same
    // folding: a pattern whose word is missing cannot match, so it is neither built nor run,
    // and the first pattern that matches is still the first of those tried.
    let holds = |word: &str| {
        s.char_indices()
            .any(|(at, _)| starts_with_folded(&s[at..], word).is_some())
    };
    let afbud = holds("afbud");
    let fravaer = holds("fravær");
    let stede = holds("stede");
    let try_if = |needed: bool, pattern: &dyn Fn() -> &'static Regex| {
        needed.then(pattern).and_then(|regex| regex.captures(s))
    };
    let (who, status, time, items) = if let Some(c) = try_if(afbud, &apologies) {
        let who = c.name("who").or_else(|| c.name("who2"))?;
        (who.as_str(), Status::Apologies, None, Vec::new())
    } else if let Some(c) = try_if(afbud, &apologies_after) {
        (c.name("who")?.as_str(), Status::Apologies, None, Vec::new())
    } else if let Some(c) = try_if(fravaer, &absent_list) {
        (c.name("who")?.as_str(), Status::Absent, None, Vec::new())
    } else if let Some(c) = try_if(fravaer || stede, &absent_after) {
        (c.name("who")?.as_str(), Status::Absent, None, Vec::new())
    } else if let Some(c) = try_if(holds("forlod"), &left) {
        let time = match (c.name("h"), c.name("m")) {
            (Some(h), Some(m)) => clock(h.as_str(), m.as_str()),
            _ => None,
        };
        let items = c
            .name("items")
            .map_or_else(Vec::new, |m| item_numbers(m.as_str()));
        (c.name("who")?.as_str(), Status::Left, time, items)
    } else if let Some(c) = try_if(holds("deltog"), &not_present) {
        let items = c
            .name("items")
            .map_or_else(Vec::new, |m| item_numbers(m.as_str()));
        (c.name("who")?.as_str(), Status::Absent, None, items)
    } else {
        return None;
    };
    // "X var inhabil og deltog ikke ...": the reason is not part of the name.
    static REASON: OnceLock<Regex> = OnceLock::new();
    let reason = || {
        re(
            &REASON,
            r"(?i)\s+(?:var|blev|er)\s+inhabil(?:\s+og)?$|\s+erklærede\s+sig\s+inhabil(?:\s+og)?$",
        )
    };
    // Both alternatives need "inhabil", whose letters fold under `(?i)` only to their ASCII
    // cases (of all chars only 'K' and 'ſ' fold to ASCII letters, and it has neither 'k' nor
    // 's'; a test checks every char): a name list without it up to ASCII case is kept as it
    // is, and the pattern is built only for a list that holds it.
    let who = if contains_inhabil(who) {
        reason().replace(who, "")
    } else {
        std::borrow::Cow::Borrowed(who)
    };
    Some(
        names::parse_list(&who)
            .map(|people| Absence {
                people,
                status,
                time,
                items,
            })
            .map_err(|pieces| Unreadable {
                sentence: s.to_string(),
                pieces,
            }),
    )
}

/// Whether `text` holds "inhabil" up to ASCII case.
fn contains_inhabil(text: &str) -> bool {
    text.to_ascii_lowercase().contains("inhabil")
}

/// Where an attendance sentence was written: the meeting's header or one item's Beslutning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Meeting,
    Item(u32),
}

/// Numbers the rows read from one scope, so ids are positions, never global counters.
#[derive(Debug, Clone)]
pub struct RowMaker<'a> {
    meeting_id: &'a str,
    scope: Scope,
    next: u32,
}

impl<'a> RowMaker<'a> {
    pub fn new(meeting_id: &'a str, scope: Scope) -> Self {
        RowMaker {
            meeting_id,
            scope,
            next: 1,
        }
    }

    /// Rows for one sentence: one per person, and per item when the sentence names items.
    /// A sentence naming no item belongs to the item it was written in (or to the meeting).
    pub fn rows(&mut self, absence: &Absence, raw_text: &str) -> Vec<AttendanceRow> {
        let items: Vec<Option<u32>> = if !absence.items.is_empty() {
            absence.items.iter().copied().map(Some).collect()
        } else {
            match self.scope {
                Scope::Meeting => vec![None],
                Scope::Item(n) => vec![Some(n)],
            }
        };
        let scope = match self.scope {
            Scope::Meeting => "meeting".to_string(),
            Scope::Item(n) => n.to_string(),
        };
        let mut out = Vec::new();
        for person in &absence.people {
            for item in &items {
                out.push(AttendanceRow {
                    attendance_id: format!("{}/{scope}/a{}", self.meeting_id, self.next),
                    meeting_id: self.meeting_id.to_string(),
                    item_id: item.map(|n| format!("{}/{n}", self.meeting_id)),
                    person_name: person.person_name.clone(),
                    raw_name: person.raw_name.clone(),
                    role: person.role.clone(),
                    status: absence.status.as_str().to_string(),
                    time: absence.time.clone(),
                    raw_text: names::collapse_whitespace(raw_text),
                });
                self.next += 1;
            }
        }
        out
    }
}

/// Absences for the whole meeting, from the header's attendance lines ("Afbud fra: ...").
/// A line whose people cannot be read as names gives no row (there is no problem list at
/// this level; the line stays in the header as written).
pub fn meeting_level(meeting_id: &str, header: &MeetingHeader) -> Vec<AttendanceRow> {
    let mut maker = RowMaker::new(meeting_id, Scope::Meeting);
    let mut out = Vec::new();
    for line in &header.attendance_lines {
        for unit in super::decisions::units(line) {
            if let Some(Ok(absence)) = read_sentence(&unit.text) {
                out.extend(maker.rows(&absence, &unit.text));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {

    /// The regex `item_numbers` read before [`super::for_each_range`]: the oracle.
    fn item_numbers_by_regex(text: &str) -> Vec<u32> {
        let range = Regex::new(r"(\d{1,3})\s*(?:-|–|til)\s*(\d{1,3})|(\d{1,3})").unwrap();
        let mut out = Vec::new();
        for c in range.captures_iter(text) {
            if let (Some(a), Some(b)) = (c.get(1), c.get(2)) {
                let (a, b): (u32, u32) = (
                    a.as_str().parse().unwrap_or(0),
                    b.as_str().parse().unwrap_or(0),
                );
                if a <= b && b - a < 200 {
                    out.extend(a..=b);
                }
            } else if let Some(n) = c.get(3) {
                if let Ok(n) = n.as_str().parse() {
                    out.push(n);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every group of every match, as the regex gives them and as the hand reader does.
    fn range_groups_by_regex(text: &str) -> Vec<(String, Option<String>)> {
        let range = Regex::new(r"(\d{1,3})\s*(?:-|–|til)\s*(\d{1,3})|(\d{1,3})").unwrap();
        range
            .captures_iter(text)
            .map(|c| match (c.get(1), c.get(2)) {
                (Some(a), Some(b)) => (a.as_str().to_string(), Some(b.as_str().to_string())),
                _ => (c[3].to_string(), None),
            })
            .collect()
    }

    fn range_groups_by_hand(text: &str) -> Vec<(String, Option<String>)> {
        let mut groups = Vec::new();
        super::for_each_range(text, |low, high| {
            groups.push((low.to_string(), high.map(str::to_string)));
        });
        groups
    }

    proptest::proptest! {
        #[test]
        fn item_numbers_read_by_hand_match_the_regex(
            text in "([0-9]|12|1234|\u{663}|\u{FF10}|\u{B2}|\u{BD}| |\u{A0}|\u{2003}|\n|\t|-|–|—\
                      |til|TIL|ti|t|,|og|punkt|a|æ|\\PC){0,16}",
        ) {
            proptest::prop_assert_eq!(range_groups_by_hand(&text), range_groups_by_regex(&text));
            proptest::prop_assert_eq!(item_numbers(&text), item_numbers_by_regex(&text));
        }
    }

    #[test]
    fn item_numbers_read_ranges_lists_and_long_numbers() {
        for text in [
            "2, 3, 5-7 og 13",
            "1 til 3",
            "4 – 6",
            "1234-5",
            "12 -",
            "7til 9",
            "3 - x",
        ] {
            assert_eq!(item_numbers(text), item_numbers_by_regex(text), "{text}");
        }
        assert_eq!(item_numbers("2, 3, 5-7 og 13"), [2, 3, 5, 6, 7, 13]);
    }
    use super::*;

    fn read(s: &str) -> Absence {
        read_sentence(s)
            .expect("an attendance sentence")
            .expect("readable")
    }

    #[test]
    fn only_kelvin_and_long_s_fold_to_ascii_letters() {
        // What contains_inhabil relies on: under `(?i)`, the chars that match an ASCII letter
        // are the ASCII letters, 'K' (Kelvin sign) and 'ſ'; checked over every char.
        let letter = Regex::new(r"(?i)^[a-z]$").unwrap();
        let folding: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(folding, ['\u{17F}', '\u{212A}']);
        let inhabil = Regex::new(r"(?i)inhabil").unwrap();
        for text in [
            "INHABIL",
            "Inhabil og",
            "in habil",
            "ınhabil",
            "İnhabil",
            "x",
        ] {
            assert_eq!(contains_inhabil(text), inhabil.is_match(text), "{text}");
        }
    }

    #[test]
    fn absence_from_the_meeting_written_in_an_item() {
        let a = read("Udvalgsmedlem Mark Grossmann deltog ikke i mødet.");
        assert_eq!(a.status, Status::Absent);
        assert_eq!(a.people[0].person_name, "Mark Grossmann");
        assert_eq!(a.people[0].role.as_deref(), Some("Udvalgsmedlem"));
        let rows = RowMaker::new("m", Scope::Item(2)).rows(&a, "x");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].item_id.as_deref(), Some("m/2"));
        assert_eq!(rows[0].attendance_id, "m/2/a1");
    }

    #[test]
    fn leaving_gives_one_row_per_item_named_with_the_time() {
        let s = "Rådmand Steen Møller forlod mødet kl. 09.30 og deltog ikke i behandlingen af \
                 punkt 2, 3, 5-7 og 13.";
        let a = read(s);
        assert_eq!(a.status, Status::Left);
        assert_eq!(a.time.as_deref(), Some("09:30"));
        assert_eq!(a.items, vec![2, 3, 5, 6, 7, 13]);
        let rows = RowMaker::new("m", Scope::Meeting).rows(&a, s);
        let items: Vec<_> = rows.iter().map(|r| r.item_id.clone().unwrap()).collect();
        assert_eq!(items, vec!["m/2", "m/3", "m/5", "m/6", "m/7", "m/13"]);
        assert!(rows.iter().all(|r| r.status == "left"));
    }

    #[test]
    fn apologies_from_the_header_are_for_the_whole_meeting() {
        let header = MeetingHeader {
            attendance_lines: vec!["Afbud fra: Ulla G. Chambless og Tim Vermund".into()],
            ..Default::default()
        };
        let rows = meeting_level("m", &header);
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.person_name.as_str(),
                    r.raw_name.as_str(),
                    r.item_id.is_none(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Ulla Chambless", "Ulla G. Chambless", true),
                ("Tim Vermund", "Tim Vermund", true)
            ]
        );
        assert!(rows.iter().all(|r| r.status == "apologies"));
        assert_eq!(rows[1].attendance_id, "m/meeting/a2");
    }

    #[test]
    fn header_lines_as_the_parser_writes_them() {
        let header = MeetingHeader {
            attendance_lines: vec![
                "Afbud: Anne Andersen, Bo Bech".into(),
                "Fraværende: Carl Carlsen".into(),
                "Fravær: Næstformand Dorte D. Dahl (V)".into(),
            ],
            ..Default::default()
        };
        let rows = meeting_level("m", &header);
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.person_name.as_str(), r.status.as_str(), r.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Anne Andersen", "apologies", None),
                ("Bo Bech", "apologies", None),
                ("Carl Carlsen", "absent", None),
                ("Dorte Dahl", "absent", Some("Næstformand")),
            ]
        );
    }

    #[test]
    fn leaving_after_an_item_names_no_missed_item() {
        // The items missed are not named: one row where the sentence was written.
        let a = read("Tim Vermund forlod mødet kl. 10.05 efter behandlingen af punkt 5.");
        assert_eq!(a.status, Status::Left);
        assert!(a.items.is_empty());
        assert_eq!(a.time.as_deref(), Some("10:05"));
    }

    #[test]
    fn other_ways_of_saying_absent() {
        for s in [
            "Tim Vermund var inhabil og deltog ikke i behandlingen af sagen.",
            "Tim Vermund deltog ikke i sagens behandling.",
            "Udvalgsmedlem Tim Vermund var ikke til stede.",
        ] {
            let a = read(s);
            assert_eq!(a.status, Status::Absent, "{s}");
            assert_eq!(a.people[0].person_name, "Tim Vermund", "{s}");
        }
    }

    #[test]
    fn absence_for_named_items() {
        let a = read("Udvalgsmedlem Tim Vermund deltog ikke i behandlingen af punkt 4-6.");
        assert_eq!(a.items, vec![4, 5, 6]);
        assert_eq!(a.status, Status::Absent);
    }

    #[test]
    fn absence_for_this_item_only() {
        let a = read(
            "Udvalgsmedlemmerne Tim Vermund og Ulla Chambless deltog ikke i behandlingen af \
             dette punkt.",
        );
        assert_eq!(a.people.len(), 2);
        assert!(a.items.is_empty());
    }

    #[test]
    fn people_present_are_not_attendance_rows() {
        assert!(read_sentence("På mødet deltog: Tim Vermund, Ulla Chambless").is_none());
        assert!(read_sentence("30 ledige deltog og 10 fik job.").is_none());
    }
}
