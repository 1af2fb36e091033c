import type { RecordBatch } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { describeValue } from "../columnar/index.ts";
import { vectorOfKind, type ColumnKind, type TextColumnType } from "./column-kind.ts";
import { JsonValueSplitter } from "./json-value-splitter.ts";
import { BatchCutter, checkTextBatchOptions, TextBatchBuilder, DEFAULT_BATCH_ROWS, textFileBatches, type BatchColumn } from "./text-batches.ts";

/** Options for {@link readJsonBatches}. */
export interface ReadJsonBatchesOptions {
  /** Rows per batch; default 65,536. */
  readonly batchRows?: number;
  /** Column types given up front; the other columns' types are read from the first batch. */
  readonly types?: Readonly<Record<string, TextColumnType>>;
  /** Read only these keys; the others are skipped unchecked. Default: all. */
  readonly columns?: readonly string[];
}

/**
 * The records of a JSON file — one array of objects (`[{…}, {…}]`) or JSON Lines (one object
 * per line; told apart by the first character) — as Arrow record batches of `batchRows` rows,
 * parsed as the file is read (memory holds about one batch). Every batch has one schema: the
 * columns are the keys of the first batch's records, in order of first appearance; a column's
 * type is given in `types` or read from the first batch (numbers → Float64, booleans → Bool,
 * strings → Utf8, only nulls → Null); a key a record lacks is null there. `columns` reads only
 * those keys: the others are neither kept nor checked.
 * @throws FuncflowError `type_mismatch` naming the record (`details.row`, 0-based; `details.line`)
 *   and `details.column` for a record that is not an object, a value of another kind than its
 *   column's, a nested object or array, or a key the first batch did not have; `io_failed` for a
 *   missing, empty or malformed file (naming its line).
 * @example for await (const batch of readJsonBatches("events.jsonl")) total += batch.numRows;
 */
export async function* readJsonBatches(path: string, options: ReadJsonBatchesOptions = {}): AsyncGenerator<RecordBatch> {
  checkTextBatchOptions("readJsonBatches", options, ["batchRows", "types", "columns"]);
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const cutter = new BatchCutter(batchRows);
  const builder = new JsonBatchBuilder(path, cutter, options.types ?? {}, options.columns);
  const splitter = new JsonValueSplitter(path, (text, line) => builder.add(text, line));
  yield* textFileBatches(path, "readJsonBatches", { push: (chunk) => splitter.push(chunk), end: () => (splitter.end(), builder.finish()) }, cutter);
}

type JsonColumn = BatchColumn;

/** Collects records into columns and cuts a batch every `batchRows` rows; the first batch fixes the schema. */
class JsonBatchBuilder extends TextBatchBuilder {
  readonly #columns = new Map<string, JsonColumn>();
  add(text: string, line: number): void {
    const row = this.cutter.nextRow;
    const record = this.#parse(text, line);
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw this.#mismatch(`${this.#where(line, row)} is ${describeValue(record)}, not a record`, "Give one object per row.", { line, row });
    }
    for (const key in record) {
      if (this.only !== undefined && !this.only.has(key)) continue;
      const value = (record as Record<string, unknown>)[key];
      let column = this.#columns.get(key);
      if (column === undefined) {
        if (this.cutter.schemaFixed) {
          throw this.#mismatch(
            `${this.#where(line, row)} has the key "${key}", which no record of the first batch (rows 0–${this.cutter.batchRows - 1}) had`,
            `Drop the key, or put a record that has it in the first batch.`,
            { line, row, column: key },
          );
        }
        const given = this.types[key];
        column = { name: key, values: new Array<unknown>(this.cutter.rows).fill(null), kind: given, kindFrom: given === undefined ? "" : "its type was given" };
        this.#columns.set(key, column);
      }
      this.#check(column, value, line, row);
      column.values.push(value);
    }
    const full = this.cutter.countRow();
    // A key the record lacks is null there.
    for (const column of this.#columns.values()) if (column.values.length < this.cutter.rows) column.values.push(null);
    if (full) this.#cut();
  }

  /** Cuts the last batch (or an empty one, so that a file without records still has a schema). */
  finish(): void {
    if (this.cutter.lastCutDue) this.#cut();
  }

  #parse(text: string, line: number): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new FuncflowError("io_failed", `readJsonBatches: ${this.source} line ${line}: not valid JSON (${(error as Error).message}). Fix the record.`, {
        cause: error,
        details: { source: this.source, line },
      });
    }
  }

  /** While the first batch is read a column takes the kind of its first value; after, every value must fit it. */
  #check(column: JsonColumn, value: unknown, line: number, row: number): void {
    if (value === null) return;
    const kind = kindOfValue(value);
    if (kind === undefined) {
      throw this.#mismatch(`${this.#where(line, row)}: "${column.name}" holds ${describeValue(value)}`, "A column holds numbers, booleans or strings; flatten nested values into columns of their own.", { line, row, column: column.name });
    }
    if (column.kind === undefined) {
      column.kind = kind;
      column.kindFrom = `its first value (row ${row}) was a ${kind}`;
      return;
    }
    if (column.kind !== kind) {
      const expected = column.kind === "null" ? "empty (the column had no values in the first batch)" : `a ${column.kind}`;
      throw this.#mismatch(
        `${this.#where(line, row)}: "${column.name}" holds ${describeValue(value)}, not ${expected} as ${column.kindFrom}`,
        `Fix the value, or give the column's type up front (types: { ${JSON.stringify(column.name)}: "string" }).`,
        { line, row, column: column.name },
      );
    }
  }

  #cut(): void {
    this.cutter.cut(
      [...this.#columns.values()],
      (first) => {
        for (const column of first) if (column.kind === undefined) Object.assign(column, { kind: "null", kindFrom: "the first batch had only nulls" });
      },
      (column) => vectorOfKind(column.kind!, column.values),
    );
  }

  #where(line: number, row: number): string {
    return `readJsonBatches: ${this.source} line ${line} (row ${row})`;
  }

  #mismatch(what: string, fix: string, details: { line: number; row: number; column?: string }): FuncflowError {
    return new FuncflowError("type_mismatch", `${what}. ${fix}`, { details: { source: this.source, ...details } });
  }
}

function kindOfValue(value: unknown): TextColumnType | undefined {
  switch (typeof value) {
    case "number":
    case "boolean":
    case "string":
      return typeof value as TextColumnType;
    default:
      return undefined;
  }
}
