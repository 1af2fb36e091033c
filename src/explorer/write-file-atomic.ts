/**
 * Whole-or-nothing file writes: a temporary file beside the target, renamed into place, so a
 * reader (the UI listing runs) never sees half a file.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { FuncflowError } from "../errors/index.ts";

/** The suffix temporary files carry, so listings can leave them out. */
export const TEMPORARY_SUFFIX = ".tmp";

/**
 * Writes `content` to `path`, creating its folder.
 * @throws FuncflowError `io_failed` naming `path`.
 * @example await writeFileAtomic(".funcflow/runs/r1.json", json);
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(6).toString("hex")}${TEMPORARY_SUFFIX}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    // The temporary file may never have been made (e.g. the folder is a file): nothing to remove then.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new FuncflowError("io_failed", `${path}: writing failed: ${error instanceof Error ? error.message : String(error)}. Check that the folder is writable.`, {
      cause: error,
      details: { path },
    });
  }
}
