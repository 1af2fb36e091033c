/**
 * The value types the kernels accept and return.
 *
 * Nulls and NaN are different things here, unlike in pandas:
 * - null means "missing". It lives in the Arrow validity bitmap, not in the values. Elementwise
 *   kernels propagate it (null in → null out); reductions, windows and group-by skip it, the way
 *   pandas and SQL skip missing values. `fillNull` replaces nulls and nothing else.
 * - NaN is a floating-point value. It propagates through arithmetic (NaN + 1 is NaN), through
 *   reductions (a sum over a NaN is NaN; so is a min or max) and through windows that contain it,
 *   and it compares unequal to everything. `isNaN` finds it and `fillNaN` replaces it.
 * Float64 outputs hold NaN in their null slots, so code that reads `toArray()` without checking
 * the validity bitmap sees NaN rather than a plausible-looking 0.
 */
import type { Bool, Float, Float64, Int, Null, Vector } from "apache-arrow";

/** Arrow types the numeric kernels read: every Int and Float width, and Null (an all-null column, as Arrow infers for `[null, null]`). */
export type NumericType = Int | Float | Null;

/** An Arrow vector of a numeric type, with one or several chunks. */
export type NumericVector = Vector<NumericType>;

/** A typed array the kernels read as a column without nulls (64-bit integers are read as numbers). */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A numeric column: an Arrow vector or a typed array. */
export type NumericInput = NumericVector | NumericArray;

/** A numeric column or a scalar applied to every row. */
export type Operand = NumericInput | number;

/** What arithmetic, math and window kernels return. */
export type Float64Vector = Vector<Float64>;

/** What comparison and logic kernels return. */
export type BoolVector = Vector<Bool>;
