//! The encoding of the rows cache. Every document's rows are written once (after parsing) and
//! read back once (by the streaming writer), so both directions are on a full run's hot path.
//!
//! Layout: [`MAGIC`] (which also versions the layout), the byte lengths of the items part and
//! of the amounts part (u64, little-endian), the items part, the amounts part, then the others
//! part (every other table and the problems; see [`RowsPart`]): the writer reads each part in
//! the thread that writes it. Each part is the
//! byte length of its text (u64), the text — every string of the part's rows, one after
//! another, in the order they are read — and then the structure: counts and string lengths
//! (LEB128), numbers (little-endian), flags and option tags (one byte). Rows are ~90 % text,
//! which bincode (the previous encoding) checked for UTF-8 one string at a time while walking
//! serde's visitors field by field: reading the cache back took ~5 % of a full run's CPU. Here
//! the text is checked once, in one pass, and each string is a slice of it copied out.
//!
//! Reading trusts nothing: a length beyond what the file holds, a string that does not end on a
//! character boundary, an invalid date or decimal, a flag that is neither 0 nor 1, or bytes left
//! over make the file unreadable (`None`: the caller parses the document again). A count never
//! reserves more elements than there are bytes left, since every element takes at least one.
//! Files of another layout (bincode, an older version of this one) fail on the magic number:
//! bincode's first byte, a length, is never 0xff (its reserved extension byte).

use std::borrow::Cow;

use chrono::NaiveDate;
use encoding_rs::UTF_8;
use rust_decimal::Decimal;

use crate::rows::{
    AmountRow, AttendanceRow, DecisionRow, ItemRow, MeetingRow, Normalised, RowsPart, VoteRow,
};

/// The first bytes of a rows file: 0xff, "RR", layout version.
const MAGIC: [u8; 4] = [0xff, b'R', b'R', 3];
/// The magic number and the lengths of the items and amounts parts (u64, little-endian).
pub const HEAD: usize = MAGIC.len() + 16;

/// The rows as the bytes of one file, built in `file` (one buffer, written with one call);
/// `structure` is scratch space. Both are cleared first: callers reuse them.
pub fn encode_into(rows: &Normalised, file: &mut Vec<u8>, structure: &mut Vec<u8>) {
    file.clear();
    file.extend_from_slice(&MAGIC);
    // The lengths of the items and amounts parts, filled in when known.
    file.extend_from_slice(&[0; 16]);
    encode_part(file, structure, |e| rows.items.encode(e));
    let items_len = (file.len() - HEAD) as u64;
    encode_part(file, structure, |e| rows.amounts.encode(e));
    let amounts_len = (file.len() - HEAD) as u64 - items_len;
    file[MAGIC.len()..MAGIC.len() + 8].copy_from_slice(&items_len.to_le_bytes());
    file[MAGIC.len() + 8..HEAD].copy_from_slice(&amounts_len.to_le_bytes());
    encode_part(file, structure, |e| {
        rows.meetings.encode(e);
        rows.decisions.encode(e);
        rows.votes.encode(e);
        rows.attendance.encode(e);
        rows.problems.encode(e);
    });
}

/// Append one part to `file`: its text's length, its text, its structure.
fn encode_part(file: &mut Vec<u8>, structure: &mut Vec<u8>, encode: impl FnOnce(&mut Encoder)) {
    structure.clear();
    let start = file.len();
    file.extend_from_slice(&[0; 8]);
    let mut encoder = Encoder {
        text: std::mem::take(file),
        structure: std::mem::take(structure),
    };
    encode(&mut encoder);
    *file = encoder.text;
    *structure = encoder.structure;
    let text_len = (file.len() - start - 8) as u64;
    file[start..start + 8].copy_from_slice(&text_len.to_le_bytes());
    file.extend_from_slice(structure);
}

#[cfg(test)]
fn encode(rows: &Normalised) -> Vec<u8> {
    let mut file = Vec::new();
    encode_into(rows, &mut file, &mut Vec::new());
    file
}

/// All the rows of a file.
pub fn decode(bytes: &[u8]) -> Option<Normalised> {
    let at = PartsAt::of(bytes)?;
    let part = |part: RowsPart| {
        let (start, end) = at.range(part);
        decode_part(bytes.get(start as usize..end as usize)?, part)
    };
    let mut rows = part(RowsPart::Others)?;
    rows.items = part(RowsPart::Items)?.items;
    rows.amounts = part(RowsPart::Amounts)?.amounts;
    Some(rows)
}

/// Where a rows file's three parts are: known from the bytes when they are written or read
/// whole, so that a part can be read later with one positioned read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartsAt {
    /// The items part's length (it starts at [`HEAD`]).
    pub items_len: u64,
    /// The amounts part's length (it follows the items part).
    pub amounts_len: u64,
    /// The file's length (the others part ends there).
    pub file_len: u64,
}

impl PartsAt {
    /// Of a whole file of this layout; None when it is not one.
    pub fn of(file: &[u8]) -> Option<PartsAt> {
        let (items_len, amounts_len) = part_lengths(file)?;
        let file_len = file.len() as u64;
        let at = PartsAt {
            items_len,
            amounts_len,
            file_len,
        };
        let parts_end = (HEAD as u64)
            .checked_add(items_len)?
            .checked_add(amounts_len)?;
        (parts_end <= file_len).then_some(at)
    }

    /// A part's byte range in the file.
    pub fn range(self, part: RowsPart) -> (u64, u64) {
        let items_end = HEAD as u64 + self.items_len;
        let amounts_end = items_end + self.amounts_len;
        match part {
            RowsPart::Items => (HEAD as u64, items_end),
            RowsPart::Amounts => (items_end, amounts_end),
            RowsPart::Others => (amounts_end, self.file_len),
        }
    }
}

/// The lengths of the items and amounts parts, read from a file's first [`HEAD`] bytes; None
/// when they are not this layout's.
fn part_lengths(head: &[u8]) -> Option<(u64, u64)> {
    let rest = head.strip_prefix(&MAGIC)?;
    let (items_len, rest) = rest.split_first_chunk::<8>()?;
    let (amounts_len, _) = rest.split_first_chunk::<8>()?;
    Some((
        u64::from_le_bytes(*items_len),
        u64::from_le_bytes(*amounts_len),
    ))
}

/// One part's rows from that part's bytes (the other parts' tables empty).
pub fn decode_part(bytes: &[u8], part: RowsPart) -> Option<Normalised> {
    let (text_len, rest) = bytes.split_first_chunk::<8>()?;
    let text_len = usize::try_from(u64::from_le_bytes(*text_len)).ok()?;
    let text = rest.get(..text_len)?;
    // encoding_rs checks UTF-8 with SIMD (simdutf8): several times faster than
    // std::str::from_utf8 on Danish text, whose 'æ', 'ø', 'å' keep breaking std's ASCII fast
    // path (extract relies on the same; a test there checks that both agree). Valid text is
    // borrowed, never copied.
    let text = match UTF_8.decode_without_bom_handling_and_without_replacement(text)? {
        Cow::Borrowed(text) => text,
        Cow::Owned(_) => return None,
    };
    let mut d = Decoder {
        text,
        text_at: 0,
        bytes: &rest[text_len..],
        at: 0,
    };
    // Struct expressions evaluate their fields in the order written.
    let rows = match part {
        RowsPart::Items => Normalised {
            items: Codec::decode(&mut d)?,
            ..Normalised::default()
        },
        RowsPart::Amounts => Normalised {
            amounts: Codec::decode(&mut d)?,
            ..Normalised::default()
        },
        RowsPart::Others => Normalised {
            meetings: Codec::decode(&mut d)?,
            items: Vec::new(),
            decisions: Codec::decode(&mut d)?,
            votes: Codec::decode(&mut d)?,
            attendance: Codec::decode(&mut d)?,
            amounts: Vec::new(),
            problems: Codec::decode(&mut d)?,
        },
    };
    let all_read = d.at == d.bytes.len() && d.text_at == d.text.len();
    all_read.then_some(rows)
}

fn put_length(out: &mut Vec<u8>, n: usize) {
    let mut n = n as u64;
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

struct Encoder {
    text: Vec<u8>,
    structure: Vec<u8>,
}

struct Decoder<'a> {
    text: &'a str,
    text_at: usize,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Decoder<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn byte(&mut self) -> Option<u8> {
        let [b] = self.array::<1>()?;
        Some(b)
    }

    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn length(&mut self) -> Option<usize> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return usize::try_from(n).ok();
            }
        }
        None
    }

    /// A count of elements, each of which takes at least one byte of what is left.
    fn count(&mut self) -> Option<usize> {
        let n = self.length()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.length()?;
        let end = self.text_at.checked_add(n)?;
        // `get` refuses a range that is out of bounds or cuts a character.
        let s = self.text.get(self.text_at..end)?;
        self.text_at = end;
        Some(s)
    }
}

trait Codec: Sized {
    fn encode(&self, e: &mut Encoder);
    fn decode(d: &mut Decoder<'_>) -> Option<Self>;
}

impl Codec for String {
    fn encode(&self, e: &mut Encoder) {
        put_length(&mut e.structure, self.len());
        e.text.extend_from_slice(self.as_bytes());
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        d.str().map(str::to_owned)
    }
}

impl Codec for bool {
    fn encode(&self, e: &mut Encoder) {
        e.structure.push(u8::from(*self));
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        d.flag()
    }
}

impl Codec for i32 {
    fn encode(&self, e: &mut Encoder) {
        e.structure.extend_from_slice(&self.to_le_bytes());
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        d.array().map(i32::from_le_bytes)
    }
}

impl Codec for i64 {
    fn encode(&self, e: &mut Encoder) {
        e.structure.extend_from_slice(&self.to_le_bytes());
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        d.array().map(i64::from_le_bytes)
    }
}

impl Codec for NaiveDate {
    fn encode(&self, e: &mut Encoder) {
        use chrono::Datelike as _;
        self.num_days_from_ce().encode(e);
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        NaiveDate::from_num_days_from_ce_opt(i32::decode(d)?)
    }
}

impl Codec for Decimal {
    /// The decimal's own 16 bytes: value, scale and sign come back as they were.
    fn encode(&self, e: &mut Encoder) {
        e.structure.extend_from_slice(&self.serialize());
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        let bytes: [u8; 16] = d.array()?;
        // Flags: bytes 0–1 unused, byte 2 the scale (at most 28), byte 3 only the sign bit.
        let valid = bytes[0] == 0
            && bytes[1] == 0
            && u32::from(bytes[2]) <= Decimal::MAX_SCALE
            && bytes[3] & 0x7f == 0;
        valid.then(|| Decimal::deserialize(bytes))
    }
}

impl<T: Codec> Codec for Option<T> {
    fn encode(&self, e: &mut Encoder) {
        match self {
            None => e.structure.push(0),
            Some(v) => {
                e.structure.push(1);
                v.encode(e);
            }
        }
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        if d.flag()? {
            T::decode(d).map(Some)
        } else {
            Some(None)
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn encode(&self, e: &mut Encoder) {
        put_length(&mut e.structure, self.len());
        for v in self {
            v.encode(e);
        }
    }
    fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        let n = d.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::decode(d)?);
        }
        Some(out)
    }
}

/// Encodes and decodes the listed fields in the listed order. The list must name every field:
/// the pattern has no `..`, so a field added to a row and not here does not compile.
macro_rules! codec_for_struct {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl Codec for $name {
            fn encode(&self, e: &mut Encoder) {
                let $name { $($field),* } = self;
                $($field.encode(e);)*
            }
            fn decode(d: &mut Decoder<'_>) -> Option<Self> {
                // Struct expressions evaluate their fields in the order written.
                Some($name { $($field: Codec::decode(d)?),* })
            }
        }
    };
}

codec_for_struct!(MeetingRow {
    meeting_id,
    municipality,
    committee,
    committee_period,
    meeting_date,
    start_time,
    end_time,
    location,
    document_kind,
    source_sha256,
    item_count,
});

codec_for_struct!(ItemRow {
    item_id,
    meeting_id,
    item_number,
    title,
    case_type,
    case_number,
    kle_code,
    access,
    summary,
    recommendation,
    decision_text,
    body,
    effect,
    economy,
    attachments,
    body_found,
});

codec_for_struct!(DecisionRow {
    decision_id,
    item_id,
    meeting_id,
    seq,
    kind,
    text,
    outcome,
    proposers,
    recommendation_points,
    yes_count,
    no_count,
    abstain_count,
    result,
    decided_by,
});

codec_for_struct!(VoteRow {
    vote_id,
    decision_id,
    item_id,
    meeting_id,
    voter_type,
    person_name,
    raw_name,
    role,
    party,
    vote,
});

codec_for_struct!(AttendanceRow {
    attendance_id,
    meeting_id,
    item_id,
    person_name,
    raw_name,
    role,
    status,
    time,
    raw_text,
});

codec_for_struct!(AmountRow {
    amount_id,
    item_id,
    meeting_id,
    section,
    raw_text,
    amount_dkk,
    low_dkk,
    high_dkk,
    approximate,
    per,
    years,
    context,
    char_offset,
    table_row_label,
    table_column_header,
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr as _;

    fn amount(value: &str) -> AmountRow {
        AmountRow {
            amount_id: "m/1/a1".into(),
            item_id: "m/1".into(),
            meeting_id: "m".into(),
            section: "økonomi".into(),
            raw_text: "1,5 mio. kr.".into(),
            amount_dkk: Some(Decimal::from_str(value).unwrap()),
            low_dkk: None,
            high_dkk: Some(Decimal::from_str("-0.00").unwrap()),
            approximate: true,
            per: None,
            years: Some(vec![2023, -1, i32::MAX]),
            context: "Udgiften på 1,5 mio. kr. ✓".into(),
            char_offset: i64::MIN,
            table_row_label: Some(String::new()),
            table_column_header: None,
        }
    }

    #[test]
    fn values_at_their_edges_come_back_equal() {
        let rows = Normalised {
            meetings: vec![MeetingRow {
                meeting_id: "m".into(),
                municipality: None,
                committee: Some("Økonomiudvalget".into()),
                committee_period: None,
                meeting_date: NaiveDate::from_ymd_opt(-44, 3, 15),
                start_time: None,
                end_time: None,
                location: Some("x".repeat(300)),
                document_kind: None,
                source_sha256: "ab".into(),
                item_count: i32::MIN,
            }],
            amounts: vec![
                amount("1500000.00"),
                amount("0.0000000000000000000000000001"),
            ],
            problems: vec![String::new(), "ærø".into()],
            ..Normalised::default()
        };
        let decoded = decode(&encode(&rows)).unwrap();
        assert_eq!(decoded, rows);
        // Equal decimals may differ in scale; the cache keeps it.
        assert_eq!(decoded.amounts[0].high_dkk.unwrap().scale(), 2);
        assert_eq!(decoded.amounts[0].amount_dkk.unwrap().scale(), 2);
        assert_eq!(
            decode(&encode(&Normalised::default())),
            Some(Normalised::default())
        );
    }

    #[test]
    fn each_part_reads_back_alone_and_both_make_the_whole() {
        let rows = Normalised {
            items: vec![ItemRow {
                item_id: "m/1".into(),
                meeting_id: "m".into(),
                item_number: 1,
                title: "Budget 2024 – høring".into(),
                case_type: None,
                case_number: Some("27.00.00-A00-12-23".into()),
                kle_code: Some("27.00.00".into()),
                access: None,
                summary: Some("Udvalget orienteres.".into()),
                recommendation: None,
                decision_text: Some("Taget til efterretning.".into()),
                body: None,
                effect: None,
                economy: None,
                attachments: Some(vec!["Bilag 1".into()]),
                body_found: true,
            }],
            amounts: vec![amount("12.5")],
            problems: vec!["format:text/plain".into()],
            ..Normalised::default()
        };
        let file = encode(&rows);
        let at = PartsAt::of(&file).unwrap();
        let bytes = |part| {
            let (start, end) = at.range(part);
            &file[start as usize..end as usize]
        };
        let mut whole = rows.clone();
        for part in RowsPart::ALL {
            assert_eq!(
                decode_part(bytes(part), part),
                Some(part.take_from(&mut whole)),
                "{part:?}"
            );
            // A part is not another part.
            for other in RowsPart::ALL.into_iter().filter(|&other| other != part) {
                assert_eq!(
                    decode_part(bytes(part), other),
                    None,
                    "{part:?} as {other:?}"
                );
            }
        }
        assert_eq!(whole, Normalised::default());
        assert_eq!(at.range(RowsPart::Others).1, file.len() as u64);
        assert_eq!(decode(&file), Some(rows));
        // The head alone gives the parts' lengths; a shorter one or another magic, none.
        assert_eq!(
            part_lengths(&file[..HEAD]),
            Some((at.items_len, at.amounts_len))
        );
        assert_eq!(part_lengths(&file[..HEAD - 1]), None);
        assert_eq!(part_lengths(&[0; HEAD]), None);
    }

    #[test]
    fn damaged_bytes_are_refused() {
        let rows = Normalised {
            amounts: vec![amount("12.5")],
            ..Normalised::default()
        };
        let good = encode(&rows);
        assert!(decode(&good).is_some());
        for cut in 0..good.len() {
            assert_eq!(decode(&good[..cut]), None, "cut at {cut}");
        }
        let mut extra = good.clone();
        extra.push(0);
        assert_eq!(decode(&extra), None);
        // A length that ends a string inside a character ("ø" is two bytes; the length of the
        // only string is the last byte).
        let problem = Normalised {
            problems: vec!["ø".into()],
            ..Normalised::default()
        };
        let mut torn = encode(&problem);
        assert_eq!(torn.pop(), Some(2));
        torn.push(1);
        assert_eq!(decode(&torn), None);
        // A count far beyond the file's length reserves nothing.
        let mut huge = MAGIC.to_vec();
        huge.extend(13u64.to_le_bytes());
        // The items part: no text, then its count of items.
        huge.extend([0; 8]);
        huge.extend([0xff, 0xff, 0xff, 0xff, 0x0f]);
        // An empty others part (an empty file's, after its head and its 9-byte items part).
        huge.extend_from_slice(&encode(&Normalised::default())[HEAD + 9..]);
        assert_eq!(decode(&huge), None);
        assert_eq!(decode_part(&huge[HEAD..], RowsPart::Items), None);
        // The previous encoding (bincode) is not this one.
        assert_eq!(decode(&[1, 0, 0, 0, 0, 0, 0, 0]), None);
    }
}
