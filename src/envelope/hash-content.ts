/** The content hash of an envelope: its id. */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/**
 * Every file under `dir`, as relative POSIX paths, sorted.
 * @example await listFiles("envelope/content") // ["code/pipeline.mjs", "dag.dot", …]
 */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/**
 * The sha256 of a folder's files: each file's path and the hash of its bytes, in path order, so a
 * changed, added, removed or renamed file changes it.
 * @example const id = await hashContent("envelope/content");
 */
export async function hashContent(dir: string): Promise<string> {
  const outer = createHash("sha256");
  for (const path of await listFiles(dir)) {
    const inner = createHash("sha256").update(await readFile(join(dir, path))).digest("hex");
    outer.update(`${path}\0${inner}\n`);
  }
  return outer.digest("hex");
}

/** The sha256 of bytes, as hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
