/**
 * Sets of files written whole or not at all: every file of one user action (the saves of one
 * `materialize` call, the manifests and typings of one `funcflow build`) is first written to a
 * staging path beside its target, and only when all of them are written are they moved onto
 * their targets. If any write or move fails, every target is left as it was before the call:
 * files this call created are removed, files it replaced are put back (an existing target is kept
 * as a hard link until the whole set is in place), and folders it created are removed again if
 * they are still empty.
 *
 * A move is a `rename` in the target's own folder, so each target always holds a whole file: the
 * old one or the new one, never a torn one. Sets moving onto overlapping targets at once (two
 * `materialize` calls, two builds) take turns, holding a lock per target while they move their
 * files in, so the targets end as one set's after the other's, never a mix (see
 * target-locks.ts). A process killed while the set is being moved can
 * leave some targets new and some old (no file system offers an atomic rename of several files);
 * its staging folders (with the kept copies of replaced files in them) are temporaries that the
 * next write beside them removes (see `removeStaleTemporaries`), never the target itself.
 */
import { constants } from "node:fs";
import { copyFile, link, lstat, mkdir, rename, rm, rmdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { removeStaleTemporaries, temporaryPathFor } from "./stale-temporaries.ts";
import { type PathClaim, sameFileKey, sharedPathError } from "./shared-paths.ts";
import { ForeignLockError, lockTargets, removeStaleLocks } from "./target-locks.ts";

/** Where the files of a set are staged before they are moved onto their targets. */
export interface FileSet {
  /**
   * The path to write `target`'s new content to: a file of the same name (so a writer that
   * reads the extension still sees it) in a hidden staging folder beside `target`. Creates
   * `target`'s missing folders; they are removed again if the set fails and they are empty.
   * `claimant` names the write in the error for a second write to the same file.
   * @throws FuncflowError `invalid_argument` when `target`'s file is already staged in this set,
   *   under this spelling or another (see `rejectSharedPaths`): one of the writes would be lost.
   */
  stage(target: string, claimant?: string): Promise<string>;
}

/** Moving the staged files onto their targets failed; every target is as it was before. */
export class FileSetCommitError extends Error {
  /** The absolute path of the target that could not be replaced. */
  readonly target: string;
  /** Why, without the staging paths a system error names (`EISDIR: illegal operation on a directory`). */
  readonly reason: string;

  constructor(target: string, cause: unknown) {
    const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, "");
    super(`moving the new ${target} into place failed: ${reason}`, { cause });
    this.name = "FileSetCommitError";
    this.target = target;
    this.reason = reason;
  }
}

interface Staged {
  readonly target: string;
  /** The file the target names, symlinked folders resolved (see `sameFileKey`). */
  readonly file: string;
  readonly claim: PathClaim;
  readonly folder: string;
  readonly staged: string;
}

/**
 * Runs `write`, which writes each target of the set to the path `set.stage(target)` returns,
 * then moves every staged file onto its target. `write` must wait for every write it started
 * before it returns or throws (use `Promise.allSettled` for parallel writes), so no writer is
 * still busy while the set is cleaned up; `stage` calls it left under way are awaited here.
 * @throws whatever `write` throws, once every staged file and created folder is removed;
 *   `FileSetCommitError` naming the target when a move fails, once every target is put back, or
 *   when another tool's file has the name of the target's lock (see target-locks.ts).
 * @example await writeFileSet(async (set) => { await writeFile(await set.stage("out/a.json"), a); await writeFile(await set.stage("out/b.json"), b); });
 */
export async function writeFileSet<T>(write: (set: FileSet) => Promise<T>): Promise<T> {
  const staged: Staged[] = [];
  const createdFolders: { readonly deepest: string; readonly first: string }[] = [];
  const cleanedFolders = new Set<string>();
  // Stages still making their folders when `write` settles: awaited before anything is moved
  // or removed, so no folder is made after the cleanup that should have removed it.
  const stagings: Promise<unknown>[] = [];
  const stageOne = async (path: string, claimant: string): Promise<string> => {
    const target = resolve(path);
    const claim = { claimant, path };
    const file = await sameFileKey(target);
    // Checked and recorded with no await between, so two stages racing still see each other.
    const other = staged.find((entry) => entry.file === file);
    if (other !== undefined) throw sharedPathError(other.claim, claim, file, { where: "writeFileSet", fix: "Stage each file of a set once." });
    const folder = temporaryPathFor(target);
    const entry = { target, file, claim, folder, staged: join(folder, basename(target)) };
    staged.push(entry);
    const first = await mkdir(dirname(target), { recursive: true });
    if (first !== undefined) createdFolders.push({ deepest: dirname(target), first });
    if (!cleanedFolders.has(dirname(target))) {
      cleanedFolders.add(dirname(target));
      await Promise.all([removeStaleTemporaries(target), removeStaleLocks(dirname(target))]);
    }
    await mkdir(folder);
    return entry.staged;
  };
  let writes = 0;
  const set: FileSet = {
    stage(path, claimant = `set.stage call ${++writes}`) {
      const staging = stageOne(path, claimant);
      stagings.push(staging);
      return staging;
    },
  };
  const removeStaging = () => Promise.all(staged.map((entry) => rm(entry.folder, { recursive: true, force: true }).catch(() => undefined)));
  let result: T;
  try {
    result = await write(set);
  } catch (error) {
    await Promise.allSettled(stagings);
    await removeStaging();
    await removeEmptyFolders(createdFolders);
    throw error;
  }
  await Promise.allSettled(stagings);
  // Another set committing onto some of these targets would interleave its renames with these:
  // the locks make the two commits take turns (see target-locks.ts).
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockTargets(staged.map((entry) => entry.file)).catch((error: unknown) => {
      const entry = error instanceof ForeignLockError ? staged.find((candidate) => candidate.file === error.file) : undefined;
      throw entry === undefined ? error : new FileSetCommitError(entry.target, error);
    });
    await commit(staged);
  } catch (error) {
    await release?.();
    await removeStaging();
    await removeEmptyFolders(createdFolders);
    throw error;
  }
  await release();
  await removeStaging();
  return result;
}

/** Moves each staged file onto its target, keeping replaced files until all are moved. */
async function commit(staged: readonly Staged[]): Promise<void> {
  const moved: { readonly target: string; readonly kept: string | undefined }[] = [];
  try {
    for (const { target, folder, staged: file } of staged) {
      const kept = await keepExisting(target, folder).catch((error: unknown) => {
        throw new FileSetCommitError(target, error);
      });
      try {
        await rename(file, target);
      } catch (error) {
        if (kept !== undefined) await rm(kept, { force: true }).catch(() => undefined);
        throw new FileSetCommitError(target, error);
      }
      moved.push({ target, kept });
    }
  } catch (error) {
    // Put every replaced target back and remove every created one, newest first.
    for (const { target, kept } of moved.reverse()) {
      await (kept === undefined ? rm(target, { force: true }) : rename(kept, target)).catch(() => undefined);
    }
    throw error;
  }
  await Promise.all(moved.map(({ kept }) => (kept === undefined ? undefined : rm(kept, { force: true }).catch(() => undefined))));
}

/**
 * A second name for the file at `target` (a hard link, else a copy), so that it can be put back
 * after the new file replaced it; undefined when there is no file. A folder is left alone: the
 * rename onto it fails, and the set with it. The name is in the target's staging folder, not a
 * temporary of its own: a hard link has the old file's times, and another writer's cleanup
 * removed a kept file older than an hour as stale, so a failed set could not put it back; the
 * staging folder counts as written when the link is made in it.
 */
async function keepExisting(target: string, stagingFolder: string): Promise<string | undefined> {
  let isFolder: boolean;
  try {
    isFolder = (await lstat(target)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (isFolder) return undefined;
  const kept = join(stagingFolder, `${basename(target)}.kept`);
  try {
    await link(target, kept);
  } catch {
    // File systems without hard links (some network and FUSE mounts): a copy keeps the bytes.
    await copyFile(target, kept, constants.COPYFILE_EXCL);
  }
  return kept;
}

/** Removes the folders a failed set created, deepest first, as long as they are empty. */
async function removeEmptyFolders(created: readonly { readonly deepest: string; readonly first: string }[]): Promise<void> {
  for (const { deepest, first } of [...created].reverse()) {
    for (let folder = deepest; folder.length >= first.length; folder = dirname(folder)) {
      try {
        await rmdir(folder);
      } catch {
        break; // not empty (another writer's, or another target's), or gone already
      }
      if (folder === first) break;
    }
  }
}
