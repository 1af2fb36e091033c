/**
 * Where cache entries live. The default is a folder on disk: `<dir>/<node>/<key>.entry`, plus
 * `<dir>/<node>/last.json` describing the node's last stored entry (to explain a miss). Every
 * write goes to a temporary file in the same folder, then is renamed over the target: rename is
 * atomic, so a reader sees the old file or the whole new one, and a process killed mid-write
 * leaves only a `.tmp` file, which is never read.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import { dirname, join } from "node:path";

/** A cache's storage: entries by node and key, and one note per node. */
export interface CacheStore {
  /** The entry's bytes, or undefined when there is none. */
  read(node: string, key: string): Promise<Uint8Array | undefined>;
  /** True when an entry exists (its contents are checked only when read). */
  has(node: string, key: string): Promise<boolean>;
  /** Stores an entry atomically. */
  write(node: string, key: string, bytes: Uint8Array): Promise<void>;
  readNote(node: string): Promise<string | undefined>;
  writeNote(node: string, text: string): Promise<void>;
}

/** The file operations the disk store uses; replaceable so tests can fail or stop a write midway. */
export interface CacheFileOps {
  readFile(path: string): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  writeFile(path: string, bytes: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeFileOps: CacheFileOps = {
  readFile: (path) => fs.readFile(path),
  exists: (path) => fs.access(path).then(() => true, () => false),
  writeFile: (path, bytes) => fs.writeFile(path, bytes, { flag: "wx" }),
  rename: (from, to) => fs.rename(from, to),
  remove: (path) => fs.rm(path, { force: true }),
  mkdir: async (path) => void (await fs.mkdir(path, { recursive: true })),
};

/**
 * A cache store in the folder `dir`.
 * @example const store = diskStore(".funcflow/cache");
 */
export function diskStore(dir: string, files: CacheFileOps = nodeFileOps): CacheStore {
  const entryPath = (node: string, key: string) => join(dir, node, `${key}.entry`);
  const notePath = (node: string) => join(dir, node, "last.json");
  const read = async (path: string) => {
    try {
      return await files.readFile(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return undefined;
      throw error;
    }
  };
  return {
    read: (node, key) => read(entryPath(node, key)),
    has: (node, key) => files.exists(entryPath(node, key)),
    write: (node, key, bytes) => writeAtomically(files, entryPath(node, key), bytes),
    readNote: async (node) => {
      const bytes = await read(notePath(node));
      return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
    },
    writeNote: (node, text) => writeAtomically(files, notePath(node), text),
  };
}

async function writeAtomically(files: CacheFileOps, path: string, bytes: Uint8Array | string): Promise<void> {
  await files.mkdir(dirname(path));
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await files.writeFile(temporary, bytes);
    await files.rename(temporary, path);
  } catch (error) {
    await files.remove(temporary).catch(() => undefined);
    throw error;
  }
}
