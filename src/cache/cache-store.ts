/**
 * Where cache entries live. The default is a folder on disk: `<dir>/<node>/<key>.entry`, plus
 * `<dir>/<node>/last.json` describing the node's last stored entry (to explain a miss). Every
 * write goes to a temporary file in the same folder, then is renamed over the target: rename is
 * atomic, so a reader sees the old file or the whole new one, and a process killed mid-write
 * leaves only a `.tmp` file, which is never read and which the next write into that folder
 * removes once its writer's pid is gone or it is an hour old (see `removeStaleTemporaries`). Node names and keys
 * are encoded into file names (`safeFileName`), so no name can reach outside the folder.
 *
 * Each entry also gets a seal, `<key>.seal`: the file's identity (device, inode, size,
 * modification and change times) as its writer left it. While the identity is unchanged, the
 * bytes are the ones written and their checksum need not be computed again (for a second run
 * reading 150 MB of columns, the checksum cost as much as the read). Any write to the file, or
 * any replacement of it, changes its change time (which no process can set back), so the
 * entry is then checked whole. As git does for its index, the seal is taken only once the
 * clock has moved past the write, so a change made just after cannot share its timestamp;
 * file systems with whole-second timestamps get no seal, and their entries are always checked.
 */
import * as fs from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { requirePath } from "../errors/index.ts";
import { removeStaleTemporaries, safeFileName, temporaryPathFor } from "../files/index.ts";

/** An entry as read back. */
export interface StoredEntry {
  readonly bytes: Uint8Array;
  /**
   * True when the store can vouch that the bytes are exactly those written (the file is
   * untouched since), so their checksum need not be computed again; false checks them whole.
   */
  readonly untouched: boolean;
}

/** A cache's storage: entries by node and key, and one note per node. */
export interface CacheStore {
  /** The entry, or undefined when there is none. */
  read(node: string, key: string): Promise<StoredEntry | undefined>;
  /** True when an entry exists (its contents are checked only when read). */
  has(node: string, key: string): Promise<boolean>;
  /** Stores an entry atomically. */
  write(node: string, key: string, bytes: Uint8Array): Promise<void>;
  readNote(node: string): Promise<string | undefined>;
  writeNote(node: string, text: string): Promise<void>;
}

/** A file's bytes and its identity (see `identify`) when it was read. */
export interface FileContents {
  readonly bytes: Uint8Array;
  readonly identity: string;
}

/** The file operations the disk store uses; replaceable so tests can fail or stop a write midway. */
export interface CacheFileOps {
  readFile(path: string): Promise<FileContents>;
  /** Device, inode, size, modification and change times, or undefined when the file is gone. */
  identify(path: string): Promise<string | undefined>;
  exists(path: string): Promise<boolean>;
  writeFile(path: string, bytes: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeFileOps: CacheFileOps = {
  readFile: readWhole,
  identify: (path) => fs.stat(path, { bigint: true }).then(identityOf, () => undefined),
  exists: (path) => fs.access(path).then(() => true, () => false),
  writeFile: (path, bytes) => fs.writeFile(path, bytes, { flag: "wx" }),
  rename: (from, to) => fs.rename(from, to),
  remove: (path) => fs.rm(path, { force: true }),
  mkdir: async (path) => void (await fs.mkdir(path, { recursive: true })),
};

/**
 * How long after a write its seal is taken: longer than one tick of the kernel clock that
 * stamps files (1–10 ms), so a later change gets a later change time.
 */
export const SEAL_DELAY_MS = 25;

/**
 * A cache store in the folder `dir`: the one `withCache({ dir })` uses. Public so that a store of
 * one's own (in memory, say) can copy its entries into a folder that a later
 * `withCache({ dir })` reads, as Hamilton's `result_store.persist_to(FileResultStore(path))` does.
 * @example const store = diskStore(".funcflow/cache");
 */
export function diskStore(dir: string, files: CacheFileOps = nodeFileOps): CacheStore {
  // Public since a user's own store may persist to disk through it: checked before any path is joined.
  requirePath("diskStore", "dir", dir, '".funcflow-cache"');
  // Names are encoded: a node called "../../escaped" must not write outside `dir`.
  const entryPath = (node: string, key: string) => join(dir, safeFileName(node), `${safeFileName(key)}.entry`);
  const sealPath = (node: string, key: string) => join(dir, safeFileName(node), `${safeFileName(key)}.seal`);
  const notePath = (node: string) => join(dir, safeFileName(node), "last.json");
  const read = async (path: string) => {
    try {
      return await files.readFile(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return undefined;
      throw error;
    }
  };
  const readText = async (path: string) => {
    const contents = await read(path);
    return contents === undefined ? undefined : new TextDecoder().decode(contents.bytes);
  };
  return {
    read: async (node, key) => {
      const [entry, seal] = await Promise.all([read(entryPath(node, key)), readText(sealPath(node, key)).catch(() => undefined)]);
      return entry === undefined ? undefined : { bytes: entry.bytes, untouched: seal === entry.identity };
    },
    has: (node, key) => files.exists(entryPath(node, key)),
    write: async (node, key, bytes) => {
      const path = entryPath(node, key);
      await writeAtomically(files, path, bytes);
      await seal(files, path, sealPath(node, key));
    },
    readNote: (node) => readText(notePath(node)),
    writeNote: (node, text) => writeAtomically(files, notePath(node), text),
  };
}

/** Records the entry's identity once the clock has moved on, if nothing touched it meanwhile. */
async function seal(files: CacheFileOps, entry: string, sealFile: string): Promise<void> {
  const written = await files.identify(entry);
  await sleep(SEAL_DELAY_MS);
  const settled = await files.identify(entry);
  if (written === undefined || settled !== written || hasWholeSecondTimes(settled)) return;
  // Without a seal the entry is simply checked whole, so a failure here is not an error.
  await writeAtomically(files, sealFile, settled).catch(() => undefined);
}

function identityOf(stats: import("node:fs").BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/** Whole-second times (FAT, ext3, some network shares) are too coarse to tell writes apart. */
function hasWholeSecondTimes(identity: string): boolean {
  const [, , , mtimeNs, ctimeNs] = identity.split(":");
  return mtimeNs!.endsWith("000000000") && ctimeNs!.endsWith("000000000");
}

/**
 * A file's bytes in one read into a buffer of its size, with the identity of the file read
 * (taken from the open handle before and after, so it describes these bytes even if the path
 * is replaced meanwhile).
 * `fs.readFile` reads in 512 KiB pieces, one thread-pool round trip each.
 */
async function readWhole(path: string): Promise<FileContents> {
  const file = await fs.open(path, "r");
  try {
    const stats = await file.stat({ bigint: true });
    const size = Number(stats.size);
    // Not pooled: the bytes live as long as the value read from them, and typed arrays view them.
    const bytes = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await file.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break; // the file shrank since stat: the entry's length check rejects it
      filled += bytesRead;
    }
    // A file changed while it was read gets no identity, so it cannot match its seal.
    const identity = identityOf(stats) === identityOf(await file.stat({ bigint: true })) ? identityOf(stats) : "";
    return { bytes: filled === size ? bytes : bytes.subarray(0, filled), identity };
  } finally {
    await file.close();
  }
}

async function writeAtomically(files: CacheFileOps, path: string, bytes: Uint8Array | string): Promise<void> {
  await files.mkdir(dirname(path));
  // Temporaries a killed process left beside this target are removed by the next write.
  if (files === nodeFileOps) await removeStaleTemporaries(path);
  const temporary = temporaryPathFor(path);
  try {
    await files.writeFile(temporary, bytes);
    await files.rename(temporary, path);
  } catch (error) {
    await files.remove(temporary).catch(() => undefined);
    throw error;
  }
}
