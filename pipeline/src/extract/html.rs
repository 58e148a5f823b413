//! HTML → text with the structure the parser needs.
//!
//! Case systems published minutes as web pages (Odense 2015–2019). The parser reads lines, so
//! this module turns the page's element tree (parsed by html5ever through `scraper`, never by
//! patterns over markup) into the same shape as the text exports: one block per line, headings
//! and paragraphs separated by blank lines, list items on their own lines ("• " or "N. "),
//! table rows as tab-separated cells. Scripts, styles, navigation, page header and footer and
//! forms are dropped; entities are decoded by the parser and non-breaking spaces become spaces.

use scraper::node::Element;
use scraper::{ElementRef, Html, Node, Selector};

use super::ExtractError;
use crate::model::{Container, Extracted};

/// Nesting deeper than this is read as plain text: it keeps the walk's recursion bounded on
/// hostile pages without losing their words.
const MAX_DEPTH: usize = 200;

/// True when the bytes look like an HTML document.
pub fn looks_like_html(bytes: &[u8], content_type: Option<&str>) -> bool {
    if !may_open_with_markup(bytes) {
        return false;
    }
    looks_like_html_in_full(bytes, content_type)
}

/// False when the page's head, trimmed as [`looks_like_html_in_full`] trims it, cannot start
/// with '<' (every one of its answers needs that): the first byte after ASCII whitespace is
/// ASCII and another character. The full reading copies and lower-cases 2 KiB of every
/// document. Past ASCII whitespace, neither a byte order mark (only trimmed at the very start)
/// nor other whitespace (not ASCII) is trimmed before an ASCII character; a head of whitespace
/// only trims to nothing.
fn may_open_with_markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    // `char::is_whitespace` of an ASCII byte: 0x09–0x0D and the space.
    match head.iter().find(|&&b| !matches!(b, b'\t'..=b'\r' | b' ')) {
        Some(&b) => b == b'<' || !b.is_ascii(),
        None => false,
    }
}

/// [`looks_like_html`] past its first-byte test (and the tests' oracle of that test).
fn looks_like_html_in_full(bytes: &[u8], content_type: Option<&str>) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    // Pages often open with a comment or an XML declaration before the doctype.
    let markup_start = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || ((head.starts_with("<!--") || head.starts_with("<?xml"))
            && (head.contains("<html") || head.contains("<!doctype html")));
    markup_start
        || (content_type.is_some_and(|c| c.to_ascii_lowercase().contains("html"))
            && head.starts_with('<'))
        || (head.starts_with('<') && (head.contains("<body") || head.contains("<head")))
}

/// The charset a page declares in a `<meta>` element, if any. Read with the HTML parser from
/// the page's first bytes decoded as Windows-1252, which keeps every ASCII byte of the markup.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(head);
    let document = Html::parse_document(&decoded);
    let selector = Selector::parse("meta").ok()?;
    for meta in document.select(&selector) {
        if let Some(charset) = meta.attr("charset") {
            return Some(charset.trim().to_string());
        }
        let is_content_type = meta
            .attr("http-equiv")
            .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-type"));
        if is_content_type {
            let content = meta.attr("content").unwrap_or_default();
            let charset = content.split(';').find_map(|part| {
                let (key, value) = part.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("charset")
                    .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            });
            if charset.is_some() {
                return charset;
            }
        }
    }
    None
}

/// Turn a decoded HTML page into structured text.
pub fn extract(html: &str) -> Result<Extracted, ExtractError> {
    let document = Html::parse_document(html);
    let mut writer = Writer::default();
    walk(document.root_element(), &mut writer, &Context::default(), 0);
    let text = super::text::normalise_unicode(writer.finish());
    if text.trim().is_empty() {
        return Err(ExtractError::Html(
            "the page has no text outside scripts, styles and navigation".to_string(),
        ));
    }
    Ok(Extracted {
        container: Container::Html,
        text,
        problems: Vec::new(),
    })
}

/// Where in the page the walk is: decides how breaks and list items are written.
#[derive(Debug, Clone, Default)]
struct Context {
    /// Inside a table cell: blocks and line breaks become spaces so a row stays one line.
    in_cell: bool,
    /// Inside `<pre>`: whitespace is kept as written.
    in_pre: bool,
    /// Inside an `<article>`, `<main>` or `<section>`: a `<header>` there is the document's
    /// own heading, not the site's banner.
    in_content: bool,
    list_depth: usize,
    /// Inside a table that lays out the page: its cells are blocks, not a row's cells.
    in_layout_table: bool,
    /// Inside a list item: its paragraphs are lines, so items are not spaced apart.
    in_list_item: bool,
}

/// How much space an element asks for around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    /// Its own line.
    Line,
    /// Its own paragraph: a blank line before and after.
    Paragraph,
}

fn block_break(name: &str) -> Option<Break> {
    match name {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "dl" | "table"
        | "blockquote" | "pre" | "figure" | "hr" | "address" | "fieldset" => Some(Break::Paragraph),
        "div" | "section" | "article" | "main" | "header" | "footer" | "li" | "dt" | "dd"
        | "tr" | "caption" | "figcaption" | "body" | "center" | "details" | "summary" | "thead"
        | "tbody" | "tfoot" => Some(Break::Line),
        _ => None,
    }
}

/// Elements whose content is never part of the document's text.
fn is_dropped(element: &Element, context: &Context) -> bool {
    let name = element.name();
    let always = matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "form"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "menu"
            | "dialog"
    );
    // The page's banner and footer go; an article's own header (its title) stays.
    let page_chrome = matches!(name, "header" | "footer") && !context.in_content;
    let role = element.attr("role").map(str::to_ascii_lowercase);
    let chrome_role = matches!(
        role.as_deref(),
        Some("navigation" | "banner" | "contentinfo" | "search" | "menu" | "menubar")
    );
    let hidden = element.attr("hidden").is_some()
        || element
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || element.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        });
    always || page_chrome || chrome_role || hidden
}

fn walk(element: ElementRef<'_>, out: &mut Writer, context: &Context, depth: usize) {
    let value = element.value();
    let name = value.name();
    if is_dropped(value, context) {
        return;
    }
    if depth > MAX_DEPTH {
        let text: String = element.text().collect();
        out.inline(&text, context.in_pre);
        return;
    }
    let mut inner = context.clone();
    if matches!(name, "article" | "main" | "section") {
        inner.in_content = true;
    }
    if name == "pre" {
        inner.in_pre = true;
    }
    if name == "table" && !context.in_cell {
        inner.in_layout_table = is_layout_table(element);
    }
    match name {
        "br" => {
            if context.in_cell {
                out.inline(" ", false);
            } else {
                out.newline();
            }
            return;
        }
        "tr" if !context.in_cell && !context.in_layout_table => {
            out.request(Break::Line);
            write_row(element, out, &inner, depth);
            out.request(Break::Line);
            return;
        }
        "td" | "th" if !context.in_cell => {
            // A cell of a layout row: its content flows like any other block.
            out.request(Break::Paragraph);
            walk_children(element, out, &inner, depth);
            out.request(Break::Paragraph);
            return;
        }
        "ul" | "ol" => {
            // A nested list goes on line by line; a list among paragraphs is one of them.
            let around = if context.in_list_item {
                Break::Line
            } else {
                Break::Paragraph
            };
            if !context.in_cell {
                out.request(around);
            }
            inner.list_depth += 1;
            write_list(element, out, &inner, depth);
            if !context.in_cell {
                out.request(around);
            }
            return;
        }
        _ => {}
    }
    let block = block_break(name).filter(|_| !context.in_cell).map(|b| {
        if context.in_list_item {
            Break::Line
        } else {
            b
        }
    });
    if let Some(b) = block {
        out.request(b);
    } else if context.in_cell && block_break(name).is_some() {
        out.inline(" ", false);
    }
    walk_children(element, out, &inner, depth);
    if let Some(b) = block {
        out.request(b);
    } else if context.in_cell && block_break(name).is_some() {
        out.inline(" ", false);
    }
}

fn walk_children(element: ElementRef<'_>, out: &mut Writer, context: &Context, depth: usize) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.inline(text, context.in_pre),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, out, context, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// A list: each item on its own line, "• " for bullets, "N. " for numbered lists (honouring
/// `start`), indented two spaces per level of nesting below the first.
fn write_list(list: ElementRef<'_>, out: &mut Writer, context: &Context, depth: usize) {
    let ordered = list.value().name() == "ol";
    let mut number: i64 = list
        .attr("start")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1);
    for child in list.children() {
        let Some(child) = ElementRef::wrap(child) else {
            if let Node::Text(text) = child.value() {
                out.inline(text, context.in_pre);
            }
            continue;
        };
        if is_dropped(child.value(), context) {
            continue;
        }
        if child.value().name() != "li" {
            walk(child, out, context, depth + 1);
            continue;
        }
        if let Some(value) = child.attr("value").and_then(|v| v.trim().parse().ok()) {
            number = value;
        }
        let marker = if ordered {
            format!("{number}. ")
        } else {
            "• ".to_string()
        };
        number += 1;
        if context.in_cell {
            out.inline(" ", false);
        } else {
            out.request(Break::Line);
            let indent = "  ".repeat(context.list_depth.saturating_sub(1));
            out.start_line_with(&format!("{indent}{marker}"));
        }
        let mut item_context = context.clone();
        item_context.in_list_item = true;
        walk_children(child, out, &item_context, depth + 1);
        if !context.in_cell {
            out.request(Break::Line);
        }
    }
}

/// Does the table lay out the page rather than hold data: no row with two cells, or a cell
/// holding headings, lists, tables or several paragraphs? Old case systems set whole pages in
/// tables; their cells' content must keep its own lines.
fn is_layout_table(table: ElementRef<'_>) -> bool {
    let cells_of = |tr: ElementRef<'_>| {
        tr.child_elements()
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .count()
    };
    let rows: Vec<ElementRef<'_>> = table
        .descendent_elements()
        .filter(|e| e.value().name() == "tr")
        .collect();
    if rows.iter().all(|tr| cells_of(*tr) <= 1) {
        return true;
    }
    table
        .descendent_elements()
        .filter(|e| matches!(e.value().name(), "td" | "th"))
        .any(|cell| {
            let mut paragraphs = 0;
            cell.descendent_elements().any(|e| {
                let name = e.value().name();
                if matches!(name, "p" | "div" | "br") {
                    paragraphs += 1;
                }
                matches!(
                    name,
                    "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "blockquote"
                ) || paragraphs > 2
            })
        })
}

/// A table row: its cells' text, tab-separated, on one line.
fn write_row(row: ElementRef<'_>, out: &mut Writer, context: &Context, depth: usize) {
    let mut cell_context = context.clone();
    cell_context.in_cell = true;
    let mut cells = Vec::new();
    for child in row.child_elements() {
        if !matches!(child.value().name(), "td" | "th") || is_dropped(child.value(), context) {
            continue;
        }
        let mut cell = Writer::default();
        walk_children(child, &mut cell, &cell_context, depth + 1);
        // A cell's text is one line: tabs inside it would shift the columns.
        let text = cell.finish().replace(['\t', '\n'], " ");
        cells.push(text.trim().to_string());
    }
    if cells.iter().any(|c| !c.is_empty()) {
        out.inline_raw(&cells.join("\t"));
    }
}

/// Collects text with pending breaks, so that neighbouring blocks ask for one separator only
/// and no line starts or ends with spaces.
#[derive(Debug, Default)]
struct Writer {
    out: String,
    line: String,
    /// A break asked for since the last text; written when the next text arrives.
    pending: Option<Break>,
    /// A line prefix (list marker) to write before the next text.
    prefix: Option<String>,
    /// Line breaks from `<br>` since the last text.
    pending_newlines: usize,
}

impl Writer {
    fn request(&mut self, b: Break) {
        self.pending = Some(self.pending.map_or(b, |p| p.max(b)));
    }

    fn newline(&mut self) {
        self.pending_newlines += 1;
    }

    fn start_line_with(&mut self, prefix: &str) {
        self.prefix = Some(prefix.to_string());
    }

    /// Text as it appears in the markup: whitespace runs (and non-breaking spaces) become one
    /// space, except inside `<pre>`.
    fn inline(&mut self, text: &str, preformatted: bool) {
        if preformatted {
            for (i, part) in text.split('\n').enumerate() {
                if i > 0 {
                    self.newline();
                }
                self.push_text(&part.replace('\u{a0}', " "));
            }
            return;
        }
        let mut collapsed = String::with_capacity(text.len());
        let mut last_space = false;
        for c in text.chars() {
            // Soft hyphens and zero-width spaces only mark where a line may break.
            if matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}') {
                continue;
            }
            if c.is_whitespace() || c == '\u{a0}' {
                if !last_space {
                    collapsed.push(' ');
                }
                last_space = true;
            } else {
                collapsed.push(c);
                last_space = false;
            }
        }
        self.push_text(&collapsed);
    }

    /// Text written as is (a table row with its tabs).
    fn inline_raw(&mut self, text: &str) {
        self.push_text(text);
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let only_space = text.chars().all(|c| c == ' ');
        if only_space {
            // Whitespace between blocks means nothing; inside a line it separates words.
            let inside_line = self.pending.is_none() && self.pending_newlines == 0;
            if inside_line && !self.line.is_empty() && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            return;
        }
        let has_break = self.pending.is_some() || self.pending_newlines > 0;
        if has_break && !self.line.trim().is_empty() {
            self.end_line();
            let blank = self.pending == Some(Break::Paragraph) || self.pending_newlines > 1;
            if blank {
                self.out.push('\n');
            }
        } else if has_break {
            self.line.clear();
        }
        self.pending = None;
        self.pending_newlines = 0;
        if let Some(prefix) = self.prefix.take() {
            self.line.push_str(&prefix);
            self.line.push_str(text.trim_start_matches(' '));
        } else if self.line.trim().is_empty() {
            self.line.clear();
            self.line.push_str(text.trim_start_matches(' '));
        } else {
            self.line.push_str(text);
        }
    }

    fn end_line(&mut self) {
        // Leading spaces were dropped as text arrived; what is left is a list's indentation
        // or a row's empty first cell. Trailing tabs are empty last cells: dropped, as in PDFs.
        let line = self.line.trim_end_matches([' ', '\t']);
        self.out.push_str(line);
        self.out.push('\n');
        self.line.clear();
    }

    fn finish(mut self) -> String {
        if !self.line.trim().is_empty() {
            self.end_line();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The first-byte test turns away only pages the full reading says are not HTML.
        #[test]
        fn first_byte_test_agrees_with_the_full_reading(
            start in proptest::collection::vec(
                proptest::sample::select(vec![
                    &b" "[..], b"\t", b"\n", b"\x0b", b"\x0c", b"\r", b"\x1c", b"\xef\xbb\xbf",
                    b"\xc2\xa0", b"\xe3\x80\x80", b"\xff", b"<", b"a", b"%",
                ]),
                0..4,
            ),
            rest in proptest::sample::select(vec![
                "", "<html><body>x", "<!DOCTYPE html>", "<!-- c --><html>", "<head>", "<p>",
                "html", "Referat", "<body>",
            ]),
            content_type in proptest::sample::select(vec![None, Some("text/html")]),
        ) {
            let bytes = [start.concat(), rest.as_bytes().to_vec()].concat();
            proptest::prop_assert_eq!(
                looks_like_html(&bytes, content_type),
                looks_like_html_in_full(&bytes, content_type)
            );
        }
    }

    fn text_of(html: &str) -> String {
        extract(html).unwrap().text
    }

    #[test]
    fn scripts_styles_and_navigation_are_dropped() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head>\
            <body><nav><a href='/'>Forside</a></nav><script>var x = '<p>no</p>';</script>\
            <div role='navigation'>Menu</div><p>Mødet hævet kl. 14.07.</p>\
            <footer>Odense Kommune · Kontakt</footer></body></html>";
        assert_eq!(text_of(html), "Mødet hævet kl. 14.07.\n");
    }

    #[test]
    fn headings_and_paragraphs_are_separated_by_blank_lines() {
        let html = "<h2>BESLUTNING</h2><p>Udvalget   anbefaler\n indstillingen.</p><p>Næste.</p>";
        assert_eq!(
            text_of(html),
            "BESLUTNING\n\nUdvalget anbefaler indstillingen.\n\nNæste.\n"
        );
    }

    #[test]
    fn entities_are_decoded_and_nbsp_becomes_a_space() {
        let html = "<p>Sager&nbsp;til&nbsp;afg&oslash;relse &amp; &#8220;drop ind&#8221;</p>\
            <p>&nbsp;</p><p>Slut</p>";
        assert_eq!(
            text_of(html),
            "Sager til afgørelse & \u{201c}drop ind\u{201d}\n\nSlut\n"
        );
    }

    #[test]
    fn soft_hyphens_and_zero_width_spaces_vanish() {
        assert_eq!(
            text_of("<p>social&shy;området&#8203;s</p>"),
            "socialområdets\n"
        );
    }

    #[test]
    fn list_items_are_lines_with_markers() {
        let html = "<ul><li>Tema 1</li><li>Tema <b>2</b></li></ul><ol start='3'><li>Tre</li>\
            <li>Fire</li></ol>";
        assert_eq!(text_of(html), "• Tema 1\n• Tema 2\n\n3. Tre\n4. Fire\n");
    }

    #[test]
    fn paragraphs_inside_list_items_do_not_space_the_items() {
        let html = "<p>Før</p><ul><li><p class='MsoNormal'>A</p></li><li><p>B</p><p>B2</p></li>\
            </ul><p>Efter</p>";
        assert_eq!(text_of(html), "Før\n\n• A\n• B\nB2\n\nEfter\n");
    }

    #[test]
    fn a_nested_list_is_indented_under_its_item() {
        let html = "<ul><li>Tema<ul><li>Under</li></ul></li><li>Næste</li></ul>";
        assert_eq!(text_of(html), "• Tema\n  • Under\n• Næste\n");
    }

    #[test]
    fn table_rows_are_tab_separated_cells() {
        let html = "<table><tr><th></th><th>2022</th><th>2023*</th></tr>\
            <tr><td>Risikovurderinger <br>i alt</td><td><p>0</p></td><td>53</td></tr></table>";
        assert_eq!(
            text_of(html),
            "\t2022\t2023*\nRisikovurderinger i alt\t0\t53\n"
        );
    }

    /// Found by the property test in tests/extract_html.rs.
    #[test]
    fn no_line_ends_in_a_tab() {
        assert_eq!(text_of("<pre>a\t</pre>"), "a\n");
        assert_eq!(
            text_of("<table><tr><td>a</td><td></td></tr></table>"),
            "a\n"
        );
    }

    #[test]
    fn a_layout_table_keeps_its_blocks() {
        let html = "<table><tr><td><h1>Referat</h1><p>til mødet</p></td></tr>\
            <tr><td class='menu'>Forside</td><td><h2>1. Sag</h2><p>Tekst</p><table>\
            <tr><td>a</td><td>1</td></tr></table></td></tr></table>";
        assert_eq!(
            text_of(html),
            "Referat\n\ntil mødet\n\nForside\n\n1. Sag\n\nTekst\n\na\t1\n"
        );
    }

    #[test]
    fn br_breaks_a_line_inside_a_paragraph() {
        assert_eq!(
            text_of("<p>Afbud:<br>Jens<br/>Hanne</p>"),
            "Afbud:\nJens\nHanne\n"
        );
    }

    #[test]
    fn an_article_header_is_kept_but_the_site_banner_is_not() {
        let html = "<header>Odense.dk</header><article><header><h1>Referat</h1></header>\
            <p>Tekst</p></article>";
        assert_eq!(text_of(html), "Referat\n\nTekst\n");
    }

    #[test]
    fn a_page_of_only_navigation_is_an_error() {
        assert!(matches!(
            extract("<html><body><nav>Forside</nav></body></html>"),
            Err(ExtractError::Html(_))
        ));
    }

    #[test]
    fn meta_charset_is_found_in_both_spellings() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        let old = b"<html><head><meta http-equiv=\"Content-Type\" \
            content=\"text/html; charset=iso-8859-1\"></head>";
        assert_eq!(meta_charset(old).as_deref(), Some("iso-8859-1"));
        assert_eq!(meta_charset(b"<html><body>x</body></html>"), None);
    }
}
