/**
 * Port of Hamilton's examples/pandas/with_columns (tests/fixtures/ports/with-columns): the
 * notebook's `final_df`, built with the modules the notebook gives the driver, under its config
 * `case: "millions"`. Expected values are worked out here from the input table; the notebook's
 * printed frame agrees to its six digits.
 */
import type { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";

const fixture = (name: string) => new URL(`../fixtures/ports/with-columns/${name}`, import.meta.url);
const columnsOf = (table: Table) =>
  Object.fromEntries(table.schema.fields.map((field) => [field.name, Array.from(table.getChild(field.name)!, (v) => (v === null ? null : Number(v)))]));

describe("ports/pandas/with_columns", () => {
  it("final_df is initial_df with avg_3wk_spend, spend_per_signup and spend_zero_mean_unit_variance appended", async () => {
    const dr = await new Builder().withModules(fixture("my_functions.ts"), fixture("with_columns_example.ts")).withConfig({ case: "millions" }).build();
    const { final_df } = await dr.execute(["final_df"]);
    const columns = columnsOf(final_df as Table);
    expect(Object.keys(columns)).toEqual(["signups", "spend", "avg_3wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance"]);
    const spend = [10, 10, 20, 40, 40, 50].map((x) => x * 1e6);
    const signups = [1, 10, 50, 100, 200, 400];
    const mean = spend.reduce((a, b) => a + b) / spend.length;
    const sd = Math.sqrt(spend.reduce((a, b) => a + (b - mean) ** 2, 0) / (spend.length - 1));
    // pandas' NaN for a window not yet full is a null here (missing, not a value).
    expect(columns.avg_3wk_spend!.slice(0, 2)).toEqual([null, null]);
    columns.avg_3wk_spend!.slice(2).forEach((v, i) => expect(v!).toBeCloseTo((spend[i]! + spend[i + 1]! + spend[i + 2]!) / 3 / 1e6, 9));
    expect(columns.spend_per_signup).toEqual(spend.map((s, i) => s / signups[i]!));
    columns.spend_zero_mean_unit_variance!.forEach((v, i) => expect(v!).toBeCloseTo((spend[i]! - mean) / sd, 9));
    // The notebook's print: 13.333333 … 43.333333, -1.064405 -1.064405 -0.483821 0.677349 0.677349 1.257934.
    expect(columns.avg_3wk_spend![5]!).toBeCloseTo(43.333333, 6);
    expect(columns.spend_zero_mean_unit_variance![0]!).toBeCloseTo(-1.064405, 6);
  });

  it("has Hamilton's nodes: final_df.<column> per passed column and column function, final_df._append, and the global ones untouched", async () => {
    const dr = await new Builder().withModules(fixture("my_functions.ts"), fixture("with_columns_example.ts")).withConfig({ case: "millions" }).build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring.final_df).toEqual(["final_df._append"]);
    expect(wiring["final_df._append"]).toEqual(["initial_df", "final_df.avg_3wk_spend", "final_df.spend_per_signup", "final_df.spend_zero_mean_unit_variance"]);
    expect(wiring["final_df.spend"]).toEqual(["initial_df"]);
    expect(wiring["final_df.spend_zero_mean_unit_variance"]).toEqual(["final_df.spend_zero_mean", "final_df.spend_std_dev"]);
    expect(wiring["final_df.spend_zero_mean"]).toEqual(["final_df.spend", "final_df.spend_mean"]);
    // my_functions is also a module of the driver, as in the notebook: its own nodes read the global spend.
    expect(wiring.spend_per_signup).toEqual(["spend", "signups"]);
    expect(dr.toDot()).toContain('"final_df.spend_per_signup"');
  });

  it("examples/polars/with_columns: without select, every column function typed as a column is appended (spend_zero_mean too)", async () => {
    const dr = await new Builder().withModules(fixture("my_functions.ts"), fixture("with_columns_polars.ts")).withConfig({ case: "millions" }).build();
    const columns = columnsOf((await dr.execute(["final_df"])).final_df as Table);
    expect(Object.keys(columns)).toEqual(["signups", "spend", "avg_3wk_spend", "spend_per_signup", "spend_zero_mean", "spend_zero_mean_unit_variance"]);
    // The notebook's print: spend_zero_mean -1.8333e7 … 2.1667e7.
    const mean = (10 + 10 + 20 + 40 + 40 + 50) / 6;
    expect(columns.spend_zero_mean).toEqual([10, 10, 20, 40, 40, 50].map((x) => x * 1e6 - mean * 1e6));
    expect(columns.spend_zero_mean![5]!).toBeCloseTo(2.1667e7, -3);
  });

  it("the async cell: every column function returning a vector is appended when there is no select", async () => {
    const dr = await new Builder().withModules(fixture("with_columns_async.ts")).build();
    const { final_df } = await dr.execute(["final_df"]);
    expect(columnsOf(final_df as Table)).toEqual({
      a: [1, 2, 3],
      b: [4, 5, 6],
      c: [7, 8, 9],
      multiply_a: [10, 20, 30],
      a_plus_b: [5, 7, 9],
      multiply_a_plus_mean_b: [15, 25, 35],
    });
  });
});
