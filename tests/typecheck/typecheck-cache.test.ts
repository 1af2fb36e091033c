/**
 * The edge-check cache: an unchanged pipeline is answered from disk without TypeScript, and
 * any change to a file the check read (the module, a module it imports, the tsconfig) is seen.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEdgeTypes } from "funcflow/scanner";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/typecheck/${name}`, import.meta.url));
let dir: string;
let cacheDir: string;

beforeAll(async () => {
  const tmp = fileURLToPath(new URL("./tmp/", import.meta.url));
  await mkdir(tmp, { recursive: true });
  dir = await mkdtemp(join(tmp, "cache-"));
  cacheDir = join(dir, "cache");
  await copyFile(fixture("structural.ts"), join(dir, "structural.ts"));
  await copyFile(fixture("shared-types.ts"), join(dir, "shared-types.ts"));
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", target: "ES2022", lib: ["ES2023"], types: [], allowImportingTsExtensions: true, noEmit: true } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("checkEdgeTypes cache", () => {
  it("checkEdgeTypes answers an unchanged pipeline from its cache, with the same report", async () => {
    const module = join(dir, "structural.ts");
    const first = await checkEdgeTypes([module], { cacheDir });
    expect((await readdir(cacheDir)).filter((name) => name.startsWith("typecheck-"))).toHaveLength(1);
    const started = performance.now();
    const second = await checkEdgeTypes([module], { cacheDir });
    expect(performance.now() - started).toBeLessThan(200);
    expect(second).toEqual(first);
    expect(second.mismatches).toHaveLength(1);
  });

  it("checkEdgeTypes sees an edit to the module", async () => {
    const module = join(dir, "structural.ts");
    const text = await readFile(module, "utf8");
    await writeFile(module, text.replace("return { source };", "return { source, value: 2 };").replace("{ source: string } {", "{ source: string; value: number } {"));
    const report = await checkEdgeTypes([module], { cacheDir });
    expect(report.mismatches).toEqual([]);
    await writeFile(module, text);
  });

  it("checkEdgeTypes sees an edit to a module it imports types from", async () => {
    const module = join(dir, "structural.ts");
    expect((await checkEdgeTypes([module], { cacheDir })).mismatches).toHaveLength(1);
    const types = join(dir, "shared-types.ts");
    const text = await readFile(types, "utf8");
    await writeFile(types, text.replace("readonly value: number;", "readonly value?: number;"));
    expect((await checkEdgeTypes([module], { cacheDir })).mismatches).toEqual([]);
    await writeFile(types, text);
  });

  it("checkEdgeTypes sees an edit that keeps the file's size, and answers a touched but unchanged file from its cache", async () => {
    const module = join(dir, "structural.ts");
    expect((await checkEdgeTypes([module], { cacheDir })).mismatches).toHaveLength(1);
    const types = join(dir, "shared-types.ts");
    const text = await readFile(types, "utf8");
    const sameSize = text.replace("readonly value: number;", "readonly value?:number;");
    expect(sameSize.length).toBe(text.length);
    await writeFile(types, sameSize);
    expect((await checkEdgeTypes([module], { cacheDir })).mismatches).toEqual([]);
    await writeFile(types, text);
    expect((await checkEdgeTypes([module], { cacheDir })).mismatches).toHaveLength(1);
    // A touch changes the time, not the content: the entry is read, not rewritten.
    const [entry] = (await readdir(cacheDir)).filter((name) => name.startsWith("typecheck-"));
    const written = (await stat(join(cacheDir, entry!))).mtimeMs;
    const later = new Date(Date.now() + 5_000);
    await utimes(types, later, later);
    expect((await checkEdgeTypes([module], { cacheDir })).mismatches).toHaveLength(1);
    expect((await stat(join(cacheDir, entry!))).mtimeMs).toBe(written);
  });

  it("checkEdgeTypes with cacheDir false neither reads nor writes a cache", async () => {
    const before = await readdir(cacheDir);
    await copyFile(fixture("helpers.ts"), join(dir, "helpers.ts"));
    await checkEdgeTypes([join(dir, "helpers.ts")], { cacheDir: false });
    expect(await readdir(cacheDir)).toEqual(before);
  });

  it("checkEdgeTypes removes the temporary entry a killed check left, when it next writes one", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const stale = `.typecheck-${"0".repeat(40)}.json.${dead}.0123456789ab.tmp`;
    await writeFile(join(cacheDir, stale), '{"version":');
    await copyFile(fixture("helpers.ts"), join(dir, "helpers-2.ts"));
    await checkEdgeTypes([join(dir, "helpers-2.ts")], { cacheDir });
    expect((await readdir(cacheDir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
