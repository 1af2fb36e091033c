import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { ioFailed } from "./io-failed.ts";

/** Bytes read at a time: large enough that per-chunk work is negligible, small beside a batch. */
const CHUNK_BYTES = 1 << 20;

/**
 * The UTF-8 text of the file at `path` in chunks (a character split between two reads is kept
 * whole), so a text file larger than memory can be parsed as it is read.
 * @param where The caller, for the message prefix.
 * @throws FuncflowError `io_failed` naming `path` when it cannot be read or is empty (0 bytes:
 *   an empty file is more likely a failed write than an empty table).
 * @example for await (const text of readTextChunks("big.csv", "readCsvBatches")) scanner.push(text);
 */
export async function* readTextChunks(path: string, where: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string> {
  try {
    if ((await stat(path)).size === 0) throw new Error("the file is empty (0 bytes)");
  } catch (error) {
    throw ioFailed(where, "reading", path, error);
  }
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (error) {
    throw ioFailed(where, "reading", path, error);
  } finally {
    stream.destroy();
  }
}
