/**
 * One rule for "two writes to one file": a set of files (a `materialize` call's saves, a
 * `funcflow build`'s manifests and typings, any `writeFileSet`) in which two writes land on the
 * same file would keep one and silently lose the other, so it is refused before anything is
 * written, naming both writers, the path and how to fix it.
 *
 * Two paths name the same file when their folders are the same folder once symlinks and `..`
 * are resolved (`out/a.csv` and `link-to-out/a.csv`; `a/../b.csv` and `b.csv`) and their file
 * names are equal. The file name itself is not followed: a set moves each file onto its target
 * with `rename`, which replaces a symlink there rather than writing through it.
 */
import { realpath } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FuncflowError } from "../errors/index.ts";

/** One write of a set: who writes it (as a message names it) and where. */
export interface PathClaim {
  /** The writer, as a sentence names it: `"total"` (a save's id), `the manifest of src/a.ts`. */
  readonly claimant: string;
  /** The path as the caller gave it (relative paths are read from the working directory). */
  readonly path: string;
  /** The node the write belongs to, when it is a node's (set as the error's `node`). */
  readonly node?: string;
}

/** Where the rule is applied and what to tell the user to do. */
export interface SharedPathContext {
  /** The function or command, as the message's `<where>: ` (left out when the caller prints its own). */
  readonly where?: string;
  /** How to fix it, one sentence: `Give each save its own file.` */
  readonly fix: string;
}

/**
 * The file `path` names, as a key that two spellings of one file share: the real path of its
 * folder (its deepest existing ancestor resolved through symlinks, the missing rest appended)
 * and its own name.
 * @example await sameFileKey("out/../b.csv") === await sameFileKey("b.csv"); // true
 */
export async function sameFileKey(path: string): Promise<string> {
  const absolute = resolve(path);
  return join(await realFolder(dirname(absolute)), basename(absolute));
}

async function realFolder(folder: string): Promise<string> {
  const missing: string[] = [];
  for (let at = folder; ; at = dirname(at)) {
    try {
      return join(await realpath(at), ...missing.reverse());
    } catch {
      // Not there yet (the set creates it), or unreadable: resolve the part above it.
      if (dirname(at) === at) return folder;
      missing.push(basename(at));
    }
  }
}

/**
 * The error for two writes of one set to one file, in the one shape every caller uses:
 * `<where>: <first> and <second> would both be written to "<path>" (the same file as "<other
 * spelling>"), so one would replace the other. <fix>`.
 * @example throw sharedPathError({ claimant: '"a"', path: "out.csv" }, { claimant: '"b"', path: "./out.csv" }, "/work/out.csv", { where: "materialize", fix: "Give each save its own file." });
 */
export function sharedPathError(first: PathClaim, second: PathClaim, file: string, { where, fix }: SharedPathContext): FuncflowError {
  const spelling = resolve(first.path) === resolve(second.path) ? "" : ` (the same file as "${first.path}")`;
  return new FuncflowError(
    "invalid_argument",
    `${where === undefined ? "" : `${where}: `}${first.claimant} and ${second.claimant} would both be written to "${second.path}"${spelling}, so one would replace the other. ${fix}`,
    {
      ...(second.node !== undefined && { node: second.node }),
      details: { path: second.path, file, claimants: [first.claimant, second.claimant], paths: [first.path, second.path] },
    },
  );
}

/**
 * Refuses `claims` when two of them name one file (see the file comment), before anything is
 * written; the first such pair is named.
 * @throws FuncflowError `invalid_argument` naming both claimants, the path and the fix
 *   (`details`: `path`, `file`, `claimants`, `paths`).
 * @example await rejectSharedPaths([{ claimant: '"a"', path: "out.csv" }, { claimant: '"b"', path: "out.csv" }], { where: "materialize", fix: "Give each save its own file." }); // throws
 */
export async function rejectSharedPaths(claims: readonly PathClaim[], context: SharedPathContext): Promise<void> {
  const keys = await Promise.all(claims.map((claim) => sameFileKey(claim.path)));
  const byFile = new Map<string, PathClaim>();
  claims.forEach((claim, index) => {
    const file = keys[index]!;
    const other = byFile.get(file);
    if (other !== undefined) throw sharedPathError(other, claim, file, context);
    byFile.set(file, claim);
  });
}
