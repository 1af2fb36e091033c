/**
 * Boolean logic on Bool vectors, 32 rows per machine word. Nulls propagate (null AND false is
 * null), like every other elementwise kernel here; this is not SQL's three-valued logic.
 */
import { andValidity, combineBits, invertBits } from "./bitmap.ts";
import { checkSameLength } from "./kernel-error.ts";
import { boolVector } from "./make-vector.ts";
import { readBool } from "./read-column.ts";
import type { BoolVector } from "./types.ts";

function combine(kernel: "and" | "or", left: unknown, right: unknown): BoolVector {
  const a = readBool(left, kernel, "left operand");
  const b = readBool(right, kernel, "right operand");
  checkSameLength(kernel, "left operand", a.length, "right operand", b.length);
  const bits = combineBits(a.bits, b.bits, a.length, kernel);
  return boolVector(bits, andValidity(a.validity, b.validity, a.length), a.length);
}

/**
 * Row-wise logical AND.
 * @param left a Bool vector
 * @param right a Bool vector of the same length
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not a Bool vector; `length_mismatch` when lengths differ
 * @example
 * and(vectorFromArray([true, true, null]), vectorFromArray([true, false, true])) // → [true, false, null]
 */
export function and(left: BoolVector, right: BoolVector): BoolVector {
  return combine("and", left, right);
}

/**
 * Row-wise logical OR.
 * @param left a Bool vector
 * @param right a Bool vector of the same length
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not a Bool vector; `length_mismatch` when lengths differ
 * @example
 * or(vectorFromArray([true, false, null]), vectorFromArray([false, false, true])) // → [true, false, null]
 */
export function or(left: BoolVector, right: BoolVector): BoolVector {
  return combine("or", left, right);
}

/**
 * Row-wise logical NOT.
 * @param input a Bool vector
 * @returns a Bool vector with the input's nulls
 * @throws FuncflowError `type_mismatch` when the input is not a Bool vector
 * @example
 * not(vectorFromArray([true, false, null])) // → [false, true, null]
 */
export function not(input: BoolVector): BoolVector {
  const column = readBool(input, "not", "input");
  return boolVector(invertBits(column.bits, column.length), column.validity, column.length);
}
