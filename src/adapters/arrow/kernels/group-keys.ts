/**
 * Maps every row of a key column to a slot of the accumulator arrays, and lists the slots in the
 * order their first row appears (the group order). Fast paths avoid hashing entirely:
 * dictionary keys use their indices as slots (no copy), and integer keys with a modest range use
 * `key - min`. Utf8 keys are hashed by bytes; any other key type goes through a Map.
 */
import { type Data, DataType, type Dictionary, type Int, makeData, type Utf8, Vector, vectorFromArray } from "apache-arrow";
import { allSetBitmap, isBitSet } from "./bitmap.ts";
import { typeMismatch } from "./kernel-error.ts";
import { typedVector } from "./make-vector.ts";
import { chunkValidity, readValidity } from "./read-column.ts";
import { type DenseGroups, groupUtf8Rows } from "./utf8-groups.ts";

/** Integer arrays that can hold slots: dictionary indices, integer keys, or computed ids. */
export type SlotArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

export interface Grouping {
  /** Row i accumulates into slot `rowSlots[i] - slotBias`. */
  readonly rowSlots: SlotArray;
  readonly slotBias: number;
  /** Accumulator length (may include slots no row uses, and one for null keys). */
  readonly slotCount: number;
  /** Group g accumulates in slot `groupSlots[g]`; groups in first-seen order. */
  readonly groupSlots: Int32Array;
  /** One key per group, in group order. */
  readonly keys: Vector<DataType>;
}

const KEY_TYPES = "a Dictionary, Int, Float, Bool or Utf8 Arrow vector";

/**
 * Groups the rows of `keys`. Null keys form one group with a null key, unless `dropNullKeys`.
 * @throws FuncflowError `type_mismatch` when keys is not a vector of a supported type
 */
export function groupRows(keys: unknown, dropNullKeys: boolean): Grouping {
  checkKeyType(keys);
  const type = keys.type as DataType;
  const chunks = keys.data as Data[];
  if (keys.length > 0 && DataType.isDictionary(type) && type.indices.bitWidth <= 32 && sharesOneDictionary(chunks)) {
    return dictionaryGrouping(keys as Vector<Dictionary>, dropNullKeys);
  }
  if (keys.length > 0 && DataType.isInt(type) && type.bitWidth <= 32) {
    const grouping = integerGrouping(keys as Vector<Int>, dropNullKeys);
    if (grouping !== null) return grouping;
  }
  if (DataType.isUtf8(type) && chunks.length === 1) {
    const data = chunks[0] as Data<Utf8>;
    return denseGrouping(keys, groupUtf8Rows(data.valueOffsets, data.values, chunkValidity(data), data.length), dropNullKeys);
  }
  return denseGrouping(keys, groupByValue(keys), dropNullKeys);
}

/**
 * Checks that `keys` is a vector of a type groupBy can group by.
 * @throws FuncflowError `type_mismatch` otherwise
 */
export function checkKeyType(keys: unknown): asserts keys is Vector {
  const supported = [DataType.isDictionary, DataType.isInt, DataType.isFloat, DataType.isBool, DataType.isUtf8];
  if (!(keys instanceof Vector) || !supported.some((isType) => isType(keys.type))) {
    throw typeMismatch("groupBy", "keys", keys, KEY_TYPES);
  }
}

function sharesOneDictionary(chunks: readonly Data[]): boolean {
  return chunks.every((data) => data.dictionary === chunks[0]!.dictionary);
}

/**
 * Dictionary indices are slots already; null keys (if any) go to one extra slot. Assumes the
 * dictionary's entries are distinct, as Arrow writers produce them: two equal entries would
 * make two groups with the same key.
 */
function dictionaryGrouping(keys: Vector<Dictionary>, dropNullKeys: boolean): Grouping {
  const dictionary = keys.data[0]!.dictionary!;
  const { rowSlots, nullSlot } = slotsWithNulls(concatIntegers(keys.data), 0, keys, dictionary.length);
  const slotCount = dictionary.length + (nullSlot === -1 ? 0 : 1);
  const groupSlots = dropSlot(firstSeenSlots(rowSlots, 0, slotCount), dropNullKeys ? nullSlot : -1);
  const { values: indices, validity } = keysForSlots(keys.type.indices, groupSlots, nullSlot, 0);
  const nullCount = validity === null ? 0 : 1;
  const data = makeData({ type: keys.type, length: groupSlots.length, nullCount, nullBitmap: validity, data: indices, dictionary });
  return { rowSlots, slotBias: 0, slotCount, groupSlots, keys: new Vector([data]) };
}

/** Integer keys whose range is at most a few times the row count index an array directly. */
function integerGrouping(keys: Vector<Int>, dropNullKeys: boolean): Grouping | null {
  const values = concatIntegers(keys.data);
  const [low, high] = integerRange(values, readValidity(keys));
  const range = high - low + 1;
  if (range > Math.max(4 * values.length, 1024)) return null;
  const { rowSlots, nullSlot } = slotsWithNulls(values, low, keys, range);
  const slotBias = nullSlot === -1 ? low : 0;
  const slotCount = range + (nullSlot === -1 ? 0 : 1);
  const groupSlots = dropSlot(firstSeenSlots(rowSlots, slotBias, slotCount), dropNullKeys ? nullSlot : -1);
  const keyColumn = keysForSlots(keys.type, groupSlots, nullSlot, low);
  return { rowSlots, slotBias, slotCount, groupSlots, keys: typedVector(keys.type, keyColumn.values, keyColumn.validity, groupSlots.length) };
}

/**
 * Smallest and largest valid key ([0, 0] when there is none). This scan is the only pass integer
 * keys add over dictionary keys. Plain integer comparisons, each rarely taken once the bounds
 * settle: Math.min/max looked branch-free but V8 compiled them for doubles in some runs, 3×
 * slower, depending on which feedback it had gathered first.
 */
function integerRange(values: SlotArray, validity: Uint8Array | null): [number, number] {
  let first = 0;
  while (first < values.length && validity !== null && !isBitSet(validity, first)) first++;
  if (first === values.length) return [0, 0];
  return validity === null ? denseRange(values) : maskedRange(values, validity, first);
}

function denseRange(values: SlotArray): [number, number] {
  let low = values[0]!;
  let high = low;
  for (let i = 1; i < values.length; i++) {
    const key = values[i]!;
    if (key < low) low = key;
    if (key > high) high = key;
  }
  return [low, high];
}

function maskedRange(values: SlotArray, validity: Uint8Array, first: number): [number, number] {
  let low = values[first]!;
  let high = low;
  for (let i = first + 1; i < values.length; i++) {
    if (!isBitSet(validity, i)) continue;
    const key = values[i]!;
    if (key < low) low = key;
    if (key > high) high = key;
  }
  return [low, high];
}

/** Key values (`slot + offset`) of an Int type for the groups' slots, null for the null slot. */
function keysForSlots(type: Int, groupSlots: Int32Array, nullSlot: number, offset: number): { values: SlotArray; validity: Uint8Array | null } {
  const values = new (type.ArrayType as new (length: number) => SlotArray)(groupSlots.length);
  for (let group = 0; group < groupSlots.length; group++) values[group] = groupSlots[group]! + offset;
  const nullGroup = groupSlots.indexOf(nullSlot);
  if (nullSlot === -1 || nullGroup === -1) return { values, validity: null };
  values[nullGroup] = 0;
  const validity = allSetBitmap(groupSlots.length);
  validity[nullGroup >> 3]! &= ~(1 << (nullGroup & 7));
  return { values, validity };
}

/**
 * Slots for keys that may be null. Without nulls the raw integers serve as is (readers subtract
 * the bias); with nulls, a fresh array of `key - bias` in which null rows take slot `slotCount`.
 */
function slotsWithNulls(raw: SlotArray, bias: number, keys: Vector, slotCount: number): { rowSlots: SlotArray; nullSlot: number } {
  const validity = readValidity(keys);
  if (validity === null) return { rowSlots: raw, nullSlot: -1 };
  const rowSlots = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) rowSlots[i] = isBitSet(validity, i) ? raw[i]! - bias : slotCount;
  return { rowSlots, nullSlot: slotCount };
}

/** The integer values (or dictionary indices) of all chunks; no copy for a single chunk. */
function concatIntegers(chunks: readonly Data[]): SlotArray {
  const first = chunks[0]!;
  const firstValues = (first.values as SlotArray).subarray(0, first.length);
  if (chunks.length === 1) return firstValues;
  const total = chunks.reduce((sum, data) => sum + data.length, 0);
  const values = new (firstValues.constructor as new (length: number) => SlotArray)(total);
  let at = 0;
  for (const data of chunks) {
    values.set((data.values as SlotArray).subarray(0, data.length), at);
    at += data.length;
  }
  return values;
}

/** Slots in order of first use; stops early once every slot has been seen. */
function firstSeenSlots(rowSlots: SlotArray, bias: number, slotCount: number): Int32Array {
  const seen = new Uint8Array(slotCount);
  const order = new Int32Array(slotCount);
  let found = 0;
  for (let i = 0; i < rowSlots.length && found < slotCount; i++) {
    const slot = rowSlots[i]! - bias;
    if (seen[slot] === 0) {
      seen[slot] = 1;
      order[found++] = slot;
    }
  }
  return order.subarray(0, found);
}

function dropSlot(slots: Int32Array, dropped: number): Int32Array {
  return dropped === -1 ? slots : slots.filter((slot) => slot !== dropped);
}

/** Any other key type: a Map from each key's JS value (string, number, bigint, boolean, null) to its group. */
function groupByValue(keys: Vector): DenseGroups {
  const rowGroups = new Int32Array(keys.length);
  const groupOf = new Map<unknown, number>();
  const firstRows: number[] = [];
  let row = 0;
  for (const key of keys) {
    let group = groupOf.get(key);
    if (group === undefined) {
      group = firstRows.length;
      groupOf.set(key, group);
      firstRows.push(row);
    }
    rowGroups[row++] = group;
  }
  return { rowGroups, firstRows: Int32Array.from(firstRows), groupCount: firstRows.length };
}

/** Groups already numbered in first-seen order; only the key column is left to build. */
function denseGrouping(keys: Vector, groups: DenseGroups, dropNullKeys: boolean): Grouping {
  const firstRows = Array.from(groups.firstRows);
  const groupIds = firstRows.map((_, group) => group);
  const kept = dropNullKeys ? groupIds.filter((group) => keys.isValid(firstRows[group]!)) : groupIds;
  return {
    rowSlots: groups.rowGroups,
    slotBias: 0,
    slotCount: groups.groupCount,
    groupSlots: Int32Array.from(kept),
    keys: vectorFromArray(kept.map((group) => keys.get(firstRows[group]!)), keys.type),
  };
}
