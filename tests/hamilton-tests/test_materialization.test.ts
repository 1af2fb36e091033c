/**
 * Follows the facts asserted by Hamilton's tests/io/test_materialization.py, with those of
 * tests/io/test_default_adapters.py (JSON save and load of objects and arrays) and
 * tests/io/test_data_adapters.py (which saver applies to which value), against
 * `Driver.materialize` and `Builder.withMaterializers`. Fixture:
 * tests/fixtures/hamilton-tests/materialization.ts.
 *
 * Hamilton's MaterializerFactory/ExtractorFactory add nodes to a copy of the graph; funcflow's
 * request names the same things (a save id, its dependencies, a combine result builder, a load
 * target) and the facts are read from what `materialize` saved, loaded and returned: one saved
 * value per save with no builder node, `<id>_build_result` holding a combined save's joined value,
 * a load replacing the node it names without running it, the graph itself unchanged.
 *
 * Not applicable: `Materialize.json` / `Extract.json` / `to.X` dynamic attributes (a format is a
 * string in the request; a saver registered with `withMaterializers` is usable by its format at
 * once, tested below); `sanitize_dependencies` turning functions into names (funcflow takes node
 * names only; a function is refused, tested below); dataclass argument introspection
 * (`get_required_arguments`) and Python type-subclass `applies_to` rules, which funcflow's
 * value-level `accepts(value)` replaces; the raw-bytes file saver (no counterpart).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Builder, type Driver, type Loader, type ResultBuilder, type Saver } from "funcflow";
import { rejection } from "../support/caught.ts";
import { _ran } from "../fixtures/hamilton-tests/materialization.ts";

const module = new URL("../fixtures/hamilton-tests/materialization.ts", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "hamilton-materialization-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Hamilton's MockDataSaver: keeps each saved value by node, for records only, and writes it. */
const mockStore = new Map<string, unknown>();
const mockSaver: Saver = {
  name: "mock_for_testing",
  formats: ["mock"],
  accepts: (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  async save(value, path, _format, node) {
    mockStore.set(node, value);
    writeFileSync(path, JSON.stringify(value));
  },
};

/** Hamilton's MockDataLoader: whatever the file says is `fixed_data`, by the file's name. */
const fixedData: Record<string, unknown> = {
  "input_data_1.mock": { test_extractor_factory_1: "ran_correctly" },
  "input_data_2.mock": { test_extractor_factory_2: "ran_correctly" },
  "override.mock": { overwritten_result: true },
};
const mockLoader: Loader = {
  name: "mock_for_testing",
  formats: ["mock"],
  produces: "value",
  load: async (path) => fixedData[path.slice(path.lastIndexOf("/") + 1)],
};

/** Hamilton's JoinBuilder: the records merged into one. */
const joinBuilder: ResultBuilder<Record<string, unknown>> = {
  name: "JoinBuilder",
  build: (outputs, requested) => Object.assign({}, ...requested.map((name) => outputs[name] as Record<string, unknown>)),
};

const FIRST = { test_materializer_factory_generates_nodes_no_builder: "ran_correctly" };
const SECOND = { test_materializer_factory_generates_nodes_no_builder_still: "ran_correctly" };

let dr: Driver;
beforeAll(async () => {
  dr = await new Builder().withModules(module).withMaterializers(mockSaver, mockLoader).build();
});
beforeEach(() => {
  mockStore.clear();
  _ran.value_to_override = 0;
});

describe("hamilton tests/io/test_materialization.py", () => {
  it("a save of one dependency adds no builder: the saver gets the node's value (test_materializer_factory_generates_nodes_no_builder)", async () => {
    const path = join(dir, "only.mock");
    const { saved, results } = await dr.materialize({ save: { test_materializer: { path, dependencies: ["only_node"] } } });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ id: "test_materializer", node: "only_node", by: "mock_for_testing", format: "mock", path, dependencies: ["only_node"] });
    expect(saved[0]).not.toHaveProperty("combine");
    expect(Object.keys(results)).toEqual(["only_node"]);
    expect(mockStore.get("only_node")).toEqual(FIRST);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(FIRST);
  });

  it("a save joining two nodes with a result builder saves the joined value, returned as <id>_build_result (test_materializer_factory_generates_nodes_with_builder)", async () => {
    const path = join(dir, "joined.mock");
    const { saved, results } = await dr.materialize({ save: { test_materializer: { path, dependencies: ["first_node", "second_node"], combine: joinBuilder } } });
    expect(saved).toEqual([expect.objectContaining({ id: "test_materializer", node: "test_materializer_build_result", dependencies: ["first_node", "second_node"], combine: "JoinBuilder" })]);
    expect(results).toEqual({ first_node: FIRST, second_node: SECOND, test_materializer_build_result: { ...FIRST, ...SECOND } });
    expect(mockStore.get("test_materializer_build_result")).toEqual({ ...FIRST, ...SECOND });
  });

  it("two combined saves of the same nodes each save, and the graph keeps its own nodes (test_modify_function_graph_materializers)", async () => {
    const before = dr.listNodes().map((node) => node.name);
    const { saved } = await dr.materialize({
      save: {
        materializer_1: { path: join(dir, "m1.mock"), dependencies: ["first_node", "second_node"], combine: joinBuilder },
        materializer_2: { path: join(dir, "m2.mock"), dependencies: ["first_node", "second_node"], combine: joinBuilder },
      },
    });
    expect(saved.map((file) => [file.id, file.node])).toEqual([
      ["materializer_1", "materializer_1_build_result"],
      ["materializer_2", "materializer_2_build_result"],
    ]);
    expect(dr.listNodes().map((node) => node.name)).toEqual(before);
    expect(before).not.toContain("materializer_1");
  });

  it("loaders give two inputs their values, and the nodes reading them run on them (test_modify_function_graph_with_extractor_factories)", async () => {
    const { loaded, results } = await dr.materialize({
      load: { input_data_1: join(dir, "input_data_1.mock"), input_data_2: join(dir, "input_data_2.mock") },
      outputs: ["first_loaded", "second_loaded", "input_data_1", "input_data_2"],
    });
    // The mock loader reads no file: the paths name nothing on disk, so they have no size.
    expect(loaded.map((file) => [file.node, file.by, file.bytes])).toEqual([
      ["input_data_1", "mock_for_testing", undefined],
      ["input_data_2", "mock_for_testing", undefined],
    ]);
    expect(results).toEqual({
      first_loaded: { loaded_result: { test_extractor_factory_1: "ran_correctly" } },
      second_loaded: { loaded_result: { test_extractor_factory_2: "ran_correctly" } },
      input_data_1: { test_extractor_factory_1: "ran_correctly" },
      input_data_2: { test_extractor_factory_2: "ran_correctly" },
    });
  });

  it("a load naming a function node replaces it: the loaded value is used and the function does not run (..._override)", async () => {
    const { results } = await dr.materialize({ load: { value_to_override: join(dir, "override.mock") }, outputs: ["value_to_override", "uses_override"] });
    expect(results).toEqual({ value_to_override: { overwritten_result: true }, uses_override: true });
    expect(_ran.value_to_override).toBe(0);
    expect((await dr.execute(["value_to_override"])).value_to_override).toEqual({ overwritten_result: false });
    expect(_ran.value_to_override).toBe(1);
  });

  it("dependencies are node names: a function or a misspelt name is refused before anything runs (test_sanitize_materializer_dependencies_error)", async () => {
    const path = join(dir, "refused.mock");
    const fn = await rejection(dr.materialize({ save: { m: { path, dependencies: [(() => 1) as never, "first_node"] } } }));
    expect(fn).toMatchObject({ code: "invalid_argument", details: { argument: "request.save.m.dependencies[0]" } });
    const misspelt = await rejection(dr.materialize({ save: { m: { path, dependencies: ["value_to_overide"] } } }));
    expect(misspelt).toMatchObject({ code: "unknown_output", node: "value_to_overide", suggestion: ["value_to_override"] });
    expect(_ran.value_to_override).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it("a saver registered on the Builder is usable by its format at once, by extension or by name (test_dynamic_properties_can_be_registered_after_import_for_saver)", async () => {
    const byExtension = await dr.materialize({ save: { first_node: join(dir, "by-extension.mock") } });
    const byName = await dr.materialize({ save: { first_node: { path: join(dir, "by-name.bin"), format: "mock" } } });
    expect([byExtension.saved[0]?.by, byName.saved[0]?.by]).toEqual(["mock_for_testing", "mock_for_testing"]);
  });

  it("unknown outputs, options and formats are refused before anything runs, each naming what to fix", async () => {
    const unknown = await rejection(dr.materialize({ save: { value_to_overide: join(dir, "x.json") } }));
    expect(unknown).toMatchObject({ code: "unknown_output" });
    const option = await rejection(dr.materialize({ save: { value_to_override: { path: join(dir, "x.json"), fromat: "json" } as never } }));
    expect(option).toMatchObject({ code: "invalid_argument" });
    expect(option.message).toContain('did you mean "format"');
    const format = await rejection(dr.materialize({ save: { value_to_override: join(dir, "x.xyz") } }));
    expect(format).toMatchObject({ code: "invalid_argument" });
    expect(format.message).toContain("register a saver for that format with Builder.withMaterializers");
    const nothing = await rejection(dr.materialize({}));
    expect(nothing.message).toContain("saves nothing and returns nothing");
    expect(_ran.value_to_override).toBe(0);
  });

  it("a load into a name the graph does not have is refused before any file is read, with did-you-mean", async () => {
    const reads: string[] = [];
    const counting: Loader = { ...mockLoader, load: async (path) => (reads.push(path), mockLoader.load(path, "mock")) };
    const counted = await new Builder().withModules(module).withMaterializers(counting).build();
    const request = { load: { input_data_3: join(dir, "input_data_1.mock") }, outputs: ["first_node"] };
    const error = await rejection(counted.materialize(request));
    expect(error).toMatchObject({ code: "unknown_node", node: "input_data_3", details: { argument: "request.load.input_data_3" } });
    expect(error.suggestion).toContain("input_data_1");
    await expect(counted.validateMaterialization(request)).rejects.toMatchObject({ code: "unknown_node" });
    expect(() => counted.materializeToDot(request)).toThrow(/loads a file into "input_data_3", which is no node or input/);
    expect(reads).toEqual([]);
  });

  it.each([
    ["an input", { inputs: { input_data_1: 5 } }, "request.inputs"],
    ["an override", { overrides: { input_data_1: 5 } }, "request.overrides"],
  ])("a name both loaded and given as %s is refused: it would have two values", async (_case, given, where) => {
    const error = await rejection(dr.materialize({ load: { input_data_1: join(dir, "input_data_1.mock") }, outputs: ["first_loaded"], ...given }));
    expect(error).toMatchObject({ code: "invalid_argument", input: "input_data_1" });
    expect(error.message).toContain(`"input_data_1" is loaded (request.load.input_data_1) and also given in ${where}`);
  });

  it("two nodes without a combine, or a combine without dependencies, are refused", async () => {
    const path = join(dir, "two.mock");
    const noCombine = await rejection(dr.materialize({ save: { m: { path, dependencies: ["first_node", "second_node"] } } }));
    expect(noCombine.message).toContain("saves 2 nodes to one file but has no combine");
    const noDependencies = await rejection(dr.materialize({ save: { first_node: { path, combine: joinBuilder } } }));
    expect(noDependencies).toMatchObject({ code: "invalid_argument" });
    expect(existsSync(path)).toBe(false);
  });
});

describe("hamilton tests/io/test_data_adapters.py: which saver takes a value", () => {
  const numbersOnly: Saver = { name: "numbers_only", formats: ["mock"], accepts: (value) => typeof value === "number", save: async (value, path) => writeFileSync(path, String(value)) };

  it("the last registered saver of a format that accepts the value wins; one that does not accept it is passed over", async () => {
    const both = await new Builder().withModules(module).withMaterializers(mockSaver, numbersOnly).build();
    const record = await both.materialize({ save: { first_node: join(dir, "record.mock") } });
    expect(record.saved[0]?.by).toBe("mock_for_testing");
    const number = await both.materialize({ save: { first_node: join(dir, "number.mock") }, overrides: { first_node: 3 } });
    expect(number.saved[0]?.by).toBe("numbers_only");
  });

  it("a value no saver of its format accepts fails before any file is written", async () => {
    const path = join(dir, "list.mock");
    const error = await rejection(dr.materialize({ save: { first_node: path }, overrides: { first_node: [1, 2] } }));
    expect(error).toMatchObject({ code: "invalid_argument", node: "first_node" });
    expect(error.message).toContain("no saver writes");
    expect(existsSync(path)).toBe(false);
  });
});

describe("hamilton tests/io/test_default_adapters.py: JSON objects and arrays", () => {
  it.each([
    ["an object", { key: "value" }],
    ["an array of objects", [{ key: "value1" }, { key: "value2" }]],
    ["an array of strings", ["value1", "value2"]],
    ["an array of numbers", [0, 1]],
  ])("%s saves as JSON and loads back equal; the metadata names the file", async (_case, data) => {
    const path = join(dir, `data-${JSON.stringify(data).length}-${Array.isArray(data)}.json`);
    const { saved } = await dr.materialize({ save: { value_to_override: path }, overrides: { value_to_override: data } });
    expect(saved[0]).toMatchObject({ path, format: "json" });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(data);
    const { loaded, results } = await dr.materialize({ load: { value_to_override: { path, as: "value" } }, outputs: ["value_to_override"] });
    expect(loaded[0]).toMatchObject({ node: "value_to_override", path, format: "json" });
    expect(results.value_to_override).toEqual(data);
  });

  it("property: any JSON value round-trips through save and load, and the request is not mutated", async () => {
    const path = join(dir, "property.json");
    await fc.assert(
      fc.asyncProperty(fc.jsonValue().filter((value) => value !== null), async (data) => {
        const request = { save: { value_to_override: path }, overrides: { value_to_override: data } };
        const before = structuredClone(request);
        await dr.materialize(request);
        expect(request).toEqual(before);
        const { results } = await dr.materialize({ load: { value_to_override: { path, as: "value" } }, outputs: ["value_to_override"] });
        // As JSON has it: -0 is written 0.
        expect(results.value_to_override).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 40 },
    );
  });
});
