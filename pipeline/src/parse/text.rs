//! Normalises the text of a section or a title to the form the dataset promises: no Markdown
//! markup, no non-breaking spaces, bullets as "- ", numbered list lines kept ("1. ..."), PDF
//! line wraps joined, paragraphs separated by exactly one blank line, table rows kept as single
//! tab-separated lines (the amounts step reads them).
//!
//! Wrap joining is the delicate part. A line of hard-wrapped PDF text is a wrap when the next
//! word would not have fitted on it; a short line followed by more text is a line break the
//! author made (a list without bullets, a sub-heading) and is kept. A line ending in a hyphen is
//! joined keeping the hyphen: Danish writes "social- og specialundervisningsområde", so
//! "social-\nog" becomes "social- og", and any other hyphen ("CO2-\nudledning") is kept without
//! a space — the text never loses a character and never gains a space inside a word.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::{is_invisible, markdown_heading, plain_text, Line};

/// The width a wrapped text was wrapped at, measured from its own lines (fonts are
/// proportional, so the character count of full lines varies).
#[derive(Debug, Clone, Copy)]
pub(crate) struct WrapWidth {
    /// A typical full line, in characters.
    pub full: usize,
}

impl WrapWidth {
    pub fn measure(lines: &[Line<'_>]) -> WrapWidth {
        // A histogram keeps this linear; lines of 60+ characters are the candidates.
        let mut histogram = [0usize; 256];
        let mut total = 0usize;
        for line in lines {
            // The trimmed line's characters, counted by the line scan.
            let len = line.width;
            if len >= 60 {
                histogram[len.min(255)] += 1;
                total += 1;
            }
        }
        // The 75th percentile of those lines: most of them are full lines.
        let mut seen = 0usize;
        let mut full = 110;
        if total > 0 {
            for (len, &count) in histogram.iter().enumerate() {
                seen += count;
                if seen * 4 >= total * 3 {
                    full = len;
                    break;
                }
            }
        }
        WrapWidth { full: full.max(60) }
    }

    /// Whether `previous` (its trimmed character count `previous_len`) was wrapped before
    /// `next`.
    fn is_wrap(&self, previous: &str, previous_len: usize, next: &str) -> bool {
        // Short lines are never wraps: they end a paragraph, a list entry or a sub-heading.
        if previous_len * 10 < self.full * 6 {
            return false;
        }
        let first_word_len = next
            .split([' ', '\t'])
            .next()
            .map_or(0, |w| w.chars().count());
        // The next word would not have fitted on the line (with a margin for proportional
        // fonts): the line was broken by wrapping.
        if (previous_len + 1 + first_word_len) * 10 >= self.full * 9 {
            return true;
        }
        // A fairly long line that stops mid-sentence, continued in lower case.
        let ends_sentence = previous.ends_with(['.', ':', ';', '!', '?']);
        let next_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
        !ends_sentence && next_lower
    }
}

impl WrapWidth {
    /// A short line without closing punctuation, starting a block, followed by a long line
    /// of ordinary text: "Indholdet i Rammeaftale 2023-2024" above its paragraph.
    fn is_sub_heading(&self, text: &str, len: usize, next: Option<&Line<'_>>) -> bool {
        let short = len * 10 < self.full * 6;
        let unpunctuated = !text.ends_with(['.', ',', ':', ';', '!', '?', '-']);
        let capitalised = text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        // The cheap tests first: the next line is measured only when they hold.
        if !(short && unpunctuated && capitalised) {
            return false;
        }
        // The next line is prose: a full line (it wraps) or a sentence. A long line without a
        // full stop is more likely the next entry of a list without bullets.
        next.is_some_and(|n| {
            let next_len = n.width;
            let prose = next_len * 10 >= self.full * 8
                || (next_len * 10 >= self.full * 6 && n.plain.ends_with(['.', ':', '!', '?']));
            !n.is_blank()
                && n.md_level == 0
                && prose
                && strip_bullet(&n.plain).is_none()
                && !n.has_tab()
                && !is_numbered_list_line(&n.plain)
        })
    }
}

/// What a line of section text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Plain,
    Bullet,
    Numbered,
    Table,
}

/// Normalises the lines of one section (or any run of body lines) into its text.
pub(crate) fn normalise_lines(lines: &[Line<'_>], wrap: Option<&WrapWidth>) -> String {
    // The text is about as long as the lines' plain forms: sized once rather than grown by
    // doubling. Each paragraph is written straight into it (it used to be built in a buffer of
    // its own and copied in when finished: a second allocation and a copy of every section).
    let size = lines.iter().map(|l| l.plain.len() + 1).sum();
    write_lines(lines, wrap, Paragraphs::with_capacity(size))
}

/// Where [`write_lines`] puts the paragraphs it makes of a section's lines: [`Paragraphs`]
/// (the tests also have a version that builds each paragraph in a buffer of its own).
trait ParagraphSink {
    /// The string that lines are pushed into: [`ParagraphSink::push_new_line`]'s positions
    /// index it, and the paragraph being built ends it.
    fn buffer(&self) -> &str;
    fn buffer_mut(&mut self) -> &mut String;
    /// The paragraph being built.
    fn current(&self) -> &str;
    /// Ends the paragraph being built (kept when it holds text) and begins the next.
    fn flush(&mut self);
    /// A whole paragraph, even an empty one, after a [`ParagraphSink::flush`].
    fn push_whole(&mut self, paragraph: &str);
    /// Adds a line to the paragraph (after a '\n' unless it is empty); returns where the line
    /// starts in [`ParagraphSink::buffer`].
    fn push_new_line(&mut self, content: &str) -> usize;
    /// The paragraphs joined with a blank line, the last one ended.
    fn finish(self) -> String;
}

/// [`normalise_lines`], its paragraphs written into `out`.
fn write_lines(
    lines: &[Line<'_>],
    wrap: Option<&WrapWidth>,
    mut out: impl ParagraphSink,
) -> String {
    // Where the last line of the paragraph starts (a byte offset into the text): after its
    // last '\n' (what `current.rsplit('\n').next()` gave), kept up to date as lines are added
    // (see `push_new_line`), so that a long paragraph of joined lines is not searched again for
    // every line added to it. (Used only while `last` is set, i.e. after a line was pushed
    // into the paragraph being built.)
    let mut last_line_start = 0usize;
    // The kind and length (in characters, as written) of the last line added to the paragraph.
    let mut last: Option<(LineKind, usize)> = None;
    // Whether the last line added ended in a soft hyphen (a word split across lines).
    let mut soft_hyphen_before = false;
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            out.flush();
            last = None;
            continue;
        }
        if is_page_marker(&line.plain) {
            continue;
        }
        if line.md_level > 0 {
            // A sub-heading inside a section is its own paragraph.
            out.flush();
            out.push_whole(&line.plain);
            last = None;
            continue;
        }
        if let Some(row) = markdown_table_row(&line.plain) {
            if !row.is_empty() {
                last_line_start = out.push_new_line(&row);
                last = Some((LineKind::Table, 0));
            }
            continue;
        }
        let (kind, content) = classify_in(lines, index);
        // The length only matters to wrap joining (counted once, by the line scan).
        let raw_len = line.width;
        let joins = match (wrap, last) {
            (Some(width), Some((last_kind, last_len))) => {
                kind == LineKind::Plain
                    && last_kind != LineKind::Table
                    && (soft_hyphen_before
                        || width.is_wrap(&out.buffer()[last_line_start..], last_len, &content))
            }
            _ => false,
        };
        if joins && soft_hyphen_before {
            // "special\u{ad}" + "undervisning": the word was split by the typesetter.
            out.buffer_mut().push_str(&content);
        } else if joins {
            let hyphen_wrap = ends_in_hyphen_wrap(out.current());
            push_joined(out.buffer_mut(), hyphen_wrap, &content);
        } else {
            last_line_start = out.push_new_line(&content);
        }
        // A soft hyphen is a character that needs cleaning: a line without one is not marked.
        soft_hyphen_before = line.marked && line.raw.trim_end().ends_with('\u{ad}');
        last = Some((kind, raw_len));
        // In wrapped text a sub-heading sits on the line above its paragraph: make it a
        // paragraph of its own, as the other layouts' blank lines do.
        if let Some(width) = wrap {
            let next = lines.get(index + 1);
            // Whether the paragraph is this line alone. A line's content holds no line break
            // (the text is split there, and neither cleaning nor bullets nor table rows add
            // one), so a paragraph equal to it holds none either: no need to search it.
            debug_assert!(
                !content.contains('\n'),
                "a line's content holds no line break"
            );
            let starts_block = out.current() == content;
            if starts_block
                && kind == LineKind::Plain
                && width.is_sub_heading(&content, raw_len, next)
            {
                out.flush();
                last = None;
            }
        }
    }
    out.finish()
}

/// Paragraphs joined with a blank line, as `join("\n\n")` would, written as they are made:
/// the paragraph being built is the end of the text, from `start`. The blank line before it is
/// written when it is begun (when some paragraph came before) and taken back when it ends
/// empty, so the text is what joining the non-empty paragraphs gives.
struct Paragraphs {
    text: String,
    /// The paragraphs finished (and the whole ones pushed).
    count: usize,
    /// Where the blank line before the paragraph being built starts (its start when there is
    /// none).
    separator: usize,
    /// Where the paragraph being built starts.
    start: usize,
}

impl Paragraphs {
    fn with_capacity(size: usize) -> Paragraphs {
        Paragraphs {
            text: String::with_capacity(size),
            count: 0,
            separator: 0,
            start: 0,
        }
    }

    fn end_paragraph(&mut self) {
        if self.text.len() == self.start {
            self.text.truncate(self.separator);
        } else {
            self.count += 1;
        }
    }

    fn begin(&mut self) {
        self.separator = self.text.len();
        if self.count > 0 {
            self.text.push_str("\n\n");
        }
        self.start = self.text.len();
    }
}

impl ParagraphSink for Paragraphs {
    fn buffer(&self) -> &str {
        &self.text
    }

    fn buffer_mut(&mut self) -> &mut String {
        &mut self.text
    }

    fn current(&self) -> &str {
        &self.text[self.start..]
    }

    fn flush(&mut self) {
        self.end_paragraph();
        self.begin();
    }

    fn push_whole(&mut self, paragraph: &str) {
        debug_assert_eq!(self.text.len(), self.start);
        self.text.push_str(paragraph);
        self.count += 1;
        self.begin();
    }

    /// What is pushed is made from one line of the text (its plain form, a bullet or table
    /// row made of it), and lines hold no '\n' (they are split there): so the line starts
    /// after the '\n' pushed before it, and text joined onto it later does not move its start.
    fn push_new_line(&mut self, content: &str) -> usize {
        debug_assert!(
            !content.contains('\n'),
            "a line's content holds no line break"
        );
        if self.text.len() > self.start {
            self.text.push('\n');
        }
        let line_start = self.text.len();
        self.text.push_str(content);
        line_start
    }

    fn finish(mut self) -> String {
        self.end_paragraph();
        self.text
    }
}

/// Normalises a title: lines joined (with the hyphen rule), markup and odd spaces removed.
pub(crate) fn normalise_title<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut title = String::new();
    for part in parts {
        let part = plain_text(part).replace('\t', " ");
        if part.is_empty() {
            continue;
        }
        if title.is_empty() {
            title = part;
        } else {
            join_wrapped(&mut title, &part);
        }
    }
    title
}

/// "Side 3 af 20", "Side 3/20", alone or closing a short running header ("Referat
/// Økonomiudvalget 05-06-2024 Side 3 af 20"): page furniture of a PDF, not text.
fn is_page_marker(plain: &str) -> bool {
    static PAGE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|\s)side\s+\d{1,4}\s*(?:af|/)\s*\d{1,4}$").expect("valid regex")
    });
    // The pattern ends in a digit (`\d` is any Unicode decimal digit, so `is_numeric`, which
    // covers them all, is the test): most lines are rejected before the regex.
    plain.len() <= 160
        && plain.chars().next_back().is_some_and(char::is_numeric)
        && PAGE_MARKER.is_match(plain)
}

/// Joins a wrapped continuation onto the text so far: see the module comment for hyphens.
fn join_wrapped(current: &mut String, next: &str) {
    let hyphen_wrap = ends_in_hyphen_wrap(current);
    push_joined(current, hyphen_wrap, next);
}

/// Whether a text ends in a hyphen after a letter or digit ("social-", "CO2-").
fn ends_in_hyphen_wrap(text: &str) -> bool {
    text.ends_with('-')
        && text
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_alphanumeric())
}

/// [`join_wrapped`] given whether the text so far ends in a hyphen wrap: `out` may hold more
/// than that text before it (earlier paragraphs), which the test must not see.
fn push_joined(out: &mut String, hyphen_wrap: bool, next: &str) {
    if hyphen_wrap && !starts_with_conjunction(next) {
        out.push_str(next);
    } else {
        out.push(' ');
        out.push_str(next);
    }
}

/// Words that follow a suspended compound ("social- og", "kultur- eller", "by- samt").
fn starts_with_conjunction(text: &str) -> bool {
    let word = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        word.to_lowercase().as_str(),
        "og" | "eller" | "samt" | "såvel" | "som" | "men" | "end" | "hhv" | "henholdsvis"
    )
}

/// A Markdown table row ("| a | b |", in a line's plain form) as tab-separated cells; the
/// separator row ("|---|") becomes empty. `None` when the line is not a table row.
fn markdown_table_row(plain: &str) -> Option<String> {
    // A text that starts with an ASCII character other than '|' and whitespace is trimmed to
    // the same start: it is no row (most lines are answered by their first byte).
    if plain
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii() && b != b'|' && !char::from(b).is_whitespace())
    {
        return None;
    }
    let trimmed = plain.trim();
    if !(trimmed.starts_with('|') && trimmed.ends_with('|') && trimmed.len() >= 2) {
        return None;
    }
    let inner = &trimmed[1..trimmed.len() - 1];
    let mut cells: Vec<String> = inner
        .split('|')
        .map(|cell| plain_text(cell).into_owned())
        .collect();
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    // The separator row ("|---|:--:|"), or a row of empty cells: nothing to keep.
    let is_separator = cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
    if cells.is_empty() {
        return Some(String::new());
    }
    // Fewer than two cells with text is not a table: the line is kept as written.
    if cells.iter().filter(|c| !c.is_empty()).count() < 2 && !is_separator {
        return None;
    }
    if is_separator {
        return Some(String::new());
    }
    Some(join_cells(cells))
}

/// [`classify`] for the line at `index` of `lines`, where its neighbours decide one case: "* "
/// alone is a footnote ("* Det bemærkes, at ..."), next to other bullets a list item.
fn classify_in<'l>(lines: &'l [Line<'_>], index: usize) -> (LineKind, Cow<'l, str>) {
    let line = &lines[index];
    let (kind, content) = classify(line);
    if kind == LineKind::Bullet && line.plain.starts_with('*') {
        let is_bullet = |l: Option<&Line<'_>>| l.is_some_and(|l| strip_bullet(&l.plain).is_some());
        let in_list = is_bullet(index.checked_sub(1).and_then(|i| lines.get(i)))
            || is_bullet(lines.get(index + 1));
        if !in_list {
            return (LineKind::Plain, Cow::Borrowed(&line.plain));
        }
    }
    (kind, content)
}

/// Classifies a line and gives its normalised content: bullets as "- ", numbered list
/// markers kept, spaces collapsed, markup removed.
fn classify<'l>(line: &'l Line<'_>) -> (LineKind, Cow<'l, str>) {
    let plain: &str = &line.plain;
    if line.has_tab() {
        return (LineKind::Table, Cow::Owned(table_row(line.raw)));
    }
    if let Some(rest) = strip_bullet(plain) {
        // Built by hand: `format!` costs several times the copy.
        let mut bullet = String::with_capacity(rest.len() + 2);
        bullet.push_str("- ");
        bullet.push_str(rest);
        return (LineKind::Bullet, Cow::Owned(bullet));
    }
    if is_numbered_list_line(plain) {
        return (LineKind::Numbered, Cow::Borrowed(plain));
    }
    (LineKind::Plain, Cow::Borrowed(plain))
}

/// The text after a bullet marker ("•", "-", "*", "–", "·", "▪", "◦", "‣", ""), if any.
///
/// Every line of a section is asked: a line whose first byte starts no marker ('-', '*', or
/// the lead byte 0xC2, 0xE2 or 0xEF of the others; a test checks every character) is turned
/// away here, inlined, without a call.
#[inline]
fn strip_bullet(plain: &str) -> Option<&str> {
    if !matches!(
        plain.as_bytes().first(),
        Some(b'-' | b'*' | 0xC2 | 0xE2 | 0xEF)
    ) {
        return None;
    }
    strip_bullet_marker(plain)
}

/// [`strip_bullet`] past its first-byte test.
fn strip_bullet_marker(plain: &str) -> Option<&str> {
    let mut chars = plain.char_indices();
    let (_, first) = chars.next()?;
    if !matches!(
        first,
        '•' | '-' | '*' | '–' | '·' | '▪' | '◦' | '‣' | '\u{f0b7}' | '●' | '○' | '■'
    ) {
        return None;
    }
    let (next_index, next) = chars.next()?;
    if next != ' ' && next != '\t' {
        return None;
    }
    let rest = plain[next_index..].trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// A tab-separated table row: each cell cleaned, leading empty cells kept (they keep the
/// columns aligned with the header row), trailing ones dropped, a bullet in the first cell
/// normalised.
fn table_row(raw: &str) -> String {
    let (_, content) = markdown_heading(raw);
    // Written cell by cell into one String (what join_cells makes of the cells, without a
    // String per cell); `kept` is where the last cell with text ends.
    let mut row = String::with_capacity(content.len());
    let mut kept = 0;
    for (index, cell) in content.split('\t').enumerate() {
        let cell = plain_text(cell);
        if index > 0 {
            row.push('\t');
        }
        match strip_bullet(&cell).filter(|_| index == 0) {
            Some(rest) => {
                row.push_str("- ");
                row.push_str(rest);
            }
            None => row.push_str(&cell),
        }
        if !cell.is_empty() {
            kept = row.len();
        }
    }
    row.truncate(kept);
    row
}

/// Cells as one tab-separated row, a bullet in the first cell written "- ".
fn join_cells(mut cells: Vec<String>) -> String {
    if let Some(first) = cells.first_mut() {
        if let Some(rest) = strip_bullet(first) {
            *first = format!("- {rest}");
        }
    }
    cells.join("\t")
}

/// "1. Text", "2) Text", "a) Text".
///
/// Every line of a section is asked: one that starts with neither an ASCII digit nor an ASCII
/// lower-case letter (what the marker needs) is turned away here, inlined, without a call.
#[inline]
fn is_numbered_list_line(plain: &str) -> bool {
    matches!(plain.as_bytes().first(), Some(b'0'..=b'9' | b'a'..=b'z'))
        && numbered_list_marker(plain)
}

/// [`is_numbered_list_line`] past its first-byte test.
fn numbered_list_marker(plain: &str) -> bool {
    let digits = plain.bytes().take_while(|b| b.is_ascii_digit()).count();
    let marker_at = if (1..=3).contains(&digits) {
        digits
    } else if plain.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
        1
    } else {
        return false;
    };
    let bytes = plain.as_bytes();
    let is_marker = bytes
        .get(marker_at)
        .is_some_and(|&b| b == b'.' || b == b')');
    let then_space = bytes.get(marker_at + 1).is_some_and(|&b| b == b' ');
    is_marker && then_space && (digits > 0 || bytes[marker_at] == b')')
}

/// Cleans a single line of free text the way section text is cleaned (for header values).
pub(crate) fn clean_inline(raw: &str) -> String {
    let (_, content) = markdown_heading(raw);
    plain_text(content)
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn bullet_markers_start_with_the_bytes_the_first_test_lets_through() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let line = format!("{c} text");
            if super::strip_bullet_marker(&line).is_some() {
                assert!(super::strip_bullet(&line).is_some(), "{c:?}");
            }
        }
    }

    use super::super::lines::split_lines;
    use super::*;

    fn norm(text: &str, wrap: Option<WrapWidth>) -> String {
        normalise_lines(&split_lines(text), wrap.as_ref())
    }

    #[test]
    fn bullets_become_dashes_and_nbsp_lines_vanish() {
        let text = "  \u{2022} At kommunen\u{a0}sikrer\n\n\u{a0}\n\n* Andet\n– Tredje\n";
        assert_eq!(
            norm(text, None),
            "- At kommunen sikrer\n\n- Andet\n- Tredje"
        );
        assert_eq!(
            norm("Tekst\n\n* En fodnote.\n", None),
            "Tekst\n\n* En fodnote."
        );
    }

    #[test]
    fn numbered_lines_and_tables_are_kept() {
        let text = "  1. 78 sager\n  2. 4 sager\n\n\t2017\t2018\nJob\t83\t159\n";
        assert_eq!(
            norm(text, None),
            "1. 78 sager\n2. 4 sager\n\n\t2017\t2018\nJob\t83\t159"
        );
        assert_eq!(
            norm("\u{2022} Hjemvist\t2*\t10 %\t\n", None),
            "- Hjemvist\t2*\t10 %"
        );
    }

    #[test]
    fn markdown_markup_and_tables() {
        let text = "**Udvalget** godkender.\n\n#### Under\nTekst\n| a | b |\n|---|---|\n| 1 | 2 |";
        assert_eq!(
            norm(text, None),
            "Udvalget godkender.\n\nUnder\n\nTekst\na\tb\n1\t2"
        );
    }

    #[test]
    fn wraps_are_joined_and_short_lines_kept() {
        let width = WrapWidth { full: 110 };
        let first = "Kommunerne og regionen bruger Rammeaftalen til at styre den faglige \
                     udvikling, kapacitet og økonomi på det specialiserede social-";
        let text = format!(
            "{first}\nog specialundervisningsområde.\n\nIndholdet i Rammeaftale 2023-2024\n\
             Med afsæt i de politiske drøftelser.\nKort linje\nNæste linje"
        );
        assert_eq!(
            norm(&text, Some(width)),
            format!(
                "{} og specialundervisningsområde.\n\nIndholdet i Rammeaftale 2023-2024\n\
                 Med afsæt i de politiske drøftelser.\nKort linje\nNæste linje",
                first
            )
        );
    }

    #[test]
    fn hyphen_inside_a_word_is_kept_without_space() {
        let mut s = "a".repeat(100);
        s.push_str(" CO2-");
        join_wrapped(&mut s, "udledningen falder");
        assert!(s.ends_with("CO2-udledningen falder"));
        let mut s = "Beskæftigelses-".to_string();
        join_wrapped(&mut s, "og Socialudvalget");
        assert_eq!(s, "Beskæftigelses- og Socialudvalget");
    }

    #[test]
    fn wrapped_bullets_are_not_joined_to_the_previous_line() {
        let width = WrapWidth { full: 110 };
        let long = "x".repeat(105);
        let text = format!("{long}\n- punkt\n{long}\n1. nummer");
        assert_eq!(
            norm(&text, Some(width)),
            format!("{long}\n- punkt\n{long}\n1. nummer")
        );
    }

    #[test]
    fn page_markers_are_dropped() {
        let text =
            "Første del\nReferat Økonomiudvalget 05-06-2024 Side 3 af 20\nanden del\nSide 4/20";
        assert_eq!(norm(text, None), "Første del\nanden del");
        assert_eq!(
            norm("Se side 3 af rapporten", None),
            "Se side 3 af rapporten"
        );
    }

    /// Lines of letters, bullets, numbers, tabs, markup, table pipes and odd spaces. Without
    /// '#': text whose markup removal leaves "# ..." at a line start ("**# A") would read as a
    /// heading the second time; the output format has no escapes for that.
    const LINE: &str = "[ a-zæøA-ZÆØ0-9.:•*|\t\u{a0}–-]{0,30}";

    proptest::proptest! {
        /// Normalised text is a fixed point: normalising it again changes nothing (for text
        /// that is not re-wrapped).
        #[test]
        fn normalising_twice_changes_nothing(lines in proptest::collection::vec(LINE, 0..12)) {
            let once = norm(&lines.join("\n"), None);
            let twice = norm(&once, None);
            proptest::prop_assert_eq!(twice, once);
        }
    }

    /// [`normalise_lines`] as it was, each paragraph built in a buffer of its own and copied
    /// into the text when finished: the oracle of `written_in_place_as_with_a_buffer`.
    fn normalise_lines_buffered(lines: &[Line<'_>], wrap: Option<&WrapWidth>) -> String {
        write_lines(lines, wrap, BufferedParagraphs::default())
    }

    /// Paragraphs joined with a blank line, as `join("\n\n")` would, without collecting them
    /// first; the paragraph being built in a buffer of its own (cleared, capacity kept).
    #[derive(Default)]
    struct BufferedParagraphs {
        text: String,
        count: usize,
        current: String,
    }

    impl BufferedParagraphs {
        fn push(&mut self, paragraph: &str) {
            if self.count > 0 {
                self.text.push_str("\n\n");
            }
            self.text.push_str(paragraph);
            self.count += 1;
        }
    }

    impl ParagraphSink for BufferedParagraphs {
        fn buffer(&self) -> &str {
            &self.current
        }

        fn buffer_mut(&mut self) -> &mut String {
            &mut self.current
        }

        fn current(&self) -> &str {
            &self.current
        }

        fn flush(&mut self) {
            if !self.current.is_empty() {
                let current = std::mem::take(&mut self.current);
                self.push(&current);
                self.current = current;
                self.current.clear();
            }
        }

        fn push_whole(&mut self, paragraph: &str) {
            self.push(paragraph);
        }

        fn push_new_line(&mut self, content: &str) -> usize {
            if self.current.is_empty() {
                self.current.push_str(content);
                0
            } else {
                self.current.push('\n');
                let start = self.current.len();
                self.current.push_str(content);
                start
            }
        }

        fn finish(mut self) -> String {
            self.flush();
            self.text
        }
    }

    /// Lines for the wrap joining: long ones (full lines at a width of 60), short ones,
    /// hyphens, soft hyphens, bullets, headings, table rows, page markers and blank lines.
    const WRAP_LINE: &str = concat!(
        "([a-zæA-Z]{1,12}[ .:\u{a0}-]|\u{ad}|og |\\* |- |# |[0-9]\\. |\\||\t|Side 3 af 9)",
        "{0,9}"
    );

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Paragraphs written in place give the text the buffered version gave.
        #[test]
        fn written_in_place_as_with_a_buffer(
            lines in proptest::collection::vec(WRAP_LINE, 0..14),
            full in 10usize..80,
        ) {
            let text = lines.join("\n");
            let lines = split_lines(&text);
            for wrap in [None, Some(WrapWidth { full })] {
                proptest::prop_assert_eq!(
                    normalise_lines(&lines, wrap.as_ref()),
                    normalise_lines_buffered(&lines, wrap.as_ref())
                );
            }
        }
    }

    /// The cases the property found, kept as plain regressions.
    #[test]
    fn regression_normalised_text_reads_the_same_again() {
        for case in [
            "|||",
            "|#\u{a0}|",
            "|* A|Ø|",
            "#\u{a0}# a",
            "||æ|",
            "|a|*|**",
        ] {
            let once = norm(case, None);
            assert_eq!(norm(&once, None), once, "{case:?}");
        }
    }

    #[test]
    fn wrapped_sub_headings_become_paragraphs_but_lists_do_not() {
        let width = WrapWidth { full: 110 };
        let full = format!("{}slut", "ord ".repeat(26));
        let text = format!(
            "Budgetrammer\n{full}\nsidste linje.\n\nSystematisk udveksling af viden\n\
             Udvikling af gode løsninger for borgerne i balancen mellem faglighed og vilkår\n\
             Tiltag som kommunerne kan få gavn af"
        );
        assert_eq!(
            norm(&text, Some(width)),
            format!(
                "Budgetrammer\n\n{full} sidste linje.\n\nSystematisk udveksling af viden\n\
                 Udvikling af gode løsninger for borgerne i balancen mellem faglighed og vilkår\n\
                 Tiltag som kommunerne kan få gavn af"
            )
        );
    }

    #[test]
    fn soft_hyphens_join_a_split_word() {
        let width = WrapWidth { full: 110 };
        let text = format!("{} special\u{ad}\nundervisning og mere", "ord ".repeat(20));
        assert_eq!(
            norm(&text, Some(width)),
            format!("{}specialundervisning og mere", "ord ".repeat(20))
        );
    }

    /// What [`table_row`] writes cell by cell: the cells cleaned, trailing empty ones dropped,
    /// joined as [`join_cells`] joins them.
    fn table_row_reference(raw: &str) -> String {
        let (_, content) = markdown_heading(raw);
        let mut cells: Vec<String> = content
            .split('\t')
            .map(|cell| plain_text(cell).into_owned())
            .collect();
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        join_cells(cells)
    }

    proptest::proptest! {
        #[test]
        fn table_rows_written_cell_by_cell(raw in "[ a•*\t\u{a0}#-]{0,24}") {
            proptest::prop_assert_eq!(table_row(&raw), table_row_reference(&raw));
        }
    }

    #[test]
    fn title_lines_join() {
        assert_eq!(
            normalise_title([
                "Godkendelse af Rammeaftale på det",
                "og   special\u{a0}område"
            ]),
            "Godkendelse af Rammeaftale på det og special område"
        );
    }
}
