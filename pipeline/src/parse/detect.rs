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

/// Whether a line can match [`ACCESS_LINE`]: it starts with a letter that "åbent" or "lukket"
/// begins with under Unicode simple case folding (Å also as the Ångström sign), followed by
/// one that their second letter folds with ('b' and 'u' fold with their capitals only). A
/// cheap test that spares the regex nearly every line (many lines start with "l").
fn could_be_access_line(plain: &str) -> bool {
    let mut chars = plain.chars();
    chars
        .next()
        .is_some_and(|c| matches!(c, 'å' | 'Å' | '\u{212B}' | 'l' | 'L'))
        && chars
            .next()
            .is_some_and(|c| matches!(c, 'b' | 'B' | 'u' | 'U'))
}

/// Lines longer than this are paragraphs that were never wrapped.
const UNWRAPPED_LINE: usize = 160;
/// Lines at least this long may be wrapped.
const RUN_ON_LINE: usize = 60;

/// Detects the layout of a whole text.
pub fn detect_layout(text: &str) -> Layout {
    detect_layout_of(&split_lines(text))
}

pub(crate) fn detect_layout_of(lines: &[Line<'_>]) -> Layout {
    let mut markdown_headings = 0usize;
    let mut bold_lines = 0usize;
    let mut access_line_seen = false;
    let mut non_blank = 0usize;
    let mut long_unwrapped = 0usize;
    let mut run_on = 0usize;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        non_blank += 1;
        if line.md_level > 0 {
            markdown_headings += 1;
        }
        if line.has_double_star() {
            bold_lines += 1;
        }
        // Only whether there is one matters: once one is seen, no other line is searched.
        if !access_line_seen
            && could_be_access_line(&line.plain)
            && ACCESS_LINE.is_match(&line.plain)
        {
            access_line_seen = true;
        }
        // The characters of the line without trailing whitespace, counted by the line scan.
        let len = line.width;
        if len > UNWRAPPED_LINE {
            long_unwrapped += 1;
        }
        // A long line that runs on into the next line (no blank line between).
        if len >= RUN_ON_LINE && lines.get(i + 1).is_some_and(|n| !n.is_blank()) {
            run_on += 1;
        }
    }
    if markdown_headings >= 2 || (markdown_headings >= 1 && bold_lines >= 2) {
        return Layout::Markdown;
    }
    if access_line_seen {
        return Layout::WebExport;
    }
    // Hard-wrapped text: many long lines run on into the next one (at least an eighth of all
    // lines), and hardly any line is longer than a page is wide. Text that was never wrapped
    // has its paragraphs on single long lines, separated by blank lines. Measured relative to
    // the document, so a text wrapped at 80 columns is recognised as well as one at 110.
    let wrapped = run_on >= 5 && run_on * 8 >= non_blank && long_unwrapped * 50 <= non_blank.max(1);
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
    fn the_access_line_test_knows_every_case_form_of_the_first_two_letters() {
        assert!(ACCESS_LINE.is_match("\u{212B}bent - 27.00.00-G01-130-16"));
        // Every character the regex accepts first is among them.
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            for rest in ["bent - x", "ukket - x"] {
                let line = format!("{c}{rest}");
                if ACCESS_LINE.is_match(&line) {
                    assert!(could_be_access_line(&line), "{c:?}");
                }
            }
            // The second letter, after each first letter the regex accepts.
            for (first, rest) in [('å', "ent - x"), ('\u{212B}', "ent - x"), ('L', "kket - x")] {
                let line = format!("{first}{c}{rest}");
                if ACCESS_LINE.is_match(&line) {
                    assert!(could_be_access_line(&line), "{first:?} {c:?}");
                }
            }
        }
    }

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
        let narrow_line = "ord ".repeat(19);
        let text = format!("{narrow_line}\n{narrow_line}\nslut.\n\n").repeat(4);
        assert_eq!(detect_layout(&text), Layout::WrappedPdfText);
        let long = "ord ".repeat(60);
        let text = format!("{long}\n\n").repeat(8);
        assert_eq!(detect_layout(&text), Layout::PdfText);
    }
}
