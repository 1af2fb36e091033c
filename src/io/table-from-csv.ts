import type { Table } from "apache-arrow";
import { arrowAdapter, toVector } from "../adapters/arrow/index.ts";
import { FuncflowError, invalidArgument, optionKeys, requireOptions } from "../errors/index.ts";
import { checkCsvDelimiter } from "./csv-literals.ts";
import { csvTypesProblem, typedCsvVector, type CsvColumnType } from "./csv-column-types.ts";
import { addCsvRecord, csvColumnKind, csvColumnVector, csvHeaderColumns, type CsvColumn } from "./csv-columns.ts";
import { csvNullMarkers, type CsvNullMarkers } from "./csv-null-values.ts";
import { scanCsv } from "./scan-csv.ts";

/** Options for reading CSV. */
export interface ReadCsvOptions {
  /** One character; default `,`. */
  readonly delimiter?: string;
  /** Infer number and boolean columns (default `true`); `false` reads every column as text. */
  readonly inferTypes?: boolean;
  /**
   * `true` (default): the first record names the columns. `false`: every record is data, and the
   * columns are named by `columns`, else `column0`, `column1`, …
   */
  readonly header?: boolean;
  /**
   * With `header: false`, the names of the file's columns, in order (one per field). With a
   * header, keep only these columns, in this order.
   */
  readonly columns?: readonly string[];
  /**
   * Declared types of some columns (`{ id: "int64", day: "date" }`), read as such instead of
   * inferred: `float64`, `int32`, `int64` (bigints), `bool`, `utf8`, `date` (`YYYY-MM-DD`, Arrow
   * DateDay). A field that does not fit is `io_failed` naming its line and column.
   */
  readonly types?: Readonly<Record<string, CsvColumnType>>;
  /**
   * Texts that mean a missing value, besides the empty field (pandas' `na_values`, polars'
   * `null_values`), e.g. `["?", "NA"]`: an unquoted field that is exactly one of them (no
   * trimming, case as written) is null in every column, so a column of numbers and `?` infers
   * as numbers, and a declared column reads it as null. A quoted `"NA"` stays the text `NA`
   * (unlike pandas and polars): quoting always means the text as written, as `""` is the empty
   * string. Header names are never markers.
   */
  readonly nullValues?: readonly string[];
  /** Names the text in error messages (the path, when read from a file). */
  readonly source?: string;
}

/** The keys of ReadCsvOptions, checked against the interface by the compiler. */
export const READ_CSV_OPTION_KEYS = optionKeys<ReadCsvOptions>({ delimiter: true, inferTypes: true, header: true, columns: true, types: true, nullValues: true, source: true });


/**
 * An Arrow Table from CSV text whose first record is the header (or, with `header: false`,
 * whose columns are named by `columns` or numbered `column0…`).
 * Types are inferred per column unless `types` declares them: a column whose values are all
 * unquoted numbers is Float64, all unquoted `true`/`false` (any case) is Bool, with no values
 * at all is Null, and otherwise Utf8 holding the text as written. An unquoted empty field is
 * null, and so is an unquoted field that `nullValues` lists; a quoted one (`""`) is the empty
 * string; a quoted field is always text (the QUOTE_NONNUMERIC convention), which keeps "007" a
 * string. A blank line is a null in a one-column file and is skipped otherwise.
 * @throws FuncflowError `invalid_argument` for unusable options (naming the option, e.g.
 *   `options.nullValues` when it is not an array of strings);
 *   `io_failed` for malformed quoting, a record whose field count differs from the header's (or
 *   from `columns`), a repeated column name, a column `columns` or `types` names that the text
 *   lacks, or a field that does not fit its declared type (`details.source`, `details.line`).
 * @example tableFromCsv('id,name\n1,"Smith, J"\n2,\n').getChild("name")?.toArray(); // ["Smith, J", null]
 * @example tableFromCsv("1,2024-01-31\n2,2024-02-01\n", { header: false, columns: ["id", "day"], types: { id: "int64", day: "date" } });
 * @example tableFromCsv("mpg,hp\n18,130\n25,?\n", { nullValues: ["?"] }).getChild("hp")?.get(1); // null, in a Float64 column
 */
export function tableFromCsv(text: string, options: ReadCsvOptions = {}): Table {
  if (typeof text !== "string") throw invalidArgument("tableFromCsv", "text", text, "the CSV text as a string", "Read a file with readTable(path) or readFile(path, \"utf8\").");
  requireOptions("tableFromCsv", "options", options, READ_CSV_OPTION_KEYS, `{ delimiter: ";", header: false }`);
  const source = options.source ?? "CSV text";
  const delimiter = checkCsvDelimiter(options.delimiter ?? ",", "tableFromCsv");
  checkReadOptions(options);
  const markers = csvNullMarkers("tableFromCsv", "options.nullValues", options.nullValues);
  const header = options.header ?? true;
  const { columns, lines } = collectColumns(text, delimiter, source, markers, header ? undefined : (count, line) => namesFor(count, options.columns, source, line));
  const types = options.types ?? {};
  const known = new Set(columns.map((column) => column.name));
  const unknown = Object.keys(types).filter((name) => !known.has(name));
  if (unknown.length > 0) throw absentColumns("types", unknown, columns, source);
  const inferTypes = options.inferTypes ?? true;
  const vectors = columns.map((column) => {
    const declared = Object.hasOwn(types, column.name) ? types[column.name] : undefined;
    if (declared !== undefined) return typedCsvVector(column.values, declared, { source, column: column.name, lines });
    return inferTypes ? csvColumnVector(column, csvColumnKind(column)) : toVector(column.values, column.name);
  });
  let entries = columns.map((column, index) => [column.name, vectors[index]!] as const);
  if (header && options.columns !== undefined) {
    const missing = options.columns.filter((name) => !known.has(name));
    if (missing.length > 0) throw absentColumns("columns", missing, columns, source);
    const byName = new Map(entries);
    entries = options.columns.map((name) => [name, byName.get(name)!] as const);
  }
  return arrowAdapter.buildFrame(entries, `tableFromCsv(${source})`);
}

/** Options that cannot work are refused before the text is read, naming the option. */
function checkReadOptions({ inferTypes, header, columns, types }: ReadCsvOptions): void {
  const problem =
    inferTypes !== undefined && typeof inferTypes !== "boolean"
      ? `inferTypes must be true or false`
      : header !== undefined && typeof header !== "boolean"
        ? `header must be true or false`
        : columns !== undefined && !(Array.isArray(columns) && columns.length > 0 && columns.every((name) => typeof name === "string" && name !== ""))
          ? `columns must be a non-empty list of column names`
          : columns !== undefined && new Set(columns).size < columns.length
            ? `columns names a column twice`
            : types !== undefined
              ? csvTypesProblem(types)
              : undefined;
  if (problem !== undefined) throw new FuncflowError("invalid_argument", `tableFromCsv: ${problem}.`, { details: { options: ["inferTypes", "header", "columns", "types"] } });
}

/** Column names for a file without a header: `columns` (one per field), else `column0…`. */
function namesFor(count: number, columns: readonly string[] | undefined, source: string, line: number): (string | null)[] {
  if (columns === undefined) return Array.from({ length: count }, (_, index) => `column${index}`);
  if (columns.length !== count) {
    throw new FuncflowError(
      "io_failed",
      `tableFromCsv: ${source} line ${line} has ${count} fields, but columns names ${columns.length} (${columns.join(", ")}). Name every column of the file, in order.`,
      { details: { source, line, fields: count, expected: columns.length } },
    );
  }
  return [...columns];
}

function absentColumns(option: string, missing: readonly string[], columns: readonly CsvColumn[], source: string): FuncflowError {
  const present = columns.map((column) => `"${column.name}"`).join(", ");
  return new FuncflowError(
    "io_failed",
    `tableFromCsv: ${source} has no column ${missing.map((name) => `"${name}"`).join(", ")}, which ${option} names (it has ${present || "no columns"}). Fix ${option}, or the delimiter if the file reads as one column.`,
    { details: { source, option, missing } },
  );
}


/**
 * Phase 1: split the text into columns, tracking what each column could be, and the line of
 * every record kept. Without a header, `headerless` names the columns from the first record.
 */
function collectColumns(
  text: string,
  delimiter: string,
  source: string,
  markers: CsvNullMarkers | undefined,
  headerless?: (count: number, line: number) => (string | null)[],
): { columns: CsvColumn[]; lines: number[] } {
  let columns: CsvColumn[] | undefined;
  const lines: number[] = [];
  let fields: (string | null)[] = [];
  let quotedFields: boolean[] = [];
  let row = 0;
  scanCsv(
    text,
    {
      field(value, quoted) {
        fields.push(value === "" && !quoted ? null : value);
        quotedFields.push(quoted);
      },
      endRecord(line) {
        if (columns === undefined && headerless === undefined) {
          columns = csvHeaderColumns(fields, source, "tableFromCsv");
        } else {
          columns ??= csvHeaderColumns(headerless!(fields.length, line), source, "tableFromCsv");
          if (addCsvRecord(columns, fields, quotedFields, { source, where: "tableFromCsv", line, row, shape: headerless === undefined ? "the header" : "the first record" }, markers)) {
            lines.push(line);
            row++;
          }
        }
        fields = [];
        quotedFields = [];
      },
    },
    delimiter,
    source,
  );
  return { columns: columns ?? [], lines };
}

