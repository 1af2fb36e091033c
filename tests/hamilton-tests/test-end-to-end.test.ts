/**
 * Follows the facts asserted by Hamilton's tests/test_end_to_end.py (data quality, config-driven
 * nodes through resolve, materialization with loaders and savers, overrides, module overrides,
 * inputs that are outputs, a missing output, absent inputs), written against funcflow's
 * Builder/Driver and run both on the lean loop and on the engine with a hook (Hamilton runs each
 * case on its V1 driver and its V2 executors). Fixtures: tests/fixtures/hamilton-tests/graph/.
 *
 * Not ported: the smoke-screen module (pandas dates and `from __future__ import annotations`).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type LifecycleAdapter, type NodeValues, type ResultBuilder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { rejection } from "../support/caught.ts";

const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/graph/${name}.ts`, import.meta.url);
/** A hook that only listens, so runs go through the engine rather than the lean loop. */
const listening = (): LifecycleAdapter => ({ name: "listening", afterNode: () => undefined });
type AnyBuilder = Builder<NodeValues>;
const drivers = [
  ["lean loop", (builder: AnyBuilder) => builder],
  ["engine with a hook", (builder: AnyBuilder) => builder.withAdapters(listening())],
] as const;

describe.each(drivers)("hamilton tests/test_end_to_end.py (%s)", (_name, wrap) => {
  const build = (names: string[], config: Record<string, unknown> = {}) =>
    wrap(new Builder<NodeValues>().withModules(...names.map(fixture)).withConfig(config as never)).build();

  it("a data-quality check that passes: one validator node, whose result passes", async () => {
    const dr = await build(["data_quality"]);
    const functions = dr.listNodes().filter((node) => node.kind === "function");
    const validators = functions.filter((node) => node.tags["data_quality.validator"] !== undefined);
    expect(validators).toHaveLength(1);
    const result = await dr.execute(functions.map((node) => node.name), { inputs: { data_quality_should_fail: false } });
    expect(result[validators[0]!.name]).toMatchObject({ passes: true });
  });

  it("a data-quality check of importance fail ends the run (DataValidationError)", async () => {
    const dr = await build(["data_quality"]);
    const functions = dr.listNodes().filter((node) => node.kind === "function").map((node) => node.name);
    const error = await rejection(dr.execute(functions, { inputs: { data_quality_should_fail: true } }));
    expect(error.code).toBe("check_failed");
    expect(error.message).toContain("data_might_be_in_range");
  });

  it("config-driven nodes (resolve + parameterize) sum columns and sums of columns", async () => {
    const columns_to_sum_map = { ab: ["a", "b"], cd: ["c", "d"], ed: ["e", "d"], ae: ["a", "e"], abcd: ["ab", "cd"], abcdcd: ["abcd", "cd"] };
    const dr = await build(["dynamic_config"], { columns_to_sum_map });
    const out = await dr.execute(Object.keys(columns_to_sum_map));
    const first = (name: string) => (out[name] as { get(i: number): number }).get(0);
    expect([first("ab"), first("cd"), first("ed"), first("ae"), first("abcd"), first("abcdcd")]).toEqual([2, 2, 2, 2, 4, 6]);
  });

  it("an override of b gives c = 2 and d = 3 with no input a", async () => {
    const dr = await build(["overrides"]);
    expect((await dr.execute(["c"], { overrides: { b: 1 } })).c).toBe(2);
    expect((await dr.execute(["d"], { overrides: { b: 1 } })).d).toBe(3);
  });

  it("with allowModuleOverrides the later module's c is used under an override of b (d = 15)", async () => {
    const dr = await wrap(new Builder<NodeValues>().withModules(fixture("overrides"), fixture("overrides_from_module")).allowModuleOverrides()).build();
    expect((await dr.execute(["d"], { overrides: { b: 1 } })).d).toBe(15);
  });

  it("extra inputs can be outputs: an input no function reads is returned as given", async () => {
    const dr = await build(["overrides"]);
    expect(await dr.execute(["d", "e"], { inputs: { a: 1, e: 10 } })).toEqual({ d: 4, e: 10 });
    expect(() => dr.validateExecution(["d", "e"], { inputs: { a: 1, e: 10 } })).not.toThrow();
    await expect(dr.validateMaterialization({ outputs: ["d", "e"], inputs: { a: 1, e: 10 } })).resolves.toBeUndefined();
    const prepared = dr.prepare(["d", "e"], { inputs: ["a", "e"] });
    expect(await prepared.execute({ a: 2, e: 20 })).toEqual({ d: 5, e: 20 });
  });

  it("extra inputs can be outputs of a frame result: the input is a column beside the computed one", async () => {
    const dr = await wrap(new Builder<NodeValues>().withModules(fixture("example_module"))).withResultBuilder(arrowTableResult).build();
    const spend = makeVector(Float64Array.from([1, 1, 1, 1, 1]));
    const e = makeVector(Float64Array.from([10, 10, 10, 10, 10]));
    const table = await dr.execute(["avg_3wk_spend", "e"], { inputs: { spend, e } });
    expect(table.schema.fields.map((field) => field.name)).toEqual(["avg_3wk_spend", "e"]);
    expect(table.getChild("avg_3wk_spend")!.toArray().slice(2)).toEqual(Float64Array.from([1, 1, 1]));
    expect([table.getChild("avg_3wk_spend")!.get(0), table.getChild("avg_3wk_spend")!.get(1)]).toEqual([null, null]);
    expect(Array.from(table.getChild("e")!.toArray())).toEqual([10, 10, 10, 10, 10]);
  });

  it("an output that is neither a node nor an input fails, naming it", async () => {
    const dr = await build(["overrides"]);
    const error = await rejection(dr.execute(["d", "f"], { inputs: { a: 1 } }));
    expect(error.code).toBe("unknown_output");
    expect(error.message).toContain('"f"');
  });

  it("inputs left out (undefined) work with overrides, and an unknown output still fails", async () => {
    const dr = await build(["overrides"]);
    expect((await dr.execute(["d"], { inputs: undefined, overrides: { b: 1 } })).d).toBe(3);
    await expect(dr.execute(["e"], { inputs: undefined })).rejects.toMatchObject({ code: "unknown_output" });
  });
});

describe("hamilton tests/test_end_to_end.py: materialization", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hm-e2e-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("materialize saves outputs to JSON files and returns the outputs asked for", async () => {
    const dr = await new Builder().withModules(fixture("for_materialization")).build();
    const path1 = join(dir, "one.json");
    const path2 = join(dir, "two.json");
    const { saved, results } = await dr.materialize({ save: { json_to_save_1: path1, json_to_save_2: path2 }, outputs: ["json_to_save_1", "json_to_save_2"] });
    expect(saved.map((file) => file.node).sort()).toEqual(["json_to_save_1", "json_to_save_2"]);
    expect(results).toEqual({ json_to_save_1: { key1: "value1", key2: "value2" }, json_to_save_2: { key3: "value3", key4: "value4" } });
    expect(JSON.parse(await readFile(path1, "utf8"))).toEqual({ key1: "value1", key2: "value2" });
    expect(JSON.parse(await readFile(path2, "utf8"))).toEqual({ key3: "value3", key4: "value4" });
  });

  it("to.json with one dependency, and with two joined by combine=JoinBuilder() (test_materialize_driver_call_end_to_end)", async () => {
    const dr = await new Builder().withModules(fixture("for_materialization")).build();
    const path1 = join(dir, "materializer_1.json");
    const path2 = join(dir, "materializer_2.json");
    /** Hamilton's JoinBuilder: the dict outputs merged, later keys winning. */
    const joinBuilder: ResultBuilder<Record<string, unknown>> = {
      name: "JoinBuilder",
      build: (outputs, requested) => Object.assign({}, ...requested.map((name) => outputs[name] as Record<string, unknown>)),
    };
    const { saved, results } = await dr.materialize({
      save: {
        materializer_1: { path: path1, dependencies: ["json_to_save_1"] },
        materializer_2: { path: path2, dependencies: ["json_to_save_1", "json_to_save_2"], combine: joinBuilder },
      },
      outputs: ["json_to_save_1", "json_to_save_2"],
    });
    expect(results).toMatchObject({ json_to_save_1: { key1: "value1", key2: "value2" }, json_to_save_2: { key3: "value3", key4: "value4" } });
    expect(saved.map((file) => file.id)).toEqual(["materializer_1", "materializer_2"]);
    expect(JSON.parse(await readFile(path1, "utf8"))).toEqual({ key1: "value1", key2: "value2" });
    expect(JSON.parse(await readFile(path2, "utf8"))).toEqual({ key1: "value1", key2: "value2", key3: "value3", key4: "value4" });
  });

  it("a loader and a saver end to end: the loaded JSON is processed and saved", async () => {
    const input = join(dir, "unprocessed_data.json");
    const output = join(dir, "processed_data.json");
    await writeFile(input, JSON.stringify({ processed: false }));
    const dr = await new Builder().withModules(fixture("processed_data")).build();
    const { results, saved } = await dr.materialize({ load: { input_data: { path: input, as: "value" } }, save: { processed_data: output }, outputs: ["processed_data"] });
    expect(results.processed_data).toEqual({ processed: true });
    expect(saved.map((file) => file.node)).toEqual(["processed_data"]);
    expect(JSON.parse(await readFile(output, "utf8"))).toEqual({ processed: true });
    // Without outputs, the saved node is still computed and written.
    const again = join(dir, "again.json");
    await dr.materialize({ load: { input_data: { path: input, as: "value" } }, save: { processed_data: again } });
    expect(JSON.parse(await readFile(again, "utf8"))).toEqual({ processed: true });
  });

  it("a loader without a saver returns the outputs asked for", async () => {
    const input = join(dir, "only-load.json");
    await writeFile(input, JSON.stringify({ processed: false }));
    const dr = await new Builder().withModules(fixture("processed_data")).build();
    const { results, saved } = await dr.materialize({ load: { input_data: { path: input, as: "value" } }, outputs: ["processed_data"] });
    expect(results.processed_data).toEqual({ processed: true });
    expect(saved).toEqual([]);
  });

  it("a loader with nothing to save or return is refused", async () => {
    const input = join(dir, "nothing.json");
    await writeFile(input, JSON.stringify({ processed: false }));
    const dr = await new Builder().withModules(fixture("processed_data")).build();
    await expect(dr.materialize({ load: { input_data: input } })).rejects.toMatchObject({ code: "invalid_argument" });
  });
});
