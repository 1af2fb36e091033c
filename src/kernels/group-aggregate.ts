/**
 * Per-slot accumulators for group-by: one pass over a value column adds each row into its
 * group's slot. Nulls are skipped; NaN is a value and propagates into its group's result.
 */
import type { NumericColumn } from "./read-column.ts";
import type { SlotArray, SlotSpace } from "./slot-space.ts";

/** Sum and valid-row count of every slot, from one fused pass (mean needs both). */
export interface SlotTotals {
  readonly sums: Float64Array;
  readonly counts: Int32Array;
}

/** Smallest (or largest) value of every slot, and its valid-row count. */
export interface SlotExtremes {
  readonly best: Float64Array;
  readonly counts: Int32Array;
}

/**
 * Sums and counts per slot. If the space's range is still open (integer keys), this pass finds
 * it: the loop returns at a row outside the arrays, which grow to take it, and goes on from there.
 */
export function slotTotals(space: SlotSpace, column: NumericColumn): SlotTotals {
  const { values, validity } = column;
  const [sums, counts] = space.accumulate(
    (capacity) => [new Float64Array(capacity), new Int32Array(capacity)] as const,
    ([sums, counts], from) =>
      validity === null
        ? totalsDense(space.rowSlots, from, space.bias, values, sums, counts, space.used)
        : totalsMasked(space.rowSlots, from, space.bias, values, validity, sums, counts, space.used),
  );
  return { sums, counts };
}

/** `direction` +1 finds minima, -1 maxima (by keeping the minimum of negated values). Finds an open range like `slotTotals`. */
export function slotExtremes(space: SlotSpace, column: NumericColumn, direction: 1 | -1): SlotExtremes {
  const { values, validity } = column;
  const [best, counts] = space.accumulate(
    (capacity) => [new Float64Array(capacity).fill(Infinity), new Int32Array(capacity)] as const,
    ([best, counts], from) =>
      validity === null
        ? extremesDense(space.rowSlots, from, space.bias, values, direction, best, counts, space.used)
        : extremesMasked(space.rowSlots, from, space.bias, values, validity, direction, best, counts, space.used),
  );
  if (direction === -1) for (let slot = 0; slot < best.length; slot++) best[slot] = -best[slot]!;
  return { best, counts };
}

// Hot loops: the accumulation is a scatter into slot arrays, as in a hand-written group-by. Each
// also checks that the slot lies in `used` (always true once the range is known): while an
// integer key range is being found, a slot outside widens `used`, or, outside the arrays, ends
// the loop at that row. The check is written out in each loop, as a helper would need to return
// two bounds. Null values are skipped after the check, since their rows' keys still form groups;
// the masked loops read the validity a byte per eight rows, 1.1× faster than a test per row.
function totalsDense(
  slots: SlotArray,
  from: number,
  bias: number,
  values: Float64Array,
  sums: Float64Array,
  counts: Int32Array,
  used: Int32Array,
): number {
  const capacity = sums.length;
  const length = values.length;
  let low = used[0]!;
  let high = used[1]!;
  let i = from;
  while (i < length) {
    // Two rows per step while both slots lie in `used`: 1.1-1.2× faster than one row per step.
    for (; i + 1 < length; i += 2) {
      const slot = slots[i]! - bias;
      const next = slots[i + 1]! - bias;
      if (slot < low || slot > high || next < low || next > high) break;
      sums[slot]! += values[i]!;
      counts[slot]!++;
      sums[next]! += values[i + 1]!;
      counts[next]!++;
    }
    if (i === length) break;
    // One row at a time: the last one, or one whose slot widens `used` or ends the loop.
    const slot = slots[i]! - bias;
    if (slot < low || slot > high) {
      if (slot < 0 || slot >= capacity) break;
      if (slot < low) low = slot;
      else high = slot;
    }
    sums[slot]! += values[i]!;
    counts[slot]!++;
    i++;
  }
  used[0] = low;
  used[1] = high;
  return i;
}

function totalsMasked(
  slots: SlotArray,
  from: number,
  bias: number,
  values: Float64Array,
  validity: Uint8Array,
  sums: Float64Array,
  counts: Int32Array,
  used: Int32Array,
): number {
  const capacity = sums.length;
  const length = values.length;
  let low = used[0]!;
  let high = used[1]!;
  let i = from;
  rows: while (i < length) {
    // One validity byte per eight rows (`from` may fall inside a byte).
    const bits = validity[i >> 3]!;
    const byteEnd = ((i >> 3) + 1) << 3;
    const end = byteEnd < length ? byteEnd : length;
    for (; i < end; i++) {
      const slot = slots[i]! - bias;
      if (slot < low || slot > high) {
        if (slot < 0 || slot >= capacity) break rows;
        if (slot < low) low = slot;
        else high = slot;
      }
      if (((bits >> (i & 7)) & 1) === 0) continue;
      sums[slot]! += values[i]!;
      counts[slot]!++;
    }
  }
  used[0] = low;
  used[1] = high;
  return i;
}

// A smaller key replaces the best; otherwise a NaN key does, and once a slot holds NaN no
// comparison is true again, so NaN sticks (NaN is a value and propagates).
function extremesDense(
  slots: SlotArray,
  from: number,
  bias: number,
  values: Float64Array,
  direction: number,
  best: Float64Array,
  counts: Int32Array,
  used: Int32Array,
): number {
  const capacity = best.length;
  let low = used[0]!;
  let high = used[1]!;
  let i = from;
  for (; i < values.length; i++) {
    const slot = slots[i]! - bias;
    if (slot < low || slot > high) {
      if (slot < 0 || slot >= capacity) break;
      if (slot < low) low = slot;
      else high = slot;
    }
    const key = direction * values[i]!;
    counts[slot]!++;
    if (key < best[slot]!) best[slot] = key;
    else if (key !== key) best[slot] = NaN;
  }
  used[0] = low;
  used[1] = high;
  return i;
}

function extremesMasked(
  slots: SlotArray,
  from: number,
  bias: number,
  values: Float64Array,
  validity: Uint8Array,
  direction: number,
  best: Float64Array,
  counts: Int32Array,
  used: Int32Array,
): number {
  const capacity = best.length;
  const length = values.length;
  let low = used[0]!;
  let high = used[1]!;
  let i = from;
  rows: while (i < length) {
    const bits = validity[i >> 3]!;
    const byteEnd = ((i >> 3) + 1) << 3;
    const end = byteEnd < length ? byteEnd : length;
    for (; i < end; i++) {
      const slot = slots[i]! - bias;
      if (slot < low || slot > high) {
        if (slot < 0 || slot >= capacity) break rows;
        if (slot < low) low = slot;
        else high = slot;
      }
      if (((bits >> (i & 7)) & 1) === 0) continue;
      const key = direction * values[i]!;
      counts[slot]!++;
      if (key < best[slot]!) best[slot] = key;
      else if (key !== key) best[slot] = NaN;
    }
  }
  used[0] = low;
  used[1] = high;
  return i;
}
