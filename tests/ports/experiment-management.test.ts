/**
 * Port of Hamilton's examples/experiment_management (tests/fixtures/ports/experiment-management):
 * cross-validated regression whose preprocessing and model are config variants, run.py's
 * materialized artifacts (the model as JSON, the scores combined into a JSON object as
 * `combine=DictResult()` does, the predictions as Parquet) and its
 * ExperimentTracker, ported as a lifecycle adapter that records each run's config and inputs.
 * Scores are recomputed here from the out-of-fold predictions; the folds from KFold's rule.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { recordResult } from "funcflow/arrow";
import { readTable } from "funcflow/io";
import { ExperimentTracker, type RunMetadata } from "../fixtures/ports/experiment-management/experiment_tracker.ts";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/ports/experiment-management/analysis.ts", import.meta.url);
const RUN_CONFIG = { model: "boosting", preprocess: "none" };
const inputs = { n_splits: 3 };
const build = (config: Record<string, unknown> = RUN_CONFIG, tracker?: ExperimentTracker) => {
  const builder = new Builder().withModules(module).withConfig(config);
  return (tracker === undefined ? builder : builder.withAdapters(tracker)).build();
};
const work = mkdtempSync(join(tmpdir(), "funcflow-experiments-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** KFold(3) over 60 rows: consecutive folds of 20. */
const FOLDS = [0, 1, 2].map((f) => Array.from({ length: 20 }, (_, k) => f * 20 + k));
const mse = (y: readonly number[], pred: readonly number[], rows: readonly number[]) => rows.reduce((s, i) => s + (y[i]! - pred[i]!) ** 2, 0) / rows.length;

describe("ports/experiment_management", () => {
  it("has Hamilton's nodes under run.py's config: X and base_model from their variants, the extracted fields", async () => {
    const dr = await build();
    const names = dr.listNodes().map((node) => node.name);
    expect(names).toEqual(expect.arrayContaining(["load_data", "X_raw", "y", "splits", "X", "base_model", "cross_validation", "y_pred", "cv_scores", "trained_model", "prediction_df", "prediction_plot", "n_splits"]));
    expect(dr.node("X").condition).toBe(`preprocess not in ["pca"]`);
    expect(dr.node("base_model").condition).toBe(`model == "boosting"`);
    expect(names).not.toContain("n_components");
  });

  it("cv_scores are each fold's mean squared error of the out-of-fold predictions, for every model", async () => {
    for (const model of ["linear", "random_forest", "boosting"]) {
      const out = await (await build({ model })).execute(["cv_scores", "y_pred", "y", "splits"], { inputs });
      expect((out.splits as [number[], number[]][]).map(([, evalIdx]) => evalIdx)).toEqual(FOLDS);
      const y = out.y as number[];
      (out.cv_scores as number[]).forEach((score, f) => expect(score).toBeCloseTo(mse(y, out.y_pred as number[], FOLDS[f]!), 9));
    }
    // The linear model fits the mostly linear target far better than the neighbours stand-ins.
    const linear = (await (await build({ model: "linear" })).execute(["cv_scores"], { inputs })).cv_scores as number[];
    const boosting = (await (await build()).execute(["cv_scores"], { inputs })).cv_scores as number[];
    expect(Math.max(...linear)).toBeLessThan(Math.min(...boosting));
  });

  it("preprocess=pca projects onto n_components centred, uncorrelated components of falling variance", async () => {
    const { X } = await (await build({ ...RUN_CONFIG, preprocess: "pca" })).execute(["X"]);
    const rows = X as number[][];
    expect(rows[0]).toHaveLength(5);
    const column = (j: number) => rows.map((row) => row[j]!);
    const variance = (j: number) => column(j).reduce((s, v) => s + v * v, 0) / (rows.length - 1);
    for (let j = 0; j < 5; j++) expect(column(j).reduce((s, v) => s + v, 0)).toBeCloseTo(0, 9);
    for (let j = 1; j < 5; j++) expect(variance(j)).toBeLessThanOrEqual(variance(j - 1) + 1e-9);
    expect(column(0).reduce((s, v, i) => s + v * column(1)[i]!, 0)).toBeCloseTo(0, 2);
  });

  it("n_components above the feature count fails X as node_failed, scikit-learn's message kept", async () => {
    const error = await rejection((await build({ ...RUN_CONFIG, preprocess: "pca" })).execute(["X"], { inputs: { n_components: 7 } }));
    expect(error).toMatchObject({ code: "node_failed", node: "X" });
    expect((error.cause as Error).message).toContain("n_components=7 must be between 0 and min(n_samples, n_features)=6");
  });

  it("run.py: materialize the model, predictions and scores, with the tracker recording the run's config, inputs and files", async () => {
    const tracker = new ExperimentTracker("forecast", join(work, "experiments"), "run-1");
    const dr = await build(RUN_CONFIG, tracker);
    const result = await dr.materialize({
      save: {
        trained_model: join(tracker.run_directory, "trained_model.json"),
        prediction_df: join(tracker.run_directory, "prediction_df.parquet"),
        // run.py's to.json(id="cv_scores_json", dependencies=["cv_scores"], combine=base.DictResult()).
        cv_scores_json: { path: join(tracker.run_directory, "cv_scores.json"), dependencies: ["cv_scores"], combine: recordResult },
      },
      inputs,
    });
    tracker.recordMaterialized(result.saved.map((file) => file.path));
    const predictions = await readTable(join(tracker.run_directory, "prediction_df.parquet"));
    expect(predictions.schema.fields.map((f) => f.name)).toEqual(["y_true", "y_pred"]);
    expect(predictions.numRows).toBe(60);
    // DictResult writes the scores under their node's name.
    expect(JSON.parse(readFileSync(join(tracker.run_directory, "cv_scores.json"), "utf8"))).toEqual({ cv_scores: result.results.cv_scores });
    expect(JSON.parse(readFileSync(join(tracker.run_directory, "trained_model.json"), "utf8"))).toMatchObject({ kind: "HistGradientBoostingRegressor", k: 3 });
    const metadata = JSON.parse(readFileSync(join(tracker.run_directory, "run.json"), "utf8")) as RunMetadata;
    expect(metadata).toMatchObject({ experiment: "forecast", config: RUN_CONFIG, inputs: { n_splits: "3" }, success: true });
    expect(metadata.materialized).toHaveLength(3);
    expect([...metadata.outputs].sort()).toEqual(["cv_scores", "prediction_df", "trained_model"]);
  });

  it("a model no variant takes: config_unsatisfied naming base_model and the config value", async () => {
    const error = await rejection((await build({ model: "svm" })).execute(["cv_scores"], { inputs }));
    expect(error.code).toBe("config_unsatisfied");
    expect(error.input).toBe("base_model");
    expect(error.message).toContain(`base_model__boosting needs model == "boosting" (config has model="svm")`);
  });

  it("asking for the PCA's n_components under preprocess=none: it is no node there, unknown_output", async () => {
    const error = await rejection((await build()).execute(["n_components"]));
    expect(error.code).toBe("unknown_output");
  });
});
