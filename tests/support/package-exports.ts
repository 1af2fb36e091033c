/**
 * Scaffolding for the tests that probe every export of every entry of package.json's `exports`
 * (tests/package/wrong-arguments and unknown-options): the entries, their modules imported as a
 * user imports them, a scratch working folder a wrong call would write into, a small Driver to
 * pass where one is needed, and the checks for what a call left behind.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { Builder, type Driver } from "funcflow";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { exports: Record<string, unknown> };

/** The subpaths of package.json's `exports` that hold code ("." and "./io", not "./package.json"). */
export const ENTRY_SUBPATHS: readonly string[] = Object.keys(packageJson.exports).filter((subpath) => subpath !== "./package.json");

/** What a user imports for an exports subpath: "." → "funcflow", "./io" → "funcflow/io". */
export function specifierOf(subpath: string): string {
  return subpath === "." ? "funcflow" : `funcflow/${subpath.slice(2)}`;
}

/** The short label of a subpath in test names: "." stays ".", "./io" is "io". */
export function entryLabel(subpath: string): string {
  return subpath === "." ? "." : subpath.slice(2);
}

/** An entry's module, imported as a user imports it. */
export async function importEntry(subpath: string): Promise<Readonly<Record<string, unknown>>> {
  return (await import(specifierOf(subpath))) as Readonly<Record<string, unknown>>;
}

/** Every entry's module, by {@link entryLabel}. */
export async function importEntries(): Promise<Map<string, Readonly<Record<string, unknown>>>> {
  const modules = new Map<string, Readonly<Record<string, unknown>>>();
  for (const subpath of ENTRY_SUBPATHS) modules.set(entryLabel(subpath), await importEntry(subpath));
  return modules;
}

/** The exports of a module that are functions (classes included), with their names. */
export function exportedFunctions(module: Readonly<Record<string, unknown>>): [string, Function][] {
  return Object.entries(module).filter((entry): entry is [string, Function] => typeof entry[1] === "function");
}

/** A Driver of tests/fixtures/modules/basic.ts, for calls that need a valid Driver. */
export function basicDriver(): Promise<Driver> {
  return new Builder().withModules(new URL("../fixtures/modules/basic.ts", import.meta.url)).withManifestCache(false).build();
}

/**
 * Runs the file's tests in a fresh scratch folder as the working directory (removed after), so
 * relative paths a call resolves (a registry's default folder, a cache) land where the test can
 * see them. Returns a getter for the folder's path.
 */
export function useScratchFolder(prefix: string): () => string {
  const home = process.cwd();
  let scratch = "";
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), prefix));
    process.chdir(scratch);
  });
  afterAll(async () => {
    process.chdir(home);
    await rm(scratch, { recursive: true, force: true });
  });
  return () => scratch;
}

/** How many TCP servers the process is listening with: a call that went ahead may have started one. */
export function listeningServers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "TCPServerWrap").length;
}

/** True for a generator's result (sync or async): its body starts only at the first `next()`, which is where a wrong argument shows. */
export function isGenerator(result: unknown): result is Generator | AsyncGenerator {
  if (typeof result !== "object" || result === null || Array.isArray(result)) return false;
  const iterator = result as Partial<Generator>;
  return typeof iterator.next === "function" && typeof iterator.return === "function" && (Symbol.asyncIterator in result || Symbol.iterator in result);
}
