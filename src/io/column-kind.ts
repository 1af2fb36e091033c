import { Bool, DateDay, Field, Float64, Int32, Int64, makeData, makeVector, Null, RecordBatch, Schema, Struct, Utf8, vectorFromArray, type DataType, type Vector } from "apache-arrow";
import { stringsToVector } from "../adapters/arrow/index.ts";
import type { CsvColumnType } from "./csv-column-types.ts";
import { fixedWidthVector } from "./fixed-width-vector.ts";

/**
 * A text column's type in a batch stream: a {@link CsvColumnType} (declared in `types`, or
 * inferred: float64, bool or utf8), or `null` for an inferred column with no value at all.
 */
export type ColumnKind = CsvColumnType | "null";

/** How messages name an inferred kind. */
export const INFERRED_KIND_WORDS: Readonly<Partial<Record<ColumnKind, string>>> = { float64: "a number", bool: "a boolean", utf8: "a string" };

const ARROW_TYPES: Readonly<Record<ColumnKind, () => DataType>> = {
  float64: () => new Float64(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  bool: () => new Bool(),
  utf8: () => new Utf8(),
  date: () => new DateDay(),
  null: () => new Null(),
};

/**
 * The vector of `kind` for `values` that already fit it (nulls allowed): numbers (or texts
 * `Number` reads) for float64 and int32, integers or bigints for int64, booleans for bool,
 * strings for utf8, days since 1970-01-01 for date. The type follows `kind` even when every value
 * is null, so every batch of a stream has the same schema.
 * @example vectorOfKind("utf8", [null]).type; // Utf8
 */
export function vectorOfKind(kind: ColumnKind, values: readonly unknown[]): Vector {
  const length = values.length;
  switch (kind) {
    case "float64":
      return fixedWidthVector(new Float64(), new Float64Array(length), values, Number);
    case "int32":
    case "date":
      return fixedWidthVector(kind === "date" ? new DateDay() : new Int32(), new Int32Array(length), values, Number);
    case "int64":
      return fixedWidthVector(new Int64(), new BigInt64Array(length), values as readonly (number | bigint | null)[], BigInt);
    case "utf8":
      return stringsToVector(values as readonly (string | null)[]);
    case "bool":
      return vectorFromArray(values as (boolean | null)[], new Bool()) as Vector;
    case "null":
      return makeVector(makeData({ type: new Null(), length, nullCount: length }));
  }
}

/**
 * The schema of a text stream: one nullable field per column, built once so that every batch of
 * the stream carries the very same schema (Arrow's writers restart on a different one).
 * @example batchSchema([["x", "float64"]]).fields[0].type; // Float64
 */
export function batchSchema(columns: readonly (readonly [string, ColumnKind])[]): Schema {
  return new Schema(columns.map(([name, kind]) => new Field(name, ARROW_TYPES[kind](), true)));
}

/**
 * A record batch of `schema` over `vectors` (one per field, in order, each one chunk).
 * @example recordBatchOf(schema, [vectorOfKind("float64", [1, 2])]).numRows; // 2
 */
export function recordBatchOf(schema: Schema, vectors: readonly Vector[], rows: number): RecordBatch {
  const children = vectors.map((vector) => vector.data[0]!);
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children }));
}
