/**
 * Groups Utf8 rows by their bytes, without decoding a single string: an open-addressing hash
 * table over the UTF-8 bytes. Decoding every row into a JS string for a Map costs far more than
 * the grouping itself.
 *
 * Each key's first 8 bytes are read as two 32-bit words (a DataView reads them unaligned; a mask
 * clears the bytes past the key's end), so keys of up to 8 bytes, such as codes, tickers and
 * short labels, are hashed and compared as (size, word, word) without a loop over their bytes:
 * a loop whose length varies from key to key mispredicts its exit, and that cost more than the
 * rest of the grouping. Longer keys hash their remaining bytes a word at a time, and compare them
 * with a copy each group keeps in an arena.
 */
import { isBitSet } from "./bitmap.ts";

/** Rows numbered by group, groups numbered in the order their first row appears. */
export interface DenseGroups {
  /** Group of each row. */
  readonly rowGroups: Int32Array;
  /** First row of each group, which supplies its key. */
  readonly firstRows: Int32Array;
  readonly groupCount: number;
  /** The group of the null rows, -1 when there are none. */
  readonly nullGroup: number;
}

const EMPTY = -1;

/** Fields of a group, side by side in one Int32Array so that a probe finds them together. */
const HASH = 0;
const WORD0 = 1;
const WORD1 = 2;
const SIZE = 3;
const FIRST_ROW = 4;
/** Where the key's bytes past the first 8 start in the `rest` arena. */
const REST_AT = 5;
const FIELDS = 6;

/** Fields of the scratch state the hot loop updates. */
const GROUP_COUNT = 0;
const NULL_GROUP = 1;
const REST_USED = 2;

/** Per key size (0 to 8 bytes), masks that keep the key's own bytes of its first and second word. */
const WORD0_MASK = Int32Array.from({ length: 9 }, (_, size) => (size >= 4 ? -1 : (1 << (8 * size)) - 1));
const WORD1_MASK = Int32Array.from({ length: 9 }, (_, size) => (size >= 8 ? -1 : size <= 4 ? 0 : (1 << (8 * (size - 4))) - 1));

/** Groups the rows of a single Utf8 chunk (`offsets` already start at its first row). Null rows form one group. */
export function groupUtf8Rows(offsets: Int32Array, bytes: Uint8Array, validity: Uint8Array | null, length: number): DenseGroups {
  const rowGroups = new Int32Array(length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let groups: Int32Array = new Int32Array(16 * FIELDS);
  let table: Int32Array = new Int32Array(64).fill(EMPTY);
  let rest: Uint8Array = new Uint8Array(256);
  const state = Int32Array.of(0, EMPTY, 0);
  for (let row = 0; row < length; ) {
    row = assignGroups(offsets, bytes, view, validity, row, length, table, groups, rest, rowGroups, state);
    if (row === length) break;
    // Out of room for a new group: grow the group records or the arena, and keep the table at
    // most half full so probes stay short. The loop resumes at the row that needed the room.
    const count = state[GROUP_COUNT]!;
    if (count * FIELDS === groups.length) groups = grow(groups);
    if (count * 2 >= table.length) table = rehash(groups, count, state[NULL_GROUP]!, table.length * 4);
    const restNeeded = state[REST_USED]! + offsets[row + 1]! - offsets[row]!;
    if (restNeeded > rest.length) rest = growBytes(rest, restNeeded);
  }
  const groupCount = state[GROUP_COUNT]!;
  const firstRows = new Int32Array(groupCount);
  for (let group = 0; group < groupCount; group++) firstRows[group] = groups[group * FIELDS + FIRST_ROW]!;
  return { rowGroups, firstRows, groupCount, nullGroup: state[NULL_GROUP]! };
}

// Hot loop. Hands rows [from, length) their groups; returns early, at the row concerned, when a
// new group does not fit in `groups` or `rest`, or would fill `table` past half.
function assignGroups(
  offsets: Int32Array,
  bytes: Uint8Array,
  view: DataView,
  validity: Uint8Array | null,
  from: number,
  length: number,
  table: Int32Array,
  groups: Int32Array,
  rest: Uint8Array,
  rowGroups: Int32Array,
  state: Int32Array,
): number {
  const mask = table.length - 1;
  const shift = Math.clz32(mask) & 31; // the hash's top bits pick the slot
  const room = Math.min(groups.length / FIELDS, table.length >> 1);
  const lastWordStart = bytes.length - 8; // keys starting up to here can read 8 bytes at once
  let count = state[GROUP_COUNT]!;
  let restUsed = state[REST_USED]!;
  let row = from;
  for (; row < length; row++) {
    if (validity !== null && !isBitSet(validity, row)) {
      if (state[NULL_GROUP] === EMPTY) {
        if (count === room) break;
        state[NULL_GROUP] = addGroup(groups, count++, row, 0, 0, 0, -1, 0); // size -1: matches no key
      }
      rowGroups[row] = state[NULL_GROUP]!;
      continue;
    }
    const start = offsets[row]!;
    const end = offsets[row + 1]!;
    const size = end - start;
    const inPrefix = size < 8 ? size : 8;
    const whole = start <= lastWordStart;
    const word0 = whole ? view.getInt32(start, true) & WORD0_MASK[inPrefix]! : packWord(bytes, start, end);
    const word1 = whole ? view.getInt32(start + 4, true) & WORD1_MASK[inPrefix]! : packWord(bytes, start + 4, end);
    const hash = size <= 8 ? mixWords(word0, word1, size) : hashRest(view, bytes, start + 8, end, mixWords(word0, word1, size));
    // Linear probing: stop at an empty slot or at a group with the same key.
    let slot = hash >>> shift;
    let group = table[slot]!;
    while (group !== EMPTY) {
      const at = group * FIELDS;
      const sameKey =
        groups[at + HASH] === hash && groups[at + WORD0] === word0 && groups[at + WORD1] === word1 && groups[at + SIZE] === size &&
        (size <= 8 || sameRest(bytes, rest, groups[at + REST_AT]!, start, end));
      if (sameKey) break;
      slot = (slot + 1) & mask;
      group = table[slot]!;
    }
    if (group === EMPTY) {
      if (count === room || (size > 8 && restUsed + size - 8 > rest.length)) break;
      group = addGroup(groups, count++, row, hash, word0, word1, size, restUsed);
      table[slot] = group;
      // Bytes past the first 8 go to an arena: comparing against the first row's bytes, spread
      // over the whole column, cost a cache miss per row on keys with many groups.
      for (let i = start + 8; i < end; i++) rest[restUsed++] = bytes[i]!;
    }
    rowGroups[row] = group;
  }
  state[GROUP_COUNT] = count;
  state[REST_USED] = restUsed;
  return row;
}

function addGroup(groups: Int32Array, group: number, row: number, hash: number, word0: number, word1: number, size: number, restAt: number): number {
  const at = group * FIELDS;
  groups[at + HASH] = hash;
  groups[at + WORD0] = word0;
  groups[at + WORD1] = word1;
  groups[at + SIZE] = size;
  groups[at + FIRST_ROW] = row;
  groups[at + REST_AT] = restAt;
  return group;
}

/** Up to 4 bytes from `from` (not past `end`) as a little-endian word, as a DataView would read them. */
function packWord(bytes: Uint8Array, from: number, end: number): number {
  let word = 0;
  for (let i = from, shift = 0; i < end && shift < 32; i++, shift += 8) word |= bytes[i]! << shift;
  return word;
}

/**
 * A key's first two words and its size, mixed into 32 bits whose top bits depend on every input
 * bit (multiplying carries bits upward only), which is why the table takes its slot from them.
 */
function mixWords(word0: number, word1: number, size: number): number {
  return Math.imul(word0 ^ Math.imul(word1 ^ size, 0x9e3779b1), 0x85ebca6b);
}

/** Folds bytes [from, end) into `seed` a word at a time (murmur3's body), then the odd bytes. */
function hashRest(view: DataView, bytes: Uint8Array, from: number, end: number, seed: number): number {
  let hash = seed;
  let i = from;
  for (; i + 4 <= end; i += 4) {
    const word = Math.imul(view.getInt32(i, true), 0xcc9e2d51);
    hash ^= Math.imul((word << 15) | (word >>> 17), 0x1b873593);
    hash = (Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
  }
  for (; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return finalizeHash(hash);
}

/** murmur3's finalizer: every bit of the hash comes to affect the top bits, which pick the table slot. */
function finalizeHash(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Whether a key of more than 8 bytes matches, past its first 8, the group's bytes at `restAt` in the arena. */
function sameRest(bytes: Uint8Array, rest: Uint8Array, restAt: number, start: number, end: number): boolean {
  for (let i = start + 8, j = restAt; i < end; i++, j++) if (bytes[i] !== rest[j]) return false;
  return true;
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

function growBytes(array: Uint8Array, needed: number): Uint8Array {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const larger = new Uint8Array(size);
  larger.set(array);
  return larger;
}

function rehash(groups: Int32Array, groupCount: number, nullGroup: number, size: number): Int32Array {
  const table = new Int32Array(size).fill(EMPTY);
  const mask = size - 1;
  const shift = Math.clz32(mask) & 31;
  for (let group = 0; group < groupCount; group++) {
    if (group === nullGroup) continue;
    let slot = groups[group * FIELDS + HASH]! >>> shift;
    while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
    table[slot] = group;
  }
  return table;
}
