/**
 * Numeric type conversion. Floats become integers by truncation toward zero (like pandas'
 * `astype(int)`); a valid value that is NaN, infinite or out of the target's range is an error
 * rather than a silent wrap-around, which is what typed-array assignment would do.
 */
import {
  Float32,
  Float64,
  type Int,
  Int8,
  Int16,
  Int32,
  Int64,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Vector,
} from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { isBitSet } from "./bitmap.ts";
import { invalidArgument } from "./kernel-error.ts";
import { float64Vector, typedVector } from "./make-vector.ts";
import { type NumericColumn, readNumericOrBool } from "./read-column.ts";
import type { BoolVector, NumericInput } from "./types.ts";

/** The Arrow type each cast target names. */
export interface CastTypes {
  float64: Float64;
  float32: Float32;
  int8: Int8;
  int16: Int16;
  int32: Int32;
  int64: Int64;
  uint8: Uint8;
  uint16: Uint16;
  uint32: Uint32;
  uint64: Uint64;
}

/** A numeric type `cast` converts to. */
export type CastTarget = keyof CastTypes;

interface IntegerTarget {
  readonly type: () => Int;
  readonly min: number;
  readonly max: number;
}

const INTEGER_TARGETS: Readonly<Record<Exclude<CastTarget, "float64" | "float32">, IntegerTarget>> = {
  int8: { type: () => new Int8(), min: -(2 ** 7), max: 2 ** 7 - 1 },
  int16: { type: () => new Int16(), min: -(2 ** 15), max: 2 ** 15 - 1 },
  int32: { type: () => new Int32(), min: -(2 ** 31), max: 2 ** 31 - 1 },
  // 2 ** 63 is not representable; values must stay strictly below it.
  int64: { type: () => new Int64(), min: -(2 ** 63), max: 2 ** 63 - 1024 },
  uint8: { type: () => new Uint8(), min: 0, max: 2 ** 8 - 1 },
  uint16: { type: () => new Uint16(), min: 0, max: 2 ** 16 - 1 },
  uint32: { type: () => new Uint32(), min: 0, max: 2 ** 32 - 1 },
  uint64: { type: () => new Uint64(), min: 0, max: 2 ** 64 - 2048 },
};

const TARGETS: readonly CastTarget[] = ["float64", "float32", ...(Object.keys(INTEGER_TARGETS) as CastTarget[])];

/**
 * Converts a numeric column to another numeric type, keeping its nulls.
 * @param input a numeric vector or typed array (64-bit integers are read as numbers, exact up to 2^53),
 *   or a Bool vector, read as 1 and 0 (pandas' `(column > 0).astype(int)` is `cast(gt(column, 0), "int64")`)
 * @param target "float64", "float32", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32" or "uint64"
 * @returns a vector of the target type
 * @throws FuncflowError `type_mismatch` when the input is not numeric, or when a valid value is NaN, infinite
 *   or out of the target's range (details name the row and value); `invalid_argument` for an unknown target
 * @example
 * cast(vectorFromArray([1.9, -1.9, null]), "int32") // → Int32 [1, -1, null]
 * cast(vectorFromArray([true, false, null]), "int64") // → Int64 [1n, 0n, null]
 */
export function cast<T extends CastTarget>(input: NumericInput | BoolVector, target: T): Vector<CastTypes[T]> {
  if (!TARGETS.includes(target)) throw invalidArgument("cast", "target", target, `one of ${TARGETS.join(", ")}`);
  const column = readNumericOrBool(input, "cast", "input");
  if (target === "float64") {
    // Float64 output gets NaN written under nulls, so never hand it the caller's buffer then.
    const values = column.validity === null ? column.values : column.values.slice();
    return float64Vector(values, column.validity) as Vector<CastTypes[T]>;
  }
  if (target === "float32") {
    const values = new Float32Array(column.length);
    values.set(column.values);
    return typedVector(new Float32(), values, column.validity, column.length) as Vector<CastTypes[T]>;
  }
  const integer = INTEGER_TARGETS[target as keyof typeof INTEGER_TARGETS];
  const type = integer.type();
  const values = new (type.ArrayType as new (length: number) => Int32Array | BigInt64Array)(column.length);
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    writeBigIntegers(column, values, target, integer);
  } else {
    const extremes = new Float64Array(2);
    writeIntegers(column.values, column.validity, values, extremes);
    const smallest = extremes[0]!;
    const largest = extremes[1]!;
    const noValidRows = smallest === Infinity && largest === -Infinity;
    if (!noValidRows && !(smallest > integer.min - 1 && largest < integer.max + 1)) {
      throw firstUnrepresentable(column, target, integer);
    }
  }
  return typedVector(type, values, column.validity, column.length) as Vector<CastTypes[T]>;
}

// Storing a double into an integer typed array truncates toward zero (then wraps), so in-range
// values need no Math.trunc. The range check keeps the smallest and largest value seen with
// Math.min/max, which compile to branch-free instructions and propagate NaN, and the caller tests
// them once: a check per row, branch or flag, made this loop 1.4× slower. Valid rows lie in
// (min - 1, max + 1) exactly when their truncation lies in [min, max]. Null slots are skipped
// (they may hold anything, even NaN) and stay 0. Typed arrays in, typed arrays out: see
// rolling-std.ts for why hot loops take no objects.
function writeIntegers(values: Float64Array, validity: Uint8Array | null, out: Int32Array, extremes: Float64Array): void {
  let smallest = Infinity;
  let largest = -Infinity;
  if (validity === null) {
    // Two rows per step, each with its own extremes: one pair of running extremes is a chain of
    // dependent Math.min/max that bounds the loop's speed (1.2× slower).
    let otherSmallest = Infinity;
    let otherLargest = -Infinity;
    let i = 0;
    for (; i + 1 < out.length; i += 2) {
      const x = values[i]!;
      const y = values[i + 1]!;
      out[i] = x;
      out[i + 1] = y;
      smallest = Math.min(smallest, x);
      largest = Math.max(largest, x);
      otherSmallest = Math.min(otherSmallest, y);
      otherLargest = Math.max(otherLargest, y);
    }
    if (i < out.length) {
      const x = values[i]!;
      out[i] = x;
      smallest = Math.min(smallest, x);
      largest = Math.max(largest, x);
    }
    smallest = Math.min(smallest, otherSmallest);
    largest = Math.max(largest, otherLargest);
  } else {
    for (let i = 0; i < out.length; i++) {
      if (!isBitSet(validity, i)) continue;
      const x = values[i]!;
      out[i] = x;
      smallest = Math.min(smallest, x);
      largest = Math.max(largest, x);
    }
  }
  extremes[0] = smallest;
  extremes[1] = largest;
}

function firstUnrepresentable(column: NumericColumn, target: CastTarget, { min, max }: IntegerTarget): FuncflowError {
  const { values, validity, length } = column;
  let row = 0;
  while (row < length) {
    const truncated = Math.trunc(values[row]!);
    if ((validity === null || isBitSet(validity, row)) && !(truncated >= min && truncated <= max)) break;
    row++;
  }
  return unrepresentable(target, row, values[row]!);
}

function writeBigIntegers(column: NumericColumn, out: BigInt64Array | BigUint64Array, target: CastTarget, { min, max }: IntegerTarget): void {
  const { values, validity, length } = column;
  for (let i = 0; i < length; i++) {
    if (validity !== null && !isBitSet(validity, i)) continue;
    const truncated = Math.trunc(values[i]!);
    if (!(truncated >= min && truncated <= max)) throw unrepresentable(target, i, values[i]!);
    out[i] = BigInt(truncated);
  }
}

function unrepresentable(target: CastTarget, row: number, value: number): FuncflowError {
  return new FuncflowError(
    "type_mismatch",
    `cast: input row ${row} holds ${value}, which ${target} cannot represent. ` +
      "Clip, fill or filter such values first, or cast to a wider type.",
    { details: { kernel: "cast", operand: "input", row, value, targetType: target } },
  );
}

