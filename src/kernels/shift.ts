/**
 * Kernels that look `periods` rows back (or ahead, when negative): `shift`, `diff`, `pctChange`.
 * Rows with no partner row are null, and so is any row whose partner is null (no filling, the
 * behaviour pandas is moving to for `pct_change`).
 */
import { andValidity, bitmapByteLength, copyBits, setBitRange } from "./bitmap.ts";
import { checkInteger } from "./kernel-error.ts";
import { float64Vector, float64VectorWithNulls } from "./make-vector.ts";
import { type NumericColumn, readNumeric } from "./read-column.ts";
import type { Float64Vector, NumericInput } from "./types.ts";

/** Rows [start, end) have a partner row `i - periods` (integers, for loop bounds: see bitmap.ts). */
function partnerRange(length: number, periods: number): { start: number; end: number } {
  const clamped = periods > length ? length : periods < -length ? -length : periods;
  return clamped >= 0 ? { start: clamped, end: length } : { start: 0, end: length + clamped };
}

/** Validity of the input moved down by `periods` rows (up when negative); vacated rows are null. */
function shiftedValidity(column: NumericColumn, periods: number): Uint8Array {
  const { start, end } = partnerRange(column.length, periods);
  const validity = new Uint8Array(bitmapByteLength(column.length));
  if (column.validity === null) setBitRange(validity, start, end);
  else copyBits(column.validity, start - periods, validity, start, end - start);
  return validity;
}

/**
 * The output vector. Without input nulls only the rows outside [start, end) are null, a count
 * known up front, so no pass over the bitmap is needed; otherwise a row is valid where it and its
 * partner both are.
 */
function partnerOutput(out: Float64Array, column: NumericColumn, periods: number, keepOwnValidity: boolean): Float64Vector {
  const { start, end } = partnerRange(column.length, periods);
  if (column.validity === null) {
    out.fill(NaN, 0, start);
    out.fill(NaN, end);
    return float64VectorWithNulls(out, shiftedValidity(column, periods), column.length - (end - start));
  }
  const shifted = shiftedValidity(column, periods);
  return float64Vector(out, keepOwnValidity ? andValidity(column.validity, shifted, column.length) : shifted);
}

/**
 * Moves values down by `periods` rows (pandas' `shift`): row i gets row i - periods.
 * @param input a numeric vector or typed array
 * @param periods rows to move down; negative moves up
 * @returns a Float64 vector; the vacated rows are null
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` when periods is not an integer
 * @example
 * shift(vectorFromArray([1, 2, 3]), 1) // → [null, 1, 2]
 */
export function shift(input: NumericInput, periods: number): Float64Vector {
  checkInteger("shift", "periods", periods, -Infinity);
  const column = readNumeric(input, "shift", "input");
  const { start, end } = partnerRange(column.length, periods);
  const out = new Float64Array(column.length);
  out.set(column.values.subarray(start - periods, end - periods), start);
  return partnerOutput(out, column, periods, false);
}

function withPartner(kernel: string, input: unknown, periods: number, loop: PartnerLoop): Float64Vector {
  checkInteger(kernel, "periods", periods, -Infinity);
  const column = readNumeric(input, kernel, "input");
  const { start, end } = partnerRange(column.length, periods);
  const out = new Float64Array(column.length);
  loop(column.values, periods, start, end, out);
  return partnerOutput(out, column, periods, true);
}

type PartnerLoop = (values: Float64Array, periods: number, start: number, end: number, out: Float64Array) => void;

function diffLoop(values: Float64Array, periods: number, start: number, end: number, out: Float64Array): void {
  for (let i = start; i < end; i++) out[i] = values[i]! - values[i - periods]!;
}

function pctChangeLoop(values: Float64Array, periods: number, start: number, end: number, out: Float64Array): void {
  for (let i = start; i < end; i++) out[i] = values[i]! / values[i - periods]! - 1;
}

/**
 * Difference with the row `periods` back: `x[i] - x[i - periods]` (pandas' `diff`).
 * @param input a numeric vector or typed array
 * @param periods how far back (default 1); negative looks ahead
 * @returns a Float64 vector, null where either row is null or missing
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` when periods is not an integer
 * @example
 * diff(vectorFromArray([1, 4, 9])) // → [null, 3, 5]
 */
export function diff(input: NumericInput, periods = 1): Float64Vector {
  return withPartner("diff", input, periods, diffLoop);
}

/**
 * Relative change from the row `periods` back: `x[i] / x[i - periods] - 1` (pandas' `pct_change`
 * without filling); a zero partner gives ±Infinity or NaN.
 * @param input a numeric vector or typed array
 * @param periods how far back (default 1); negative looks ahead
 * @returns a Float64 vector, null where either row is null or missing
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` when periods is not an integer
 * @example
 * pctChange(vectorFromArray([100, 110, 99])) // → [null, 0.1, -0.1]
 */
export function pctChange(input: NumericInput, periods = 1): Float64Vector {
  return withPartner("pctChange", input, periods, pctChangeLoop);
}
