/**
 * Follows the facts asserted by Hamilton's tests/test_graph.py (graph building, inputs and
 * defaults, upstream/downstream, cycles, overrides, config, visualization options), written
 * against funcflow's public Builder/Driver. Fixture modules mirror tests/resources/*.py:
 * tests/fixtures/hamilton-tests/graph/.
 *
 * Not ported (no funcflow counterpart): ad_hoc_utils temporary modules, missing Python type
 * hints, typing.Dict vs dict, graphviz file rendering (`output_file_path`, `keep_dot`), networkx,
 * `combine_config_and_inputs` internals, `update_dependencies`.
 */
import { tableFromArrays } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type NodeInfo } from "funcflow";
import { rejection } from "../support/caught.ts";
import { _do_all } from "../fixtures/hamilton-tests/graph/optional_dependencies.ts";
import { outputs as tableCalls } from "../fixtures/hamilton-tests/graph/extract_columns_execution_count.ts";

const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/graph/${name}.ts`, import.meta.url);
const build = (name: string | string[], config: Record<string, unknown> = {}) =>
  new Builder()
    .withModules(...(Array.isArray(name) ? name : [name]).map(fixture))
    .withConfig(config as never)
    .build();
const byName = (nodes: readonly NodeInfo[]) => Object.fromEntries(nodes.map((node) => [node.name, node]));
const sorted = (names: Iterable<string>) => [...names].sort();

describe("hamilton tests/test_graph.py: finding functions and building the graph", () => {
  it("find_functions: exported functions are nodes; `_`-prefixed and non-exported functions are not", async () => {
    const dr = await build("dummy_functions");
    const functions = dr.listNodes().filter((node) => node.kind === "function");
    expect(functions.map((node) => node.name)).toEqual(["A", "B", "C"]);
    expect(() => dr.node("_do_not_import_me")).toThrowError(FuncflowError);
    expect(() => dr.node("notExported")).toThrowError(FuncflowError);
  });

  it("create_function_graph: A reads the user inputs b and c; B and C read A; the inputs are read by A only", async () => {
    const nodes = byName((await build("dummy_functions")).listNodes());
    expect(sorted(Object.keys(nodes))).toEqual(["A", "B", "C", "b", "c"]);
    expect(nodes.A!.dependencies.map((d) => d.name)).toEqual(["b", "c"]);
    expect(nodes.A!.dependents).toEqual(["B", "C"]);
    expect(nodes.B!.dependencies.map((d) => d.name)).toEqual(["A"]);
    expect(nodes.B!.dependents).toEqual([]);
    expect(nodes.C!.dependencies.map((d) => d.name)).toEqual(["A"]);
    for (const input of ["b", "c"]) {
      expect(nodes[input]).toMatchObject({ kind: "input", isExternalInput: true, dependents: ["A"], type: "number" });
    }
    expect(nodes.A!.doc).toBe("Function that should become part of the graph - A");
    expect(nodes.C!.doc).toBeUndefined();
  });

  it("create_function_graph with allowModuleOverrides: the later module's B replaces the first one's", async () => {
    await expect(build(["dummy_functions", "dummy_functions_module_override"])).rejects.toMatchObject({ code: "duplicate_node" });
    const dr = await new Builder().withModules(fixture("dummy_functions"), fixture("dummy_functions_module_override")).allowModuleOverrides().build();
    expect(dr.node("B").doc).toBe("Function that should override function B.");
    expect(dr.node("B").source?.module).toContain("dummy_functions_module_override");
    expect(await dr.execute(["B"], { inputs: { b: 2, c: 5 } })).toEqual({ B: 1049 });
  });

  it("function graph from several modules is their union (5 + 3 = 8 nodes)", async () => {
    const dr = await build(["dummy_functions", "parametrized_nodes"]);
    expect(dr.listNodes()).toHaveLength(8);
  });

  it("incompatible types for one input fail the (typed) build; a union and its member fit together", async () => {
    const incompatible = await rejection(new Builder().withModules(fixture("incompatible_input_types")).withTypeCheck().build());
    expect(incompatible.code).toBe("edge_type_mismatch");
    expect(incompatible.message).toContain('input "a"');
    const compatible = await new Builder().withModules(fixture("compatible_input_types")).withTypeCheck().build();
    expect(compatible.node("a").dependents).toEqual(["b", "c", "d"]);
  });

  it("an edge whose producer type does not fit the consumer fails the typed build, naming both ends", async () => {
    const error = await rejection(new Builder().withModules(fixture("bad_functions")).withTypeCheck().build());
    expect(error.code).toBe("edge_type_mismatch");
    expect(error.message).toMatch(/C → D\(C\)/);
  });
});

describe("hamilton tests/test_graph.py: executing", () => {
  it("execute: A once for both B and C; an override of A replaces it", async () => {
    const dr = await build("dummy_functions");
    expect(await dr.execute(["A", "B", "C", "b", "c"], { inputs: { b: 2, c: 5 } })).toEqual({ A: 7, B: 49, C: 14, b: 2, c: 5 });
    const overridden = await dr.execute(["A", "B", "C"], { inputs: { b: 2, c: 5 }, overrides: { A: 8 } });
    expect(overridden).toEqual({ A: 8, B: 64, C: 16 });
  });

  it("an override cuts what is upstream of it: the inputs of A are not needed", async () => {
    const dr = await build("dummy_functions");
    expect(await dr.execute(["B"], { overrides: { A: 3 } })).toEqual({ B: 9 });
  });

  it("get_upstream_nodes / get_downstream_nodes: upstreamOf(A, B) skips C; downstreamOf(A) is A, B, C", async () => {
    const dr = await build("dummy_functions");
    expect(sorted(dr.upstreamOf("A", "B"))).toEqual(["A", "B", "b", "c"]);
    expect(sorted(dr.downstreamOf("A"))).toEqual(["A", "B", "C"]);
    await expect(async () => dr.upstreamOf("nope")).rejects.toMatchObject({ code: "unknown_node" });
  });

  it("parametrized nodes run end to end", async () => {
    const dr = await build("parametrized_nodes");
    expect(await dr.execute(["parametrized_1", "parametrized_2", "parametrized_3"])).toEqual({ parametrized_1: 1, parametrized_2: 2, parametrized_3: 3 });
    expect(() => dr.node("to_parametrize")).toThrowError(FuncflowError);
  });

  it("parametrized inputs (parameterizeSources) with a config value run end to end, the config value an output too", async () => {
    const dr = await build("parametrized_inputs", { static_value: 3 });
    const names = dr.listNodes().map((node) => node.name);
    expect(sorted(names)).toEqual(["input_1", "input_2", "input_3", "output_1", "output_12", "output_123", "output_2", "static_value"]);
    expect(await dr.execute(names)).toEqual({
      input_1: 1, input_2: 2, input_3: 3,
      output_1: 1 + 3, output_2: 2 + 3, output_12: 1 + 2 + 3, output_123: 1 + 2 + 3 + 3,
      static_value: 3,
    });
    expect(dr.node("output_12").doc).toBe("function_with_multiple_inputs called using input_1 and input_2, creates output_12");
  });

  it("a config value is an output: asking for it and a node returns both", async () => {
    const dr = await build("parametrized_nodes", { a: 1 });
    expect(await dr.execute(["a", "parametrized_1"])).toEqual({ a: 1, parametrized_1: 1 });
    expect(await dr.execute(["a"])).toEqual({ a: 1 });
  });

  it("extractColumns: the table and its columns, the function run once whatever is asked for", async () => {
    const dr = await build("extract_columns_execution_count");
    const id = `run-${Math.random()}`;
    const result = await dr.execute(["generate_df", "col_1", "col_2", "col_3"], { inputs: { unique_id: id } });
    expect(Array.from(result.col_1 as Iterable<number>)).toEqual([1, 2, 3]);
    expect(Array.from(result.col_3 as Iterable<number>)).toEqual([7, 8, 9]);
    expect(tableCalls.get(id)).toHaveLength(1);
    expect(dr.node("generate_df").doc).toBe("Function that should be parametrized to form multiple functions");
  });

  it("multiple modifiers together: extractColumns/extractFields over does, tag on the fields only", async () => {
    const dr = await build("multiple_decorators_together");
    const result = await dr.execute(["param1b", "to_modify", "total", "to_modify_2", "out_value1", "out_value2"], {
      inputs: { param0: 3, param1: 1, in_value1: 42, in_value2: "string_value" },
    });
    expect(Array.from(result.param1b as Iterable<number>)).toEqual([1]);
    expect((result.to_modify as ReturnType<typeof tableFromArrays>).toArray().map((row: { toJSON(): unknown }) => row.toJSON())).toEqual([{ param0a: 3, param1b: 1, param2c: 2 }]);
    expect(result.total).toBe(6);
    expect(result.to_modify_2).toEqual({ total: 6 });
    expect(result).toMatchObject({ out_value1: 42, out_value2: "string_value" });
    const nodes = byName(dr.listNodes());
    expect(nodes.to_modify!.doc).toBe("This is a dummy function showing extract_columns with does.");
    expect(nodes.to_modify_2!.doc).toBe("This is a dummy function showing extract_fields with does.");
    // As in Hamilton, a tag reaches the nodes a function ends in (its fields), not the function's own node.
    expect(nodes.uber_decorated_function!.tags).toEqual({ module: "multiple_decorators_together" });
    expect(nodes.out_value1!.tags).toEqual({ module: "multiple_decorators_together", test_key: "test-value" });
    expect(nodes.out_value2!.tags).toEqual({ module: "multiple_decorators_together", test_key: "test-value" });
  });

  it.each([
    [1, "version_1"],
    [2, "version_2 (dummy)"],
    [3, "version_3"],
  ])("config variants: fn_1_version=%s picks %s", async (version, expected) => {
    const dr = await build("config_modifier", { fn_1_version: version });
    expect(await dr.execute(["fn"])).toEqual({ fn: expected });
  });

  it("property: every config key is a node of kind config, returned as given when asked for", async () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((name) => !["A", "B", "C", "b", "c"].includes(name));
    const scalar = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, scalar, { minKeys: 1, maxKeys: 5 }), async (config) => {
        const dr = await build("dummy_functions", config);
        for (const name of Object.keys(config)) expect(dr.node(name).kind).toBe("config");
        expect(await dr.execute(Object.keys(config))).toEqual(config);
      }),
      { numRuns: 15 },
    );
  });

  it("a config key named like a function replaces that function: the node is the config value", async () => {
    const dr = await build("config_modifier", { new_param: "new_value", fn_1_version: 2 });
    expect(await dr.execute(["new_param", "fn"])).toEqual({ new_param: "new_value", fn: "version_2 (new_value)" });
    expect(dr.node("new_param").kind).toBe("config");
    // Even when no function reads it, the config value stands for the replaced function.
    const unread = await build("config_modifier", { new_param: "new_value", fn_1_version: 1 });
    expect(await unread.execute(["new_param"])).toEqual({ new_param: "new_value" });
  });

  it("config and inputs must not share a name, whatever the values (combine_config_and_inputs)", async () => {
    const dr = await build("dummy_functions", { b: 1 });
    for (const b of [1, 2]) {
      const error = await rejection(dr.execute(["A"], { inputs: { b, c: 1 } }));
      expect(error.code).toBe("config_input_overlap");
      expect(error.message).toContain('"b"');
    }
    expect(await dr.execute(["A"], { inputs: { c: 1 } })).toEqual({ A: 2 });
  });

  it("non-required nodes: D, off the requested path, needs no value for its required input", async () => {
    const dr = await build("default_args", { required: 10 });
    expect(await dr.execute(["A", "B", "C"])).toEqual({ A: 10, B: 100, C: 20 });
    await expect(dr.execute(["D"])).rejects.toMatchObject({ code: "missing_input", input: "defaults_to_zero" });
    const withValue = await build("default_args", { required: 10, defaults_to_zero: 1 });
    expect(await withValue.execute(["A", "D"])).toEqual({ A: 11, D: 2 });
  });

  it("layered modifiers (configWhen, parameterizeValues, does) resolve when the condition holds", async () => {
    const dr = await build("layered_decorators", { foo: "bar", d: 10, b: 20 });
    expect(await dr.execute(["e", "f"])).toEqual({ e: 20 + 10, f: 20 + 20 });
    const baz = await build("layered_decorators", { foo: "baz", b: 20 });
    expect(await baz.execute(["e", "f"])).toEqual({ e: 20 + 11, f: 20 + 22 });
  });

  it("layered modifiers make no node when the condition does not hold", async () => {
    const dr = await build("layered_decorators", { foo: "not_bar", d: 10, b: 20 });
    expect(dr.listNodes().filter((node) => node.kind === "function")).toEqual([]);
    await expect(dr.execute(["e"])).rejects.toMatchObject({ code: "unknown_output" });
  });

  it("generic containers flow along the edges unchanged", async () => {
    const dr = await build("functions_with_generics", { b: {}, c: 1 });
    expect(await dr.execute(["A", "B", "C", "D", "b", "c"])).toEqual({
      A: [{}, 1],
      B: [[{}, 1], [{}, 1]],
      C: { foo: [[{}, 1], [{}, 1]] },
      D: 1.0,
      b: {},
      c: 1,
    });
  });

  it("a function in a second module reads a node of the first (in-driver definitions)", async () => {
    const dr = await new Builder().withModules(fixture("dummy_functions"), fixture("my_function")).withConfig({ b: 3, c: 1 }).build();
    expect(await dr.execute(["my_function", "A", "b", "c"])).toEqual({ A: 4, b: 3, c: 1, my_function: 8 });
  });
});

describe("hamilton tests/test_graph.py: cycles", () => {
  it("a graph with a cycle fails the build, naming the cycle (Hamilton finds it only by a RecursionError)", async () => {
    const error = await rejection(build("cyclic_functions", { b: 2, c: 1 }));
    expect(error.code).toBe("cycle");
    for (const name of ["B", "C", "D"]) expect(error.message).toContain(name);
    expect(error.message).not.toMatch(/\bA\b →/);
  });

  it("a graph without a cycle builds", async () => {
    await expect(build("dummy_functions", { b: 1, c: 2 })).resolves.toBeDefined();
  });
});

describe("hamilton tests/test_graph.py: optional dependencies", () => {
  it.each([
    [{}, {}],
    [{ a: 11 }, {}],
    [{ b: 13, a: 17 }, {}],
    [{ b: 19, a: 23, d: 29, f: 31 }, {}],
    [{}, { a: 37 }],
    [{}, { b: 41, a: 43 }],
    [{}, { b: 41, a: 43, d: 47, f: 53 }],
    [{ a: 89 }, { b: 97 }],
    [{ a: 101 }, { b: 103, d: 107 }],
  ])("optional execute: config %j, inputs %j give g as the defaults would", async (config, inputs) => {
    const dr = await build("optional_dependencies", config);
    const result = await dr.execute(["g"], { inputs });
    expect(result.g).toBe(_do_all({ ...config, ...inputs }).g);
  });

  it("optional inputs asked for as outputs are returned when given by config, inputs or overrides", async () => {
    const viaConfig = await build("optional_dependencies", { a: 10 });
    expect(await viaConfig.execute(["a"])).toEqual({ a: 10 });
    const dr = await build("optional_dependencies");
    expect(await dr.execute(["a"], { inputs: { a: 10 } })).toEqual({ a: 10 });
    expect(await dr.execute(["a"], { overrides: { a: 10 } })).toEqual({ a: 10 });
    // Hamilton's Driver reports a requested input nobody gave as missing; so does funcflow.
    await expect(dr.execute(["b", "a"])).rejects.toMatchObject({ code: "missing_input" });
  });

  it.each([["f", "h", "i"], ["f", "i", "h"], ["h", "f", "i"], ["h", "i", "f"], ["i", "f", "h"], ["i", "h", "f"]])(
    "a required input (h) not given fails whatever the order of outputs: %s, %s, %s",
    async (...order) => {
      const dr = await build("optional_dependencies");
      const error = await rejection(dr.execute(order.filter((name) => name !== "f")));
      expect(error.code).toBe("missing_input");
      expect(error.message).toContain('"h"');
      expect(error.message).not.toContain('"f"');
    },
  );

  it.each([["h", "i"], ["i", "h"]])("a required input given by config runs whatever the order: %s, %s", async (...order) => {
    const dr = await build("optional_dependencies", { h: 10 });
    expect(await dr.execute(order)).toEqual({ h: 10, i: 17 });
  });

  it("null results and null inputs are passed on, not dropped", async () => {
    const nullH = await build("optional_dependencies", { h: null });
    expect(await nullH.execute(["h", "i"])).toEqual({ h: null, i: 17 });
    const dr = await build("optional_dependencies");
    expect(await dr.execute(["j", "none_result"])).toEqual({ j: null, none_result: null });
  });

  it("upstreamOf(g) lists every optional input too (the compile-time view): 7 nodes, 4 of them inputs", async () => {
    const dr = await build("optional_dependencies");
    const upstream = dr.upstreamOf("g");
    expect(upstream).toHaveLength(7);
    expect(upstream.filter((name) => dr.node(name).kind === "input")).toHaveLength(4);
  });

  it("at run time only given optional inputs count: g runs with none, or with b alone", async () => {
    const dr = await build("optional_dependencies");
    expect(await dr.execute(["g"])).toEqual({ g: 2 + 3 + 5 + 7 });
    expect(await dr.execute(["g"], { inputs: { b: 109 } })).toEqual({ g: 2 + 109 + 5 + 7 });
    expect(() => dr.validateExecution(["g"])).not.toThrow();
  });
});

describe("hamilton tests/test_graph.py: visualization", () => {
  const dummy = () => build("dummy_functions", { b: 1, c: 2 });

  it("the DOT of an execution marks the output and draws the edges A → B, A → C", async () => {
    const dr = await build("dummy_functions");
    const dot = dr.toDot({ outputs: ["B", "C"], inputs: { b: 1, c: 2 } });
    expect(dot).toMatch(/"A" -> "B"/);
    expect(dot).toMatch(/"A" -> "C"/);
    expect(dot).toMatch(/"b" -> "A"/);
    expect(dot).toMatch(/"B" \[[^\]]*fillcolor="#ffc857"/);
  });

  it.each([true, false])("showLegend: %s", async (showLegend) => {
    expect((await dummy()).toDot({ showLegend }).includes("cluster_legend")).toBe(showLegend);
  });

  it.each(["LR", "TB", "RL", "BT"] as const)("orient %s sets rankdir", async (orient) => {
    expect((await dummy()).toDot({ orient })).toContain(`rankdir="${orient}"`);
  });

  it.each([true, false])("hideInputs: %s", async (hideInputs) => {
    const dr = await build("dummy_functions");
    expect(/"b" -> "A"/.test(dr.toDot({ hideInputs }))).toBe(!hideInputs);
  });

  it("nodeStyle (custom_style_function) styles the nodes it returns attributes for, only those", async () => {
    const dr = await build("dummy_functions");
    const dot = dr.toDot({ nodeStyle: (node) => (node.tags.module && node.name === "A" ? { fillcolor: "aquamarine" } : undefined) });
    const lines = dot.split("\n");
    expect(lines.some((line) => line.trimStart().startsWith('"A" [') && line.includes("aquamarine"))).toBe(true);
    expect(lines.some((line) => line.trimStart().startsWith('"B" [') && line.includes("aquamarine"))).toBe(false);
  });

  it("nodeStyle's legend key names a legend entry in the node's style, not a node attribute (custom_style legend)", async () => {
    const dr = await build("dummy_functions");
    const dot = dr.toDot({ nodeStyle: (node) => (node.name === "A" ? { fillcolor: "aquamarine", legend: "legend_key" } : undefined) });
    const lines = dot.split("\n");
    expect(lines.some((line) => line.includes("legend_key") && line.includes("aquamarine"))).toBe(true);
    expect(lines.find((line) => line.trimStart().startsWith('"A" ['))).not.toContain("legend_key");
    expect(dr.toDot({ showLegend: false, nodeStyle: () => ({ legend: "legend_key" }) })).not.toContain("legend_key");
  });

  it("a config value shows in the DOT of the graph, of what is upstream, downstream and between, and of an execution", async () => {
    const dr = await build("dummy_functions", { X: 1 });
    const drawsX = (dot: string) => dot.split("\n").some((line) => line.trimStart().startsWith('"X" ['));
    expect(drawsX(dr.toDot())).toBe(true);
    expect(drawsX(dr.toDot({ downstreamOf: ["A"] }))).toBe(true);
    expect(drawsX(dr.toDot({ upstreamOf: ["C"] }))).toBe(true);
    expect(drawsX(dr.toDot({ downstreamOf: ["A"], upstreamOf: ["C"] }))).toBe(true);
    expect(drawsX(dr.toDot({ outputs: ["C"], inputs: { b: 1, c: 2 } }))).toBe(true);
  });

  it.each([true, false])("showFields (display_fields): %s", async (showFields) => {
    const dot = (await build("shared_schema")).toDot({ showFields });
    for (const column of ["foo", "bar", "baz"]) expect(dot.includes(`${column}: `)).toBe(showFields);
  });

  it("showFields must be a boolean", async () => {
    const dr = await build("shared_schema");
    expect(() => dr.toDot({ showFields: "yes" as never })).toThrowError(expect.objectContaining({ code: "invalid_argument" }));
  });

  it("schema columns are drawn with the node, each table's own (two tables sharing a schema)", async () => {
    const dr = await build("shared_schema");
    const dot = dr.toDot();
    for (const column of ["foo", "bar", "baz"]) expect(dot.split(`${column}: `).length - 1).toBe(2);
  });
});
