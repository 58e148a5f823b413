//! Character classes of the regex crate, for the hand-written readers that replaced patterns
//! (in parse and normalise): a reader that decides `\b` or `\w` differently from the pattern it
//! replaced would find other matches. The regex crate's Unicode tables can be older than the
//! standard library's, so `char::is_alphabetic` is not taken for `\w` beyond Latin-1.

use std::sync::LazyLock;

use regex::Regex;

/// Unicode `\w` (alphabetic, marks, decimal digits, connector punctuation, joiners), for
/// `\b`. Latin-1 has no marks, digits or connectors beyond ASCII's; no whitespace is a word
/// char, nor the dashes, quotes and dots of U+2010–U+2027 (the test compares every char with
/// the class); only the rest asks the class (the standard library's Unicode tables may be
/// newer than the regex crate's: U+088F is alphabetic to one and not to the other).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    if (c as u32) < 0x100 {
        return c.is_alphabetic();
    }
    if c.is_whitespace() || ('\u{2010}'..='\u{2027}').contains(&c) {
        return false;
    }
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w$").expect("valid"));
    WORD.is_match(c.encode_utf8(&mut [0; 4]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_are_the_regex_class() {
        let word = Regex::new(r"^\w$").expect("valid");
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), word.is_match(&c.to_string()), "{c:?}");
        }
    }
}
