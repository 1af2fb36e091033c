/** Helpers of the cache tests: fresh cache folders, edited copies of the fixture module, call logs. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { Builder, type CacheOptions } from "funcflow";

const template = fileURLToPath(new URL("../fixtures/engine/cached-pipeline.ts", import.meta.url));
// A "tmp" folder under tests: ignored by the type check (tsconfig) and by git.
const scratch = fileURLToPath(new URL("./tmp/", import.meta.url));

const made: string[] = [];

/** A new empty folder for one test: its cache and its module copies. */
export function scratchFolder(): string {
  const dir = join(scratch, randomUUID());
  mkdirSync(dir, { recursive: true });
  made.push(dir);
  return dir;
}

/** Removes the folders this test file made (other files may be running beside it). */
export function removeScratchFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A copy of the fixture module under a new name (an edited module must be a new file: an ES
 * module is imported once per URL), with each `[from, to]` replacement applied.
 */
export function fixtureCopy(dir: string, ...edits: (readonly [string, string])[]): URL {
  let source = readFileSync(template, "utf8");
  for (const [from, to] of edits) {
    if (!source.includes(from)) throw new Error(`the fixture has no "${from}"`);
    source = source.replace(from, to);
  }
  const file = join(dir, `pipeline-${randomUUID().slice(0, 8)}.ts`);
  writeFileSync(file, source);
  return pathToFileURL(file);
}

/** The nodes called since the last `resetCalls`, in call order. */
export function calls(): string[] {
  return [...((globalThis as { __cacheCalls?: string[] }).__cacheCalls ?? [])];
}

export function resetCalls(): void {
  (globalThis as { __cacheCalls?: string[] }).__cacheCalls?.splice(0);
}

/** A Driver over `module` with the cache in `dir` and `rate` in its config. */
export function cachedDriver(module: URL, dir: string, options: CacheOptions = {}, rate = 0.1) {
  return new Builder()
    .withModules(module)
    .withConfig({ rate })
    .withManifestCache(false)
    .withCache({ dir: join(dir, "cache"), onWarning: () => {}, ...options })
    .build();
}
