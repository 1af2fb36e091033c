/**
 * Loads parquet-wasm on first use, so importing funcflow's I/O costs nothing until a Parquet file
 * is touched. The package ships its wasm binary and reads it from disk: no network needed.
 */
type ParquetWasm = typeof import("parquet-wasm");

let loading: Promise<ParquetWasm> | undefined;

/**
 * The parquet-wasm module, loaded once.
 * @example const { readParquet } = await parquetWasmModule();
 */
export function parquetWasmModule(): Promise<ParquetWasm> {
  loading ??= import("parquet-wasm");
  return loading;
}
