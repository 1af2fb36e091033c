/**
 * Reads `--inputs` and `--overrides`: a JSON object (`{"sales": 120}`) gives named values as
 * they are (an ISO string for a declared `Date` becomes one); a table (CSV, Arrow IPC, Parquet, or a JSON array of records) gives one Arrow
 * vector per column, named after the column (CSV read with `csv`: its delimiter, and the fields
 * that read as null). `name=value` pairs are added last.
 */
import { extname } from "node:path";
import { FuncflowError } from "../../errors/index.ts";
import { readObject } from "./read-config.ts";
import { parseLooseValue } from "./parse-options.ts";
import { isDateType, isVectorType, typedValue } from "./typed-value.ts";

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
    const read = await readOne(file, option, csv);
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

async function readOne(file: string, option: string, csv: CsvTableOptions): Promise<Record<string, unknown>> {
  if (extname(file).toLowerCase() === ".json" && !(await holdsJsonArray(file))) return readObject(file, option);
  // Loaded only when a table is read: apache-arrow and the readers are not needed otherwise.
  const { readTable } = await import("../../io/index.ts");
  // CSV options apply to CSV files; readTable ignores them for other formats.
  const table = await readTable(file, { csv });
  const columns: Record<string, unknown> = {};
  for (const field of table.schema.fields) columns[field.name] = table.getChild(field.name);
  if (table.schema.fields.length === 0) {
    throw new FuncflowError("invalid_argument", `${option} ${file}: the table has no columns. Give a table with a header row, or a JSON object of values.`);
  }
  return columns;
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
