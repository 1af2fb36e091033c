import type { RecordBatch } from "apache-arrow";
import { FuncflowError, optionKeys, requirePath } from "../errors/index.ts";
import { typedCsvVector, type CsvColumnType } from "./csv-column-types.ts";
import { addCsvRecord, csvColumnKind, csvColumnVector, csvHeaderColumns, type CsvColumn } from "./csv-columns.ts";
import { checkCsvDelimiter } from "./csv-literals.ts";
import { csvNullMarkers, type CsvNullMarkers } from "./csv-null-values.ts";
import { CsvScanner, type CsvFieldVisitor } from "./csv-scanner.ts";
import { BatchCutter, checkTextBatchOptions, TextBatchBuilder, DEFAULT_BATCH_ROWS, textFileBatches } from "./text-batches.ts";

/** Options for {@link readCsvBatches}. */
export interface ReadCsvBatchesOptions {
  /** Rows per batch; default 65,536. */
  readonly batchRows?: number;
  /** One character; default `,`. */
  readonly delimiter?: string;
  /**
   * Declared column types, as `tableFromCsv` takes them (`{ id: "int64", day: "date" }`):
   * `float64`, `int32`, `int64` (bigints), `bool`, `utf8`, `date` (`YYYY-MM-DD`, Arrow DateDay).
   * The other columns' types are read from the first batch.
   */
  readonly types?: Readonly<Record<string, CsvColumnType>>;
  /** Read only these columns (in the file's order); the others are skipped unchecked. Default: all. */
  readonly columns?: readonly string[];
  /** Texts read as null besides the empty field, as `tableFromCsv` takes them (pandas' `na_values`, polars' `null_values`), e.g. `["?", "NA"]`; unquoted fields only. */
  readonly nullValues?: readonly string[];
}

/** The keys of ReadCsvBatchesOptions, checked against the interface by the compiler. */
export const READ_CSV_BATCHES_OPTION_KEYS = optionKeys<ReadCsvBatchesOptions>({ batchRows: true, delimiter: true, types: true, columns: true, nullValues: true });


/**
 * The rows of a CSV file as Arrow record batches of `batchRows` rows, parsed as the file is read
 * (memory holds about one batch, whatever the file's size). The records are read as
 * `tableFromCsv` reads them (header row, RFC 4180 quoting, the same scanner), and every batch has
 * one schema: a column's type is declared in `types` (read as `tableFromCsv` reads a declared
 * column, e.g. int64 → Int64, date → DateDay) or inferred from the first batch by
 * `tableFromCsv`'s rules (numbers → Float64, true/false → Bool, text → Utf8, no value → Null).
 * A header-only file gives one batch of 0 rows. `columns` reads only those columns: the others
 * are neither kept nor typed, so a value there never stops the read.
 * @throws FuncflowError `type_mismatch` for a value in a later batch that does not fit its
 *   column's inferred type (`details.line`, `details.row` (0-based), `details.column`);
 *   `io_failed` for a value that does not fit its declared type (the same details), or a
 *   missing, empty or malformed file (naming its line); `invalid_argument` for a bad batch size,
 *   delimiter, type (naming `options.types.<column>`) or `options.nullValues`.
 * @example for await (const batch of readCsvBatches("big.csv", { types: { id: "utf8", day: "date" } })) total += batch.numRows;
 */
export async function* readCsvBatches(path: string, options: ReadCsvBatchesOptions = {}): AsyncGenerator<RecordBatch> {
  requirePath("readCsvBatches", "path", path, '"data/sales.csv"');
  checkTextBatchOptions("readCsvBatches", options, READ_CSV_BATCHES_OPTION_KEYS);
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const delimiter = checkCsvDelimiter(options.delimiter ?? ",", "readCsvBatches");
  const markers = csvNullMarkers("readCsvBatches", "options.nullValues", options.nullValues);
  const cutter = new BatchCutter(batchRows);
  const builder = new CsvBatchBuilder(path, cutter, options.types ?? {}, options.columns, markers);
  const scanner = new CsvScanner(builder, delimiter, path);
  yield* textFileBatches(path, "readCsvBatches", { push: (chunk) => scanner.push(chunk), end: () => (scanner.end(), builder.finish()) }, cutter);
}

/** Collects records into columns and cuts a batch every `batchRows` rows; the first batch fixes the schema. */
class CsvBatchBuilder extends TextBatchBuilder implements CsvFieldVisitor {
  #columns: CsvColumn[] | undefined;
  #fields: (string | null)[] = [];
  #quoted: boolean[] = [];
  /** The line of each record in the batch being filled, for declared columns' messages. */
  #lines: number[] = [];
  readonly #markers: CsvNullMarkers | undefined;

  constructor(source: string, cutter: BatchCutter, types: Readonly<Record<string, CsvColumnType>>, only: readonly string[] | undefined, markers: CsvNullMarkers | undefined) {
    super(source, cutter, types, only);
    this.#markers = markers;
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
        if (given !== undefined) Object.assign(column, { kind: given, declared: given, kindFrom: "its type was given" });
      }
      return;
    }
    const place = { source: this.source, where: "readCsvBatches", line, row: this.cutter.nextRow };
    if (!addCsvRecord(this.#columns, fields, quoted, place, this.#markers)) return;
    this.#lines.push(line);
    if (this.cutter.countRow()) this.#cut();
  }

  /** Cuts the last batch (or an empty one, so that a header-only file still has a schema). */
  finish(): void {
    if (this.cutter.lastCutDue) this.#cut();
  }

  #cut(): void {
    const columns = (this.#columns ?? []).filter((column) => !column.skip);
    const lines = this.#lines;
    this.#lines = [];
    const firstRow = this.cutter.nextRow - this.cutter.rows;
    this.cutter.cut(
      columns,
      (first, rows) => {
        const firstRows = `the first batch (rows 0–${rows - 1}) showed`;
        for (const column of first) if (column.kind === undefined) Object.assign(column, { kind: csvColumnKind(column), kindFrom: firstRows });
      },
      (column) =>
        column.declared === undefined
          ? csvColumnVector(column, column.kind!)
          : typedCsvVector(column.values, column.declared, { source: this.source, column: column.name, lines, where: "readCsvBatches", firstRow }),
    );
  }
}
