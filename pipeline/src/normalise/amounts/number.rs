//! Danish-formatted numbers: "4.037,2", "3.400.550", "0,9", "225.000", "-26", "÷3,5".
//!
//! No crate reads this format: '.' groups thousands and ',' marks decimals, the reverse of the
//! English convention. A string that is not cleanly Danish ("1.5", "12.34.567") gives None
//! rather than a guess, so a malformed number is missed instead of being valued wrongly.

use std::str::FromStr;

use rust_decimal::Decimal;

/// The most integer digits a value may have: the writer stores Decimal128(18,2), so 16 integer
/// digits is the ceiling. Checked again after scaling by "mio."/"mia.".
pub const MAX_INTEGER_DIGITS: u32 = 16;

/// The most decimals we accept; amounts in minutes have two at most, so more means garbage.
const MAX_DECIMALS: usize = 6;

/// Characters that mean minus in front of a number: hyphen, the minus sign, an en dash (word
/// processors turn "-" into "–") and "÷", the minus of Danish budget tables.
pub fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−' | '–' | '÷')
}

/// Read a Danish-formatted number. Accepts an optional minus sign (see [`is_minus`]) followed
/// by at most one space, an integer part that is either plain digits or thousands grouped by
/// '.', an optional ',' with decimals, and an optional ",-" ("5.000,-", whole kroner).
pub fn parse_danish_number(text: &str) -> Option<Decimal> {
    let (negative, integer, decimals) = danish_number_parts(text)?;
    let digits = integer.bytes().filter(|&b| b != b'.');
    let significant = digits.clone().skip_while(|&b| b == b'0').count();
    if significant > MAX_INTEGER_DIGITS as usize {
        return None;
    }
    let decimals = match decimals {
        Some(d)
            if d.is_empty() || d.len() > MAX_DECIMALS || !d.bytes().all(|b| b.is_ascii_digit()) =>
        {
            return None
        }
        Some(d) => d,
        None => "",
    };
    // The value as a whole number of units of the last decimal: at most 16 significant digits
    // and 6 decimals, far inside i128 and Decimal's 28 digits, so this is exact and gives what
    // `Decimal::from_str` gives for the same digits (the same mantissa and scale). Only a
    // negative zero ("-0,00") is left to it: whether it keeps the sign is its business.
    let mantissa = digits
        .chain(decimals.bytes())
        .fold(0_i128, |value, b| value * 10 + i128::from(b - b'0'));
    if negative && mantissa == 0 {
        let point = if decimals.is_empty() { "" } else { "." };
        let digits: String = integer.chars().filter(|c| *c != '.').collect();
        return Decimal::from_str(&format!("-{digits}{point}{decimals}")).ok();
    }
    let signed = if negative { -mantissa } else { mantissa };
    Some(Decimal::from_i128_with_scale(signed, decimals.len() as u32))
}

/// A Danish number's sign, integer part (checked: [`integer_part_is_valid`]) and decimals
/// after ',' if any, the ",-" of whole kroner dropped; the decimals are not checked yet.
fn danish_number_parts(text: &str) -> Option<(bool, &str, Option<&str>)> {
    let text = text.trim();
    let (negative, rest) = match text.chars().next() {
        Some(c) if is_minus(c) => (true, text[c.len_utf8()..].trim_start()),
        _ => (false, text),
    };
    let rest = rest.strip_suffix(",-").unwrap_or(rest);
    let (integer, decimals) = match rest.split_once(',') {
        Some((i, d)) => (i, Some(d)),
        None => (rest, None),
    };
    integer_part_is_valid(integer).then_some((negative, integer, decimals))
}

/// Plain digits ("225000"), or a 1–3 digit head and groups of exactly three ("3.400.550").
fn integer_part_is_valid(integer: &str) -> bool {
    if integer.is_empty() {
        return false;
    }
    let mut groups = integer.split('.');
    let head = groups.next().unwrap_or_default();
    if head.is_empty() || !head.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut grouped = false;
    for group in groups {
        grouped = true;
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    !grouped || head.len() <= 3
}

/// `value × scale`, or None when the product would not fit the output column (see
/// [`MAX_INTEGER_DIGITS`]).
pub fn scaled(value: Decimal, scale: Decimal) -> Option<Decimal> {
    let product = value.checked_mul(scale)?.normalize();
    let limit = Decimal::from(10_i64.pow(MAX_INTEGER_DIGITS));
    (product.abs() < limit).then_some(product)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// [`parse_danish_number`] as it was, through a plain string and `Decimal::from_str`: the
    /// oracle of the proptest below.
    fn parse_by_string(text: &str) -> Option<Decimal> {
        let (negative, integer, decimals) = danish_number_parts(text)?;
        let digits: String = integer.chars().filter(|c| *c != '.').collect();
        let significant = digits.trim_start_matches('0').len();
        if significant > MAX_INTEGER_DIGITS as usize {
            return None;
        }
        let mut plain = String::with_capacity(digits.len() + 8);
        if negative {
            plain.push('-');
        }
        plain.push_str(&digits);
        if let Some(d) = decimals {
            if d.is_empty() || d.len() > MAX_DECIMALS || !d.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            plain.push('.');
            plain.push_str(d);
        }
        Decimal::from_str(&plain).ok()
    }

    #[test]
    fn zeros_read_as_by_string() {
        for text in [
            "0",
            "-0",
            "-0,00",
            "÷ 000,0",
            "0.000",
            "-0.000,-",
            "00000000000000000000,5",
        ] {
            let (new, old) = (parse_danish_number(text), parse_by_string(text));
            assert_eq!(
                new.map(|d| d.serialize()),
                old.map(|d| d.serialize()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reads_the_formats_minutes_use() {
        assert_eq!(parse_danish_number("4.037,2"), Some(dec("4037.2")));
        assert_eq!(parse_danish_number("3.400.550"), Some(dec("3400550")));
        assert_eq!(parse_danish_number("0,9"), Some(dec("0.9")));
        assert_eq!(parse_danish_number("225.000"), Some(dec("225000")));
        assert_eq!(parse_danish_number("6.500.000,00"), Some(dec("6500000")));
        assert_eq!(parse_danish_number("225000"), Some(dec("225000")));
        assert_eq!(parse_danish_number("5.000,-"), Some(dec("5000")));
    }

    #[test]
    fn reads_every_kind_of_minus() {
        assert_eq!(parse_danish_number("-26"), Some(dec("-26")));
        assert_eq!(parse_danish_number("−0,6"), Some(dec("-0.6")));
        assert_eq!(parse_danish_number("÷3,5"), Some(dec("-3.5")));
        assert_eq!(parse_danish_number("– 4,9"), Some(dec("-4.9")));
    }

    #[test]
    fn refuses_what_is_not_cleanly_danish() {
        for bad in [
            "",
            "1.5",
            "12.34.567",
            "1.0000",
            "1234.567",
            ",5",
            "3,",
            "1,2,3",
            "abc",
            "2,5%",
            "1.000.000.000.000.000.000",
            "-",
            "0,1234567",
        ] {
            assert_eq!(parse_danish_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn scaling_guards_the_output_column() {
        assert_eq!(
            scaled(dec("1.1"), dec("1000000000")),
            Some(dec("1100000000"))
        );
        assert_eq!(scaled(dec("99999999"), dec("1000000000")), None);
    }

    proptest! {
        /// Any integer and two decimals, written the Danish way, reads back exactly.
        #[test]
        fn round_trips_grouped_numbers(whole in 0u64..10_000_000_000_000, cents in 0u32..100,
                                       negative: bool) {
            let digits = whole.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push('.');
                }
                grouped.push(c);
            }
            let text = format!("{}{grouped},{cents:02}", if negative { "-" } else { "" });
            let mut expected = Decimal::from(whole) + Decimal::new(i64::from(cents), 2);
            if negative {
                expected = -expected;
            }
            prop_assert_eq!(parse_danish_number(&text), Some(expected));
        }

        /// The same value, scale and sign as through a string and `Decimal::from_str`.
        #[test]
        fn reads_as_by_string(
            text in r" ?([-−–÷] ?)?(0|1|9|00|000|123|\.|,|,-|,00|-|x| ){0,12} ?",
        ) {
            let (new, old) = (parse_danish_number(&text), parse_by_string(&text));
            prop_assert_eq!(new.map(|d| d.serialize()), old.map(|d| d.serialize()));
        }

        /// Arbitrary text never panics.
        #[test]
        fn never_panics(text in ".{0,40}") {
            let _ = parse_danish_number(&text);
        }
    }
}
