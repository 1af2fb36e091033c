import { DataType, type Data, type Vector } from "apache-arrow";
import { FuncflowError } from "../../errors/index.ts";
import type { DanfoDtype } from "./danfo-types.ts";

/** A column as danfo stores it: a plain array and its dtype. */
export interface DanfoColumnValues {
  readonly values: unknown[];
  readonly dtype: DanfoDtype;
}

/**
 * The plain array danfo needs for an Arrow Vector, made with one `Array.from`. Nulls in number
 * columns become `NaN` (danfo's missing number, which its arithmetic and `isNa` understand; a
 * null would count as 0 in its tensor maths); nulls elsewhere stay `null`. 64-bit integers become
 * numbers (exact up to 2^53). Dictionary strings are decoded. Dates and timestamps become Date
 * objects (danfo has no date dtype; they are labelled `string`, as danfo labels them itself).
 * @param name The column name, for error messages.
 * @throws FuncflowError `type_mismatch` for nested types (struct, list, map, union).
 * @example vectorToDanfoValues(toVector([1, null])).values; // [1, NaN]
 */
export function vectorToDanfoValues(vector: Vector, name = "value"): DanfoColumnValues {
  const type = vector.type as DataType;
  if (DataType.isFloat(type) || DataType.isInt(type)) return numberValues(vector, type);
  if (DataType.isNull(type)) return { values: new Array<number>(vector.length).fill(Number.NaN), dtype: "float32" };
  if (DataType.isBool(type)) return { values: Array.from(vector as Iterable<unknown>), dtype: "boolean" };
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) {
    return { values: Array.from(vector as Iterable<unknown>), dtype: "string" };
  }
  if (DataType.isStruct(type) || DataType.isList(type) || DataType.isMap(type) || DataType.isUnion(type) || DataType.isFixedSizeList(type)) {
    throw new FuncflowError(
      "type_mismatch",
      `vectorToDanfoValues: column "${name}" has the nested Arrow type ${String(type)}, which danfo cannot hold. ` +
        `Flatten it into columns of numbers, strings or booleans first.`,
      { details: { column: name, arrowType: String(type) } },
    );
  }
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    // apache-arrow reads both as epoch milliseconds; danfo's `dt` accessor wants Date objects.
    const dates = Array.from(vector as Iterable<number | null>, (value) => (value === null ? null : new Date(value)));
    return { values: dates, dtype: "string" };
  }
  // Decimals, durations…: danfo has no dtype for them and treats them as opaque values.
  return { values: Array.from(vector as Iterable<unknown>), dtype: "string" };
}

function numberValues(vector: Vector, type: DataType): DanfoColumnValues {
  const raw = vector.toArray() as ArrayLike<number | bigint>;
  const values: number[] = typeof raw[0] === "bigint" ? Array.from(raw, Number) : Array.from(raw as ArrayLike<number>);
  if (vector.nullCount > 0) markNullsAsNaN(vector.data as readonly Data[], values);
  const fitsInt32 = DataType.isInt(type) && (type.bitWidth < 32 || (type.bitWidth === 32 && type.isSigned));
  const isSmallInt = fitsInt32 && vector.nullCount === 0;
  return { values, dtype: isSmallInt ? "int32" : "float32" };
}

/** Walks each chunk's validity bitmap, so nulls cost one bit test each and no `get()` calls. */
function markNullsAsNaN(chunks: readonly Data[], values: number[]): void {
  let start = 0;
  for (const chunk of chunks) {
    const bitmap = chunk.nullBitmap;
    if (chunk.nullCount > 0 && bitmap && bitmap.length > 0) {
      for (let index = 0; index < chunk.length; index++) {
        const bit = chunk.offset + index;
        if ((bitmap[bit >> 3]! & (1 << (bit & 7))) === 0) values[start + index] = Number.NaN;
      }
    }
    start += chunk.length;
  }
}
