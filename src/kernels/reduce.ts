/**
 * Reductions of a column to one number. Nulls are skipped, like pandas and SQL; NaN is a value
 * and propagates (a sum, mean, min or max over a NaN is NaN). With no valid values, `sum` is 0,
 * `count` is 0 and the others are NaN, as in pandas. A Bool column reduces as 1 and 0, as pandas
 * reduces a boolean Series: `sum(gt(x, 0))` is `(x > 0).sum()`, the number of trues, and `mean`
 * their share; `sum`, `mean` and `count` count bits without converting the column.
 */
import { countSetBits, countSetBitsInBoth, isBitSet } from "./bitmap.ts";
import { optionKeys } from "../errors/index.ts";
import { checkInteger, checkOptions } from "./kernel-error.ts";
import { type BoolColumn, isBoolVector, type NumericColumn, readBool, readNumericOrBool } from "./read-column.ts";
import type { BoolVector, NumericInput } from "./types.ts";

/** What the reducing kernels take: a numeric column, or a Bool one counted as 1 and 0. */
export type ReducibleInput = NumericInput | BoolVector;

/** Options of `variance` and `std`. */
export interface VarianceOptions {
  /** Delta degrees of freedom: the divisor is `count - ddof`. 1 (sample, pandas' default) unless given. */
  readonly ddof?: number;
}

/** The keys of VarianceOptions, checked against the interface by the compiler. */
export const VARIANCE_OPTION_KEYS = optionKeys<VarianceOptions>({ ddof: true });

function validCount(column: NumericColumn): number {
  return column.validity === null ? column.length : countSetBits(column.validity, column.length);
}

// Four running totals break the dependency chain between additions, so the CPU overlaps them:
// twice the speed of one total, and no less accurate.
function sumDense(values: Float64Array, length: number): number {
  let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    t0 += values[i]!;
    t1 += values[i + 1]!;
    t2 += values[i + 2]!;
    t3 += values[i + 3]!;
  }
  for (; i < length; i++) t0 += values[i]!;
  return t0 + t1 + t2 + t3;
}

// Walks the bitmap a byte at a time: all-valid bytes add eight values without testing bits,
// all-null bytes are skipped, and only mixed bytes test each bit.
function sumValid(values: Float64Array, validity: Uint8Array, length: number): number {
  let total = 0;
  const wholeBytes = length >> 3;
  for (let b = 0, i = 0; b < wholeBytes; b++, i += 8) {
    const mask = validity[b]!;
    if (mask === 0xff) {
      total += values[i]! + values[i + 1]! + values[i + 2]! + values[i + 3]! +
        values[i + 4]! + values[i + 5]! + values[i + 6]! + values[i + 7]!;
    } else if (mask !== 0) {
      for (let k = 0; k < 8; k++) if ((mask & (1 << k)) !== 0) total += values[i + k]!;
    }
  }
  for (let i = wholeBytes << 3; i < length; i++) if (isBitSet(validity, i)) total += values[i]!;
  return total;
}

function columnSum(column: NumericColumn): number {
  const { values, validity, length } = column;
  return validity === null ? sumDense(values, length) : sumValid(values, validity, length);
}

/**
 * Extremes with NaN propagation: `!(x >= best)` is true for a smaller value and for NaN, so the
 * common case costs one comparison and NaN ends the scan. Maxima are minima of negated values
 * (`direction` -1), exact for every double, so one pair of loops serves both.
 */
function columnExtreme(column: NumericColumn, direction: 1 | -1): number {
  const { values, validity, length } = column;
  const best = validity === null ? extremeDense(values, length, direction) : extremeValid(values, validity, length, direction);
  return best === Infinity && !hasValid(column) ? NaN : direction * best;
}

function extremeDense(values: Float64Array, length: number, direction: number): number {
  let best = Infinity;
  for (let i = 0; i < length; i++) {
    const key = direction * values[i]!;
    if (!(key >= best)) {
      if (key !== key) return NaN;
      best = key;
    }
  }
  return best;
}

// Walks the bitmap a byte at a time like sumValid: all-null bytes are skipped, all-valid ones
// compare eight values without testing bits.
function extremeValid(values: Float64Array, validity: Uint8Array, length: number, direction: number): number {
  let best = Infinity;
  const wholeBytes = length >> 3;
  for (let b = 0, row = 0; b < wholeBytes; b++, row += 8) {
    const mask = validity[b]!;
    if (mask === 0) continue;
    for (let i = row; i < row + 8; i++) {
      if (mask !== 0xff && ((mask >> (i - row)) & 1) === 0) continue;
      const key = direction * values[i]!;
      if (!(key >= best)) {
        if (key !== key) return NaN;
        best = key;
      }
    }
  }
  for (let i = wholeBytes << 3; i < length; i++) {
    if (!isBitSet(validity, i)) continue;
    const key = direction * values[i]!;
    if (!(key >= best)) {
      if (key !== key) return NaN;
      best = key;
    }
  }
  return best;
}

/** Whether any row is valid, which tells "no values" apart from "all values +Infinity". */
function hasValid(column: NumericColumn): boolean {
  return column.validity === null ? column.length > 0 : countSetBits(column.validity, column.length) > 0;
}

/** Σ (x - mean)² over valid rows: the second pass of the two-pass variance, which stays accurate when the mean is large. */
function sumSquaredDeviations(values: Float64Array, validity: Uint8Array | null, length: number, center: number): number {
  let total = 0;
  if (validity === null) {
    for (let i = 0; i < length; i++) {
      const d = values[i]! - center;
      total += d * d;
    }
    return total;
  }
  for (let i = 0; i < length; i++) {
    if (!isBitSet(validity, i)) continue;
    const d = values[i]! - center;
    total += d * d;
  }
  return total;
}

/**
 * Sum of the non-null values (0 when there are none).
 * @param input a numeric vector or typed array, or a Bool vector (true is 1, false 0)
 * @throws FuncflowError `type_mismatch` when the input is neither numeric nor Bool
 * @example
 * sum(vectorFromArray([1, null, 2])) // → 3
 */
export function sum(input: ReducibleInput): number {
  if (isBoolVector(input)) return trueCount(readBool(input, "sum", "input"));
  return columnSum(readNumericOrBool(input, "sum", "input"));
}

/**
 * Mean of the non-null values (NaN when there are none).
 * @param input a numeric vector or typed array, or a Bool vector (true is 1, false 0)
 * @throws FuncflowError `type_mismatch` when the input is neither numeric nor Bool
 * @example
 * mean(vectorFromArray([1, null, 2])) // → 1.5
 */
export function mean(input: ReducibleInput): number {
  if (isBoolVector(input)) {
    const bools = readBool(input, "mean", "input");
    const valid = validBoolCount(bools);
    return valid === 0 ? NaN : trueCount(bools) / valid;
  }
  const column = readNumericOrBool(input, "mean", "input");
  const valid = validCount(column);
  return valid === 0 ? NaN : columnSum(column) / valid;
}

/**
 * Smallest non-null value (NaN when there are none, or when any value is NaN).
 * @param input a numeric vector or typed array, or a Bool vector (true is 1, false 0)
 * @throws FuncflowError `type_mismatch` when the input is neither numeric nor Bool
 * @example
 * min(vectorFromArray([3, null, 1])) // → 1
 */
export function min(input: ReducibleInput): number {
  return columnExtreme(readNumericOrBool(input, "min", "input"), 1);
}

/**
 * Largest non-null value (NaN when there are none, or when any value is NaN).
 * @param input a numeric vector or typed array, or a Bool vector (true is 1, false 0)
 * @throws FuncflowError `type_mismatch` when the input is neither numeric nor Bool
 * @example
 * max(vectorFromArray([3, null, 1])) // → 3
 */
export function max(input: ReducibleInput): number {
  return columnExtreme(readNumericOrBool(input, "max", "input"), -1);
}

/**
 * Number of non-null rows (NaN counts: it is a value).
 * @param input a numeric vector or typed array, or a Bool vector (true is 1, false 0)
 * @throws FuncflowError `type_mismatch` when the input is neither numeric nor Bool
 * @example
 * count(vectorFromArray([1, null, NaN])) // → 2
 */
export function count(input: ReducibleInput): number {
  if (isBoolVector(input)) return validBoolCount(readBool(input, "count", "input"));
  return validCount(readNumericOrBool(input, "count", "input"));
}

/** The non-null rows of a Bool column. */
function validBoolCount({ validity, length }: BoolColumn): number {
  return validity === null ? length : countSetBits(validity, length);
}

/** The valid rows that are true (a null row's value bit is arbitrary, so validity masks it). */
function trueCount({ bits, validity, length }: BoolColumn): number {
  return validity === null ? countSetBits(bits, length) : countSetBitsInBoth(bits, validity, length);
}

/**
 * Variance of the non-null values, divided by `count - ddof` (NaN when that is ≤ 0).
 * @param input a numeric vector or typed array, or a Bool vector (true is 1, false 0)
 * @param options `ddof`: 1 for the sample variance (default, like pandas), 0 for the population variance
 * @throws FuncflowError `type_mismatch` when the input is neither numeric nor Bool; `invalid_argument` when ddof is not a non-negative integer
 * @example
 * variance(vectorFromArray([1, 2, 3, 4])) // → 1.666…
 */
export function variance(input: ReducibleInput, options: VarianceOptions = {}): number {
  checkOptions("variance", options, VARIANCE_OPTION_KEYS, "{ ddof: 0 }");
  const ddof = checkInteger("variance", "ddof", options.ddof ?? 1, 0);
  return columnVariance(readNumericOrBool(input, "variance", "input"), ddof);
}

/**
 * Standard deviation of the non-null values: the square root of `variance`.
 * @param input a numeric vector or typed array, or a Bool vector (true is 1, false 0)
 * @param options `ddof`: 1 for the sample deviation (default, like pandas), 0 for the population deviation
 * @throws FuncflowError `type_mismatch` when the input is neither numeric nor Bool; `invalid_argument` when ddof is not a non-negative integer
 * @example
 * std(vectorFromArray([2, 4, 4, 4, 5, 5, 7, 9]), { ddof: 0 }) // → 2
 */
export function std(input: ReducibleInput, options: VarianceOptions = {}): number {
  checkOptions("std", options, VARIANCE_OPTION_KEYS, "{ ddof: 0 }");
  const ddof = checkInteger("std", "ddof", options.ddof ?? 1, 0);
  return Math.sqrt(columnVariance(readNumericOrBool(input, "std", "input"), ddof));
}

function columnVariance(column: NumericColumn, ddof: number): number {
  const valid = validCount(column);
  if (valid - ddof <= 0) return NaN;
  const center = columnSum(column) / valid;
  return sumSquaredDeviations(column.values, column.validity, column.length, center) / (valid - ddof);
}
