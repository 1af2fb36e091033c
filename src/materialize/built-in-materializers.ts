/**
 * The savers and loaders `materialize` starts with: Arrow Tables to and from Arrow IPC (file
 * and stream), CSV, JSON records and Parquet; Arrow Vectors, typed arrays and plain arrays of
 * scalars as a one-column table; any JSON-able value to and from JSON. They load `funcflow/io` (and with it
 * apache-arrow) on first use only.
 */
import { loadArrow } from "../codec/index.ts";
import type { Loader, Saver } from "./materializer.ts";
import { isTableLike, isVectorLike } from "../columnar/index.ts";

const io = () => import("../io/index.ts");
const TABLE_FORMATS = ["arrow", "arrows", "csv", "json", "parquet"] as const;

const jsonValue: Saver = {
  name: "jsonValue",
  formats: ["json"],
  accepts: (value) => typeof value !== "function" && typeof value !== "symbol",
  save: async (value, path) => (await io()).writeJson(path, value, { space: 2 }),
};

const arrowColumn: Saver = {
  name: "arrowColumn",
  formats: TABLE_FORMATS,
  accepts: (value) => isVectorLike(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView)),
  save: async (value, path, format, node) => {
    const { Table, makeVector } = await loadArrow();
    const column = isVectorLike(value) ? value : makeVector(value as Float64Array);
    await (await io()).writeTable(path, new Table({ [node]: column as never }), { format: format as never });
  },
};

/** A plain array of scalars, as `toVector` reads one (numbers, strings, booleans, bigints, Dates, nulls). */
function isScalarArray(value: unknown): value is readonly unknown[] {
  return (
    Array.isArray(value) &&
    value.every((item) => item === null || item === undefined || ["number", "string", "boolean", "bigint"].includes(typeof item) || item instanceof Date)
  );
}

/**
 * A plain array of scalars as a one-column table, as a typed array is (`predicted_labels: string[]`
 * to `labels.csv`). JSON is left to jsonValue, which writes the array as it is.
 */
const arrayColumn: Saver = {
  name: "arrayColumn",
  formats: TABLE_FORMATS.filter((format) => format !== "json"),
  accepts: isScalarArray,
  save: async (value, path, format, node) => {
    const [{ Table }, { toVector }] = await Promise.all([loadArrow(), import("../adapters/arrow/index.ts")]);
    await (await io()).writeTable(path, new Table({ [node]: toVector(value, node, "materialize") as never }), { format: format as never });
  },
};

const arrowTable: Saver = {
  name: "arrowTable",
  formats: TABLE_FORMATS,
  accepts: isTableLike,
  save: async (value, path, format) => (await io()).writeTable(path, value as never, { format: format as never }),
};

const tableLoader: Loader = {
  name: "arrowTable",
  formats: TABLE_FORMATS,
  produces: "table",
  load: async (path, format) => (await io()).readTable(path, { format: format as never }),
};

const jsonLoader: Loader = {
  name: "jsonValue",
  formats: ["json"],
  produces: "value",
  load: async (path) => (await io()).readJson(path),
};

/** In registration order: a later one wins over an earlier one. */
export const BUILT_IN_SAVERS: readonly Saver[] = [jsonValue, arrayColumn, arrowColumn, arrowTable];
export const BUILT_IN_LOADERS: readonly Loader[] = [tableLoader, jsonLoader];
