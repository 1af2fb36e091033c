/**
 * Builder.build() with extractFields reading a return type from a shared types module: the field
 * nodes it makes, a fresh build after the types file is edited or deleted (the manifest cache,
 * in memory and on disk, follows the types file as it follows the module), and `funcflow build
 * --check` reporting the prebuilt manifest stale.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { runCliInProcess } from "../support/cli-in-process.ts";

// Inside the repository, so the module's `import … from "funcflow"` resolves.
const folder = fileURLToPath(new URL(`../tmp/imported-types-${process.pid}-${randomUUID()}/`, import.meta.url));
const cacheDir = join(folder, "cache");
const module = join(folder, "pipeline.ts");
const types = join(folder, "shared", "types.ts");

const TYPES = `export interface Split {\n  train: number[];\n  test: number[];\n}\n`;
const PIPELINE = `import { extractFields } from "funcflow";
import type { Split } from "./shared/index.js";

/** Splits the values in two halves. */
export const split = extractFields((values: number[]): Split => {
  const half = Math.ceil(values.length / 2);
  return { train: values.slice(0, half), test: values.slice(half), valid: [] } as Split;
});
`;

beforeAll(async () => {
  await mkdir(join(folder, "shared"), { recursive: true });
  await writeFile(join(folder, "shared", "index.ts"), `export * from "./types.ts";\n`);
  await writeFile(types, TYPES);
  await writeFile(module, PIPELINE);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const build = (dir: string | false = cacheDir) => new Builder().withModules(module).withManifestCache(dir).build();

async function buildError(): Promise<FuncflowError> {
  const error = await build().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FuncflowError)) throw new Error(`expected a FuncflowError, got ${String(error)}`);
  return error;
}

describe("extractFields with a type from a shared types module", () => {
  it("makes one node per field of the imported interface, reached through export * from", async () => {
    const dr = await build();
    expect(dr.listNodes().map((node) => node.name).sort()).toEqual(["split", "test", "train", "values"]);
    expect(dr.node("train").type).toBe("number[]");
    expect(await dr.execute(["train", "test"], { inputs: { values: [1, 2, 3] } })).toEqual({ train: [1, 2], test: [3] });
  });

  it("a fresh build sees a field added to the types file (the cached manifest is scanned again), and one removed", async () => {
    await build(); // cached, in memory and on disk
    await writeFile(types, TYPES.replace("  test: number[];\n", "  test: number[];\n  valid: number[];\n"));
    const grown = await build();
    expect(grown.listNodes().map((node) => node.name)).toContain("valid");
    expect(await grown.execute(["valid"], { inputs: { values: [1] } })).toEqual({ valid: [] });
    await writeFile(types, TYPES);
    expect((await build()).listNodes().map((node) => node.name)).not.toContain("valid");
  });

  it("a build after the types file is deleted fails with invalid_modifier naming the module, the export, the type and the files tried", async () => {
    await build();
    await rm(types);
    try {
      const error = await buildError();
      expect(error.code).toBe("invalid_modifier");
      expect(error.node).toBe("split");
      expect(error.message).toContain("pipeline.ts");
      expect(error.message).toContain(`the fields of the declared return type of "split" (Split) could not be read: "Split" is imported from "./shared/index.js", but "./types.ts" resolves to no file (tried ./shared/types.ts). Fix the import's path, or pass them: extractFields(["a", "b"], fn).`);
    } finally {
      await writeFile(types, TYPES);
    }
    expect((await build()).listNodes().map((node) => node.name)).toContain("train");
  });

  it("funcflow build --check reports the prebuilt manifest stale once the types file changes", async () => {
    const out = join(folder, "built");
    const written = await runCliInProcess(["build", module, "--out-dir", out, "--no-type-check"]);
    expect(written.stderr).toBe("");
    expect(written.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, "pipeline.funcflow.json"), "utf8")) as { typeSources?: unknown };
    expect(manifest.typeSources).toEqual([
      { path: "shared/index.ts", contentHash: expect.any(String) },
      { path: "shared/types.ts", contentHash: expect.any(String) },
    ]);
    expect((await runCliInProcess(["build", module, "--out-dir", out, "--no-type-check", "--check"])).code).toBe(0);
    await writeFile(types, `${TYPES}// a comment changes the types file as an edit of the module would\n`);
    try {
      const check = await runCliInProcess(["build", module, "--out-dir", out, "--no-type-check", "--check"]);
      expect(check.code).not.toBe(0);
      expect(check.stderr).toContain("stale_manifest");
      expect(check.stderr).toContain("pipeline.funcflow.json");
    } finally {
      await writeFile(types, TYPES);
    }
  });
});
