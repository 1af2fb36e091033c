import { tableToIPC, type Table } from "apache-arrow";
import { requireArrowTable } from "../adapters/arrow/index.ts";
import { optionKeys, rejectUnknownKeys, requireOptionalRecord } from "../errors/index.ts";
import { parquetWasmModule } from "./parquet-wasm-module.ts";

/** Parquet compression codecs parquet-wasm writes. */
export type ParquetCompression = "uncompressed" | "snappy" | "gzip" | "brotli" | "lz4" | "zstd";

/** Options for writing Parquet. */
export interface WriteParquetOptions {
  /** Default `"snappy"`. */
  readonly compression?: ParquetCompression;
  /** Rows per row group (the unit a reader can skip or stream); parquet-wasm's default otherwise. */
  readonly rowGroupSize?: number;
}

/** The keys of WriteParquetOptions, checked against the interface by the compiler. */
export const WRITE_PARQUET_OPTION_KEYS = optionKeys<WriteParquetOptions>({ compression: true, rowGroupSize: true });


/**
 * Parquet bytes for `table`, via parquet-wasm (the table crosses into WebAssembly as Arrow IPC).
 * @throws FuncflowError `type_mismatch` when `table` is not an Arrow Table.
 * @throws Error from parquet-wasm for a table it cannot encode (`writeTable` wraps it as `io_failed`).
 * @example await writeFile("sales.parquet", await tableToParquet(table, { compression: "zstd" }));
 */
export async function tableToParquet(table: Table, options: WriteParquetOptions = {}): Promise<Uint8Array> {
  requireArrowTable("tableToParquet", "table", table);
  requireOptionalRecord("tableToParquet", "options", options, '{ compression: "zstd" }');
  rejectUnknownKeys("tableToParquet", "options", options, WRITE_PARQUET_OPTION_KEYS);
  const parquet = await parquetWasmModule();
  let builder = new parquet.WriterPropertiesBuilder().setCompression(COMPRESSION[options.compression ?? "snappy"](parquet));
  if (options.rowGroupSize !== undefined) builder = builder.setMaxRowGroupSize(options.rowGroupSize);
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, "stream"));
  // writeParquet takes ownership of both wasm objects and frees them.
  return parquet.writeParquet(wasmTable, builder.build());
}

type ParquetWasm = Awaited<ReturnType<typeof parquetWasmModule>>;

const COMPRESSION: Readonly<Record<ParquetCompression, (parquet: ParquetWasm) => number>> = {
  uncompressed: (parquet) => parquet.Compression.UNCOMPRESSED,
  snappy: (parquet) => parquet.Compression.SNAPPY,
  gzip: (parquet) => parquet.Compression.GZIP,
  brotli: (parquet) => parquet.Compression.BROTLI,
  lz4: (parquet) => parquet.Compression.LZ4_RAW,
  zstd: (parquet) => parquet.Compression.ZSTD,
};
