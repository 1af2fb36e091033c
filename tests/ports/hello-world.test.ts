/**
 * Port of Hamilton's examples/hello_world (tests/fixtures/ports/hello-world): my_script.py's
 * driver with `PandasDataFrameResult`, here `arrowTableResult`, asked for two inputs and three
 * computed series; and `display_all_functions`, here `funcflow view`. Expected values are worked
 * out in the test from the two input series.
 */
import { makeVector, type Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const MODULE = new URL("../fixtures/ports/hello-world/my_functions.ts", import.meta.url);
const OUTPUT_COLUMNS = ["spend", "signups", "avg_3wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance"];
const SIGNUPS = [1, 10, 50, 100, 200, 400];
const SPEND = [10, 10, 20, 40, 40, 50];
const initialColumns = () => ({ signups: makeVector(new Float64Array(SIGNUPS)), spend: makeVector(new Float64Array(SPEND)) });
const build = () => new Builder().withModules(MODULE).withResultBuilder(arrowTableResult).build();
const columnsOf = (table: Table) => Object.fromEntries(table.schema.fields.map((field) => [field.name, Array.from(table.getChild(field.name)!, (v) => (v === null ? null : Number(v)))]));

describe("ports/hello_world", () => {
  it("my_script.py: one table of the requested columns in request order, the inputs passed through", async () => {
    const dr = await build();
    const inputs = initialColumns();
    const table = await dr.execute(OUTPUT_COLUMNS, { inputs });
    const columns = columnsOf(table);
    expect(Object.keys(columns)).toEqual(OUTPUT_COLUMNS);
    expect(columns.spend).toEqual(SPEND);
    expect(columns.signups).toEqual(SIGNUPS);
    // pandas prints NaN for the two weeks before the window fills; Arrow has a null there.
    expect(columns.avg_3wk_spend!.slice(0, 2)).toEqual([null, null]);
    columns.avg_3wk_spend!.slice(2).forEach((v, i) => expect(v!).toBeCloseTo((SPEND[i]! + SPEND[i + 1]! + SPEND[i + 2]!) / 3, 12));
    expect(columns.spend_per_signup).toEqual(SPEND.map((s, i) => s / SIGNUPS[i]!));
    const mean = SPEND.reduce((a, b) => a + b) / SPEND.length;
    // pandas' Series.std is the sample deviation (ddof=1).
    const sd = Math.sqrt(SPEND.reduce((a, s) => a + (s - mean) ** 2, 0) / (SPEND.length - 1));
    columns.spend_zero_mean_unit_variance!.forEach((v, i) => expect(v!).toBeCloseTo((SPEND[i]! - mean) / sd, 12));
    // The README's printed frame: -1.064405 -1.064405 -0.483821 0.677349 0.677349 1.257934.
    expect(columns.spend_zero_mean_unit_variance!.map((v) => Number(v!.toFixed(6)))).toEqual([-1.064405, -1.064405, -0.483821, 0.677349, 0.677349, 1.257934]);
    // The caller's vectors are untouched.
    expect(Array.from(inputs.spend)).toEqual(SPEND);
  });

  it("a scalar output is repeated on every row, as pandas broadcasts it into the frame", async () => {
    const table = await (await build()).execute(["spend", "spend_mean", "spend_std_dev"], { inputs: initialColumns() });
    const columns = columnsOf(table);
    expect(columns.spend_mean).toEqual(SPEND.map(() => 170 / 6));
    expect(new Set(columns.spend_std_dev).size).toBe(1);
  });

  it("has Hamilton's nodes: the six functions, spend and signups as external inputs", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring).toEqual({
      spend: [],
      signups: [],
      avg_3wk_spend: ["spend"],
      spend_per_signup: ["spend", "signups"],
      spend_mean: ["spend"],
      spend_zero_mean: ["spend", "spend_mean"],
      spend_std_dev: ["spend"],
      spend_zero_mean_unit_variance: ["spend_zero_mean", "spend_std_dev"],
    });
    expect(dr.node("spend").isExternalInput).toBe(true);
    expect(dr.node("avg_3wk_spend").doc).toBe("Rolling 3 week average spend.");
  });

  it("a missing input is named with every node that needs it, before anything runs", async () => {
    const error = await rejection((await build()).execute(OUTPUT_COLUMNS, { inputs: { spend: initialColumns().spend } }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain("signups");
    expect(error.message).toContain("spend_per_signup");
  });

  it("an unknown output gets a did-you-mean", async () => {
    const error = await rejection((await build()).execute(["spend_per_signups"], { inputs: initialColumns() }));
    expect(error.code).toBe("unknown_output");
    expect(error.message).toContain("spend_per_signup");
  });

  it("series of different lengths are refused when the table is built, naming each column", async () => {
    const error = await rejection((await build()).execute(OUTPUT_COLUMNS, { inputs: { signups: makeVector(new Float64Array([1, 2])), spend: makeVector(new Float64Array(SPEND)) } }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.message).toContain("signups");
  });

  it("display_all_functions: funcflow view draws every node and the edges between them", async () => {
    const viewed = await runCliInProcess(["view", "tests/fixtures/ports/hello-world/my_functions.ts"]);
    expect(viewed.stderr).toBe("");
    expect(viewed.code).toBe(0);
    for (const name of ["avg_3wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance", "spend", "signups"]) expect(viewed.stdout).toContain(`"${name}"`);
    expect(viewed.stdout).toMatch(/"spend_zero_mean" -> "spend_zero_mean_unit_variance"/);
  });
});
