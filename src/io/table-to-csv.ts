import type { Table, Vector } from "apache-arrow";
import { requireArrowTable } from "../adapters/arrow/index.ts";
import { optionKeys, rejectUnknownKeys, requireOptionalRecord } from "../errors/index.ts";
import { checkCsvDelimiter, isCsvBooleanText, isCsvNumberText } from "./csv-literals.ts";

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
 * string. Nulls are empty fields; numbers are written exactly (`String(n)`, and `-0`); strings
 * are quoted when they hold the delimiter, a quote or a line break, are empty, or would read
 * back as a number or boolean, so {@link tableFromCsv} returns the same values.
 * @example [...tableToCsvChunks(table)].join("");
 */
export function* tableToCsvChunks(table: Table, options: WriteCsvOptions = {}): Generator<string> {
  requireArrowTable("tableToCsvChunks", "table", table);
  requireOptionalRecord("tableToCsvChunks", "options", options, '{ delimiter: ";" }');
  rejectUnknownKeys("tableToCsvChunks", "options", options, WRITE_CSV_OPTION_KEYS);
  const delimiter = checkCsvDelimiter(options.delimiter ?? ",", "tableToCsv");
  const newline = options.newline ?? "\n";
  const rowsPerChunk = Math.max(1, options.rowsPerChunk ?? 4096);
  const names = table.schema.fields.map((field) => field.name);
  if (names.length === 0) return;
  yield names.map((name) => quoteIfNeeded(name, delimiter, false)).join(delimiter) + newline;
  const columns = names.map((_, index) => table.getChildAt(index)!);
  for (let start = 0; start < table.numRows; start += rowsPerChunk) {
    const end = Math.min(table.numRows, start + rowsPerChunk);
    const lines = new Array<string>(end - start);
    for (let row = start; row < end; row++) lines[row - start] = formatRow(columns, row, delimiter);
    yield lines.join(newline) + newline;
  }
}

/**
 * CSV text for `table` as one string; see {@link tableToCsvChunks}.
 * @example tableToCsv(tableFromArrays({ a: new Float64Array([1]) })); // "a\n1\n"
 */
export function tableToCsv(table: Table, options: WriteCsvOptions = {}): string {
  requireArrowTable("tableToCsv", "table", table);
  requireOptionalRecord("tableToCsv", "options", options, '{ delimiter: ";" }');
  rejectUnknownKeys("tableToCsv", "options", options, WRITE_CSV_OPTION_KEYS);
  return [...tableToCsvChunks(table, options)].join("");
}

function formatRow(columns: readonly Vector[], row: number, delimiter: string): string {
  let line = "";
  for (let index = 0; index < columns.length; index++) {
    if (index > 0) line += delimiter;
    line += formatCell(columns[index]!.get(row), delimiter);
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
