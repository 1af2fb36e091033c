import { tableToIPC, type Table } from "apache-arrow";
import { requireArrowTable } from "../adapters/arrow/index.ts";
import { invalidArgument, optionKeys, suggestNames, requireOptions } from "../errors/index.ts";
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
 * @throws FuncflowError `type_mismatch` when `table` is not an Arrow Table; `invalid_argument`
 *   for an unknown option, a compression parquet-wasm lacks or a rowGroupSize that is not an integer ≥ 1.
 * @throws Error from parquet-wasm for a table it cannot encode (`writeTable` wraps it as `io_failed`).
 * @example await writeFile("sales.parquet", await tableToParquet(table, { compression: "zstd" }));
 */
export async function tableToParquet(table: Table, options: WriteParquetOptions = {}): Promise<Uint8Array> {
  requireArrowTable("tableToParquet", "table", table);
  checkParquetOptions("tableToParquet", "options", options);
  const parquet = await parquetWasmModule();
  let builder = new parquet.WriterPropertiesBuilder().setCompression(COMPRESSION[options.compression ?? "snappy"](parquet));
  if (options.rowGroupSize !== undefined) builder = builder.setMaxRowGroupSize(options.rowGroupSize);
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, "stream"));
  // writeParquet takes ownership of both wasm objects and frees them.
  return parquet.writeParquet(wasmTable, builder.build());
}

/**
 * Asserts WriteParquetOptions, for tableToParquet and for writeTable's `options.parquet` (checked
 * there before anything is written). An unknown compression used to be a raw TypeError, and a
 * non-numeric rowGroupSize a WebAssembly "unreachable" RuntimeError.
 * @throws FuncflowError `invalid_argument` naming `<argument>.<key>`.
 */
export function checkParquetOptions(where: string, argument: string, options: unknown): asserts options is WriteParquetOptions | undefined {
  requireOptions(where, argument, options, WRITE_PARQUET_OPTION_KEYS, '{ compression: "zstd" }');
  if (options === undefined) return;
  const { compression, rowGroupSize } = options as WriteParquetOptions;
  if (compression !== undefined && !(typeof compression === "string" && Object.hasOwn(COMPRESSION, compression))) {
    const codecs = Object.keys(COMPRESSION);
    const near = typeof compression === "string" ? suggestNames(compression, codecs) : [];
    throw invalidArgument(where, `${argument}.compression`, compression, `one of ${codecs.join(", ")}`, near.length > 0 ? `Did you mean "${near[0]}"?` : "");
  }
  if (rowGroupSize !== undefined && !(Number.isSafeInteger(rowGroupSize) && rowGroupSize >= 1)) throw invalidArgument(where, `${argument}.rowGroupSize`, rowGroupSize, "an integer ≥ 1 such as 100000");
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
