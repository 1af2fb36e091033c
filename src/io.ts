/**
 * funcflow/io: reading and writing Arrow tables as Arrow IPC (file and stream), CSV, JSON and
 * Parquet. Every write is atomic (temporary file + rename). Loads apache-arrow; parquet-wasm is
 * loaded on the first Parquet read or write. Never loads danfo.
 *
 * Streaming: `readArrowBatches` reads an Arrow IPC file or stream one record batch at a time
 * (random access for the file format), and `readParquetBatches` decodes a Parquet file batch by
 * batch through a Blob. CSV and JSON are read whole (the text is decoded into memory, then
 * parsed), and every writer takes a whole Table (CSV and JSON are written in row chunks, so the
 * output text is never one string; Arrow IPC and Parquet are encoded in memory first).
 */
export * from "./io/index.ts";
