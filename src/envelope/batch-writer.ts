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
export async function writeBatches(path: string, batches: AsyncIterable<RecordBatch>, formatPath = path): Promise<void> {
  const format = tableFormatOf(formatPath);
  if (format === "arrow" || format === "arrows") return writeArrow(path, batches, format === "arrow");
  if (format === "csv") return writeCsv(path, batches);
  if (format === "parquet") return writeParquet(path, batches);
  throw new FuncflowError("invalid_argument", `${formatPath}: a batch job writes .parquet, .arrow, .arrows or .csv, not ${format}. Pick one of those extensions.`, { details: { file: formatPath } });
}

async function writeArrow(path: string, batches: AsyncIterable<RecordBatch>, fileFormat: boolean): Promise<void> {
  const writer = fileFormat ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  const flushed = pipeline(writer.toNodeStream(), createWriteStream(path));
  try {
    for await (const batch of batches) writer.write(batch);
  } finally {
    writer.finish();
    await flushed;
  }
}

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

async function writeParquet(path: string, batches: AsyncIterable<RecordBatch>): Promise<void> {
  const parquet = await import("parquet-wasm");
  const iterator = batches[Symbol.asyncIterator]();
  const source = new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
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
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).build();
  const bytes = (await parquet.transformParquetStream(source, properties)) as ReadableStream<Uint8Array>;
  await pipeline(Readable.fromWeb(bytes as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(path));
}
