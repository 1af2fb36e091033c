import { RecordBatchReader, type RecordBatch } from "apache-arrow";
import { open } from "node:fs/promises";
import { ioFailed } from "./io-failed.ts";
import { requirePath } from "../errors/index.ts";

/**
 * The record batches of an Arrow IPC file or stream, one at a time, without reading the whole
 * file first: the format is detected from the file's first bytes; the file format is read by
 * random access (footer, then each batch), the stream format sequentially. Memory holds one
 * batch at a time, so a file larger than memory can be processed batch by batch.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string.
 * @throws FuncflowError `io_failed` naming `path` when it cannot be opened, is empty or is not Arrow IPC.
 * @example for await (const batch of readArrowBatches("events.arrows")) total += batch.numRows;
 */
export async function* readArrowBatches(path: string): AsyncGenerator<RecordBatch> {
  requirePath("readArrowBatches", "path", path, '"data/events.arrow"');
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    if ((await handle.stat()).size === 0) throw new Error("the file is empty (0 bytes), not Arrow IPC");
    const reader = await RecordBatchReader.from(handle);
    for await (const batch of reader) yield batch;
  } catch (error) {
    throw ioFailed("readArrowBatches", "reading", path, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
