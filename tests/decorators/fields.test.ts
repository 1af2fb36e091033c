import { afterAll, describe, expect, it } from "vitest";
import { scanSource } from "funcflow/scanner";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const dr = await buildFixture("fields");
const values = [4, 1, 7];

describe("extractFields", () => {
  it("keeps the function's node and adds one node per field, typed as declared", async () => {
    expect(dr.node("mean").dependencies.map((d) => d.name)).toEqual(["stats"]);
    expect(dr.node("mean").type).toBe("number");
    expect(dr.node("mean").group).toBe("stats");
    expect(await dr.execute(["stats", "mean", "max"], { inputs: { values } })).toEqual({ stats: { mean: 4, max: 7 }, mean: 4, max: 7 });
  });

  it("reads the fields from the declared return type (interface or type literal) through the scanner", async () => {
    expect(await dr.execute(["low", "high", "first", "last"], { inputs: { values } })).toEqual({ low: 1, high: 7, first: 4, last: 7 });
    expect(dr.node("low").type).toBe("number");
    expect(dr.node("last").type).toBe("number");
  });

  it("fills a missing field with fillWith", async () => {
    expect(await dr.execute(["count", "missing"], { inputs: { values } })).toEqual({ count: 3, missing: 0 });
  });

  it("fails at run time on a missing field, naming it and the fields that exist", async () => {
    const error = await caught(dr.execute(["absent"], { inputs: { values } }));
    const cause = error.cause as { code: string; details: Record<string, unknown> };
    expect(error).toMatchObject({ code: "node_failed", node: "absent" });
    expect(cause.code).toBe("missing_field");
    expect(cause.details).toMatchObject({ field: "absent", fields: ["present"] });
  });

  it("fails at build when no field is given or declared", async () => {
    const error = await caught(buildSource(`export const bad = ff.extractFields((x: number) => ({ a: x }));`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain("extractFields lists no fields");
  });

  it.each([
    ["an interface imported from a missing file", `import type { Split } from "./elsewhere.ts";\nexport const bad = ff.extractFields((x: number): Split => ({ a: x }) as never);`, `(Split) could not be read: "Split" is imported from "./elsewhere.ts", but "./elsewhere.ts" resolves to no file (tried ./elsewhere.ts). Fix the import's path`],
    ["a generic alias imported from a missing file, async", `import type { Pair } from "./elsewhere.js";\nexport const bad = ff.extractFields(async (x: number): Promise<Pair<number>> => ({ a: x }) as never);`, `"Pair" is imported from "./elsewhere.js", but "./elsewhere.js" resolves to no file (tried ./elsewhere.ts, ./elsewhere.tsx, ./elsewhere.d.ts)`],
    ["a namespace-qualified type from a missing file", `import type * as types from "./elsewhere";\nexport const bad = ff.extractFields((x: number): types.Split => ({ a: x }) as never);`, `"types.Split" is imported from "./elsewhere", but "./elsewhere" resolves to no file (tried ./elsewhere.ts, ./elsewhere.tsx, ./elsewhere.d.ts, ./elsewhere/index.ts, ./elsewhere/index.tsx, ./elsewhere/index.d.ts)`],
    ["a type from a package", `import type { Split } from "some-pkg";\nexport const bad = ff.extractFields((x: number): Split => ({ a: x }) as never);`, `"Split" is imported from the package "some-pkg", and the scanner follows relative imports only`],
    ["a type declared nowhere", `export const bad = ff.extractFields((x: number): Split => ({ a: x }) as never);`, `"Split" is not an object type the scanner can read`],
  ])("fails at build for %s, saying why the scanner could not read it", async (_, source, hint) => {
    const error = await caught(buildSource(source));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(hint);
    expect(error.message).toContain(`extractFields(["a", "b"], fn)`);
  });

  it.each([
    ["a Record", `export const bad = ff.extractFields((x: number): Record<string, number> => ({ a: x }));`],
    ["an inferred type", `export const bad = ff.extractFields((x: number) => ({ a: x }));`],
  ])("names no imported type for %s", async (_, source) => {
    const error = await caught(buildSource(source));
    expect(error.message).toContain("extractFields lists no fields");
    expect(error.message).not.toContain("is not an object type the scanner can read");
    expect(error.message).not.toContain("is imported from");
  });

  it("fails at build for a malformed field list", async () => {
    const error = await caught(buildSource(`export const bad = ff.extractFields(3 as never, (x: number) => ({ a: x }));`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
  });
});

describe("the scanner records declared fields", () => {
  const bounds = [
    { name: "low", type: "number", optional: false },
    { name: "high", type: "number", optional: true },
  ];

  it("for extractFields in TypeScript source: interfaces, aliases, intersections and Promise", () => {
    const manifest = scanSource(
      `interface Low { low: number }
type Bounds = Low & { high?: number };
export const a = extractFields((x: number): Bounds => ({ low: x }));
export const b = extractFields(async (x: number): Promise<{ low: number; high?: number }> => ({ low: x }));
export const c = (x: number): Bounds => ({ low: x });`,
      "m.ts",
    );
    expect(manifest.functions.map((entry) => entry.returnFields)).toEqual([bounds, bounds, undefined]);
  });

  it("for every object return type of a .d.ts (which records no modifier calls)", () => {
    const manifest = scanSource(`interface Bounds { low: number; high?: number }
export declare const a: (x: number) => Bounds;`, "m.d.ts");
    expect(manifest.functions[0]?.returnFields).toEqual(bounds);
  });
});

describe("unpackFields", () => {
  it("makes one node per tuple position, typed from the tuple type", async () => {
    expect(await dr.execute(["smallest", "largest"], { inputs: { values } })).toEqual({ smallest: 1, largest: 7 });
    expect(dr.node("largest").type).toBe("number");
    expect(dr.node("largest").dependencies.map((d) => d.name)).toEqual(["extremes"]);
  });

  it("rejects an empty or repeated name list", async () => {
    expect(await caught(buildSource(`export const bad = ff.unpackFields([], (x: number): [number] => [x]);`))).toMatchObject({ code: "invalid_modifier", node: "bad" });
    const error = await caught(buildSource(`export const bad = ff.unpackFields(["a", "a"], (x: number): [number, number] => [x, x]);`));
    expect(error.message).toContain(`"a" appears twice`);
  });

  it.each([
    ["[(x: number) => string, number]", "(x: number) => string"],
    ["[Array<() => void>, number]", "Array<() => void>"],
    ['["a,b" | "c", number]', '"a,b" | "c"'],
  ])("counts the members of %s as the shared type reader splits them (an arrow's `>` or a quoted comma miscounted them)", async (tuple, first) => {
    const built = await buildSource(`export const pair = ff.unpackFields(["a", "b"], (x: number): ${tuple} => [null as never, x]);`);
    expect(built.node("a").type).toBe(first);
    expect(built.node("b").type).toBe("number");
  });

  it("fails at run time when the value is not a tuple of that length", async () => {
    const built = await buildSource(`export const pair = ff.unpackFields(["a", "b"], (x: number) => [x] as unknown as [number, number]);`);
    const error = await caught(built.execute(["a"], { inputs: { x: 1 } }));
    expect((error.cause as { code: string }).code).toBe("type_mismatch");
  });
});
