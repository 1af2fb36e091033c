/**
 * Scratch folders and what is in them, for tests that check a failed write left every file as it
 * was: `snapshot` before and after must be equal.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A `freshFolder()` making new temporary folders with `prefix`, all removed after the file's tests. */
export function scratchFolders(prefix: string): () => Promise<string> {
  const roots: string[] = [];
  afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));
  return async () => {
    const root = await mkdtemp(join(tmpdir(), prefix));
    roots.push(root);
    return root;
  };
}

/** Every file and folder under `root`, with each file's bytes: what a failed write must not change. */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name).slice(root.length + 1);
    entries[path] = entry.isDirectory() ? "<folder>" : await readFile(join(root, path), "utf8");
  }
  return entries;
}
