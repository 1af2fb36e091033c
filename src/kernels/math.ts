/**
 * Row-wise functions of one column, giving a Float64 vector with the input's nulls. NaN stays
 * NaN; out-of-domain inputs give NaN as in IEEE 754 (`log(-1)`), not an error.
 */
import { invalidArgument } from "./kernel-error.ts";
import { float64Vector } from "./make-vector.ts";
import { readNumeric } from "./read-column.ts";
import type { Float64Vector, NumericInput } from "./types.ts";

type UnaryLoop = (input: Float64Array, out: Float64Array) => void;

function unaryMath(kernel: string, input: unknown, loop: UnaryLoop): Float64Vector {
  const column = readNumeric(input, kernel, "input");
  const out = new Float64Array(column.length);
  loop(column.values, out);
  return float64Vector(out, column.validity);
}

// One loop per function so each compiles with its operation inlined (see arithmetic.ts); loops
// take only typed arrays and numbers (see rolling-std.ts).
function negLoop(input: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = -input[i]!;
}
function absLoop(input: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(input[i]!);
}
function logLoop(input: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = Math.log(input[i]!);
}
function expLoop(input: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(input[i]!);
}

/**
 * Row-wise negation.
 * @param input a numeric vector or typed array
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric
 * @example
 * neg(vectorFromArray([1, -2])) // → [-1, 2]
 */
export function neg(input: NumericInput): Float64Vector {
  return unaryMath("neg", input, negLoop);
}

/**
 * Row-wise absolute value.
 * @param input a numeric vector or typed array
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric
 * @example
 * abs(vectorFromArray([-1.5, 2])) // → [1.5, 2]
 */
export function abs(input: NumericInput): Float64Vector {
  return unaryMath("abs", input, absLoop);
}

/**
 * Row-wise natural logarithm (0 gives -Infinity, negatives give NaN).
 * @param input a numeric vector or typed array
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric
 * @example
 * log(vectorFromArray([1, Math.E])) // → [0, 1]
 */
export function log(input: NumericInput): Float64Vector {
  return unaryMath("log", input, logLoop);
}

/**
 * Row-wise `e ** x`.
 * @param input a numeric vector or typed array
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric
 * @example
 * exp(vectorFromArray([0, 1])) // → [1, 2.718…]
 */
export function exp(input: NumericInput): Float64Vector {
  return unaryMath("exp", input, expLoop);
}

/**
 * Limits every value to [lower, upper]; NaN stays NaN, as in pandas' `clip`.
 * @param input a numeric vector or typed array
 * @param lower the smallest value kept (use -Infinity for no lower bound)
 * @param upper the largest value kept (use Infinity for no upper bound)
 * @returns a Float64 vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not numeric; `invalid_argument` when a bound is NaN or lower > upper
 * @example
 * clip(vectorFromArray([-5, 0.5, 9]), 0, 1) // → [0, 0.5, 1]
 */
export function clip(input: NumericInput, lower: number, upper: number): Float64Vector {
  if (typeof lower !== "number" || Number.isNaN(lower)) throw invalidArgument("clip", "lower", lower, "a number");
  if (typeof upper !== "number" || Number.isNaN(upper)) throw invalidArgument("clip", "upper", upper, "a number");
  if (lower > upper) throw invalidArgument("clip", "lower", lower, `a number ≤ upper (${upper})`);
  const column = readNumeric(input, "clip", "input");
  const out = new Float64Array(column.length);
  clipLoop(column.values, lower, upper, out);
  return float64Vector(out, column.validity);
}

// Comparisons with NaN are false, so NaN falls through to `x` and stays NaN.
function clipLoop(values: Float64Array, lower: number, upper: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const x = values[i]!;
    out[i] = x < lower ? lower : x > upper ? upper : x;
  }
}
