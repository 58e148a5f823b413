//! Every DKK amount in an item's title and sections as a typed, traceable row (issue #4).
//!
//! Minutes are full of money — grants applied for, budgets, overspends, savings — and the
//! `amounts` table lets a researcher ask "how much did this committee approve for X in 2023?".
//! Each row keeps the amount as written, its exact value (rust_decimal, never a float), the
//! sentence it stands in and its character offset into the section text, so every value can be
//! checked against its source.
//!
//! Submodules: [`number`] reads Danish numbers, [`prose`] finds amounts in running text,
//! [`tables`] reads tab-separated tables (with [`headers`] telling what their headers name),
//! [`sentence`] finds the sentence, years, "per year" and "ca." around an amount.

pub mod groups;
pub mod headers;
pub mod number;
pub mod prose;
pub mod scan;
pub mod sentence;
pub mod tables;

use rust_decimal::Decimal;

use std::borrow::Cow;

use super::{section_text, ItemContext};
use crate::model::{ParsedItem, SectionKind};
use crate::rows::AmountRow;
use sentence::{a_ring_words, per_in, tidy_context, years_named, Per, Sentences};

/// The value of an amount: one number, or a range ("45-50 mio. kr.").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountValue {
    Exact(Decimal),
    Range(Decimal, Decimal),
}

/// An amount found in a text, before it becomes a row. Offsets are bytes into the text.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundAmount {
    pub start: usize,
    pub end: usize,
    /// The amount as written (may hold a line break the extractor left inside it).
    pub raw_text: String,
    pub value: AmountValue,
    pub approximate: bool,
    pub per: Option<Per>,
    pub years: Vec<i32>,
    pub context: String,
    pub table_row_label: Option<String>,
    pub table_column_header: Option<String>,
}

/// The section name used for amounts in the item's title.
pub const TITLE_SECTION: &str = "title";

/// How far past an amount (in bytes) "årligt"/"om året" is looked for.
const PER_WINDOW_AFTER: usize = 40;
/// How far before an amount "på årligt 4 mio. kr." is looked for.
const PER_WINDOW_BEFORE: usize = 80;

/// The amounts of one agenda item: its title, then each kind of section in document order.
/// Sections of one kind are joined with a blank line, exactly as the `items` table joins them,
/// so `char_offset` points into the text a reader finds in `items.<section>`.
pub fn extract(ctx: &ItemContext, item: &ParsedItem) -> Vec<AmountRow> {
    let found = ItemAmounts::find(item);
    let mut rows = Vec::with_capacity(found.len());
    found.push_rows(ctx, &mut rows);
    rows
}

/// The amounts found in one item, before they become rows ([`extract`] in two steps): a
/// document's items are all read first, so that its rows are pushed onto a vector sized once
/// (grown as they came, the rows were copied about once more each).
pub struct ItemAmounts<'i> {
    /// Each section with amounts: its name, its text and the amounts, in [`extract`]'s order.
    sections: Vec<(&'static str, Cow<'i, str>, Vec<FoundAmount>)>,
}

impl<'i> ItemAmounts<'i> {
    pub fn find(item: &'i ParsedItem) -> ItemAmounts<'i> {
        let mut sections = Vec::new();
        let mut add = |name: &'static str, text: Cow<'i, str>| {
            let found = find_amounts(&text);
            if !found.is_empty() {
                sections.push((name, text, found));
            }
        };
        add(TITLE_SECTION, Cow::Borrowed(item.title.as_str()));
        let mut kinds: Vec<SectionKind> = Vec::new();
        for section in &item.sections {
            if !kinds.contains(&section.kind) {
                kinds.push(section.kind);
            }
        }
        for kind in kinds {
            if let Some(text) = section_text(item, kind) {
                add(kind.as_str(), text);
            }
        }
        ItemAmounts { sections }
    }

    /// How many rows [`ItemAmounts::push_rows`] pushes.
    pub fn len(&self) -> usize {
        self.sections.iter().map(|(_, _, found)| found.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The rows, pushed onto `rows` in order.
    pub fn push_rows(self, ctx: &ItemContext, rows: &mut Vec<AmountRow>) {
        for (section, text, found) in self.sections {
            push_rows(ctx, section, &text, found, rows);
        }
    }
}

fn push_rows(
    ctx: &ItemContext,
    section: &str,
    text: &str,
    found: Vec<FoundAmount>,
    rows: &mut Vec<AmountRow>,
) {
    rows.reserve(found.len());
    let mut chars_before = 0usize;
    let mut byte_cursor = 0usize;
    for amount in found {
        // Amounts come sorted by start, so one forward walk turns bytes into characters.
        chars_before += text[byte_cursor..amount.start].chars().count();
        byte_cursor = amount.start;
        let (amount_dkk, low_dkk, high_dkk) = match amount.value {
            AmountValue::Exact(v) => (Some(v), None, None),
            AmountValue::Range(low, high) => (None, Some(low), Some(high)),
        };
        rows.push(AmountRow {
            amount_id: amount_id(&ctx.item_id, section, chars_before),
            item_id: ctx.item_id.clone(),
            meeting_id: ctx.meeting_id.clone(),
            section: section.to_string(),
            raw_text: amount.raw_text,
            amount_dkk,
            low_dkk,
            high_dkk,
            approximate: amount.approximate,
            per: amount.per.map(|p| p.as_str().to_string()),
            years: (!amount.years.is_empty()).then_some(amount.years),
            context: amount.context,
            char_offset: chars_before as i64,
            table_row_label: amount.table_row_label,
            table_column_header: amount.table_column_header,
        });
    }
}

/// `{item_id}/{section}/{chars_before}`, built by hand: through `format!` it cost more than
/// the rest of making a row.
fn amount_id(item_id: &str, section: &str, chars_before: usize) -> String {
    // usize::MAX has 20 decimal digits.
    let mut digits = [0u8; 20];
    let mut first = digits.len();
    let mut rest = chars_before;
    loop {
        first -= 1;
        digits[first] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let number = std::str::from_utf8(&digits[first..]).expect("ASCII digits");
    let mut id = String::with_capacity(item_id.len() + section.len() + number.len() + 2);
    id.push_str(item_id);
    id.push('/');
    id.push_str(section);
    id.push('/');
    id.push_str(number);
    id
}

/// Every amount in a text, sorted by position, one per position. Pure; the unit tests and the
/// corpus tests call it directly.
pub fn find_amounts(text: &str) -> Vec<FoundAmount> {
    // Every amount has a digit (`\d` is Unicode: `is_numeric` is a superset); most sections
    // have none, and splitting those into sentences was 5 % of a run.
    if !scan::holds_a_numeric(text) {
        return Vec::new();
    }
    let sentences = Sentences::new(text);
    let landmarks = scan::Landmarks::of(text);
    let tables = tables::find(text, &landmarks.kr, landmarks.holds_a_tab);
    let prose = prose::find(text, &landmarks.unit_words, &sentences);
    let spans: Vec<(usize, usize)> = prose.iter().map(|a| (a.start, a.end)).collect();

    let mut found: Vec<FoundAmount> = Vec::with_capacity(prose.len() + tables.amounts.len());
    // The last sentence worked out, and the amount in `found` that holds its years and context.
    let mut last_sentence: Option<((usize, usize), usize)> = None;
    for (index, amount) in prose.iter().enumerate() {
        // Cells are in text order: the only candidate is the last one starting at or before.
        let candidate = tables.cells.partition_point(|c| c.start <= amount.start);
        let cell = candidate
            .checked_sub(1)
            .map(|i| &tables.cells[i])
            .filter(|c| amount.end <= c.end);
        let (context, years, per) = match cell {
            Some(cell) => {
                let mut years = years_named(cell.row_text, &[]);
                if let Some(h) = cell.column_header {
                    years.extend(years_named(h, &[]));
                }
                years.sort_unstable();
                years.dedup();
                (
                    cell.row_text.to_string(),
                    years,
                    per_around(text, &spans, index),
                )
            }
            None => {
                let sentence = sentences.around(amount.start, amount.end);
                // Amounts often share a sentence with the one before; its years and context
                // depend only on the sentence (and every amount's span), so they are reused.
                let (years, context) = match last_sentence {
                    Some((at, holder)) if at == sentence => {
                        let holder: &FoundAmount = &found[holder];
                        (holder.years.clone(), holder.context.clone())
                    }
                    _ => {
                        let (s, e) = sentence;
                        let local: Vec<(usize, usize)> = spans
                            .iter()
                            .filter(|&&(a, b)| a < e && s < b)
                            .map(|&(a, b)| (a.max(s) - s, b.min(e) - s))
                            .collect();
                        let years = years_named(&text[s..e], &local);
                        let context = tidy_context(&text[s..e]);
                        // This amount is pushed next, at `found.len()`.
                        last_sentence = Some((sentence, found.len()));
                        (years, context)
                    }
                };
                (context, years, per_around(text, &spans, index))
            }
        };
        found.push(FoundAmount {
            start: amount.start,
            end: amount.end,
            raw_text: text[amount.start..amount.end].to_string(),
            value: amount.value,
            approximate: amount.approximate,
            per,
            years,
            context,
            table_row_label: cell.and_then(|c| c.row_label.map(str::to_string)),
            table_column_header: cell.and_then(|c| c.column_header.map(str::to_string)),
        });
    }
    for amount in tables.amounts {
        let cell = amount.cell;
        if spans.iter().any(|&(s, e)| s < cell.end && cell.start < e) {
            continue;
        }
        found.push(FoundAmount {
            start: cell.start,
            end: cell.end,
            raw_text: text[cell.start..cell.end].to_string(),
            value: amount.value,
            approximate: false,
            per: amount.per,
            years: amount.years,
            context: cell.row_text,
            table_row_label: cell.row_label,
            table_column_header: cell.column_header,
        });
    }
    found.sort_by_key(|a| a.start);
    found.dedup_by_key(|a| a.start);
    found
}

/// "årligt"/"om året" right after the amount (before the next amount, the end of the clause),
/// or right before it ("på årligt 4 mio. kr."), back to the previous amount or clause start.
fn per_around(text: &str, spans: &[(usize, usize)], index: usize) -> Option<Per> {
    per_around_gated(text, spans, index, true)
}

/// [`per_around`], with the gate on "år"/"ån" or (for the tests, as the oracle) without.
fn per_around_gated(text: &str, spans: &[(usize, usize)], index: usize, gate: bool) -> Option<Per> {
    let (start, end) = spans[index];
    let mut after_end = end + PER_WINDOW_AFTER;
    if let Some(&(next_start, _)) = spans.get(index + 1) {
        after_end = after_end.min(next_start);
    }
    let after_end = text.floor_char_boundary_compat(after_end);
    let mut before_start = start.saturating_sub(PER_WINDOW_BEFORE);
    if index > 0 {
        before_start = before_start.max(spans[index - 1].1);
    }
    while !text.is_char_boundary(before_start) {
        before_start += 1;
    }
    // Both windows below are parts of `before_start..after_end`, and `per_in` finds nothing in
    // a text without "år" or "ån" (see `a_ring_words`), which a part holds only if the whole
    // does: most amounts have neither near them, and then the windows need not be cut (the
    // clause's end, a walk char by char, is looked for only after this test).
    if gate && a_ring_words(&text[before_start..after_end]) == (false, false) {
        return None;
    }
    let after = &text[end..after_end];
    let after = &after[..clause_end(after)];
    let before = &text[before_start..start];
    // The marks are ASCII: a byte search finds what `rfind` with the chars finds.
    let before = before
        .bytes()
        .rposition(|b| matches!(b, b',' | b';' | b'\n' | b':'))
        .map_or(before, |cut| &before[cut + 1..]);
    // `rfind(". ")` by bytes: the pair is ASCII.
    let last_dot_space = before.as_bytes().windows(2).rposition(|pair| pair == b". ");
    let before = match last_dot_space {
        Some(cut) if ends_sentence(&before[..cut]) => &before[cut + 1..],
        _ => before,
    };
    per_in(after).or_else(|| per_in(before))
}

/// Where the clause that starts `text` ends: at ',', ';', ':', '(' or a line break, or at a dot
/// followed by a capital ("kr. I 2021"), but not at "pr." in "pr. barn pr. måned".
fn clause_end(text: &str) -> usize {
    for (i, c) in text.char_indices() {
        match c {
            ',' | ';' | ':' | '(' | '\n' => return i,
            '.' => {
                let rest = text[i + 1..].trim_start();
                if rest.chars().next().is_some_and(char::is_uppercase) {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Whether a dot after this text ends a sentence (it does not after "mio", "kr", "ca").
fn ends_sentence(before_dot: &str) -> bool {
    const NOT_ENDING: [&str; 9] = ["mio", "mia", "kr", "ca", "pr", "tkr", "bl", "a", "jf"];
    let word = before_dot
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    if word.is_ascii() {
        // An ASCII word lower-cases byte by byte: no copy needed to compare it.
        return !NOT_ENDING.iter().any(|w| w.eq_ignore_ascii_case(word));
    }
    // A non-ASCII word may still lower-case to one of them (the Kelvin sign gives 'k').
    !NOT_ENDING.contains(&word.to_lowercase().as_str())
}

/// `str::floor_char_boundary` is not stable on our minimum Rust version.
trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, index: usize) -> usize {
        let mut i = index.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests;
