/**
 * Writing a table batch by batch, so a batch job never holds its whole output: Arrow IPC (file or
 * stream) through apache-arrow's writer, CSV in row chunks, Parquet through parquet-wasm's
 * streaming writer (row groups are flushed as they fill).
 */
import { createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { RecordBatchFileWriter, RecordBatchStreamWriter, Table, tableToIPC, type RecordBatch } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { tableFormatOf, tableToCsvChunks } from "../io/index.ts";

/**
 * Writes `batches` to `path` in the format its extension names (.arrow, .arrows, .csv, .parquet).
 * @throws FuncflowError `invalid_argument` for another format; errors of `batches` as they are.
 */
export async function writeBatches(path: string, batches: AsyncIterable<RecordBatch>, formatPath = path, rowGroupRows = 65_536): Promise<void> {
  const format = tableFormatOf(formatPath);
  if (format === "arrow" || format === "arrows") return writeArrow(path, batches, format === "arrow");
  if (format === "csv") return writeCsv(path, batches);
  if (format === "parquet") return writeParquet(path, batches, rowGroupRows);
  throw new FuncflowError("invalid_argument", `${formatPath}: a batch job writes .parquet, .arrow, .arrows or .csv, not ${format}. Pick one of those extensions.`, { details: { file: formatPath } });
}

async function writeArrow(path: string, batches: AsyncIterable<RecordBatch>, fileFormat: boolean): Promise<void> {
  const writer = fileFormat ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  const chunks = writer[Symbol.asyncIterator]();
  const handle = await open(path, "w");
  let pending = chunks.next();
  // Writes every chunk the writer has ready, waiting for the disk: the producer cannot run ahead
  // of the file, so memory holds about one batch. A read that is not ready yet loses the race to
  // an already-resolved promise and is kept for the next round.
  const drain = async (untilDone: boolean): Promise<void> => {
    for (;;) {
      const next = untilDone ? await pending : await Promise.race([pending, NOT_READY]);
      if (next === NOT_READY_VALUE) return;
      const result = next as IteratorResult<Uint8Array>;
      if (result.done) return;
      await handle.writeFile(result.value);
      pending = chunks.next();
    }
  };
  try {
    for await (const batch of batches) {
      writer.write(batch);
      await drain(false);
    }
    writer.finish();
    await drain(true);
  } finally {
    // Aborting settles the read still waiting for a chunk; it is not an error of its own.
    pending.catch(() => undefined);
    writer.abort();
    await handle.close();
  }
}

const NOT_READY_VALUE = Symbol("not ready");
const NOT_READY = Promise.resolve(NOT_READY_VALUE);

async function writeCsv(path: string, batches: AsyncIterable<RecordBatch>): Promise<void> {
  const handle = await open(path, "w");
  try {
    let first = true;
    for await (const batch of batches) {
      let skipping = !first;
      for (const chunk of tableToCsvChunks(new Table(batch))) {
        let text = chunk;
        if (skipping) {
          // Later batches repeat the header row: drop it.
          const newline = text.indexOf("\n");
          if (newline < 0) continue;
          text = text.slice(newline + 1);
          skipping = false;
        }
        await handle.writeFile(text);
      }
      first = false;
    }
  } finally {
    await handle.close();
  }
}

async function writeParquet(path: string, batches: AsyncIterable<RecordBatch>, rowGroupRows: number): Promise<void> {
  const parquet = await import("parquet-wasm");
  const iterator = batches[Symbol.asyncIterator]();
  // parquet-wasm reports a failing source as an opaque "Dyn casting error": keep the real one.
  let failure: unknown;
  const source = new ReadableStream({
    async pull(controller) {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await iterator.next();
      } catch (error) {
        failure = error;
        controller.error(error);
        return;
      }
      if (next.done) {
        controller.close();
        return;
      }
      const table = parquet.Table.fromIPCStream(tableToIPC(new Table(next.value), "stream"));
      for (const batch of table.recordBatches()) controller.enqueue(batch);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  // Row groups as large as a batch: the writer holds one row group in memory before flushing it (its default is 1M rows).
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).setMaxRowGroupSize(rowGroupRows).build();
  try {
    const bytes = (await parquet.transformParquetStream(source, properties)) as ReadableStream<Uint8Array>;
    await pipeline(Readable.fromWeb(bytes as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(path));
  } catch (error) {
    throw failure ?? error;
  }
  // parquet-wasm may end its output normally after its source failed mid-way (it did once two
  // row groups were written): the file then lacks rows, so the source's error decides.
  if (failure !== undefined) throw failure;
}
