/**
 * Follows Hamilton's tests/function_modifiers/test_adapters.py (facts only): `load_from`,
 * `save_to`, `dataloader` and `datasaver`. funcflow's loaders are file formats (CSV, JSON, Arrow
 * IPC, Parquet), not a registry of loader classes, so the cases about registering, resolving
 * and instantiating DataLoader/DataSaver classes (mock loaders, default factories, applicable
 * types) have no counterpart; their node-shape facts are ported with files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

const scratch = mkdtempSync(join(tmpdir(), "funcflow-hm-adapters-"));
afterAll(() => {
  removeInlineModules();
  rmSync(scratch, { recursive: true, force: true });
});

const fixture = new URL("../fixtures/hamilton-tests/adapters.ts", import.meta.url);
const employeesJson = new URL("../fixtures/hamilton-tests/data/employees.json", import.meta.url).pathname;
const employeesCsv = new URL("../fixtures/hamilton-tests/data/employees.csv", import.meta.url).pathname;
const dr = await new Builder().withModules(fixture).withManifestCache(false).build();
const made = (fn: string) =>
  dr
    .listNodes()
    .filter((node) => node.name === fn || node.group === fn)
    .map((node) => node.name)
    .sort();
const depsOf = (name: string) => dr.node(name).dependencies.map((d) => d.name);

describe("loadFrom (test_load_from_decorator*)", () => {
  it("makes <fn>.load_data.<param>, <fn>.select_data.<param> and <fn>", () => {
    expect(made("rawJsonData")).toEqual(["rawJsonData", "rawJsonData.load_data.data", "rawJsonData.select_data.data"]);
    expect(depsOf("rawJsonData")).toEqual(["rawJsonData.select_data.data"]);
    expect(depsOf("rawJsonData.select_data.data")).toEqual(["rawJsonData.load_data.data"]);
    expect([dr.node("rawJsonData.load_data.data").role, dr.node("rawJsonData.select_data.data").role]).toEqual(["loader", "selector"]);
  });

  it("load_data holds [data, metadata], select_data the data, and the function receives it (test_load_from_decorator_end_to_end)", async () => {
    const result = await dr.execute(["rawJsonData.load_data.data", "rawJsonData.select_data.data", "rawJsonData"]);
    const [data, metadata] = result["rawJsonData.load_data.data"] as [unknown, { path: string; format: string }];
    expect(metadata).toMatchObject({ path: employeesJson, format: "json" });
    expect(result["rawJsonData.select_data.data"]).toEqual(data);
    expect(result.rawJsonData).toEqual(data);
  });

  it.each([
    ["value(path)", "meanAge", {}],
    ["source(node)", "meanAgeFromSource", { testData: employeesJson }],
  ])("reads the path given as %s (test_load_from_decorator_json_file)", async (_, output, inputs) => {
    const result = await dr.execute([output], { inputs });
    expect(result[output]).toBeCloseTo(32.3333, 4);
  });

  it("a source path is a dependency of the load node (test_load_from_with_input_from_other_fn)", async () => {
    expect(depsOf("rawJsonDataFromSource.load_data.data")).toEqual(["testData"]);
    const local = await buildSource(`
      export const inputPath = (): string => ${JSON.stringify(employeesJson)};
      export const fn = ff.loadFrom({ path: ff.source("inputPath"), as: "json" }, (data: { employees: unknown[] }): number => data.employees.length);
    `);
    expect(local.listNodes().map((node) => node.name).sort()).toEqual(["fn", "fn.load_data.data", "fn.select_data.data", "inputPath"]);
    expect(await local.execute(["fn"])).toEqual({ fn: 3 });
  });

  it("loads into each parameter inject names, one loader pair each (test_load_from_with_multiple_inputs, test_load_from_decorator_end_to_end_with_multiple)", async () => {
    expect(made("both")).toEqual(["both", "both.load_data.data1", "both.load_data.data2", "both.select_data.data1", "both.select_data.data2"]);
    expect(await dr.execute(["both"])).toEqual({ both: 6 });
  });

  it("needs inject when the function has several parameters (test_load_from_decorator_validate_fails_dont_know_which_param_to_inject)", async () => {
    const error = await caught(buildSource(`export const fn = ff.loadFrom({ path: "x.json" }, (injected: number, other: number): number => injected + other);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`loadFrom needs { inject: "<parameter>" }`);
  });

  it("accepts inject naming one of several parameters; the others stay dependencies (test_load_from_decorator_validate_succeeds_with_inject)", async () => {
    const local = await buildSource(`export const fn = ff.loadFrom({ path: ${JSON.stringify(employeesJson)}, as: "json", inject: "injected" }, (injected: { employees: unknown[] }, dependent: number): number => injected.employees.length + dependent);`);
    expect(local.node("fn").dependencies.map((d) => d.name)).toEqual(["fn.select_data.injected", "dependent"]);
    expect(await local.execute(["fn"], { inputs: { dependent: 10 } })).toEqual({ fn: 13 });
  });

  it("refuses inject naming a parameter the function lacks (test_load_from_decorator_validate_fails_inject_not_in_fn)", async () => {
    const error = await caught(buildSource(`export const fn = ff.loadFrom({ path: "x.json", inject: "injected" }, (dependent: number): number => dependent);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`loadFrom injects "injected", which is not a parameter of "fn"`);
  });

  it("refuses a loader with no path (test_load_from_decorator_validate_fails_inject_missing_param)", async () => {
    const error = await caught(buildSource(`export const fn = ff.loadFrom({} as never, (data: number): number => data);`));
    expect(error.code).toBe("invalid_modifier");
  });
});

describe("saveTo (test_save_to_*)", () => {
  it("adds a saver node outputName (default save.<fn>) reading the function and its path source", () => {
    expect(depsOf("saveDf")).toEqual(["df", "outputPath"]);
    expect(dr.node("saveDf").role).toBe("saver");
  });

  it("saves what it loaded; reading the saved file back gives the same table (test_pandas_extensions_end_to_end)", async () => {
    const outputPath = join(scratch, "output.csv");
    const first = await dr.execute(["df", "saveDf"], { inputs: { inputPath: employeesCsv, outputPath } });
    const table = first.df as Table;
    expect([table.numRows, table.numCols]).toEqual([3, 5]);
    expect(table.getChild("firstName")?.get(0)).toBe("Ada");
    expect(first.saveDf).toMatchObject({ path: outputPath, format: "csv", rows: 3 });
    const again = await dr.execute(["df"], { inputs: { inputPath: outputPath } });
    expect((again.df as Table).toArray().map((row) => row.toJSON())).toEqual(table.toArray().map((row) => row.toJSON()));
  });

  it("names the saver save.<fn> by default; a path source from another function is a dependency (test_save_to_with_input_from_other_fn)", async () => {
    const local = await buildSource(`
      export const outputPath = (): string => ${JSON.stringify(join(scratch, "other.json"))};
      export const fn = ff.saveTo({ path: ff.source("outputPath"), as: "json" }, (): Record<string, number> => ({ a: 1 }));
    `);
    expect(local.listNodes().map((node) => node.name).sort()).toEqual(["fn", "outputPath", "save.fn"]);
    expect(await local.execute(["save.fn"])).toEqual({ "save.fn": { path: join(scratch, "other.json"), format: "json" } });
  });

  it.each([
    ["a parameterized function", `ff.saveTo({ path: "x.json", as: "json" }, ff.parameterizeValues("x", { c1: 1, c2: 5 }, (x: number): number => x))`, `saveTo saves 2 nodes ("c1", "c2") to one path`],
    ["extracted fields, with an outputName", `ff.saveTo({ path: ff.source("p"), as: "json", outputName: "saved" }, ff.extractFields((): { a: number; b: number } => ({ a: 1, b: 2 })))`, `(and outputName "saved" would name them all)`],
  ])("refuses saving several nodes of %s to one path, where each write would replace the last", async (_, wrapped, message) => {
    const error = await caught(buildSource(`export const c = ${wrapped};`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(message);
  });

  it("saves the node target names, e.g. the function itself rather than its extracted fields (test_save_to_decorator_with_target)", async () => {
    const local = await buildSource(`
      export const fn = ff.saveTo({ path: "unused.json", as: "json", target: "fn" }, ff.extractFields((): { a: number; b: number } => ({ a: 1, b: 2 })));
    `);
    expect(local.node("save.fn").dependencies.map((d) => d.name)).toEqual(["fn"]);
  });
});

describe("dataloader / datasaver (test_dataloader, test_datasaver, test_dl_validate_*)", () => {
  it("dataloader: <fn>.loader holds the [data, metadata] pair, <fn> the data; both keep the function's parameters upstream", async () => {
    expect(made("correctDlFunction")).toEqual(["correctDlFunction", "correctDlFunction.loader"]);
    expect(dr.node("correctDlFunction.loader").dependencies.map((d) => [d.name, d.optional])).toEqual([["foo", false]]);
    expect(depsOf("correctDlFunction")).toEqual(["correctDlFunction.loader"]);
    expect(dr.node("correctDlFunction.loader").tags["funcflow.io"]).toBe("dataloader");
    expect(await dr.execute(["correctDlFunction.loader", "correctDlFunction"], { inputs: { foo: 0 } })).toEqual({
      "correctDlFunction.loader": [1, { source: "memory" }],
      correctDlFunction: 1,
    });
  });

  it("datasaver: one node, tagged, returning the metadata", async () => {
    expect(made("correctDsFunction")).toEqual(["correctDsFunction"]);
    expect(dr.node("correctDsFunction").tags["funcflow.io"]).toBe("datasaver");
    expect(await dr.execute(["correctDsFunction"], { inputs: { data: 0 } })).toEqual({ correctDsFunction: { wrote: 0 } });
  });

  it.each([
    ["a scalar", "number", "1"],
    ["a one-element tuple", "[number]", "[1]"],
    ["a triple", "[number, object, object]", "[1, {}, {}]"],
    ["a pair whose metadata is a list", "[number, unknown[]]", "[1, []]"],
    ["a pair whose metadata is a string", "[number, string]", `[1, "meta"]`],
  ])("dataloader refuses a function declared to return %s (test_dl_validate_incorrect_functions)", async (_, type, body) => {
    const error = await caught(buildSource(`export const fn = ff.dataloader((): ${type} => ${body} as never);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("dataloader returns [data, metadata]");
  });

  it.each([
    ["[number, Record<string, unknown>]", "[1, {}]"],
    ["[Record<string, number>, Record<string, string>]", `[{ a: 1 }, { b: "c" }]`],
    ["Promise<[number[], { rows: number }]>", "Promise.resolve([[1], { rows: 1 }])"],
  ])("dataloader accepts %s (test_dl_validate_with_correct_function, _with_subscripts)", async (type, body) => {
    const local = await buildSource(`export const fn = ff.dataloader(${type.startsWith("Promise") ? "async " : ""}(): ${type} => ${type.startsWith("Promise") ? `await ${body}` : body} as never);`);
    expect(local.listNodes().map((node) => node.name).sort()).toEqual(["fn", "fn.loader"]);
  });

  it.each([
    ["number", "data"],
    ["string[]", "[]"],
    ["[string, number]", `["a", 1]`],
    [`"done"`, `"done"`],
  ])("datasaver refuses a function declared to return %s: metadata is an object (test_ds_validate_incorrect_function)", async (type, body) => {
    const error = await caught(buildSource(`export const fn = ff.datasaver((data: number): ${type} => ${body});`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("datasaver returns metadata about what it wrote");
  });
});
