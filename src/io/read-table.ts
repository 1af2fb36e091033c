import { tableFromIPC, type Table } from "apache-arrow";
import { ioFailed } from "./io-failed.ts";
import { readFileBytes } from "./read-file-bytes.ts";
import { tableFormatFor, type TableFormat } from "./table-format.ts";
import { csvNullMarkers } from "./csv-null-values.ts";
import { READ_CSV_OPTION_KEYS, tableFromCsv, type ReadCsvOptions } from "./table-from-csv.ts";
import { tableFromJsonRecords } from "./table-from-json-records.ts";
import { tableFromParquet } from "./table-from-parquet.ts";
import { optionKeys, requirePath, requireOptions } from "../errors/index.ts";

/** Options for {@link readTable}. */
export interface ReadTableOptions {
  /** The file's format; taken from the extension when absent. */
  readonly format?: TableFormat;
  /** CSV options (delimiter, type inference, `nullValues`…), as `tableFromCsv` takes them. */
  readonly csv?: Omit<ReadCsvOptions, "source">;
}

/** The keys of ReadTableOptions, checked against the interface by the compiler. */
export const READ_TABLE_OPTION_KEYS = optionKeys<ReadTableOptions>({ format: true, csv: true });


/**
 * Reads the whole file at `path` into an Arrow Table: Arrow IPC (file or stream), CSV (header
 * row, inferred types), JSON (an array of records) or Parquet. For files larger than memory use
 * `readArrowBatches` or `readParquetBatches`.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string or `options` not a plain object.
 * @throws FuncflowError `io_failed` naming `path` when it is missing, unreadable, empty (0 bytes) or malformed;
 *   `invalid_argument` when the format cannot be told from the extension; `type_mismatch` for
 *   JSON that is not an array of records.
 * @example const sales = await readTable("data/sales.csv");
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  requirePath("readTable", "path", path, '"data/sales.csv"');
  requireOptions("readTable", "options", options, READ_TABLE_OPTION_KEYS, '{ format: "csv" }');
  requireOptions("readTable", "options.csv", options.csv, READ_CSV_OPTION_KEYS.filter((key) => key !== "source"), `{ delimiter: ";" }`);
  // Checked here, not only by tableFromCsv: its errors inside the read below would name the file, not the option.
  csvNullMarkers("readTable", "options.csv.nullValues", options.csv?.nullValues);
  const format = tableFormatFor("readTable", path, options.format, "options.format");
  const bytes = await readFileBytes(path, "readTable");
  try {
    // An empty file is not an empty table: Arrow's reader would say it is, and hide a failed write.
    if (bytes.byteLength === 0) throw new Error(`the file is empty (0 bytes), not ${format === "csv" ? "CSV with a header row" : `a ${format} file`}`);
    switch (format) {
      case "arrow":
      case "arrows":
        return tableFromIPC(bytes);
      case "parquet":
        return await tableFromParquet(bytes);
      case "csv":
        return tableFromCsv(new TextDecoder().decode(bytes), { ...options.csv, source: path });
      case "json":
        return tableFromJsonRecords(JSON.parse(new TextDecoder().decode(bytes)), path);
    }
  } catch (error) {
    throw ioFailed("readTable", `reading ${format} from`, path, error);
  }
}
