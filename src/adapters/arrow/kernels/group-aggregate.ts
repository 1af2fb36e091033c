/**
 * Per-slot accumulators for group-by: one pass over a value column adds each row into its
 * group's slot. Nulls are skipped; NaN is a value and propagates into its group's result.
 */
import { isBitSet } from "./bitmap.ts";
import type { Grouping, SlotArray } from "./group-keys.ts";
import type { NumericColumn } from "./read-column.ts";

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

export function slotTotals(grouping: Grouping, column: NumericColumn): SlotTotals {
  const sums = new Float64Array(grouping.slotCount);
  const counts = new Int32Array(grouping.slotCount);
  const { rowSlots, slotBias } = grouping;
  if (column.validity === null) totalsDense(rowSlots, slotBias, column.values, sums, counts);
  else totalsMasked(rowSlots, slotBias, column.values, column.validity, sums, counts);
  return { sums, counts };
}

/** `direction` +1 finds minima, -1 maxima (by keeping the minimum of negated values). */
export function slotExtremes(grouping: Grouping, column: NumericColumn, direction: 1 | -1): SlotExtremes {
  const best = new Float64Array(grouping.slotCount).fill(Infinity);
  const counts = new Int32Array(grouping.slotCount);
  const { rowSlots, slotBias } = grouping;
  if (column.validity === null) extremesDense(rowSlots, slotBias, column.values, direction, best, counts);
  else extremesMasked(rowSlots, slotBias, column.values, column.validity, direction, best, counts);
  if (direction === -1) for (let slot = 0; slot < best.length; slot++) best[slot] = -best[slot]!;
  return { best, counts };
}

// Hot loops: the accumulation is a scatter into slot arrays, as in a hand-written group-by.
function totalsDense(slots: SlotArray, bias: number, values: Float64Array, sums: Float64Array, counts: Int32Array): void {
  for (let i = 0; i < values.length; i++) {
    const slot = slots[i]! - bias;
    sums[slot]! += values[i]!;
    counts[slot]!++;
  }
}

function totalsMasked(
  slots: SlotArray,
  bias: number,
  values: Float64Array,
  validity: Uint8Array,
  sums: Float64Array,
  counts: Int32Array,
): void {
  for (let i = 0; i < values.length; i++) {
    if (!isBitSet(validity, i)) continue;
    const slot = slots[i]! - bias;
    sums[slot]! += values[i]!;
    counts[slot]!++;
  }
}

// A smaller key replaces the best; otherwise a NaN key does, and once a slot holds NaN no
// comparison is true again, so NaN sticks (NaN is a value and propagates).
function extremesDense(
  slots: SlotArray,
  bias: number,
  values: Float64Array,
  direction: number,
  best: Float64Array,
  counts: Int32Array,
): void {
  for (let i = 0; i < values.length; i++) {
    const slot = slots[i]! - bias;
    const key = direction * values[i]!;
    counts[slot]!++;
    if (key < best[slot]!) best[slot] = key;
    else if (key !== key) best[slot] = NaN;
  }
}

function extremesMasked(
  slots: SlotArray,
  bias: number,
  values: Float64Array,
  validity: Uint8Array,
  direction: number,
  best: Float64Array,
  counts: Int32Array,
): void {
  for (let i = 0; i < values.length; i++) {
    if (!isBitSet(validity, i)) continue;
    const slot = slots[i]! - bias;
    const key = direction * values[i]!;
    counts[slot]!++;
    if (key < best[slot]!) best[slot] = key;
    else if (key !== key) best[slot] = NaN;
  }
}
