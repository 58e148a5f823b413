//! PDF → text, one document isolated from the rest of the batch.
//!
//! `pdf-extract` (on `lopdf`) interprets the page content streams and reports every glyph with
//! its position; [`layout`] rebuilds lines, paragraphs, headings, lists and table rows from
//! those positions and drops running page headers, footers and page numbers. We do not use
//! `pdf-extract`'s own plain-text output or `lopdf`'s `extract_text`: the first loses the
//! paragraph and table structure the parser needs, the second ignores positions altogether
//! (see the comparison in `tests/extract_pdf.rs`).
//!
//! `pdf-extract` panics on some fonts and encodings instead of returning errors. Each page is
//! read under `catch_unwind`: a page that panics becomes a named problem, a document whose
//! loading panics becomes an error, and the batch goes on.

mod layout;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::ExtractError;
use crate::model::{Container, Extracted};

pub use layout::Glyph;

/// One page's glyphs, as the content stream drew them.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    /// Why the page could not be read, when it could not.
    pub failure: Option<String>,
    /// Glyphs left out because they are turned or mirrored (not horizontal text).
    pub turned_glyphs: usize,
}

/// Extract the text of a PDF document.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let pages = isolated(|| read_pages(bytes))
        .map_err(|panic| ExtractError::Pdf(format!("extractor panicked: {panic}")))??;
    let mut problems = Vec::new();
    let failures: Vec<String> = pages
        .iter()
        .filter_map(|p| {
            p.failure
                .as_ref()
                .map(|f| format!("PDF page {}: {f}", p.number))
        })
        .collect();
    if failures.len() == pages.len() {
        return Err(ExtractError::Pdf(format!(
            "no page could be read ({})",
            failures.join("; ")
        )));
    }
    problems.extend(failures);
    let readable = || pages.iter().filter(|p| p.failure.is_none());
    if readable().all(|p| !layout::has_text(p)) {
        return Err(ExtractError::PdfNoText(format!(
            "none of its {} page(s) has any text; it needs OCR",
            pages.len()
        )));
    }
    for page in readable().filter(|p| !layout::has_text(p)) {
        problems.push(format!(
            "PDF page {} has no text layer (scanned?); its content is missing",
            page.number
        ));
    }
    let turned: usize = pages.iter().map(|p| p.turned_glyphs).sum();
    if turned > 0 {
        problems.push(format!(
            "{turned} characters of turned text (a watermark or sideways heading) left out"
        ));
    }
    let (unreadable, total) = undecodable_share(&pages);
    if total > 0 && unreadable * 3 > total {
        return Err(ExtractError::Pdf(format!(
            "its text layer cannot be decoded: {unreadable} of {total} characters have no \
             Unicode meaning (fonts without a Unicode map)"
        )));
    }
    // A soft hyphen left inside a line marks only where the word could have been broken.
    let text = layout::text_of(&pages).replace('\u{ad}', "");
    Ok(Extracted {
        container: Container::Pdf,
        text: super::text::normalise_unicode(text),
        problems,
    })
}

/// How many glyphs decode to no character (private use, control characters, U+FFFD), of all
/// visible glyphs: fonts without a Unicode map give such text, which no parser can read.
fn undecodable_share(pages: &[Page]) -> (usize, usize) {
    let mut unreadable = 0;
    let mut total = 0;
    for glyph in pages.iter().flat_map(|p| p.glyphs.iter()) {
        if glyph.text.trim().is_empty() {
            continue;
        }
        total += 1;
        let meaningless = glyph
            .text
            .chars()
            .all(|c| c.is_control() || c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c));
        if meaningless {
            unreadable += 1;
        }
    }
    (unreadable, total)
}

/// Load the document and collect every page's glyphs. A page that fails or panics keeps no
/// glyphs and says why in `failure`.
fn read_pages(bytes: &[u8]) -> Result<Vec<Page>, ExtractError> {
    let mut document = Document::load_mem(bytes).map_err(|e| {
        let message = e.to_string();
        if message.to_ascii_lowercase().contains("decrypt") {
            ExtractError::Pdf(format!("encrypted and cannot be opened ({message})"))
        } else {
            ExtractError::Pdf(format!("cannot be read, damaged or incomplete ({message})"))
        }
    })?;
    if document.is_encrypted() {
        // Many "protected" PDFs only restrict printing and open with the empty password.
        if let Err(e) = document.decrypt("") {
            return Err(ExtractError::Pdf(format!(
                "encrypted and needs a password to open ({e})"
            )));
        }
    }
    let page_numbers: Vec<u32> = document.get_pages().keys().copied().collect();
    if page_numbers.is_empty() {
        return Err(ExtractError::Pdf("the document has no pages".to_string()));
    }
    let mut pages = Vec::with_capacity(page_numbers.len());
    for number in page_numbers {
        let mut collector = Collector::default();
        let result = isolated(|| pdf_extract::output_doc_page(&document, &mut collector, number));
        let failure = match result {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(format!("could not be read: {e:?}")),
            Err(panic) => Some(format!("could not be read: extractor panicked: {panic}")),
        };
        let mut page = collector.page.unwrap_or_default();
        page.number = number;
        // Glyphs gathered before a failure are kept out: the page's text would be partial.
        if failure.is_some() {
            page.glyphs.clear();
        }
        page.failure = failure;
        pages.push(page);
    }
    Ok(pages)
}

thread_local! {
    /// Set while this thread runs the PDF extractor, whose panics we report ourselves.
    static INSIDE_EXTRACTOR: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Run `f`, turning a panic into its message. The panic hook is process-wide, so ours only
/// silences panics raised while this thread is inside the extractor (they become problems with
/// their message) and hands every other panic to the hook that was there before.
fn isolated<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !INSIDE_EXTRACTOR.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_inside = INSIDE_EXTRACTOR.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    INSIDE_EXTRACTOR.with(|c| c.set(was_inside));
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// Receives glyphs from `pdf-extract` and keeps them with their positions.
#[derive(Debug, Default)]
struct Collector {
    page: Option<Page>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = Some(Page {
            number: page_num,
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            glyphs: Vec::new(),
            failure: None,
            turned_glyphs: 0,
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let Some(page) = self.page.as_mut() else {
            return Ok(());
        };
        // The text rendering matrix carries the scale of Tm and the CTM; the font size is
        // given separately.
        let x_scale = trm.m11.hypot(trm.m12);
        let y_scale = trm.m21.hypot(trm.m22);
        let size = (font_size * y_scale).abs();
        let x = trm.m31;
        let y = trm.m32;
        if !(x.is_finite() && y.is_finite() && size.is_finite()) || size <= 0.0 {
            return Ok(());
        }
        // Minutes run horizontally; turned text is a watermark ("UDKAST") or a sideways
        // column heading, and would scatter into the lines. Counted, not read.
        let turned = trm.m12.abs() > 0.05 * trm.m11.abs() || trm.m21.abs() > 0.05 * trm.m22.abs();
        if turned || trm.m11 <= 0.0 || trm.m22 <= 0.0 {
            if !text.trim().is_empty() {
                page.turned_glyphs += 1;
            }
            return Ok(());
        }
        page.glyphs.push(Glyph {
            x,
            y,
            end: x + width * font_size * x_scale,
            size,
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_its_message() {
        let result: Result<(), String> = isolated(|| panic!("bad font {}", 7));
        assert_eq!(result, Err("bad font 7".to_string()));
        assert_eq!(isolated(|| 3), Ok(3));
    }

    #[test]
    fn glyphs_without_unicode_meaning_are_counted() {
        let glyph = |text: &str| Glyph {
            x: 0.0,
            y: 0.0,
            end: 1.0,
            size: 10.0,
            text: text.to_string(),
        };
        let page = Page {
            glyphs: vec![glyph("\u{e012}"), glyph("\u{fffd}"), glyph("a"), glyph(" ")],
            ..Page::default()
        };
        assert_eq!(undecodable_share(&[page]), (2, 3));
    }

    #[test]
    fn garbage_after_the_header_is_a_clear_error() {
        let err = extract(b"%PDF-1.7\nthis is not a PDF body").unwrap_err();
        assert!(matches!(err, ExtractError::Pdf(ref m) if m.contains("cannot be read")));
    }
}
