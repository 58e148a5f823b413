//! Lines of the input with a markup-free "plain" form used for recognising structure.
//!
//! Every later step asks questions like "is this line a section heading?"; answering them on a
//! form without Markdown markers, bold markers, non-breaking spaces and repeated spaces lets the
//! four export generations share one set of rules. The raw line is kept for text output.

/// One line of the input.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// The line as written, without its line terminator.
    pub raw: &'a str,
    /// Markdown heading markers, `**`/`__` and backslash escapes removed; non-breaking and
    /// other odd spaces turned into spaces; runs of spaces collapsed; trimmed. Tabs are kept
    /// (tables of contents and tables use them).
    pub plain: String,
    /// The number of `#` of a Markdown heading (0 when the line is not one).
    pub md_level: u8,
    /// Whether the raw line starts with whitespace (after odd spaces are counted as spaces).
    pub indented: bool,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.plain.is_empty()
    }
}

/// Splits on `\n`, `\r\n` and lone `\r`, and computes each line's plain form.
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut rest = text;
    while !rest.is_empty() {
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let after = if rest[i..].starts_with("\r\n") {
                    i + 2
                } else {
                    i + 1
                };
                (&rest[..i], &rest[after..])
            }
            None => (rest, ""),
        };
        out.push(make_line(line));
        rest = next;
    }
    out
}

fn make_line(raw: &str) -> Line<'_> {
    let indented = raw.chars().next().is_some_and(is_space_like);
    let (md_level, content) = markdown_heading(raw);
    Line {
        raw,
        plain: plain_text(content),
        md_level,
        indented,
    }
}

/// Spaces that exports put where a space belongs: non-breaking, narrow, figure and thin spaces.
pub(crate) fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{2002}' | '\u{2003}' | '\u{3000}'
    )
}

fn is_space_like(c: char) -> bool {
    c == ' ' || c == '\t' || is_odd_space(c)
}

/// Characters that carry nothing: zero-width spaces and joiners, soft hyphens, BOMs.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' | '\u{2060}'
    )
}

/// `(level, rest)` for a Markdown ATX heading ("## Title"), else `(0, line)`.
pub(crate) fn markdown_heading(raw: &str) -> (u8, &str) {
    let trimmed = raw.trim_start_matches(is_space_like);
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let rest = &trimmed[hashes..];
        if rest.is_empty() || rest.starts_with(is_space_like) {
            // A closing run of #'s ("## Title ##") is markup too.
            let rest = rest.trim_end_matches(is_space_like).trim_end_matches('#');
            return (hashes as u8, rest);
        }
    }
    (0, raw)
}

/// The plain form of (the content of) a line: see [`Line::plain`].
pub(crate) fn plain_text(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut chars = content.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        let c = if is_odd_space(c) { ' ' } else { c };
        match c {
            ' ' => {
                pending_space = true;
                continue;
            }
            c if is_invisible(c) => continue,
            '*' | '_' if chars.peek() == Some(&c) => {
                // Bold markers: "**" or "__" carry no text.
                chars.next();
                continue;
            }
            '\\' => {
                // Markdown escapes ("\*", "\_"): keep the escaped character.
                if let Some(&next) = chars.peek() {
                    if next.is_ascii_punctuation() {
                        chars.next();
                        push_with_space(&mut out, &mut pending_space, next);
                        continue;
                    }
                }
                push_with_space(&mut out, &mut pending_space, c);
            }
            '\t' => {
                pending_space = false;
                out.push('\t');
            }
            c => push_with_space(&mut out, &mut pending_space, c),
        }
    }
    // Trim: leading spaces were never pushed; trailing tabs may have been.
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if out.starts_with('\t') {
        out = out.trim_start().to_string();
    }
    out
}

fn push_with_space(out: &mut String, pending_space: &mut bool, c: char) {
    if *pending_space && !out.is_empty() && !out.ends_with('\t') {
        out.push(' ');
    }
    *pending_space = false;
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strips_markdown_and_odd_spaces() {
        let l = split_lines("## **Punkt 2: B-sag:\u{a0}Forslag**  ##");
        assert_eq!(l[0].md_level, 2);
        assert_eq!(l[0].plain, "Punkt 2: B-sag: Forslag");
        assert_eq!(plain_text("ledige\\* der"), "ledige* der");
        assert_eq!(plain_text("\u{a0} \u{a0}"), "");
        assert_eq!(plain_text("a\t 3"), "a\t3");
    }

    #[test]
    fn splits_all_line_ends() {
        let l = split_lines("a\r\nb\rc\n\nd");
        let raws: Vec<&str> = l.iter().map(|l| l.raw).collect();
        assert_eq!(raws, ["a", "b", "c", "", "d"]);
    }

    #[test]
    fn hash_without_space_is_not_a_heading() {
        assert_eq!(markdown_heading("#hashtag").0, 0);
        assert_eq!(markdown_heading("####### seven").0, 0);
    }
}
