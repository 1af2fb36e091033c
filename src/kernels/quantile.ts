/**
 * Quantiles by selection rather than sorting: O(n) on average instead of O(n log n), with a
 * sort of the remaining range as a fallback so adversarial input cannot go quadratic.
 */
import { isBitSet } from "./bitmap.ts";
import { invalidArgument } from "./kernel-error.ts";
import { readNumeric } from "./read-column.ts";
import type { NumericInput } from "./types.ts";

/**
 * The q-th quantile of the non-null values with linear interpolation between the two nearest
 * ranks (pandas' and numpy's default): position `q * (count - 1)` in sorted order.
 * @param input a numeric vector or typed array
 * @param q the quantile, in [0, 1] (0.5 is the median)
 * @returns the quantile; NaN when there are no valid values or any value is NaN (NaN is a value, not missing)
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` when q is outside [0, 1]
 * @example
 * quantile(vectorFromArray([1, 2, 3, 4, null]), 0.5) // → 2.5
 */
export function quantile(input: NumericInput, q: number): number {
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) throw invalidArgument("quantile", "q", q, "a number in [0, 1]");
  const column = readNumeric(input, "quantile", "input");
  const values = validValues(column.values, column.validity, column.length);
  if (values === null || values.length === 0) return NaN;
  const position = q * (values.length - 1);
  const lowerRank = position | 0; // floor of a non-negative int32, typed as an integer (see bitmap.ts)
  const fraction = position - lowerRank;
  selectInPlace(values, lowerRank);
  const lower = values[lowerRank]!;
  if (fraction === 0) return lower;
  // After selection everything right of the rank is ≥ it, so the next rank is their minimum.
  let upper = Infinity;
  for (let i = lowerRank + 1; i < values.length; i++) if (values[i]! < upper) upper = values[i]!;
  // numpy's two-sided lerp: exact at both ends and monotonic in q.
  return fraction < 0.5 ? lower + (upper - lower) * fraction : upper - (upper - lower) * (1 - fraction);
}

/** A fresh array of the valid values (selection reorders it), or null when one is NaN. */
function validValues(values: Float64Array, validity: Uint8Array | null, length: number): Float64Array | null {
  const out = new Float64Array(length);
  let kept = 0;
  for (let i = 0; i < length; i++) {
    if (validity !== null && !isBitSet(validity, i)) continue;
    const x = values[i]!;
    if (x !== x) return null;
    out[kept++] = x;
  }
  return kept === length ? out : out.subarray(0, kept);
}

/**
 * Reorders `values` so that `values[rank]` holds the value of that rank in sorted order, smaller
 * or equal values before it and larger or equal after (Hoare's quickselect, median-of-three).
 */
function selectInPlace(values: Float64Array, rank: number): void {
  let left = 0;
  let right = values.length - 1;
  // Each good partition at least roughly halves the range; past this many, stop gambling.
  let partitionsLeft = 2 * Math.ceil(Math.log2(values.length + 1)) + 8;
  while (right > left) {
    if (partitionsLeft-- === 0) {
      values.subarray(left, right + 1).sort();
      return;
    }
    const pivot = medianOfThree(values[left]!, values[(left + right) >>> 1]!, values[right]!);
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    // Now [left, j] ≤ pivot ≤ [i, right]; anything strictly between equals the pivot.
    if (rank <= j) right = j;
    else if (rank >= i) left = i;
    else return;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
