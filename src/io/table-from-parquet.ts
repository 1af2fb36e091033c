import { tableFromIPC, type Table } from "apache-arrow";
import { invalidArgument } from "../errors/index.ts";
import { parquetWasmModule } from "./parquet-wasm-module.ts";

/**
 * An Arrow Table from Parquet bytes, via parquet-wasm (decoded in WebAssembly, handed over as
 * Arrow IPC). Column types survive a round trip through {@link tableToParquet}.
 * @throws FuncflowError `invalid_argument` when `bytes` is not a Uint8Array.
 * @throws Error from parquet-wasm for bytes that are not Parquet (`readTable` wraps it as `io_failed`).
 * @example const table = await tableFromParquet(await readFile("sales.parquet"));
 */
export async function tableFromParquet(bytes: Uint8Array): Promise<Table> {
  if (!(bytes instanceof Uint8Array)) throw invalidArgument("tableFromParquet", "bytes", bytes, "the Parquet file's bytes as a Uint8Array (or Buffer)", "Read a file with readTable(path).");
  const { readParquet } = await parquetWasmModule();
  const wasmTable = readParquet(bytes);
  // intoIPCStream() frees the WebAssembly table, so nothing is left to free afterwards.
  return tableFromIPC(wasmTable.intoIPCStream());
}
