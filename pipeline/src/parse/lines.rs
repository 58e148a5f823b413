//! Lines of the input with a markup-free "plain" form used for recognising structure.
//!
//! Every later step asks questions like "is this line a section heading?"; answering them on a
//! form without Markdown markers, bold markers, non-breaking spaces and repeated spaces lets the
//! four export generations share one set of rules. The raw line is kept for text output.
//!
//! This runs on every line of every document, so it is written for the common case: a line is
//! found by a byte scan (line terminators are ASCII, and UTF-8 never uses an ASCII byte inside a
//! multi-byte character), and a line that needs no cleaning (most of them) borrows its plain
//! form from the text instead of copying it.

use std::borrow::Cow;

/// One line of the input.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// The line as written, without its line terminator.
    pub raw: &'a str,
    /// Markdown heading markers, `**`/`__` and backslash escapes removed; non-breaking and
    /// other odd spaces turned into spaces; runs of spaces collapsed; trimmed. Tabs are kept
    /// (tables of contents and tables use them). Borrowed from the text when the line needs no
    /// cleaning.
    pub plain: Cow<'a, str>,
    /// The number of `#` of a Markdown heading (0 when the line is not one).
    pub md_level: u8,
    /// Whether the raw line starts with whitespace (after odd spaces are counted as spaces).
    pub indented: bool,
    /// Whether the raw line may hold a character that needs cleaning (a tab, '*', ...: see
    /// [`first_to_clean`]): when false, it holds none, and neither does its plain form.
    pub marked: bool,
    /// The number of characters of the raw line without trailing whitespace
    /// ([`width_of`]): what wrap detection measures a line by, several times over (layout
    /// detection, the wrap width, joining, sub-headings), counted once by the line scan.
    pub width: usize,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.plain.is_empty()
    }

    /// Whether the plain form holds a tab (a table row), without searching a line that cannot.
    pub fn has_tab(&self) -> bool {
        self.marked && self.plain.contains('\t')
    }

    /// Whether the raw line holds "**", without searching a line that cannot.
    pub fn has_double_star(&self) -> bool {
        self.marked && self.raw.contains("**")
    }

    /// The same line with its plain form borrowed from this one: what `clone` gives, without
    /// copying a plain form that was cleaned (owned).
    pub fn borrowed(&self) -> Line<'_> {
        Line {
            raw: self.raw,
            plain: Cow::Borrowed(&self.plain),
            md_level: self.md_level,
            indented: self.indented,
            marked: self.marked,
            width: self.width,
        }
    }
}

/// The number of characters of `raw.trim_end()`: [`Line::width`] of a line `raw`.
pub(crate) fn width_of(raw: &str) -> usize {
    char_count(raw.trim_end())
}

/// [`width_of`] of a line of `chars` characters, given that count: a line that ends in an
/// ASCII character other than whitespace is its own `trim_end()` (`char::is_whitespace`
/// holds for no other ASCII character than 0x09–0x0D and the space, and a line's last byte,
/// when ASCII, is its last character), so only the other lines are trimmed and counted.
/// Inlined into the line scan: a call per line cost more than the test.
#[inline(always)]
fn trimmed_width(raw: &str, chars: usize) -> usize {
    match raw.as_bytes().last() {
        Some(&b) if b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ') => chars,
        Some(_) => width_of(raw),
        None => 0,
    }
}

/// Splits on `\n`, `\r\n`, lone `\r` and form feeds, and computes each line's plain form.
///
/// The text is scanned once, 32 bytes at a time, for the bytes that may need cleaning (the
/// line terminators among them), the pairs of spaces and the continuation bytes; the lines
/// are read off each block's bit masks as soon as they are made ([`split_lines_by_blocks`]).
/// A scan per line (what [`split_lines_by_line`], the tests' oracle, does) started afresh at
/// every line and scanned each line's last chunk twice; the masks of the whole text made first
/// and read after ([`split_lines_by_masks`], also an oracle) were written to memory and read
/// back, and a line's pairs of spaces looked up block by block again. The masks count each
/// line's characters ([`Line::width`]): its bytes less its continuation bytes.
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // A block in one AVX2 vector where the processor has it (every such processor has
        // POPCNT), else in two SSE2 halves (every x86_64). Counting bits takes one instruction
        // with POPCNT, a dozen without (the baseline x86_64 target may not have it). Asked
        // once by std, then read from its cache.
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("popcnt") {
            // SAFETY: `split_lines_avx2` requires AVX2 and POPCNT, which were just detected.
            return unsafe { split_lines_avx2(text) };
        }
        if std::is_x86_feature_detected!("popcnt") {
            // SAFETY: `split_lines_sse2_popcnt` requires POPCNT, which was just detected.
            return unsafe { split_lines_sse2_popcnt(text) };
        }
        // SAFETY: SSE2 is enabled for the whole target (every x86_64).
        split_lines_by_blocks(text, |block| unsafe { block_bits_sse2(block) })
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    split_lines_by_blocks(text, block_bits_by_bytes)
}

/// [`split_lines`] with AVX2 and POPCNT.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2,popcnt")]
fn split_lines_avx2(text: &str) -> Vec<Line<'_>> {
    // The closure has this function's target features: AVX2 is enabled where it is called.
    split_lines_by_blocks(text, |block| block_bits_avx2(block))
}

/// [`split_lines`] with SSE2 and POPCNT.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "popcnt")]
fn split_lines_sse2_popcnt(text: &str) -> Vec<Line<'_>> {
    // SAFETY: SSE2 is enabled for the whole target (every x86_64).
    split_lines_by_blocks(text, |block| unsafe { block_bits_sse2(block) })
}

/// The line scan of [`split_lines`], given the function that makes a block's `marked`,
/// `spaces` and `continuations` bits; inlined into each compilation.
#[inline(always)]
fn split_lines_by_blocks(
    text: &str,
    block_bits: impl Fn(&[u8; BLOCK]) -> (u32, u32, u32),
) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (chunks, last) = blocks(text.as_bytes());
    let mut scan = LineScan {
        text,
        out: Vec::with_capacity(text.len() / 40 + 1),
        start: 0,
        first_to_clean: None,
        continuations_before_block: 0,
        continuations_before_line: 0,
        paired_before_block: false,
        space_before_block: 0,
    };
    // The full blocks, then the padded last one: a chained iterator cost more per block than
    // the vector tests.
    let mut base = 0;
    for chunk in chunks {
        scan.block(base, block_bits(chunk.try_into().expect("a full block")));
        base += BLOCK;
    }
    if let Some(block) = last {
        scan.block(base, block_bits(&block));
    }
    scan.finish()
}

/// The state of [`split_lines_by_blocks`] between blocks.
struct LineScan<'t> {
    text: &'t str,
    out: Vec<Line<'t>>,
    /// Where the current line starts.
    start: usize,
    /// The first byte of the current line that starts a character needing cleaning.
    first_to_clean: Option<usize>,
    /// Continuation bytes before the current block, and before the current line: the bytes
    /// between a line's end and the next line's start are terminators (ASCII), so the count
    /// before a line is the count before the end of the line before it.
    continuations_before_block: usize,
    continuations_before_line: usize,
    /// Whether a pair of spaces ends in the current line before the current block.
    paired_before_block: bool,
    /// 1 when the last byte of the block before is a space.
    space_before_block: u32,
}

impl<'t> LineScan<'t> {
    /// Reads the lines that end in the block at `base` off its bits.
    #[inline(always)]
    fn block(&mut self, base: usize, (mut marked, spaces, continuations): (u32, u32, u32)) {
        let text = self.text;
        let bytes = text.as_bytes();
        // Bit j: byte j and the byte before it (in the block before, for bit 0) are spaces.
        let pair_ends = spaces & ((spaces << 1) | self.space_before_block);
        self.space_before_block = spaces >> 31;
        while marked != 0 {
            let at = base + marked.trailing_zeros() as usize;
            marked &= marked - 1;
            if at < self.start {
                // The '\n' of a "\r\n", ended with the '\r'.
                continue;
            }
            // A marked byte is ASCII or a lead byte: `at` is a character boundary. (A
            // character's continuation bytes are never marked, so one that needs no cleaning
            // is passed over by going on to the next marked byte.)
            if is_line_end(bytes[at]) {
                // The pairs that end in the line in this block: from its start (or the
                // block's) up to the terminator. No pair ends at the line's start, whose byte
                // before is a terminator (or none).
                let from = self.start.saturating_sub(base);
                let within = (u32::MAX << from) & ((1u32 << (at - base)) - 1);
                let paired = self.first_to_clean.is_none()
                    && (self.paired_before_block || pair_ends & within != 0);
                let below_at = continuations & ((1u32 << (at - base)) - 1);
                let before_end = self.continuations_before_block + below_at.count_ones() as usize;
                let raw = &text[self.start..at];
                let chars = raw.len() - (before_end - self.continuations_before_line);
                self.out.push(make_line(
                    raw,
                    self.first_to_clean.map(|at| at - self.start),
                    paired,
                    trimmed_width(raw, chars),
                ));
                self.continuations_before_line = before_end;
                self.start = if bytes[at..].starts_with(b"\r\n") {
                    at + 2
                } else {
                    at + 1
                };
                self.first_to_clean = None;
                self.paired_before_block = false;
            } else if self.first_to_clean.is_none() && harmless_char_len(&bytes[at..]).is_none() {
                self.first_to_clean = Some(at);
            }
        }
        // The pairs of this block in the line that goes on past it (none when it starts after
        // the block: a "\r\n" split by the block's end).
        if self.start < base + BLOCK {
            let from = self.start.saturating_sub(base);
            self.paired_before_block |= pair_ends & (u32::MAX << from) != 0;
        }
        self.continuations_before_block += continuations.count_ones() as usize;
    }

    /// The lines, the last one (without a terminator) included.
    #[inline(always)]
    fn finish(mut self) -> Vec<Line<'t>> {
        let text = self.text;
        if self.start < text.len() {
            // The padding of the last block holds no space: the pairs counted are the line's.
            let paired = self.first_to_clean.is_none() && self.paired_before_block;
            let raw = &text[self.start..];
            let chars =
                raw.len() - (self.continuations_before_block - self.continuations_before_line);
            self.out.push(make_line(
                raw,
                self.first_to_clean.map(|at| at - self.start),
                paired,
                trimmed_width(raw, chars),
            ));
        }
        self.out
    }
}

/// [`split_lines`] as it was before the masks were read block by block as they are made:
/// the masks of the whole text first, then the lines read off them. The tests' oracle.
#[cfg(test)]
fn split_lines_by_masks(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let masks = block_masks(bytes);
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = 0;
    // The first byte of the current line that starts a character needing cleaning.
    let mut first_to_clean: Option<usize> = None;
    // Continuation bytes before the current block, and before the current line: the bytes
    // between a line's end and the next line's start are terminators (ASCII), so the count
    // before a line is the count before the end of the line before it.
    let mut continuations_before_block = 0usize;
    let mut continuations_before_line = 0usize;
    for (
        block,
        &BlockMasks {
            mut marked,
            continuations,
            ..
        },
    ) in masks.iter().enumerate()
    {
        let base = block * BLOCK;
        while marked != 0 {
            let at = base + marked.trailing_zeros() as usize;
            marked &= marked - 1;
            if at < start {
                // The '\n' of a "\r\n", ended with the '\r'.
                continue;
            }
            // A marked byte is ASCII or a lead byte: `at` is a character boundary. (A
            // character's continuation bytes are never marked, so one that needs no cleaning
            // is passed over by going on to the next marked byte.)
            if is_line_end(bytes[at]) {
                let paired = first_to_clean.is_none() && pairs_within(&masks, start, at);
                let below_at = continuations & ((1u32 << (at - base)) - 1);
                let before_end = continuations_before_block + below_at.count_ones() as usize;
                let raw = &text[start..at];
                let chars = raw.len() - (before_end - continuations_before_line);
                out.push(make_line(
                    raw,
                    first_to_clean.map(|at| at - start),
                    paired,
                    trimmed_width(raw, chars),
                ));
                continuations_before_line = before_end;
                start = if bytes[at..].starts_with(b"\r\n") {
                    at + 2
                } else {
                    at + 1
                };
                first_to_clean = None;
            } else if first_to_clean.is_none() && harmless_char_len(&bytes[at..]).is_none() {
                first_to_clean = Some(at);
            }
        }
        continuations_before_block += continuations.count_ones() as usize;
    }
    if start < bytes.len() {
        let paired = first_to_clean.is_none() && pairs_within(&masks, start, bytes.len());
        let raw = &text[start..];
        let chars = raw.len() - (continuations_before_block - continuations_before_line);
        out.push(make_line(
            raw,
            first_to_clean.map(|at| at - start),
            paired,
            trimmed_width(raw, chars),
        ));
    }
    out
}

/// The bytes [`block_masks`] reads at once.
const BLOCK: usize = 32;

/// Bit j of a block's masks is about byte j of the block: `marked`, whether it is in
/// [`NEEDS_CLEANING`]; `pair_ends`, whether it and the byte before it (in the block before,
/// for bit 0) are spaces; `continuations`, whether it continues a character (0x80–0xBF).
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockMasks {
    marked: u32,
    pair_ends: u32,
    continuations: u32,
}

/// Whether a pair of spaces ends in `start..end`. Used for a line from `start`: the byte
/// before it is a line terminator (or there is none), so no pair ends at `start` that begins
/// before the line.
#[cfg(test)]
fn pairs_within(masks: &[BlockMasks], start: usize, end: usize) -> bool {
    if start >= end {
        return false;
    }
    let (first, last) = (start / BLOCK, (end - 1) / BLOCK);
    (first..=last).any(|block| {
        let mut bits = masks[block].pair_ends;
        if block == first {
            bits &= u32::MAX << (start % BLOCK);
        }
        if block == last {
            bits &= u32::MAX >> (BLOCK - 1 - (end - 1) % BLOCK);
        }
        bits != 0
    })
}

/// The masks of every block of 32 bytes of `bytes` (the last one padded with a byte that is
/// neither marked nor a space), with AVX2 where the processor has it, else SSE2 (every
/// x86_64), else byte by byte.
#[cfg(test)]
fn block_masks(bytes: &[u8]) -> Vec<BlockMasks> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: `block_masks_avx2` requires AVX2, which was just detected.
            return unsafe { block_masks_avx2(bytes) };
        }
        // SAFETY: SSE2 is enabled for the whole target (every x86_64).
        unsafe { block_masks_sse2(bytes) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    block_masks_by_bytes(bytes)
}

/// The blocks of `bytes`, the last one (when it is short) padded with 'a'.
fn blocks(bytes: &[u8]) -> (std::slice::ChunksExact<'_, u8>, Option<[u8; BLOCK]>) {
    let chunks = bytes.chunks_exact(BLOCK);
    let rest = chunks.remainder();
    let last = (!rest.is_empty()).then(|| {
        let mut padded = [b'a'; BLOCK];
        padded[..rest.len()].copy_from_slice(rest);
        padded
    });
    (chunks, last)
}

/// One block's masks from its `marked`, `spaces` and `continuations` bits, `carry` being 1
/// when the last byte of the block before is a space; returns the carry for the next block.
#[cfg(test)]
fn masks_of(marked: u32, spaces: u32, continuations: u32, carry: u32) -> (BlockMasks, u32) {
    let pair_ends = spaces & ((spaces << 1) | carry);
    let masks = BlockMasks {
        marked,
        pair_ends,
        continuations,
    };
    (masks, spaces >> 31)
}

/// A block's bits ([`block_bits_avx2`]) byte by byte with the table (other targets, and the
/// tests' oracle).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn block_bits_by_bytes(block: &[u8; BLOCK]) -> (u32, u32, u32) {
    let (mut marked, mut spaces, mut continuations) = (0u32, 0u32, 0u32);
    for (j, &b) in block.iter().enumerate() {
        marked |= u32::from(NEEDS_CLEANING[usize::from(b)]) << j;
        spaces |= u32::from(b == b' ') << j;
        continuations |= u32::from((0x80..0xC0).contains(&b)) << j;
    }
    (marked, spaces, continuations)
}

/// [`block_masks`] byte by byte with the table (the tests' oracle).
#[cfg(test)]
fn block_masks_by_bytes(bytes: &[u8]) -> Vec<BlockMasks> {
    block_masks_with(bytes, block_bits_by_bytes)
}

/// A block's `marked`, `spaces` and `continuations` bits with one 32-byte AVX2 vector: the
/// byte tests of [`scan_line_avx2`].
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
#[inline]
fn block_bits_avx2(block: &[u8; BLOCK]) -> (u32, u32, u32) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_set1_epi8,
    };
    let lane = |byte: u8| _mm256_set1_epi8(i8::from_ne_bytes([byte]));
    // SAFETY: the load reads the 32 bytes of `block` (unaligned loads allow any address).
    let v = unsafe { _mm256_loadu_si256(block.as_ptr().cast::<__m256i>()) };
    let marked = marked_bits_avx2(v);
    let spaces = _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, lane(b' '))) as u32;
    // 0x80–0xBF are the signed lanes below -64 (0xC0).
    let continuations = _mm256_movemask_epi8(_mm256_cmpgt_epi8(lane(0xC0), v)) as u32;
    (marked, spaces, continuations)
}

/// [`block_masks`] with [`block_bits_avx2`].
#[cfg(all(test, target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn block_masks_avx2(bytes: &[u8]) -> Vec<BlockMasks> {
    block_masks_with(bytes, |block| block_bits_avx2(block))
}

/// The masks of every block of `bytes`, with the function that makes a block's bits.
#[cfg(test)]
#[inline(always)]
fn block_masks_with(
    bytes: &[u8],
    block_bits: impl Fn(&[u8; BLOCK]) -> (u32, u32, u32),
) -> Vec<BlockMasks> {
    let (chunks, last) = blocks(bytes);
    let mut out = Vec::with_capacity(bytes.len() / BLOCK + 1);
    let mut carry = 0;
    for block in chunks {
        let bits = block_bits(block.try_into().expect("a full block"));
        let (masks, next) = masks_of(bits.0, bits.1, bits.2, carry);
        out.push(masks);
        carry = next;
    }
    if let Some(block) = last {
        let (marked, spaces, continuations) = block_bits(&block);
        out.push(masks_of(marked, spaces, continuations, carry).0);
    }
    out
}

/// Bit j set where byte j of `v` is in [`NEEDS_CLEANING`]: looked up by its two nibbles
/// (`_mm256_shuffle_epi8` reads sixteen-entry tables), each byte class one bit that the high
/// nibble's table and the low nibble's table both set only for the bytes of that class:
/// 0x00–0x1F (bit 0), '*' 0x2A (bit 1), '\\' 0x5C and '_' 0x5F (bit 2), DEL 0x7F (bit 3), 0xC2
/// (bit 4), 0xE1, 0xE2, 0xE3 and 0xEF (bit 5). Nine vector steps instead of twenty comparisons;
/// a test compares every byte value with the table.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn marked_bits_avx2(v: std::arch::x86_64::__m256i) -> u32 {
    use std::arch::x86_64::{
        _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_set1_epi8,
        _mm256_setr_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_srli_epi16,
    };
    // The shuffle looks up within each 128-bit half: each table is written twice.
    #[rustfmt::skip]
    let high_table = _mm256_setr_epi8(
        0x01, 0x01, 0x02, 0, 0, 0x04, 0, 0x08, 0, 0, 0, 0, 0x10, 0, 0x20, 0,
        0x01, 0x01, 0x02, 0, 0, 0x04, 0, 0x08, 0, 0, 0, 0, 0x10, 0, 0x20, 0,
    );
    #[rustfmt::skip]
    let low_table = _mm256_setr_epi8(
        0x01, 0x21, 0x31, 0x21, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x03, 0x01, 0x05, 0x01, 0x01, 0x2D,
        0x01, 0x21, 0x31, 0x21, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x03, 0x01, 0x05, 0x01, 0x01, 0x2D,
    );
    let nibble = _mm256_set1_epi8(0x0F);
    // The high nibbles: shifted in 16-bit lanes, so the low byte's takes the high byte's low
    // bits; the mask keeps the nibble only (and clears the bit 7 the shuffle reads as zero).
    let high = _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble);
    let low = _mm256_and_si256(v, nibble);
    let classes = _mm256_and_si256(
        _mm256_shuffle_epi8(high_table, high),
        _mm256_shuffle_epi8(low_table, low),
    );
    !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(classes, _mm256_setzero_si256())) as u32)
}

/// A block's bits ([`block_bits_avx2`]) with SSE2, in two 16-byte halves: the byte tests of
/// [`scan_line_sse2`].
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
fn block_bits_sse2(block: &[u8; BLOCK]) -> (u32, u32, u32) {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    let lane = |byte: u8| _mm_set1_epi8(i8::from_ne_bytes([byte]));
    let half_bits = |half: &[u8]| {
        let word = |range: std::ops::Range<usize>| {
            i64::from_le_bytes(half[range].try_into().expect("eight bytes"))
        };
        let v = _mm_set_epi64x(word(8..16), word(0..8));
        let control = _mm_and_si128(_mm_cmplt_epi8(v, lane(0x20)), _mm_cmpgt_epi8(v, lane(0xFF)));
        let mut hits = control;
        for byte in [0x7F, b'*', b'_', b'\\', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF] {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(v, lane(byte)));
        }
        let marked = _mm_movemask_epi8(hits) as u32;
        let spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(v, lane(b' '))) as u32;
        // 0x80–0xBF are the signed lanes below -64 (0xC0).
        let continuations = _mm_movemask_epi8(_mm_cmplt_epi8(v, lane(0xC0))) as u32;
        (marked, spaces, continuations)
    };
    let (low_marked, low_spaces, low_continuations) = half_bits(&block[..16]);
    let (high_marked, high_spaces, high_continuations) = half_bits(&block[16..]);
    (
        low_marked | (high_marked << 16),
        low_spaces | (high_spaces << 16),
        low_continuations | (high_continuations << 16),
    )
}

/// [`block_masks`] with [`block_bits_sse2`].
#[cfg(all(test, target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn block_masks_sse2(bytes: &[u8]) -> Vec<BlockMasks> {
    block_masks_with(bytes, |block| block_bits_sse2(block))
}

/// [`split_lines`] the way it was written before the block scan, one scan per line: the
/// tests' oracle.
#[cfg(test)]
fn split_lines_by_line(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = 0;
    while start < bytes.len() {
        let rest = &bytes[start..];
        let (first, paired) = first_to_clean(rest);
        let (end, to_clean) = match first {
            Some(k) if is_line_end(rest[k]) => (start + k, None),
            Some(k) => {
                let end = rest[k..]
                    .iter()
                    .position(|&b| is_line_end(b))
                    .map_or(bytes.len(), |e| start + k + e);
                (end, Some(k))
            }
            None => (bytes.len(), None),
        };
        let raw = &text[start..end];
        out.push(make_line(raw, to_clean, paired, width_of(raw)));
        start = if bytes[end..].starts_with(b"\r\n") {
            end + 2
        } else {
            end + 1
        };
    }
    out
}

fn is_line_end(b: u8) -> bool {
    // `\n` is 0x0A, `\u{b}` 0x0B, `\u{c}` 0x0C, `\r` 0x0D: one range check rejects almost every
    // byte.
    (b'\n'..=b'\r').contains(&b)
}

/// Whether `text.to_lowercase() == lowercase`, without building the lower-case copy: the
/// characters are lower-cased one by one. `str::to_lowercase` differs from that only for a
/// capital sigma (final or not), and either lower-case sigma makes both comparisons fail
/// alike, since `lowercase` is Danish.
pub(crate) fn lowercase_eq(text: &str, lowercase: &str) -> bool {
    let mut expected = lowercase.chars();
    text.chars()
        .flat_map(char::to_lowercase)
        .all(|c| expected.next() == Some(c))
        && expected.next().is_none()
}

/// The lower case of a text's start (characters lower-cased one by one, as in
/// [`lowercase_eq`]), made once on the stack to compare against several short lower-case words:
/// a line checked against every section heading is lower-cased once, not once per heading.
pub(crate) struct LowerStart<'t> {
    text: &'t str,
    buf: [u8; LowerStart::CAPACITY],
    len: usize,
    /// Whether `buf[..len]` is the lower case of the whole text.
    complete: bool,
}

impl<'t> LowerStart<'t> {
    /// Bytes kept; longer words are compared the slow way.
    const CAPACITY: usize = 32;

    pub fn new(text: &'t str) -> LowerStart<'t> {
        let mut lowered = LowerStart {
            text,
            buf: [0; Self::CAPACITY],
            len: 0,
            complete: true,
        };
        // The ASCII start (most lines) copied and lower-cased as bytes; the rest, from a
        // character boundary (every byte before it is ASCII), character by character.
        let bytes = text.as_bytes();
        let ascii = bytes
            .iter()
            .take(Self::CAPACITY)
            .take_while(|b| b.is_ascii())
            .count();
        lowered.buf[..ascii].copy_from_slice(&bytes[..ascii]);
        lowered.buf[..ascii].make_ascii_lowercase();
        lowered.len = ascii;
        lowered.push_chars(&text[ascii..]);
        lowered
    }

    /// [`LowerStart::new`] character by character from the first: the tests' oracle.
    #[cfg(test)]
    fn new_by_chars(text: &'t str) -> LowerStart<'t> {
        let mut lowered = LowerStart {
            text,
            buf: [0; Self::CAPACITY],
            len: 0,
            complete: true,
        };
        lowered.push_chars(text);
        lowered
    }

    /// Appends the lower case of `rest`'s characters while they fit (not complete when one
    /// does not).
    fn push_chars(&mut self, rest: &str) {
        let lowered = self;
        for c in rest.chars() {
            if c.is_ascii() {
                // The common case, without the Unicode tables.
                if lowered.len == Self::CAPACITY {
                    lowered.complete = false;
                    break;
                }
                lowered.buf[lowered.len] = c.to_ascii_lowercase() as u8;
                lowered.len += 1;
                continue;
            }
            if !lowered.push_lowercase(c) {
                break;
            }
        }
    }

    /// Appends the lower case of `c`; false (and not complete) when it does not fit.
    fn push_lowercase(&mut self, c: char) -> bool {
        for c in c.to_lowercase() {
            let mut utf8 = [0u8; 4];
            let encoded = c.encode_utf8(&mut utf8).as_bytes();
            let end = self.len + encoded.len();
            if end > Self::CAPACITY {
                self.complete = false;
                return false;
            }
            self.buf[self.len..end].copy_from_slice(encoded);
            self.len = end;
        }
        true
    }

    /// [`lowercase_eq`] of the text and `lowercase`.
    pub fn eq(&self, lowercase: &str) -> bool {
        if self.complete || lowercase.len() <= self.len {
            // A longer lower case cannot equal a word that fits (and the kept bytes are its
            // start): the comparison decides only when the whole text is kept.
            self.complete && &self.buf[..self.len] == lowercase.as_bytes()
        } else {
            lowercase_eq(self.text, lowercase)
        }
    }

    /// [`lowercase_starts_with`] of the text and `prefix`.
    pub fn starts_with(&self, prefix: &str) -> bool {
        if self.complete || prefix.len() <= self.len {
            self.buf[..self.len].starts_with(prefix.as_bytes())
        } else {
            lowercase_starts_with(self.text, prefix)
        }
    }
}

/// Whether `text.to_lowercase().starts_with(prefix)` (see [`lowercase_eq`]).
pub(crate) fn lowercase_starts_with(text: &str, prefix: &str) -> bool {
    let mut lowered = text.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| lowered.next() == Some(p))
}

/// Whether the first character is a digit in the sense of a regex's `\d` (any Unicode decimal
/// digit; `is_numeric` covers them all): a test that spares a pattern starting with `\d` the
/// lines it cannot match.
pub(crate) fn starts_numeric(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_numeric)
}

/// Like [`starts_numeric`], for a pattern that ends with `\d...$`.
pub(crate) fn ends_numeric(text: &str) -> bool {
    text.chars().next_back().is_some_and(char::is_numeric)
}

/// The number of characters of `text`: `text.chars().count()`, which is the number of bytes
/// that do not continue a character (0x80–0xBF), counted sixteen bytes at a time where SSE2
/// is there (lines are measured for wrap detection several times over).
pub(crate) fn char_count(text: &str) -> usize {
    text.len() - continuation_bytes(text.as_bytes())
}

/// How many bytes are 0x80–0xBF (as signed bytes, those below -64): sixteen at a time, each
/// lane of a vector counting its matches (a match is -1, subtracted), summed every 255
/// chunks (before a lane can overflow) and at the end.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn continuation_bytes(bytes: &[u8]) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_cmplt_epi8, _mm_cvtsi128_si64, _mm_loadu_si128, _mm_sad_epu8, _mm_set1_epi8,
        _mm_setzero_si128, _mm_sub_epi8, _mm_unpackhi_epi64,
    };
    /// The sum of the sixteen lanes.
    fn lane_sum(counts: __m128i) -> usize {
        // SAFETY: SSE2 is enabled for the whole target (every x86_64 has it).
        unsafe {
            let sums = _mm_sad_epu8(counts, _mm_setzero_si128());
            let low = _mm_cvtsi128_si64(sums);
            let high = _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
            // Each half is at most 8 × 255.
            (low + high) as usize
        }
    }
    let mut chunks = bytes.chunks_exact(16);
    let mut total = 0usize;
    // SAFETY: as above; each load reads the sixteen bytes of a chunk of `chunks_exact(16)`.
    unsafe {
        let limit = _mm_set1_epi8(-64);
        let mut counts = _mm_setzero_si128();
        let mut pending = 0;
        for chunk in chunks.by_ref() {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            counts = _mm_sub_epi8(counts, _mm_cmplt_epi8(v, limit));
            pending += 1;
            if pending == 255 {
                total += lane_sum(counts);
                counts = _mm_setzero_si128();
                pending = 0;
            }
        }
        total += lane_sum(counts);
    }
    total
        + chunks
            .remainder()
            .iter()
            .filter(|&&b| (0x80..0xC0).contains(&b))
            .count()
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn continuation_bytes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (0x80..0xC0).contains(&b)).count()
}

/// A line; `first_to_clean` is where its first character that needs cleaning starts (the
/// first byte of [`NEEDS_CLEANING`] that does not start a harmless character, as
/// [`first_to_clean`] finds it), `paired` (when it has none) whether it may hold two spaces in
/// a row, `width` is its [`Line::width`]. Inlined into the line scan, which makes one per
/// line.
#[inline(always)]
fn make_line(raw: &str, first_to_clean: Option<usize>, paired: bool, width: usize) -> Line<'_> {
    let marked = first_to_clean.is_some();
    let indented = raw.chars().next().is_some_and(is_space_like);
    let (md_level, content) = markdown_heading(raw);
    // Where the content starts in the line (it is a part of it).
    let offset = content.as_ptr() as usize - raw.as_ptr() as usize;
    let plain = match first_to_clean {
        // The character found is in the content, whole (the content is cut at character
        // boundaries), so `is_plain_already` would find it too (or one before it) and say no:
        // the content is cleaned without scanning it for that answer again.
        Some(at) if at >= offset && at < offset + content.len() => Cow::Owned(clean_text(content)),
        // The content is part of the line: when the line has no marked byte, neither has it,
        // and only the spaces are left for `is_plain_already` to check.
        _ if marked || !is_spaced_plainly(content, paired) => plain_text(content),
        _ => Cow::Borrowed(content),
    };
    Line {
        raw,
        plain,
        md_level,
        indented,
        marked,
        width,
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

/// `(level, rest)` for a Markdown ATX heading ("## Title"), else `(0, line)`. Hashes without
/// text are not a heading: they are kept as text, so that normalised text reads the same again.
pub(crate) fn markdown_heading(raw: &str) -> (u8, &str) {
    // A heading starts with '#' after spaces: a line whose first byte is neither '#' nor the
    // first byte of a space (' ', a tab, or the lead byte 0xC2, 0xE2 or 0xE3 of the odd
    // spaces) is none, which most lines show by their first byte.
    if !matches!(
        raw.as_bytes().first(),
        Some(b'#' | b' ' | b'\t' | 0xC2 | 0xE2 | 0xE3)
    ) {
        return (0, raw);
    }
    markdown_heading_in_full(raw)
}

/// [`markdown_heading`] without the first-byte test.
fn markdown_heading_in_full(raw: &str) -> (u8, &str) {
    let (level, rest) = markdown_heading_once(raw);
    if level == 0 {
        return (0, raw);
    }
    // "# # Title": what follows the markup would read as a heading again; strip it too.
    let mut rest = rest;
    loop {
        let (inner_level, inner) = markdown_heading_once(rest);
        if inner_level == 0 {
            return (level, rest);
        }
        rest = inner;
    }
}

fn markdown_heading_once(raw: &str) -> (u8, &str) {
    let trimmed = raw.trim_start_matches(is_space_like);
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let rest = &trimmed[hashes..];
        if rest.starts_with(is_space_like) {
            // A closing run of #'s ("## Title ##") is markup too.
            let rest = rest.trim_end_matches(is_space_like).trim_end_matches('#');
            // A line with a tab is a table row, whatever it starts with.
            if !rest.trim_matches(is_space_like).is_empty() && !rest.contains('\t') {
                return (hashes as u8, rest);
            }
        }
    }
    (0, raw)
}

/// The plain form of (the content of) a line: see [`Line::plain`].
pub(crate) fn plain_text(content: &str) -> Cow<'_, str> {
    if is_plain_already(content) {
        return Cow::Borrowed(content);
    }
    Cow::Owned(clean_text(content))
}

/// Whether [`clean_text`] would return the line unchanged: a byte scan that lets most lines
/// skip the character-by-character cleaning. Any byte that could start markup, a tab, a
/// control character, a double or edge space, or a multi-byte space or invisible character
/// (their UTF-8 lead bytes 0xC2, 0xE1, 0xE2, 0xE3, 0xEF) sends the line the slow way.
fn is_plain_already(content: &str) -> bool {
    let bytes = content.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // One table lookup per byte; the rare bytes that need a second look are marked.
    let (marked, paired) = first_to_clean(bytes);
    marked.is_none() && !paired
}

/// [`scan_line`], passing over the characters whose lead byte is marked but that need no
/// cleaning: the dashes, quotes, bullets and signs of ordinary text ("–", "”", "•", "§") share
/// their lead byte (0xE2, 0xC2) with the odd spaces and invisible characters. A marked byte
/// is ASCII or a lead byte (never a continuation byte), so the character found there is
/// decoded and asked [`needs_cleaning`]; the scan goes on after one that does not. No pair of
/// spaces can span it (it is not a space).
fn first_to_clean(bytes: &[u8]) -> (Option<usize>, bool) {
    let mut from = 0;
    let mut paired = false;
    loop {
        let (found, pairs) = scan_line(&bytes[from..]);
        paired |= pairs;
        let Some(k) = found else {
            return (None, paired);
        };
        let at = from + k;
        match harmless_char_len(&bytes[at..]) {
            Some(len) => from = at + len,
            None => return (Some(at), paired),
        }
    }
}

/// The length of the character `bytes` starts with when it is a multi-byte character that
/// needs no cleaning (so [`clean_text`] copies it as it is), else None. `bytes` starts at a
/// character boundary of valid UTF-8.
fn harmless_char_len(bytes: &[u8]) -> Option<usize> {
    let lead = *bytes.first()?;
    let (c, len) = match lead {
        0xC0..=0xDF => {
            let c = (u32::from(lead & 0x1F) << 6) | u32::from(*bytes.get(1)? & 0x3F);
            (c, 2)
        }
        0xE0..=0xEF => {
            let c = (u32::from(lead & 0x0F) << 12)
                | (u32::from(*bytes.get(1)? & 0x3F) << 6)
                | u32::from(*bytes.get(2)? & 0x3F);
            (c, 3)
        }
        _ => return None,
    };
    let c = char::from_u32(c)?;
    // Whitespace is not harmless either: the cleaning trims it at the ends.
    (!needs_cleaning(c) && !c.is_whitespace()).then_some(len)
}

/// Whether [`clean_char`] does anything but copy `c` (a character that is not a space, '*',
/// '_' or '\\'): an odd space, an invisible or control character, or a ligature.
fn needs_cleaning(c: char) -> bool {
    is_odd_space(c) || is_invisible(c) || c.is_control() || ligature_letters(c).is_some()
}

/// The part of [`is_plain_already`] about spaces: none at either end, never two in a row.
/// `paired` is false when the line the content is part of has no two spaces in a row (then
/// neither has the content), true when it may have.
fn is_spaced_plainly(content: &str, paired: bool) -> bool {
    let edge_space = content.starts_with(' ') || content.ends_with(' ');
    !(edge_space || paired && content.contains("  "))
}

/// The bytes [`is_plain_already`] rejects: markup, control characters (a tab included), and
/// the lead bytes of multi-byte spaces, invisible characters and ligatures.
static NEEDS_CLEANING: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == 0x7F;
        b += 1;
    }
    let mut i = 0;
    let marked = [b'*', b'_', b'\\', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF];
    while i < marked.len() {
        table[marked[i] as usize] = true;
        i += 1;
    }
    table
};

/// The position of the first byte of [`NEEDS_CLEANING`], as `bytes.iter().position(...)`
/// would find it, sixteen bytes at a time where SSE2 is there (always, on x86_64): every line
/// of every document goes through this scan. The vector test compares each byte with exactly
/// the table's set (control bytes 0x00–0x1F, DEL, '*', '_', '\\' and the lead bytes 0xC2,
/// 0xE1, 0xE2, 0xE3, 0xEF), so its first set bit is the answer; the rest of a text shorter
/// than sixteen bytes goes byte by byte with the table, and other targets eight bytes at a
/// time. (Only the tests ask for it alone: the parser asks [`scan_line`].)
#[cfg(test)]
fn first_marked(bytes: &[u8]) -> Option<usize> {
    scan_line(bytes).0
}

/// [`first_marked`], and whether two spaces follow each other before the byte found (before
/// the end when there is none): what `contains("  ")` says of the line up to there, from the
/// same pass (a substring search of its own cost more than this scan).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn scan_line(bytes: &[u8]) -> (Option<usize>, bool) {
    // Thirty-two bytes at a time where the processor has AVX2 (asked once by std, then read
    // from its cache): most lines are longer than a chunk, so the scan takes about half the
    // steps. A text shorter than a chunk gains nothing from it.
    if bytes.len() >= 32 && std::is_x86_feature_detected!("avx2") {
        // SAFETY: `scan_line_avx2` requires AVX2, which was just detected.
        return unsafe { scan_line_avx2(bytes) };
    }
    // SAFETY: the only requirement of `scan_line_sse2` is that the processor has SSE2, and
    // this code is compiled only where it is enabled for the whole target (every x86_64).
    unsafe { scan_line_sse2(bytes) }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn scan_line(bytes: &[u8]) -> (Option<usize>, bool) {
    scan_line_by_words(bytes)
}

/// [`scan_line`] with the word-at-a-time [`first_marked_by_words`] and a plain pair search.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn scan_line_by_words(bytes: &[u8]) -> (Option<usize>, bool) {
    let first = first_marked_by_words(bytes);
    let before = &bytes[..first.unwrap_or(bytes.len())];
    (first, before.windows(2).any(|pair| pair == b"  "))
}

/// [`scan_line`] with SSE2, which every x86_64 processor has.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn scan_line_sse2(bytes: &[u8]) -> (Option<usize>, bool) {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    // The bytes as signed lanes, the way SSE2 compares them.
    #[target_feature(enable = "sse2")]
    fn lane(byte: u8) -> __m128i {
        _mm_set1_epi8(i8::from_ne_bytes([byte]))
    }
    let mut chunks = bytes.chunks_exact(16);
    let mut offset = 0;
    // Bits set where a pair of spaces ended in the chunks passed, and (0 or 1) whether the last
    // byte of the chunk before is a space.
    let mut pair_ends = 0u32;
    let mut carry = 0u32;
    for chunk in chunks.by_ref() {
        let half = |range: std::ops::Range<usize>| {
            i64::from_le_bytes(chunk[range].try_into().expect("eight bytes"))
        };
        let v = _mm_set_epi64x(half(8..16), half(0..8));
        // 0x00–0x1F are the signed lanes in 0..0x20; the bytes from 0x80 are negative.
        let control = _mm_and_si128(_mm_cmplt_epi8(v, lane(0x20)), _mm_cmpgt_epi8(v, lane(0xFF)));
        let mut hits = control;
        for byte in [0x7F, b'*', b'_', b'\\', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF] {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(v, lane(byte)));
        }
        let mask = _mm_movemask_epi8(hits);
        // Bit j of `ends`: bytes j - 1 and j are spaces (byte -1 being the last of the chunk
        // before). Branch-free: this runs on every chunk of every line.
        let spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(v, lane(b' '))) as u32;
        let ends = spaces & ((spaces << 1) | carry);
        if mask != 0 {
            let k = mask.trailing_zeros();
            // Pairs that end before byte k lie wholly before it.
            let paired = pair_ends != 0 || ends & ((1u32 << k) - 1) != 0;
            return (Some(offset + k as usize), paired);
        }
        pair_ends |= ends;
        carry = spaces >> 15;
        offset += 16;
    }
    // The rest (fewer than sixteen bytes), byte by byte with the table.
    scan_rest(chunks.remainder(), offset, pair_ends != 0, carry != 0)
}

/// [`scan_line_sse2`] with 32-byte AVX2 vectors: the same byte tests and the same pair
/// bookkeeping (the carry is the last byte of the 32 before), the rest of the text (fewer than
/// 32 bytes) byte by byte with the table.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn scan_line_avx2(bytes: &[u8]) -> (Option<usize>, bool) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8,
    };
    // The bytes as signed lanes, the way AVX2 compares them.
    #[target_feature(enable = "avx2")]
    fn lane(byte: u8) -> __m256i {
        _mm256_set1_epi8(i8::from_ne_bytes([byte]))
    }
    let mut chunks = bytes.chunks_exact(32);
    let mut offset = 0;
    let mut pair_ends = 0u32;
    let mut carry = 0u32;
    for chunk in chunks.by_ref() {
        // SAFETY: the load reads the 32 bytes of a chunk of `chunks_exact(32)` (unaligned
        // loads allow any address).
        let v = unsafe { _mm256_loadu_si256(chunk.as_ptr().cast::<__m256i>()) };
        let mask = marked_bits_avx2(v);
        let spaces = _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, lane(b' '))) as u32;
        let ends = spaces & ((spaces << 1) | carry);
        if mask != 0 {
            let k = mask.trailing_zeros();
            let paired = pair_ends != 0 || ends & ((1u32 << k) - 1) != 0;
            return (Some(offset + k as usize), paired);
        }
        pair_ends |= ends;
        carry = spaces >> 31;
        offset += 32;
    }
    scan_rest(chunks.remainder(), offset, pair_ends != 0, carry != 0)
}

/// The end of a vector line scan: the bytes after its last whole vector (at `offset`), byte by
/// byte with the table. `paired`: a pair of spaces was seen before them; `space_before`: the
/// byte before them is a space.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn scan_rest(
    rest: &[u8],
    offset: usize,
    mut paired: bool,
    mut space_before: bool,
) -> (Option<usize>, bool) {
    for (k, &b) in rest.iter().enumerate() {
        if NEEDS_CLEANING[usize::from(b)] {
            return (Some(offset + k), paired);
        }
        let space = b == b' ';
        paired |= space_before && space;
        space_before = space;
    }
    (None, paired)
}

/// [`first_marked`] eight bytes at a time (for targets without SSE2, and as the tests' second
/// opinion). A word none of whose bytes can be marked is skipped
/// whole (the test is exact in that direction: it flags every word holding a control byte,
/// DEL, '*', '_', '\\' or any byte ≥ 0x80, a superset of the marked bytes); a flagged word is
/// looked at byte by byte with the table, so the answer is the table's.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn first_marked_by_words(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    /// Whether some byte of `word` is zero (exact as a yes/no answer).
    fn has_zero(word: u64) -> bool {
        word.wrapping_sub(ONES) & !word & HIGHS != 0
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_ne_bytes(chunk.try_into().expect("chunks of eight"));
        // A byte below 0x20 (with the high bit clear) turns its high bit on when 0x20 is
        // subtracted; bytes ≥ 0x80 are flagged by `word & HIGHS` anyway, and a borrow only
        // travels upwards from a byte that is itself flagged.
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
        let flagged = below_space
            || word & HIGHS != 0
            || has_zero(word ^ (ONES * 0x7F))
            || has_zero(word ^ (ONES * u64::from(b'*')))
            || has_zero(word ^ (ONES * u64::from(b'_')))
            || has_zero(word ^ (ONES * u64::from(b'\\')));
        if flagged {
            if let Some(k) = chunk.iter().position(|&b| NEEDS_CLEANING[usize::from(b)]) {
                return Some(offset + k);
            }
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| NEEDS_CLEANING[usize::from(b)])
        .map(|k| offset + k)
}

/// Cleans a line the slow way. Runs of characters that need nothing (found by the same byte
/// table as [`is_plain_already`], which marks every byte that may start a character needing
/// care) are copied at once; the marked characters go through [`clean_char`].
fn clean_text(content: &str) -> String {
    let bytes = content.as_bytes();
    let mut out = String::with_capacity(content.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let run_end = run_end(bytes, i);
        if run_end > i {
            // Marked bytes are ASCII or lead bytes, so `run_end` is a character boundary.
            push_run_with_space(&mut out, &mut pending_space, &content[i..run_end]);
            i = run_end;
            continue;
        }
        if bytes[i] == b' ' {
            // What clean_char does with a space, without decoding it and the next character.
            pending_space = true;
            i += 1;
            continue;
        }
        let rest = &content[i..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            break;
        };
        let consumed = clean_char(&mut out, &mut pending_space, c, chars.next());
        i += c.len_utf8() + consumed;
    }
    // Trim: leading spaces were never pushed; trailing tabs may have been.
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if out.starts_with('\t') {
        out = out.trim_start().to_string();
    }
    out
}

/// The end of the run of characters from `start` that [`clean_text`] copies as they are: up to
/// the first marked byte, or the first space that is doubled, last, or followed by a marked
/// byte. A single space between two unmarked characters inside a run is copied with it: the
/// slow way would set the pending space and push it before the next character, since `out` is
/// then non-empty (the run's first character is in it) and does not end with a tab (a run
/// holds none), which writes the same bytes. A run that starts with a space is empty (the
/// caller handles the space).
///
/// That is: the first marked byte `m` after `start` (the vector scan finds it, and whether two
/// spaces follow each other before it), unless a space ends the run sooner — the first of the
/// first pair of spaces before `m`, else a space just before `m` (or last). [`run_end_by_bytes`]
/// walks the bytes the same way one at a time (a proptest compares the two).
fn run_end(bytes: &[u8], start: usize) -> usize {
    let is_stop = |b: u8| b == b' ' || NEEDS_CLEANING[usize::from(b)];
    if bytes.get(start).is_none_or(|&b| is_stop(b)) {
        return start;
    }
    let from = start + 1;
    let (marked, paired) = scan_line(&bytes[from..]);
    let first_marked = marked.map_or(bytes.len(), |k| from + k);
    if paired {
        // No earlier space ends the run: a space followed by a marked byte or by the end is
        // at `first_marked - 1` or later, after the pair.
        let pair = bytes[from..first_marked]
            .windows(2)
            .position(|w| w == b"  ");
        return from + pair.expect("the scan saw a pair of spaces before the marked byte");
    }
    if first_marked > from && bytes[first_marked - 1] == b' ' {
        first_marked - 1
    } else {
        first_marked
    }
}

/// [`run_end`] one byte at a time: the tests' oracle.
#[cfg(test)]
fn run_end_by_bytes(bytes: &[u8], start: usize) -> usize {
    let is_stop = |b: u8| b == b' ' || NEEDS_CLEANING[usize::from(b)];
    if bytes.get(start).is_none_or(|&b| is_stop(b)) {
        return start;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' {
            match bytes.get(i + 1) {
                Some(&next) if !is_stop(next) => i += 2,
                _ => return i,
            }
        } else if NEEDS_CLEANING[usize::from(b)] {
            return i;
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// Cleans one character given the one after it; returns the bytes of that next character when
/// it was consumed too (a bold marker's second half, an escaped character).
fn clean_char(out: &mut String, pending_space: &mut bool, c: char, next: Option<char>) -> usize {
    let c = if is_odd_space(c) { ' ' } else { c };
    // Typographic ligatures from PDFs: "ﬁ" → "fi" (none is a space, invisible or control).
    if let Some(letters) = ligature_letters(c) {
        push_run_with_space(out, pending_space, letters);
        return 0;
    }
    match c {
        ' ' => *pending_space = true,
        c if is_invisible(c) => {}
        // Control characters (other than tab) carry no text.
        c if c.is_control() && c != '\t' => {}
        // Bold markers: "**" or "__" carry no text.
        '*' | '_' if next == Some(c) => return c.len_utf8(),
        '\\' => {
            // Markdown escapes ("\*", "\_"): keep the escaped character.
            if let Some(next) = next.filter(char::is_ascii_punctuation) {
                push_with_space(out, pending_space, next);
                return next.len_utf8();
            }
            push_with_space(out, pending_space, c);
        }
        '\t' => {
            *pending_space = false;
            out.push('\t');
        }
        c => push_with_space(out, pending_space, c),
    }
    0
}

/// The letters of a typographic ligature from PDFs ("ﬁ" → "fi"), or None.
fn ligature_letters(c: char) -> Option<&'static str> {
    match c {
        'ﬀ' => Some("ff"),
        'ﬁ' => Some("fi"),
        'ﬂ' => Some("fl"),
        'ﬃ' => Some("ffi"),
        'ﬄ' => Some("ffl"),
        _ => None,
    }
}

fn push_with_space(out: &mut String, pending_space: &mut bool, c: char) {
    push_run_with_space(out, pending_space, c.encode_utf8(&mut [0; 4]));
}

/// [`push_with_space`] for each character of a non-empty run: only the first can be preceded
/// by the pending space.
fn push_run_with_space(out: &mut String, pending_space: &mut bool, run: &str) {
    if *pending_space && !out.is_empty() && !out.ends_with('\t') {
        out.push(' ');
    }
    *pending_space = false;
    out.push_str(run);
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

    /// The character-by-character cleaning [`clean_text`] must agree with.
    fn clean_text_reference(content: &str) -> String {
        let mut out = String::with_capacity(content.len());
        let mut chars = content.chars().peekable();
        let mut pending_space = false;
        while let Some(c) = chars.next() {
            let c = if is_odd_space(c) { ' ' } else { c };
            if let Some(letters) = ligature_letters(c) {
                for letter in letters.chars() {
                    push_with_space(&mut out, &mut pending_space, letter);
                }
                continue;
            }
            match c {
                ' ' => {
                    pending_space = true;
                    continue;
                }
                c if is_invisible(c) => continue,
                c if c.is_control() && c != '\t' => continue,
                '*' | '_' if chars.peek() == Some(&c) => {
                    chars.next();
                    continue;
                }
                '\\' => {
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
        let trimmed_len = out.trim_end().len();
        out.truncate(trimmed_len);
        if out.starts_with('\t') {
            out = out.trim_start().to_string();
        }
        out
    }

    /// Letters, spaces, markup, tabs, odd spaces and invisible characters, mixed.
    const TRICKY: &str = "[ a-zæøå*_\\\\\t\u{a0}\u{2009}\u{200b}\u{1680}\u{c}”.#-]{0,40}";
    /// Characters sharing their lead bytes with those that need cleaning, and some that do.
    const LEAD_SHARING: &str = "[ a–”’•…§«°\u{a0}\u{ad}\u{85}\u{2002}-\u{2010}\u{202f}\u{2060}\
                                \u{1680}\u{3000}\u{3001}\u{feff}\u{fb00}-\u{fb06}\u{fffd}]{0,30}";

    /// Each line's plain form (split_lines) is what plain_text gives the line's content.
    fn plain_forms_are_plain_text(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        for line in split_lines(text) {
            let (_, content) = markdown_heading(line.raw);
            proptest::prop_assert_eq!(&line.plain, &plain_text(content));
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn fast_path_agrees_with_cleaning(text in TRICKY) {
            if is_plain_already(&text) {
                proptest::prop_assert_eq!(clean_text(&text), text);
            }
        }

        #[test]
        fn cleaning_by_runs_agrees_with_cleaning_by_characters(
            text in "[ a-zæøå*_\\\\\t\u{a0}\u{2009}\u{200b}\u{1680}\u{c}\u{85}\u{ad}\u{3000}\
                      \u{fb00}-\u{fb06}\u{2000}-\u{206f}”.#!-]{0,40}"
        ) {
            proptest::prop_assert_eq!(clean_text(&text), clean_text_reference(&text));
        }

        /// The plain form split_lines gives (one scan for the line end and the marked bytes)
        /// is what plain_text gives the line's content.
        #[test]
        fn split_lines_plain_form_is_plain_text(
            text in "[ a-zæ*_\\\\\t\n\r\u{b}\u{c}\u{a0}\u{2009}\u{200b}#]{0,60}"
        ) {
            plain_forms_are_plain_text(&text)?;
        }

        /// The same, with headings whose markup holds odd spaces, characters that share their
        /// lead byte with those that need cleaning, and closing hashes: the line scan's first
        /// character to clean may lie in the markup, in the content or after it.
        #[test]
        fn split_lines_plain_form_is_plain_text_around_headings(
            text in "(#{1,3}|[ a*_\\\\\t\n\r\u{a0}\u{2009}\u{3000}\u{200b}\u{ad}–”•\u{fb01}]){0,40}"
        ) {
            plain_forms_are_plain_text(&text)?;
        }

        /// The run found by the vector scan ends where the byte walk ends it, from every start.
        #[test]
        fn run_end_agrees_with_byte_walk(
            text in "[ a*_\t\u{a0}–]{0,20}",
            filler in "[a ]{0,40}",
            repeats in 1usize..4,
        ) {
            let text = format!("{filler}{text}").repeat(repeats);
            let bytes = text.as_bytes();
            for start in 0..=bytes.len() {
                proptest::prop_assert_eq!(run_end(bytes, start), run_end_by_bytes(bytes, start));
            }
        }

        /// The nibble lookup marks exactly the table's bytes, every byte value at every
        /// position of a block.
        #[test]
        fn nibble_lookup_marks_the_tables_bytes(value in 0u8..=255, at in 0usize..32) {
            let mut block = [b'a'; 32];
            block[at] = value;
            let expected = u32::from(NEEDS_CLEANING[usize::from(value)]) << at;
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY: AVX2 was just detected; the load reads the 32 bytes of `block`.
                let got = unsafe {
                    use std::arch::x86_64::{__m256i, _mm256_loadu_si256};
                    marked_bits_avx2(_mm256_loadu_si256(block.as_ptr().cast::<__m256i>()))
                };
                proptest::prop_assert_eq!(got, expected);
            }
        }

        /// The block scan splits and marks lines as the scan per line did, on texts long
        /// enough to span blocks: terminators (a "\r\n" too), spaces, marked bytes that need
        /// cleaning and marked lead bytes of characters that do not ('–', '§').
        #[test]
        fn block_scan_splits_as_the_scan_per_line(
            text in "[ aæ*_\\\\\t\n\r\u{b}\u{c}\u{a0}\u{2009}\u{200b}–§#]{0,50}",
            filler in "[a ]{0,40}",
            repeats in 1usize..6,
        ) {
            let text = format!("{filler}{text}{filler}").repeat(repeats);
            let oracle = split_lines_by_line(&text);
            let mut scans = vec![split_lines(&text), split_lines_by_masks(&text)];
            scans.push(split_lines_by_blocks(&text, block_bits_by_bytes));
            // SAFETY: SSE2 is enabled for the whole target (every x86_64).
            scans.push(split_lines_by_blocks(&text, |block| unsafe { block_bits_sse2(block) }));
            for fast in &scans {
            proptest::prop_assert_eq!(fast.len(), oracle.len());
            for (a, b) in fast.iter().zip(&oracle) {
                proptest::prop_assert_eq!(a.raw, b.raw);
                proptest::prop_assert_eq!(&a.plain, &b.plain);
                proptest::prop_assert_eq!(a.md_level, b.md_level);
                proptest::prop_assert_eq!(a.indented, b.indented);
                proptest::prop_assert_eq!(a.marked, b.marked);
                proptest::prop_assert_eq!(a.width, b.width);
                proptest::prop_assert_eq!(a.width, a.raw.trim_end().chars().count());
            }
            }
        }

        /// Every implementation of the block masks gives the byte-wise table's.
        #[test]
        fn block_masks_agree_with_byte_scan(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(b"ab *_\\\x7f\x1f\x20\xc2\xc3\xe2".to_vec()),
                    proptest::sample::select(b"  a ".to_vec()),
                ],
                0..140,
            )
        ) {
            let expected = block_masks_by_bytes(&bytes);
            proptest::prop_assert_eq!(block_masks(&bytes), expected.clone());
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            {
                // SAFETY: SSE2 is enabled for the whole target.
                proptest::prop_assert_eq!(unsafe { block_masks_sse2(&bytes) }, expected.clone());
                if std::is_x86_feature_detected!("avx2") {
                    // SAFETY: AVX2 was just detected.
                    proptest::prop_assert_eq!(unsafe { block_masks_avx2(&bytes) }, expected);
                }
            }
        }

        /// The word-at-a-time scan finds what the byte-at-a-time scan finds.
        #[test]
        fn first_marked_agrees_with_byte_scan(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(b"ab *_\\\x7f\x1f\x20\xc2\xc3\xe2".to_vec()),
                    proptest::sample::select(b"  a ".to_vec()),
                ],
                0..80,
            )
        ) {
            let expected = bytes.iter().position(|&b| NEEDS_CLEANING[usize::from(b)]);
            proptest::prop_assert_eq!(first_marked_by_words(&bytes), expected);
            proptest::prop_assert_eq!(
                first_marked(&bytes),
                bytes.iter().position(|&b| NEEDS_CLEANING[usize::from(b)])
            );
            // The pairs of spaces before it, as the byte-wise search finds them.
            let before = &bytes[..expected.unwrap_or(bytes.len())];
            let paired = before.windows(2).any(|pair| pair == b"  ");
            proptest::prop_assert_eq!(scan_line(&bytes), (expected, paired));
            proptest::prop_assert_eq!(scan_line_by_words(&bytes), (expected, paired));
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            {
                // Both vector scans, whichever scan_line picks on this processor.
                // SAFETY: SSE2 is enabled for the whole target.
                proptest::prop_assert_eq!(unsafe { scan_line_sse2(&bytes) }, (expected, paired));
                if std::is_x86_feature_detected!("avx2") {
                    // SAFETY: AVX2 was just detected.
                    let avx2 = unsafe { scan_line_avx2(&bytes) };
                    proptest::prop_assert_eq!(avx2, (expected, paired));
                }
            }
        }

        /// A line the refined scan finds nothing to clean in is one the cleaning leaves as
        /// it is; one it finds something in starts a character that needs cleaning.
        #[test]
        fn refined_scan_agrees_with_cleaning(text in LEAD_SHARING, any in "\\PC{0,30}") {
            for text in [text.as_str(), any.as_str()] {
                let (found, _) = first_to_clean(text.as_bytes());
                match found {
                    None => {
                        let spaced = !text.starts_with(' ')
                            && !text.ends_with(' ')
                            && !text.contains("  ");
                        proptest::prop_assert_eq!(is_plain_already(text), spaced);
                        if spaced {
                            proptest::prop_assert_eq!(clean_text(text), text);
                        }
                    }
                    Some(at) => {
                        let c = text[at..].chars().next().expect("a character");
                        proptest::prop_assert!(
                            c.is_ascii() && NEEDS_CLEANING[c as usize]
                                || needs_cleaning(c)
                                || c.is_whitespace()
                        );
                        // Every character before it is copied as it is.
                        let copied = |c: char| {
                            c == ' '
                                || !(c.is_ascii() && NEEDS_CLEANING[c as usize]
                                    || needs_cleaning(c)
                                    || c.is_whitespace())
                        };
                        proptest::prop_assert!(text[..at].chars().all(copied));
                    }
                }
            }
        }

        #[test]
        fn cleaning_by_runs_agrees_on_any_text(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(clean_text(&text), clean_text_reference(&text));
        }
    }

    #[test]
    fn fast_path_is_taken_for_ordinary_text() {
        assert!(is_plain_already(
            "Beskæftigelses- og Socialudvalget godkender dagsordenen."
        ));
        assert!(!is_plain_already("**Udvalget**"));
        assert!(!is_plain_already("to  mellemrum"));
    }

    #[test]
    fn splits_all_line_ends() {
        let l = split_lines("a\r\nb\rc\n\nd");
        let raws: Vec<&str> = l.iter().map(|l| l.raw).collect();
        assert_eq!(raws, ["a", "b", "c", "", "d"]);
        let l = split_lines("side 1\u{c}Punkt 2: Titel");
        assert_eq!(l[1].plain, "Punkt 2: Titel");
        assert_eq!(plain_text("of\u{fb01}cielle\u{7}"), "officielle");
    }

    proptest::proptest! {
        /// The words compared against are Danish (no sigma, whose final form `str::to_lowercase`
        /// picks by context and a character-wise lower case cannot): the texts may hold
        /// anything, including capital and small sigmas.
        #[test]
        fn lowercase_comparisons_agree_with_to_lowercase(
            text in "[a-eøØÆæåÅ ΣσςİK\u{212A}\u{212B}]{0,8}",
            target in "[a-eøæå i\u{307}k]{0,6}",
        ) {
            let lowered = text.to_lowercase();
            proptest::prop_assert_eq!(lowercase_eq(&text, &target), lowered == target);
            proptest::prop_assert_eq!(
                lowercase_starts_with(&text, &target),
                lowered.starts_with(&target)
            );
        }

        /// The ASCII start copied at once gives what the character walk gives.
        #[test]
        fn lower_start_of_ascii_start_as_by_chars(
            text in "[a-cA-C :]{0,40}[øØΣK\u{212A}é]{0,2}[a-cA-C]{0,5}",
        ) {
            let fast = LowerStart::new(&text);
            let oracle = LowerStart::new_by_chars(&text);
            proptest::prop_assert_eq!(&fast.buf[..fast.len], &oracle.buf[..oracle.len]);
            proptest::prop_assert_eq!(fast.complete, oracle.complete);
        }

        /// [`LowerStart`] answers as the functions it stands for, on texts and words longer
        /// than what it keeps, too.
        #[test]
        fn lower_start_agrees_with_lowercase_comparisons(
            text in "[a-cøØÆæåÅ ΣσςİK\u{212A}\u{212B}]{0,40}",
            target in "[a-cøæå σςi\u{307}k]{0,40}",
        ) {
            let start = LowerStart::new(&text);
            proptest::prop_assert_eq!(start.eq(&target), lowercase_eq(&text, &target));
            proptest::prop_assert_eq!(
                start.starts_with(&target),
                lowercase_starts_with(&text, &target)
            );
            // Words that are the start of the text's lower case.
            let lowered: String = text.chars().flat_map(char::to_lowercase).collect();
            for end in (0..=lowered.len()).filter(|&e| lowered.is_char_boundary(e)) {
                let prefix = &lowered[..end];
                proptest::prop_assert!(start.starts_with(prefix));
                proptest::prop_assert_eq!(start.eq(prefix), end == lowered.len());
            }
        }
    }

    proptest::proptest! {
        /// The first-byte test only skips lines the full reading finds no heading in.
        #[test]
        fn first_byte_test_skips_no_heading(
            text in "[# a\t\u{a0}\u{2007}\u{202f}\u{2009}\u{2002}\u{2003}\u{3000}é]{0,12}",
            any in "\\PC{0,12}",
        ) {
            for text in [text.as_str(), any.as_str()] {
                proptest::prop_assert_eq!(markdown_heading(text), markdown_heading_in_full(text));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn char_count_agrees_with_chars(text in "\\PC{0,70}", ascii in "[a-z ]{0,40}æ?") {
            for text in [text.as_str(), ascii.as_str()] {
                proptest::prop_assert_eq!(char_count(text), text.chars().count());
            }
        }
    }

    #[test]
    fn char_count_of_long_texts() {
        // More than 255 chunks of sixteen bytes: the lanes are summed on the way.
        for text in [
            "æ".repeat(3000),
            format!("{}ø{}", "ab".repeat(4000), "å".repeat(70)),
        ] {
            assert_eq!(char_count(&text), text.chars().count());
        }
    }

    #[test]
    fn hash_without_space_is_not_a_heading() {
        assert_eq!(markdown_heading("#hashtag").0, 0);
        assert_eq!(markdown_heading("#").0, 0);
        assert_eq!(markdown_heading("## ").0, 0);
        assert_eq!(markdown_heading("####### seven").0, 0);
    }
}
