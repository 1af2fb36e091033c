import type { RecordBatch } from "apache-arrow";
import { FuncflowError, optionKeys, requirePath } from "../errors/index.ts";
import { describeValue } from "../columnar/index.ts";
import { INFERRED_KIND_WORDS, vectorOfKind } from "./column-kind.ts";
import { dateDays, declaredTypeMismatch, type CsvColumnType } from "./csv-column-types.ts";
import { JsonValueSplitter } from "./json-value-splitter.ts";
import { BatchCutter, checkTextBatchOptions, TextBatchBuilder, DEFAULT_BATCH_ROWS, textFileBatches, type BatchColumn } from "./text-batches.ts";

/** Options for {@link readJsonBatches}. */
export interface ReadJsonBatchesOptions {
  /** Rows per batch; default 65,536. */
  readonly batchRows?: number;
  /**
   * Declared column types, the vocabulary `tableFromCsv` takes: `float64`, `int32` and `int64`
   * (bigints) take JSON numbers (whole ones in range for the integers; int64 numbers within
   * ±(2^53 - 1), as far as JSON numbers are exact, and strings of digits beyond), `bool`
   * booleans, `utf8` strings, `date` `YYYY-MM-DD` strings (Arrow DateDay). The other columns'
   * types are read from the first batch.
   */
  readonly types?: Readonly<Record<string, CsvColumnType>>;
  /** Read only these keys; the others are skipped unchecked. Default: all. */
  readonly columns?: readonly string[];
}

/** The keys of ReadJsonBatchesOptions, checked against the interface by the compiler. */
export const READ_JSON_BATCHES_OPTION_KEYS = optionKeys<ReadJsonBatchesOptions>({ batchRows: true, types: true, columns: true });


/**
 * The records of a JSON file — one array of objects (`[{…}, {…}]`) or JSON Lines (one object
 * per line; told apart by the first character) — as Arrow record batches of `batchRows` rows,
 * parsed as the file is read (memory holds about one batch). Every batch has one schema: the
 * columns are the keys of the first batch's records, in order of first appearance; a column's
 * type is declared in `types` or read from the first batch (numbers → Float64, booleans → Bool,
 * strings → Utf8, only nulls → Null); a key a record lacks is null there. `columns` reads only
 * those keys: the others are neither kept nor checked.
 * @throws FuncflowError `type_mismatch` naming the record (`details.row`, 0-based; `details.line`)
 *   and `details.column` for a record that is not an object, a value of another kind than its
 *   inferred column's, a nested object or array, or a key the first batch did not have;
 *   `io_failed` with the same details for a value that does not fit its declared type, and for a
 *   missing, empty or malformed file (naming its line); `invalid_argument` for a bad batch size or
 *   type (naming `options.types.<column>`).
 * @example for await (const batch of readJsonBatches("events.jsonl")) total += batch.numRows;
 */
export async function* readJsonBatches(path: string, options: ReadJsonBatchesOptions = {}): AsyncGenerator<RecordBatch> {
  requirePath("readJsonBatches", "path", path, '"data/events.jsonl"');
  checkTextBatchOptions("readJsonBatches", options, READ_JSON_BATCHES_OPTION_KEYS);
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
        const given = Object.hasOwn(this.types, key) ? this.types[key] : undefined;
        column = { name: key, values: new Array<unknown>(this.cutter.rows).fill(null), kind: given, declared: given, kindFrom: given === undefined ? "" : "its type was given" };
        this.#columns.set(key, column);
      }
      column.values.push(column.declared === undefined ? this.#check(column, value, line, row) : this.#declared(column.declared, column.name, value, line, row));
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
  #check(column: JsonColumn, value: unknown, line: number, row: number): unknown {
    if (value === null) return value;
    const kind = kindOfValue(value);
    if (kind === undefined) {
      throw this.#mismatch(`${this.#where(line, row)}: "${column.name}" holds ${describeValue(value)}`, "A column holds numbers, booleans or strings; flatten nested values into columns of their own.", { line, row, column: column.name });
    }
    if (column.kind === undefined) {
      column.kind = kind;
      column.kindFrom = `its first value (row ${row}) was ${INFERRED_KIND_WORDS[kind]}`;
      return value;
    }
    if (column.kind !== kind) {
      const expected = column.kind === "null" ? "empty (the column had no values in the first batch)" : (INFERRED_KIND_WORDS[column.kind] ?? `a ${column.kind}`);
      throw this.#mismatch(
        `${this.#where(line, row)}: "${column.name}" holds ${describeValue(value)}, not ${expected} as ${column.kindFrom}`,
        `Fix the value, or declare the column's type up front (types: { ${JSON.stringify(column.name)}: "utf8" }).`,
        { line, row, column: column.name },
      );
    }
    return value;
  }

  /**
   * A value of a column whose type `types` declares, as the vector stores it (int64 as a bigint,
   * a date as days since 1970-01-01).
   * @throws FuncflowError `io_failed` naming the file, line, row and column when it does not fit.
   */
  #declared(type: CsvColumnType, column: string, value: unknown, line: number, row: number): unknown {
    if (value === null) return value;
    const stored = declaredValue(type, value);
    if (stored !== undefined) return stored;
    throw declaredTypeMismatch("readJsonBatches", { source: this.source, line, row, column }, type, describeValue(value), { value }, JSON_TYPE_DESCRIPTIONS[type]);
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

/** The type a JSON value infers for its column. */
function kindOfValue(value: unknown): "float64" | "bool" | "utf8" | undefined {
  switch (typeof value) {
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "string":
      return "utf8";
    default:
      return undefined;
  }
}

const INTEGER_TEXT = /^[+-]?\d+$/;

/** What each declared type takes from JSON, for messages (where it differs from CSV's). */
const JSON_TYPE_DESCRIPTIONS: Readonly<Partial<Record<CsvColumnType, string>>> = {
  int64: "a whole number within ±(2^53 - 1), or a string of digits within 64 bits",
  date: "a string holding a date written YYYY-MM-DD",
};

/** A JSON value as a column of declared `type` stores it, or undefined when it does not fit. */
function declaredValue(type: CsvColumnType, value: unknown): unknown {
  switch (type) {
    case "float64":
      return typeof value === "number" ? value : undefined;
    case "int32":
      return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31 ? value : undefined;
    case "int64":
      // JSON.parse keeps integers exact only up to 2^53: a larger one has already lost digits,
      // so larger ones come as strings of digits (as protobuf's JSON writes int64).
      if (typeof value === "string") return INTEGER_TEXT.test(value) && BigInt.asIntN(64, BigInt(value)) === BigInt(value) ? BigInt(value) : undefined;
      return Number.isSafeInteger(value) ? BigInt(value as number) : undefined;
    case "bool":
      return typeof value === "boolean" ? value : undefined;
    case "utf8":
      return typeof value === "string" ? value : undefined;
    case "date":
      return typeof value === "string" ? dateDays(value) : undefined;
  }
}
