//! HTML → text with the structure the parser needs. (Issue #7: to be built.)

use super::ExtractError;
use crate::model::Extracted;

/// True when the bytes look like an HTML document.
pub fn looks_like_html(bytes: &[u8], content_type: Option<&str>) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (content_type.is_some_and(|c| c.contains("html")) && head.starts_with('<'))
}

pub fn extract(_html: &str) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Html(
        "HTML extraction is not built yet".to_string(),
    ))
}
