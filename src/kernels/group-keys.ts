/**
 * Maps every row of a key column to a slot of the accumulator arrays (`slotRows`) and, once the
 * accumulators are filled, lists the groups in the order their first row appears with their keys
 * (`orderGroups`). Fast paths avoid hashing entirely: dictionary keys use their indices as slots
 * (no copy), and integer keys with a modest range use `key - bias`, the range found while
 * accumulating (see slot-space.ts). Utf8 keys are hashed by bytes; any other key type goes
 * through a Map.
 */
import { type Data, DataType, type Dictionary, type Int, makeData, type Utf8, Vector, vectorFromArray } from "apache-arrow";
import { allSetBitmap, isBitSet } from "./bitmap.ts";
import { typeMismatch } from "./kernel-error.ts";
import { typedVector } from "./make-vector.ts";
import { chunkValidity, readValidity } from "./read-column.ts";
import { type HashedSlots, type SlotArray, SlotSpace } from "./slot-space.ts";
import { type DenseGroups, groupUtf8Rows } from "./utf8-groups.ts";

/** The groups of a group-by, in first-seen order. */
export interface GroupOrder {
  /** Group g accumulates in slot `groupSlots[g]`. */
  readonly groupSlots: Int32Array;
  /** One key per group, in group order. */
  readonly keys: Vector<DataType>;
}

const KEY_TYPES = "a Dictionary, Int, Float, Bool or Utf8 Arrow vector";

/**
 * The slot of every row of `keys`. Null keys share one slot.
 * @throws FuncflowError `type_mismatch` when keys is not a vector of a supported type
 */
export function slotRows(keys: unknown): SlotSpace {
  checkKeyType(keys);
  const type = keys.type as DataType;
  const chunks = keys.data as Data[];
  if (keys.length > 0 && DataType.isDictionary(type) && type.indices.bitWidth <= 32 && sharesOneDictionary(chunks)) {
    return dictionarySlots(keys as Vector<Dictionary>);
  }
  if (keys.length > 0 && DataType.isInt(type) && type.bitWidth <= 32) {
    const slots = integerSlots(keys as Vector<Int>);
    if (slots !== null) return slots;
  }
  return hashedSpace(hashSlots(keys));
}

/**
 * The groups in first-seen order and their keys, leaving out the null key's group when
 * `dropNullKeys`. Call it after accumulating: integer keys' slots are known only then (without
 * any accumulation, it makes a pass of its own).
 */
export function orderGroups(space: SlotSpace, dropNullKeys: boolean): GroupOrder {
  space.settle();
  const ordered = space.inFirstSeenOrder
    ? Int32Array.from({ length: space.capacity }, (_, slot) => slot)
    : firstSeenSlots(space.rowSlots, space.bias, space.capacity, space.used);
  const groupSlots = dropNullKeys && space.nullSlot !== -1 ? ordered.filter((slot) => slot !== space.nullSlot) : ordered;
  return { groupSlots, keys: space.keyColumn(groupSlots) };
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
function dictionarySlots(keys: Vector<Dictionary>): SlotSpace {
  const dictionary = keys.data[0]!.dictionary!;
  const { rowSlots, nullSlot } = slotsWithNulls(concatIntegers(keys.data), 0, readValidity(keys), dictionary.length);
  const slotCount = dictionary.length + (nullSlot === -1 ? 0 : 1);
  return SlotSpace.known(rowSlots, slotCount, nullSlot, false, (groupSlots) => {
    const { values: indices, validity } = keysForSlots(keys.type.indices, groupSlots, nullSlot, 0);
    const nullCount = validity === null ? 0 : 1;
    return new Vector([makeData({ type: keys.type, length: groupSlots.length, nullCount, nullBitmap: validity, data: indices, dictionary })]);
  });
}

/**
 * Integer keys whose range is at most a few times the row count index an array directly. Without
 * nulls the keys themselves are the slots, and the first accumulation finds their range; null
 * keys need a slot of their own, so rows get fresh slots `key - low`, after a pass for the range.
 */
function integerSlots(keys: Vector<Int>): SlotSpace | null {
  const values = concatIntegers(keys.data);
  const maxRange = Math.max(4 * values.length, 1024);
  const validity = readValidity(keys);
  const keyColumn = (groupSlots: Int32Array, offset: number, nullSlot: number) => {
    const { values: groupKeys, validity: groupValidity } = keysForSlots(keys.type, groupSlots, nullSlot, offset);
    return typedVector(keys.type, groupKeys, groupValidity, groupSlots.length);
  };
  if (validity === null) {
    return SlotSpace.integers(values, maxRange, (groupSlots, bias) => keyColumn(groupSlots, bias, -1), () => hashSlots(keys));
  }
  const [low, high] = validRange(values, validity);
  const range = high - low + 1;
  if (range > maxRange) return null;
  const { rowSlots, nullSlot } = slotsWithNulls(values, low, validity, range);
  return SlotSpace.known(rowSlots, range + 1, nullSlot, false, (groupSlots) => keyColumn(groupSlots, low, nullSlot));
}

/** Smallest and largest valid key ([0, 0] when there is none). */
function validRange(values: SlotArray, validity: Uint8Array): [number, number] {
  let first = 0;
  while (first < values.length && !isBitSet(validity, first)) first++;
  if (first === values.length) return [0, 0];
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
function slotsWithNulls(raw: SlotArray, bias: number, validity: Uint8Array | null, slotCount: number): { rowSlots: SlotArray; nullSlot: number } {
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

/**
 * Slots in order of first use. Stops early once every slot in `used` has been seen, which for
 * keys without gaps happens after a few times as many rows as there are groups.
 */
function firstSeenSlots(rowSlots: SlotArray, bias: number, capacity: number, used: Int32Array): Int32Array {
  const slotsInUse = used[1]! - used[0]! + 1;
  const seen = new Uint8Array(capacity);
  const order = new Int32Array(slotsInUse);
  let found = 0;
  for (let i = 0; i < rowSlots.length && found < slotsInUse; i++) {
    const slot = rowSlots[i]! - bias;
    if (seen[slot] === 0) {
      seen[slot] = 1;
      order[found++] = slot;
    }
  }
  return order.subarray(0, found);
}

/** Groups numbered by hashing each row's key, in first-seen order. */
function hashSlots(keys: Vector): HashedSlots {
  const chunks = keys.data as Data[];
  let groups: DenseGroups;
  if (DataType.isUtf8(keys.type) && chunks.length === 1) {
    const data = chunks[0] as Data<Utf8>;
    groups = groupUtf8Rows(data.valueOffsets, data.values, chunkValidity(data), data.length);
  } else {
    groups = groupByValue(keys);
  }
  const { rowGroups, firstRows, groupCount, nullGroup } = groups;
  const keyColumn = (groupSlots: Int32Array) => vectorFromArray(Array.from(groupSlots, (group) => keys.get(firstRows[group]!)), keys.type);
  return { rowSlots: rowGroups, slotCount: groupCount, nullSlot: nullGroup, keyColumn };
}

function hashedSpace(hashed: HashedSlots): SlotSpace {
  return SlotSpace.known(hashed.rowSlots, hashed.slotCount, hashed.nullSlot, true, hashed.keyColumn);
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
  return { rowGroups, firstRows: Int32Array.from(firstRows), groupCount: firstRows.length, nullGroup: groupOf.get(null) ?? -1 };
}
