/**
 * funcflow/io: reading and writing Arrow tables as Arrow IPC (file and stream), CSV, JSON and
 * Parquet. Every write is atomic (temporary file + rename). Loads apache-arrow; parquet-wasm is
 * loaded on the first Parquet read or write. Never loads danfo.
 *
 * Streaming: every format can be read one record batch at a time, memory holding about one
 * batch whatever the file's size. `readArrowBatches` reads an Arrow IPC file or stream
 * (random access for the file format), `readParquetBatches` decodes Parquet through a Blob,
 * `readCsvBatches` and `readJsonBatches` (one array of records, or JSON Lines) parse text as it is
 * read, with one schema per file (given, or read from the first batch). `readTable` reads a whole
 * file. Every writer takes a whole Table (CSV and JSON are written in row chunks, so the output
 * text is never one string; Arrow IPC and Parquet are encoded in memory first).
 */
// Listed, not `export *`: io/index.ts also holds what other folders use and users do not.
export {
  readTable,
  writeTable,
  readArrowBatches,
  readParquetBatches,
  readCsvBatches,
  DEFAULT_BATCH_ROWS,
  readJsonBatches,
  readJson,
  writeJson,
  tableFromCsv,
  CSV_COLUMN_TYPES,
  csvTypesProblem,
  tableToCsv,
  tableToCsvChunks,
  scanCsv,
  CsvScanner,
  tableFromJsonRecords,
  tableToJsonChunks,
  tableFromParquet,
  tableToParquet,
  tableFormatOf,
  writeFileAtomic,
} from "./io/index.ts";
export type {
  ReadTableOptions,
  WriteTableOptions,
  ReadParquetBatchesOptions,
  ReadCsvBatchesOptions,
  ReadJsonBatchesOptions,
  WriteJsonOptions,
  ReadCsvOptions,
  CsvColumnType,
  WriteCsvOptions,
  CsvFieldVisitor,
  WriteParquetOptions,
  ParquetCompression,
  TableFormat,
  FileContent,
  WriteFileAtomicOptions,
} from "./io/index.ts";
