/**
 * Kernels that tell null and NaN apart or replace one of them. Null is "missing" (the validity
 * bitmap); NaN is a value. `fillNull` never touches NaN and `fillNaN` never touches nulls.
 */
import { type DataType, Vector } from "apache-arrow";
import { bitmapByteLength, combineBits, fillNullSlots, invertBits, isBitSet } from "./bitmap.ts";
import { checkSameLength, invalidArgument, typeMismatch } from "./kernel-error.ts";
import { boolVector, float64Vector } from "./make-vector.ts";
import { readNumeric, readOperand, readValidity } from "./read-column.ts";
import type { BoolVector, Float64Vector, NumericInput, Operand } from "./types.ts";

/**
 * Replaces nulls with a value, or with the same row of another column (SQL's `coalesce`).
 * @param input a numeric vector or typed array
 * @param replacement a number, or a numeric column of the same length whose row fills each null
 * @returns a Float64 vector; null only where `replacement` is a column that is null too
 * @throws FuncflowError `type_mismatch` when an operand is not numeric; `length_mismatch` when lengths differ
 * @example
 * fillNull(vectorFromArray([1, null, NaN]), 0) // → [1, 0, NaN]
 */
export function fillNull(input: NumericInput, replacement: Operand): Float64Vector {
  const column = readNumeric(input, "fillNull", "input");
  const fill = readOperand(replacement, "fillNull", "replacement");
  if (typeof fill !== "number") checkSameLength("fillNull", "input", column.length, "replacement", fill.length);
  // No nulls: the values are the answer, shared rather than copied (Arrow buffers are immutable).
  if (column.validity === null) return float64Vector(column.values, null);
  const out = column.values.slice();
  if (typeof fill === "number") {
    fillNullSlots(out, column.validity, column.length, fill);
    return float64Vector(out, null);
  }
  fillFromColumn(out, column.validity, fill.values);
  const validity = fill.validity === null ? null : combineBits(column.validity, fill.validity, column.length, "or");
  return float64Vector(out, validity);
}

/**
 * Replaces NaN values with a number; nulls stay null.
 * @param input a numeric vector or typed array
 * @param replacement the value written where the input is NaN
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` when replacement is not a number
 * @example
 * fillNaN(vectorFromArray([1, NaN, null]), 0) // → [1, 0, null]
 */
export function fillNaN(input: NumericInput, replacement: number): Float64Vector {
  if (typeof replacement !== "number") throw invalidArgument("fillNaN", "replacement", replacement, "a number");
  const column = readNumeric(input, "fillNaN", "input");
  const out = new Float64Array(column.length);
  fillNaNLoop(column.values, replacement, out);
  return float64Vector(out, column.validity);
}

/**
 * True where a row is null (missing); never null itself. Works on vectors of any type.
 * @param input an Arrow vector
 * @returns a Bool vector without nulls
 * @throws FuncflowError `type_mismatch` when the input is not an Arrow vector
 * @example
 * isNull(vectorFromArray([1, null, NaN])) // → [false, true, false]
 */
export function isNull(input: Vector<DataType>): BoolVector {
  if (!(input instanceof Vector)) throw typeMismatch("isNull", "input", input, "an Arrow vector");
  const length = input.length;
  const validity = readValidity(input);
  if (validity === null) return boolVector(new Uint8Array(bitmapByteLength(length)), null, length);
  return boolVector(invertBits(validity, length), null, length);
}

/**
 * True where a value is NaN; null where the input is null (NaN is a value, null is missing).
 * @param input a numeric vector or typed array
 * @returns a Bool vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric
 * @example
 * isNaN(vectorFromArray([1, NaN, null])) // → [false, true, null]
 */
export function isNaN(input: NumericInput): BoolVector {
  const column = readNumeric(input, "isNaN", "input");
  const bits = new Uint8Array(bitmapByteLength(column.length));
  isNaNLoop(column.values, bits);
  return boolVector(bits, column.validity, column.length);
}

// Loops take only typed arrays and numbers (see rolling-std.ts).
function fillFromColumn(out: Float64Array, validity: Uint8Array, filler: Float64Array): void {
  for (let i = 0; i < out.length; i++) if (!isBitSet(validity, i)) out[i] = filler[i]!;
}

function fillNaNLoop(values: Float64Array, replacement: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const x = values[i]!;
    out[i] = x !== x ? replacement : x;
  }
}

// `+(x !== x)` is branchless; NaN is rare, but a mispredicted branch per row would not be.
function isNaNLoop(values: Float64Array, bits: Uint8Array): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    bits[i >> 3]! |= +(x !== x) << (i & 7);
  }
}
