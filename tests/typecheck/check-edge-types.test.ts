/**
 * checkEdgeTypes on fixture modules with every function form: edges are checked by the
 * TypeScript checker (assignability, awaited, unions, generics, structural types), every
 * problem is listed at once, and inputs keep the stricter of their consumers' types.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEdgeTypes, edgeTypeError, resolvedNodesOf, type EdgeTypeReport } from "funcflow/scanner";
import { isFuncflowError } from "funcflow";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/typecheck/${name}`, import.meta.url));
const check = (...names: string[]) => checkEdgeTypes(names.map(fixture), { cacheDir: false });

const inputNamed = (report: EdgeTypeReport, name: string) => report.inputs.find((input) => input.name === name);
const nodeNamed = (report: EdgeTypeReport, name: string) => report.nodes.find((node) => node.name === name);

describe("checkEdgeTypes on every function form", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await check("forms.ts");
  });

  it("checkEdgeTypes finds no mismatch when every edge fits, and decides every edge", () => {
    expect(report.mismatches).toEqual([]);
    expect(report.inputConflicts).toEqual([]);
    expect(report.unchecked).toEqual([]);
    expect(report.checkedEdges).toBe(14);
  });

  it("checkEdgeTypes reads declarations, arrows, function expressions, async, generics, variants and export aliases as nodes", () => {
    expect(report.nodes.map((node) => node.name)).toEqual([
      "readings", "values", "total", "mean", "labelled", "wrapped", "scaled", "unit", "report", "summary", "legacy",
    ]);
    expect(nodeNamed(report, "unit")?.producers.map((producer) => producer.exportName)).toEqual(["unit__metric", "unit__other"]);
    expect(nodeNamed(report, "summary")?.producers[0]?.exportName).toBe("summary");
  });

  it("checkEdgeTypes leaves re-exports to the module that declares them", () => {
    expect(nodeNamed(report, "helperTotal")).toBeUndefined();
  });

  it("checkEdgeTypes keeps JSDoc tags out of a node's doc", () => {
    expect(nodeNamed(report, "legacy")?.producers[0]?.doc).toBe("JSDoc tags are kept out of the summary.");
  });

  it("checkEdgeTypes types inputs, with undefined for parameters that have a default", () => {
    expect(inputNamed(report, "source")).toMatchObject({ optional: false, typedBy: { exportName: "readings", type: "string" } });
    expect(inputNamed(report, "scale")).toMatchObject({ optional: true, typedBy: { exportName: "values", paramIndex: 1, type: "number | bigint | undefined" } });
    expect(inputNamed(report, "factor")?.typedBy?.type).toBe("number | undefined");
    expect(inputNamed(report, "label")?.typedBy?.type).toBe("string");
  });
});

describe("checkEdgeTypes on edges that do not fit", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await check("mismatches.ts");
  });

  it("checkEdgeTypes lists every mismatch at once, with both functions", () => {
    expect(report.mismatches.map(({ producer, consumer }) => [producer.exportName, consumer.exportName, consumer.param])).toEqual([
      ["count", "doubled", "count"],
      ["level", "levelSquared", "level"],
      ["flag", "flagText", "flag"],
      ["weight__imperial", "heavy", "weight"],
    ]);
  });

  it("checkEdgeTypes rejects a union producer feeding a member consumer, and accepts a member producer feeding a union", () => {
    const level = report.mismatches.find((mismatch) => mismatch.producer.exportName === "level");
    expect(level?.producer.type).toBe("string | number");
    expect(level?.consumer.type).toBe("number");
    expect(report.mismatches.some((mismatch) => mismatch.consumer.exportName === "levelLabel")).toBe(false);
  });

  it("checkEdgeTypes compares a promise's awaited type", () => {
    const flag = report.mismatches.find((mismatch) => mismatch.producer.exportName === "flag");
    expect([flag?.producer.type, flag?.consumer.type]).toEqual(["boolean", "string"]);
  });

  it("checkEdgeTypes checks every config variant against the consumers", () => {
    expect(report.mismatches.some((mismatch) => mismatch.producer.exportName === "weight__metric")).toBe(false);
    expect(report.mismatches.some((mismatch) => mismatch.producer.exportName === "weight__imperial")).toBe(true);
  });

  it("checkEdgeTypes records both source locations", () => {
    const count = report.mismatches[0]!;
    expect(count.producer.position).toEqual({ file: fixture("mismatches.ts"), line: 8, column: 17 });
    expect(count.consumer.position).toEqual({ file: fixture("mismatches.ts"), line: 12, column: 25 });
  });

  it("checkEdgeTypes keeps the stricter type of an input two functions ask for", () => {
    expect(inputNamed(report, "threshold")?.typedBy).toMatchObject({ exportName: "above", type: "number" });
  });

  it("checkEdgeTypes reports an input no one type fits", () => {
    expect(report.inputConflicts).toHaveLength(1);
    expect(report.inputConflicts[0]?.consumers.map((consumer) => [consumer.exportName, consumer.type])).toEqual([
      ["regionCode", "string"],
      ["regionIndex", "number"],
    ]);
    expect(inputNamed(report, "region")?.typedBy).toBeUndefined();
  });

  it("edgeTypeError lists every problem with both types and places", () => {
    const error = edgeTypeError(report, { cwd: fixture(".") });
    expect(isFuncflowError(error, "edge_type_mismatch")).toBe(true);
    expect(error?.node).toBe("doubled");
    expect(error?.message).toMatchInlineSnapshot(`
      "5 type mismatches between nodes:
        count → doubled(count): the value does not fit the parameter
          mismatches.ts:8:17  count returns string
          mismatches.ts:12:25 doubled(count) takes number
        level → levelSquared(level): the value does not fit the parameter
          mismatches.ts:17:17 level returns string | number
          mismatches.ts:21:30 levelSquared(level) takes number
        flag → flagText(flag): the value does not fit the parameter
          mismatches.ts:31:23 flag returns boolean
          mismatches.ts:35:26 flagText(flag) takes string
        weight__imperial → heavy(weight): the value does not fit the parameter
          mismatches.ts:41:47 weight__imperial returns string
          mismatches.ts:43:23 heavy(weight) takes number
        input "region": no one type fits every function that asks for it
          mismatches.ts:57:28 regionCode(region) takes string
          mismatches.ts:61:29 regionIndex(region) takes number
      Fix the types so each value fits where it goes, or rename a parameter so it asks for another node."
    `);
  });

  it("edgeTypeError returns undefined when every edge fits", async () => {
    expect(edgeTypeError(await check("forms.ts"))).toBeUndefined();
  });
});

describe("checkEdgeTypes on types from other modules and other languages", () => {
  it("checkEdgeTypes compares imported types by structure, not by name", async () => {
    const report = await check("structural.ts");
    expect(report.mismatches.map(({ producer, consumer }) => [producer.exportName, producer.type, consumer.type])).toEqual([
      ["partial", "{ source: string; }", "Reading"],
    ]);
  });

  it("checkEdgeTypes reads tsc's declaration files", async () => {
    const report = await check("declared.d.ts");
    expect(report.mismatches.map(({ producer, consumer }) => [producer.exportName, producer.type, consumer.exportName, consumer.type])).toEqual([
      ["count", "number", "half", "string"],
    ]);
    expect(report.checkedEdges).toBe(2);
  });

  it("checkEdgeTypes counts JavaScript edges as unchecked", async () => {
    const report = await check("untyped.js");
    expect(report.checkedEdges).toBe(0);
    expect(report.unchecked).toEqual([{ reason: "untyped", name: "rows", consumer: { module: fixture("untyped.js"), exportName: "count", node: "count" } }]);
  });

  it("checkEdgeTypes looks through extractFields and inject to the nodes and bindings they make", async () => {
    const report = await check("opaque.ts");
    expect(report.unchecked).toEqual([]);
    expect(report.checkedBindings).toBe(1);
    expect(report.mismatches.map((m) => [m.kind, m.producer.node, m.producer.type, `${m.consumer.node}(${m.consumer.param})`, m.consumer.type])).toEqual([
      ["edge", "stats", "{ mean: number; max: number; }", "summary(stats)", "string"],
      ["edge", "summary", "string", "scaled(summary)", "number"],
    ]);
    expect(nodeNamed(report, "mean")?.producers[0]?.typeText).toBe('Awaited<ReturnType<typeof {M}.stats>>["mean"]');
  });

  it("checkEdgeTypes checks edges across modules", async () => {
    const report = await check("forms.ts", "helpers.ts");
    expect(report.checkedEdges).toBe(15);
    expect(nodeNamed(report, "helperTotal")?.producers[0]?.module).toBe(fixture("helpers.ts"));
  });
});

describe("checkEdgeTypes on functions that cannot be nodes", () => {
  it("checkEdgeTypes rejects overloads and destructured parameters, all in one error", async () => {
    const error = await check("overloads.ts").catch((caught: unknown) => caught);
    expect(isFuncflowError(error, "invalid_signature")).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^2 functions cannot be nodes:/);
    expect(message).toMatch(/overloads\.ts:3: "parse" has 2 overload signatures, but overloads are not supported/);
    expect(message).toMatch(/overloads\.ts:9: "total" parameter 1 \(\{ a, b \}: \{ a: number; b: number \}\) is a destructuring pattern/);
  });

  it("checkEdgeTypes names a module that does not exist", async () => {
    const error = await check("nowhere.ts").catch((caught: unknown) => caught);
    expect(isFuncflowError(error, "module_not_found")).toBe(true);
  });
});

describe("checkEdgeTypes and resolvedNodesOf on arguments of the wrong shape", () => {
  const refusal = async (run: () => unknown) => {
    const error: unknown = await Promise.resolve().then(run).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isFuncflowError(error, "invalid_argument"), String(error)).toBe(true);
    return (error as Error).message;
  };

  it("checkEdgeTypes names the argument or option at fault instead of failing with a TypeError", async () => {
    expect(await refusal(() => checkEdgeTypes(null as never))).toMatch(/modules must be an array of module paths/);
    expect(await refusal(() => checkEdgeTypes("src/transforms.ts" as never))).toMatch(/modules must be/);
    expect(await refusal(() => checkEdgeTypes([5] as never))).toMatch(/modules\[0\] must be a module path/);
    expect(await refusal(() => checkEdgeTypes([], null as never))).toMatch(/options must be a plain object/);
    expect(await refusal(() => checkEdgeTypes([], { resolve: [] } as never))).toMatch(/no option "resolve" \(did you mean "resolved"\?\)/);
    expect(await refusal(() => checkEdgeTypes([], { cacheDir: 5 as never }))).toMatch(/options\.cacheDir must be a folder path/);
    expect(await refusal(() => checkEdgeTypes([], { tsconfig: true as never, cacheDir: false }))).toMatch(/options\.tsconfig must be a tsconfig path/);
    expect(await refusal(() => checkEdgeTypes([], { resolved: 5 as never, cacheDir: false }))).toMatch(/options\.resolved must be an array/);
    expect(await refusal(() => checkEdgeTypes([], { resolved: [null] as never, cacheDir: false }))).toMatch(/options\.resolved\[0\] must be a node/);
  });

  it("resolvedNodesOf names the argument at fault instead of failing with a TypeError", async () => {
    const manifest = { functions: [{ exportName: "f", modifiers: [{ name: "resolve" }] }] };
    expect(await refusal(() => resolvedNodesOf(null as never, []))).toMatch(/nodes must be the array driver\.listNodes\(\) returns/);
    expect(await refusal(() => resolvedNodesOf([null] as never, [{ path: "/x.ts", manifest } as never]))).toMatch(/nodes\[0\] must be a node/);
    expect(await refusal(() => resolvedNodesOf([], null as never))).toMatch(/modules must be an array/);
    expect(await refusal(() => resolvedNodesOf([], [{ path: "/x.ts" } as never]))).toMatch(/modules\[0\] must be \{ path, manifest \}/);
    expect(resolvedNodesOf([], [{ path: "/x.ts", manifest } as never])).toEqual([]);
  });
});
