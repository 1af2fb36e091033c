import type { Table, Vector } from "apache-arrow";
import { requireArrowTable } from "../adapters/arrow/index.ts";
import { invalidArgument, optionKeys, requireOptions } from "../errors/index.ts";
import { checkCsvDelimiter, isCsvBooleanText, isCsvNumberText } from "./csv-literals.ts";
import { dateCellText, type DateCellText } from "./date-cell-text.ts";

/** Options for writing CSV. */
export interface WriteCsvOptions {
  /** One character; default `,`. */
  readonly delimiter?: string;
  /** Line break after each record; default `"\n"`. */
  readonly newline?: "\n" | "\r\n";
  /** Rows per yielded chunk; default 4096. */
  readonly rowsPerChunk?: number;
}

/** The keys of WriteCsvOptions, checked against the interface by the compiler. */
export const WRITE_CSV_OPTION_KEYS = optionKeys<WriteCsvOptions>({ delimiter: true, newline: true, rowsPerChunk: true });

/**
 * CSV text for `table`, header first, yielded in chunks of rows so a large table is never one
 * string. Nulls are empty fields; numbers are written exactly (`String(n)`, and `-0`); dates as
 * `YYYY-MM-DD` (DateDay) or ISO 8601 date-times (DateMillisecond); strings
 * are quoted when they hold the delimiter, a quote or a line break, are empty, or would read
 * back as a number or boolean, so {@link tableFromCsv} returns the same values. The arguments
 * are checked at the call, not at the first chunk read.
 * @throws FuncflowError `type_mismatch` when `table` is not an Arrow Table; `invalid_argument`
 *   for an unknown option, a bad delimiter, a newline other than "\n" or "\r\n", or a
 *   rowsPerChunk that is not an integer ≥ 1.
 * @example [...tableToCsvChunks(table)].join("");
 */
export function tableToCsvChunks(table: Table, options: WriteCsvOptions = {}): Generator<string> {
  return csvChunks(table, csvSettings("tableToCsvChunks", table, options));
}

/**
 * CSV text for `table` as one string; see {@link tableToCsvChunks}.
 * @example tableToCsv(tableFromArrays({ a: new Float64Array([1]) })); // "a\n1\n"
 */
export function tableToCsv(table: Table, options: WriteCsvOptions = {}): string {
  return [...csvChunks(table, csvSettings("tableToCsv", table, options))].join("");
}

/** The options with their defaults, once checked: both entries check here, and only once. */
function csvSettings(where: string, table: unknown, options: WriteCsvOptions): Required<WriteCsvOptions> {
  requireArrowTable(where, "table", table);
  requireOptions(where, "options", options, WRITE_CSV_OPTION_KEYS, '{ delimiter: ";" }');
  const { delimiter = ",", newline = "\n", rowsPerChunk = 4096 } = options;
  if (newline !== "\n" && newline !== "\r\n") throw invalidArgument(where, "options.newline", newline, '"\\n" or "\\r\\n"');
  // A fraction or NaN here used to reach new Array(n) as a raw RangeError.
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) throw invalidArgument(where, "options.rowsPerChunk", rowsPerChunk, "an integer ≥ 1 such as 4096");
  return { delimiter: checkCsvDelimiter(delimiter, where), newline, rowsPerChunk };
}

function* csvChunks(table: Table, { delimiter, newline, rowsPerChunk }: Required<WriteCsvOptions>): Generator<string> {
  const names = table.schema.fields.map((field) => field.name);
  if (names.length === 0) return;
  yield names.map((name) => quoteIfNeeded(name, delimiter, false)).join(delimiter) + newline;
  const columns = names.map((_, index) => table.getChildAt(index)!);
  const dates = columns.map((column) => dateCellText(column.type));
  for (let start = 0; start < table.numRows; start += rowsPerChunk) {
    const end = Math.min(table.numRows, start + rowsPerChunk);
    const lines = new Array<string>(end - start);
    for (let row = start; row < end; row++) lines[row - start] = formatRow(columns, dates, row, delimiter);
    yield lines.join(newline) + newline;
  }
}

function formatRow(columns: readonly Vector[], dates: readonly (DateCellText | undefined)[], row: number, delimiter: string): string {
  let line = "";
  for (let index = 0; index < columns.length; index++) {
    if (index > 0) line += delimiter;
    const value: unknown = columns[index]!.get(row);
    const date = dates[index];
    line += date !== undefined && typeof value === "number" ? date(value) : formatCell(value, delimiter);
  }
  return line;
}

function formatCell(value: unknown, delimiter: string): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return quoteIfNeeded(value, delimiter, true);
    case "undefined":
      return "";
    default:
      if (value === null) return "";
      if (value instanceof Date) return value.toISOString();
      // Nested values (structs, lists) are written as JSON text.
      return quoteIfNeeded(JSON.stringify(value), delimiter, true);
  }
}

/** Quotes text that would otherwise split, or (when `keepText`) read back as something else. */
function quoteIfNeeded(text: string, delimiter: string, keepText: boolean): string {
  const mustQuote =
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes("\n") ||
    text.includes("\r") ||
    // A leading byte-order mark would be taken for the file's own and dropped.
    text.startsWith("\uFEFF") ||
    (keepText && (text === "" || isCsvNumberText(text) || isCsvBooleanText(text)));
  return mustQuote ? `"${text.replaceAll('"', '""')}"` : text;
}
