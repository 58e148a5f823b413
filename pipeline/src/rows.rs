//! Row types of the output tables, and how each column of a row is read by name.
//!
//! The writer walks the columns of a table's schema (from `schemas/`) and asks each row for the
//! cell of that name, so column order and types come from the schema alone. A row that does
//! not know a column the schema lists is a programming error caught by the writer's tests.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One value, borrowed from a row, as the writer sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Null,
    Str(&'a str),
    Int(i64),
    Bool(bool),
    Date(NaiveDate),
    Decimal(Decimal),
    Timestamp(DateTime<Utc>),
    StrList(&'a [String]),
    IntList(&'a [i32]),
}

impl<'a> From<&'a Option<String>> for Cell<'a> {
    fn from(v: &'a Option<String>) -> Self {
        v.as_deref().map_or(Cell::Null, Cell::Str)
    }
}
impl<'a> From<&'a String> for Cell<'a> {
    fn from(v: &'a String) -> Self {
        Cell::Str(v)
    }
}
impl From<Option<i32>> for Cell<'_> {
    fn from(v: Option<i32>) -> Self {
        v.map_or(Cell::Null, |n| Cell::Int(n.into()))
    }
}
impl From<Option<Decimal>> for Cell<'_> {
    fn from(v: Option<Decimal>) -> Self {
        v.map_or(Cell::Null, Cell::Decimal)
    }
}
impl<'a> From<&'a Option<Vec<String>>> for Cell<'a> {
    fn from(v: &'a Option<Vec<String>>) -> Self {
        v.as_deref().map_or(Cell::Null, Cell::StrList)
    }
}
impl<'a> From<&'a Option<Vec<i32>>> for Cell<'a> {
    fn from(v: &'a Option<Vec<i32>>) -> Self {
        v.as_deref().map_or(Cell::Null, Cell::IntList)
    }
}

/// A row of one table.
pub trait TableRow {
    /// The table's name in `schemas/`.
    const TABLE: &'static str;
    /// How to read a column's cell from a row, or None when this row type does not know the
    /// column. The writer resolves each column once per batch: matching the name for every
    /// cell took ~1 % of a full run.
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>>;
    /// The cell for a column, or None when this row type does not know the column.
    fn cell(&self, column: &str) -> Option<Cell<'_>> {
        Self::column(column).map(|read| read(self))
    }
    /// The key rows are sorted by before writing (stable output).
    fn sort_key(&self) -> &str;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub meeting_id: String,
    pub municipality: Option<String>,
    pub committee: Option<String>,
    pub committee_period: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub document_kind: Option<String>,
    pub source_sha256: String,
    pub item_count: i32,
}

impl TableRow for MeetingRow {
    const TABLE: &'static str = "meetings";
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>> {
        Some(match column {
            "meeting_id" => |r| (&r.meeting_id).into(),
            "municipality" => |r| (&r.municipality).into(),
            "committee" => |r| (&r.committee).into(),
            "committee_period" => |r| (&r.committee_period).into(),
            "meeting_date" => |r| r.meeting_date.map_or(Cell::Null, Cell::Date),
            "start_time" => |r| (&r.start_time).into(),
            "end_time" => |r| (&r.end_time).into(),
            "location" => |r| (&r.location).into(),
            "document_kind" => |r| (&r.document_kind).into(),
            "source_sha256" => |r| (&r.source_sha256).into(),
            "item_count" => |r| Cell::Int(r.item_count.into()),
            _ => return None,
        })
    }
    fn sort_key(&self) -> &str {
        &self.meeting_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    pub item_id: String,
    pub meeting_id: String,
    pub item_number: i32,
    pub title: String,
    pub case_type: Option<String>,
    pub case_number: Option<String>,
    pub kle_code: Option<String>,
    pub access: Option<String>,
    pub summary: Option<String>,
    pub recommendation: Option<String>,
    pub decision_text: Option<String>,
    pub body: Option<String>,
    pub effect: Option<String>,
    pub economy: Option<String>,
    pub attachments: Option<Vec<String>>,
    pub body_found: bool,
}

impl TableRow for ItemRow {
    const TABLE: &'static str = "items";
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>> {
        Some(match column {
            "item_id" => |r| (&r.item_id).into(),
            "meeting_id" => |r| (&r.meeting_id).into(),
            "item_number" => |r| Cell::Int(r.item_number.into()),
            "title" => |r| (&r.title).into(),
            "case_type" => |r| (&r.case_type).into(),
            "case_number" => |r| (&r.case_number).into(),
            "kle_code" => |r| (&r.kle_code).into(),
            "access" => |r| (&r.access).into(),
            "summary" => |r| (&r.summary).into(),
            "recommendation" => |r| (&r.recommendation).into(),
            "decision_text" => |r| (&r.decision_text).into(),
            "body" => |r| (&r.body).into(),
            "effect" => |r| (&r.effect).into(),
            "economy" => |r| (&r.economy).into(),
            "attachments" => |r| (&r.attachments).into(),
            "body_found" => |r| Cell::Bool(r.body_found),
            _ => return None,
        })
    }
    fn sort_key(&self) -> &str {
        &self.item_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub decision_id: String,
    pub item_id: String,
    pub meeting_id: String,
    pub seq: i32,
    pub kind: String,
    pub text: String,
    pub outcome: String,
    pub proposers: Option<Vec<String>>,
    pub recommendation_points: Option<Vec<i32>>,
    pub yes_count: Option<i32>,
    pub no_count: Option<i32>,
    pub abstain_count: Option<i32>,
    pub result: Option<String>,
    /// The committee named as deciding (joint items record several committees' decisions).
    pub decided_by: Option<String>,
}

impl TableRow for DecisionRow {
    const TABLE: &'static str = "decisions";
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>> {
        Some(match column {
            "decision_id" => |r| (&r.decision_id).into(),
            "item_id" => |r| (&r.item_id).into(),
            "meeting_id" => |r| (&r.meeting_id).into(),
            "seq" => |r| Cell::Int(r.seq.into()),
            "kind" => |r| (&r.kind).into(),
            "text" => |r| (&r.text).into(),
            "outcome" => |r| (&r.outcome).into(),
            "proposers" => |r| (&r.proposers).into(),
            "recommendation_points" => |r| (&r.recommendation_points).into(),
            "yes_count" => |r| r.yes_count.into(),
            "no_count" => |r| r.no_count.into(),
            "abstain_count" => |r| r.abstain_count.into(),
            "result" => |r| (&r.result).into(),
            "decided_by" => |r| (&r.decided_by).into(),
            _ => return None,
        })
    }
    fn sort_key(&self) -> &str {
        &self.decision_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteRow {
    pub vote_id: String,
    pub decision_id: String,
    pub item_id: String,
    pub meeting_id: String,
    pub voter_type: String,
    pub person_name: Option<String>,
    pub raw_name: String,
    pub role: Option<String>,
    pub party: Option<String>,
    pub vote: String,
}

impl TableRow for VoteRow {
    const TABLE: &'static str = "votes";
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>> {
        Some(match column {
            "vote_id" => |r| (&r.vote_id).into(),
            "decision_id" => |r| (&r.decision_id).into(),
            "item_id" => |r| (&r.item_id).into(),
            "meeting_id" => |r| (&r.meeting_id).into(),
            "voter_type" => |r| (&r.voter_type).into(),
            "person_name" => |r| (&r.person_name).into(),
            "raw_name" => |r| (&r.raw_name).into(),
            "role" => |r| (&r.role).into(),
            "party" => |r| (&r.party).into(),
            "vote" => |r| (&r.vote).into(),
            _ => return None,
        })
    }
    fn sort_key(&self) -> &str {
        &self.vote_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub attendance_id: String,
    pub meeting_id: String,
    pub item_id: Option<String>,
    pub person_name: String,
    pub raw_name: String,
    pub role: Option<String>,
    pub status: String,
    pub time: Option<String>,
    pub raw_text: String,
}

impl TableRow for AttendanceRow {
    const TABLE: &'static str = "attendance";
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>> {
        Some(match column {
            "attendance_id" => |r| (&r.attendance_id).into(),
            "meeting_id" => |r| (&r.meeting_id).into(),
            "item_id" => |r| (&r.item_id).into(),
            "person_name" => |r| (&r.person_name).into(),
            "raw_name" => |r| (&r.raw_name).into(),
            "role" => |r| (&r.role).into(),
            "status" => |r| (&r.status).into(),
            "time" => |r| (&r.time).into(),
            "raw_text" => |r| (&r.raw_text).into(),
            _ => return None,
        })
    }
    fn sort_key(&self) -> &str {
        &self.attendance_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmountRow {
    pub amount_id: String,
    pub item_id: String,
    pub meeting_id: String,
    pub section: String,
    pub raw_text: String,
    pub amount_dkk: Option<Decimal>,
    pub low_dkk: Option<Decimal>,
    pub high_dkk: Option<Decimal>,
    pub approximate: bool,
    pub per: Option<String>,
    pub years: Option<Vec<i32>>,
    pub context: String,
    pub char_offset: i64,
    pub table_row_label: Option<String>,
    pub table_column_header: Option<String>,
}

impl TableRow for AmountRow {
    const TABLE: &'static str = "amounts";
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>> {
        Some(match column {
            "amount_id" => |r| (&r.amount_id).into(),
            "item_id" => |r| (&r.item_id).into(),
            "meeting_id" => |r| (&r.meeting_id).into(),
            "section" => |r| (&r.section).into(),
            "raw_text" => |r| (&r.raw_text).into(),
            "amount_dkk" => |r| r.amount_dkk.into(),
            "low_dkk" => |r| r.low_dkk.into(),
            "high_dkk" => |r| r.high_dkk.into(),
            "approximate" => |r| Cell::Bool(r.approximate),
            "per" => |r| (&r.per).into(),
            "years" => |r| (&r.years).into(),
            "context" => |r| (&r.context).into(),
            "char_offset" => |r| Cell::Int(r.char_offset),
            "table_row_label" => |r| (&r.table_row_label).into(),
            "table_column_header" => |r| (&r.table_column_header).into(),
            _ => return None,
        })
    }
    fn sort_key(&self) -> &str {
        &self.amount_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub source: String,
    pub sha256: Option<String>,
    pub byte_size: Option<i64>,
    pub format: Option<String>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// ok / partial / failed
    pub status: String,
    pub problems: Vec<String>,
    pub meeting_id: Option<String>,
}

impl TableRow for DocumentRow {
    const TABLE: &'static str = "documents";
    fn column(column: &str) -> Option<fn(&Self) -> Cell<'_>> {
        Some(match column {
            "source" => |r| (&r.source).into(),
            "sha256" => |r| (&r.sha256).into(),
            "byte_size" => |r| r.byte_size.map_or(Cell::Null, Cell::Int),
            "format" => |r| (&r.format).into(),
            "fetched_at" => |r| r.fetched_at.map_or(Cell::Null, Cell::Timestamp),
            "status" => |r| (&r.status).into(),
            "problems" => |r| Cell::StrList(&r.problems),
            "meeting_id" => |r| (&r.meeting_id).into(),
            _ => return None,
        })
    }
    fn sort_key(&self) -> &str {
        &self.source
    }
}

/// All rows extracted from one document (the normalise stage's output).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Normalised {
    pub meetings: Vec<MeetingRow>,
    pub items: Vec<ItemRow>,
    pub decisions: Vec<DecisionRow>,
    pub votes: Vec<VoteRow>,
    pub attendance: Vec<AttendanceRow>,
    pub amounts: Vec<AmountRow>,
    /// Problems found while normalising, in words.
    pub problems: Vec<String>,
}

/// The three parts of a document's rows that the writer loads separately, each in the thread
/// that writes it: `items` (most of the text), `amounts` (most of the rows), and the other row
/// tables with the problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowsPart {
    Items,
    Amounts,
    Others,
}

impl RowsPart {
    /// Every part, in the order of the rows file.
    pub const ALL: [RowsPart; 3] = [RowsPart::Items, RowsPart::Amounts, RowsPart::Others];

    /// A copy of this part's rows of `rows` (the other parts' tables left empty).
    pub fn cloned_from(self, rows: &Normalised) -> Normalised {
        match self {
            RowsPart::Items => Normalised {
                items: rows.items.clone(),
                ..Normalised::default()
            },
            RowsPart::Amounts => Normalised {
                amounts: rows.amounts.clone(),
                ..Normalised::default()
            },
            RowsPart::Others => Normalised {
                meetings: rows.meetings.clone(),
                items: Vec::new(),
                decisions: rows.decisions.clone(),
                votes: rows.votes.clone(),
                attendance: rows.attendance.clone(),
                amounts: Vec::new(),
                problems: rows.problems.clone(),
            },
        }
    }

    /// This part's rows, moved out of `rows` (the other parts' stay there).
    pub fn take_from(self, rows: &mut Normalised) -> Normalised {
        match self {
            RowsPart::Items => Normalised {
                items: std::mem::take(&mut rows.items),
                ..Normalised::default()
            },
            RowsPart::Amounts => Normalised {
                amounts: std::mem::take(&mut rows.amounts),
                ..Normalised::default()
            },
            RowsPart::Others => Normalised {
                meetings: std::mem::take(&mut rows.meetings),
                items: Vec::new(),
                decisions: std::mem::take(&mut rows.decisions),
                votes: std::mem::take(&mut rows.votes),
                attendance: std::mem::take(&mut rows.attendance),
                amounts: Vec::new(),
                problems: std::mem::take(&mut rows.problems),
            },
        }
    }
}

/// Everything the writer gets: the rows of every document of the run, and one documents row
/// per source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub meetings: Vec<MeetingRow>,
    pub items: Vec<ItemRow>,
    pub decisions: Vec<DecisionRow>,
    pub votes: Vec<VoteRow>,
    pub attendance: Vec<AttendanceRow>,
    pub amounts: Vec<AmountRow>,
    pub documents: Vec<DocumentRow>,
}
