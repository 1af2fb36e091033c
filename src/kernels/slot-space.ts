/**
 * Where each row of a group-by accumulates: row i into slot `rowSlots[i] - bias` of accumulator
 * arrays `capacity` long.
 *
 * Dictionary indices and hashed group ids come with their range. Integer keys serve as slots
 * directly, and a pass to find their range first cost a quarter of the whole group-by, so the
 * first accumulation pass finds it instead: its loop stops at a row whose slot falls outside
 * the arrays, `include` widens the space (at least doubling it, so sorted keys widen O(log n)
 * times), `accumulate` moves the arrays along, and the loop resumes at that row.
 * Keys too spread out to index an array are grouped by hashing instead (`include` then returns
 * RESTART).
 */
import type { DataType, Vector } from "apache-arrow";

/** Integer arrays that can hold slots: dictionary indices, integer keys, or computed ids. */
export type SlotArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

/** Accumulator arrays indexed by slot, e.g. sums and counts. */
export type SlotArrays = readonly (Float64Array | Int32Array)[];

/** What `include` returns when the slots were renumbered (keys hashed): accumulation starts over. */
export const RESTART = null;

/** Slots numbered by a hashing pass, the fallback for integer keys too spread out to index an array. */
export interface HashedSlots {
  readonly rowSlots: Int32Array;
  readonly slotCount: number;
  readonly nullSlot: number;
  readonly keyColumn: (groupSlots: Int32Array) => Vector<DataType>;
}

export class SlotSpace {
  /**
   * [lowest, highest] slot of the rows seen so far: of all rows once `settled`. An Int32Array so
   * that hot loops read and widen it without allocating (see rolling-std.ts on why that matters).
   */
  readonly used = new Int32Array(2);
  #settled: boolean;
  /** Largest key range that indexes an array; a wider one is hashed. */
  readonly #maxRange: number;
  readonly #hash: (() => HashedSlots) | null;

  private constructor(
    public rowSlots: SlotArray,
    public bias: number,
    public capacity: number,
    /** Slot of the rows with a null key, -1 when there are none. */
    public nullSlot: number,
    /** Whether slot numbers already follow the groups' first-seen order. */
    public inFirstSeenOrder: boolean,
    /** The key column for groups in the given slots. */
    public keyColumn: (groupSlots: Int32Array) => Vector<DataType>,
    settled: boolean,
    maxRange: number,
    hash: (() => HashedSlots) | null,
  ) {
    this.#settled = settled;
    this.#maxRange = maxRange;
    this.#hash = hash;
  }

  /** Slots in [0, slotCount), e.g. dictionary indices or hashed group ids. */
  static known(
    rowSlots: SlotArray,
    slotCount: number,
    nullSlot: number,
    inFirstSeenOrder: boolean,
    keyColumn: (groupSlots: Int32Array) => Vector<DataType>,
  ): SlotSpace {
    const space = new SlotSpace(rowSlots, 0, slotCount, nullSlot, inFirstSeenOrder, keyColumn, true, slotCount, null);
    space.used[1] = slotCount - 1;
    return space;
  }

  /**
   * Integer keys (no nulls) as their own slots, range yet unknown; `hash` groups them instead
   * when their range exceeds `maxRange`. `keyColumn` receives the slots and the final bias.
   */
  static integers(
    keys: SlotArray,
    maxRange: number,
    keyColumn: (groupSlots: Int32Array, bias: number) => Vector<DataType>,
    hash: () => HashedSlots,
  ): SlotSpace {
    // Start around the first key; the first pass widens the space as other keys turn up.
    const capacity = Math.min(INITIAL_CAPACITY, maxRange);
    const bias = keys[0]! - (capacity >> 1);
    const space: SlotSpace = new SlotSpace(keys, bias, capacity, -1, false, (slots) => keyColumn(slots, space.bias), false, maxRange, hash);
    space.used[0] = space.used[1] = keys[0]! - bias;
    return space;
  }

  /**
   * Runs `pass` over every row and returns its arrays. `pass(arrays, from)` accumulates rows from
   * `from` on and returns the row it stopped at: the row count, or a row whose slot lies outside
   * the arrays. The space then widens to take that row and the arrays move along (a fresh set
   * from `fresh`, the used slots copied in), and the pass resumes there; when the keys turned
   * out too spread out and were hashed instead, it starts over on fresh arrays.
   * @example const [sums] = space.accumulate((n) => [new Float64Array(n)], ([sums], from) => addFrom(from, sums));
   */
  accumulate<T extends SlotArrays>(fresh: (capacity: number) => T, pass: (arrays: T, from: number) => number): T {
    let arrays = fresh(this.capacity);
    for (let row = pass(arrays, 0); row !== this.rowSlots.length; row = pass(arrays, row)) {
      const shift = this.include(row);
      const grown = fresh(this.capacity);
      if (shift === RESTART) row = 0;
      else arrays.forEach((old, k) => copyShifted(old, shift, grown[k]!));
      arrays = grown;
    }
    this.#settled = true;
    return arrays;
  }

  /** Makes `used` final without accumulating anything (for a group-by with no aggregations). */
  settle(): void {
    if (!this.#settled) this.accumulate(() => [], (_, from) => spanUntilOutside(this.rowSlots, from, this.bias, this.capacity, this.used));
  }

  /**
   * Widens the space to take the slot of `row`, which lies outside [0, capacity). Returns how
   * far existing slots moved (new slot = old slot + shift), or RESTART when the keys turned out
   * too spread out and were renumbered by hashing.
   */
  include(row: number): number | typeof RESTART {
    if (this.#settled) throw new RangeError(`groupBy: row ${row} has slot ${this.rowSlots[row]! - this.bias}, outside [0, ${this.capacity})`);
    const key = this.rowSlots[row]!;
    const lowKey = Math.min(this.used[0]! + this.bias, key);
    const highKey = Math.max(this.used[1]! + this.bias, key);
    const range = highKey - lowKey + 1;
    if (range > this.#maxRange) {
      this.#useHashedSlots(this.#hash!());
      return RESTART;
    }
    const capacity = Math.min(Math.max(range, 2 * this.capacity), this.#maxRange);
    // The spare room goes on the side that grew: below for a smaller key, above for a larger one.
    const bias = key < this.bias ? highKey - capacity + 1 : lowKey;
    const shift = this.bias - bias;
    this.bias = bias;
    this.capacity = capacity;
    this.used[0] = lowKey - bias;
    this.used[1] = highKey - bias;
    return shift;
  }

  #useHashedSlots(hashed: HashedSlots): void {
    this.rowSlots = hashed.rowSlots;
    this.bias = 0;
    this.capacity = hashed.slotCount;
    this.nullSlot = hashed.nullSlot;
    this.inFirstSeenOrder = true;
    this.keyColumn = hashed.keyColumn;
    this.used[0] = 0;
    this.used[1] = hashed.slotCount - 1;
    this.#settled = true;
  }
}

const INITIAL_CAPACITY = 1024;

/** Copies `old` into `into` with every slot moved by `shift`; old slots that fall outside were never used. */
function copyShifted(old: Float64Array | Int32Array, shift: number, into: Float64Array | Int32Array): void {
  const from = Math.max(0, -shift);
  const to = Math.min(old.length, into.length - shift);
  into.set(old.subarray(from, to), from + shift);
}

/** Widens `used` over rows from `from` on; stops at a row whose slot is outside [0, capacity) and returns it (or the row count). */
function spanUntilOutside(slots: SlotArray, from: number, bias: number, capacity: number, used: Int32Array): number {
  let low = used[0]!;
  let high = used[1]!;
  let row = from;
  for (; row < slots.length; row++) {
    const slot = slots[row]! - bias;
    if (slot < low || slot > high) {
      if (slot < 0 || slot >= capacity) break;
      if (slot < low) low = slot;
      else high = slot;
    }
  }
  used[0] = low;
  used[1] = high;
  return row;
}
