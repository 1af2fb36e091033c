/**
 * Turns kernel inputs into one flat shape: a Float64Array of values plus a validity bitmap that
 * starts at bit 0. A single-chunk Float64 vector (the common case) is read without copying;
 * other numeric types are converted once, so every hot loop sees only Float64Array and V8 keeps
 * it monomorphic. Several chunks are concatenated: correct, at the price of one copy.
 */
import { type Data, DataType, type Float, Precision, Vector, util } from "apache-arrow";
import { alignBits, bitmapByteLength, copyBits, isBitSet, setBitRange } from "./bitmap.ts";
import { typeMismatch } from "./kernel-error.ts";
import type { NumericArray } from "./types.ts";

/** A numeric column as the kernels read it. */
export interface NumericColumn {
  /** Exactly `length` values; slot i is row i. Null slots hold arbitrary values. */
  readonly values: Float64Array;
  /** Validity from bit 0 (1 = valid), or `null` when no row is null. */
  readonly validity: Uint8Array | null;
  readonly length: number;
}

/** A Bool column as the kernels read it. */
export interface BoolColumn {
  /** Values from bit 0 (1 = true). */
  readonly bits: Uint8Array;
  readonly validity: Uint8Array | null;
  readonly length: number;
}

export const NUMERIC_EXPECTED = "a numeric Arrow vector (Int or Float) or a numeric typed array";
const OPERAND_EXPECTED = `${NUMERIC_EXPECTED}, or a number`;

/** True for Arrow Int and Float types of every width. */
export function isNumericType(type: DataType): boolean {
  return DataType.isInt(type) || DataType.isFloat(type);
}

/**
 * Reads a numeric vector or typed array.
 * @throws FuncflowError `type_mismatch` naming `operand` when the input is not numeric.
 */
export function readNumeric(input: unknown, kernel: string, operand: string, expected = NUMERIC_EXPECTED): NumericColumn {
  if (input instanceof Float64Array) return { values: input, validity: null, length: input.length };
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) {
    const typed = input as NumericArray;
    const values = typedArrayToFloat64(typed, typed.length);
    return { values, validity: null, length: values.length };
  }
  if (input instanceof Vector && isNumericType(input.type)) return readNumericVector(input);
  // A Null-typed vector (what Arrow infers for a column that is all null) reads as all-missing.
  if (input instanceof Vector && DataType.isNull(input.type)) {
    return { values: new Float64Array(input.length), validity: new Uint8Array(bitmapByteLength(input.length)), length: input.length };
  }
  throw typeMismatch(kernel, operand, input, expected);
}

/** What the reducing kernels read: numbers, or Bool read as 1 and 0. */
export const REDUCIBLE_EXPECTED = "a numeric or Bool Arrow vector, or a numeric typed array";

/**
 * True for a Bool Arrow vector: the reducing kernels take it as pandas does (`(x > 0).sum()`
 * counts the trues, `.mean()` is their share). Checked only after the numeric fast paths fail.
 */
export function isBoolVector(input: unknown): input is Vector {
  return input instanceof Vector && DataType.isBool(input.type);
}

/**
 * A numeric column, or a Bool one read as 1 and 0 (nulls stay null), for the kernels that
 * reduce a column to a number or convert it (`cast`).
 * @throws FuncflowError `type_mismatch` naming `operand` for any other input.
 */
export function readNumericOrBool(input: unknown, kernel: string, operand: string): NumericColumn {
  if (isBoolVector(input)) return boolAsNumbers(readBool(input, kernel, operand));
  return readNumeric(input, kernel, operand, REDUCIBLE_EXPECTED);
}

/** A Bool column as numbers: true is 1, false 0, nulls stay null. */
export function boolAsNumbers({ bits, validity, length }: BoolColumn): NumericColumn {
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) if (isBitSet(bits, i)) values[i] = 1;
  return { values, validity, length };
}

/** Reads a numeric column, or passes a number (NaN and ±Infinity included) through as a scalar. */
export function readOperand(input: unknown, kernel: string, operand: string): NumericColumn | number {
  if (typeof input === "number") return input;
  return readNumeric(input, kernel, operand, OPERAND_EXPECTED);
}

/**
 * Reads a Bool vector.
 * @throws FuncflowError `type_mismatch` naming `operand` when the input is not a Bool vector.
 */
export function readBool(input: unknown, kernel: string, operand: string): BoolColumn {
  if (!(input instanceof Vector) || !DataType.isBool(input.type)) {
    throw typeMismatch(kernel, operand, input, "a Bool Arrow vector");
  }
  const chunks = input.data as Data[];
  if (chunks.length === 1) {
    const data = chunks[0]!;
    // Bool values are bit-packed and, unlike other types, not sliced: `offset` applies to them too.
    return { bits: alignBits(data.values as Uint8Array, data.offset, data.length), validity: chunkValidity(data), length: data.length };
  }
  const length = input.length;
  const bits = new Uint8Array(bitmapByteLength(length));
  const validity = input.nullCount > 0 ? new Uint8Array(bitmapByteLength(length)) : null;
  let at = 0;
  for (const data of chunks) {
    copyBits(data.values as Uint8Array, data.offset, bits, at, data.length);
    if (validity !== null) copyChunkValidity(data, validity, at);
    at += data.length;
  }
  return { bits, validity, length };
}

function readNumericVector(vector: Vector): NumericColumn {
  const chunks = vector.data as Data[];
  if (chunks.length === 1) {
    const data = chunks[0]!;
    return { values: chunkValues(data), validity: chunkValidity(data), length: data.length };
  }
  const length = vector.length;
  const values = new Float64Array(length);
  const validity = vector.nullCount > 0 ? new Uint8Array(bitmapByteLength(length)) : null;
  let at = 0;
  for (const data of chunks) {
    values.set(chunkValues(data), at);
    if (validity !== null) copyChunkValidity(data, validity, at);
    at += data.length;
  }
  return { values, validity, length };
}

/** A chunk's validity from bit 0, or null when it has no nulls. */
export function chunkValidity(data: Data): Uint8Array | null {
  return data.nullCount > 0 ? alignBits(data.nullBitmap, data.offset, data.length) : null;
}

/** The validity of a vector of any type from bit 0, across all its chunks; null when no row is null. */
export function readValidity(vector: Vector): Uint8Array | null {
  if (vector.nullCount === 0) return null;
  const chunks = vector.data as Data[];
  if (chunks.length === 1) return chunkValidity(chunks[0]!);
  const validity = new Uint8Array(bitmapByteLength(vector.length));
  let at = 0;
  for (const data of chunks) {
    copyChunkValidity(data, validity, at);
    at += data.length;
  }
  return validity;
}

function copyChunkValidity(data: Data, target: Uint8Array, at: number): void {
  if (data.nullCount > 0) copyBits(data.nullBitmap, data.offset, target, at, data.length);
  else setBitRange(target, at, at + data.length);
}

/** A chunk's values as Float64 (sliced numeric chunks already start at their first row). */
function chunkValues(data: Data): Float64Array {
  const raw = data.values as NumericArray;
  if (DataType.isFloat(data.type) && (data.type as Float).precision === Precision.HALF) {
    const halves = raw as Uint16Array;
    const values = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) values[i] = util.uint16ToFloat64(halves[i]!);
    return values;
  }
  if (raw instanceof Float64Array) return raw.length === data.length ? raw : raw.subarray(0, data.length);
  return typedArrayToFloat64(raw, data.length);
}

function typedArrayToFloat64(raw: NumericArray, length: number): Float64Array {
  const values = new Float64Array(length);
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    for (let i = 0; i < length; i++) values[i] = Number(raw[i]!);
  } else {
    // `set` converts element types natively, far faster than a JS loop.
    values.set(raw.length === length ? raw : raw.subarray(0, length));
  }
  return values;
}
