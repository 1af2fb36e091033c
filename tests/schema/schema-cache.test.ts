/**
 * loadPipelineSchemas caches by content: an unchanged pipeline is read from the cache, and a
 * change in a file the types come from (even one the module only imports) is a miss.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { loadPipelineSchemas } from "funcflow/schema";

const tmpRoot = fileURLToPath(new URL("./tmp/", import.meta.url));
let dir: string;

beforeAll(async () => {
  await mkdir(tmpRoot, { recursive: true });
  dir = await mkdtemp(join(tmpRoot, "cache-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const shape = (field: string) => `export interface Shape {\n  ${field};\n}\n`;
const MODULE = `import type { Shape } from "./shape.ts";\n\n/** Echoes the shape. */\nexport function echo(shape: Shape): Shape {\n  return shape;\n}\n`;

describe("loadPipelineSchemas: the cache", () => {
  it("reads an unchanged pipeline from the cache, and misses when an imported type changes", async () => {
    await writeFile(join(dir, "shape.ts"), shape("width: number"));
    await writeFile(join(dir, "pipeline.ts"), MODULE);
    const driver = await new Builder().withModules(join(dir, "pipeline.ts")).build();
    const options = { cacheDir: join(dir, "cache"), tsconfig: false as const };

    const first = await loadPipelineSchemas(driver.listNodes(), options);
    expect(first.get("echo")?.schema).toMatchObject({ properties: { width: { type: "number" } } });
    const started = performance.now();
    const second = await loadPipelineSchemas(driver.listNodes(), options);
    expect(second.get("echo")?.schema).toEqual(first.get("echo")?.schema);
    expect(performance.now() - started).toBeLessThan(1_000);

    await writeFile(join(dir, "shape.ts"), shape("width: string"));
    const third = await loadPipelineSchemas(driver.listNodes(), options);
    expect(third.get("echo")?.schema).toMatchObject({ properties: { width: { type: "string" } } });
  });

  it("keeps a type's problem as a coded error through the cache", async () => {
    await writeFile(join(dir, "bad.ts"), `export function size(lookup: Map<string, number>): number {\n  return lookup.size;\n}\n`);
    const driver = await new Builder().withModules(join(dir, "bad.ts")).build();
    const options = { cacheDir: join(dir, "cache"), tsconfig: false as const };
    await loadPipelineSchemas(driver.listNodes(), options);
    const cached = await loadPipelineSchemas(driver.listNodes(), options);
    const problem = cached.get("lookup")?.problem;
    expect(problem?.code).toBe("unsupported_type");
    expect(problem?.message).toMatch(/^lookup: the type `Map<string, number>` has no JSON form/);
  });
});
