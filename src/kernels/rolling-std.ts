/**
 * Trailing-window sample standard deviation in O(n) with Welford's updates (the running mean and
 * the sum of squared deviations M2), which stay accurate where Σx² − (Σx)²/n cancels badly.
 */
import { byteAt, isBitSet } from "./bitmap.ts";
import { float64VectorWithNulls } from "./make-vector.ts";
import { readNumeric } from "./read-column.ts";
import type { Float64Vector, NumericInput } from "./types.ts";
import { emptyValidity, type RollingOptions, resolveWindow, withWarmUpNulls } from "./window-options.ts";

/**
 * Sample standard deviation (ddof 1) over a trailing window of `window` rows, skipping nulls
 * (pandas' `rolling(window).std()`). A window holding NaN or ±Infinity gives NaN.
 * @param input a numeric vector or typed array
 * @param window rows per window, ending at the current row
 * @param options `minPeriods`: fewest valid values for a result (default `window`)
 * @returns a Float64 vector, null where the window has fewer than max(minPeriods, 2) valid values
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` for a bad window or minPeriods
 * @example
 * rollingStd(vectorFromArray([1, 3, 5, 9]), 2) // → [null, 1.414…, 1.414…, 2.828…]
 */
export function rollingStd(input: NumericInput, window: number, options: RollingOptions = {}): Float64Vector {
  const { minPeriods } = resolveWindow("rollingStd", window, options);
  const column = readNumeric(input, "rollingStd", "input");
  const out = new Float64Array(column.length);
  // One value has no sample deviation, so a result needs two.
  const needed = Math.max(minPeriods, 2);
  const state = new Float64Array(STATE_SIZE);
  if (column.validity === null) {
    stdDense(column.values, window, out, state);
    return withWarmUpNulls(out, needed, window);
  }
  const validity = emptyValidity(column.length);
  const nullCount = stdMasked(column.values, column.validity, window, needed, out, validity, state);
  return float64VectorWithNulls(out, validity, nullCount);
}

/**
 * Welford state over the finite values of a window, in a Float64Array the caller allocates:
 * hot functions here take only typed arrays and numbers. Allocating objects inside them, or
 * passing them objects, ties V8's optimized code to short-lived maps and objects, and every
 * full garbage collection then threw that code away ("weak objects" deopts), so each call ran
 * partly unoptimized. Non-finite values are only counted (SPECIAL): they make the deviation NaN
 * and would corrupt the running mean.
 */
const COUNT = 0;
const MEAN = 1;
const M2 = 2;
const SPECIAL = 3;
const STATE_SIZE = 4;

/**
 * When a value leaves whose squared deviation exceeds the remaining M2 by this factor, the
 * rounding left in M2 (about ε·δ² per update) is no longer small next to it: a spike has just
 * left the window. The window is then summed again exactly, as pandas' compensated sums would
 * absorb it. Ordinary data never comes near this ratio, so rescans happen once per spike.
 */
const CANCELLATION = 2 ** 16;

function addValue(state: Float64Array, x: number): void {
  if (x - x !== 0) {
    state[SPECIAL]! += 1;
    return;
  }
  const count = state[COUNT]! + 1;
  const mean = state[MEAN]!;
  const delta = x - mean;
  const nextMean = mean + delta / count;
  state[COUNT] = count;
  state[MEAN] = nextMean;
  state[M2]! += delta * (x - nextMean);
}

/** Removes `x`; returns its squared deviation from the old mean, for the cancellation test. */
function removeValue(state: Float64Array, x: number): number {
  if (x - x !== 0) {
    state[SPECIAL]! -= 1;
    return 0;
  }
  const count = state[COUNT]! - 1;
  const mean = state[MEAN]!;
  const delta = x - mean;
  state[COUNT] = count;
  if (count === 0) {
    state[MEAN] = 0;
    state[M2] = 0;
    return 0;
  }
  const nextMean = mean - delta / count;
  state[MEAN] = nextMean;
  state[M2]! -= delta * (x - nextMean);
  return delta * delta;
}

/** Recomputes count, mean and M2 of the finite valid values in rows [from, to), two-pass. */
function rescan(state: Float64Array, values: Float64Array, validity: Uint8Array | null, from: number, to: number): void {
  let count = 0;
  let total = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if ((validity === null || isBitSet(validity, i)) && x - x === 0) {
      count++;
      total += x;
    }
  }
  const mean = count === 0 ? 0 : total / count;
  let m2 = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if ((validity === null || isBitSet(validity, i)) && x - x === 0) m2 += (x - mean) * (x - mean);
  }
  state[COUNT] = count;
  state[MEAN] = mean;
  state[M2] = m2;
}

/** The window's deviation: NaN with a non-finite value in it; rounding can leave M2 a hair below 0. */
function deviation(count: number, m2: number, special: number): number {
  return special !== 0 ? NaN : Math.sqrt((m2 > 0 ? m2 : 0) / (count - 1));
}

// Hot loop. In the steady state a finite value replaces a finite one and the count stays put,
// so the update needs no division: mean' = mean + δ/n and M2' = M2 + δ·(x_in − mean' + x_out − mean),
// with 1/n computed once; the state lives in locals, and `state` only carries it through the
// rare slow steps. A window of equal values (the run of equal values ending here covers it) has
// a deviation of exactly 0, as in pandas, and its state is set exactly: without that, data that
// holds a level for a while would leave a residue in M2 and pay a rescan at every step.
function stdDense(values: Float64Array, window: number, out: Float64Array, state: Float64Array): void {
  const length = values.length;
  const warm = window < length ? window : length; // not Math.min: see bitmap.ts
  let run = 0;
  let previous = NaN;
  for (let i = 0; i < warm; i++) {
    const x = values[i]!;
    run = x === previous ? run + 1 : 1;
    previous = x;
    addValue(state, x);
    if (run > i && state[SPECIAL] === 0) {
      state[MEAN] = x;
      state[M2] = 0;
    }
    out[i] = deviation(state[COUNT]!, state[M2]!, state[SPECIAL]!);
  }
  let count = state[COUNT]!;
  let mean = state[MEAN]!;
  let m2 = state[M2]!;
  let special = state[SPECIAL]!;
  let inverseCount = 1 / count;
  let inverseDegrees = 1 / (count - 1);
  for (let i = warm; i < length; i++) {
    const entering = values[i]!;
    const leaving = values[i - window]!;
    run = entering === previous ? run + 1 : 1;
    previous = entering;
    const delta = entering - leaving;
    if (delta - delta === 0) {
      const nextMean = mean + delta * inverseCount;
      m2 += delta * (entering - nextMean + leaving - mean);
      mean = nextMean;
    } else {
      state[COUNT] = count;
      state[MEAN] = mean;
      state[M2] = m2;
      state[SPECIAL] = special;
      removeValue(state, leaving);
      addValue(state, entering);
      count = state[COUNT]!;
      mean = state[MEAN]!;
      m2 = state[M2]!;
      special = state[SPECIAL]!;
      inverseCount = 1 / count;
      inverseDegrees = 1 / (count - 1);
    }
    if (run >= window && special === 0) {
      mean = entering;
      m2 = 0;
    } else if (delta * delta > CANCELLATION * m2) {
      rescan(state, values, null, i - window + 1, i + 1);
      mean = state[MEAN]!;
      m2 = state[M2]!;
    }
    out[i] = special !== 0 ? NaN : Math.sqrt((m2 > 0 ? m2 : 0) * inverseDegrees);
  }
}

// Null-aware path. When a valid finite value replaces a valid finite one, the same
// division-free update as stdDense applies, on locals (the count stays, so 1/count is kept);
// any other step (a null entering or leaving, a non-finite value) goes through the state
// helpers. Rows with fewer than `needed` valid values get NaN here; returns how many there are.
// Steps eight rows at a time over the validity bytes, as totalMasked in rolling-sum.ts does.
function stdMasked(
  values: Float64Array,
  validity: Uint8Array,
  window: number,
  needed: number,
  out: Float64Array,
  outValidity: Uint8Array,
  state: Float64Array,
): number {
  const length = values.length;
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let special = 0;
  let inverseCount = Infinity; // 1 / count, recomputed when the count changes
  // The run of equal valid values ending here covers the window when it is as long as the count.
  let run = 0;
  let previous = NaN;
  let nullCount = 0;
  for (let row = 0; row < length; row += 8) {
    const enteringBits = validity[row >> 3]!;
    const leavingBits = byteAt(validity, row - window);
    const end = row + 8 < length ? row + 8 : length;
    let outBits = 0;
    for (let i = row; i < end; i++) {
      const bit = i - row;
      const enters = ((enteringBits >> bit) & 1) !== 0;
      const leaves = ((leavingBits >> bit) & 1) !== 0;
      const entering = values[i]!;
      const leaving = leaves ? values[i - window]! : 0;
      if (enters) {
        run = entering === previous ? run + 1 : 1;
        previous = entering;
      }
      const delta = entering - leaving;
      let removed = 0;
      if (enters && leaves && delta - delta === 0 && count > 0) {
        const nextMean = mean + delta * inverseCount;
        m2 += delta * (entering - nextMean + leaving - mean);
        mean = nextMean;
        removed = delta * delta;
      } else if (enters || leaves) {
        state[COUNT] = count;
        state[MEAN] = mean;
        state[M2] = m2;
        state[SPECIAL] = special;
        if (leaves) removed = removeValue(state, leaving);
        if (enters) addValue(state, entering);
        count = state[COUNT]!;
        mean = state[MEAN]!;
        m2 = state[M2]!;
        special = state[SPECIAL]!;
        inverseCount = 1 / count;
      }
      const valid = count + special;
      if (run >= valid && special === 0 && count > 0) {
        mean = previous;
        m2 = 0;
      } else if (removed > CANCELLATION * m2) {
        rescan(state, values, validity, i - window + 1, i + 1);
        count = state[COUNT]!;
        mean = state[MEAN]!;
        m2 = state[M2]!;
        inverseCount = 1 / count;
      }
      if (valid < needed) {
        out[i] = NaN;
        nullCount++;
        continue;
      }
      // `deviation`, written out: calling it here (inlined or not) made this loop 1.5× slower.
      if (special !== 0) out[i] = NaN;
      else out[i] = Math.sqrt(m2 > 0 ? m2 / (count - 1) : 0);
      outBits |= 1 << bit;
    }
    outValidity[row >> 3] = outBits;
  }
  return nullCount;
}
