//! Recognises the export generation ([`Layout`]) of a text by its content, never by its name.
//!
//! The parser reads all layouts with the same rules; the layout matters for one decision only:
//! whether consecutive lines are hard wraps to be joined (the wrapped PDF text) or lines in
//! their own right. It is also reported, so a dataset user can tell exports apart.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{split_lines, Line};
use crate::model::Layout;

/// "Åbent - 27.00.00-G01-130-16": the access line of the 2015–2019 web export.
static ACCESS_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:åbent|lukket)\s*[-–]\s*\S").expect("valid regex"));

/// Lines longer than this are paragraphs that were never wrapped.
const UNWRAPPED_LINE: usize = 160;

/// Detects the layout of a whole text.
pub fn detect_layout(text: &str) -> Layout {
    detect_layout_of(&split_lines(text))
}

pub(crate) fn detect_layout_of(lines: &[Line<'_>]) -> Layout {
    let mut markdown_headings = 0usize;
    let mut bold_lines = 0usize;
    let mut access_lines = 0usize;
    let mut non_blank = 0usize;
    let mut long_unwrapped = 0usize;
    let mut near_wrap = 0usize;
    let mut followed_by_text = 0usize;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        non_blank += 1;
        if line.md_level > 0 {
            markdown_headings += 1;
        }
        if line.raw.contains("**") {
            bold_lines += 1;
        }
        if ACCESS_LINE.is_match(&line.plain) {
            access_lines += 1;
        }
        let len = line.raw.trim_end().chars().count();
        if len > UNWRAPPED_LINE {
            long_unwrapped += 1;
        }
        if (90..=UNWRAPPED_LINE).contains(&len) {
            near_wrap += 1;
            if lines.get(i + 1).is_some_and(|n| !n.is_blank()) {
                followed_by_text += 1;
            }
        }
    }
    if markdown_headings >= 2 || (markdown_headings >= 1 && bold_lines >= 2) {
        return Layout::Markdown;
    }
    if access_lines >= 1 {
        return Layout::WebExport;
    }
    // Hard-wrapped text: many lines end near one width and run on into the next line, while
    // hardly any line is longer than that width.
    let wrapped = near_wrap >= 5
        && followed_by_text * 2 >= near_wrap
        && long_unwrapped * 50 <= non_blank.max(1);
    if wrapped {
        Layout::WrappedPdfText
    } else {
        Layout::PdfText
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_by_headings() {
        assert_eq!(detect_layout("# A\n\ntext\n\n## B\n"), Layout::Markdown);
    }

    #[test]
    fn web_export_by_access_line() {
        assert_eq!(
            detect_layout("1. Titel\nÅbent - 27.00.00-G01-130-16\nRESUMÉ\n"),
            Layout::WebExport
        );
    }

    #[test]
    fn wrapped_by_line_lengths() {
        let wrapped_line = "ord ".repeat(27);
        let text = format!("{wrapped_line}\n{wrapped_line}\nslut.\n\n").repeat(4);
        assert_eq!(detect_layout(&text), Layout::WrappedPdfText);
        let long = "ord ".repeat(60);
        let text = format!("{long}\n\n").repeat(8);
        assert_eq!(detect_layout(&text), Layout::PdfText);
    }
}
