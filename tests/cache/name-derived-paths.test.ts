/**
 * Node names and keys become file names in the cache folder: whatever the name (`..`,
 * `../../escaped`, `a/b/../../../up`, NUL, very long, any string fast-check makes), every file
 * stays inside the folder, reads back under its own name, and two names never share a file.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { diskStore } from "../../src/cache/index.ts";

const root = mkdtempSync(join(tmpdir(), "funcflow-names-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HOSTILE = ["..", ".", "../../escaped", "a/b/../../../up", "..\\..\\win", "/etc/passwd", "nul\u0000byte", "x".repeat(5000), "", " ", "~a-1", "CON", "a:b", "é/ü"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function storeAndCheck(node: string, key: string): Promise<void> {
  const base = mkdtempSync(join(root, "case-"));
  const cache = join(base, "a", "b", "cache");
  const store = diskStore(cache);
  await store.write(node, key, new TextEncoder().encode(`${node}|${key}`));
  await store.writeNote(node, "note");
  for (const file of filesUnder(base)) expect(relative(cache, file).split(sep)[0], `${JSON.stringify(node.slice(0, 40))} wrote ${file}`).not.toBe("..");
  expect(new TextDecoder().decode((await store.read(node, key))!.bytes)).toBe(`${node}|${key}`);
  expect(await store.readNote(node)).toBe("note");
  rmSync(base, { recursive: true, force: true });
}

describe("diskStore: name-derived paths", () => {
  it.each(HOSTILE.map((name) => [JSON.stringify(name.slice(0, 30)), name]))("node %s stays inside the cache folder", (_, name) => storeAndCheck(name, "k1"));

  it.each(HOSTILE.map((name) => [JSON.stringify(name.slice(0, 30)), name]))("key %s stays inside the cache folder", (_, name) => storeAndCheck("n", name));

  it("any string as node and key (fast-check)", async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ maxLength: 80 }), storeAndCheck), { numRuns: 25, seed: 3 });
  }, 60_000);

  it("different names never share a file", async () => {
    const store = diskStore(join(root, "shared"));
    const names = [...HOSTILE, "a_b", "a/b", "a\\b", "a.b", "_..", "~______escaped"];
    for (const name of names) await store.write(name, "k", new TextEncoder().encode(name));
    for (const name of names) expect(new TextDecoder().decode((await store.read(name, "k"))!.bytes)).toBe(name);
  });
});
