/**
 * Port of Hamilton's examples/hamilton-tutorials/mpg-translation (tests/fixtures/ports/
 * mpg-translation): the procedural MPG script as a four-function pipeline (target) and as the
 * advanced version with extracted fields and optional split inputs. The fitted model is checked
 * against the normal equations worked out here from the raw file, and the mean absolute error
 * recomputed from its weights; the CLI draws the DAG as run.py's display_all_functions does.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const folder = "tests/fixtures/ports/mpg-translation";
const fixture = (name: string) => new URL(`../fixtures/ports/mpg-translation/${name}.ts`, import.meta.url);
const build = (name: string) => new Builder().withModules(fixture(name)).build();
const scratch = mkdtempSync(join(tmpdir(), "funcflow-mpg-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The file's rows as numbers, the car name (after the tab) left out; "?" is null. */
const RAW = readFileSync(new URL(`../fixtures/ports/mpg-translation/auto-mpg.data`, import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => line.split("\t")[0]!.trim().split(/\s+/).map((field) => (field === "?" ? null : Number(field))));
const COMPLETE = RAW.filter((row) => !row.includes(null)) as number[][];

interface LinearModel {
  weights: number[];
  intercept: number;
}
interface Scaler {
  means: number[];
  scales: number[];
}

/** Rows of a split table as numbers, its column names alongside. */
function rowsOf(table: Table): { names: string[]; rows: number[][] } {
  const names = table.schema.fields.map((field) => field.name);
  return { names, rows: Array.from({ length: table.numRows }, (_, row) => names.map((_, col) => Number(table.getChildAt(col)!.get(row)))) };
}

/** Standardises the features as the test reads them, predicts with the fitted weights, and returns the residuals. */
function residuals(table: Table, model: LinearModel, scaler: Scaler): { features: number[][]; residuals: number[] } {
  const { names, rows } = rowsOf(table);
  const target = names.indexOf("MPG");
  const features = rows.map((row) => row.filter((_, col) => col !== target).map((x, col) => (x - scaler.means[col]!) / scaler.scales[col]!));
  return { features, residuals: rows.map((row, at) => row[target]! - features[at]!.reduce((sum, x, col) => sum + x * model.weights[col]!, model.intercept)) };
}

describe("ports/mpg-translation", () => {
  it("target and advanced target have Hamilton's nodes: the advanced one's fields and optional split inputs", async () => {
    const target = await build("mpg_pipeline_target");
    expect(target.listNodes().map((node) => node.name)).toEqual(["mpg_df", "data_sets", "linear_model", "evaluated_model"]);
    const advanced = await build("mpg_pipeline_advanced_target");
    const wiring = Object.fromEntries(advanced.listNodes().map((node) => [node.name, node.dependencies.map((d) => `${d.name}${d.optional ? "?" : ""}`)]));
    expect(wiring.data_sets).toEqual(["mpg_df", "train_test_split?", "seed?"]);
    expect(wiring.train_dataset).toEqual(["data_sets"]);
    expect(wiring.lr_model).toEqual(["linear_model"]);
    expect(wiring.linear_model).toEqual(["train_dataset", "target_column"]);
    expect(wiring.evaluated_model).toEqual(["lr_model", "scaler", "test_dataset", "target_column"]);
    expect(advanced.node("lr_model").type).toBe("LinearRegression");
  });

  it("run as in __main__: the split drops the row with a missing horsepower, the fit solves the normal equations, and the MAE is the test rows' mean error", async () => {
    const dr = await build("mpg_pipeline_advanced_target");
    const out = await dr.execute(["evaluated_model", "linear_model", "train_dataset", "test_dataset", "mpg_df"]);
    const train = out.train_dataset as Table;
    const test = out.test_dataset as Table;
    expect(train.numRows + test.numRows).toBe(COMPLETE.length);
    expect(train.numRows).toBe(Math.round(0.8 * COMPLETE.length));
    expect(rowsOf(train).names).toEqual(["MPG", "Cylinders", "Displacement", "Horsepower", "Weight", "Acceleration", "ModelYear", "Origin", "USA", "Europe", "Japan"]);
    // Every complete row lands in exactly one split (matched on all eight raw fields).
    const key = (row: number[]) => row.slice(0, 8).join(",");
    expect([...rowsOf(train).rows, ...rowsOf(test).rows].map(key).sort()).toEqual(COMPLETE.map(key).sort());
    // One-hot origin.
    for (const row of rowsOf(train).rows) expect(row.slice(8)).toEqual([1, 2, 3].map((origin) => (row[7] === origin ? 1 : 0)));

    const { lr_model: model, scaler } = out.linear_model as { lr_model: LinearModel; scaler: Scaler };
    const fit = residuals(train, model, scaler);
    // Least squares: the residuals sum to zero and are orthogonal to every standardised feature.
    expect(fit.residuals.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    for (let col = 0; col < fit.features[0]!.length; col++) expect(fit.features.reduce((sum, row, at) => sum + row[col]! * fit.residuals[at]!, 0), `feature ${col}`).toBeCloseTo(0, 5);
    const error = residuals(test, model, scaler).residuals;
    expect((out.evaluated_model as { linear_model: number }).linear_model).toBeCloseTo(error.reduce((sum, r) => sum + Math.abs(r), 0) / error.length, 9);
    // pandas added USA/Europe/Japan to mpg_df in place; here the loaded table is left as it was.
    expect((out.mpg_df as Table).schema.fields.map((field) => field.name)).toEqual(["MPG", "Cylinders", "Displacement", "Horsepower", "Weight", "Acceleration", "ModelYear", "Origin"]);
  });

  it("the straight port and the advanced one agree; seed and train_test_split change the split as inputs", async () => {
    const [target, advanced] = await Promise.all([build("mpg_pipeline_target"), build("mpg_pipeline_advanced_target")]);
    const straight = await target.execute(["evaluated_model", "linear_model"]);
    const { evaluated_model } = await advanced.execute(["evaluated_model"]);
    expect(evaluated_model).toEqual(straight.evaluated_model);
    expect(Object.keys(straight.linear_model as object)).toEqual(["linear_model", "scaler"]);

    const reseeded = await advanced.execute(["train_dataset"], { inputs: { seed: 7 } });
    const base = await advanced.execute(["train_dataset"]);
    expect((reseeded.train_dataset as Table).numRows).toBe((base.train_dataset as Table).numRows);
    expect(rowsOf(reseeded.train_dataset as Table).rows).not.toEqual(rowsOf(base.train_dataset as Table).rows);
    const halves = await advanced.execute(["train_dataset", "test_dataset"], { inputs: { train_test_split: 0.5 } });
    expect((halves.train_dataset as Table).numRows).toBe(Math.round(0.5 * COMPLETE.length));
  });

  it("a data_sets override without test_dataset fails in that field's node, naming it and the fields there are", async () => {
    const dr = await build("mpg_pipeline_advanced_target");
    const { train_dataset } = await dr.execute(["train_dataset"]);
    const error = await rejection(dr.execute(["evaluated_model"], { overrides: { data_sets: { train_dataset } } }));
    expect(error).toMatchObject({ code: "node_failed", node: "test_dataset" });
    expect((error.cause as { code: string }).code).toBe("missing_field");
    expect(error.message).toContain("test_dataset");
  });

  it("display_all_functions(\"mpg_pipeline.png\") is funcflow view -o mpg_pipeline.png; funcflow run takes --input seed", async () => {
    const png = join(scratch, "mpg_pipeline.png");
    const viewed = await runCliInProcess(["view", `${folder}/mpg_pipeline_target.ts`, "-o", png]);
    expect(viewed.stderr).toBe("");
    expect(viewed.code).toBe(0);
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");

    const ran = await runCliInProcess(["run", `${folder}/mpg_pipeline_advanced_target.ts`, "--outputs", "evaluated_model", "--input", "seed=123", "--json"]);
    expect(ran.stderr).toBe("");
    const dr = await build("mpg_pipeline_advanced_target");
    expect(JSON.parse(ran.stdout).outputs.evaluated_model).toEqual((await dr.execute(["evaluated_model"])).evaluated_model);
  });
});
