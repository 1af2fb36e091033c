/**
 * Port of Hamilton's examples/polars (tests/fixtures/ports/polars): my_script.py's Driver with
 * `config={"base_df_location": "dummy_value"}` and `PolarsDataFrameResult`, here `withConfig` and
 * `arrowTableResult`, asked for the two extracted columns and three computed series; and
 * examples/polars/lazyframe, a `@load_from.csv` node feeding one frame-valued output returned as
 * it is (`PolarsLazyFrameResult`; Arrow has no lazy frame). Expected values are worked out here
 * from the example's numbers.
 */
import type { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { rejection } from "../support/caught.ts";

const MODULE = new URL("../fixtures/ports/polars/my_functions.ts", import.meta.url);
const LAZY = new URL("../fixtures/ports/polars/lazyframe/my_functions.ts", import.meta.url);
const OUTPUT_COLUMNS = ["spend", "signups", "avg_3wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance"];
const SIGNUPS = [1, 10, 50, 100, 200, 400];
const SPEND = [10, 10, 20, 40, 40, 50];
const MEAN = SPEND.reduce((a, b) => a + b) / SPEND.length;
// polars' Series.std is the sample deviation (ddof=1).
const STD = Math.sqrt(SPEND.reduce((a, s) => a + (s - MEAN) ** 2, 0) / (SPEND.length - 1));
const build = () => new Builder().withModules(MODULE).withConfig({ base_df_location: "dummy_value" }).withResultBuilder(arrowTableResult).build();
const columnsOf = (table: Table) => Object.fromEntries(table.schema.fields.map((field) => [field.name, Array.from(table.getChild(field.name)!, (v) => (v === null ? null : Number(v)))]));

describe("ports/polars", () => {
  it("my_script.py: one table of the requested columns in request order, the extracted integer columns kept as integers", async () => {
    const table = await (await build()).execute(OUTPUT_COLUMNS);
    expect(table.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual(["spend:Int32", "signups:Int32", "avg_3wk_spend:Float64", "spend_per_signup:Float64", "spend_zero_mean_unit_variance:Float64"]);
    const columns = columnsOf(table);
    expect(columns.spend).toEqual(SPEND);
    expect(columns.signups).toEqual(SIGNUPS);
    // polars' rolling_mean leaves a null until the window of 3 is full.
    expect(columns.avg_3wk_spend!.slice(0, 2)).toEqual([null, null]);
    columns.avg_3wk_spend!.slice(2).forEach((v, i) => expect(v!).toBeCloseTo((SPEND[i]! + SPEND[i + 1]! + SPEND[i + 2]!) / 3, 12));
    // Integer / integer is a true division in polars.
    expect(columns.spend_per_signup).toEqual(SPEND.map((s, i) => s / SIGNUPS[i]!));
    columns.spend_zero_mean_unit_variance!.forEach((v, i) => expect(v!).toBeCloseTo((SPEND[i]! - MEAN) / STD, 12));
  });

  it("the scalars: spend_mean and spend_std_dev, and a scalar beside columns broadcast (polars' builder refuses the mix; pandas broadcasts)", async () => {
    const dr = await new Builder().withModules(MODULE).withConfig({ base_df_location: "dummy_value" }).build();
    const { spend_mean, spend_std_dev } = await dr.execute(["spend_mean", "spend_std_dev"]);
    expect(spend_mean).toBeCloseTo(MEAN, 12);
    expect(spend_std_dev).toBeCloseTo(STD, 12);
    const columns = columnsOf(await (await build()).execute(["spend", "spend_mean"]));
    expect(columns.spend_mean).toEqual(SPEND.map(() => MEAN));
  });

  it("has Hamilton's nodes: base_df and its two columns, the six functions, and the config key base_df_location", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring).toEqual({
      base_df_location: [],
      base_df: ["base_df_location"],
      signups: ["base_df"],
      spend: ["base_df"],
      avg_3wk_spend: ["spend"],
      spend_per_signup: ["spend", "signups"],
      spend_mean: ["spend"],
      spend_zero_mean: ["spend", "spend_mean"],
      spend_std_dev: ["spend"],
      spend_zero_mean_unit_variance: ["spend_zero_mean", "spend_std_dev"],
    });
    expect(dr.node("base_df_location").kind).toBe("config");
    // The config value is a node: it can be asked for.
    expect(await new Builder().withModules(MODULE).withConfig({ base_df_location: "dummy_value" }).build().then((d) => d.execute(["base_df_location"]))).toEqual({ base_df_location: "dummy_value" });
  });

  it("the static type check passes: the extracted columns are typed from base_df's declared Table<{ signups: Int32; spend: Int32 }>", async () => {
    const dr = await new Builder().withModules(MODULE).withConfig({ base_df_location: "dummy_value" }).withTypeCheck().build();
    expect(dr.node("spend").type).toContain("Int32");
  });

  it("without the config, base_df_location is a missing input naming base_df and the withConfig to write", async () => {
    const dr = await new Builder().withModules(MODULE).withResultBuilder(arrowTableResult).build();
    const error = await rejection(dr.execute(OUTPUT_COLUMNS));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain("base_df_location");
    expect(error.message).toContain("base_df");
  });

  it("an unknown output is refused with a did-you-mean", async () => {
    const error = await rejection((await build()).execute(["spend_per_signups"]));
    expect(error.code).toBe("unknown_output");
    expect(error.message).toContain("spend_per_signup");
  });

  describe("lazyframe", () => {
    const SAMPLE = { signups: SIGNUPS, spend: SPEND };
    it("my_script.py: spend_per_signup is the one output, returned as the table it is (spend, signups, their ratio)", async () => {
      const dr = await new Builder().withModules(LAZY).withResultBuilder(arrowTableResult).build();
      const table = await dr.execute(["spend_per_signup"]);
      const columns = columnsOf(table);
      expect(Object.keys(columns)).toEqual(["spend", "signups", "spend_per_signup"]);
      expect(columns.spend).toEqual(SAMPLE.spend);
      expect(columns.signups).toEqual(SAMPLE.signups);
      expect(columns.spend_per_signup).toEqual(SAMPLE.spend.map((s, i) => s / SAMPLE.signups[i]!));
    });

    it("has Hamilton's load_from nodes: raw_data.load_data.data, raw_data.select_data.data, raw_data, spend_per_signup", async () => {
      const dr = await new Builder().withModules(LAZY).build();
      const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
      expect(wiring).toEqual({
        "raw_data.load_data.data": [],
        "raw_data.select_data.data": ["raw_data.load_data.data"],
        raw_data: ["raw_data.select_data.data"],
        spend_per_signup: ["raw_data"],
      });
      const { "raw_data.load_data.data": loaded } = await dr.execute(["raw_data.load_data.data"]);
      const [, metadata] = loaded as [Table, { format: string; rows: number; columns: string[] }];
      expect([metadata.format, metadata.rows, metadata.columns]).toEqual(["csv", 6, ["signups", "spend"]]);
    });

    it("overriding raw_data reads no file, and the caller's table is not changed", async () => {
      const dr = await new Builder().withModules(LAZY).withResultBuilder(arrowTableResult).build();
      const { tableFromArrays } = await import("apache-arrow");
      const raw = tableFromArrays({ signups: new Float64Array([2, 4]), spend: new Float64Array([1, 1]), other: new Float64Array([0, 0]) });
      const columns = columnsOf(await dr.execute(["spend_per_signup"], { overrides: { raw_data: raw } }));
      expect(columns).toEqual({ spend: [1, 1], signups: [2, 4], spend_per_signup: [0.5, 0.25] });
      expect(raw.schema.fields.map((field) => field.name)).toEqual(["signups", "spend", "other"]);
    });
  });
});
