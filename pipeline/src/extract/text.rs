//! Text decoding: UTF-8 (with or without BOM), the charset a server names, and Windows-1252
//! (a superset of ISO-8859-1 in practice, used by old Danish sites) when the bytes are not UTF-8.

use std::borrow::Cow;
use std::ops::Range;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use unicode_normalization::UnicodeNormalization;

use super::ExtractError;

/// True when the bytes are not text: NUL bytes, or many control characters.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    control_bytes(sample) * 20 > sample.len()
}

/// The number of control bytes other than line breaks, tabs and form feeds: sixteen bytes at
/// a time with SSE2 (every x86_64), else eight ([`control_bytes_by_words`]). Every document's
/// first 8 KiB are counted.
fn control_bytes(sample: &[u8]) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: SSE2 is enabled for the whole target (every x86_64).
        unsafe { control_bytes_sse2(sample) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    control_bytes_by_words(sample)
}

/// Whether a byte is one [`control_bytes`] counts.
fn is_counted_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)
}

/// [`control_bytes`] with SSE2: a byte below 0x20 is one whose unsigned minimum with 0x1F is
/// itself; the four allowed ones are compared out; the lanes left are counted from the mask.
/// Text holds a line break every few dozen bytes, which the word-wise count had to count byte
/// by byte; here they cost nothing more.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn control_bytes_sse2(sample: &[u8]) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let lane = |b: u8| _mm_set1_epi8(i8::from_ne_bytes([b]));
    let mut chunks = sample.chunks_exact(16);
    let mut count = 0;
    for chunk in chunks.by_ref() {
        // SAFETY: the load reads the 16 bytes of `chunk` (unaligned loads allow any address).
        let v = unsafe { _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>()) };
        let below = _mm_cmpeq_epi8(_mm_min_epu8(v, lane(0x1F)), v);
        let allowed = _mm_or_si128(
            _mm_or_si128(
                _mm_cmpeq_epi8(v, lane(b'\n')),
                _mm_cmpeq_epi8(v, lane(b'\r')),
            ),
            _mm_or_si128(
                _mm_cmpeq_epi8(v, lane(b'\t')),
                _mm_cmpeq_epi8(v, lane(0x0c)),
            ),
        );
        let counted = _mm_movemask_epi8(_mm_andnot_si128(allowed, below)) as u32;
        count += counted.count_ones() as usize;
    }
    count
        + chunks
            .remainder()
            .iter()
            .filter(|&&b| is_counted_control(b))
            .count()
}

/// [`control_bytes`] eight bytes at a time: a word without a byte below 0x20 (the test is exact
/// as a yes/no answer: subtracting 0x20 from each byte sets the high bit of one below 0x20
/// whose high bit is clear, and a borrow only travels up from such a byte) holds none; text has
/// a line break every few dozen bytes, so most words are skipped whole. (Other targets, and
/// the tests.)
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn control_bytes_by_words(sample: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let is_control = |b: &&u8| is_counted_control(**b);
    let mut chunks = sample.chunks_exact(8);
    let mut count = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_ne_bytes(chunk.try_into().expect("chunks of eight"));
        if word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0 {
            count += chunk.iter().filter(is_control).count();
        }
    }
    count + chunks.remainder().iter().filter(is_control).count()
}

pub fn binary_reason(bytes: &[u8]) -> String {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        "contains NUL bytes".to_string()
    } else {
        "too many control characters".to_string()
    }
}

/// The encoding a Content-Type names in its `charset` parameter, if it names a known one.
pub fn declared_charset(content_type: Option<&str>) -> Option<&'static Encoding> {
    let ct = content_type?;
    let label = ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset")).then(|| v.trim().trim_matches('"'))
    })?;
    Encoding::for_label(label.as_bytes())
}

/// Decode bytes to a String: BOM first, then a declared charset, then UTF-8 if valid, then
/// Windows-1252. Returns the text and any problem worth reporting.
pub fn decode(
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<(String, Vec<String>), ExtractError> {
    let (text, problems) = decode_borrowed(bytes, content_type)?;
    Ok((text.into_owned(), problems))
}

/// [`decode`] of bytes the caller gives up: where the decoded text is the bytes themselves (or
/// a part of them: valid UTF-8, or ASCII in an ASCII-compatible charset — nearly every
/// document), they become the String without a copy (the copy was ~1 instruction per byte of
/// every document).
pub fn decode_owned(
    mut bytes: Vec<u8>,
    content_type: Option<&str>,
) -> Result<(String, Vec<String>), ExtractError> {
    let (text, problems) = decode_borrowed(&bytes, content_type)?;
    let span = match &text {
        Cow::Borrowed(borrowed) => span_within(&bytes, borrowed),
        Cow::Owned(_) => None,
    };
    let Some(span) = span else {
        return Ok((text.into_owned(), problems));
    };
    drop(text);
    bytes.truncate(span.end);
    bytes.drain(..span.start);
    // SAFETY: `bytes` now holds exactly the bytes of `span`, which the decoder returned as a
    // `&str` (valid UTF-8) borrowed from them.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok((text, problems))
}

/// Where `part` lies in `bytes`, when it is a part of them (not, say, a static empty text).
fn span_within(bytes: &[u8], part: &str) -> Option<Range<usize>> {
    let whole = bytes.as_ptr_range();
    let part = part.as_bytes().as_ptr_range();
    let within =
        whole.start as usize <= part.start as usize && part.end as usize <= whole.end as usize;
    within.then(|| {
        let start = part.start as usize - whole.start as usize;
        start..start + (part.end as usize - part.start as usize)
    })
}

/// [`decode`], the text borrowed from the bytes where a decoder returned it so.
pub fn decode_borrowed<'b>(
    bytes: &'b [u8],
    content_type: Option<&str>,
) -> Result<(Cow<'b, str>, Vec<String>), ExtractError> {
    let mut problems = Vec::new();
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ExtractError::Encoding(format!(
                "invalid {} after a {} byte order mark",
                encoding.name(),
                encoding.name()
            )));
        }
        return Ok((text, problems));
    }
    if let Some(encoding) = declared_charset(content_type) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok((text, problems));
        }
        problems.push(format!(
            "declared charset {} does not match the bytes",
            encoding.name()
        ));
    }
    // encoding_rs validates with SIMD (simdutf8, already its dependency): several times faster
    // than std::str::from_utf8 on Danish text, whose 'æ', 'ø', 'å' keep breaking std's ASCII
    // fast path. Valid means the same for both (a test checks).
    if let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok((text, problems));
    }
    // Windows-1252 maps every byte, but five (0x81, 0x8D, 0x8F, 0x90, 0x9D) only to C1 control
    // characters: no Danish text holds them, so they are bytes this text cannot be decoded by.
    let (text, _, _) = WINDOWS_1252.decode(bytes);
    let undecodable = text
        .chars()
        .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
        .count();
    if undecodable * 100 > bytes.len().max(1) {
        return Err(ExtractError::Encoding(format!(
            "neither UTF-8 nor Windows-1252: {undecodable} of {} bytes are undefined in \
             Windows-1252",
            bytes.len()
        )));
    }
    problems.push("not UTF-8; decoded as Windows-1252".to_string());
    if undecodable == 0 {
        return Ok((text, problems));
    }
    problems.push(format!(
        "{undecodable} bytes undefined in Windows-1252 replaced by U+FFFD"
    ));
    let text = text
        .chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    Ok((Cow::Owned(text), problems))
}

/// NFC, with compatibility ligatures (ﬁ, ﬂ) spelled out. Text that is already so (nearly every
/// document) is returned as it is, without a copy.
pub fn normalise_unicode(text: String) -> String {
    if is_nfc_without_ligatures(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}'..='\u{FB06}' => out.extend(std::iter::once(c).nfkc()),
            _ => out.push(c),
        }
    }
    out.nfc().collect()
}

fn is_ligature(c: char) -> bool {
    ('\u{FB00}'..='\u{FB06}').contains(&c)
}

/// Whether the text has no ligature and passes the NFC quick check (`is_nfc_quick` gives
/// `Yes`): the same answer as running both over every character, but ASCII and the other
/// characters below U+0300 are skipped by their bytes. Every character below U+0300 is NFC
/// quick-check Yes with combining class 0 (a test checks each one), so for the quick check it
/// is what an ASCII character is: it passes and resets the last combining class to 0. Their
/// UTF-8 forms are the bytes below 0x80 and the two-byte sequences with a lead byte below
/// 0xCC (0xCC 0x80 is U+0300). Every other character is checked as the quick check does.
fn is_nfc_without_ligatures(text: &str) -> bool {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: `is_nfc_without_ligatures_avx2` requires AVX2, which was just detected.
        return unsafe { is_nfc_without_ligatures_avx2(text) };
    }
    is_nfc_without_ligatures_by_words(text)
}

/// [`is_nfc_without_ligatures`] 32 bytes at a time with AVX2: a block's bytes of 0xCC or above
/// are found at once, the bytes before the first of them skipped (as the word-wise test skips
/// them: they are ASCII, continuation bytes and lead bytes below 0xCC) and the character it
/// starts checked. That character's lead byte is the one found (continuation bytes are below
/// 0xCC), so the scan stays on character boundaries after it; skipped bytes reset the last
/// combining class as the characters below U+0300 do (one of them started among them, or
/// the scan was inside one that already reset it).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn is_nfc_without_ligatures_avx2(text: &str) -> bool {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_max_epu8, _mm256_movemask_epi8,
        _mm256_set1_epi8,
    };
    let bytes = text.as_bytes();
    let limit = _mm256_set1_epi8(i8::from_ne_bytes([0xCC]));
    let mut last_class = 0u8;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        // The last bytes padded with zeros (below 0xCC, so never found).
        let mut padded = [0u8; 32];
        let block = match rest.get(..32) {
            Some(block) => block,
            None => {
                padded[..rest.len()].copy_from_slice(rest);
                &padded[..]
            }
        };
        // SAFETY: the load reads the 32 bytes of `block` (unaligned loads allow any address).
        let v = unsafe { _mm256_loadu_si256(block.as_ptr().cast::<__m256i>()) };
        // A byte is 0xCC or above exactly when max(byte, 0xCC) is the byte.
        let high = _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_max_epu8(v, limit), v)) as u32;
        if high == 0 {
            last_class = 0;
            i += rest.len().min(32);
            continue;
        }
        let skipped = high.trailing_zeros() as usize;
        if skipped > 0 {
            last_class = 0;
            i += skipped;
        }
        match checked_char_len(text, i, &mut last_class) {
            Some(len) => i += len,
            None => return false,
        }
    }
    true
}

/// Checks the character at `i` (a character boundary of `text`) as the NFC quick check does,
/// given the combining class of the one before: its length in bytes, or None when the text
/// fails (a ligature, a combining mark out of order, or one that is not quick-check Yes).
fn checked_char_len(text: &str, i: usize, last_class: &mut u8) -> Option<usize> {
    // U+2002–U+207F (dashes, quotes, bullets, ellipsis, odd spaces: the punctuation of ordinary
    // text, bytes E2 80 82 to E2 81 BF) are starters that the quick check passes (a test checks
    // each one), like the characters below U+0300: no table lookups for them.
    if let [0xE2, second @ (0x80 | 0x81), third, ..] = text.as_bytes()[i..] {
        if second == 0x81 || third >= 0x82 {
            *last_class = 0;
            return Some(3);
        }
    }
    let c = text[i..].chars().next()?;
    if is_ligature(c) {
        return None;
    }
    let class = unicode_normalization::char::canonical_combining_class(c);
    if *last_class > class && class != 0 {
        return None;
    }
    if unicode_normalization::is_nfc_quick(std::iter::once(c))
        != unicode_normalization::IsNormalized::Yes
    {
        return None;
    }
    *last_class = class;
    Some(c.len_utf8())
}

/// [`is_nfc_without_ligatures`] eight and 32 bytes at a time without AVX2 (and the tests'
/// second opinion).
fn is_nfc_without_ligatures_by_words(text: &str) -> bool {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut last_class = 0u8;
    let mut i = 0;
    while i < bytes.len() {
        // Thirty-two bytes at a time the same way (see below), where SSE2 is there.
        if let Some(chunk) = bytes
            .get(i..i + 32)
            .and_then(|c| <&[u8; 32]>::try_from(c).ok())
        {
            if all_below_0xcc(chunk) {
                last_class = 0;
                i += 32;
                continue;
            }
        }
        // Eight bytes at a time while none of them is 0xCC or above: then every character
        // that starts among them is below U+0300, and so is one that ends among them (it
        // started in a word skipped so, or `i` would be at its end). Danish text, whose
        // 'æ', 'ø', 'å' are such characters, passes mostly this way.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            // Per byte: the low seven bits plus 0x34 reach 0x80 exactly when they are 0x4C or
            // more (no carry leaves a byte: 0x7F + 0x34 < 0x100); with the high bit, that is
            // a byte of 0xCC or above.
            let low_high = (word & !HIGH_BITS).wrapping_add(0x3434_3434_3434_3434);
            if low_high & word & HIGH_BITS == 0 {
                last_class = 0;
                i += 8;
                continue;
            }
        }
        let lead = bytes[i];
        // An ASCII byte, or a continuation byte: `i` is inside a character only after a word
        // skipped below, and that character began there with a lead byte below 0xCC.
        if lead < 0xC0 {
            last_class = 0;
            i += 1;
            continue;
        }
        if lead < 0xCC {
            last_class = 0;
            i += 2;
            continue;
        }
        match checked_char_len(text, i, &mut last_class) {
            Some(len) => i += len,
            None => return false,
        }
    }
    true
}

/// Whether every byte of a 32-byte chunk is below 0xCC (the test of the eight-byte words in
/// [`is_nfc_without_ligatures`], for four words at once).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn all_below_0xcc(chunk: &[u8; 32]) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is enabled for the whole target (every x86_64 has it), and the two
    // unaligned loads read bytes 0..16 and 16..32 of the 32-byte array.
    unsafe {
        let low = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        let high = _mm_loadu_si128(chunk.as_ptr().add(16).cast::<__m128i>());
        let limit = _mm_set1_epi8(i8::from_ne_bytes([0xCB]));
        // The largest byte (unsigned) is at most 0xCB exactly when max(largest, 0xCB) is 0xCB.
        let largest = _mm_max_epu8(_mm_max_epu8(low, high), limit);
        _mm_movemask_epi8(_mm_cmpeq_epi8(largest, limit)) == 0xFFFF
    }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn all_below_0xcc(chunk: &[u8; 32]) -> bool {
    chunk.iter().all(|&b| b < 0xCC)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn control_bytes_counted_by_words_as_by_bytes(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(b"\n\r\t\x0c\x1f\x20\x00\x80\xa0a".to_vec()),
                ],
                0..80,
            )
        ) {
            let expected = bytes
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
                .count();
            proptest::prop_assert_eq!(control_bytes(&bytes), expected);
            proptest::prop_assert_eq!(control_bytes_by_words(&bytes), expected);
        }

        #[test]
        fn chunk_test_agrees_with_bytes(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(vec![0xCB, 0xCC, 0xCD, 0x00, 0x7F, 0x80, 0xFF]),
                    proptest::sample::select(vec![b'a', 0xC3]),
                ],
                32,
            )
        ) {
            let chunk: &[u8; 32] = bytes.as_slice().try_into().expect("32 bytes");
            proptest::prop_assert_eq!(all_below_0xcc(chunk), bytes.iter().all(|&b| b < 0xCC));
        }
    }

    #[test]
    fn bytes_undefined_in_windows_1252_are_a_named_problem() {
        let mut bytes = b"M\xf8det blev h\xe6vet kl. 14.07 og referatet godkendt. ".repeat(3);
        bytes.push(0x81);
        let (text, problems) = decode(&bytes, None).unwrap();
        assert!(text.starts_with("Mødet blev hævet"), "{text:?}");
        assert!(text.ends_with('\u{FFFD}'), "{text:?}");
        assert!(
            problems.iter().any(|p| p.contains("1 bytes undefined")),
            "{problems:?}"
        );

        let mostly_undefined = [0x81u8, 0x8d, 0x8f, 0x90, 0x9d].repeat(20);
        let err = decode(&mostly_undefined, None).unwrap_err();
        assert!(
            err.to_string().contains("neither UTF-8 nor Windows-1252"),
            "{err}"
        );
    }

    #[test]
    fn windows_1252_is_decoded() {
        let (text, problems) = decode(b"M\xf8dested \xc6ble", None).unwrap();
        assert_eq!(text, "Mødested Æble");
        assert_eq!(
            problems,
            vec!["not UTF-8; decoded as Windows-1252".to_string()]
        );
    }

    /// What [`is_nfc_without_ligatures`] must agree with.
    fn is_nfc_without_ligatures_reference(text: &str) -> bool {
        !text.chars().any(is_ligature)
            && unicode_normalization::is_nfc_quick(text.chars())
                == unicode_normalization::IsNormalized::Yes
    }

    fn assert_starter_that_passes_nfc_quick_check(c: char) {
        assert_eq!(
            unicode_normalization::char::canonical_combining_class(c),
            0,
            "{c:?}"
        );
        assert_eq!(
            unicode_normalization::is_nfc_quick(std::iter::once(c)),
            unicode_normalization::IsNormalized::Yes,
            "{c:?}"
        );
    }

    /// The byte shortcut rests on this: below U+0300 every character is a starter that the
    /// NFC quick check passes.
    #[test]
    fn characters_below_u0300_pass_the_nfc_quick_check_as_starters() {
        for c in '\u{80}'..'\u{300}' {
            assert_starter_that_passes_nfc_quick_check(c);
        }
    }

    /// The shortcut of `checked_char_len` rests on this: U+2002–U+207F are starters that the
    /// NFC quick check passes, and none is a ligature.
    #[test]
    fn general_punctuation_passes_the_nfc_quick_check_as_starters() {
        for c in '\u{2002}'..='\u{207F}' {
            assert_starter_that_passes_nfc_quick_check(c);
            assert!(!is_ligature(c));
            let mut last_class = 9;
            assert_eq!(
                checked_char_len(&c.to_string(), 0, &mut last_class),
                Some(3)
            );
            assert_eq!(last_class, 0);
        }
        // The two quads before them are not NFC: they are checked the long way.
        for c in ['\u{2000}', '\u{2001}'] {
            assert_eq!(checked_char_len(&c.to_string(), 0, &mut 0), None);
        }
    }

    #[test]
    fn normalising_spells_out_ligatures_and_composes() {
        assert_eq!(normalise_unicode("of\u{FB01}ce".to_string()), "office");
        assert_eq!(normalise_unicode("a\u{30A}r".to_string()), "år");
        assert_eq!(
            normalise_unicode("Mødet – “ok”".to_string()),
            "Mødet – “ok”"
        );
    }

    proptest::proptest! {
        #[test]
        fn quick_check_shortcut_agrees(
            text in "[a-zæøå \u{80}-\u{2ff}\u{300}-\u{36f}\u{1100}-\u{1175}\u{2013}\u{201d}\
                      \u{fb00}-\u{fb06}\u{0f73}\u{0344}\u{0591}-\u{05c7}]{0,40}"
        ) {
            proptest::prop_assert_eq!(
                is_nfc_without_ligatures(&text),
                is_nfc_without_ligatures_reference(&text)
            );
        }

        #[test]
        fn quick_check_shortcut_agrees_on_any_text(text in "\\PC{0,80}") {
            proptest::prop_assert_eq!(
                is_nfc_without_ligatures(&text),
                is_nfc_without_ligatures_reference(&text)
            );
        }

        /// Long texts (blocks of 32 bytes and a padded rest): the AVX2 scan and the word-wise
        /// one agree with the reference.
        #[test]
        fn quick_check_shortcuts_agree_on_long_texts(
            text in "[a-zæøå \u{80}-\u{2ff}\u{300}-\u{36f}\u{2000}-\u{2080}\u{fb01}\u{0f73}]{0,12}",
            filler in "[aæ ]{0,40}",
            repeats in 1usize..5,
        ) {
            let text = format!("{filler}{text}").repeat(repeats);
            let expected = is_nfc_without_ligatures_reference(&text);
            proptest::prop_assert_eq!(is_nfc_without_ligatures(&text), expected);
            proptest::prop_assert_eq!(is_nfc_without_ligatures_by_words(&text), expected);
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY: AVX2 was just detected.
                let avx2 = unsafe { is_nfc_without_ligatures_avx2(&text) };
                proptest::prop_assert_eq!(avx2, expected);
            }
        }
    }

    proptest::proptest! {
        /// encoding_rs and std agree on what is valid UTF-8.
        #[test]
        fn utf8_validation_agrees_with_std(
            text in "\\PC{0,80}",
            noise in proptest::collection::vec(proptest::num::u8::ANY, 0..6),
            at in 0usize..100,
        ) {
            let mut bytes = text.into_bytes();
            let at = at.min(bytes.len());
            bytes.splice(at..at, noise);
            let std_text = std::str::from_utf8(&bytes).ok();
            let decoded = UTF_8.decode_without_bom_handling_and_without_replacement(&bytes);
            proptest::prop_assert_eq!(decoded.as_deref(), std_text);
        }
    }

    /// Long texts (the SIMD path starts at 64 bytes), with every kind of flaw.
    #[test]
    fn utf8_validation_agrees_with_std_on_long_texts() {
        let base = "Mødet blev hævet kl. 14.07 – referatet “godkendt” ﬁ 𝄞 ".repeat(4);
        let flaws: [&[u8]; 7] = [
            b"\x80",
            b"\xc3",
            b"\xc0\xaf",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\xe2\x80",
            b"\xff",
        ];
        for at in (0..base.len()).step_by(7) {
            for flaw in flaws {
                let mut bytes = base.as_bytes().to_vec();
                bytes.splice(at..at, flaw.iter().copied());
                let std_text = std::str::from_utf8(&bytes).ok();
                let decoded = UTF_8.decode_without_bom_handling_and_without_replacement(&bytes);
                assert_eq!(decoded.as_deref(), std_text, "{at} {flaw:?}");
            }
        }
        let decoded = UTF_8.decode_without_bom_handling_and_without_replacement(base.as_bytes());
        assert_eq!(decoded.as_deref(), Some(base.as_str()));
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let (text, _) = decode("\u{FEFF}Mødedato".as_bytes(), None).unwrap();
        assert_eq!(text, "Mødedato");
    }

    #[test]
    fn declared_latin1_wins_over_sniffing() {
        let (text, _) = decode(b"\xe6\xf8\xe5", Some("text/html; charset=ISO-8859-1")).unwrap();
        assert_eq!(text, "æøå");
    }

    proptest::proptest! {
        /// Decoding bytes given up yields what decoding borrowed bytes does, whatever the
        /// bytes (UTF-8 with and without a byte order mark, Windows-1252, a declared charset
        /// that matches or not, invalid bytes).
        #[test]
        fn decoding_owned_bytes_agrees_with_decoding_borrowed_ones(
            bom in proptest::sample::select(vec![
                &b""[..], &b"\xEF\xBB\xBF"[..], &b"\xFF\xFE"[..], &b"\xFE\xFF"[..],
            ]),
            body in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(b"ab \n.:".to_vec()),
                    proptest::sample::select(vec![0xC3, 0xA6, 0xB8, 0xE6, 0xF8, 0x81]),
                ],
                0..64,
            ),
            content_type in proptest::sample::select(vec![
                None,
                Some("text/plain"),
                Some("text/plain; charset=utf-8"),
                Some("text/plain; charset=windows-1252"),
                Some("text/plain; charset=us-ascii"),
                Some("text/plain; charset=utf-16le"),
            ]),
        ) {
            let bytes = [bom, &body[..]].concat();
            proptest::prop_assert_eq!(
                decode_owned(bytes.clone(), content_type),
                decode(&bytes, content_type)
            );
        }
    }

    #[test]
    fn a_part_of_the_bytes_is_found_where_it_lies() {
        let bytes = b"\xEF\xBB\xBFabc".to_vec();
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(span_within(&bytes, text), Some(3..6));
        assert_eq!(span_within(&bytes, "abc"), None);
    }
}
