import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Builder, FuncflowError, type ModuleManifest } from "funcflow";
import { scanSource } from "funcflow/scanner";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-load-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// Each test scans text of its own: manifests are also cached in memory by content.
const uniqueSource = (tag: string) => `// ${tag} ${Math.random()}\n${SOURCE}`;
const SOURCE = `export function doubled(x: number): number { return x * 2; }\nexport function plusOne(doubled: number): number { return doubled + 1; }\n`;

async function prebuiltFailure(module: Record<string, unknown>, manifest: ModuleManifest): Promise<FuncflowError> {
  const error = await new Builder().withModules({ module, manifest, name: "transforms.js" }).build().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(FuncflowError);
  return error as FuncflowError;
}

describe("prebuilt modules", () => {
  const manifest = scanSource(SOURCE, "transforms.ts");
  const doubled = (x: number) => x * 2;
  const plusOne = (d: number) => d + 1;

  it("build and run with their manifest", async () => {
    const dr = await new Builder().withModules({ module: { doubled, plusOne }, manifest }).build();
    expect(await dr.execute(["plusOne"], { inputs: { x: 4 } })).toEqual({ plusOne: 9 });
  });

  it("report a manifest function the module no longer exports, naming the node", async () => {
    const error = await prebuiltFailure({ doubled }, manifest);
    expect(error.code).toBe("stale_manifest");
    expect(error.node).toBe("plusOne");
    expect(error.message).toContain("does not export it");
  });

  it("report a function whose arity differs from the manifest", async () => {
    const error = await prebuiltFailure({ doubled: (x: number, y: number) => x * y, plusOne }, manifest);
    expect(error.code).toBe("stale_manifest");
    expect(error.node).toBe("doubled");
    expect(error.details?.runtimeArity).toBe(2);
  });

  it("report an exported function the manifest does not list", async () => {
    const error = await prebuiltFailure({ doubled, plusOne, tripled: (x: number) => x * 3 }, manifest);
    expect(error.code).toBe("stale_manifest");
    expect(error.node).toBe("tripled");
  });

  it("reject a manifest of another schema version", async () => {
    const error = await prebuiltFailure({ doubled, plusOne }, { ...manifest, schemaVersion: 99 as 1 });
    expect(error.code).toBe("stale_manifest");
    expect(error.message).toContain("schema version 99");
  });
});

describe("a module given twice", () => {
  it("is refused up front, naming it and both positions, however it is spelt", async () => {
    const file = join(dir, "twice.ts");
    await writeFile(file, uniqueSource("twice"));
    const error = await new Builder().withModules(pathToFileURL(file)).withModules(join(dir, ".", "twice.ts")).build().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ code: "invalid_argument", details: { positions: [0, 1] } });
    expect((error as FuncflowError).message).toContain("is given twice (as module 1 and module 2)");
  });

  it("is refused for a prebuilt module passed twice", async () => {
    const manifest = scanSource(SOURCE, "transforms.ts");
    const module = { doubled: (x: number) => x * 2, plusOne: (d: number) => d + 1 };
    const error = await new Builder().withModules({ module, manifest, name: "transforms.js" }, { module, manifest, name: "again.js" }).build().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "invalid_argument", details: { positions: [0, 1] } });
  });

  it("only overrides itself under allowModuleOverrides, as in Hamilton", async () => {
    const file = join(dir, "overrides.ts");
    await writeFile(file, uniqueSource("overrides"));
    const dr = await new Builder().withModules(file, pathToFileURL(file)).allowModuleOverrides().build();
    expect(await dr.execute(["plusOne"], { inputs: { x: 2 } })).toEqual({ plusOne: 5 });
  });
});

describe("modules scanned on the fly", () => {
  it("cache their manifest on disk by content hash and reuse it", async () => {
    const file = join(dir, "transforms.ts");
    await writeFile(file, uniqueSource("reuse"));
    const cache = join(dir, "cache");
    await new Builder().withModules(file).withManifestCache(cache).build();
    const entries = await readdir(cache);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^v1-[0-9a-f]{40}\.json$/);
    // A second build reads the same entry: no new one appears, no temporary file is left.
    await new Builder().withModules(pathToFileURL(file)).withManifestCache(cache).build();
    expect(await readdir(cache)).toEqual(entries);
  });

  it("rescan a module whose source changed", async () => {
    const file = join(dir, "changing.ts");
    const cache = join(dir, "cache");
    await writeFile(file, uniqueSource("changed"));
    await new Builder().withModules(file).withManifestCache(cache).build();
    await writeFile(file, `${uniqueSource("changed")}export function tripled(x: number): number { return x * 3; }\n`);
    // A fresh module URL: ESM caches imports by URL, so a changed file needs a new one.
    const dr = await new Builder().withModules(`${pathToFileURL(file).href}?v=2`).withManifestCache(cache).build();
    expect(dr.listNodes().map((node) => node.name)).toContain("tripled");
    expect(await readdir(cache)).toHaveLength(2);
  });

  it("treat a corrupt cache entry as a miss", async () => {
    const file = join(dir, "transforms.ts");
    const cache = join(dir, "cache");
    await writeFile(file, uniqueSource("corrupt"));
    await new Builder().withModules(file).withManifestCache(cache).build();
    const [entry] = await readdir(cache);
    await writeFile(join(cache, entry!), "{ truncated");
    const dr = await new Builder().withModules(`${pathToFileURL(file).href}?fresh`).withManifestCache(cache).build();
    expect(dr.listNodes().map((node) => node.name)).toEqual(["doubled", "plusOne", "x"]);
  });

  it("report a module that fails to import, with the original error as cause", async () => {
    const file = join(dir, "broken.ts");
    await writeFile(file, `export function fine(a: number): number { return a; }\nthrow new Error("boom at import");\n`);
    const error = (await new Builder().withModules(file).withManifestCache(false).build().catch((caught: unknown) => caught)) as FuncflowError;
    expect(error.code).toBe("module_load_failed");
    expect((error.cause as Error).message).toBe("boom at import");
  });

  it("report the manifest's failure when the module cannot be scanned and cannot be imported either", async () => {
    const file = join(dir, "pipeline.txt");
    await writeFile(file, `export function fine(a: number): number { return a; }\nthrow new Error("boom at import");\n`);
    const error = (await new Builder().withModules(file).withManifestCache(false).build().catch((caught: unknown) => caught)) as FuncflowError;
    expect(error.code).toBe("scan_failed");
    expect(error.message).toContain("pipeline.txt");
  });
});
