/**
 * Port of Hamilton's examples/narwhals (tests/fixtures/ports/narwhals): functions written once
 * against one frame API, fed by a config-chosen backend (row records or Arrow), with an adapter
 * (`callNode`, Hamilton's NarwhalsAdapter) converting inputs, a list-valued tag, and the outputs
 * combined into one table as Hamilton's PandasDataFrameResult does (a frame flattened into
 * `<output>.<column>`, a scalar broadcast). Expected values are worked out here from the data.
 */
import type { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { rejection } from "../support/caught.ts";
import { narwhalsAdapter } from "../fixtures/ports/narwhals/narwhals_adapter.ts";

const module = new URL("../fixtures/ports/narwhals/example.ts", import.meta.url);
const build = (load: string, builder = new Builder()) => builder.withConfig({ load }).withModules(module).withAdapters(narwhalsAdapter).withResultBuilder(arrowTableResult).build();

const A = [1, 1, 2, 2, 3];
const B = [4, 5, 6, 7, 8];
const SERIES = [1, 3];
/** group_by("a").agg(col("b").mean()).sort("a"), and the rows whose a is in the series. */
const MEANS = [...new Set(A)].sort().map((a) => [a, B.filter((_, at) => A[at] === a).reduce((s, b, _, all) => s + b / all.length, 0)] as const);
const IN_SERIES = A.filter((a) => SERIES.includes(a)).length;

describe("ports/narwhals", () => {
  it.each(["pandas", "polars"])("load=%s: one table with group_by_mean flattened into group_by_mean.a/.b and example1 repeated on every row", async (load) => {
    const dr = await build(load);
    const table = (await dr.execute(["group_by_mean", "example1"], { inputs: { col_name: "a" } })) as unknown as Table;
    expect(table.schema.fields.map((field) => field.name)).toEqual(["group_by_mean.a", "group_by_mean.b", "example1"]);
    expect(table.toArray().map((row) => row.toJSON())).toEqual(MEANS.map(([a, b]) => ({ "group_by_mean.a": a, "group_by_mean.b": b, example1: IN_SERIES })));
  });

  it("config chooses df and series per backend; example1 carries the list-valued nw_kwargs tag", async () => {
    const dr = await build("pandas");
    expect(dr.node("df").condition).toContain("load");
    expect(dr.node("example1").tags).toMatchObject({ nw_kwargs: ["eager_only"] });
    expect(dr.listNodes({ tags: { nw_kwargs: "eager_only" } }).map((node) => node.name)).toEqual(["example1"]);
    // Without the adapter the pandas backend's records reach a function written for Arrow.
    const bare = await new Builder().withConfig({ load: "pandas" }).withModules(module).build();
    const error = await rejection(bare.execute(["group_by_mean"]));
    expect(error).toMatchObject({ code: "node_failed", node: "group_by_mean" });
  });

  it("without load in config there is no df: config_unsatisfied naming both backends; with the static check, the backends' union types do not fit the Arrow parameters", async () => {
    const dr = await new Builder().withModules(module).build();
    const error = await rejection(dr.execute(["group_by_mean"]));
    expect(error.code).toBe("config_unsatisfied");
    expect(error.message).toContain("df__pandas");
    expect(error.message).toContain("df__polars");
    // Hamilton's adapter relaxes the edge check (do_check_edge_types_match); funcflow's static check has no such hook.
    const checked = await rejection(build("polars", new Builder().withTypeCheck()));
    expect(checked.code).toBe("edge_type_mismatch");
    expect(checked.message).toContain("df__polars → group_by_mean(df)");
  });
});
