import type { RecordBatch, Schema } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { batchSchema, recordBatchOf, type TextColumnType } from "./column-kind.ts";
import { addCsvRecord, csvColumnKind, csvColumnVector, csvHeaderColumns, type CsvColumn } from "./csv-columns.ts";
import { checkCsvDelimiter } from "./csv-literals.ts";
import { CsvScanner, type CsvFieldVisitor } from "./csv-scanner.ts";
import { readTextChunks } from "./read-text-chunks.ts";

/** Options for {@link readCsvBatches}. */
export interface ReadCsvBatchesOptions {
  /** Rows per batch; default 65,536. */
  readonly batchRows?: number;
  /** One character; default `,`. */
  readonly delimiter?: string;
  /** Column types given up front; the other columns' types are read from the first batch. */
  readonly types?: Readonly<Record<string, TextColumnType>>;
  /** Read only these columns (in the file's order); the others are skipped unchecked. Default: all. */
  readonly columns?: readonly string[];
}

/** The default rows per batch of the text batch readers. */
export const DEFAULT_BATCH_ROWS = 65_536;

/**
 * The rows of a CSV file as Arrow record batches of `batchRows` rows, parsed as the file is read
 * (memory holds about one batch, whatever the file's size). The records are read as
 * `tableFromCsv` reads them (header row, RFC 4180 quoting, the same scanner), and every batch has
 * one schema: a column's type is given in `types` or inferred from the first batch by
 * `tableFromCsv`'s rules (numbers → Float64, true/false → Bool, text → Utf8, no value → Null).
 * A header-only file gives one batch of 0 rows. `columns` reads only those columns: the others
 * are neither kept nor typed, so a value there never stops the read.
 * @throws FuncflowError `type_mismatch` for a value in a later batch that does not fit its
 *   column's type (`details.line`, `details.row` (0-based), `details.column`); `io_failed` for a
 *   missing, empty or malformed file (naming its line); `invalid_argument` for a bad batch size
 *   or delimiter.
 * @example for await (const batch of readCsvBatches("big.csv", { types: { id: "string" } })) total += batch.numRows;
 */
export async function* readCsvBatches(path: string, options: ReadCsvBatchesOptions = {}): AsyncGenerator<RecordBatch> {
  const batchRows = checkBatchRows(options.batchRows ?? DEFAULT_BATCH_ROWS, "readCsvBatches");
  const delimiter = checkCsvDelimiter(options.delimiter ?? ",", "readCsvBatches");
  const builder = new CsvBatchBuilder(path, batchRows, options.types ?? {}, options.columns);
  const scanner = new CsvScanner(builder, delimiter, path);
  // The batches a chunk completed before a bad row are still yielded, then the error is thrown.
  try {
    for await (const chunk of readTextChunks(path, "readCsvBatches")) {
      scanner.push(chunk);
      yield* builder.takeBatches();
    }
    scanner.end();
    builder.finish();
  } catch (error) {
    yield* builder.takeBatches();
    throw error;
  }
  yield* builder.takeBatches();
}

/**
 * `batchRows` when it is a positive whole number.
 * @throws FuncflowError `invalid_argument` otherwise.
 */
export function checkBatchRows(batchRows: number, where: string): number {
  if (Number.isInteger(batchRows) && batchRows > 0) return batchRows;
  throw new FuncflowError("invalid_argument", `${where}: batchRows ${batchRows} is not a positive whole number. Pass e.g. ${DEFAULT_BATCH_ROWS}.`, { details: { batchRows } });
}

/** Collects records into columns and cuts a batch every `batchRows` rows; the first batch fixes the schema. */
class CsvBatchBuilder implements CsvFieldVisitor {
  #columns: CsvColumn[] | undefined;
  #schema: Schema | undefined;
  #fields: (string | null)[] = [];
  #quoted: boolean[] = [];
  #rows = 0;
  #rowsBefore = 0;
  #ready: RecordBatch[] = [];

  readonly source: string;
  readonly batchRows: number;
  readonly types: Readonly<Record<string, TextColumnType>>;
  readonly only: ReadonlySet<string> | undefined;

  constructor(source: string, batchRows: number, types: Readonly<Record<string, TextColumnType>>, only: readonly string[] | undefined) {
    this.source = source;
    this.batchRows = batchRows;
    this.types = types;
    this.only = only === undefined ? undefined : new Set(only);
  }

  field(text: string, quoted: boolean): void {
    this.#fields.push(text === "" && !quoted ? null : text);
    this.#quoted.push(quoted);
  }

  endRecord(line: number): void {
    const fields = this.#fields;
    this.#fields = [];
    const quoted = this.#quoted;
    this.#quoted = [];
    if (this.#columns === undefined) {
      this.#columns = csvHeaderColumns(fields, this.source, "readCsvBatches");
      for (const column of this.#columns) {
        if (this.only !== undefined && !this.only.has(column.name)) column.skip = true;
        const given = this.types[column.name];
        if (given !== undefined) Object.assign(column, { kind: given, kindFrom: "its type was given" });
      }
      return;
    }
    const place = { source: this.source, where: "readCsvBatches", line, row: this.#rowsBefore + this.#rows };
    if (addCsvRecord(this.#columns, fields, quoted, place)) this.#rows++;
    if (this.#rows === this.batchRows) this.#cut();
  }

  /** Cuts the last batch (or an empty one, so that a header-only file still has a schema). */
  finish(): void {
    if (this.#rows > 0 || this.#schema === undefined) this.#cut();
  }

  takeBatches(): RecordBatch[] {
    const ready = this.#ready;
    this.#ready = [];
    return ready;
  }

  #cut(): void {
    const columns = (this.#columns ?? []).filter((column) => !column.skip);
    if (this.#schema === undefined) {
      const kinds = columns.map((column) => csvColumnKind(column));
      const firstRows = `the first batch (rows 0–${this.#rows - 1}) showed`;
      columns.forEach((column, index) => {
        if (column.kind === undefined) Object.assign(column, { kind: kinds[index], kindFrom: firstRows });
      });
      this.#schema = batchSchema(columns.map((column, index) => [column.name, kinds[index]!] as const));
    }
    const vectors = columns.map((column) => csvColumnVector(column, column.kind!));
    this.#ready.push(recordBatchOf(this.#schema, vectors, this.#rows));
    for (const column of columns) column.values = [];
    this.#rowsBefore += this.#rows;
    this.#rows = 0;
  }
}
