/**
 * Port of Hamilton's examples/model_examples/modular_example (tests/fixtures/ports/modular-example):
 * three modules (features, train, inference) reused by two `subdag`s, one training (its model
 * type remapped from `train_model_type` by `configuration`, its outputs split by
 * `extractFields`) and one predicting on other data with the trained model. run.py's config and
 * its commented execute are run; expected predictions are worked out here from the CSVs.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { main } from "../../src/cli/index.ts";
import type { Model } from "../fixtures/ports/modular-example/train.ts";
import { captureOutput } from "../support/captured-output.ts";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/modular-example/", import.meta.url);
const pipeline = new URL("pipeline.ts", dir);
const inputs = { path: fileURLToPath(new URL("data/train.csv", dir)), predict_path: fileURLToPath(new URL("data/predict.csv", dir)) };
const RUN_CONFIG = { train_model_type: "RandomForest", model_params: { n_estimators: 100 } };
const build = (config: Record<string, unknown> = RUN_CONFIG) => new Builder().withModules(pipeline).withConfig(config).build();

// train.csv without its rows with a missing value: x1 of class 0 is 1 and 3, of class 1 is 6, 7 and 8.
const mean0 = (1 + 3) / 2;
const mean1 = (6 + 7 + 8) / 3;
const nearest = (x: number) => (Math.abs(x - mean0) <= Math.abs(x - mean1) ? 0 : 1);

const output = captureOutput();

describe("ports/model_examples/modular_example", () => {
  it("has Hamilton's nodes: every module node under each subdag's namespace, the inputs as <ns>.<input>, the extracted fields", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring).toMatchObject({
      "trained_pipeline.raw_data": ["trained_pipeline.path"],
      "trained_pipeline.path": ["path"],
      "trained_pipeline.model_params": ["model_params"],
      "trained_pipeline.base_model": ["trained_pipeline.model_params"],
      "trained_pipeline.fit_model": ["trained_pipeline.transformed_data", "trained_pipeline.base_model"],
      trained_pipeline: ["trained_pipeline.fit_model", "trained_pipeline.predicted_data"],
      fit_model: ["trained_pipeline"],
      training_prediction: ["trained_pipeline"],
      "predicted_data.path": ["predict_path"],
      "predicted_data.fit_model": ["fit_model"],
      "predicted_data.predicted_data": ["predicted_data.transformed_data", "predicted_data.fit_model"],
      predicted_data: ["predicted_data.predicted_data"],
    });
    // The prediction subdag reuses no training module: nothing of train.ts under its namespace.
    expect(Object.keys(wiring).filter((name) => name.startsWith("predicted_data.base_model"))).toEqual([]);
    expect(dr.node("model_params").kind).toBe("config");
  });

  it("run.py's commented execute: trains on train.csv with the remapped model type and params, predicts predict.csv", async () => {
    const out = await (await build()).execute(["trained_pipeline", "predicted_data", "training_prediction", "fit_model"], { inputs });
    const model = out.fit_model as Model;
    expect(model.kind).toBe("RandomForestClassifier");
    expect(model.params).toEqual({ n_estimators: 100 });
    expect(out.training_prediction).toEqual([1, 3, 6, 7, 8].map(nearest));
    expect(out.predicted_data).toEqual([0.5, 9.0].map(nearest));
    expect(out.trained_pipeline).toEqual({ fit_model: model, training_prediction: out.training_prediction });
  });

  it("another train_model_type picks another variant inside the subdag", async () => {
    const out = await (await build({ ...RUN_CONFIG, train_model_type: "XGBoost" })).execute(["fit_model"], { inputs });
    expect((out.fit_model as Model).kind).toBe("XGBClassifier");
  });

  it("a model type no variant takes: base_model is then read from outside the subdag, as in Hamilton, and reported as config_unsatisfied", async () => {
    const dr = await build({ ...RUN_CONFIG, train_model_type: "SVM" });
    const error = await rejection(dr.execute(["predicted_data"], { inputs }));
    expect(error.code).toBe("config_unsatisfied");
    expect(error.input).toBe("base_model");
    expect(error.neededBy).toEqual(["trained_pipeline.fit_model"]);
    expect(error.message).toContain(`base_model__rf needs model == "RandomForest" (subdag trained_pipeline's config has model="SVM")`);
  });

  it("without train_model_type the configuration() remap fails the build naming the key", async () => {
    const error = await rejection(build({ model_params: {} }));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("train_model_type");
  });

  it("predicting without predict_path names it and the namespaced node that needs it", async () => {
    const error = await rejection((await build()).execute(["predicted_data"], { inputs: { path: inputs.path } }));
    expect(error.code).toBe("missing_input");
    expect(error.input).toBe("predict_path");
    expect(error.neededBy).toEqual(["predicted_data.path"]);
  });

  it("dr.display_all_functions through the CLI's view, with run.py's config", async () => {
    const code = await main(["node", "funcflow", "view", fileURLToPath(pipeline), "--config", JSON.stringify(RUN_CONFIG), "--format", "dot"]);
    expect(output.stderr).toBe("");
    expect(code).toBe(0);
    for (const name of ["trained_pipeline.base_model", "predicted_data.predicted_data", "training_prediction", "predict_path"]) expect(output.stdout).toContain(name);
  });
});
