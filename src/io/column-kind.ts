import { Bool, Field, Float64, makeData, makeVector, Null, RecordBatch, Schema, Struct, Utf8, vectorFromArray, type DataType, type Vector } from "apache-arrow";
import { stringsToVector } from "../adapters/arrow/index.ts";

/** The column types CSV and JSON text can hold, as batch readers take them (`types` options). */
export type TextColumnType = "number" | "boolean" | "string";

/** A text column's type: a {@link TextColumnType}, or `null` for a column with no value at all. */
export type ColumnKind = TextColumnType | "null";

const ARROW_TYPES: Readonly<Record<ColumnKind, () => DataType>> = {
  number: () => new Float64(),
  boolean: () => new Bool(),
  string: () => new Utf8(),
  null: () => new Null(),
};

/**
 * The vector of `kind` for `values` (nulls allowed): numbers (or texts `Number` reads) → Float64,
 * booleans → Bool, strings → Utf8, and `null` → Null. The type follows `kind` even when every
 * value is null, so every batch of a stream has the same schema.
 * @example vectorOfKind("string", [null]).type; // Utf8
 */
export function vectorOfKind(kind: ColumnKind, values: readonly unknown[]): Vector {
  const length = values.length;
  switch (kind) {
    case "number":
      return fixedWidthVector(new Float64(), new Float64Array(length), values, Number);
    case "string":
      return stringsToVector(values as readonly (string | null)[]);
    case "boolean":
      return vectorFromArray(values as (boolean | null)[], new Bool()) as Vector;
    case "null":
      return makeVector(makeData({ type: new Null(), length, nullCount: length }));
  }
}

/**
 * A vector of a fixed-width Arrow `type` over `data` (as long as `values`): each value that is
 * not null or undefined goes through `parse` into `data`, the others are nulls in the validity
 * bitmap (left out when there are none).
 * @example fixedWidthVector(new Float64(), new Float64Array(2), ["1", null], Number).toArray();
 */
export function fixedWidthVector<T extends DataType, In, Out extends number | bigint>(
  type: T,
  data: { [index: number]: Out; length: number },
  values: readonly (In | null | undefined)[],
  parse: (value: In, index: number) => Out,
): Vector<T> {
  const length = values.length;
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      nullCount++;
      continue;
    }
    data[index] = parse(value, index);
    validity[index >> 3]! |= 1 << (index & 7);
  }
  return makeVector(makeData({ type, length, nullCount, data, nullBitmap: nullCount > 0 ? validity : undefined } as never)) as Vector<T>;
}

/**
 * The schema of a text stream: one nullable field per column, built once so that every batch of
 * the stream carries the very same schema (Arrow's writers restart on a different one).
 * @example batchSchema([["x", "number"]]).fields[0].type; // Float64
 */
export function batchSchema(columns: readonly (readonly [string, ColumnKind])[]): Schema {
  return new Schema(columns.map(([name, kind]) => new Field(name, ARROW_TYPES[kind](), true)));
}

/**
 * A record batch of `schema` over `vectors` (one per field, in order, each one chunk).
 * @example recordBatchOf(schema, [vectorOfKind("number", [1, 2])]).numRows; // 2
 */
export function recordBatchOf(schema: Schema, vectors: readonly Vector[], rows: number): RecordBatch {
  const children = vectors.map((vector) => vector.data[0]!);
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children }));
}
