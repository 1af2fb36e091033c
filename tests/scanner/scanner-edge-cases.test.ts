import { describe, expect, it } from "vitest";
import { scanSource } from "funcflow/scanner";
import { isFuncflowError } from "../../src/errors/index.ts";
import { contentHash } from "../../src/manifest/content-hash.ts";
import { functionNamed } from "./fixtures/scanner/scan-fixture.ts";

describe("scanSource on small modules", () => {
  it("scanSource writes a whole manifest for a small module", () => {
    const source = `/** Doubles it. */\nexport const double = (x: number, by = 2): number => x * by;\nexport const limit = 10;\n`;
    const manifest = scanSource(source, "src/math.ts");
    expect(manifest.contentHash).toBe(contentHash(source));
    expect(manifest).toMatchInlineSnapshot({ contentHash: expect.any(String) }, `
      {
        "contentHash": Any<String>,
        "file": "math.ts",
        "functions": [
          {
            "codeVersion": "d86124421f2a7555a5c8fbeec553fbd6",
            "doc": "Doubles it.",
            "exportName": "double",
            "form": "arrow",
            "isAsync": false,
            "line": 2,
            "modifiers": [],
            "params": [
              {
                "name": "x",
                "optional": false,
                "type": "number",
              },
              {
                "defaultText": "2",
                "name": "by",
                "optional": true,
                "type": "number",
              },
            ],
            "returnType": "number",
          },
        ],
        "nonFunctionExports": [
          {
            "exportName": "limit",
            "line": 3,
            "reason": "not-a-function",
          },
        ],
        "problems": [],
        "schemaVersion": 1,
      }
    `);
  });

  it("scanSource types an unannotated parameter by its literal default, as TypeScript widens it, and nothing else", () => {
    const cases: [string, string][] = [
      ["2", "number"], ["-1.5", "number"], ["0x10", "number"], ["10n", "bigint"], ["-3n", "bigint"],
      ['"x"', "string"], ["`t`", "string"], ["true", "boolean"], ["false", "boolean"],
      ["`${2}`", "unknown"], ['-"x"', "unknown"], ["!true", "unknown"], ["null", "unknown"], ["undefined", "unknown"],
      ["[1]", "unknown"], ["{}", "unknown"], ["LIMIT", "unknown"], ["1 + 1", "unknown"], ["(2)", "unknown"],
    ];
    const source = `const LIMIT = 3;\n${cases.map(([initializer], index) => `export const f${index} = (x: number, p = ${initializer}) => x;`).join("\n")}\nexport const typed = (x: number, p: string = "2") => x;\n`;
    for (const language of ["m.ts", "m.js"]) {
      const manifest = scanSource(source.replaceAll(": number", language === "m.js" ? "" : ": number").replace(": string", language === "m.js" ? "" : ": string"), language);
      cases.forEach(([initializer, type], index) => expect(functionNamed(manifest, `f${index}`).params[1], `${language}: p = ${initializer}`).toEqual({ name: "p", type, optional: true, defaultText: initializer }));
      expect(functionNamed(manifest, "typed").params[1]!.type).toBe("string");
    }
  });

  it("scanSource reports a this parameter by function and position", () => {
    const manifest = scanSource("export function area(this: { w: number }, scale: number): number { return this.w * scale; }", "m.ts");
    expect(manifest.functions).toEqual([]);
    expect(manifest.problems).toEqual([
      {
        exportName: "area",
        line: 1,
        code: "invalid_signature",
        message:
          '"area" parameter 1 (this: { w: number }) is a `this` parameter, but funcflow reads a node\'s dependencies from its parameter names and calls nodes without a `this`. Remove it, and name each parameter after the node it needs.',
      },
    ]);
  });

  it("scanSource follows a modifier's wrapped argument to a local function, taking its doc when the export has none", () => {
    const manifest = scanSource(
      [
        'import * as ff from "funcflow";',
        "/** Sales in dollars. */",
        "function _inDollars(cents: number): number { return cents / 100; }",
        'export const dollars = ff["tag"]({ unit: "USD" }, ff.configWhen({ region: "US" }, _inDollars));',
      ].join("\n"),
      "m.ts",
    );
    const dollars = functionNamed(manifest, "dollars");
    expect(dollars.form).toBe("wrapped");
    expect(dollars.params.map((param) => param.name)).toEqual(["cents"]);
    expect(dollars.doc).toBe("Sales in dollars.");
    expect(dollars.modifiers).toEqual([
      { name: "tag", args: ['{ unit: "USD" }'] },
      { name: "configWhen", args: ['{ region: "US" }'] },
    ]);
  });

  it("scanSource reads an exported alias of a local function as that function", () => {
    const manifest = scanSource("function base(a: number): number { return a; }\nexport const alias = base;", "m.ts");
    expect(functionNamed(manifest, "alias")).toMatchObject({ form: "declaration", line: 2, params: [{ name: "a" }] });
  });

  it("scanSource marks values made by calls, member reads and destructuring as opaque-function", () => {
    const manifest = scanSource(
      [
        'import { make, tools } from "./tools";',
        "export const made = make();",
        "export const configured = make({ size: 3 });",
        "export const method = tools.method;",
        "export const { first, _hidden } = tools;",
        "export const nothing = undefined;",
        "export const Shape = class {};",
      ].join("\n"),
      "m.ts",
    );
    expect(manifest.functions).toEqual([]);
    expect(manifest.nonFunctionExports.map((entry) => [entry.exportName, entry.reason])).toEqual([
      ["made", "opaque-function"],
      ["configured", "opaque-function"],
      ["method", "opaque-function"],
      ["first", "opaque-function"],
      ["nothing", "not-a-function"],
      ["Shape", "class"],
    ]);
  });

  it("scanSource lists a local export list's values by their export names", () => {
    const manifest = scanSource("const limit = 5;\nclass Box {}\nexport { limit as maxRows, Box };", "m.ts");
    expect(manifest.nonFunctionExports).toEqual([
      { exportName: "maxRows", line: 1, reason: "not-a-function" },
      { exportName: "Box", line: 2, reason: "class" },
    ]);
  });

  it("scanSource does not mark an async generator async: it returns its iterator at once", () => {
    const manifest = scanSource("export async function* ticks(count: number): AsyncGenerator<number> { yield count; }", "m.ts");
    expect(functionNamed(manifest, "ticks")).toMatchObject({ returnType: "AsyncGenerator<number>", isAsync: false });
  });

  it("scanSource reads unknown for an inferred type that comes from an unresolvable import", () => {
    const manifest = scanSource('import type { Table } from "apache-arrow";\nexport const rows = (table: Table) => table.numRows;', "m.ts");
    expect(functionNamed(manifest, "rows")).toMatchObject({ params: [{ name: "table", type: "Table" }], returnType: "unknown" });
  });

  it("scanSource infers a promise-returning function without async as async", () => {
    const manifest = scanSource("export const later = (value: number) => Promise.resolve(value * 2);", "m.ts");
    expect(functionNamed(manifest, "later")).toMatchObject({ returnType: "number", isAsync: true });
  });

  it("scanSource takes the last JSDoc comment and keeps inline tags, but no block tags", () => {
    const manifest = scanSource(
      [
        "/** Module notes. */",
        "// a line comment between",
        "/** Uses {@link other}",
        " * on two lines. @not-a-tag mid-line",
        " * @deprecated use other",
        " */",
        "export function one(x: number): number { return x; }",
        "/** @internal */",
        "export function two(x: number): number { return x; }",
      ].join("\n"),
      "m.ts",
    );
    expect(functionNamed(manifest, "one").doc).toBe("Uses {@link other}\non two lines. @not-a-tag mid-line");
    expect(functionNamed(manifest, "one").line).toBe(7);
    expect(functionNamed(manifest, "two")).not.toHaveProperty("doc");
  });

  it("scanSource throws scan_failed for a file it cannot read as a script", () => {
    let thrown: unknown;
    try {
      scanSource("x = 1", "notes.py");
    } catch (error) {
      thrown = error;
    }
    expect(isFuncflowError(thrown, "scan_failed")).toBe(true);
    expect((thrown as Error).message).toMatchInlineSnapshot(
      `"notes.py: funcflow cannot scan this kind of file. Pass a module ending in .ts, .mts, .tsx, .js, .mjs or .d.ts."`,
    );
  });
});

describe("scanSource on declaration files", () => {
  it("scanSource reads call signatures, intersections and opaque types of ambient consts", () => {
    const manifest = scanSource(
      [
        "export declare const called: { (rows: number): string; meta: string };",
        "export declare const tagged: ((rows: number) => string) & { readonly tags: string[] };",
        "export declare const both: { (rows: number): string; (rows: string): string };",
        "export declare const thing: Thing;",
        "export declare const maybe: number | undefined;",
        "declare function hidden(rows: number): number;",
        "export { hidden as shown };",
      ].join("\n"),
      "m.d.ts",
    );
    expect(manifest.functions.map((entry) => [entry.exportName, entry.form, entry.params.map((param) => param.name)])).toEqual([
      ["called", "declared", ["rows"]],
      ["tagged", "declared", ["rows"]],
      ["shown", "declared", ["rows"]],
    ]);
    expect(manifest.problems.map((problem) => problem.exportName)).toEqual(["both"]);
    expect(manifest.nonFunctionExports.map((entry) => [entry.exportName, entry.reason])).toEqual([
      ["thing", "opaque-function"],
      ["maybe", "not-a-function"],
    ]);
  });

  it("scanSource reads an ambient declaration in a .ts file as declared", () => {
    const manifest = scanSource("export declare function external(rows: number): Promise<string>;", "m.ts");
    expect(functionNamed(manifest, "external")).toMatchObject({ form: "declared", returnType: "string", isAsync: true });
  });
});

describe("scanSource records functions that are not exported by name", () => {
  it("lists helpers without export and the default export, and nothing else", () => {
    const source = [
      `function helper(x: number) { return x; }`, // 1
      `const arrow = (x: number) => x;`, // 2
      `const value = 3;`, // 3
      `function _private() {}`, // 4
      `export function node(x: number) { return helper(x) + arrow(x) + value; }`, // 5
      `function renamed() {}`, // 6
      `export { renamed as exportedName };`, // 7
      `export default function main() {}`, // 8
      `class Thing {}`, // 9
    ].join("\n");
    expect(scanSource(source, "m.ts").hiddenFunctions).toEqual([
      { name: "helper", line: 1, reason: "not-exported" },
      { name: "arrow", line: 2, reason: "not-exported" },
      { name: "main", line: 8, reason: "default-export" },
    ]);
  });

  it("follows `export default name` and `export { name as default }`", () => {
    expect(scanSource(`const f = () => 1;\nexport default f;\nexport const g = () => 2;`, "m.ts").hiddenFunctions).toEqual([{ name: "f", line: 1, reason: "default-export" }]);
    expect(scanSource(`function f() {}\nexport { f as default };\nexport const g = () => 2;`, "m.ts").hiddenFunctions).toEqual([{ name: "f", line: 1, reason: "default-export" }]);
  });

  it("leaves the field out when every function is exported", () => {
    expect(scanSource(`export const g = () => 2;`, "m.ts")).not.toHaveProperty("hiddenFunctions");
  });
});
