/**
 * Follows the facts asserted by Hamilton's tests/test_hamilton_driver.py (the driver: config
 * and runtime inputs as outputs, cycles, tags and tag filters, external inputs, required
 * inputs off the execution path, functions as outputs, the default result, the builder,
 * materializers, validate_execution, validate_materialization), written against funcflow's Builder/Driver. Fixtures:
 * tests/fixtures/hamilton-tests/graph/.
 *
 * Not ported: telemetry (8 cases), the V1/V2 executor classes and `graph_executor.validate`
 * (funcflow has one executor, which runs parallel blocks without a switch), `Variable.from_node`
 * internals, pickling a driver (`__getstate__`), the MultiProcessingExecutor.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { caught, rejection } from "../support/caught.ts";

const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/graph/${name}.ts`, import.meta.url);
const build = (name: string, config: Record<string, unknown> = {}) => new Builder().withModules(fixture(name)).withConfig(config as never).build();

describe("hamilton tests/test_hamilton_driver.py: inputs, config and outputs", () => {
  it("a config value is returned when asked for (validate_input_types)", async () => {
    const dr = await build("very_simple_dag", { a: 1 });
    expect(await dr.execute(["a"])).toEqual({ a: 1 });
    expect(await dr.execute(["b"])).toEqual({ b: 1 });
  });

  it("a runtime input feeds b (validate_runtime_input_types)", async () => {
    const dr = await build("very_simple_dag");
    expect(await dr.execute(["b"], { inputs: { a: 1 } })).toEqual({ b: 1 });
  });

  it("a graph with a cycle is refused at build, naming it (has_cycles / RecursionError on execute)", async () => {
    const error = await rejection(build("cyclic_functions"));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("cycle");
    expect(error.message).toMatch(/[BCD] → [BCD] → [BCD] → [BCD]/);
  });

  it("list_available_variables: is_external_input is true for a, false for b", async () => {
    const dr = await build("very_simple_dag");
    const flags = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.isExternalInput]));
    expect(flags).toEqual({ a: true, b: false });
  });

  it("originating functions: b comes from the export b; the input a is asked for by b", async () => {
    const dr = await build("very_simple_dag");
    expect(dr.node("b").source).toMatchObject({ exportName: "b" });
    expect(dr.node("b").source?.module).toContain("very_simple_dag");
    expect(dr.node("a").dependents).toEqual(["b"]);
  });

  it("a required input of a node off the execution path is not required; on the path it is (node_is_required_by_anything)", async () => {
    const dr = await build("default_args", { required: 1 });
    expect(await dr.execute(["C"])).toEqual({ C: 2 });
    const error = await rejection(dr.execute(["D"]));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain('"defaults_to_zero", needed by "D"');
  });

  it("node names as outputs; a function value is refused (funcflow names nodes only: docs/hamilton.md)", async () => {
    const dr = await build("default_args", { required: 1 });
    expect(await dr.execute(["C", "B", "A"])).toEqual({ C: 2, B: 1, A: 1 });
    const error = await rejection(dr.execute([(() => 1) as unknown as string]));
    expect(error.code).toBe("invalid_argument");
  });

  it("the Builder's default result is a record of the outputs (builder_defaults_to_dict_result)", async () => {
    const dr = await build("dummy_functions");
    expect(await dr.execute(["C"], { inputs: { b: 1, c: 1 } })).toEqual({ C: 4 });
  });

  it("a frame result builder makes one row of scalars; an override replaces the node's value", async () => {
    const dr = await new Builder().withModules(fixture("very_simple_dag")).withResultBuilder(arrowTableResult).build();
    const table = await dr.execute(["b"], { inputs: { a: 1 } });
    expect(table.numRows).toBe(1);
    expect(table.getChild("b")?.get(0)).toBe(1);
    const overridden = await dr.execute(["b"], { inputs: { a: 1 }, overrides: { b: 2 } });
    expect(overridden.getChild("b")?.get(0)).toBe(2);
  });

  it("validate_execution: passes with the input, fails naming the missing one, runs nothing", async () => {
    const dr = await build("very_simple_dag");
    expect(() => dr.validateExecution(["b"], { inputs: { a: 1 } })).not.toThrow();
    expect(() => dr.validateExecution(["b"], { inputs: {} })).toThrowError(expect.objectContaining({ code: "missing_input", input: "a" }));
  });

  it("a parallel block runs on the one executor (Hamilton needs dynamic execution switched on)", async () => {
    const dr = await build("parallel_linear_basic");
    const expected = [0, 1, 2, 3, 4, 5].reduce((sum, step) => sum + step ** 2 + step ** 3, 0);
    expect(await dr.execute(["final"])).toEqual({ final: expected });
  });
});

describe("hamilton tests/test_hamilton_driver.py: tags", () => {
  it("list_available_variables exposes tags, each node carrying its module", async () => {
    const dr = await build("tagging");
    const tags = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.tags]));
    expect(tags.a).toEqual({ module: "tagging", test: "a" });
    expect(tags.b).toEqual({ module: "tagging", test: "b_c" });
    expect(tags.c).toEqual({ module: "tagging", test: "b_c" });
    expect(tags.d).toEqual({ module: "tagging", test_list: ["us", "uk"] });
  });

  it.each([
    ["no filter", undefined, ["a", "b_c", "b", "c", "d"]],
    ["an empty filter", {}, ["a", "b_c", "b", "c", "d"]],
    ["one tag, set by extractFields' tag", { test: "b_c" }, ["b", "c"]],
    ["a null value: the tag is present", { test: null }, ["a", "b", "c"]],
    ["the module tag", { module: "tagging" }, ["a", "b_c", "b", "c", "d"]],
    ["a value of a list tag (1)", { test_list: "us" }, ["d"]],
    ["a value of a list tag (2)", { test_list: "uk" }, ["d"]],
    ["a one-value list", { test_list: ["uk"] }, ["d"]],
    ["two keys (AND)", { module: "tagging", test: "b_c" }, ["b", "c"]],
    ["a list partly matching a list tag (OR)", { test_list: ["nz", "uk"] }, ["d"]],
    ["the exact list", { test_list: ["us", "uk"] }, ["d"]],
    ["the exact list in another order", { test_list: ["uk", "us"] }, ["d"]],
    ["a one-value list of a plain tag", { test: ["b_c"] }, ["b", "c"]],
    ["a list of values of a plain tag (OR)", { test: ["b_c", "foo"] }, ["b", "c"]],
  ] as const)("listNodes tag filter: %s", async (_case, tags, expected) => {
    const dr = await build("tagging");
    const nodes = tags === undefined ? dr.listNodes() : dr.listNodes({ tags: tags as Record<string, string | readonly string[] | null> });
    expect(nodes.map((node) => node.name).sort()).toEqual([...expected].sort());
  });

  it.each([
    ["a number value", { test: 1234 }],
    ["an empty list", { test: [] }],
  ])("listNodes refuses a tag filter with %s (invalid_argument)", async (_case, tags) => {
    const dr = await build("tagging");
    expect(() => dr.listNodes({ tags: tags as never })).toThrowError(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("hamilton tests/test_hamilton_driver.py: the builder and materialization", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hm-driver-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a builder is a value: a changed copy leaves the original as it was (builder.copy)", async () => {
    const original = new Builder().withModules(fixture("dummy_functions")).withConfig({ config_key: 13 });
    const changed = original.withConfig({ config_key: 14 });
    expect(changed).not.toBe(original);
    expect(await (await original.build()).execute(["config_key"])).toEqual({ config_key: 13 });
    expect(await (await changed.build()).execute(["config_key"])).toEqual({ config_key: 14 });
  });

  it("materialize saves one output and returns others asked for (materializer and additional_vars)", async () => {
    const dr = await build("for_materialization");
    const path = join(dir, "file2.json");
    const { saved, results } = await dr.materialize({ save: { json_to_save_2: path }, outputs: ["json_to_save_1"] });
    expect(saved.map((file) => file.node)).toEqual(["json_to_save_2"]);
    expect(results).toMatchObject({ json_to_save_1: { key1: "value1", key2: "value2" } });
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ key3: "value3", key4: "value4" });
  });

  it("a loader feeds the input it targets (from_.json(target=external))", async () => {
    const dr = await build("for_materialization");
    const source = join(dir, "external.json");
    await import("node:fs/promises").then((fs) => fs.writeFile(source, JSON.stringify({ loaded: true })));
    const { results } = await dr.materialize({ load: { external: source }, outputs: ["expects_loader"] });
    expect(results.expects_loader).toEqual({ loaded: true });
  });

  it("materialize checks required inputs before running or saving anything", async () => {
    const dr = await build("dummy_functions");
    const path = join(dir, "never.json");
    await expect(dr.materialize({ outputs: ["C"], inputs: { c: 1 } })).rejects.toMatchObject({ code: "missing_input", input: "b" });
    await expect(dr.materialize({ save: { C: path }, inputs: { c: 1 } })).rejects.toMatchObject({ code: "missing_input" });
    await expect(readFile(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("materialize of an unknown node fails without writing (validate_materialization_sad)", async () => {
    const dr = await build("very_simple_dag");
    const path = join(dir, "c.json");
    await expect(dr.materialize({ save: { c: path } })).rejects.toMatchObject({ code: "unknown_output" });
    await expect(readFile(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("validate_materialization: a save of b with a given passes, one of a node c that is not fails, and neither writes", async () => {
    const dr = await build("very_simple_dag");
    const path = join(dir, "validated.json");
    await expect(dr.validateMaterialization({ save: { "1": { path, dependencies: ["b"] } }, inputs: { a: 1 } })).resolves.toBeUndefined();
    await expect(dr.validateMaterialization({ save: { "1": { path, dependencies: ["c"] } }, inputs: {} })).rejects.toMatchObject({ code: "unknown_output", node: "c" });
    await expect(readFile(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it.each([
    ["withMaterializers", (list: unknown[]) => new Builder().withMaterializers(list as never)],
    ["withAdapters", (list: unknown[]) => new Builder().withAdapters(list as never)],
    ["withModules", (list: unknown[]) => new Builder().withModules(list as never)],
  ] as const)("%s given a list instead of entries is refused, saying to spread it (Hamilton: put * in front)", (method, call) => {
    const saver = { name: "txt", formats: ["txt"], accepts: () => true, save: async () => undefined };
    const error = caught(() => call([saver]));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain(`.${method}(...list)`);
  });
});
