import { beforeAll, describe, expect, it } from "vitest";
import { scanSource } from "funcflow/scanner";
import { functionNamed, lineWhere, scanFixture, type ScannedFixture } from "./fixtures/scanner/scan-fixture.ts";

let source: ScannedFixture;
let declarations: ScannedFixture;
let javascript: ScannedFixture;

beforeAll(async () => {
  [source, declarations, javascript] = await Promise.all([
    scanFixture("transforms.ts"),
    scanFixture("transforms-compiled.d.ts"),
    scanFixture("transforms-compiled.js"),
  ]);
});

const nodeNames = ["sales", "scaledSales", "total", "average", "identity", "mean", "loadRate", "tax__us", "cleanTotal", "ratio", "capped"];

describe("scanSource on a TypeScript module", () => {
  it("scanSource records every exported node function in source order, with its form", () => {
    expect(source.manifest.functions.map((entry) => [entry.exportName, entry.form])).toEqual([
      ["sales", "declaration"],
      ["scaledSales", "declaration"],
      ["total", "arrow"],
      ["average", "function-expression"],
      ["identity", "arrow"],
      ["mean", "arrow"],
      ["loadRate", "arrow"],
      ["tax__us", "wrapped"],
      ["cleanTotal", "wrapped"],
      ["ratio", "arrow"],
      ["capped", "wrapped"],
      ["renamedTotal", "declaration"],
      ["formatted", "arrow"],
    ]);
  });

  it("scanSource reads parameter names, written types, optional flags and defaults", () => {
    expect(functionNamed(source.manifest, "scaledSales").params).toEqual([
      { name: "sales", type: "number[]", optional: false },
      { name: "scale", type: "number", optional: true, defaultText: "2" },
    ]);
    expect(functionNamed(source.manifest, "total").params).toEqual([
      { name: "scaledSales", type: "number[]", optional: false },
      { name: "offset", type: "number", optional: true },
    ]);
  });

  it("scanSource unwraps Promise<…> from return types and marks async functions", () => {
    const scaled = functionNamed(source.manifest, "scaledSales");
    expect([scaled.returnType, scaled.isAsync]).toEqual(["number[]", true]);
    const sales = functionNamed(source.manifest, "sales");
    expect([sales.returnType, sales.isAsync]).toEqual(["number[]", false]);
  });

  it("scanSource keeps generic types as written", () => {
    const identity = functionNamed(source.manifest, "identity");
    expect(identity.params).toEqual([{ name: "value", type: "T", optional: false }]);
    expect(identity.returnType).toBe("T");
  });

  it("scanSource infers the return types that are not written down", () => {
    expect(functionNamed(source.manifest, "mean").returnType).toBe("number");
    const loadRate = functionNamed(source.manifest, "loadRate");
    expect([loadRate.returnType, loadRate.isAsync]).toEqual(["{ region: string; rate: number; }", true]);
  });

  it("scanSource reads the JSDoc summary before any block tag, from the statement of a const", () => {
    expect(functionNamed(source.manifest, "sales").doc).toBe("Raw sales, one number per day.\n\nRead from the warehouse.");
    expect(functionNamed(source.manifest, "total").doc).toBe("Total of the scaled sales.");
    expect(functionNamed(source.manifest, "tax__us").doc).toBe("US tax, tagged and config-gated.");
    expect(functionNamed(source.manifest, "identity")).not.toHaveProperty("doc");
  });

  it("scanSource records modifiers outermost first, with the text of every argument but the wrapped one", () => {
    expect(functionNamed(source.manifest, "tax__us").modifiers).toEqual([
      { name: "tag", args: ['{ owner: "finance" }'] },
      { name: "configWhen", args: ['{ region: "US" }'] },
    ]);
    const cleanTotal = functionNamed(source.manifest, "cleanTotal");
    expect(cleanTotal.modifiers).toEqual([
      { name: "tag", args: ['{ owner: "data" }'] },
      { name: "pipeInput", args: ["_normalize"] },
    ]);
    expect(cleanTotal.params.map((param) => param.name)).toEqual(["total"]);
  });

  it("scanSource sees through satisfies, as and parentheses", () => {
    const ratio = functionNamed(source.manifest, "ratio");
    expect([ratio.form, ratio.params.map((param) => param.name)]).toEqual(["arrow", ["total", "days"]]);
    const capped = functionNamed(source.manifest, "capped");
    expect([capped.form, capped.modifiers.map((modifier) => modifier.name), capped.params.map((param) => param.name)]).toEqual([
      "wrapped",
      ["configWhen"],
      ["total"],
    ]);
  });

  it("scanSource names a node in a local export list by its export name, with the declaration's line and doc", () => {
    const renamed = functionNamed(source.manifest, "renamedTotal");
    expect(renamed.params).toEqual([{ name: "total", type: "number", optional: false }]);
    expect(renamed.line).toBe(lineWhere(source.text, "function localTotal("));
    expect(renamed.doc).toBe("Exported under another name.");
    expect(functionNamed(source.manifest, "formatted").returnType).toBe("string");
  });

  it("scanSource skips _private names, non-exported functions, default exports and re-exports", () => {
    const names = [
      ...source.manifest.functions.map((entry) => entry.exportName),
      ...source.manifest.nonFunctionExports.map((entry) => entry.exportName),
      ...source.manifest.problems.map((entry) => entry.exportName),
    ];
    for (const skipped of ["_private", "_normalize", "helper", "pipeInput", "makeNode", "localTotal", "main", "default", "reexportedTag"]) {
      expect(names).not.toContain(skipped);
    }
  });

  it("scanSource lists the exports that are not node functions, with the reason", () => {
    expect(source.manifest.nonFunctionExports.map((entry) => [entry.exportName, entry.reason])).toEqual([
      ["factor", "not-a-function"],
      ["settings", "not-a-function"],
      ["counter", "not-a-function"],
      ["threshold", "not-a-function"],
      ["Report", "class"],
      ["made", "opaque-function"],
    ]);
  });

  it("scanSource reports overloads and unnamed parameters as invalid_signature problems", () => {
    expect(source.manifest.problems.map((problem) => [problem.exportName, problem.code, problem.line])).toEqual([
      ["parse", "invalid_signature", lineWhere(source.text, "export function parse(text: string)")],
      ["spread", "invalid_signature", lineWhere(source.text, "export const spread")],
      ["collect", "invalid_signature", lineWhere(source.text, "export function collect")],
    ]);
    expect(source.manifest.problems.map((problem) => problem.message)).toMatchInlineSnapshot(`
      [
        ""parse" has 2 overload signatures, but overloads are not supported: funcflow reads a node's dependencies from one list of parameter names. Keep a single signature (a union type can accept several kinds of value), or split it into separately named functions.",
        ""spread" parameter 1 ({ a, b }: { a: number; b: number }) is a destructuring pattern, but funcflow reads a node's dependencies from its parameter names. Name each parameter after the node it needs, e.g. spread(a, b).",
        ""collect" parameter 2 (...rest: number[]) is a rest parameter, but funcflow reads a node's dependencies from its parameter names, so it cannot tell which nodes it collects. Name each parameter after the node it needs, one parameter per node.",
      ]
    `);
  });

  it("scanSource records the line of each export statement", () => {
    for (const [name, snippet] of [
      ["sales", "export function sales("],
      ["average", "export const average"],
      ["tax__us", "export const tax__us"],
      ["formatted", "const formatted"],
    ] as const) {
      expect(functionNamed(source.manifest, name).line, name).toBe(lineWhere(source.text, snippet));
    }
  });

  it("scanSource records the file's base name and content hash, and is deterministic", () => {
    expect(source.manifest.file).toBe("transforms.ts");
    expect(source.manifest.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = scanSource(source.text, "/elsewhere/transforms.ts");
    expect(JSON.stringify(again)).toBe(JSON.stringify(source.manifest));
  });
});

describe("scanSource on tsc's declaration output", () => {
  it("scanSource reads every node function of a .d.ts as declared, with the source's names and parameters", () => {
    const fromSource = new Map(source.manifest.functions.map((entry) => [entry.exportName, entry]));
    for (const name of [...nodeNames, "renamedTotal", "formatted"]) {
      const declared = functionNamed(declarations.manifest, name);
      expect(declared.form, name).toBe("declared");
      expect(declared.params.map((param) => [param.name, param.optional]), name).toEqual(
        fromSource.get(name)?.params.map((param) => [param.name, param.optional]),
      );
      expect(declared.modifiers, name).toEqual([]);
    }
  });

  it("scanSource reads a .d.ts's types, Promise unwrapped, and the docs tsc keeps", () => {
    const scaled = functionNamed(declarations.manifest, "scaledSales");
    expect(scaled.params[1]).toEqual({ name: "scale", type: "number", optional: true });
    expect([scaled.returnType, scaled.isAsync, scaled.doc]).toEqual(["number[]", true, "Sales times a scale."]);
    expect(functionNamed(declarations.manifest, "sales").doc).toBe("Raw sales, one number per day.\n\nRead from the warehouse.");
    const loadRate = functionNamed(declarations.manifest, "loadRate");
    expect([loadRate.returnType, loadRate.isAsync]).toEqual(["{\n    region: string;\n    rate: number;\n}", true]);
  });

  it("scanSource reads a function-typed const made by a call in a .d.ts as a node: its type shows the parameters", () => {
    expect(functionNamed(declarations.manifest, "made").params).toEqual([{ name: "total", type: "number", optional: false }]);
  });

  it("scanSource lists a .d.ts's values and classes and reports its overloads and unnamed parameters", () => {
    expect(declarations.manifest.nonFunctionExports.map((entry) => [entry.exportName, entry.reason])).toEqual([
      ["factor", "not-a-function"],
      ["settings", "not-a-function"],
      ["counter", "not-a-function"],
      ["threshold", "not-a-function"],
      ["Report", "class"],
    ]);
    expect(declarations.manifest.problems.map((problem) => [problem.exportName, problem.message.slice(0, 40)])).toEqual([
      ["parse", '"parse" has 2 overload signatures, but o'],
      ["spread", '"spread" parameter 1 ({ a, b }: {\n    a:'],
      ["collect", '"collect" parameter 2 (...rest: number[]'],
    ]);
  });
});

describe("scanSource on plain JavaScript", () => {
  it("scanSource reads a .js module's node functions with unknown types, but a literal default's", () => {
    const names = declarations.manifest.functions.map((entry) => entry.exportName).filter((name) => name !== "made");
    expect(javascript.manifest.functions.map((entry) => entry.exportName).sort()).toEqual([...names, "parse"].sort());
    const scaled = functionNamed(javascript.manifest, "scaledSales");
    expect(scaled.params).toEqual([
      { name: "sales", type: "unknown", optional: false },
      { name: "scale", type: "number", optional: true, defaultText: "2" },
    ]);
    expect([scaled.returnType, scaled.isAsync, scaled.doc]).toEqual(["unknown", true, "Sales times a scale."]);
    expect(functionNamed(javascript.manifest, "mean").returnType).toBe("unknown");
  });

  it("scanSource reads modifiers and non-function exports from a .js module", () => {
    expect(functionNamed(javascript.manifest, "cleanTotal").modifiers).toEqual([
      { name: "tag", args: ['{ owner: "data" }'] },
      { name: "pipeInput", args: ["_normalize"] },
    ]);
    expect(javascript.manifest.nonFunctionExports.map((entry) => entry.exportName)).toEqual([
      "factor",
      "settings",
      "counter",
      "threshold",
      "Report",
      "made",
    ]);
  });
});
