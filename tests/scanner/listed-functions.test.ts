/**
 * The scanner ties each entry of a `subdag`/`parameterizedSubdag`/`withColumns` call's
 * `functions` list to its declaration: local functions (exported or not, any form, wrapped or
 * not, nested lists) are read as exports are into `listedFunctions`; imports are recorded as
 * specifier and export name; anything else as unreadable, with why.
 */
import { describe, expect, it } from "vitest";
import { scanSource } from "funcflow/scanner";

const scan = (body: string) => scanSource(`import { subdag, withColumns, parameterizedSubdag, configWhen } from "funcflow";\n${body}`, "m.ts");
const lists = (body: string, exportName = "out") => scan(body).functions.find((fn) => fn.exportName === exportName)?.functionLists;

describe("scanner: functions lists", () => {
  it("reads local functions of every form as exports are, by their local name, with inferred return types and code versions", () => {
    const manifest = scan(`
      /** Loads. */
      function load(path: string): number { return path.length; }
      const clean = (load: number) => load + 1;
      export const shared = function (clean: number): number { return clean; };
      const pick__a = configWhen({ k: "a" }, (clean: number): number => clean);
      export const out = subdag({ functions: [load, clean, shared, pick__a] }, (clean: number): number => clean);`);
    expect(manifest.functions.find((fn) => fn.exportName === "out")?.functionLists).toEqual([
      { modifier: "subdag", entries: ["load", "clean", "shared", "pick__a"].map((name) => ({ kind: "local", name })) },
    ]);
    const listed = manifest.listedFunctions ?? [];
    expect(listed.map((fn) => [fn.exportName, fn.form, fn.params.map((p) => p.name), fn.returnType])).toEqual([
      ["load", "declaration", ["path"], "number"],
      ["clean", "arrow", ["load"], "number"],
      ["shared", "function-expression", ["clean"], "number"],
      ["pick__a", "wrapped", ["clean"], "number"],
    ]);
    expect(listed[0]).toMatchObject({ doc: "Loads.", line: 4 });
    expect(listed[3]?.modifiers).toEqual([{ name: "configWhen", args: [`{ k: "a" }`] }]);
    for (const fn of listed) expect(fn.codeVersion).toMatch(/^[0-9a-f]{32}$/);
  });

  it("records imports by specifier and export name, a namespace import's member too, and reads nested lists once", () => {
    const manifest = scan(`
      import { a as renamed } from "./cols.ts";
      import * as more from "../more.js";
      const leaf = (x: number): number => x;
      const inner = subdag({ functions: [leaf, renamed] }, (leaf: number): number => leaf);
      export const out = parameterizedSubdag({ functions: [inner, more.b, leaf] }, { one: {} }, (inner: number): number => inner);`);
    expect(manifest.functions.find((fn) => fn.exportName === "out")?.functionLists?.[0]?.entries).toEqual([
      { kind: "local", name: "inner" },
      { kind: "imported", specifier: "../more.js", exportName: "b" },
      { kind: "local", name: "leaf" },
    ]);
    expect(manifest.listedFunctions?.map((fn) => fn.exportName)).toEqual(["leaf", "inner"]);
    expect(manifest.listedFunctions?.find((fn) => fn.exportName === "inner")?.functionLists?.[0]?.entries).toEqual([
      { kind: "local", name: "leaf" },
      { kind: "imported", specifier: "./cols.ts", exportName: "a" },
    ]);
  });

  it("follows options and lists held in module consts, and shorthand functions", () => {
    expect(lists(`const f = (x: number): number => x;\nconst functions = [f];\nconst options = { functions, columnsToPass: ["x"] };\nexport const out = withColumns(options, (t: unknown): unknown => t);`)).toEqual([
      { modifier: "withColumns", entries: [{ kind: "local", name: "f" }] },
    ]);
  });

  it("records entries that name no declaration as unreadable, with why", () => {
    const entries = lists(`
      import * as whole from "./cols.ts";
      const make = () => (x: number): number => x;
      const made = make();
      class K {}
      export const out = subdag({ functions: [make(), ...[], obj.f, (x: number) => x, made, whole, K, missing] }, (x: number): number => x);`)?.[0]?.entries;
    expect(entries?.map((entry) => (entry.kind === "unreadable" ? `${entry.text}: ${entry.reason.split(";")[0]}` : entry.kind))).toEqual([
      "make(): is made by a call, so its parameters cannot be seen in the source",
      "...[]: is a spread, so the scanner cannot see which functions it holds",
      "obj.f: is a property of a value, which the scanner cannot tie to a declaration",
      "(x: number) => x: is written in place, so it has no name to make its node",
      "made: is not a function whose parameters can be seen in the source (made by a call, or not a function)",
      "whole: is a whole module (import * as …), not a function: pass it in modules, or list its functions",
      "K: is a class",
      "missing: is not declared at the top level of this module",
    ]);
  });

  it("records a list it cannot see as a problem, and nothing for options without functions", () => {
    expect(lists(`const all = [].concat();\nexport const out = subdag({ functions: all }, (x: number): number => x);`)?.[0]?.problem).toBe("functions is all, not a list written in place; write functions: [f, g]");
    expect(lists(`const base = {};\nexport const out = subdag({ ...base }, (x: number): number => x);`)?.[0]?.problem).toContain("its options spread another object");
    expect(lists(`export const out = subdag(makeOptions(), (x: number): number => x);`)?.[0]?.problem).toContain("its options are not written as an object literal");
    expect(lists(`export const out = subdag({ modules: [new URL("./p.ts", import.meta.url)] }, (x: number): number => x);`)).toBeUndefined();
    expect(scan(`export const out = subdag({ modules: [] }, (x: number): number => x);`).listedFunctions).toBeUndefined();
  });
});
