/**
 * Port of Hamilton's examples/mutate/abstract_functionality_blueprint (tests/fixtures/ports/mutate):
 * the same pipeline written with `mutate` and with `pipeOutput`, `pipeOutput` over
 * `extractFields` with steps aimed at chosen fields, and `mutate` targets with config conditions
 * and a namespaced name. Expected frames are worked out by hand from pandas' semantics.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { buildSource, removeInlineModules } from "../decorators/support/build.ts";
import { rejection } from "../support/caught.ts";

afterAll(removeInlineModules);

const module = (name: string) => new URL(`../fixtures/ports/mutate/${name}.ts`, import.meta.url);
const build = (name: string, config: Record<string, unknown> = {}) => new Builder().withModules(module(name)).withConfig(config).build();
const wiring = (dr: Awaited<ReturnType<typeof build>>) => Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));

// Hamilton's DAG for mutate.py and pipe_output.py: each target becomes <t>.raw → steps → <t>.
const PIPELINE_WIRING = {
  data_1: ["data_1.with_sort"],
  "data_1.raw": [],
  "data_1.with_filter_": ["data_1.raw"],
  "data_1.with_sort": ["data_1.with_filter_"],
  data_2: ["data_2.with_sort"],
  "data_2.raw": [],
  "data_2.with_filter_": ["data_2.raw"],
  "data_2.with_add_missing_value": ["data_2.with_filter_"],
  "data_2.with_join": ["data_2.with_add_missing_value", "data_3"],
  "data_2.with_sort": ["data_2.with_join"],
  data_3: [],
  feat_A: ["data_1", "data_2"],
};

// data_1: NA row dropped, sorted by col_1 (rows 3, 1, 0 of the original).
const DATA_1 = { index: [3, 1, 0], columns: { col_1: [0, 2, 3], col_2: ["d", "b", "a"] } };
// data_2: NA row dropped, ["c", 145] added at label -1, indexed by col_2 and joined with data_3, sorted by col_1.
const DATA_2 = { index: [150, 155, 145, 200, 5000], columns: { col_1: ["a", "b", "c", "d", "e"], col_2: [10, 23, 32, 50, 0] } };
// feat_A: data_1 by col_2 joined with data_2 (its index as col_3) by col_1, the index back as col_0.
const FEAT_A = { index: [0, 1, 2], columns: { col_0: ["d", "b", "a"], col_1: [0, 2, 3], col_3: [200, 155, 150], col_2: [50, 23, 10] } };

describe("ports/mutate", () => {
  it.each(["mutate", "pipe_output"])("%s.ts: Hamilton's nodes, steps in the order written, and its frames", async (name) => {
    const dr = await build(name);
    expect(wiring(dr)).toEqual(PIPELINE_WIRING);
    expect(await dr.execute(["data_1", "data_2", "feat_A"])).toEqual({ data_1: DATA_1, data_2: DATA_2, feat_A: FEAT_A });
  });

  it("mutate's transforms are not nodes, and the bound literal and source show as Hamilton wires them", async () => {
    const dr = await build("mutate");
    const names = dr.listNodes().map((node) => node.name);
    for (const transform of ["filter_", "add_missing_value", "join", "sort"]) expect(names).not.toContain(transform);
    const raw = await dr.execute(["data_2.raw", "data_2.with_add_missing_value"]);
    expect((raw["data_2.raw"] as typeof DATA_2).index).toEqual([0, 1, 2, 3, 4]);
    expect((raw["data_2.with_add_missing_value"] as typeof DATA_2).columns.col_1).toEqual(["a", "b", "d", "e", "c"]);
  });

  it("pipe_output_on_output.ts: a step on every field and named steps on chosen ones", async () => {
    const dr = await build("pipe_output_on_output");
    expect(wiring(dr)).toEqual({
      a: [],
      foo: ["a"],
      "field_1.raw": ["foo"],
      "field_1.with_something_else": ["field_1.raw"],
      "field_1.transform_1": ["field_1.with_something_else"],
      "field_1.transform_2": ["field_1.transform_1"],
      field_1: ["field_1.transform_2"],
      "field_2.raw": ["foo"],
      "field_2.with_something_else": ["field_2.raw"],
      field_2: ["field_2.with_something_else"],
      "field_3.raw": ["foo"],
      "field_3.with_something_else": ["field_3.raw"],
      "field_3.transform_2": ["field_3.with_something_else"],
      field_3: ["field_3.transform_2"],
    });
    expect(await dr.execute(["field_1", "field_2", "field_3"])).toEqual({ field_1: 1 + 1000 + 10 + 100, field_2: 2 + 1000, field_3: 3 + 1000 + 100 });
  });

  it("mutate_on_output.ts: applyTo(…).whenIn/whenNotIn pick the filtered target from config, and .named(name, namespace) names the step", async () => {
    // a unset: when_not_in passes (an unset key reads as null), so data_2 is filtered and data_1 is not.
    const unset = await build("mutate_on_output");
    expect(wiring(unset)["data_1.with_sort"]).toEqual(["data_1.raw"]);
    expect(wiring(unset)["some_random_namespace.joined"]).toEqual(["data_2.with_add_missing_value", "data_3"]);
    expect(wiring(unset)["data_2.with_add_missing_value"]).toEqual(["data_2.with_filter_"]);
    const out = await unset.execute(["data_1", "field_1", "feat_C"]);
    expect(out.data_1).toEqual({ index: [3, 1, 0, 2], columns: { col_1: [0, 2, 3, null], col_2: ["d", "b", "a", null] } });
    expect(out.field_1).toEqual([0, 2, 3, null]);
    expect(out.feat_C).toEqual([[0, 200], [2, 155], [3, 150], [null, null]]);
    // a = 1: data_1 is filtered and data_2 is not.
    const one = await build("mutate_on_output", { a: 1 });
    expect(wiring(one)["data_1.with_filter_"]).toEqual(["data_1.raw"]);
    expect(wiring(one)["data_2.with_add_missing_value"]).toEqual(["data_2.raw"]);
    expect((await one.execute(["data_1"])).data_1).toEqual(DATA_1);
  });

  // Hamilton appends a mutation's pipe after the target's own transforms (extract_fields,
  // extract_columns, check_output), so `.onOutput("field_1")` finds the field and an untargeted
  // step lands on each extracted column.
  it("adjustment_factor.ts: a mutation aimed at an extracted field and at extracted columns (field_1.Europe, col_2.US, col_3.US)", async () => {
    const dr = await build("adjustment_factor");
    const names = dr.listNodes().map((node) => node.name);
    expect(names).toEqual(expect.arrayContaining(["field_1.raw", "field_1.Europe", "field_1", "col_2.raw", "col_2.US", "col_3.US", "field_2"]));
    expect(await dr.execute(["field_1", "field_2", "col_2"])).toMatchObject({ field_1: [0, 200, 300], field_2: [200, 155, 150], col_2: [500, 230, 100] });
  });

  it("a transform whose export starts with _ (Hamilton's _adjustment_factor) is a build error saying the _ hides it", async () => {
    const error = await rejection(buildSource(`
export function data(): number { return 2; }
export const _scale = ff.mutate([data], (x: number): number => x * 10);
`));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("_scale");
  });

  it("a target of another module is refused naming the transform, as Hamilton restricts mutate to one module", async () => {
    const error = await rejection(buildSource(`
export const scaled = ff.mutate(["data_3"], (x: number): number => x * 10);
`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("data_3");
  });
});
