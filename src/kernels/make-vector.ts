/**
 * Wraps the arrays a kernel filled into Arrow vectors without copying them: `makeData` keeps a
 * typed array of the right type as the values buffer, so the output's `toArray()` is the very
 * Float64Array the kernel wrote.
 */
import { Bool, BufferType, Data, type Float, Float64, type Int, makeData, Vector } from "apache-arrow";
import { countSetBits, fillNullSlots, usedBytes } from "./bitmap.ts";
import type { BoolVector, Float64Vector } from "./types.ts";

const FLOAT64 = new Float64();
const BOOL = new Bool();

/**
 * A Float64 vector over `values`. Null slots are set to NaN, so readers that skip the bitmap see
 * NaN instead of a plausible number; a bitmap with no nulls is dropped.
 */
export function float64Vector(values: Float64Array, validity: Uint8Array | null): Float64Vector {
  const length = values.length;
  const nullCount = validity === null ? 0 : length - countSetBits(validity, length);
  if (nullCount > 0) fillNullSlots(values, validity!, length, NaN);
  const nullBitmap = nullCount > 0 ? validity : null;
  return new Vector([makeData({ type: FLOAT64, length, nullCount, nullBitmap, data: values })]);
}

/**
 * Like `float64Vector` for kernels that know their null count and have already written NaN into
 * the null slots (e.g. the first rows of a window), sparing two passes over the bitmap.
 */
export function float64VectorWithNulls(values: Float64Array, validity: Uint8Array | null, nullCount: number): Float64Vector {
  const nullBitmap = nullCount > 0 ? validity : null;
  return new Vector([makeData({ type: FLOAT64, length: values.length, nullCount, nullBitmap, data: values })]);
}

/** A Bool vector over `bits` (owned by the caller, cleared under nulls so null reads as false). */
export function boolVector(bits: Uint8Array, validity: Uint8Array | null, length: number): BoolVector {
  const nullCount = validity === null ? 0 : length - countSetBits(validity, length);
  if (nullCount > 0) {
    const byteCount = usedBytes(length);
    for (let b = 0; b < byteCount; b++) bits[b]! &= validity![b]!;
  }
  const nullBitmap = nullCount > 0 ? validity : null;
  return new Vector([makeData({ type: BOOL, length, nullCount, nullBitmap, data: bits })]);
}

/** A vector of an Int or Float type over `values` (used by `cast` and group-by keys). */
export function typedVector<T extends Int | Float>(type: T, values: T["TArray"], validity: Uint8Array | null, length: number): Vector<T> {
  const nullCount = validity === null ? 0 : length - countSetBits(validity, length);
  const buffers = { [BufferType.DATA]: values, [BufferType.VALIDITY]: nullCount > 0 ? validity! : undefined };
  return new Vector([new Data<T>(type, 0, length, nullCount, buffers)]);
}
