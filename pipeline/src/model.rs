//! Plain data passed between the stages: fetch → store → extract → parse → normalise → write.
//!
//! Every stage is a function from one of these values to the next; no stage reaches back into
//! another's internals. Row types for the output tables live in [`crate::rows`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What the manifest (or the command line) says about a source before it is read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMeta {
    pub municipality: Option<String>,
    pub committee: Option<String>,
    pub expected_date: Option<NaiveDate>,
}

/// One document to process: a local path or an http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// As given: a path (relative to where referat was run) or a URL.
    pub location: String,
    pub meta: SourceMeta,
}

impl Source {
    pub fn new(location: impl Into<String>) -> Self {
        Source {
            location: location.into(),
            meta: SourceMeta::default(),
        }
    }

    pub fn is_url(&self) -> bool {
        let l = self.location.to_ascii_lowercase();
        l.starts_with("http://") || l.starts_with("https://")
    }
}

/// The fetch stage's output: raw bytes and how they were obtained.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub source: Source,
    pub bytes: Vec<u8>,
    pub fetched_at: DateTime<Utc>,
    /// The Content-Type header of an HTTP response (None for local files).
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A raw document held in the content-addressed store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub source: Source,
    /// Lower-case hex SHA-256 of the raw bytes.
    pub sha256: String,
    pub byte_size: u64,
    pub fetched_at: DateTime<Utc>,
    pub content_type: Option<String>,
}

/// The container a document arrived in, recognised by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Container {
    Text,
    Html,
    Pdf,
}

/// The text of a document, whatever container it came in, ready for the parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub container: Container,
    /// Unicode text (NFC). Line structure is kept: parsers rely on it.
    pub text: String,
    /// Non-fatal problems met while extracting (e.g. a page that had no text).
    pub problems: Vec<String>,
}

/// The layout generation of a minutes text, found by `parse::detect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Plain text from a PDF: "REFERAT <committee> <period> d. DD-MM-YYYY", "Punkt N: ..." items.
    PdfText,
    /// The 2015–2019 web-page export: A/B/C/D groups, "N. Title", "Åbent - <case number>".
    WebExport,
    /// Markdown with #/##/### headings and **bold**.
    Markdown,
    /// PDF text hard-wrapped at ~110 columns, no header.
    WrappedPdfText,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::PdfText => "pdf-text",
            Layout::WebExport => "web-export",
            Layout::Markdown => "markdown",
            Layout::WrappedPdfText => "wrapped-pdf-text",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// Minutes: decisions taken.
    Referat,
    /// Agenda: before the meeting.
    Dagsorden,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Referat => "referat",
            DocumentKind::Dagsorden => "dagsorden",
        }
    }
}

/// What the document says about its meeting. Every field is None where the text is silent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingHeader {
    pub municipality: Option<String>,
    pub committee: Option<String>,
    /// e.g. "2022-2025" when stated.
    pub committee_period: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    /// "HH:MM"
    pub start_time: Option<String>,
    /// "HH:MM", from "Mødet hævet kl. 14.07".
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub document_kind: Option<DocumentKind>,
    /// Lines of the meeting's header (or its opening) that say who was absent for the whole
    /// meeting, as written: "Afbud fra: ...", "Fraværende: ...". Read by the attendance step.
    #[serde(default)]
    pub attendance_lines: Vec<String>,
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// The item number (stated, or the position in the list when the list is unnumbered).
    pub number: u32,
    /// The title as listed, without the "B-sag:" prefix, dot leaders and page number. The
    /// listing may be cut short ("... ved Styrelsen :"): the body's title is the full one.
    pub title: String,
    pub case_type: Option<char>,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Open,
    Closed,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Open => "open",
            Access::Closed => "closed",
        }
    }
}

/// The kinds of section an agenda item has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Resume / Sagsresumé
    Summary,
    /// Indstilling
    Recommendation,
    /// Beslutning
    Decision,
    /// Sagsfremstilling
    Body,
    /// Effekt
    Effect,
    /// Økonomi
    Economy,
    /// Bilag
    Attachments,
}

impl SectionKind {
    /// The name used in the `amounts.section` column and elsewhere.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::Recommendation => "recommendation",
            SectionKind::Decision => "decision",
            SectionKind::Body => "body",
            SectionKind::Effect => "effect",
            SectionKind::Economy => "economy",
            SectionKind::Attachments => "attachments",
        }
    }
}

/// One section of an item, its text normalised: no Markdown markup, no non-breaking spaces,
/// bullets as "- ", PDF line wraps joined, paragraphs separated by one blank line, table rows
/// kept as tab-separated lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading as written (e.g. "RESUMÉ", "Sagsresumé").
    pub heading: String,
    pub text: String,
}

/// One agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedItem {
    pub number: u32,
    /// Full title, line wraps joined, without the "B-sag:" style prefix.
    pub title: String,
    pub case_type: Option<char>,
    /// Journal number, e.g. "27.00.00-A00-12-23".
    pub case_number: Option<String>,
    pub access: Option<Access>,
    /// In document order. Empty when the body is missing (`body_found == false`).
    pub sections: Vec<Section>,
    /// False for an item listed in the table of contents whose body the document lacks.
    pub body_found: bool,
}

impl ParsedItem {
    /// The first section of a kind, if any.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// The text of every section of a kind, joined by a blank line; None when all are empty.
    /// This is the text of the `items` column of that section, and what `amounts.char_offset`
    /// counts into.
    pub fn section_text(&self, kind: SectionKind) -> Option<String> {
        let texts: Vec<&str> = self
            .sections
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.text.as_str())
            .filter(|t| !t.trim().is_empty())
            .collect();
        (!texts.is_empty()).then(|| texts.join("\n\n"))
    }
}

/// The parse stage's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedDocument {
    pub layout: Layout,
    pub header: MeetingHeader,
    pub toc: Vec<TocEntry>,
    /// Sorted by number; one per table-of-contents entry, plus any found only in the body.
    pub items: Vec<ParsedItem>,
    /// Non-fatal problems, in words (e.g. "table of contents lists 12 items, body holds 9").
    pub problems: Vec<String>,
}
