import { readFile } from "node:fs/promises";
import { ioFailed } from "./io-failed.ts";

/**
 * The bytes of the file at `path`.
 * @param where The caller, for the message prefix.
 * @throws FuncflowError `io_failed` naming `path` (`details.systemCode` is e.g. `ENOENT`).
 * @example const bytes = await readFileBytes("data/sales.parquet", "readTable");
 */
export async function readFileBytes(path: string, where = "readFileBytes"): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw ioFailed(where, "reading", path, error);
  }
}
