/**
 * Declared CSV column types (`types: { id: "int64", day: "date" }`): each named column is read
 * as that Arrow type instead of an inferred one, and a field that does not fit is an error
 * naming the column, the line and the text.
 */
import { DateDay, Float64, Int32, Int64, type Vector } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { toVector } from "../adapters/arrow/index.ts";
import { isCsvBooleanText, isCsvNumberText } from "./csv-literals.ts";
import { fixedWidthVector } from "./column-kind.ts";

/** The types a CSV column can be declared as. */
export type CsvColumnType = "float64" | "int32" | "int64" | "bool" | "utf8" | "date";

export const CSV_COLUMN_TYPES: readonly CsvColumnType[] = ["float64", "int32", "int64", "bool", "utf8", "date"];

/**
 * Why `types` is not a usable declaration, or undefined.
 * @example csvTypesProblem({ id: "int" }); // "types.id must be one of float64, int32, …"
 */
export function csvTypesProblem(types: unknown): string | undefined {
  if (typeof types !== "object" || types === null || Array.isArray(types) || types instanceof Map) return `types must be an object of column names to types, such as { id: "int64", day: "date" }`;
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
}

/**
 * The column's texts (null for an unquoted empty field) as a vector of `type`.
 * @throws FuncflowError `io_failed` naming the column, line and text of the first field that does not fit.
 */
export function typedCsvVector(values: readonly (string | null)[], type: CsvColumnType, place: FieldPlace): Vector {
  switch (type) {
    case "utf8":
      return toVector(values, place.column);
    case "bool":
      return toVector(values.map((value, index) => (value === null ? null : isCsvBooleanText(value) ? value.toLowerCase() === "true" : refuse(value, index, type, place))), place.column);
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
      return fixedWidthVector(new DateDay(), new Int32Array(values.length), values, (text, index) => {
        const match = DATE.exec(text);
        const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
        // Date.UTC rolls 2024-02-30 over to March: a date must read back as written.
        return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(text) ? ms / DAY_MS : refuse(text, index, type, place);
      });
  }
}

const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function refuse(text: string, index: number, type: CsvColumnType, place: FieldPlace): never {
  const line = place.lines[index];
  throw new FuncflowError(
    "io_failed",
    `tableFromCsv: ${place.source} line ${line}, column "${place.column}": ${JSON.stringify(text)} is not ${DESCRIPTIONS[type]}, as types.${place.column} = "${type}" declares. Fix the value, or declare another type.`,
    { details: { source: place.source, line, column: place.column, type, text } },
  );
}

const DESCRIPTIONS: Readonly<Record<CsvColumnType, string>> = {
  float64: "a number",
  int32: "a whole number from -2147483648 to 2147483647",
  int64: "a 64-bit whole number",
  bool: "true or false",
  utf8: "text",
  date: "a date written YYYY-MM-DD",
};
