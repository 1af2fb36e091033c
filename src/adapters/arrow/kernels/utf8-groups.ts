/**
 * Groups Utf8 rows by their bytes, without decoding a single string: an open-addressing hash
 * table over the UTF-8 bytes (FNV-1a), which compares candidate keys byte by byte. Decoding
 * every row into a JS string for a Map costs far more than the grouping itself.
 */
import { isBitSet } from "./bitmap.ts";

/** Rows numbered by group, groups numbered in the order their first row appears. */
export interface DenseGroups {
  /** Group of each row. */
  readonly rowGroups: Int32Array;
  /** First row of each group, which supplies its key. */
  readonly firstRows: Int32Array;
  readonly groupCount: number;
}

const EMPTY = -1;

/** Groups the rows of a single Utf8 chunk (`offsets` already start at its first row). Null rows form one group. */
export function groupUtf8Rows(offsets: Int32Array, bytes: Uint8Array, validity: Uint8Array | null, length: number): DenseGroups {
  const rowGroups = new Int32Array(length);
  const groups = new GroupList();
  let table: Int32Array = new Int32Array(64).fill(EMPTY);
  let nullGroup = EMPTY;
  for (let row = 0; row < length; row++) {
    if (validity !== null && !isBitSet(validity, row)) {
      if (nullGroup === EMPTY) nullGroup = groups.add(row, 0);
      rowGroups[row] = nullGroup;
      continue;
    }
    const start = offsets[row]!;
    const end = offsets[row + 1]!;
    const hash = hashBytes(bytes, start, end);
    const mask = table.length - 1;
    let slot = hash & mask;
    let group = table[slot]!;
    // Linear probing: stop at an empty slot or at a group whose first row has the same bytes.
    while (group !== EMPTY && !(groups.hashes[group] === hash && sameBytes(bytes, offsets, groups.firstRows[group]!, start, end))) {
      slot = (slot + 1) & mask;
      group = table[slot]!;
    }
    if (group === EMPTY) {
      group = groups.add(row, hash);
      table[slot] = group;
      // Keep the table at most half full so probes stay short.
      if (groups.count * 2 > table.length) table = rehash(groups, nullGroup, table.length * 4);
    }
    rowGroups[row] = group;
  }
  return { rowGroups, firstRows: groups.firstRows.subarray(0, groups.count), groupCount: groups.count };
}

/** The groups found so far: each one's first row and key hash, in growable arrays. */
class GroupList {
  firstRows: Int32Array = new Int32Array(16);
  hashes: Int32Array = new Int32Array(16);
  count = 0;

  add(row: number, hash: number): number {
    if (this.count === this.firstRows.length) {
      this.firstRows = grow(this.firstRows);
      this.hashes = grow(this.hashes);
    }
    this.firstRows[this.count] = row;
    this.hashes[this.count] = hash;
    return this.count++;
  }
}

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0; // int32, like the Math.imul results and the Int32Array that stores hashes
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash;
}

function sameBytes(bytes: Uint8Array, offsets: Int32Array, otherRow: number, start: number, end: number): boolean {
  const otherStart = offsets[otherRow]!;
  if (offsets[otherRow + 1]! - otherStart !== end - start) return false;
  for (let i = 0; i < end - start; i++) if (bytes[otherStart + i] !== bytes[start + i]) return false;
  return true;
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

function rehash(groups: GroupList, nullGroup: number, size: number): Int32Array {
  const table = new Int32Array(size).fill(EMPTY);
  const mask = size - 1;
  for (let group = 0; group < groups.count; group++) {
    if (group === nullGroup) continue;
    let slot = groups.hashes[group]! & mask;
    while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
    table[slot] = group;
  }
  return table;
}
