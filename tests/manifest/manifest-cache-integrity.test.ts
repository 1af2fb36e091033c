/**
 * Manifests on disk carry a checksum: one flipped bit anywhere in the file (checksum line or
 * JSON) is a miss, so the module is scanned again and the graph is never rewired; a write that
 * fails leaves no temporary, and stale temporaries of killed writers are removed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MANIFEST_SCHEMA_VERSION, readCachedManifest, writeCachedManifest, type ModuleManifest } from "../../src/manifest/index.ts";
import { verifiedManifestText } from "../../src/manifest/manifest-cache.ts";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const dir = mkdtempSync(join(tmpdir(), "funcflow-manifest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(hash: string): ModuleManifest {
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    file: "m.ts",
    contentHash: hash,
    functions: [{ name: "total", params: [{ name: "a" }, { name: "b" }] }],
    nonFunctionExports: [],
  } as unknown as ModuleManifest;
}

describe("the manifest cache on disk", () => {
  it("every flipped bit of a stored manifest file fails its check (exhaustive, one bit per byte)", async () => {
    const folder = join(dir, "flips");
    await writeCachedManifest(manifest("h-flips"), folder);
    const [file] = readdirSync(folder);
    const original = readFileSync(join(folder, file!));
    expect(verifiedManifestText(original.toString("utf8"))).toBe(JSON.stringify(manifest("h-flips")));
    for (let at = 0; at < original.byteLength; at++) {
      for (const bit of [0, 3, 6]) {
        const damaged = Buffer.from(original);
        damaged[at]! ^= 1 << bit;
        expect(verifiedManifestText(damaged.toString("utf8")), `byte ${at} bit ${bit}`).toBeUndefined();
      }
    }
  });

  it("a fresh process reading a damaged file rescans instead of reading it (parameter a stays a)", () => {
    const folder = join(dir, "fresh");
    const reader = join(dir, "read-manifest.mts"); // .mts: ESM (top-level await) outside any package
    writeFileSync(
      reader,
      `import { readCachedManifest } from ${JSON.stringify(new URL("../../src/manifest/index.ts", import.meta.url).pathname)};\n` +
        `const found = await readCachedManifest("h-fresh", "m.ts", ${JSON.stringify(folder)});\n` +
        `process.stdout.write(JSON.stringify(found?.functions[0]?.params.map((p) => p.name) ?? null));\n`,
    );
    const read = () => spawnSync(process.execPath, ["--import", tsx, reader], { encoding: "utf8" }).stdout;
    return (async () => {
      await writeCachedManifest(manifest("h-fresh"), folder);
      expect(read()).toBe('["a","b"]');
      const [file] = readdirSync(folder);
      const path = join(folder, file!);
      const text = readFileSync(path, "utf8");
      writeFileSync(path, text.replace('"name":"a"', '"name":"c"')); // the bit flip of the issue: a (0x61) → c (0x63)
      expect(read()).toBe("null"); // a miss: the caller scans again
    })();
  }, 30_000);

  it("a failed write leaves no temporary, and the next write removes a killed writer's", async () => {
    const folder = join(dir, "failing");
    await writeCachedManifest(manifest("h-fail"), folder);
    const [file] = readdirSync(folder);
    // The target becomes a non-empty folder: the rename over it fails after the temporary is written.
    rmSync(join(folder, file!));
    mkdirSync(join(folder, file!, "x"), { recursive: true });
    const other = { ...manifest("h-fail"), functions: [] } as unknown as ModuleManifest;
    await writeCachedManifest({ ...other, file: "m.ts" }, folder); // same key, fresh in-memory entry
    expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const stale = `.v${MANIFEST_SCHEMA_VERSION}-abc.json.${dead}.0123456789ab.tmp`;
    writeFileSync(join(folder, stale), '{"half":');
    await writeCachedManifest(manifest("h-other"), folder);
    expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(await readCachedManifest("h-other", "m.ts", folder)).toBeDefined();
  });
});
