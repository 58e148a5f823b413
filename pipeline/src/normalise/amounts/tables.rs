//! Amounts in tables: rows kept as tab-separated lines by the parser.
//!
//! A cell is money when its column header, its row label, the table's corner cell or the line
//! above the table names money ("Beløb", "Budgetteret gevinst", "mio. kr.") and neither its
//! column header nor its row label names a count ("Antal", "Andel", "borgere"). The unit
//! written in a header ("i 1.000 kr.", "mio. kr.") scales the cells; the nearest wins: column
//! header, then row label, then corner, then the line above.

use std::cell::OnceCell;
#[cfg(test)]
use std::sync::LazyLock;

#[cfg(test)]
use regex::Regex;
use rust_decimal::Decimal;

use super::headers::{
    names_billion, names_count, names_kroner, names_million, names_money, names_thousand,
};
use super::number::{parse_danish_number, scaled};
use super::sentence::{per_in, years_named, Per};
use super::AmountValue;

/// One cell of a table row; byte offsets of its trimmed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCell {
    pub start: usize,
    pub end: usize,
    pub row_label: Option<String>,
    pub column_header: Option<String>,
    /// The whole row, for the `context` column.
    pub row_text: String,
}

/// An amount read from a table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct TableAmount {
    pub cell: TableCell,
    pub value: AmountValue,
    pub per: Option<Per>,
    pub years: Vec<i32>,
}

/// A value cell as it stands in the text: [`TableCell`] borrowing its texts. Most value cells
/// hold no amount, and copying the texts of every one cost more than reading the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellSpan<'t> {
    pub start: usize,
    pub end: usize,
    pub row_label: Option<&'t str>,
    pub column_header: Option<&'t str>,
    pub row_text: &'t str,
}

impl CellSpan<'_> {
    /// The cell with its own copies of the texts.
    pub fn to_cell(&self) -> TableCell {
        TableCell {
            start: self.start,
            end: self.end,
            row_label: self.row_label.map(str::to_string),
            column_header: self.column_header.map(str::to_string),
            row_text: self.row_text.to_string(),
        }
    }
}

/// What the tables of a text hold: every value cell (so an amount the prose finder read inside
/// a cell gets its label and header) and the amounts in money cells.
#[derive(Debug, Default)]
pub struct Tables<'t> {
    pub cells: Vec<CellSpan<'t>>,
    pub amounts: Vec<TableAmount>,
}

/// The scale a header's unit gives, if it names one.
fn unit_scale(header: &str) -> Option<Decimal> {
    if names_billion(header) {
        Some(Decimal::from(1_000_000_000_i64))
    } else if names_million(header) {
        Some(Decimal::from(1_000_000_i64))
    } else if names_thousand(header) {
        Some(Decimal::from(1_000_i64))
    } else if names_kroner(header) {
        Some(Decimal::ONE)
    } else {
        None
    }
}

/// A line split at its tabs: (start, end) of each cell's trimmed text.
fn split_cells(text: &str, line_start: usize, line: &str) -> Vec<(usize, usize)> {
    let mut cells = Vec::new();
    let mut offset = line_start;
    for part in line.split('\t') {
        let leading = part.len() - part.trim_start().len();
        let trimmed = part.trim();
        let start = offset + leading;
        cells.push((start, start + trimmed.len()));
        offset += part.len() + 1;
    }
    debug_assert!(cells
        .iter()
        .all(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e)));
    cells
}

/// Whether a row is a header: its cells after the first hold no number other than a year
/// ("2022\t2023\t2024", "Antal\tAndel", "2023 (jan-jul)").
fn is_header_row(text: &str, cells: &[(usize, usize)]) -> bool {
    cells.iter().skip(1).all(|&(s, e)| {
        let cell = &text[s..e];
        let starts_with_year = cell.get(..4).is_some_and(looks_like_year)
            && !cell[4..].starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
        starts_with_year || !cell.bytes().any(|b| b.is_ascii_digit())
    })
}

/// Whether every column header after the corner is a year ("2025\t2026\t2027").
fn columns_are_years(text: &str, header: &[(usize, usize)]) -> bool {
    header.len() > 1
        && header
            .iter()
            .skip(1)
            .all(|&(s, e)| text[s..e].get(..4).is_some_and(looks_like_year))
}

fn looks_like_year(cell: &str) -> bool {
    let digits = cell.trim_end_matches('*');
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
}

/// A cell's number: a Danish number, perhaps with a footnote star; never a percentage.
fn parse_cell_number(cell: &str) -> Option<Decimal> {
    if cell.contains('%') {
        return None;
    }
    parse_danish_number(cell.trim_end_matches('*').trim())
}

/// Find the tab-separated tables of `text`. A table is a run of tab-separated lines (blank
/// lines between them allowed); its first row is its header unless it holds numbers, and a
/// later all-text row starts a new header (two stacked tables sharing a title).
/// `kr` are the matches of `(?i)kr` in the text ([`super::scan::Landmarks::kr`]), and
/// `holds_a_tab` whether it holds a tab ([`super::scan::Landmarks::holds_a_tab`]).
pub fn find<'t>(text: &'t str, kr: &[(usize, usize)], holds_a_tab: bool) -> Tables<'t> {
    let mut tables = Tables::default();
    // A table row holds a tab; without one only the flattened tables can hold amounts.
    if !holds_a_tab {
        tables.amounts = find_flattened(text, kr);
        return tables;
    }
    let mut walk = TableWalk::default();
    // The walk goes from tab to tab instead of line by line: a line without a tab is blank or
    // plain, and all that plain lines do is end the table and leave the last of them as the
    // next table's title. So the lines between two lines with tabs count only through their
    // last non-blank line (if any), and those after the last tab not at all.
    // Start of the first line not yet looked at.
    let mut unread = 0;
    while let Some(tab) = text.get(unread..).and_then(|rest| rest.find('\t')) {
        let tab = unread + tab;
        let this_start = text[..tab].rfind('\n').map_or(0, |i| i + 1);
        let this_end = text[tab..].find('\n').map_or(text.len(), |i| tab + i);
        if let Some(plain) = text[unread..this_start]
            .rsplit('\n')
            .map(str::trim)
            .find(|l| !l.is_empty())
        {
            walk.plain_line(plain);
        }
        unread = this_end + 1;
        let line = &text[this_start..this_end];
        if !line.trim().is_empty() {
            walk.tab_line(text, this_start, line, &mut tables);
        }
    }
    tables.amounts.extend(find_flattened(text, kr));
    tables
}

/// What a header text (a column header, the corner, the title) says, each answer worked out
/// when first asked: the same header stands over every row of its table, and the tests are
/// pure, so asking them once per table instead of once per row changes nothing but the time.
#[derive(Default)]
struct HeaderFacts {
    count: OnceCell<bool>,
    scale: OnceCell<Option<Decimal>>,
    money: OnceCell<bool>,
    kroner: OnceCell<bool>,
}

impl HeaderFacts {
    fn names_count(&self, text: &str) -> bool {
        *self.count.get_or_init(|| names_count(text))
    }
    fn unit_scale(&self, text: &str) -> Option<Decimal> {
        *self.scale.get_or_init(|| unit_scale(text))
    }
    fn names_money(&self, text: &str) -> bool {
        *self.money.get_or_init(|| names_money(text))
    }
    fn names_kroner(&self, text: &str) -> bool {
        *self.kroner.get_or_init(|| names_kroner(text))
    }
}

/// Where a walk over a text's table lines is: whether it is in a table, that table's title
/// and header row, and the last plain line passed (the title of a table starting next).
#[derive(Default)]
struct TableWalk<'t> {
    in_table: bool,
    header: Vec<(usize, usize)>,
    /// What each cell of `header` says, in the same order.
    header_facts: Vec<HeaderFacts>,
    title: Option<&'t str>,
    /// What `title` says.
    title_facts: HeaderFacts,
    previous_plain_line: Option<&'t str>,
}

impl<'t> TableWalk<'t> {
    /// A non-blank line without a tab (trimmed): it ends the table.
    fn plain_line(&mut self, line: &'t str) {
        self.in_table = false;
        self.previous_plain_line = Some(line);
    }

    /// A non-blank line with a tab, starting at `start` in `text`: the first of a table, a
    /// header row, or a row whose amounts go into `tables`.
    fn tab_line(&mut self, text: &'t str, start: usize, line: &'t str, tables: &mut Tables<'t>) {
        let cells = split_cells(text, start, line);
        if !self.in_table {
            self.in_table = true;
            // The line above a table often says what it holds ("Tabel 1. ... (mio. kr.)").
            self.title = self
                .previous_plain_line
                .filter(|l| l.chars().count() <= 160);
            self.title_facts = HeaderFacts::default();
            self.header.clear();
            self.header_facts.clear();
        }
        if is_header_row(text, &cells) {
            self.header_facts = cells.iter().map(|_| HeaderFacts::default()).collect();
            self.header = cells;
        } else {
            let header = Header {
                cells: &self.header,
                facts: &self.header_facts,
                title: self.title,
                title_facts: &self.title_facts,
            };
            read_row(text, line, &cells, &header, tables);
        }
    }
}

/// The header row over a table row, the table's title and what each says.
struct Header<'w, 't> {
    cells: &'w [(usize, usize)],
    facts: &'w [HeaderFacts],
    title: Option<&'t str>,
    title_facts: &'w HeaderFacts,
}

fn read_row<'t>(
    text: &'t str,
    line: &'t str,
    cells: &[(usize, usize)],
    header_row: &Header<'_, 't>,
    tables: &mut Tables<'t>,
) {
    let header = header_row.cells;
    let cell_text = |c: &(usize, usize)| &text[c.0..c.1];
    let label = cells.first().map(cell_text).unwrap_or_default();
    let label = label.strip_prefix("- ").unwrap_or(label);
    let corner = header.first().map(cell_text).unwrap_or_default();
    let title = header_row.title.unwrap_or_default();
    // What the row label says is the same for every cell of the row, and what the corner, the
    // title and each column header say the same for every row under them: each is worked out
    // once, when a cell first needs it (the tests are pure, so when and how often they run
    // changes nothing but the time). A missing or empty header is asked afresh (it is "").
    let label_is_count = OnceCell::new();
    let label_scale = OnceCell::new();
    let label_names_money = OnceCell::new();
    let no_header = HeaderFacts::default();
    let corner_facts = header_row.facts.first().unwrap_or(&no_header);
    let title_facts = header_row.title_facts;
    for (column, cell) in cells.iter().enumerate().skip(1) {
        if cell.0 == cell.1 {
            continue;
        }
        let column_header = header.get(column).map(cell_text).filter(|h| !h.is_empty());
        let colh = column_header.unwrap_or_default();
        let fresh = HeaderFacts::default();
        let colh_facts = match column_header {
            Some(_) => &header_row.facts[column],
            None => &fresh,
        };
        let table_cell = CellSpan {
            start: cell.0,
            end: cell.1,
            row_label: (!label.is_empty()).then_some(label),
            column_header,
            row_text: line.trim(),
        };
        // Every value cell is kept; a money cell's copy goes with its amount. Only a cell that
        // holds an amount is copied: most cells are counts or text.
        let found = 'money: {
            if colh_facts.names_count(colh) || *label_is_count.get_or_init(|| names_count(label)) {
                break 'money None;
            }
            let label_scale = *label_scale.get_or_init(|| unit_scale(label));
            let colh_scale = colh_facts.unit_scale(colh);
            let corner_scale = corner_facts.unit_scale(corner);
            // A row label's money word ("Merudgifter") counts only in a table over years: in a
            // table of case counts it names a category, not a unit.
            let money = colh_scale.is_some()
                || colh_facts.names_money(colh)
                || *label_names_money.get_or_init(|| {
                    label_scale.is_some() || (names_money(label) && columns_are_years(text, header))
                })
                || corner_scale.is_some()
                || corner_facts.names_money(corner)
                || title_facts.names_kroner(title);
            if !money {
                break 'money None;
            }
            let scale = colh_scale
                .or(label_scale)
                .or(corner_scale)
                .or_else(|| title_facts.unit_scale(title))
                .unwrap_or(Decimal::ONE);
            let Some(value) = parse_cell_number(cell_text(cell)).and_then(|v| scaled(v, scale))
            else {
                break 'money None;
            };
            let mut years = years_named(colh, &[]);
            years.extend(years_named(label, &[]));
            years.sort_unstable();
            years.dedup();
            let per = per_in(&format!("{colh} {label} {corner}"));
            Some((value, per, years))
        };
        match found {
            Some((value, per, years)) => {
                tables.cells.push(table_cell);
                tables.amounts.push(TableAmount {
                    cell: table_cell.to_cell(),
                    value: AmountValue::Exact(value),
                    per,
                    years,
                });
            }
            None => tables.cells.push(table_cell),
        }
    }
}

/// A line that states the unit of the table under it, as PDF text keeps it once the columns
/// are flattened to spaces: "Samlede midler til frivilligt socialt arbejde (kr.)", "Årstal
/// Hovedpuljen (kr.) Ansøgt Beløb", "Udgifter i 1.000 kr.". The pattern
/// [`states_a_unit`] reads by hand and is tested against.
#[cfg(test)]
static FLATTENED_UNIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\((?:i\s+)?(?:1\.000\s*|mio\.\s*|mia\.\s*|t\.\s?)?kr\.?\)",
        r"|(?-u:\b)i\s+(?:1\.000|mio\.|mia\.)?\s*kr\.?\s*$",
        r"|^(?:1\.000\s+|mio\.\s*|mia\.\s*|t\.\s?)?kr\.?$",
    ))
    .expect("regex")
});

/// Whether [`FLATTENED_UNIT_LINE`] matches `line`, read by hand (its Unicode `\s` under `(?i)`
/// cost ~2.6 M instructions to build per run). Only whether there is a match matters, not
/// which, so each part of an alternative gives every position it can end at (the sets stay
/// tiny: only the blanks can be taken more ways than one) and an alternative matches when its
/// last part ends somewhere (or at the end, after `$`). `\s` is White_Space, as
/// `char::is_whitespace`; under `(?i)` the letters here fold only with their other ASCII case,
/// 'k' also with the Kelvin sign (a test checks every char), the digits and marks with nothing.
fn states_a_unit(line: &str) -> bool {
    // (?:1\.000\s*|mio\.\s*|mia\.\s*|t\.\s?)? then kr\.? — the scale of the first and last
    // alternatives (`thousand_blanks` is `\s*` in the first, `\s+` in the last).
    let unit = |starts: Vec<usize>, thousand_blanks: usize| {
        let mut scaled = starts.clone();
        scaled.extend(blanks(
            line,
            after(line, &starts, "1.000"),
            thousand_blanks,
            None,
        ));
        scaled.extend(blanks(line, after(line, &starts, "mio."), 0, None));
        scaled.extend(blanks(line, after(line, &starts, "mia."), 0, None));
        scaled.extend(blanks(line, after(line, &starts, "t."), 0, Some(1)));
        let kr = after(line, &scaled, "kr");
        let mut ends = after(line, &kr, ".");
        ends.extend(kr);
        ends
    };
    // \((?:i\s+)? then the unit, then \).
    let in_brackets = line.match_indices('(').any(|(at, _)| {
        let mut starts = vec![at + 1];
        starts.extend(blanks(line, after(line, &[at + 1], "i"), 1, None));
        !after(line, &unit(starts, 0), ")").is_empty()
    });
    // (?-u:\b)i\s+(?:1\.000|mio\.|mia\.)?\s*kr\.?\s*$
    let after_i = || {
        let bytes = line.as_bytes();
        (0..line.len()).any(|at| {
            let bounded =
                at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            if !bounded || !bytes[at].eq_ignore_ascii_case(&b'i') {
                return false;
            }
            let spaced = blanks(line, vec![at + 1], 1, None);
            let mut scaled = spaced.clone();
            for word in ["1.000", "mio.", "mia."] {
                scaled.extend(after(line, &spaced, word));
            }
            let kr = after(line, &blanks(line, scaled, 0, None), "kr");
            let mut ends = after(line, &kr, ".");
            ends.extend(kr);
            blanks(line, ends, 0, None).contains(&line.len())
        })
    };
    // ^(?:1\.000\s+|mio\.\s*|mia\.\s*|t\.\s?)?kr\.?$
    let whole = || unit(vec![0], 1).contains(&line.len());
    in_brackets || after_i() || whole()
}

/// Where `word` ends when it starts at one of `starts`, compared as `(?i)` does (see
/// [`states_a_unit`]).
fn after(line: &str, starts: &[usize], word: &str) -> Vec<usize> {
    starts
        .iter()
        .filter_map(|&at| {
            let mut end = at;
            for want in word.chars() {
                let c = line.get(end..)?.chars().next()?;
                let folded = if c == '\u{212A}' {
                    'k'
                } else {
                    c.to_ascii_lowercase()
                };
                if folded != want {
                    return None;
                }
                end += c.len_utf8();
            }
            Some(end)
        })
        .collect()
}

/// Where `\s{min,max}` can end when it starts at one of `starts`: every count of blanks from
/// `min` up to `max` (or all there are), each position once.
fn blanks(line: &str, starts: Vec<usize>, min: usize, max: Option<usize>) -> Vec<usize> {
    let mut ends = Vec::new();
    for at in starts {
        let mut end = at;
        let mut count = 0;
        loop {
            if count >= min && !ends.contains(&end) {
                ends.push(end);
            }
            if max.is_some_and(|max| count >= max) {
                break;
            }
            match line[end..].chars().next() {
                Some(c) if c.is_whitespace() => {
                    end += c.len_utf8();
                    count += 1;
                }
                _ => break,
            }
        }
    }
    ends
}

/// The most characters a unit line or a row of a flattened table may have; longer is prose.
const FLATTENED_MAX_LINE: usize = 140;

/// Tables the PDF extraction flattened to spaces: after a line stating the unit, each line
/// "<label> <number> [<number>...] [<text>]" gives its numbers as amounts. Only numbers in the
/// line's last run of numbers count, leading years belong to the label ("2021 1.918.843
/// 1.084.000", "Midler til uddeling i § 18 Hovedpuljen 2023 3.179.537"), and the table ends
/// at the first line that reads as a sentence. The column header recorded is the unit line.
///
/// `kr` are where "kr" in any case the way `(?i)` folds it starts and ends, in order
/// ([`super::scan::Landmarks::kr`]): every alternative of [`FLATTENED_UNIT_LINE`] holds one ("kr" cannot
/// span a line break; the Kelvin sign that `(?i)` folds with 'k' makes some 4 bytes long).
pub fn find_flattened(text: &str, kr: &[(usize, usize)]) -> Vec<TableAmount> {
    let mut amounts = Vec::new();
    if kr.is_empty() {
        return amounts;
    }
    // The first "kr" not before the line at hand.
    let mut next_kr = 0;
    let mut heading: Option<(&str, Decimal)> = None;
    let mut line_start = 0;
    loop {
        while kr.get(next_kr).is_some_and(|&(at, _)| at < line_start) {
            next_kr += 1;
        }
        // Outside a table only a unit line matters, and every unit line holds "kr": a line
        // without it changes nothing (the steps below would only set `heading` to None), so
        // the walk jumps to the line of the next "kr" (or stops when there is none).
        if heading.is_none() {
            // Nor does a line whose "kr"s all fail [`kr_closes_a_unit`] (the unit line test
            // needs one that passes): the walk skips those "kr"s without finding their lines.
            while kr
                .get(next_kr)
                .is_some_and(|&(_, end)| !kr_may_close_its_line(text, end))
            {
                next_kr += 1;
            }
            let Some(&(at, _)) = kr.get(next_kr) else {
                break;
            };
            line_start = text[..at].rfind('\n').map_or(0, |i| i + 1).max(line_start);
        }
        let this_start = line_start;
        let line_end = text[this_start..]
            .find('\n')
            .map_or(text.len(), |i| this_start + i);
        let line = &text[this_start..line_end];
        let last_line = line_end == text.len();
        line_start = line_end + 1;
        let line_kr = &kr[next_kr..];
        let line_kr = &line_kr[..line_kr.partition_point(|&(at, _)| at < line_end)];
        read_flattened_line(text, this_start, line, line_kr, &mut heading, &mut amounts);
        if last_line {
            break;
        }
    }
    amounts
}

/// One line of [`find_flattened`]'s walk; `line_kr` are the "kr"s in it.
fn read_flattened_line<'t>(
    text: &'t str,
    this_start: usize,
    line: &'t str,
    line_kr: &[(usize, usize)],
    heading: &mut Option<(&'t str, Decimal)>,
    amounts: &mut Vec<TableAmount>,
) {
    let may_state_unit = !line_kr.is_empty();
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return;
    }
    // Up to FLATTENED_MAX_LINE bytes are surely as few chars; in longer lines the count stops
    // at the first char past the limit. Both tests lead to the same, so their order is free.
    if (trimmed.len() > FLATTENED_MAX_LINE && trimmed.chars().nth(FLATTENED_MAX_LINE).is_some())
        || line.contains('\t')
    {
        *heading = None;
        return;
    }
    if may_state_unit
        && kr_closes_a_unit(text, this_start + line.trim_end().len(), line_kr)
        && states_a_unit(trimmed)
        && !trimmed.contains(". ")
    {
        *heading = Some((trimmed, unit_scale(trimmed).unwrap_or(Decimal::ONE)));
        if last_number_run(line).is_none() {
            return;
        }
    }
    let Some((heading_line, scale)) = *heading else {
        return;
    };
    if trimmed.contains(". ") || trimmed.ends_with(['.', ':', '?', '!']) {
        *heading = None;
        return;
    }
    push_row_amounts(line, trimmed, this_start, (heading_line, scale), amounts);
}

/// The amounts of a table row (`line`, `trimmed` its trimmed text) under a unit line
/// (`heading`: the line and its scale): the numbers of the line's last run, labelled by the text
/// before it.
fn push_row_amounts(
    line: &str,
    trimmed: &str,
    this_start: usize,
    (heading_line, scale): (&str, Decimal),
    amounts: &mut Vec<TableAmount>,
) {
    let Some(run) = last_number_run(line) else {
        return;
    };
    let label = line[..run.label_end].trim();
    let years = years_named(label, &[]);
    for (start, end) in run.numbers {
        let Some(value) = parse_danish_number(&line[start..end]).and_then(|v| scaled(v, scale))
        else {
            continue;
        };
        amounts.push(TableAmount {
            cell: TableCell {
                start: this_start + start,
                end: this_start + end,
                row_label: (!label.is_empty()).then(|| label.to_string()),
                column_header: Some(heading_line.to_string()),
                row_text: trimmed.to_string(),
            },
            value: AmountValue::Exact(value),
            per: None,
            years: years.clone(),
        });
    }
}

/// Whether one of a line's "kr"s is followed, after an optional '.', by ')' or by the end of
/// the trimmed line (`trimmed_end`). Every match of [`FLATTENED_UNIT_LINE`] needs one: its
/// first alternative ends in `kr\.?\)`, the other two in `kr\.?\s*$` (`\s` and `str::trim`
/// both mean Unicode White_Space, so `\s*$` is the end of the trimmed line). Each "kr" of a
/// match is one of `line_kr` (two "kr"s cannot overlap). Most lines with "kr" are prose with
/// an amount ("... 5 mio. kr. til ..."): this turns them away before the regex runs.
fn kr_closes_a_unit(text: &str, trimmed_end: usize, line_kr: &[(usize, usize)]) -> bool {
    line_kr.iter().any(|&(_, end)| {
        let rest = &text[end.min(trimmed_end)..trimmed_end];
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        rest.is_empty() || rest.starts_with(')')
    })
}

/// [`kr_closes_a_unit`] for one "kr" ending at `end`, without finding its line first: after
/// an optional '.', a ')' or nothing but blanks up to the line's end. The same answer:
/// `kr_closes_a_unit` takes the rest of the line trimmed at its end, and trimming the end
/// changes neither whether the rest (after the '.') starts with ')' nor whether it is blank.
fn kr_may_close_its_line(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    if rest.starts_with(')') {
        return true;
    }
    for c in rest.chars() {
        if c == '\n' {
            return true;
        }
        if !c.is_whitespace() {
            return false;
        }
    }
    true
}

/// The numbers of a flattened row: byte ranges in the line, and where its label ends.
struct NumberRun {
    numbers: Vec<(usize, usize)>,
    label_end: usize,
}

/// Words after the numbers that may close a row ("Ikke indstillet endnu").
const MAX_TRAILING_WORDS: usize = 4;

fn last_number_run(line: &str) -> Option<NumberRun> {
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                tokens.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push((s, line.len()));
    }
    let is_number = |&(s, e): &(usize, usize)| parse_danish_number(&line[s..e]).is_some();
    let last = tokens.iter().rposition(is_number)?;
    let trailing = &tokens[last + 1..];
    if trailing.len() > MAX_TRAILING_WORDS
        || trailing
            .iter()
            .any(|&(s, e)| line[s..e].bytes().any(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut first = last;
    while first > 0 && is_number(&tokens[first - 1]) {
        first -= 1;
    }
    // Leading years of the run are part of the label ("2021", "Hovedpuljen 2023").
    while first <= last && looks_like_year(&line[tokens[first].0..tokens[first].1]) {
        first += 1;
    }
    if first > last {
        return None;
    }
    Some(NumberRun {
        numbers: tokens[first..=last].to_vec(),
        label_end: tokens[first].0,
    })
}

#[cfg(test)]
mod tests {
    use super::super::scan::Landmarks;
    use super::*;
    use proptest::prelude::*;

    /// The letters [`after`] compares fold under `(?i)` only as it says.
    #[test]
    fn unit_line_letters_fold_as_the_regex() {
        let class = Regex::new(r"(?i)^[imoatkr]$").expect("class");
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let text = c.encode_utf8(&mut buffer);
            let by_hand = "imoatkr"
                .chars()
                .any(|l| !after(text, &[0], &l.to_string()).is_empty());
            assert_eq!(class.is_match(text), by_hand, "{c:?}");
        }
    }

    #[test]
    fn unit_lines_as_the_regex() {
        let lines = [
            "Samlede midler til frivilligt socialt arbejde (kr.)",
            "Årstal Hovedpuljen (kr.) Ansøgt Beløb",
            "Udgifter i 1.000 kr.",
            "Udgifter i 1.000 kr. ",
            "(i 1.000 kr.)",
            "(i  mio.kr)",
            "(t. kr.)",
            "(t.  kr.)",
            "mio. kr.",
            "1.000 kr.",
            "1.000kr.",
            "t.kr",
            "kr",
            "Kr.",
            "\u{212A}R",
            "xi kr",
            "i\u{a0}mia. \t kr.",
            "beløb i kr. i alt",
        ];
        for line in lines {
            assert_eq!(
                states_a_unit(line),
                FLATTENED_UNIT_LINE.is_match(line),
                "{line:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        /// The hand-read unit line answers as the regex.
        #[test]
        fn unit_line_as_the_regex(
            line in concat!(
                r"(\(|\)|i|I|1\.000|1\.00|mio\.|MIA\.|mia|t\.|T\.|kr|KR|\u{212A}r|k|r|\.",
                r"|[ \t\n\u{a0}]|x|_|æ|5|i kr|\(kr\.\)){0,10}",
            ),
        ) {
            prop_assert_eq!(states_a_unit(&line), FLATTENED_UNIT_LINE.is_match(&line));
        }
    }

    /// `find_flattened` as it was before it jumped between the lines holding "kr" and checked
    /// a unit line's shape before its regex: every line in turn.
    fn find_flattened_line_by_line(text: &str) -> Vec<TableAmount> {
        let mut amounts = Vec::new();
        let kr_regex = Regex::new(r"(?i)kr").expect("regex");
        let mut kr = kr_regex.find_iter(text).map(|m| m.start()).peekable();
        if kr.peek().is_none() {
            return amounts;
        }
        let mut heading: Option<(&str, Decimal)> = None;
        let mut line_start = 0;
        for line in text.split('\n') {
            let this_start = line_start;
            line_start += line.len() + 1;
            while kr.next_if(|&at| at < this_start).is_some() {}
            let may_state_unit = kr.peek().is_some_and(|&at| at < this_start + line.len());
            if heading.is_none() && !may_state_unit {
                continue;
            }
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if line.contains('\t') || trimmed.chars().count() > FLATTENED_MAX_LINE {
                heading = None;
                continue;
            }
            if may_state_unit && FLATTENED_UNIT_LINE.is_match(trimmed) && !trimmed.contains(". ") {
                heading = Some((trimmed, unit_scale(trimmed).unwrap_or(Decimal::ONE)));
                if last_number_run(line).is_none() {
                    continue;
                }
            }
            let Some((heading_line, scale)) = heading else {
                continue;
            };
            if trimmed.contains(". ") || trimmed.ends_with(['.', ':', '?', '!']) {
                heading = None;
                continue;
            }
            // What a row yields was not changed: only which lines are looked at.
            push_row_amounts(
                line,
                trimmed,
                this_start,
                (heading_line, scale),
                &mut amounts,
            );
        }
        amounts
    }

    /// `find` as it was before it jumped from tab to tab: every line in turn.
    fn find_line_by_line(text: &str) -> Tables<'_> {
        let kr = Landmarks::of(text).kr;
        let mut tables = Tables::default();
        if !text.contains('\t') {
            tables.amounts = find_flattened(text, &kr);
            return tables;
        }
        let mut walk = TableWalk::default();
        let mut line_start = 0;
        for line in text.split('\n') {
            let this_start = line_start;
            line_start += line.len() + 1;
            if line.trim().is_empty() {
                continue;
            }
            if line.contains('\t') {
                walk.tab_line(text, this_start, line, &mut tables);
            } else {
                walk.plain_line(line.trim());
            }
        }
        tables.amounts.extend(find_flattened(text, &kr));
        tables
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Jumping from tab to tab finds what the walk over every line finds.
        #[test]
        fn tables_as_line_by_line(
            text in concat!(
                r"(\t|\n|\n\n| \t |  |Beløb|Antal|2023|2024|mio\. kr\.|1\.000 kr|12|3,5|- ",
                r"|Budget|Udgifter|Tabel 1 \(kr\.\)|x|æ|\r|\u{a0}){0,40}",
            ),
        ) {
            let marks = Landmarks::of(&text);
            let new = find(&text, &marks.kr, marks.holds_a_tab);
            let old = find_line_by_line(&text);
            prop_assert_eq!(new.cells, old.cells);
            prop_assert_eq!(new.amounts, old.amounts);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Jumping to the lines with "kr" finds what the walk over every line finds.
        #[test]
        fn flattened_tables_as_line_by_line(
            text in concat!(
                r"((kr|Kr|\u{212A}r|kr\.|\(kr\.\)|\(i 1\.000 kr\.\)|i mio\. kr\.|mia\. kr|t\. kr",
                r"|Udgifter|Puljen|2021|2023|1\.918\.843|12|3,5|  |\t|\n|\n\n|\. |\.|:|\)|\(",
                r"| |x|æ|a b c d e f g h i j k l m n o p q r s t u v w x y z æ ø å){0,40})",
            ),
        ) {
            prop_assert_eq!(
                find_flattened(&text, &Landmarks::of(&text).kr),
                find_flattened_line_by_line(&text)
            );
        }
    }
}
