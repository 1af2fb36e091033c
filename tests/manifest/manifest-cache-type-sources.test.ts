/**
 * A cached manifest that read other files for imported types (`typeSources`) holds only while
 * each is as recorded: changed, deleted, or (for one recorded missing) created, and the cache
 * misses, in memory and on disk, exactly as when the module's own text changes.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { contentHash, MANIFEST_SCHEMA_VERSION, type ModuleManifest } from "../../src/manifest/index.ts";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "funcflow-type-sources-"));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const TYPES = "export interface Split { train: number[] }\n";

function manifestReading(hash: string, typesHash: string): ModuleManifest {
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    file: "main.ts",
    contentHash: hash,
    functions: [],
    nonFunctionExports: [],
    problems: [],
    typeSources: [
      { path: "types.ts", contentHash: typesHash },
      { path: "types.tsx", contentHash: null },
    ],
  };
}

/** The cache module as a fresh process sees it: nothing in memory. */
async function freshCache(): Promise<typeof import("../../src/manifest/manifest-cache.ts")> {
  vi.resetModules();
  return import("../../src/manifest/manifest-cache.ts");
}

describe("the manifest cache checks the files a manifest read for imported types", () => {
  it.each([
    ["in memory", false],
    ["on disk, in a fresh process", true],
  ] as const)("%s: a hit while they are unchanged; a miss once one changes, vanishes or a missing one appears", async (_, fresh) => {
    const cacheDir = join(folder, "cache");
    const module = join(folder, "main.ts");
    const hash = `h-${fresh ? "disk" : "memory"}`;
    await writeFile(join(folder, "types.ts"), TYPES);
    const writer = await freshCache();
    await writer.writeCachedManifest(manifestReading(hash, contentHash(TYPES)), cacheDir);
    const read = async () => (await (fresh ? await freshCache() : writer).readCachedManifest(hash, module, cacheDir)) !== undefined;

    expect(await read()).toBe(true);
    await writeFile(join(folder, "types.ts"), TYPES.replace("train", "test"));
    expect(await read()).toBe(false);
    await writeFile(join(folder, "types.ts"), TYPES);
    expect(await read()).toBe(true);
    await writeFile(join(folder, "types.tsx"), TYPES);
    expect(await read()).toBe(false);
    await rm(join(folder, "types.tsx"));
    expect(await read()).toBe(true);
    await rm(join(folder, "types.ts"));
    expect(await read()).toBe(false);
  });

  it("finds the recorded files from the module's folder, not the working folder", async () => {
    const cache = await freshCache();
    await writeFile(join(folder, "types.ts"), TYPES);
    await cache.writeCachedManifest(manifestReading("h-folder", contentHash(TYPES)), false);
    expect(await cache.readCachedManifest("h-folder", join(folder, "main.ts"), false)).toBeDefined();
    expect(await cache.readCachedManifest("h-folder", "main.ts", false)).toBeUndefined();
  });
});
