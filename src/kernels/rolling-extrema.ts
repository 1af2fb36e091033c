/**
 * Trailing-window min and max in O(n) with a monotonic deque: it holds the rows that can still
 * become the window's extreme, best at the front, so each row is pushed and popped at most once
 * whatever the window size. NaN is a value: a window that contains one gives NaN.
 */
import { isBitSet } from "./bitmap.ts";
import { float64VectorWithNulls } from "./make-vector.ts";
import { readNumeric } from "./read-column.ts";
import type { Float64Vector, NumericInput } from "./types.ts";
import { emptyValidity, type RollingOptions, resolveWindow, withWarmUpNulls } from "./window-options.ts";

/** +1 finds minima; -1 finds maxima by comparing negated values, so one loop serves both. */
type Direction = 1 | -1;

function rollingExtreme(kernel: string, input: unknown, window: number, options: RollingOptions, direction: Direction): Float64Vector {
  const { minPeriods } = resolveWindow(kernel, window, options);
  const column = readNumeric(input, kernel, "input");
  const out = new Float64Array(column.length);
  const needed = Math.max(minPeriods, 1);
  // The deque comes from here: hot loops that allocate lose their optimized code to garbage
  // collections (see rolling-std.ts).
  const deque = dequeFor(window, column.length);
  if (column.validity === null) {
    extremeDense(column.values, window, direction, out, deque.rows, deque.keys);
    return withWarmUpNulls(out, needed, window);
  }
  const validity = emptyValidity(column.length);
  const nullCount = extremeMasked(column.values, column.validity, window, needed, direction, out, validity, deque.rows, deque.keys);
  return float64VectorWithNulls(out, validity, nullCount);
}

/**
 * The deque as two rings: row indices (to drop rows that leave the window) and their keys
 * (`direction * value`), so popping compares against one array instead of chasing an index.
 * Capacity is a power of two so positions wrap with a mask, not `%`.
 */
interface Deque {
  readonly rows: Int32Array;
  readonly keys: Float64Array;
}

function dequeFor(window: number, length: number): Deque {
  const needed = (window < length ? window : length) + 1;
  let capacity = 1;
  while (capacity < needed) capacity <<= 1;
  return { rows: new Int32Array(capacity), keys: new Float64Array(capacity) };
}

// Hot loop. `head` and `tail` only grow (each row enters once), and `& mask` maps them into the ring.
function extremeDense(
  values: Float64Array,
  window: number,
  direction: Direction,
  out: Float64Array,
  rows: Int32Array,
  keys: Float64Array,
): void {
  const mask = rows.length - 1;
  let head = 0;
  let tail = 0;
  let lastNaN = -window - 1;
  for (let i = 0; i < values.length; i++) {
    if (tail > head && rows[head & mask]! <= i - window) head++;
    const x = values[i]!;
    if (x !== x) {
      lastNaN = i;
    } else {
      const key = direction * x;
      while (tail > head && keys[(tail - 1) & mask]! >= key) tail--;
      rows[tail & mask] = i;
      keys[tail & mask] = key;
      tail++;
    }
    // An all-NaN window leaves the deque empty, but then lastNaN is inside the window.
    out[i] = lastNaN > i - window ? NaN : direction * keys[head & mask]!;
  }
}

// Null-aware path: NaN (and no validity bit) where the window has fewer than `needed` valid
// values; returns how many rows that is.
function extremeMasked(
  values: Float64Array,
  validity: Uint8Array,
  window: number,
  needed: number,
  direction: Direction,
  out: Float64Array,
  outValidity: Uint8Array,
  rows: Int32Array,
  keys: Float64Array,
): number {
  const mask = rows.length - 1;
  let head = 0;
  let tail = 0;
  let lastNaN = -window - 1;
  let valid = 0;
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (tail > head && rows[head & mask]! <= i - window) head++;
    if (i >= window && isBitSet(validity, i - window)) valid--;
    if (isBitSet(validity, i)) {
      valid++;
      const x = values[i]!;
      if (x !== x) {
        lastNaN = i;
      } else {
        const key = direction * x;
        while (tail > head && keys[(tail - 1) & mask]! >= key) tail--;
        rows[tail & mask] = i;
        keys[tail & mask] = key;
        tail++;
      }
    }
    if (valid < needed) {
      out[i] = NaN;
      nullCount++;
      continue;
    }
    out[i] = lastNaN > i - window ? NaN : direction * keys[head & mask]!;
    outValidity[i >> 3]! |= 1 << (i & 7);
  }
  return nullCount;
}

/**
 * Minimum over a trailing window of `window` rows, skipping nulls (pandas' `rolling(window).min()`).
 * @param input a numeric vector or typed array
 * @param window rows per window, ending at the current row
 * @param options `minPeriods`: fewest valid values for a result (default `window`)
 * @returns a Float64 vector, null where the window has fewer than max(minPeriods, 1) valid values
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` for a bad window or minPeriods
 * @example
 * rollingMin(vectorFromArray([3, 1, 2, 5]), 2) // → [null, 1, 1, 2]
 */
export function rollingMin(input: NumericInput, window: number, options: RollingOptions = {}): Float64Vector {
  return rollingExtreme("rollingMin", input, window, options, 1);
}

/**
 * Maximum over a trailing window of `window` rows, skipping nulls (pandas' `rolling(window).max()`).
 * @param input a numeric vector or typed array
 * @param window rows per window, ending at the current row
 * @param options `minPeriods`: fewest valid values for a result (default `window`)
 * @returns a Float64 vector, null where the window has fewer than max(minPeriods, 1) valid values
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` for a bad window or minPeriods
 * @example
 * rollingMax(vectorFromArray([3, 1, 2, 5]), 2) // → [null, 3, 2, 5]
 */
export function rollingMax(input: NumericInput, window: number, options: RollingOptions = {}): Float64Vector {
  return rollingExtreme("rollingMax", input, window, options, -1);
}
