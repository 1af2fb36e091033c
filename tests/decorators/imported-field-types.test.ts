/**
 * The modifiers that read declared fields, built from real modules whose types live in a shared
 * types module: extractFields through a namespace import, extractColumns and
 * parameterizeExtractColumns typing columns from an imported table schema, and a compiled module
 * (tsc's .js with its .d.ts) whose declaration imports the types' .d.ts.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";

// Inside the repository, so the modules' `import … from "funcflow"` resolves.
const folder = fileURLToPath(new URL(`../tmp/imported-field-types-${process.pid}-${randomUUID()}/`, import.meta.url));

const files: Record<string, string> = {
  "types.ts": `import type { Float64 } from "apache-arrow";
export interface Bounds { low: number; high: number }
export interface Sales { amount: Float64; tax: Float64 }
`,
  "pipeline.ts": `import { tableFromArrays, type Table } from "apache-arrow";
import { extractColumns, extractFields, parameterizeExtractColumns, ParameterizedExtract, value } from "funcflow";
import type * as t from "./types.js";

export const bounds = extractFields((values: number[]): t.Bounds => ({ low: Math.min(...values), high: Math.max(...values) }));

export const sales = extractColumns(["amount", "tax"], (values: number[]): Table<t.Sales> =>
  tableFromArrays({ amount: Float64Array.from(values), tax: Float64Array.from(values, (v) => v / 10) }));

export const scaled = parameterizeExtractColumns(new ParameterizedExtract(["gross", "levy"], { factor: value(2) }), (values: number[], factor: number): Table<t.Sales> =>
  tableFromArrays({ amount: Float64Array.from(values, (v) => v * factor), tax: Float64Array.from(values, (v) => v / 10) }));
`,
  "dist/types.d.ts": `export interface Bounds {\n    low: number;\n    high: number;\n}\n`,
  "dist/compiled.d.ts": `import type { Bounds } from "./types.js";\nexport declare const range: (values: number[]) => Bounds;\n`,
  "dist/compiled.js": `import { extractFields } from "funcflow";\nexport const range = extractFields((values) => ({ low: Math.min(...values), high: Math.max(...values) }));\n`,
};

beforeAll(async () => {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(folder, path, ".."), { recursive: true });
    await writeFile(join(folder, path), text);
  }
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const build = (module: string) => new Builder().withModules(join(folder, module)).withManifestCache(false).build();

describe("modifiers reading declared fields from a shared types module", () => {
  it("extractFields reads t.Bounds through import type * as t", async () => {
    const dr = await build("pipeline.ts");
    expect(dr.node("low").type).toBe("number");
    expect(await dr.execute(["low", "high"], { inputs: { values: [3, 1, 2] } })).toEqual({ low: 1, high: 3 });
  });

  it("extractColumns and parameterizeExtractColumns type their columns from the imported Table schema", async () => {
    const dr = await build("pipeline.ts");
    expect(dr.node("amount").type).toBe("Vector<Float64>");
    expect(dr.node("tax").type).toBe("Vector<Float64>");
    expect(dr.node("gross").type).toBe("Vector<Float64>");
    expect(dr.node("levy").type).toBe("Vector<Float64>");
    const { gross } = await dr.execute(["gross"], { inputs: { values: [1, 2] } });
    expect(Array.from(gross as Iterable<number>)).toEqual([2, 4]);
  });

  it("a compiled module is read through its .d.ts, which imports the types' .d.ts", async () => {
    const dr = await build("dist/compiled.js");
    expect(dr.listNodes().map((node) => node.name).sort()).toEqual(["high", "low", "range", "values"]);
    expect(await dr.execute(["high"], { inputs: { values: [3, 9] } })).toEqual({ high: 9 });
  });
});
