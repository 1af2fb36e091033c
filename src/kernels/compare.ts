/**
 * Row-wise comparisons giving Bool vectors. Nulls propagate (null < 1 is null). NaN follows
 * IEEE 754: every comparison with NaN is false except `ne`, which is true.
 */
import { andValidity, bitmapByteLength, invertBits } from "./bitmap.ts";
import { checkSameLength } from "./kernel-error.ts";
import { boolVector } from "./make-vector.ts";
import { type NumericColumn, readNumeric, readOperand } from "./read-column.ts";
import type { BoolVector, NumericInput, Operand } from "./types.ts";

type ColumnLoop = (a: Float64Array, b: Float64Array, bits: Uint8Array, length: number) => void;
type ScalarLoop = (a: Float64Array, b: number, bits: Uint8Array, length: number) => void;

interface Comparison {
  readonly kernel: string;
  /** Loop for `left op right` with two columns; `swap` runs it as `right op' left` instead. */
  readonly columns: ColumnLoop;
  readonly swap: boolean;
  readonly scalar: ScalarLoop;
  /** `ne` is `eq` with the bits flipped, which is exact even for NaN. */
  readonly invert: boolean;
}

function compare(comparison: Comparison, left: unknown, right: unknown): BoolVector {
  const { kernel } = comparison;
  const a = readNumeric(left, kernel, "left operand");
  const b = readOperand(right, kernel, "right operand");
  const length = a.length;
  let bits: Uint8Array = new Uint8Array(bitmapByteLength(length));
  let validity = a.validity;
  if (typeof b === "number") {
    comparison.scalar(a.values, b, bits, length);
  } else {
    checkSameLength(kernel, "left operand", length, "right operand", b.length);
    const [first, second]: NumericColumn[] = comparison.swap ? [b, a] : [a, b];
    comparison.columns(first!.values, second!.values, bits, length);
    validity = andValidity(a.validity, b.validity, length);
  }
  if (comparison.invert) bits = invertBits(bits, length);
  return boolVector(bits, validity, length);
}

// Hand-unrolled: each output byte packs eight comparisons, and `+(x < y)` turns a comparison
// into 0/1 without a branch. A branch per row mispredicts on real data and runs ~7× slower;
// one loop per operator keeps the comparison inlined (see arithmetic.ts).
function ltColumns(a: Float64Array, b: Float64Array, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! < b[i]!) | (+(a[i + 1]! < b[i + 1]!) << 1) | (+(a[i + 2]! < b[i + 2]!) << 2) |
      (+(a[i + 3]! < b[i + 3]!) << 3) | (+(a[i + 4]! < b[i + 4]!) << 4) | (+(a[i + 5]! < b[i + 5]!) << 5) |
      (+(a[i + 6]! < b[i + 6]!) << 6) | (+(a[i + 7]! < b[i + 7]!) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! < b[i]!) << (i & 7);
}
function leColumns(a: Float64Array, b: Float64Array, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! <= b[i]!) | (+(a[i + 1]! <= b[i + 1]!) << 1) | (+(a[i + 2]! <= b[i + 2]!) << 2) |
      (+(a[i + 3]! <= b[i + 3]!) << 3) | (+(a[i + 4]! <= b[i + 4]!) << 4) | (+(a[i + 5]! <= b[i + 5]!) << 5) |
      (+(a[i + 6]! <= b[i + 6]!) << 6) | (+(a[i + 7]! <= b[i + 7]!) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! <= b[i]!) << (i & 7);
}
function eqColumns(a: Float64Array, b: Float64Array, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! === b[i]!) | (+(a[i + 1]! === b[i + 1]!) << 1) | (+(a[i + 2]! === b[i + 2]!) << 2) |
      (+(a[i + 3]! === b[i + 3]!) << 3) | (+(a[i + 4]! === b[i + 4]!) << 4) | (+(a[i + 5]! === b[i + 5]!) << 5) |
      (+(a[i + 6]! === b[i + 6]!) << 6) | (+(a[i + 7]! === b[i + 7]!) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! === b[i]!) << (i & 7);
}
function ltScalar(a: Float64Array, b: number, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! < b) | (+(a[i + 1]! < b) << 1) | (+(a[i + 2]! < b) << 2) | (+(a[i + 3]! < b) << 3) |
      (+(a[i + 4]! < b) << 4) | (+(a[i + 5]! < b) << 5) | (+(a[i + 6]! < b) << 6) | (+(a[i + 7]! < b) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! < b) << (i & 7);
}
function leScalar(a: Float64Array, b: number, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! <= b) | (+(a[i + 1]! <= b) << 1) | (+(a[i + 2]! <= b) << 2) | (+(a[i + 3]! <= b) << 3) |
      (+(a[i + 4]! <= b) << 4) | (+(a[i + 5]! <= b) << 5) | (+(a[i + 6]! <= b) << 6) | (+(a[i + 7]! <= b) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! <= b) << (i & 7);
}
function gtScalar(a: Float64Array, b: number, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! > b) | (+(a[i + 1]! > b) << 1) | (+(a[i + 2]! > b) << 2) | (+(a[i + 3]! > b) << 3) |
      (+(a[i + 4]! > b) << 4) | (+(a[i + 5]! > b) << 5) | (+(a[i + 6]! > b) << 6) | (+(a[i + 7]! > b) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! > b) << (i & 7);
}
function geScalar(a: Float64Array, b: number, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! >= b) | (+(a[i + 1]! >= b) << 1) | (+(a[i + 2]! >= b) << 2) | (+(a[i + 3]! >= b) << 3) |
      (+(a[i + 4]! >= b) << 4) | (+(a[i + 5]! >= b) << 5) | (+(a[i + 6]! >= b) << 6) | (+(a[i + 7]! >= b) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! >= b) << (i & 7);
}
function eqScalar(a: Float64Array, b: number, bits: Uint8Array, length: number): void {
  const whole = length >> 3;
  for (let byte = 0, i = 0; byte < whole; byte++, i += 8) {
    bits[byte] = +(a[i]! === b) | (+(a[i + 1]! === b) << 1) | (+(a[i + 2]! === b) << 2) | (+(a[i + 3]! === b) << 3) |
      (+(a[i + 4]! === b) << 4) | (+(a[i + 5]! === b) << 5) | (+(a[i + 6]! === b) << 6) | (+(a[i + 7]! === b) << 7);
  }
  for (let i = whole << 3; i < length; i++) bits[i >> 3]! |= +(a[i]! === b) << (i & 7);
}

const EQ: Comparison = { kernel: "eq", columns: eqColumns, swap: false, scalar: eqScalar, invert: false };
const NE: Comparison = { kernel: "ne", columns: eqColumns, swap: false, scalar: eqScalar, invert: true };
const LT: Comparison = { kernel: "lt", columns: ltColumns, swap: false, scalar: ltScalar, invert: false };
const LE: Comparison = { kernel: "le", columns: leColumns, swap: false, scalar: leScalar, invert: false };
const GT: Comparison = { kernel: "gt", columns: ltColumns, swap: true, scalar: gtScalar, invert: false };
const GE: Comparison = { kernel: "ge", columns: leColumns, swap: true, scalar: geScalar, invert: false };

/**
 * Row-wise `left == right` (NaN equals nothing, not even NaN).
 * @param left a numeric vector or typed array
 * @param right a numeric column of the same length, or a number
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not numeric; `length_mismatch` when lengths differ
 * @example
 * eq(vectorFromArray([1, 2, null]), 2) // → [false, true, null]
 */
export function eq(left: NumericInput, right: Operand): BoolVector {
  return compare(EQ, left, right);
}

/**
 * Row-wise `left != right` (true against NaN).
 * @param left a numeric vector or typed array
 * @param right a numeric column of the same length, or a number
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not numeric; `length_mismatch` when lengths differ
 * @example
 * ne(vectorFromArray([1, NaN]), 1) // → [false, true]
 */
export function ne(left: NumericInput, right: Operand): BoolVector {
  return compare(NE, left, right);
}

/**
 * Row-wise `left < right`.
 * @param left a numeric vector or typed array
 * @param right a numeric column of the same length, or a number
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not numeric; `length_mismatch` when lengths differ
 * @example
 * lt(vectorFromArray([1, 5]), vectorFromArray([2, 2])) // → [true, false]
 */
export function lt(left: NumericInput, right: Operand): BoolVector {
  return compare(LT, left, right);
}

/**
 * Row-wise `left <= right`.
 * @param left a numeric vector or typed array
 * @param right a numeric column of the same length, or a number
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not numeric; `length_mismatch` when lengths differ
 * @example
 * le(vectorFromArray([1, 2, 3]), 2) // → [true, true, false]
 */
export function le(left: NumericInput, right: Operand): BoolVector {
  return compare(LE, left, right);
}

/**
 * Row-wise `left > right`.
 * @param left a numeric vector or typed array
 * @param right a numeric column of the same length, or a number
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not numeric; `length_mismatch` when lengths differ
 * @example
 * gt(vectorFromArray([1, 5]), 2) // → [false, true]
 */
export function gt(left: NumericInput, right: Operand): BoolVector {
  return compare(GT, left, right);
}

/**
 * Row-wise `left >= right`.
 * @param left a numeric vector or typed array
 * @param right a numeric column of the same length, or a number
 * @returns a Bool vector, null where either operand is null
 * @throws FuncflowError `type_mismatch` when an operand is not numeric; `length_mismatch` when lengths differ
 * @example
 * ge(vectorFromArray([1, 2, 3]), 2) // → [false, true, true]
 */
export function ge(left: NumericInput, right: Operand): BoolVector {
  return compare(GE, left, right);
}
