import { tableFromIPC, type RecordBatch } from "apache-arrow";
import { openAsBlob } from "node:fs";
import type { ParquetFile } from "parquet-wasm";
import { ioFailed } from "./io-failed.ts";
import { parquetWasmModule } from "./parquet-wasm-module.ts";
import { optionKeys, requirePath, requireOptions } from "../errors/index.ts";

/** Options for {@link readParquetBatches}. */
export interface ReadParquetBatchesOptions {
  /** Rows per batch; parquet-wasm's default (1024) otherwise. Batches never span row groups. */
  readonly batchSize?: number;
  /** Read only these columns. */
  readonly columns?: readonly string[];
}

/** The keys of ReadParquetBatchesOptions, checked against the interface by the compiler. */
export const READ_PARQUET_BATCHES_OPTION_KEYS = optionKeys<ReadParquetBatchesOptions>({ batchSize: true, columns: true });


/**
 * The rows of a Parquet file as Arrow record batches, decoded one at a time: the file is opened
 * as a Blob and parquet-wasm reads only the byte ranges each row group needs.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string or `options` not a plain object.
 * @throws FuncflowError `io_failed` naming `path` when it cannot be opened or is not Parquet.
 * @example for await (const batch of readParquetBatches("big.parquet", { batchSize: 65536 })) process(batch);
 */
export async function* readParquetBatches(path: string, options: ReadParquetBatchesOptions = {}): AsyncGenerator<RecordBatch> {
  requirePath("readParquetBatches", "path", path, '"data/sales.parquet"');
  requireOptions("readParquetBatches", "options", options, READ_PARQUET_BATCHES_OPTION_KEYS, '{ batchSize: 65536, columns: ["price"] }');
  const parquet = await parquetWasmModule();
  let file: ParquetFile | undefined;
  try {
    file = await parquet.ParquetFile.fromFile(await openAsBlob(path));
    const stream = await file.stream({
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.columns === undefined ? {} : { columns: [...options.columns] }),
    });
    for await (const wasmBatch of stream as AsyncIterable<{ intoIPCStream(): Uint8Array }>) {
      yield* tableFromIPC(wasmBatch.intoIPCStream()).batches;
    }
  } catch (error) {
    throw ioFailed("readParquetBatches", "reading", path, error);
  } finally {
    file?.free();
  }
}
