/**
 * Temporary files of atomic writes: `.<target name>.<pid>.<12 hex>.tmp` beside their target (a
 * file, or the staging folder of a file set).
 * A process killed mid-write (kill -9, a crash, power loss) leaves its temporary behind; the
 * next write into the same folder removes every such file whose writer is gone (its pid no
 * longer runs) or that is older than an hour (the pid was reused), and leaves alone those a
 * live process is still writing.
 */
import { randomBytes } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;
const STALE_AFTER_MS = 60 * 60 * 1000;

/** A fresh temporary path beside `path`, hidden, named after it and this process. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Removes stale temporaries in the folder of `path` (see the file comment). Never throws: a
 * folder that cannot be listed only keeps its leftovers.
 */
export async function removeStaleTemporaries(path: string): Promise<void> {
  const folder = dirname(path);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  const now = Date.now();
  await Promise.all(
    names.map(async (name) => {
      const match = TEMPORARY.exec(name);
      if (match === null) return;
      const pid = Number(match[1]);
      const file = join(folder, name);
      try {
        if (isProcessRunning(pid) && now - (await lastWritten(file)) < STALE_AFTER_MS) return;
        await rm(file, { recursive: true, force: true });
      } catch {
        // Gone already (its writer renamed it), or not ours to remove.
      }
    }),
  );
}

/**
 * When a temporary was last written to: a file's own time, or for a file set's staging folder
 * the newest of its files' (a folder's time changes when a file is created in it, not while
 * the file is written, so a live set's long write would look stale).
 */
async function lastWritten(path: string): Promise<number> {
  const stats = await stat(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const name of await readdir(path)) newest = Math.max(newest, (await stat(join(path, name))).mtimeMs);
  return newest;
}

/** Whether the process `pid` runs (this one always does; one of another user counts). */
export function isProcessRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM"; // alive, owned by another user
  }
}
