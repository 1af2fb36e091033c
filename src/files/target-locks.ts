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
 * mid-commit) is broken by the next writer of that target: its pid no longer runs, or it is older
 * than a commit could take (its pid was reused).
 */
import { randomBytes } from "node:crypto";
import { link, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isProcessRunning } from "./stale-temporaries.ts";

/** A commit only renames files; a lock this old is a leftover whose pid another process now has. */
const STALE_LOCK_MS = 5 * 60 * 1000;

/** The lock file of the target whose real path (see `sameFileKey`) is `file`. */
export function lockPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.lock`);
}

/**
 * Takes the lock of every file in `files` (real paths, see `sameFileKey`), waiting for other
 * writers' locks to be released, and returns the function that releases them all.
 * @example const release = await lockTargets(["/out/a.csv"]); try { … } finally { await release(); }
 */
export async function lockTargets(files: readonly string[]): Promise<() => Promise<void>> {
  const token = `${process.pid}\n${randomBytes(8).toString("hex")}\n`;
  const held: string[] = [];
  const release = async () => {
    await Promise.all(held.map((lock) => rm(lock, { force: true }).catch(() => undefined)));
  };
  try {
    for (const file of [...new Set(files)].sort()) {
      const lock = lockPathFor(file);
      await acquire(lock, token);
      held.push(lock);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return release;
}

async function acquire(lock: string, token: string): Promise<void> {
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
    if (await breakIfStale(lock)) continue;
    // Another set is committing onto this target: a commit is short, wait a little.
    await new Promise((wake) => setTimeout(wake, Math.min(2 + attempt, 25) * (0.5 + Math.random())));
  }
}

/**
 * Removes `lock` when its owner is gone; true when it was removed (or was gone already). The lock
 * is first renamed aside and read again there, so a lock another writer took in the meantime
 * (after this one read the dead owner's) is put back rather than removed.
 */
async function breakIfStale(lock: string): Promise<boolean> {
  const seen = await ownerOf(lock);
  if (seen === undefined) return true; // released between the attempt and now
  if (!seen.stale) return false;
  const aside = `${lock}.${process.pid}.${randomBytes(6).toString("hex")}.broken`;
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

async function ownerOf(lock: string): Promise<{ readonly text: string; readonly stale: boolean } | undefined> {
  let text: string;
  let age: number;
  try {
    [text, age] = await Promise.all([readFile(lock, "utf8"), stat(lock).then((stats) => Date.now() - stats.mtimeMs)]);
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text, 10);
  // An empty lock is being written by its owner right now, unless it has been empty for long.
  const gone = text.endsWith("\n") && Number.isSafeInteger(pid) && pid > 0 && !isProcessRunning(pid);
  return { text, stale: gone || age > STALE_LOCK_MS };
}
