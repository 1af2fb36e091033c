/**
 * Reads `--inputs` and `--overrides`: a JSON object (`{"sales": 120}`) gives named values as
 * they are (an ISO string for a declared `Date` becomes one); a table (CSV, Arrow IPC, Parquet, or a JSON array of records) gives one Arrow
 * vector per column, named after the column (CSV read with `csv`: its delimiter, and the fields
 * that read as null). A CSV or JSON-records column feeding an input declared `Vector<Utf8>`,
 * `Vector<Float64>`, `Vector<Int32>`, `Vector<Int64>`, `Vector<Bool>` or `Vector<DateDay>` is read as
 * that type, not as inferred: `02134` for a `zip: Vector<Utf8>` stays the text `02134`, a JSON
 * integer for a `Vector<Int32>` is an Int32 (as `funcflow batch` reads an envelope's columns by its
 * schema). `name=value` pairs are added last.
 */
import { extname } from "node:path";
import type { Table } from "apache-arrow";
import type { CsvColumnType } from "../../io/index.ts";
import { FuncflowError, isFuncflowError, isPlainRecord } from "../../errors/index.ts";
import { readObject } from "./read-config.ts";
import { parseLooseValue } from "./parse-options.ts";
import { declaredVectorElement, isDateType, isVectorType, typedValue } from "./typed-value.ts";

/** How `--inputs`/`--overrides` CSV tables are read (`--csv-delimiter`, `--null-value`). */
export interface CsvTableOptions {
  readonly delimiter?: string;
  readonly nullValues?: readonly string[];
}

/** The declared type text of a node, when the pipeline is known. */
export type DeclaredTypeOf = (name: string) => string | undefined;

/**
 * Every value from `files` (in order; a later name wins) and then `pairs`, each pair read as
 * the type `typeOf` gives for its name (see typedValue; a declared `Vector` becomes an Arrow
 * vector), or loosely (JSON, else the string).
 * @throws FuncflowError `invalid_argument` for an unreadable JSON file; `io_failed` for an
 *   unreadable table; `invalid_argument` for an extension that is not a table or JSON, or a
 *   pair whose value does not fit its declared type.
 * @example await readValues(["data.csv", "scalars.json"], [["threshold", "3"]], "--inputs");
 */
export async function readValues(
  files: readonly string[],
  pairs: readonly (readonly [string, string])[],
  option: string,
  typeOf?: DeclaredTypeOf,
  csv: CsvTableOptions = {},
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const file of files) {
    const read = await readOne(file, option, csv, typeOf);
    // JSON has no dates: a string for a declared Date is read as one, as a name=value pair is (and as serve reads JSON).
    if (typeOf !== undefined) {
      for (const [name, value] of Object.entries(read)) if (typeof value === "string" && isDateType(typeOf(name))) read[name] = typedValue(value, typeOf(name), name, `${option} ${file}:`);
    }
    Object.assign(values, read);
  }
  const pairOption = option.replace(/s$/, "");
  for (const [name, value] of pairs) {
    if (typeOf === undefined) {
      values[name] = parseLooseValue(value);
      continue;
    }
    const declared = typeOf(name);
    const typed = typedValue(value, declared, name, pairOption);
    // Loaded only for a declared Vector: apache-arrow is not needed otherwise.
    values[name] = isVectorType(declared) ? (await import("../../adapters/arrow/index.ts")).toVector(typed, name) : typed;
  }
  return values;
}

async function readOne(file: string, option: string, csv: CsvTableOptions, typeOf: DeclaredTypeOf | undefined): Promise<Record<string, unknown>> {
  if (extname(file).toLowerCase() === ".json" && !(await holdsJsonArray(file))) return readObject(file, option);
  // Loaded only when a table is read: apache-arrow and the readers are not needed otherwise.
  const { readTable, columnTypeOfArrow, tableFormatFor } = await import("../../io/index.ts");
  const format = tableFormatFor(option, file, undefined);
  // A JSON array of records is read with its declared columns' types when it has such columns.
  // CSV options apply to CSV files; readTable ignores them for other formats.
  let table = (format === "json" && typeOf !== undefined ? await readDeclared(() => readJsonDeclared(file, typeOf), "json", option, file, typeOf) : undefined) ?? (await readTable(file, { csv }));
  // CSV infers its columns' types from text; the header is known once read, so a column whose
  // inferred type is not the one its input declares is read again as declared. Arrow and Parquet
  // columns carry their own types.
  const declared = typeOf === undefined || format !== "csv" || table.schema.fields.length === 0 ? {} : misreadColumns(table.schema.fields, typeOf, columnTypeOfArrow);
  if (Object.keys(declared).length > 0) table = await readDeclared(() => readTable(file, { format: "csv", csv: { ...csv, types: declared } }), "csv", option, file, typeOf!);
  const columns: Record<string, unknown> = {};
  for (const field of table.schema.fields) columns[field.name] = table.getChild(field.name);
  if (table.schema.fields.length === 0) {
    throw new FuncflowError("invalid_argument", `${option} ${file}: the table has no columns. Give a table with a header row, or a JSON object of values.`);
  }
  return columns;
}

/**
 * The table `read` gives, with a field that does not fit its input's declared type reported as
 * the command line's mistake (the declaration and the options to fix it), not as io's `types`.
 */
async function readDeclared<T>(read: () => Promise<T>, format: "csv" | "json", option: string, file: string, typeOf: DeclaredTypeOf): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const details = isFuncflowError(error) && error.code === "io_failed" ? (error.details as { line?: number; row?: number; column?: string; text?: string; value?: unknown; expected?: string } | undefined) : undefined;
    if (details?.column === undefined || details.expected === undefined) throw error;
    const { line, row, column, text, value, expected } = details;
    // A CSV field is text, a JSON value is JSON: each is shown as the file has it.
    const shown = format === "csv" ? JSON.stringify(text) : JSON.stringify(value);
    const fix = format === "csv" ? `Fix the field, or mark missing values with --null-value ${shellWord(text ?? "")}.` : "Fix the value, or write null for a missing one.";
    throw new FuncflowError(
      "invalid_argument",
      `${option} ${file} line ${line}${row === undefined ? "" : ` (row ${row})`}, column "${column}": ${shown} is not ${expected}, and the input "${column}" is declared ${typeOf(column)}. ${fix}`,
      { input: column, details: { option, file, line, ...(row !== undefined && { row }), column, ...(format === "csv" ? { text } : { value }), declaredType: typeOf(column) }, cause: error },
    );
  }
}

/**
 * The JSON array of records in `file` with each column that feeds an input declared as a column
 * type (`Vector<Int32>`, `Vector<DateDay>`, …) read as that type by the reader `funcflow batch`
 * uses, the others as readTable infers them; undefined when no column feeds such an input, or
 * the file is not an array of records (readTable then reads it, or says why it cannot).
 * @throws FuncflowError `io_failed` (from readJsonBatches) naming the line, row and column of a value that does not fit.
 */
async function readJsonDeclared(file: string, typeOf: DeclaredTypeOf): Promise<Table | undefined> {
  const [{ readFile }, { columnTypeOfArrow, readJsonBatches, tableFromJsonRecords }, { Table: ArrowTable }] = await Promise.all([
    import("node:fs/promises"),
    import("../../io/index.ts"),
    import("apache-arrow"),
  ]);
  let records: unknown;
  try {
    records = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(records) || !records.every(isPlainRecord)) return undefined;
  const keys = new Set(records.flatMap((record) => Object.keys(record)));
  const declared: Record<string, CsvColumnType> = {};
  for (const key of keys) {
    const wanted = declaredColumnType(typeOf(key), columnTypeOfArrow);
    if (wanted !== undefined) declared[key] = wanted;
  }
  if (Object.keys(declared).length === 0) return undefined;
  let inferred: Table;
  try {
    inferred = tableFromJsonRecords(records.map((record) => Object.fromEntries(Object.entries(record).filter(([key]) => !Object.hasOwn(declared, key)))), file);
  } catch {
    return undefined;
  }
  const batches = [];
  // One batch of all the records: a key only a late record has is still a column, as readTable reads it.
  for await (const batch of readJsonBatches(file, { batchRows: Math.max(1, records.length), types: declared, columns: Object.keys(declared) })) batches.push(batch);
  const typed = new ArrowTable(batches);
  return new ArrowTable(Object.fromEntries([...keys].map((key) => [key, (Object.hasOwn(declared, key) ? typed : inferred).getChild(key)!])));
}

/** `text` as one shell word. */
const shellWord = (text: string) => (/^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/** Arrow's name for the type each declarable column type reads as. */
const ARROW_TYPE_NAMES: Readonly<Record<CsvColumnType, string>> = { utf8: "Utf8", float64: "Float64", int32: "Int32", int64: "Int64", bool: "Bool", date: "Date32<DAY>" };

/** The column type a text column is read as for an input declared `typeText` (`Vector<Int32>` → int32), if any. */
function declaredColumnType(typeText: string | undefined, columnTypeOfArrow: (arrowName: string) => CsvColumnType | undefined): CsvColumnType | undefined {
  const element = declaredVectorElement(typeText);
  return element === undefined ? undefined : columnTypeOfArrow(element);
}

/** The columns whose inferred type differs from the one their input declares, with the declared one. */
function misreadColumns(
  fields: readonly { readonly name: string; readonly type: unknown }[],
  typeOf: DeclaredTypeOf,
  columnTypeOfArrow: (arrowName: string) => CsvColumnType | undefined,
): Record<string, CsvColumnType> {
  const types: Record<string, CsvColumnType> = {};
  for (const field of fields) {
    const wanted = declaredColumnType(typeOf(field.name), columnTypeOfArrow);
    if (wanted !== undefined && String(field.type) !== ARROW_TYPE_NAMES[wanted]) types[field.name] = wanted;
  }
  return types;
}

/** A `.json` file is a table when it holds an array of records, else an object of values. */
async function holdsJsonArray(file: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  try {
    const handle = await open(file, "r");
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
      return buffer.subarray(0, bytesRead).toString("utf8").trimStart().startsWith("[");
    } finally {
      await handle.close();
    }
  } catch {
    return false; // readObject reports the unreadable file
  }
}
