/**
 * Running totals from the first row. A null row stays null and is skipped by the running value
 * (pandas' `skipna=True`); a NaN is a value, so every later row is NaN too.
 */
import { countSetBits, isBitSet } from "./bitmap.ts";
import { float64VectorWithNulls } from "./make-vector.ts";
import { readNumeric } from "./read-column.ts";
import type { Float64Vector, NumericInput } from "./types.ts";

// One pair of loops per operation, for the same reason as in arithmetic.ts. The null-aware
// loops walk the bitmap a byte at a time: an all-valid byte runs eight rows without testing bits,
// and a mixed byte tests each bit, writing NaN under nulls itself so that no pass over the
// bitmap is left for `float64VectorWithNulls`.
function cumSumLoop(values: Float64Array, validity: Uint8Array | null, out: Float64Array): void {
  let total = 0;
  if (validity === null) {
    for (let i = 0; i < out.length; i++) out[i] = total += values[i]!;
    return;
  }
  const wholeBytes = out.length >> 3;
  for (let b = 0, row = 0; b < wholeBytes; b++, row += 8) {
    const mask = validity[b]!;
    if (mask === 0xff) for (let i = row; i < row + 8; i++) out[i] = total += values[i]!;
    else for (let i = row; i < row + 8; i++) out[i] = (mask >> (i - row)) & 1 ? (total += values[i]!) : NaN;
  }
  for (let i = wholeBytes << 3; i < out.length; i++) out[i] = isBitSet(validity, i) ? (total += values[i]!) : NaN;
}

function cumProdLoop(values: Float64Array, validity: Uint8Array | null, out: Float64Array): void {
  let product = 1;
  if (validity === null) {
    for (let i = 0; i < out.length; i++) out[i] = product *= values[i]!;
    return;
  }
  const wholeBytes = out.length >> 3;
  for (let b = 0, row = 0; b < wholeBytes; b++, row += 8) {
    const mask = validity[b]!;
    if (mask === 0xff) for (let i = row; i < row + 8; i++) out[i] = product *= values[i]!;
    else for (let i = row; i < row + 8; i++) out[i] = (mask >> (i - row)) & 1 ? (product *= values[i]!) : NaN;
  }
  for (let i = wholeBytes << 3; i < out.length; i++) out[i] = isBitSet(validity, i) ? (product *= values[i]!) : NaN;
}

/** The output vector, sharing the input's validity; the loops have written NaN under its nulls. */
function withInputNulls(out: Float64Array, validity: Uint8Array | null): Float64Vector {
  const nullCount = validity === null ? 0 : out.length - countSetBits(validity, out.length);
  return float64VectorWithNulls(out, validity, nullCount);
}

/**
 * Cumulative sum, skipping nulls (pandas' `cumsum()`).
 * @param input a numeric vector or typed array
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric
 * @example
 * cumSum(vectorFromArray([1, null, 2, 3])) // → [1, null, 3, 6]
 */
export function cumSum(input: NumericInput): Float64Vector {
  const column = readNumeric(input, "cumSum", "input");
  const out = new Float64Array(column.length);
  cumSumLoop(column.values, column.validity, out);
  return withInputNulls(out, column.validity);
}

/**
 * Cumulative product, skipping nulls (pandas' `cumprod()`).
 * @param input a numeric vector or typed array
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric
 * @example
 * cumProd(vectorFromArray([2, null, 3, 4])) // → [2, null, 6, 24]
 */
export function cumProd(input: NumericInput): Float64Vector {
  const column = readNumeric(input, "cumProd", "input");
  const out = new Float64Array(column.length);
  cumProdLoop(column.values, column.validity, out);
  return withInputNulls(out, column.validity);
}
