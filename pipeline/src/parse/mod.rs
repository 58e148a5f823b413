//! The parse stage: text → [`ParsedDocument`] (meeting header, table of contents, items and
//! their sections). Pure: no I/O, no panics, linear in the size of the text.
//!
//! The four export generations in the corpus share one skeleton — an optional header, an
//! optional table of contents, then items made of labelled sections — and differ in markup.
//! So one parser reads them all, in steps that each look at every line a bounded number of
//! times:
//! 1. `lines`: split into lines and compute each line's markup-free "plain" form;
//! 2. `detect`: recognise the [`Layout`] by content (it only steers wrap joining);
//! 3. `toc`: find the table of contents, which says which items to expect and in what order;
//! 4. `items`: find the item headings (checked against the table of contents, so numbered
//!    sub-headings inside an item are not taken for items), their titles, case numbers and
//!    sections;
//! 5. `header`: the meeting header, or when there is none, the date and committee as the
//!    text itself states them;
//! 6. `text`: normalise every section's text (markup, bullets, wraps, paragraphs).

mod detect;
mod header;
mod items;
mod lines;
mod scan;
mod text;
mod toc;

use thiserror::Error;

use crate::model::{Layout, ParsedDocument};

pub use detect::detect_layout;

/// Bump whenever parsing or normalising changes what a document yields: cached rows made by
/// another version are not reused.
pub const PARSER_VERSION: &str = "2";

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ParseError {
    #[error("not meeting minutes: {reason}")]
    NotMinutes { reason: String },
}

/// Parses the text of one minutes (or agenda) document.
///
/// Returns [`ParseError::NotMinutes`] when the text has no agenda structure at all; every
/// lesser oddity (a truncated body, numbers out of order, a missing header) is reported in
/// [`ParsedDocument::problems`] instead.
pub fn parse(text: &str) -> Result<ParsedDocument, ParseError> {
    let lines = lines::split_lines(text);
    if lines.iter().all(|l| l.is_blank()) {
        return Err(ParseError::NotMinutes {
            reason: "the text is empty".to_string(),
        });
    }
    let layout = detect::detect_layout_of(&lines);
    let wrap = match layout {
        Layout::WrappedPdfText => Some(text::WrapWidth::measure(&lines)),
        _ => None,
    };
    let mut problems = Vec::new();

    let mut toc = toc::find_toc(&lines);
    let body_start = toc.as_ref().map_or(0, |t| t.end_line);
    let found = items::find_items(
        &lines,
        body_start,
        toc.as_mut(),
        wrap.as_ref(),
        &mut problems,
    );

    let has_body_items = found.items.iter().any(|i| i.body_found);
    // The header is everything before the table of contents or the first item.
    let header_end = toc
        .as_ref()
        .map(|t| t.start_line)
        .into_iter()
        .chain(found.first_heading_line)
        .min()
        .unwrap_or(lines.len());
    // Between the table of contents and the first item: more header lines ("Afbud: ...").
    let opening = match (&toc, found.first_heading_line) {
        (Some(t), Some(first)) if first > t.end_line => Some(t.end_line..first),
        _ => None,
    };
    let (header, header_notes) =
        header::read_header(&lines, header_end, opening, found.first_item_lines.clone());
    problems.extend(header_notes);

    if !has_body_items {
        let toc_backed = toc
            .as_ref()
            .is_some_and(|t| t.has_heading && !t.entries.is_empty());
        let looks_like_minutes = header.meeting_date.is_some() || header.document_kind.is_some();
        if !(toc_backed && looks_like_minutes) {
            return Err(ParseError::NotMinutes {
                reason: not_minutes_reason(&lines, toc.as_ref()),
            });
        }
    }
    if header.meeting_date.is_none() {
        problems.push("no meeting date found in the header or the text".to_string());
    }
    if header.committee.is_none() {
        problems.push("no committee found in the header or the text".to_string());
    }

    Ok(ParsedDocument {
        layout,
        header,
        toc: toc.map(|t| t.entries).unwrap_or_default(),
        items: found.items,
        problems,
    })
}

/// Says what was looked for, so whoever reads a run report can tell a wrong file from a
/// layout the parser does not know yet.
fn not_minutes_reason(lines: &[lines::Line<'_>], toc: Option<&toc::Toc>) -> String {
    let section_headings = lines
        .iter()
        .filter(|l| items::section_kind_of(&l.plain).is_some())
        .count();
    let listing = match toc {
        Some(t) if t.has_heading => format!(
            "a table of contents of {} entries but no meeting date or document kind",
            t.entries.len()
        ),
        Some(t) => format!(
            "a list of {} numbered lines, but no table-of-contents heading",
            t.entries.len()
        ),
        None => "no table of contents".to_string(),
    };
    format!(
        "no agenda items found: no \"Punkt N:\" headings and no numbered headings with \
         sections; {listing}; {section_headings} section headings (Resume, Indstilling, \
         Beslutning, ...) in {} lines",
        lines.len()
    )
}
