//! Raw bytes → text: recognise the container by its content (not its name), decode the text,
//! and hand HTML and PDF to their extractors.
//!
//! Whatever the container, the text has the shape of the text exports the parser reads: one
//! block per line (a paragraph's wrapped lines joined), blocks separated by one blank line,
//! headings on lines of their own, list items on consecutive lines opening with "• " (or their
//! number, "2. "), table rows as tab-separated cells (an empty first cell keeps its leading
//! tab), no non-breaking spaces, Unicode NFC with ligatures spelled out. What an extractor had
//! to leave out or could not read is named in `Extracted::problems`; a document that yields no
//! usable text is an [`ExtractError`].

pub mod html;
pub mod pdf;
pub mod text;

use thiserror::Error;

use crate::model::{Container, Extracted};

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ExtractError {
    #[error("empty document (0 bytes)")]
    Empty,
    #[error("binary data, not a text, HTML or PDF document ({reason})")]
    Binary { reason: String },
    #[error("text encoding: {0}")]
    Encoding(String),
    #[error("HTML: {0}")]
    Html(String),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("PDF has no text layer (scanned?): {0}")]
    PdfNoText(String),
}

/// Recognise the container from the bytes (and, as a hint only, the Content-Type).
pub fn detect_container(
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<Container, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    // PDF: the header may be preceded by a little junk (readers accept 1024 bytes), but not by
    // markup: a web page that mentions "%PDF-" near its top is still a web page.
    // Nearly every other document has no '%' near its top: one fast search for the byte spares
    // it the window-by-window search (which finds nothing without one).
    let pdf_header = if head.contains(&b'%') {
        head.windows(5).position(|w| w == b"%PDF-")
    } else {
        None
    };
    if let Some(at) = pdf_header {
        if !head[..at].contains(&b'<') {
            return Ok(Container::Pdf);
        }
    }
    if text::looks_binary(bytes) {
        return Err(ExtractError::Binary {
            reason: text::binary_reason(bytes),
        });
    }
    if html::looks_like_html(bytes, content_type) {
        return Ok(Container::Html);
    }
    Ok(Container::Text)
}

/// Extract the text of a document.
pub fn extract(bytes: &[u8], content_type: Option<&str>) -> Result<Extracted, ExtractError> {
    match detect_container(bytes, content_type)? {
        Container::Text => Ok(text_document(text::decode(bytes, content_type)?)),
        container => extract_markup(container, bytes, content_type),
    }
}

/// [`extract`] of bytes the caller no longer needs: a text document that is valid UTF-8 (as
/// good as every one) becomes its text without a copy of its bytes.
pub fn extract_owned(
    bytes: Vec<u8>,
    content_type: Option<&str>,
) -> Result<Extracted, ExtractError> {
    match detect_container(&bytes, content_type)? {
        Container::Text => Ok(text_document(text::decode_owned(bytes, content_type)?)),
        container => extract_markup(container, &bytes, content_type),
    }
}

/// A text document of its decoded text and the decoding's problems.
fn text_document((decoded, problems): (String, Vec<String>)) -> Extracted {
    Extracted {
        container: Container::Text,
        text: text::normalise_unicode(decoded),
        problems,
    }
}

/// [`extract`] of a PDF or HTML document ([`Container::Text`] is read by the caller).
fn extract_markup(
    container: Container,
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<Extracted, ExtractError> {
    match container {
        Container::Pdf => pdf::extract(bytes),
        Container::Html => {
            // A charset named by the server wins; else the page's own <meta> declaration.
            let declared = match content_type {
                Some(ct) if text::declared_charset(Some(ct)).is_some() => Some(ct.to_string()),
                _ => html::meta_charset(bytes).map(|c| format!("text/html; charset={c}")),
            };
            // The page is only read: borrowed from the bytes where they are its text.
            let (decoded, mut problems) = text::decode_borrowed(bytes, declared.as_deref())?;
            let mut extracted = html::extract(&decoded)?;
            problems.append(&mut extracted.problems);
            extracted.problems = problems;
            Ok(extracted)
        }
        Container::Text => Ok(text_document(text::decode(bytes, content_type)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_header_after_a_little_junk_is_a_pdf() {
        let bytes = b"\r\n\x00\x00junk%PDF-1.4\n";
        assert_eq!(detect_container(bytes, None), Ok(Container::Pdf));
    }

    #[test]
    fn a_page_mentioning_the_pdf_header_is_html() {
        let page = b"<!DOCTYPE html><html><body><p>Files start with %PDF-1.7</p></body></html>";
        assert_eq!(detect_container(page, None), Ok(Container::Html));
    }

    #[test]
    fn empty_and_binary_bytes_are_errors() {
        assert_eq!(detect_container(b"", None), Err(ExtractError::Empty));
        assert!(matches!(
            detect_container(b"\x89PNG\r\n\x1a\n\x00\x00", None),
            Err(ExtractError::Binary { .. })
        ));
    }
}
