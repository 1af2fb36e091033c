/**
 * Running totals from the first row. A null row stays null and is skipped by the running value
 * (pandas' `skipna=True`); a NaN is a value, so every later row is NaN too.
 */
import { isBitSet } from "./bitmap.ts";
import { float64Vector } from "./make-vector.ts";
import { readNumeric } from "./read-column.ts";
import type { Float64Vector, NumericInput } from "./types.ts";

// One pair of loops per operation, for the same reason as in arithmetic.ts.
function cumSumLoop(values: Float64Array, validity: Uint8Array | null, out: Float64Array): void {
  let total = 0;
  if (validity === null) {
    for (let i = 0; i < out.length; i++) out[i] = total += values[i]!;
    return;
  }
  for (let i = 0; i < out.length; i++) if (isBitSet(validity, i)) out[i] = total += values[i]!;
}

function cumProdLoop(values: Float64Array, validity: Uint8Array | null, out: Float64Array): void {
  let product = 1;
  if (validity === null) {
    for (let i = 0; i < out.length; i++) out[i] = product *= values[i]!;
    return;
  }
  for (let i = 0; i < out.length; i++) if (isBitSet(validity, i)) out[i] = product *= values[i]!;
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
  return float64Vector(out, column.validity);
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
  return float64Vector(out, column.validity);
}
