import { tableToIPC, type Table } from "apache-arrow";
import { optionKeys, requirePath, requireOptions } from "../errors/index.ts";
import { requireArrowTable } from "../adapters/arrow/index.ts";
import { tableFormatFor, type TableFormat } from "./table-format.ts";
import { WRITE_CSV_OPTION_KEYS, tableToCsvChunks, type WriteCsvOptions } from "./table-to-csv.ts";
import { tableToJsonChunks } from "./table-to-json-chunks.ts";
import { checkParquetOptions, tableToParquet, type WriteParquetOptions } from "./table-to-parquet.ts";
import { writeFileAtomic, type FileContent } from "./write-file-atomic.ts";

/** Options for {@link writeTable}. */
export interface WriteTableOptions {
  /** The file's format; taken from the extension when absent. */
  readonly format?: TableFormat;
  /** CSV options (delimiter, line break). */
  readonly csv?: WriteCsvOptions;
  /** Parquet options (compression, row group size). */
  readonly parquet?: WriteParquetOptions;
}

/** The keys of WriteTableOptions, checked against the interface by the compiler. */
export const WRITE_TABLE_OPTION_KEYS = optionKeys<WriteTableOptions>({ format: true, csv: true, parquet: true });


/**
 * Writes `table` to `path` atomically (a temporary file in the same directory, renamed into
 * place): Arrow IPC file (`.arrow`) or stream (`.arrows`), CSV, JSON records or Parquet.
 * On failure `path` is untouched and no temporary file is left.
 * @throws FuncflowError `io_failed` naming `path`; `type_mismatch` when `table` is not an Arrow
 *   Table; `invalid_argument` when the format cannot be told from the extension.
 * @example await writeTable("out/sales.parquet", sales, { parquet: { compression: "zstd" } });
 */
export async function writeTable(path: string, table: Table, options: WriteTableOptions = {}): Promise<void> {
  requirePath("writeTable", "path", path, '"out/sales.parquet"');
  requireArrowTable("writeTable", "table", table);
  requireOptions("writeTable", "options", options, WRITE_TABLE_OPTION_KEYS, '{ format: "csv" }');
  requireOptions("writeTable", "options.csv", options.csv, WRITE_CSV_OPTION_KEYS, `{ delimiter: ";" }`);
  checkParquetOptions("writeTable", "options.parquet", options.parquet);
  const format = tableFormatFor("writeTable", path, options.format, "options.format");
  await writeFileAtomic(path, contentOf(table, format, options), { where: "writeTable" });
}

function contentOf(table: Table, format: TableFormat, options: WriteTableOptions): FileContent {
  switch (format) {
    case "arrow":
      return tableToIPC(table, "file");
    case "arrows":
      return tableToIPC(table, "stream");
    case "csv":
      return tableToCsvChunks(table, options.csv);
    case "json":
      return tableToJsonChunks(table);
    case "parquet":
      return parquetChunks(table, options.parquet);
  }
}

/** Encodes inside the write, so an encoding error is reported like any other write failure. */
async function* parquetChunks(table: Table, options: WriteParquetOptions | undefined): AsyncGenerator<Uint8Array> {
  yield await tableToParquet(table, options);
}
