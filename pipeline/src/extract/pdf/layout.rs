//! Positioned glyphs → the text shape the parser reads.
//!
//! A PDF holds no paragraphs, only glyphs at positions. This module rebuilds, per page: lines
//! (glyphs on one baseline, ordered left to right, spaces from gaps), then drops the running
//! header, footer and page numbers (lines at the page's edge that repeat on most pages or read
//! "Side 3 af 18"), then joins lines into blocks across the whole document: a paragraph's
//! wrapped lines into one line (a line-end hyphen joined where it split a word), a heading in
//! a larger type on its own, list items on their own lines ("• "), table rows as tab-separated
//! cells. Blocks are separated by blank lines, like the text exports.
//!
//! Assumes one column of text per page, as minutes are set; multi-column pages would interleave.

use std::collections::{HashMap, HashSet};

use super::Page;

/// One glyph as drawn: baseline origin, where its advance ends, and its size (all in points).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub text: String,
}

/// A gap wider than this many font sizes separates table cells (or a list marker from its
/// text). Justified body text stretches its spaces to well under one font size.
const CELL_GAP: f64 = 1.2;
/// A gap wider than this many font sizes is a space even when the PDF draws no space glyph.
const WORD_GAP: f64 = 0.18;
/// Lines closer than this many font sizes (baseline to baseline) belong to one paragraph.
const LINE_PITCH: f64 = 1.45;
/// The share of the page height at its top and bottom where running headers and footers live.
const MARGIN_ZONE: f64 = 0.12;

/// Glyphs that only ever open a list item (the last three are Symbol and Wingdings bullets
/// in the private use area, as Word writes them).
const BULLETS: &[&str] = &[
    "•", "●", "▪", "■", "◦", "‣", "∙", "·", "\u{f0b7}", "\u{f0a7}", "\u{f0d8}",
];
/// Characters that open a list item only when a tab stop follows them.
const GAP_MARKERS: &[&str] = &["–", "-", "o"];
/// Words that follow a hyphen ending a word's first half in a Danish coordination
/// ("Beskæftigelses- og Socialudvalget"): there the hyphen and the space stay.
const COORDINATORS: &[&str] = &["og", "eller", "samt", "til", "som", "and", "or", "el"];

pub fn has_text(page: &Page) -> bool {
    page.glyphs.iter().any(|g| !g.text.trim().is_empty())
}

/// Text run of a line between wide gaps.
#[derive(Debug, Clone)]
struct Cell {
    x0: f64,
    x1: f64,
    text: String,
}

#[derive(Debug, Clone)]
struct Line {
    page: u32,
    page_height: f64,
    /// Baseline, in PDF space (grows upwards).
    y: f64,
    size: f64,
    cells: Vec<Cell>,
    /// The same text split into words: a table's columns are cut between them.
    words: Vec<Cell>,
    /// Width of the line's first word: would it have fitted on the line above?
    first_word_width: f64,
}

impl Line {
    fn x0(&self) -> f64 {
        self.cells.first().map_or(0.0, |c| c.x0)
    }
    fn x1(&self) -> f64 {
        self.cells.last().map_or(0.0, |c| c.x1)
    }
    fn text(&self) -> String {
        let texts: Vec<&str> = self.cells.iter().map(|c| c.text.as_str()).collect();
        texts.join(" ")
    }
    /// The bullet or number that opens a list item: a bullet glyph as a word of its own, or a
    /// dash, "o", "1." or "a)" set apart by a wide gap (a tab stop).
    fn list_marker(&self) -> Option<&str> {
        let first_word = self.words.first().map(|w| w.text.as_str())?;
        if self.words.len() >= 2 && BULLETS.contains(&first_word) {
            return Some(first_word);
        }
        if self.cells.len() < 2 {
            return None;
        }
        let first = self.cells[0].text.as_str();
        let numbered = first.len() > 1
            && first.len() <= 4
            && (first.ends_with('.') || first.ends_with(')'))
            && first[..first.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric());
        (GAP_MARKERS.contains(&first) || numbered).then_some(first)
    }
    fn is_table_row(&self) -> bool {
        self.cells.len() >= 2 && self.list_marker().is_none()
    }
}

/// The whole document's text.
pub fn text_of(pages: &[Page]) -> String {
    let mut lines: Vec<Line> = Vec::new();
    let mut per_page: Vec<Vec<Line>> = pages.iter().map(page_lines).collect();
    remove_running_lines(&mut per_page);
    for page in per_page {
        lines.extend(page);
    }
    let words = known_words(&lines);
    let blocks = blocks_of(&lines);
    render(&blocks, &words)
}

/// Group a page's glyphs into lines, top to bottom.
fn page_lines(page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for glyph in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - glyph.y).abs() <= 0.4 * row[0].size.max(glyph.size) => {
                row.push(glyph)
            }
            _ => rows.push(vec![glyph]),
        }
    }
    let rows = merge_offset_cells(rows);
    rows.into_iter()
        .filter_map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            line_of(&row, page)
        })
        .collect()
}

/// A table cell centred vertically beside a cell of two lines sits half a line below the
/// row's first line: closer than any two lines of text, and beside it, not under it. Such a
/// run of glyphs joins the line above.
fn merge_offset_cells(rows: Vec<Vec<&Glyph>>) -> Vec<Vec<&Glyph>> {
    let mut merged: Vec<Vec<&Glyph>> = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(above) = merged.last_mut() {
            let size = row[0].size.max(above[0].size);
            let close = (above[0].y - row[0].y).abs() < 0.75 * size;
            let beside = row.iter().all(|g| {
                above
                    .iter()
                    .all(|a| g.end <= a.x + 0.1 * size || g.x >= a.end - 0.1 * size)
            });
            if close && beside {
                above.extend(row);
                continue;
            }
        }
        merged.push(row);
    }
    merged
}

fn line_of(glyphs: &[&Glyph], page: &Page) -> Option<Line> {
    let visible: Vec<&&Glyph> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    if visible.is_empty() {
        return None;
    }
    let size = dominant_size(visible.iter().map(|g| g.size));
    let y = visible.iter().map(|g| g.y).fold(f64::MIN, f64::max);
    let cell_gap = cell_gap(glyphs, size);
    let mut cells: Vec<Cell> = Vec::new();
    let mut words: Vec<Cell> = Vec::new();
    let mut last: Option<&Glyph> = None;
    let mut pending_space = false;
    for glyph in glyphs {
        if glyph.text.trim().is_empty() {
            pending_space = last.is_some();
            continue;
        }
        let fragment = Cell {
            x0: glyph.x,
            x1: glyph.end,
            text: glyph.text.clone(),
        };
        match last {
            None => {
                cells.push(fragment.clone());
                words.push(fragment);
            }
            Some(previous) => {
                let gap = glyph.x - previous.end;
                // Bold faked by drawing a glyph twice, slightly shifted.
                if glyph.text == previous.text && (glyph.x - previous.x).abs() < 0.1 * size {
                    continue;
                }
                let new_word = pending_space || gap > WORD_GAP * size;
                if gap > cell_gap {
                    cells.push(fragment.clone());
                } else {
                    let cell = cells
                        .last_mut()
                        .expect("a cell exists after the first glyph");
                    if new_word && !cell.text.ends_with(' ') {
                        cell.text.push(' ');
                    }
                    cell.text.push_str(&glyph.text);
                    cell.x1 = cell.x1.max(glyph.end);
                }
                if new_word || gap > cell_gap {
                    words.push(fragment);
                } else {
                    let word = words
                        .last_mut()
                        .expect("a word exists after the first glyph");
                    word.text.push_str(&glyph.text);
                    word.x1 = word.x1.max(glyph.end);
                }
            }
        }
        pending_space = false;
        last = Some(glyph);
    }
    for cell in &mut cells {
        cell.text = cell.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    cells.retain(|c| !c.text.is_empty());
    let first_word_width = first_word_width(glyphs, size);
    Some(Line {
        page: page.number,
        page_height: page.height,
        y,
        size,
        cells,
        words,
        first_word_width,
    })
}

/// The gap that separates cells on this line: wider than `CELL_GAP` font sizes, or (on a
/// line with several word spaces) well over twice its usual word space. A table of contents
/// sets its page number a little way after the title; justified text stretches all its spaces
/// alike.
fn cell_gap(glyphs: &[&Glyph], size: f64) -> f64 {
    let mut spaces: Vec<f64> = Vec::new();
    let mut previous: Option<&Glyph> = None;
    let mut pending_space = false;
    for glyph in glyphs {
        if glyph.text.trim().is_empty() {
            pending_space = previous.is_some();
            continue;
        }
        if let Some(p) = previous {
            let gap = glyph.x - p.end;
            if pending_space || gap > WORD_GAP * size {
                spaces.push(gap);
            }
        }
        pending_space = false;
        previous = Some(glyph);
    }
    if spaces.len() < 3 {
        return CELL_GAP * size;
    }
    spaces.sort_by(f64::total_cmp);
    let usual = spaces[spaces.len() / 2];
    (2.5 * usual).max(0.6 * size).min(CELL_GAP * size)
}

fn first_word_width(glyphs: &[&Glyph], size: f64) -> f64 {
    let mut start: Option<f64> = None;
    let mut end = 0.0;
    let mut previous_end: Option<f64> = None;
    for glyph in glyphs {
        let is_space = glyph.text.trim().is_empty();
        let gap = previous_end.map_or(0.0, |e| glyph.x - e);
        if start.is_some() && (is_space || gap > WORD_GAP * size) {
            break;
        }
        if !is_space {
            start.get_or_insert(glyph.x);
            end = glyph.end;
            previous_end = Some(glyph.end);
        }
    }
    start.map_or(0.0, |s| end - s)
}

/// The most frequent size, rounded to a tenth of a point.
fn dominant_size(sizes: impl Iterator<Item = f64>) -> f64 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for size in sizes {
        *counts.entry((size * 10.0).round() as i64).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(size, count)| (count, size))
        .map_or(0.0, |(size, _)| size as f64 / 10.0)
}

/// Digits stand for any number, so "Side 3 af 18" on every page is one repeated line.
fn running_key(line: &Line) -> String {
    let mut key = String::new();
    for c in line.text().to_lowercase().chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else if !c.is_whitespace() {
            key.push(c);
        }
    }
    key
}

fn is_page_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '/' || c == '-' || c == '–')
        .filter(|w| !w.is_empty())
        .collect();
    let numbers = words
        .iter()
        // A page number has at most three digits; "2022" alone is more likely a year.
        .filter(|w| w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit()))
        .count();
    let labels = words
        .iter()
        .filter(|w| matches!(**w, "side" | "page" | "s." | "af" | "of" | "ud"))
        .count();
    (1..=2).contains(&numbers) && numbers + labels == words.len()
}

fn in_margin(line: &Line) -> bool {
    let height = if line.page_height > 0.0 {
        line.page_height
    } else {
        842.0
    };
    line.y > height * (1.0 - MARGIN_ZONE) || line.y < height * MARGIN_ZONE
}

/// Drop running headers and footers: lines in the page margins that repeat (numbers aside)
/// on at least half the pages, and page numbers there.
fn remove_running_lines(pages: &mut [Vec<Line>]) {
    let page_count = pages.iter().filter(|p| !p.is_empty()).count();
    let mut seen_on: HashMap<String, HashSet<usize>> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        for line in page.iter().filter(|l| in_margin(l)) {
            seen_on.entry(running_key(line)).or_default().insert(index);
        }
    }
    let threshold = (page_count / 2).max(2);
    for page in pages.iter_mut() {
        page.retain(|line| {
            if !in_margin(line) {
                return true;
            }
            let repeated = seen_on
                .get(&running_key(line))
                .is_some_and(|p| p.len() >= threshold);
            !(repeated || is_page_number(&line.text()))
        });
    }
}

/// Every word written whole somewhere in the document: decides whether a line-end hyphen
/// split a word ("social-" + "området" → "socialområdet") or belongs to it ("a-kasserne").
fn known_words(lines: &[Line]) -> HashSet<String> {
    let mut words = HashSet::new();
    for line in lines {
        let text = line.text();
        let tokens: Vec<&str> = text.split_whitespace().collect();
        // The last token may be the split half; it is not a whole word.
        for token in tokens.iter().take(tokens.len().saturating_sub(1)) {
            let word = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if !word.is_empty() {
                words.insert(word.to_lowercase());
            }
        }
    }
    words
}

#[derive(Debug)]
enum Block {
    Paragraph {
        lines: Vec<Line>,
    },
    List {
        items: Vec<(String, Vec<Line>)>,
    },
    Table {
        rows: Vec<Line>,
        /// Continuation lines of a row's cells, by row index.
        continued: Vec<Vec<Line>>,
    },
}

fn body_size(lines: &[Line]) -> f64 {
    let mut weighted: HashMap<i64, usize> = HashMap::new();
    for line in lines {
        let chars: usize = line.cells.iter().map(|c| c.text.chars().count()).sum();
        *weighted
            .entry((line.size * 10.0).round() as i64)
            .or_default() += chars;
    }
    weighted
        .into_iter()
        .max_by_key(|&(size, count)| (count, size))
        .map_or(10.0, |(size, _)| size as f64 / 10.0)
}

/// The right edge of full lines on each page (the text block's right margin): a high
/// quantile of where body lines end, so that one line running into the margin (a long web
/// address) does not make every other line look short.
fn right_edges(lines: &[Line], body: f64) -> HashMap<u32, f64> {
    let mut ends: HashMap<u32, Vec<f64>> = HashMap::new();
    for line in lines.iter().filter(|l| (l.size - body).abs() < 0.6) {
        ends.entry(line.page).or_default().push(line.x1());
    }
    let mut edges: HashMap<u32, f64> = HashMap::new();
    for (page, mut page_ends) in ends {
        page_ends.sort_by(f64::total_cmp);
        let index = (page_ends.len() * 9 / 10).min(page_ends.len() - 1);
        edges.insert(page, page_ends[index]);
    }
    let overall = edges.values().copied().fold(f64::MIN, f64::max);
    for line in lines {
        edges.entry(line.page).or_insert(overall);
    }
    edges
}

/// Does `next` continue the paragraph whose last line is `previous`?
fn continues(previous: &Line, next: &Line, right_edge: f64) -> bool {
    if next.list_marker().is_some() || next.is_table_row() || previous.is_table_row() {
        return false;
    }
    if (previous.size - next.size).abs() > 0.6 {
        return false;
    }
    // The previous line ended early although the next line's first word would have fitted:
    // the paragraph ended there.
    let room = right_edge - previous.x1();
    if room > next.first_word_width + 0.6 * next.size {
        return false;
    }
    if previous.page == next.page {
        let pitch = previous.y - next.y;
        pitch > 0.0 && pitch <= LINE_PITCH * previous.size.max(next.size)
    } else {
        // Across a page break only a full line carries on, and only onto the next page.
        next.page == previous.page + 1
    }
}

fn blocks_of(lines: &[Line]) -> Vec<Block> {
    let body = body_size(lines);
    let edges = right_edges(lines, body);
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous: Option<&Line> = None;
    for line in lines {
        let edge = edges.get(&line.page).copied().unwrap_or(f64::MAX);
        let close = previous.is_some_and(|p| {
            p.page == line.page && p.y - line.y > 0.0 && p.y - line.y <= LINE_PITCH * p.size
        });
        let mut appended = false;
        match (blocks.last_mut(), previous) {
            (Some(Block::Paragraph { lines: para }), Some(p)) if continues(p, line, edge) => {
                para.push(line.clone());
                appended = true;
            }
            (Some(Block::List { items }), Some(p)) => {
                if let Some(marker) = line.list_marker() {
                    if close {
                        items.push((marker.to_string(), vec![line.clone()]));
                        appended = true;
                    }
                } else if let Some((_, item)) = items.last_mut() {
                    // A wrapped item goes on under its text (a hanging indent) or under its
                    // marker; never left of the marker.
                    let marker_x = item[0].x0();
                    if continues(p, line, edge) && line.x0() >= marker_x - 2.0 {
                        item.push(line.clone());
                        appended = true;
                    }
                }
            }
            (Some(Block::Table { rows, continued }), Some(_)) if close => {
                if line.is_table_row() || fills_columns(rows, line) {
                    rows.push(line.clone());
                    continued.push(Vec::new());
                    appended = true;
                } else if continues_cells(rows, continued, line, body) {
                    continued
                        .last_mut()
                        .expect("one per row")
                        .push(line.clone());
                    appended = true;
                }
            }
            _ => {}
        }
        if !appended {
            blocks.push(if let Some(marker) = line.list_marker() {
                Block::List {
                    items: vec![(marker.to_string(), vec![line.clone()])],
                }
            } else if line.is_table_row() {
                Block::Table {
                    rows: vec![line.clone()],
                    continued: vec![Vec::new()],
                }
            } else {
                Block::Paragraph {
                    lines: vec![line.clone()],
                }
            });
        }
        previous = Some(line);
    }
    blocks
}

/// The columns of a table: the spans its rows' cells cover, overlapping spans merged. Spans,
/// not left edges, so that right-aligned figures share their column.
fn columns_of(rows: &[Line]) -> Vec<(f64, f64)> {
    let mut columns: Vec<(f64, f64)> = Vec::new();
    for cell in rows.iter().flat_map(|r| r.cells.iter()) {
        let mut span = (cell.x0, cell.x1);
        // Absorb every column the cell overlaps.
        columns.retain(|&(x0, x1)| {
            let overlaps = span.0 < x1 + 1.0 && span.1 > x0 - 1.0;
            if overlaps {
                span = (span.0.min(x0), span.1.max(x1));
            }
            !overlaps
        });
        columns.push(span);
    }
    columns.sort_by(|a, b| a.0.total_cmp(&b.0));
    columns
}

/// The column a piece of text at `x0..x1` belongs to: the one it overlaps most, else the
/// nearest.
fn column_of(columns: &[(f64, f64)], x0: f64, x1: f64) -> usize {
    let overlap = |&(c0, c1): &(f64, f64)| x1.min(c1) - x0.max(c0);
    let distance = |&(c0, c1): &(f64, f64)| (c0 - x1).max(x0 - c1).max(0.0);
    let best = columns
        .iter()
        .enumerate()
        .max_by(|a, b| overlap(a.1).total_cmp(&overlap(b.1)));
    match best {
        Some((k, c)) if overlap(c) > 0.0 => k,
        _ => columns
            .iter()
            .enumerate()
            .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)))
            .map_or(0, |(k, _)| k),
    }
}

/// The room a column's text may take: up to its neighbours' spans.
fn column_room(columns: &[(f64, f64)], k: usize) -> (f64, f64) {
    let left = if k == 0 { f64::MIN } else { columns[k - 1].1 };
    let right = columns.get(k + 1).map_or(f64::MAX, |c| c.0);
    (left, right)
}

/// Does a line whose cells stand too close to be split by their gap still put its words in
/// two or more of the table's columns, none of them in the space between columns? Then it is
/// a row.
fn fills_columns(rows: &[Line], line: &Line) -> bool {
    let columns = columns_of(rows);
    let mut used: Vec<usize> = Vec::new();
    for word in &line.words {
        let k = column_of(&columns, word.x0, word.x1);
        let (c0, c1) = columns[k];
        if word.x0 < c0 - 3.0 || word.x1 > c1 + 3.0 {
            return false;
        }
        if !used.contains(&k) {
            used.push(k);
        }
    }
    used.len() >= 2
}

/// Is a line the wrapped rest of a row's cells? Only when each of its cells stays within its
/// column's room and the cell's text on the row's last line had no room for the next word; a
/// paragraph after the table runs across the columns or starts a short line of its own.
fn continues_cells(
    rows: &[Line],
    continued: &[Vec<Line>],
    line: &Line,
    body_size_hint: f64,
) -> bool {
    let columns = columns_of(rows);
    let (Some(row), Some(extra)) = (rows.last(), continued.last()) else {
        return false;
    };
    let last_line = extra.last().unwrap_or(row);
    line.cells.iter().all(|cell| {
        let k = column_of(&columns, cell.x0, cell.x1);
        let (left, right) = column_room(&columns, k);
        let within = cell.x0 > left && cell.x1 < right;
        // Where the cell's text ended on the row's last line, and where it could have gone.
        let words_here: Vec<&Cell> = last_line
            .words
            .iter()
            .filter(|w| column_of(&columns, w.x0, w.x1) == k)
            .collect();
        let limit = if right == f64::MAX {
            columns[k].1
        } else {
            right
        };
        let wrapped = words_here.last().is_some_and(|last| {
            // Set left: the next word would have run into the next column.
            let full = last.x1 + line.first_word_width + 0.3 * line.size > limit - 0.5 * line.size;
            // Set right (figures, their headings): both lines end at the same edge.
            let right_aligned = (last.x1 - columns[k].1).abs() < 2.0
                && (words_here[0].x0 - columns[k].0).abs() >= 2.0
                && (cell.x1 - last.x1).abs() < 2.0;
            // Under the cell's first word, in the table's own type size: with figures set
            // right the column's true edge is unknown, and only a type size other than the
            // body's tells this from a paragraph after the table (same size: not joined).
            let under = (cell.x0 - words_here[0].x0).abs() < 2.0
                && (line.size - last_line.size).abs() < 0.3
                && (body_size_hint - line.size).abs() >= 0.3;
            full || right_aligned || under
        });
        within && wrapped
    })
}

/// Join a wrapped line onto the text before it.
fn join_wrapped(text: &mut String, next: &str, words: &HashSet<String>) {
    if text.is_empty() {
        text.push_str(next);
        return;
    }
    if text.ends_with('\u{ad}') {
        text.pop();
        text.push_str(next);
        return;
    }
    // Lines break after a slash without a space ("ledighedsydelse/fleksjob").
    if text.ends_with('/') {
        text.push_str(next);
        return;
    }
    if text.ends_with('-') {
        let before = text[..text.len() - 1].chars().last();
        let after = next.chars().next();
        let next_word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
        let head: String = text[..text.len() - 1]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let coordination = COORDINATORS.contains(&next_word.to_lowercase().as_str());
        match (before, after) {
            (Some(b), Some(a)) if b.is_alphanumeric() && a.is_alphanumeric() && !coordination => {
                let whole = format!("{head}{next_word}").to_lowercase();
                let hyphenated = format!("{head}-{next_word}").to_lowercase();
                let split_word = b.is_lowercase()
                    && a.is_lowercase()
                    && (words.contains(&whole) || !words.contains(&hyphenated));
                if split_word {
                    text.pop();
                }
                text.push_str(next);
            }
            _ => {
                text.push(' ');
                text.push_str(next);
            }
        }
        return;
    }
    text.push(' ');
    text.push_str(next);
}

fn joined(lines: &[Line], words: &HashSet<String>) -> String {
    let mut text = String::new();
    for line in lines {
        join_wrapped(&mut text, &line.text(), words);
    }
    text
}

fn render(blocks: &[Block], words: &HashSet<String>) -> String {
    let mut out: Vec<(bool, String)> = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Paragraph { lines } => joined(lines, words),
            Block::List { items } => {
                let mut rendered = Vec::new();
                for (marker, lines) in items {
                    let mut body = String::new();
                    for (i, line) in lines.iter().enumerate() {
                        let text = line.text();
                        let text = if i == 0 {
                            text.strip_prefix(marker.as_str())
                                .unwrap_or(&text)
                                .trim_start()
                        } else {
                            &text
                        };
                        join_wrapped(&mut body, text, words);
                    }
                    let bullet = if marker.ends_with('.') || marker.ends_with(')') {
                        marker.as_str()
                    } else {
                        "•"
                    };
                    rendered.push(format!("{bullet} {body}"));
                }
                rendered.join("\n")
            }
            Block::Table { rows, continued } => render_table(rows, continued, words),
        };
        if text.trim().is_empty() {
            continue;
        }
        // Items spaced apart like paragraphs are still one list.
        let is_list = matches!(block, Block::List { .. });
        match out.last_mut() {
            Some((true, previous)) if is_list => {
                previous.push('\n');
                previous.push_str(&text);
            }
            _ => out.push((is_list, text)),
        }
    }
    let texts: Vec<String> = out.into_iter().map(|(_, text)| text).collect();
    let mut text = texts.join("\n\n");
    text.push('\n');
    text
}

/// Rows as tab-separated cells in shared columns: a row without a first cell keeps its
/// leading tab, and a cell's wrapped lines are joined onto it.
fn render_table(rows: &[Line], continued: &[Vec<Line>], words: &HashSet<String>) -> String {
    let columns = columns_of(rows);
    let mut out = Vec::new();
    for (row, extra) in rows.iter().zip(continued) {
        let mut cells = vec![String::new(); columns.len()];
        for line in std::iter::once(row).chain(extra.iter()) {
            // Words, not gap-split cells: two columns' text can stand closer than a cell gap.
            let mut line_cells = vec![String::new(); columns.len()];
            for word in &line.words {
                let cell = &mut line_cells[column_of(&columns, word.x0, word.x1)];
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&word.text);
            }
            for (cell, text) in cells.iter_mut().zip(line_cells) {
                if !text.is_empty() {
                    join_wrapped(cell, &text, words);
                }
            }
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        out.push(cells.join("\t"));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> HashSet<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    fn join(a: &str, b: &str, known: &HashSet<String>) -> String {
        let mut text = a.to_string();
        join_wrapped(&mut text, b, known);
        text
    }

    #[test]
    fn a_hyphen_that_split_a_word_is_removed() {
        let none = words(&[]);
        assert_eq!(
            join("at arbejdet struktu-", "reres med", &none),
            "at arbejdet struktureres med"
        );
    }

    #[test]
    fn a_coordinating_hyphen_keeps_its_space() {
        let none = words(&[]);
        assert_eq!(
            join("Beskæftigelses-", "og Socialudvalget", &none),
            "Beskæftigelses- og Socialudvalget"
        );
    }

    #[test]
    fn a_hyphen_between_numbers_or_before_a_capital_stays() {
        let none = words(&[]);
        assert_eq!(
            join("udvalget 2022-", "2025 d.", &none),
            "udvalget 2022-2025 d."
        );
        assert_eq!(join("via e-", "Boks", &none), "via e-Boks");
    }

    #[test]
    fn a_hyphenated_word_seen_elsewhere_keeps_its_hyphen() {
        let known = words(&["a-kasserne"]);
        assert_eq!(join("med a-", "kasserne", &known), "med a-kasserne");
    }

    proptest::proptest! {
        /// Any glyphs anywhere give text without a panic, and never three line breaks in a
        /// row or a line ending in a space.
        #[test]
        fn any_glyphs_give_tidy_text(
            glyphs in proptest::collection::vec(
                (0.0f64..600.0, 0.0f64..850.0, 0.1f64..40.0, 4.0f64..30.0,
                 proptest::sample::select(vec!["a", "Å", " ", "-", "•", "1.", "\u{ad}", "/"])),
                0..200,
            ),
            pages in 1u32..4,
        ) {
            let pages: Vec<Page> = (1..=pages)
                .map(|number| Page {
                    number,
                    width: 595.0,
                    height: 842.0,
                    glyphs: glyphs
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| (*i as u32).is_multiple_of(number))
                        .map(|(_, (x, y, width, size, text))| Glyph {
                            x: *x,
                            y: *y,
                            end: x + width,
                            size: *size,
                            text: text.to_string(),
                        })
                        .collect(),
                    ..Page::default()
                })
                .collect();
            let text = text_of(&pages);
            proptest::prop_assert!(!text.contains("\n\n\n"));
            for line in text.lines() {
                proptest::prop_assert!(!line.ends_with(' '), "{:?}", line);
            }
        }
    }

    #[test]
    fn page_numbers_are_recognised() {
        assert!(is_page_number("Side 3 af 18"));
        assert!(is_page_number("3"));
        assert!(is_page_number("- 12 -"));
        assert!(is_page_number("4/27"));
        assert!(!is_page_number("Punkt 3"));
        assert!(!is_page_number("2022"));
    }
}
