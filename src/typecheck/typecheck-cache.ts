/**
 * Edge-check reports cached on disk, so checking an unchanged pipeline again costs a few file
 * reads instead of a TypeScript Program (measured in bench/typecheck.ts). An entry is keyed by
 * the module list and records a fingerprint of every file the Program read: a project file by
 * its content hash, a file under node_modules by size and modification time (hashing all of
 * @types/node on every check would cost more than it saves). Any difference is a miss.
 *
 * This file must not import ts-morph: a cache hit is the fast path.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { contentHash } from "../manifest/index.ts";
import type { EdgeTypeReport } from "./edge-type-report.ts";
import type { ResolvedNode } from "./resolved-node.ts";
import { TYPECHECK_VERSION } from "./typecheck-version.ts";

/** One file the Program read, and how it looked. */
type Fingerprint = readonly [path: string, fingerprint: string];

interface CacheEntry {
  readonly version: string;
  readonly key: string;
  readonly files: readonly Fingerprint[];
  readonly report: EdgeTypeReport;
}

/** The cache key of one check: the checker's version, the tsconfig choice, the modules and what `resolve` chose. */
export function reportKey(modules: readonly string[], tsconfig: string | false | undefined, resolved?: readonly ResolvedNode[]): string {
  return contentHash([TYPECHECK_VERSION, String(tsconfig), resolved === undefined ? "" : JSON.stringify(resolved), ...modules].join("\u0000")).slice(0, 40);
}

/** The cached report for `key` when every file it was made from is unchanged, else undefined. */
export async function readCachedReport(key: string, dir: string | false): Promise<EdgeTypeReport | undefined> {
  if (dir === false) return undefined;
  let entry: CacheEntry;
  try {
    entry = JSON.parse(await readFile(entryPath(dir, key), "utf8")) as CacheEntry;
  } catch {
    return undefined;
  }
  if (entry.version !== TYPECHECK_VERSION || entry.key !== key) return undefined;
  const current = await Promise.all(entry.files.map(([path]) => fingerprint(path)));
  return current.every((print, index) => print === entry.files[index]![1]) ? entry.report : undefined;
}

/** Stores `report` with fingerprints of `files`; a disk that cannot be written only costs a recheck. */
export async function writeCachedReport(key: string, files: readonly string[], report: EdgeTypeReport, dir: string | false): Promise<void> {
  if (dir === false) return;
  const prints = await Promise.all(files.map(async (path): Promise<Fingerprint> => [path, await fingerprint(path)]));
  const entry: CacheEntry = { version: TYPECHECK_VERSION, key, files: prints, report };
  const target = entryPath(dir, key);
  // Temporary file, then rename: a killed process never leaves half an entry behind.
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, target);
  } catch {
    // A read-only or full disk must not fail the check.
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

function entryPath(dir: string, key: string): string {
  return join(dir, `typecheck-${key}.json`);
}

/**
 * How a file looks now. ts-morph serves TypeScript's lib files from memory under a path that
 * does not exist on disk; those are pinned by TYPECHECK_VERSION, which names the TypeScript.
 */
async function fingerprint(path: string): Promise<string> {
  try {
    if (path.includes("/node_modules/")) {
      const { size, mtimeMs } = await stat(path);
      return `stat:${size}:${mtimeMs}`;
    }
    return `sha256:${contentHash(await readFile(path, "utf8"))}`;
  } catch {
    return "absent";
  }
}
