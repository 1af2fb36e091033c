/**
 * Declared column types (`types: { id: "int64", day: "date" }`), the one vocabulary of every
 * funcflow/io reader that takes `types` (`tableFromCsv`, `readCsvBatches`, `readJsonBatches`,
 * `loadFrom`): each named column is read as that Arrow type instead of an inferred one, and a
 * field that does not fit is an error naming the column, the line and the text.
 */
import { Bool, DateDay, Float64, Int32, Int64, vectorFromArray, type Vector } from "apache-arrow";
import { FuncflowError, isPlainRecord } from "../errors/index.ts";
import { stringsToVector } from "../adapters/arrow/index.ts";
import { isCsvBooleanText, isCsvNumberText } from "./csv-literals.ts";
import { fixedWidthVector } from "./fixed-width-vector.ts";

/** The types a column can be declared as, in `types` of `tableFromCsv`, `readCsvBatches`, `readJsonBatches` and `loadFrom`. */
export type CsvColumnType = "float64" | "int32" | "int64" | "bool" | "utf8" | "date";

export const CSV_COLUMN_TYPES: readonly CsvColumnType[] = ["float64", "int32", "int64", "bool", "utf8", "date"];

/** The Arrow data types (as declarations name them: `Vector<Int32>`) that a column type reads a text column as. */
const COLUMN_TYPE_OF_ARROW: Readonly<Record<string, CsvColumnType>> = { Utf8: "utf8", Float64: "float64", Int32: "int32", Int64: "int64", Bool: "bool", DateDay: "date" };

/**
 * The column type that reads a text (CSV, JSON) column as the Arrow data type `arrowName`, as a
 * declaration spells it (`Int32` in `Vector<Int32>`, an envelope schema's `x-arrow-type`), or
 * undefined when no column type reads as it (the column then keeps the type its reader infers).
 * The one rule by which `funcflow run --inputs` and `funcflow batch` read a column as its input's
 * declared type.
 * @example columnTypeOfArrow("Int32"); // "int32"
 */
export function columnTypeOfArrow(arrowName: string): CsvColumnType | undefined {
  return Object.hasOwn(COLUMN_TYPE_OF_ARROW, arrowName) ? COLUMN_TYPE_OF_ARROW[arrowName] : undefined;
}

/**
 * Why `types` is not a usable declaration, or undefined.
 * @example csvTypesProblem({ id: "int" }); // "types.id must be one of float64, int32, …"
 */
export function csvTypesProblem(types: unknown): string | undefined {
  if (!isPlainRecord(types)) return `types must be an object of column names to types, such as { id: "int64", day: "date" }`;
  for (const [column, type] of Object.entries(types)) {
    if (!CSV_COLUMN_TYPES.includes(type as CsvColumnType)) return `types.${column} must be one of ${CSV_COLUMN_TYPES.join(", ")}, got ${JSON.stringify(type)}`;
  }
  return undefined;
}

/** Where a field came from, for messages. */
export interface FieldPlace {
  readonly source: string;
  readonly column: string;
  /** The 1-based line of each value's record. */
  readonly lines: readonly number[];
  /** The reader, named in messages; default `tableFromCsv`. */
  readonly where?: string;
  /** The file's data row (0-based) of the first value, when the values are one batch of a stream. */
  readonly firstRow?: number;
}

/**
 * The column's texts (null for an unquoted empty field) as a vector of `type`.
 * @throws FuncflowError `io_failed` naming the column, line and text of the first field that does not fit.
 */
export function typedCsvVector(values: readonly (string | null)[], type: CsvColumnType, place: FieldPlace): Vector {
  switch (type) {
    case "utf8":
      // Utf8 even when every field is empty: the declaration, not the values, gives the type.
      return stringsToVector(values);
    case "bool":
      return vectorFromArray(values.map((value, index) => (value === null ? null : isCsvBooleanText(value) ? value.toLowerCase() === "true" : refuse(value, index, type, place))), new Bool()) as Vector;
    case "float64":
      return fixedWidthVector(new Float64(), new Float64Array(values.length), values, (text, index) => (isCsvNumberText(text) ? Number(text) : refuse(text, index, type, place)));
    case "int32":
      return fixedWidthVector(new Int32(), new Int32Array(values.length), values, (text, index) => {
        const number = INTEGER.test(text) ? Number(text) : Number.NaN;
        return number >= -(2 ** 31) && number < 2 ** 31 ? number : refuse(text, index, type, place);
      });
    case "int64":
      return fixedWidthVector(new Int64(), new BigInt64Array(values.length), values, (text, index) => {
        const number = INTEGER.test(text) ? BigInt(text) : undefined;
        return number !== undefined && BigInt.asIntN(64, number) === number ? number : refuse(text, index, type, place);
      });
    case "date":
      return fixedWidthVector(new DateDay(), new Int32Array(values.length), values, (text, index) => dateDays(text) ?? refuse(text, index, type, place));
  }
}

/**
 * The days since 1970-01-01 of a `YYYY-MM-DD` date, or undefined for other text or a day the
 * month does not have.
 * @example dateDays("1970-01-02"); // 1
 */
export function dateDays(text: string): number | undefined {
  const match = DATE.exec(text);
  if (match === null) return undefined;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const ms = new Date(0).setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // A day the month lacks (2024-02-30) rolls over to the next month: a date must read back as written.
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(text) ? ms / DAY_MS : undefined;
}

const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function refuse(text: string, index: number, type: CsvColumnType, place: FieldPlace): never {
  const line = place.lines[index]!;
  const row = place.firstRow === undefined ? undefined : place.firstRow + index;
  throw declaredTypeMismatch(place.where ?? "tableFromCsv", { source: place.source, line, row, column: place.column }, type, JSON.stringify(text), { text });
}

/**
 * The `io_failed` error for a value that does not fit its column's declared type.
 * @example throw declaredTypeMismatch("readJsonBatches", { source, line: 3, row: 1, column: "id" }, "int32", "1.5", { value: 1.5 });
 */
export function declaredTypeMismatch(
  where: string,
  place: { readonly source: string; readonly line: number; readonly row: number | undefined; readonly column: string },
  type: CsvColumnType,
  shown: string,
  found: Readonly<Record<string, unknown>>,
  wanted = COLUMN_TYPE_DESCRIPTIONS[type],
): FuncflowError {
  const { source, line, row, column } = place;
  return new FuncflowError(
    "io_failed",
    `${where}: ${source} line ${line}${row === undefined ? "" : ` (row ${row})`}, column "${column}": ${shown} is not ${wanted}, as types.${column} = "${type}" declares. Fix the value, or declare another type.`,
    { details: { source, line, ...(row !== undefined && { row }), column, type, expected: wanted, ...found } },
  );
}

/** What each declared type takes, for messages. */
export const COLUMN_TYPE_DESCRIPTIONS: Readonly<Record<CsvColumnType, string>> = {
  float64: "a number",
  int32: "a whole number from -2147483648 to 2147483647",
  int64: "a 64-bit whole number",
  bool: "true or false",
  utf8: "text",
  date: "a date written YYYY-MM-DD",
};
