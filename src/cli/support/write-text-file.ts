/**
 * Writes a file the CLI produces (manifest, typings, DOT, SVG, PNG) whole or not at all: a
 * temporary file beside it is renamed into place, so a reader never sees half of it.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { FuncflowError } from "../../errors/index.ts";

/**
 * Writes `content` to `path`, creating its folder.
 * @throws FuncflowError `io_failed` naming `path`.
 * @example await writeOutputFile("graph.svg", svg);
 */
export async function writeOutputFile(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    // The cleanup must never replace the real error (rm fails with ENOTDIR below a regular file too).
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new FuncflowError("io_failed", `${path}: writing failed: ${error instanceof Error ? error.message : String(error)}. Check that the folder is writable.`, {
      cause: error,
      details: { path },
    });
  }
}
