/**
 * Helpers for modifier tests: build a fixture module of tests/fixtures/modifiers, or a module
 * written inline (saved to a temporary file, so it goes through the scanner and the real
 * import path exactly as a user's module does), and catch the error a build or run raises.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Builder, FuncflowError } from "funcflow";

export const fixture = (name: string): URL => new URL(`../../fixtures/modifiers/${name}.ts`, import.meta.url);

export function buildFixture(name: string, config: Record<string, unknown> = {}) {
  return new Builder().withModules(fixture(name)).withConfig(config).withManifestCache(false).build();
}

// One folder per test file (vitest loads this module once per file), so files running in
// parallel never remove each other's modules.
const tmp = new URL(`../tmp/${process.pid}-${randomUUID()}/`, import.meta.url);
let written = 0;

/** Builds a module whose source is `body` (imports from "funcflow" are added). */
export function buildSource(body: string, config: Record<string, unknown> = {}) {
  mkdirSync(tmp, { recursive: true });
  const file = new URL(`inline-${++written}.ts`, tmp);
  writeFileSync(file, `import * as ff from "funcflow";\n${body}\n`);
  return new Builder().withModules(file).withConfig(config).withManifestCache(false).build();
}

export function removeInlineModules(): void {
  rmSync(fileURLToPath(tmp), { recursive: true, force: true });
  // The shared parent goes too once the last test file has removed its folder.
  try {
    rmdirSync(fileURLToPath(new URL("..", tmp)));
  } catch {
    // another test file still has modules there
  }
}

/** The FuncflowError `promise` rejects with (fails the test when it resolves). */
export async function caught(promise: Promise<unknown>): Promise<FuncflowError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FuncflowError)) throw new Error(`expected a FuncflowError, got ${String(error)}`);
  return error;
}
