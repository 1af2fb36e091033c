/**
 * Edge-check reports cached on disk, so checking an unchanged pipeline again costs a few file
 * stats and one JSON parse instead of a TypeScript Program (measured in bench/typecheck.ts). An
 * entry is keyed by the module list and records a stamp of every file the Program read: its
 * size and modification time, and for a project file its content hash too. A file whose size
 * and time are unchanged is not read at all; a project file whose time changed is hashed, so a
 * touch without an edit still hits; a file under node_modules is compared by size and time
 * alone (hashing all of @types/node on every check would cost more than it saves).
 *
 * An entry is two lines: the stamps, then the report, so a miss never parses the report.
 * This file must not import ts-morph: a cache hit is the fast path.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { removeStaleTemporaries, temporaryPathFor } from "../files/index.ts";
import { contentHash } from "../manifest/index.ts";
import type { EdgeTypeReport } from "./edge-type-report.ts";
import type { ResolvedNode } from "./resolved-node.ts";
import { TYPECHECK_VERSION } from "./typecheck-version.ts";

/** One file the Program read: its size and modification time (ns), and a project file's content hash; "absent" when missing. */
type Stamp = readonly [path: string, stat: string, hash?: string];

interface EntryHeader {
  readonly version: string;
  readonly key: string;
  readonly files: readonly Stamp[];
}

/** The cache key of one check: the checker's version, the tsconfig choice, the modules and what `resolve` chose. */
export function reportKey(modules: readonly string[], tsconfig: string | false | undefined, resolved?: readonly ResolvedNode[]): string {
  return contentHash([TYPECHECK_VERSION, String(tsconfig), resolved === undefined ? "" : JSON.stringify(resolved), ...modules].join("\u0000")).slice(0, 40);
}

/** The cached report for `key` when every file it was made from is unchanged, else undefined. */
export async function readCachedReport(key: string, dir: string | false): Promise<EdgeTypeReport | undefined> {
  if (dir === false) return undefined;
  let text: string;
  try {
    text = await readFile(entryPath(dir, key), "utf8");
  } catch {
    return undefined;
  }
  const newline = text.indexOf("\n");
  let header: EntryHeader;
  try {
    header = JSON.parse(text.slice(0, newline)) as EntryHeader;
  } catch {
    return undefined;
  }
  if (newline < 0 || header.version !== TYPECHECK_VERSION || header.key !== key || !Array.isArray(header.files)) return undefined;
  const unchanged = await Promise.all(header.files.map(isUnchanged));
  if (!unchanged.every(Boolean)) return undefined;
  try {
    return JSON.parse(text.slice(newline + 1)) as EdgeTypeReport;
  } catch {
    return undefined;
  }
}

/** Stores `report` with stamps of `files`; a disk that cannot be written only costs a recheck. */
export async function writeCachedReport(key: string, files: readonly string[], report: EdgeTypeReport, dir: string | false): Promise<void> {
  if (dir === false) return;
  const header: EntryHeader = { version: TYPECHECK_VERSION, key, files: await Promise.all(files.map(stampOf)) };
  const target = entryPath(dir, key);
  // Temporary file, then rename: a killed process never leaves half an entry behind, and its
  // temporary is removed by the next write into the folder.
  const temporary = temporaryPathFor(target);
  try {
    await mkdir(dir, { recursive: true });
    await removeStaleTemporaries(target);
    await writeFile(temporary, `${JSON.stringify(header)}\n${JSON.stringify(report)}`);
    await rename(temporary, target);
  } catch {
    // A read-only or full disk must not fail the check.
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

function entryPath(dir: string, key: string): string {
  return join(dir, `typecheck-${key}.json`);
}

/** Project files are hashed; files under node_modules are trusted by size and time. */
function isProjectFile(path: string): boolean {
  return !path.includes("/node_modules/");
}

/**
 * Size and modification time in nanoseconds, or "absent". ts-morph serves TypeScript's lib
 * files from memory under a path that does not exist on disk; those are pinned by
 * TYPECHECK_VERSION, which names the TypeScript.
 */
async function statOf(path: string): Promise<string> {
  try {
    const { size, mtimeNs } = await stat(path, { bigint: true });
    return `${size}:${mtimeNs}`;
  } catch {
    return "absent";
  }
}

async function hashOf(path: string): Promise<string | undefined> {
  try {
    return contentHash(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
}

async function stampOf(path: string): Promise<Stamp> {
  const [current, hash] = await Promise.all([statOf(path), isProjectFile(path) ? hashOf(path) : undefined]);
  return hash === undefined ? [path, current] : [path, current, hash];
}

/** Same size and time: unchanged, unread. A project file with another time: unchanged if its content hash is. */
async function isUnchanged([path, recorded, hash]: Stamp): Promise<boolean> {
  const current = await statOf(path);
  if (current === recorded) return true;
  if (hash === undefined || current === "absent") return false;
  return (await hashOf(path)) === hash;
}
