/**
 * What an all-or-none write must leave unchanged when it fails: every file and folder under a
 * root, by path relative to it, with each file's bytes.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** `{ "a.json": "<bytes>", "sub": "<folder>", "sub/b.json": "<bytes>" }` for the tree under `root`. */
export async function folderSnapshot(root: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name).slice(root.length + 1);
    entries[path] = entry.isDirectory() ? "<folder>" : await readFile(join(root, path), "utf8");
  }
  return entries;
}
