/**
 * Locks that keep two file sets from moving their files onto the same targets at once. Each set
 * moves its files one rename at a time, so two sets committing together onto overlapping targets
 * could leave a mix (some targets from one, some from the other) that neither set wrote. A set
 * holds a lock on each of its targets while it moves its files in (and puts them back on a
 * failure), so sets on overlapping targets commit one after the other and the folder ends as if
 * they had run in turn.
 *
 * A lock is the file `.<target name>.lock` beside the target, created exclusively (`wx`), holding
 * its owner's pid and a random token. Locks are taken in one order (by the target's real path), so
 * two sets never each wait for a lock the other holds. A lock whose owner is gone (a writer killed
 * mid-commit) is broken by the next writer of that target, or removed by the next set staging a
 * file in its folder (`removeStaleLocks`): its pid no longer runs, or it is older than a commit
 * could take (its pid was reused). A file of that name holding something else is another tool's:
 * a set refuses to wait for it or remove it, and names it.
 */
import { randomBytes } from "node:crypto";
import { link, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isProcessRunning, temporaryPathFor } from "./stale-temporaries.ts";

/** A commit only renames files; a lock this old is a leftover whose pid another process now has. */
const STALE_LOCK_MS = 5 * 60 * 1000;
/** A lock's name and content: what a file must be for a sweep to touch it (another tool's `.x.lock` is not ours). */
const LOCK_NAME = /^\..+\.lock$/;
const LOCK_CONTENT = /^\d+\n[0-9a-f]{16}\n$/;
/** What a lock holds from its first line on: its owner's pid (a writer waiting for it reads no more). */
const LOCK_OWNER = /^\d+\n/;

/** The lock file of the target whose real path (see `sameFileKey`) is `file`. */
export function lockPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.lock`);
}

/** Another tool's file has the name of a target's lock: it is neither waited for nor removed. */
export class ForeignLockError extends Error {
  /** The target (real path) whose lock could not be taken. */
  readonly file: string;
  readonly lock: string;

  constructor(file: string, lock: string) {
    super(`${lock} holds no funcflow writer's pid, so it is another tool's file in the way of the lock taken while the file is replaced; move or remove it, or write the file elsewhere`);
    this.name = "ForeignLockError";
    this.file = file;
    this.lock = lock;
  }
}

/**
 * Takes the lock of every file in `files` (real paths, see `sameFileKey`), waiting for other
 * writers' locks to be released, and returns the function that releases them all.
 * @throws ForeignLockError when another tool's file has a lock's name (it would otherwise be
 *   waited for, then removed as stale).
 * @example const release = await lockTargets(["/out/a.csv"]); try { … } finally { await release(); }
 */
export async function lockTargets(files: readonly string[]): Promise<() => Promise<void>> {
  const token = `${process.pid}\n${randomBytes(8).toString("hex")}\n`;
  const held: string[] = [];
  // Only a lock still holding this token is removed: one broken as stale while held (its owner
  // paused past STALE_LOCK_MS) may be another writer's by now, and removing it would let a third in.
  const release = async () => {
    await Promise.all(held.map(async (lock) => ((await readFile(lock, "utf8").catch(() => undefined)) === token ? rm(lock, { force: true }).catch(() => undefined) : undefined)));
  };
  try {
    for (const file of [...new Set(files)].sort()) {
      const lock = lockPathFor(file);
      await acquire(file, lock, token);
      held.push(lock);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return release;
}

/**
 * Removes the locks in `folder` whose owner is gone (see the file comment), so a writer killed
 * mid-commit leaves no lock for long beside targets no later set writes. Never throws.
 * @example await removeStaleLocks("/out");
 */
export async function removeStaleLocks(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => LOCK_NAME.test(name)).map((name) => breakIfStale(join(folder, name), true).catch(() => undefined)));
}

async function acquire(file: string, lock: string, token: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, "wx");
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await breakIfStale(lock, false, file)) continue;
    // Another set is committing onto this target: a commit is short, wait a little.
    await new Promise((wake) => setTimeout(wake, Math.min(2 + attempt, 25) * (0.5 + Math.random())));
  }
}

/**
 * Removes `lock` when its owner is gone; true when it was removed (or was gone already). The lock
 * is first renamed aside and read again there, so a lock another writer took in the meantime
 * (after this one read the dead owner's) is put back rather than removed.
 */
async function breakIfStale(lock: string, sweeping: boolean, target?: string): Promise<boolean> {
  const seen = await ownerOf(lock, sweeping);
  if (seen === undefined) return true; // released between the attempt and now
  if (seen.foreign && target !== undefined) throw new ForeignLockError(target, lock);
  if (!seen.stale) return false;
  // A temporary's name: if this process dies before removing it, the next sweep does.
  const aside = temporaryPathFor(lock);
  try {
    await rename(lock, aside);
  } catch {
    return true; // another writer broke it first
  }
  const taken = await readFile(aside, "utf8").catch(() => "");
  if (taken !== seen.text) await link(aside, lock).catch(() => undefined); // a live lock: back it goes
  await rm(aside, { force: true });
  return true;
}

/**
 * What `lock` holds, whether its owner is gone, and whether it is another tool's file (text that
 * does not start with a pid). An empty lock is being written by its owner right now, unless it
 * has been so for long; a sweep of a folder leaves alone any file not holding a pid and token
 * (another tool's `.x.lock` is not ours).
 */
async function ownerOf(lock: string, sweeping: boolean): Promise<{ readonly text: string; readonly stale: boolean; readonly foreign: boolean } | undefined> {
  let text: string;
  let age: number;
  try {
    [text, age] = await Promise.all([readFile(lock, "utf8"), stat(lock).then((stats) => Date.now() - stats.mtimeMs)]);
  } catch {
    return undefined;
  }
  if (sweeping && !LOCK_CONTENT.test(text)) return { text, stale: false, foreign: true };
  if (text === "") return { text, stale: age > STALE_LOCK_MS, foreign: false };
  if (!LOCK_OWNER.test(text)) return { text, stale: false, foreign: true };
  const pid = Number.parseInt(text, 10);
  return { text, stale: !isProcessRunning(pid) || age > STALE_LOCK_MS, foreign: false };
}
