/**
 * Bit-packed bitmaps, Arrow layout: bit i of a bitmap is bit (i % 8) of byte (i / 8), least
 * significant first. Used for validity (1 = valid, 0 = null) and for Bool values. Every bitmap
 * the kernels produce starts at bit 0, so two of them combine byte by byte or word by word.
 * Bits past `length` in the last byte are padding: readers mask them, writers clear them.
 */

// Sizes and loop bounds use integer shifts, not Math.ceil or Math.min: V8 types their results as
// doubles, and a loop index that starts from one runs as a double, about twice as slow.

/** Bytes for a bitmap of `length` bits, padded to 8-byte words like Arrow's own buffers. */
export function bitmapByteLength(length: number): number {
  return ((length + 63) >> 6) << 3;
}

/** Bytes that hold `length` bits, without padding. */
export function usedBytes(length: number): number {
  return (length + 7) >> 3;
}

/** A bitmap of `length` bits, all set (every row valid, or every value true). */
export function allSetBitmap(length: number): Uint8Array {
  const bits = new Uint8Array(bitmapByteLength(length));
  setBitRange(bits, 0, length);
  return bits;
}

/** Sets bits [from, to) to 1. */
export function setBitRange(bits: Uint8Array, from: number, to: number): void {
  let bit = from;
  for (; bit < to && (bit & 7) !== 0; bit++) bits[bit >> 3]! |= 1 << (bit & 7);
  const wholeBytesEnd = to >> 3;
  if (bit >> 3 < wholeBytesEnd) {
    bits.fill(0xff, bit >> 3, wholeBytesEnd);
    bit = wholeBytesEnd << 3;
  }
  for (; bit < to; bit++) bits[bit >> 3]! |= 1 << (bit & 7);
}

/** True when bit `index` is set. */
export function isBitSet(bits: Uint8Array, index: number): boolean {
  return (bits[index >> 3]! & (1 << (index & 7))) !== 0;
}

/**
 * Bits [from, from + 8) as one byte, bit k for index from + k; indices before 0 or past the
 * bitmap's bytes read as 0. Lets a loop over rows in steps of eight read a second, unaligned
 * position of the same bitmap (a window's leaving rows) a byte at a time.
 */
export function byteAt(bits: Uint8Array, from: number): number {
  if (from < 0) return from <= -8 ? 0 : (bits[0]! << -from) & 0xff;
  const at = from >> 3;
  const low = at < bits.length ? bits[at]! : 0;
  const shift = from & 7;
  if (shift === 0) return low;
  const high = at + 1 < bits.length ? bits[at + 1]! : 0;
  return ((low | (high << 8)) >> shift) & 0xff;
}

function writeBit(bits: Uint8Array, index: number, set: boolean): void {
  if (set) bits[index >> 3]! |= 1 << (index & 7);
  else bits[index >> 3]! &= ~(1 << (index & 7));
}

/** Copies `count` bits from `source` at `sourceBit` into `target` at `targetBit`. */
export function copyBits(
  source: Uint8Array,
  sourceBit: number,
  target: Uint8Array,
  targetBit: number,
  count: number,
): void {
  // Bit by bit until the target is byte-aligned, then whole bytes (shifted when the source is
  // not aligned the same way), then the remaining bits one at a time.
  let copied = 0;
  for (; copied < count && ((targetBit + copied) & 7) !== 0; copied++) {
    writeBit(target, targetBit + copied, isBitSet(source, sourceBit + copied));
  }
  const shift = (sourceBit + copied) & 7;
  const sourceByte = (sourceBit + copied) >> 3;
  const targetByte = (targetBit + copied) >> 3;
  // A shifted byte also reads the next source byte, so stop one byte early to stay in bounds.
  const wholeBytes = Math.max(0, ((count - copied) >> 3) - (shift === 0 ? 0 : 1));
  if (shift === 0) {
    target.set(source.subarray(sourceByte, sourceByte + wholeBytes), targetByte);
  } else {
    for (let k = 0; k < wholeBytes; k++) {
      target[targetByte + k] = (source[sourceByte + k]! >> shift) | (source[sourceByte + k + 1]! << (8 - shift));
    }
  }
  copied += wholeBytes * 8;
  for (; copied < count; copied++) writeBit(target, targetBit + copied, isBitSet(source, sourceBit + copied));
}

/** The bits [bitOffset, bitOffset + length) as a bitmap starting at bit 0; no copy when byte-aligned. */
export function alignBits(source: Uint8Array, bitOffset: number, length: number): Uint8Array {
  if ((bitOffset & 7) === 0) {
    const start = bitOffset >> 3;
    return source.subarray(start, start + usedBytes(length));
  }
  const aligned = new Uint8Array(bitmapByteLength(length));
  copyBits(source, bitOffset, aligned, 0, length);
  return aligned;
}

/** Clears the padding bits past `length` in the last byte, so counts and comparisons stay exact. */
export function clearPaddingBits(bits: Uint8Array, length: number): void {
  const partial = length & 7;
  if (partial !== 0) bits[length >> 3]! &= (1 << partial) - 1;
}

type WordOperator = "and" | "or";

/** `left AND right` or `left OR right`, bit by bit, as a new bitmap. */
export function combineBits(left: Uint8Array, right: Uint8Array, length: number, operator: WordOperator): Uint8Array {
  const out = new Uint8Array(bitmapByteLength(length));
  const byteCount = usedBytes(length);
  let done = 0;
  // A word (32 bits) at a time when both inputs sit on 4-byte boundaries; bytes otherwise.
  if (left.byteOffset % 4 === 0 && right.byteOffset % 4 === 0) {
    const wordCount = byteCount >> 2;
    const leftWords = new Int32Array(left.buffer, left.byteOffset, wordCount);
    const rightWords = new Int32Array(right.buffer, right.byteOffset, wordCount);
    const outWords = new Int32Array(out.buffer, 0, wordCount);
    if (operator === "and") for (let w = 0; w < wordCount; w++) outWords[w] = leftWords[w]! & rightWords[w]!;
    else for (let w = 0; w < wordCount; w++) outWords[w] = leftWords[w]! | rightWords[w]!;
    done = wordCount << 2;
  }
  if (operator === "and") for (let b = done; b < byteCount; b++) out[b] = left[b]! & right[b]!;
  else for (let b = done; b < byteCount; b++) out[b] = left[b]! | right[b]!;
  clearPaddingBits(out, length);
  return out;
}

/** Every bit flipped, as a new bitmap. */
export function invertBits(bits: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(bitmapByteLength(length));
  const byteCount = usedBytes(length);
  for (let b = 0; b < byteCount; b++) out[b] = ~bits[b]!;
  clearPaddingBits(out, length);
  return out;
}

/** The validity of a row-wise combination: valid where both are; `null` means "all valid". */
export function andValidity(left: Uint8Array | null, right: Uint8Array | null, length: number): Uint8Array | null {
  if (left === null) return right;
  if (right === null) return left;
  return combineBits(left, right, length, "and");
}

const BITS_IN_BYTE = Uint8Array.from({ length: 256 }, (_, byte) => {
  let count = 0;
  for (let value = byte; value !== 0; value >>= 1) count += value & 1;
  return count;
});

/** How many of the first `length` bits are set. */
export function countSetBits(bits: Uint8Array, length: number): number {
  const wholeBytes = length >> 3;
  let count = 0;
  for (let b = 0; b < wholeBytes; b++) count += BITS_IN_BYTE[bits[b]!]!;
  const partial = length & 7;
  if (partial !== 0) count += BITS_IN_BYTE[bits[wholeBytes]! & ((1 << partial) - 1)]!;
  return count;
}

/** How many of the first `length` bits are set in both `left` and `right` (true and valid, for a Bool column). */
export function countSetBitsInBoth(left: Uint8Array, right: Uint8Array, length: number): number {
  const wholeBytes = length >> 3;
  let count = 0;
  for (let b = 0; b < wholeBytes; b++) count += BITS_IN_BYTE[left[b]! & right[b]!]!;
  const partial = length & 7;
  if (partial !== 0) count += BITS_IN_BYTE[left[wholeBytes]! & right[wholeBytes]! & ((1 << partial) - 1)]!;
  return count;
}

/** Writes `fill` into every slot whose validity bit is 0 (skipping all-valid bytes quickly). */
export function fillNullSlots(values: Float64Array, validity: Uint8Array, length: number, fill: number): void {
  const byteCount = usedBytes(length);
  for (let b = 0; b < byteCount; b++) {
    // Visit only the zero bits: `nulls & -nulls` isolates the lowest one, `nulls &= nulls - 1` clears it.
    let nulls = ~validity[b]! & 0xff;
    while (nulls !== 0) {
      const row = (b << 3) + 31 - Math.clz32(nulls & -nulls);
      if (row < length) values[row] = fill;
      nulls &= nulls - 1;
    }
  }
}
