//! The parse stage: text → [`ParsedDocument`] (meeting header, table of contents, items and
//! their sections). Pure: no I/O. (Issue #2: to be built.)

use thiserror::Error;

use crate::model::ParsedDocument;

/// Bump whenever parsing or normalising changes what a document yields: cached rows made by
/// another version are not reused.
pub const PARSER_VERSION: &str = "0";

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ParseError {
    #[error("not meeting minutes: {reason}")]
    NotMinutes { reason: String },
}

pub fn parse(_text: &str) -> Result<ParsedDocument, ParseError> {
    Err(ParseError::NotMinutes {
        reason: "parser not built yet".to_string(),
    })
}
