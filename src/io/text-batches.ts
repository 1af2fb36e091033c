/**
 * What the CSV and JSON batch readers share: rows counted into batches of `batchRows`, the
 * first batch fixing the schema, and finished batches yielded as the file's text is read.
 */
import type { RecordBatch, Schema, Vector } from "apache-arrow";
import { FuncflowError, invalidArgument, requireNameList, requireOptionalRecord, requireOptions } from "../errors/index.ts";
import { batchSchema, recordBatchOf, type ColumnKind } from "./column-kind.ts";
import { CSV_COLUMN_TYPES, type CsvColumnType } from "./csv-column-types.ts";
import { readTextChunks } from "./read-text-chunks.ts";

/** The default rows per batch of the text batch readers. */
export const DEFAULT_BATCH_ROWS = 65_536;

/**
 * `batchRows` when it is a positive whole number.
 * @throws FuncflowError `invalid_argument` otherwise.
 */
function checkBatchRows(batchRows: number, where: string): number {
  if (Number.isInteger(batchRows) && batchRows > 0) return batchRows;
  throw new FuncflowError("invalid_argument", `${where}: batchRows ${batchRows} is not a positive whole number. Pass e.g. ${DEFAULT_BATCH_ROWS}.`, { details: { batchRows } });
}

/** The options both text batch readers take. */
export interface TextBatchOptions {
  readonly batchRows?: number;
  readonly types?: Readonly<Record<string, CsvColumnType>>;
  readonly columns?: readonly string[];
}

/**
 * The reader's options checked before the file is opened: a record of known keys, `batchRows`
 * a positive whole number, `types` a record of column → a {@link CsvColumnType} (float64, int32,
 * int64, bool, utf8, date), `columns` a list of names.
 * @throws FuncflowError `invalid_argument` naming the option.
 */
export function checkTextBatchOptions(where: string, options: unknown, known: readonly string[]): asserts options is TextBatchOptions {
  requireOptions(where, "options", options, known, "{ batchRows: 10000, types: { id: \"utf8\" } }");
  if (options === undefined) return;
  const { batchRows, types, columns } = options;
  if (batchRows !== undefined) checkBatchRows(batchRows as number, where);
  requireOptionalRecord(where, "options.types", types, "{ id: \"utf8\", amount: \"float64\", day: \"date\" }");
  for (const [column, type] of Object.entries(types ?? {})) {
    if (!CSV_COLUMN_TYPES.includes(type as CsvColumnType)) throw invalidArgument(where, `options.types.${column}`, type, `one of ${CSV_COLUMN_TYPES.join(", ")}`);
  }
  if (columns !== undefined) requireNameList(where, "options.columns", columns, "[\"id\", \"amount\"]");
}

/** A column as a text reader fills it, row by row. */
export interface BatchColumn {
  readonly name: string;
  values: unknown[];
  /** The type fixed for it (given, or read from the first batch); undefined while it is inferred. */
  kind: ColumnKind | undefined;
  /** The type `types` declares for it: its values are then read (and refused) as that type. */
  readonly declared: CsvColumnType | undefined;
  /** Where a fixed kind came from, for the message when a value does not fit. */
  kindFrom: string;
}

/** What a reader's record builder is given: the file (for messages), its batch cutter, the types given up front and the columns to read (all when undefined). */
export abstract class TextBatchBuilder {
  readonly source: string;
  protected readonly cutter: BatchCutter;
  readonly types: Readonly<Record<string, CsvColumnType>>;
  readonly only: ReadonlySet<string> | undefined;

  constructor(source: string, cutter: BatchCutter, types: Readonly<Record<string, CsvColumnType>>, only: readonly string[] | undefined) {
    this.source = source;
    this.cutter = cutter;
    this.types = types;
    this.only = only === undefined ? undefined : new Set(only);
  }
}

/** Cuts record batches from columns filled row by row; the first cut fixes the schema. */
export class BatchCutter {
  readonly batchRows: number;
  #schema: Schema | undefined;
  #rows = 0;
  #rowsBefore = 0;
  #ready: RecordBatch[] = [];

  constructor(batchRows: number) {
    this.batchRows = batchRows;
  }

  /** Rows in the batch being filled. */
  get rows(): number {
    return this.#rows;
  }

  /** The file's row (0-based) the next record will be. */
  get nextRow(): number {
    return this.#rowsBefore + this.#rows;
  }

  get schemaFixed(): boolean {
    return this.#schema !== undefined;
  }

  /** Counts one record; true when that fills the batch, which the reader then cuts. */
  countRow(): boolean {
    return ++this.#rows === this.batchRows;
  }

  /**
   * Makes one record batch of the columns and empties them. At the first cut `fixKinds` gives
   * every column still without a kind its kind, and the schema is fixed from them.
   */
  cut<Column extends BatchColumn>(columns: readonly Column[], fixKinds: (columns: readonly Column[], rows: number) => void, vectorOf: (column: Column) => Vector): void {
    if (this.#schema === undefined) {
      fixKinds(columns, this.#rows);
      this.#schema = batchSchema(columns.map((column) => [column.name, column.kind!] as const));
    }
    this.#ready.push(recordBatchOf(this.#schema, columns.map(vectorOf), this.#rows));
    for (const column of columns) column.values = [];
    this.#rowsBefore += this.#rows;
    this.#rows = 0;
  }

  /** At the end: rows are left, or nothing was cut yet (an empty file still has a schema). */
  get lastCutDue(): boolean {
    return this.#rows > 0 || this.#schema === undefined;
  }

  takeBatches(): RecordBatch[] {
    const ready = this.#ready;
    this.#ready = [];
    return ready;
  }
}

/**
 * The batches of a text file: each chunk goes to `reader.push`, then `reader.end()`; batches
 * are yielded as they complete. The batches completed before an error are still yielded, then
 * the error is thrown.
 */
export async function* textFileBatches(path: string, where: string, reader: { push(chunk: string): void; end(): void }, cutter: BatchCutter): AsyncGenerator<RecordBatch> {
  try {
    for await (const chunk of readTextChunks(path, where)) {
      reader.push(chunk);
      yield* cutter.takeBatches();
    }
    reader.end();
  } catch (error) {
    yield* cutter.takeBatches();
    throw error;
  }
  yield* cutter.takeBatches();
}
