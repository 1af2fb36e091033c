import { tableFromIPC, type Table } from "apache-arrow";
import { parquetWasmModule } from "./parquet-wasm-module.ts";

/**
 * An Arrow Table from Parquet bytes, via parquet-wasm (decoded in WebAssembly, handed over as
 * Arrow IPC). Column types survive a round trip through {@link tableToParquet}.
 * @throws Error from parquet-wasm for bytes that are not Parquet (`readTable` wraps it as `io_failed`).
 * @example const table = await tableFromParquet(await readFile("sales.parquet"));
 */
export async function tableFromParquet(bytes: Uint8Array): Promise<Table> {
  const { readParquet } = await parquetWasmModule();
  const wasmTable = readParquet(bytes);
  // intoIPCStream() frees the WebAssembly table, so nothing is left to free afterwards.
  return tableFromIPC(wasmTable.intoIPCStream());
}
