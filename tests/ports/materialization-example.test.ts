/**
 * Port of Hamilton's examples/materialization (tests/fixtures/ports/materialization-example):
 * data_loaders.py and model_training.py chosen by config (data set, classifier) whose
 * hyper-parameters and split settings are config values read by nodes, saved by run.py's
 * materializers with custom_materializers.py's savers registered on the Builder. The split,
 * predictions and reports are worked out here from the loaded digits.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { readTable } from "funcflow/io";
import { rejection } from "../support/caught.ts";
import { driverFor, getModelConfig, run } from "../fixtures/ports/materialization-example/run.ts";

const scratch = mkdtempSync(join(tmpdir(), "funcflow-materialization-example-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const modules = ["data_loaders", "model_training"].map((name) => new URL(`../fixtures/ports/materialization-example/${name}.ts`, import.meta.url));

describe("ports/materialization", () => {
  it("config picks the variants, and config values are the nodes' inputs (gamma overriding its default, the split settings)", async () => {
    const svm = await driverFor("digits", "svm");
    expect(svm.node("prefit_clf").condition).toContain("clf");
    expect(svm.node("prefit_clf").dependencies).toEqual([{ name: "gamma", type: "number", optional: true }]);
    expect(svm.node("gamma").kind).toBe("config");
    expect(svm.node("train_test_split_func").dependencies.map((d) => d.name)).toEqual(["feature_matrix", "target", "test_size_fraction", "shuffle_train_test_split"]);
    for (const field of ["X_train", "X_test", "y_train", "y_test"]) expect(svm.node(field).dependencies.map((d) => d.name), field).toEqual(["train_test_split_func"]);
    expect((await svm.execute(["model_parameters"])).model_parameters).toEqual({ gamma: 0.001 });
    const logistic = await driverFor("iris", "logistic");
    expect((await logistic.execute(["model_parameters"])).model_parameters).toEqual({ penalty: "l2" });
    // Without gamma in config the declared default applies.
    const noGamma = await new Builder().withConfig({ clf: "svm", data_loader: "digits", test_size_fraction: 0.5, shuffle_train_test_split: false }).withModules(...modules).build();
    expect((await noGamma.execute(["model_parameters"])).model_parameters).toEqual({ gamma: 0.001 });
  });

  it("run.py digits svm: params.json, the report as text, the classifier, the labelled predictions and the confusion matrix as CSV", async () => {
    const dataDir = join(scratch, "data");
    const { saved, results } = await run("digits", "svm", dataDir);
    expect(saved.map((file) => [file.node, file.by])).toEqual([
      ["model_parameters", "jsonValue"],
      ["classification_report", "file"],
      ["fit_clf", "SKLearnPickler"],
      ["predicted_output_with_labels", "arrayColumn"],
      ["confusion_matrix", "NumpyMatrixToCSV"],
    ]);
    const dr = await driverFor("digits", "svm");
    const out = await dr.execute(["y_test", "y_test_with_labels", "predicted_output_with_labels", "X_test", "X_train"]);
    // Half the twelve rows are held out, interleaved (the even rows first).
    expect((out.X_test as number[][]).length).toBe(6);
    expect((out.X_train as number[][]).length).toBe(6);
    expect(out.y_test).toEqual([0, 2, 1, 0, 2, 1]);
    expect(JSON.parse(readFileSync(join(dataDir, "params.json"), "utf8"))).toEqual({ gamma: 0.001 });
    expect(readFileSync(join(dataDir, "classification_report.txt"), "utf8")).toBe(results.classification_report);
    const labels = out.predicted_output_with_labels as string[];
    const truth = out.y_test_with_labels as string[];
    for (const label of ["zero", "one", "two"]) {
      const support = truth.filter((t) => t === label).length;
      const hits = truth.filter((t, at) => t === label && labels[at] === label).length;
      expect(results.classification_report as string).toContain(`${label} precision=${(hits / labels.filter((l) => l === label).length).toFixed(2)} recall=${(hits / support).toFixed(2)} support=${support}`);
    }
    expect([...(await readTable(join(dataDir, "predicted_output_with_labels.csv"))).getChild("predicted_output_with_labels")!]).toEqual(labels);
    const sorted = [...new Set(truth)].sort();
    const matrix = sorted.map((t) => sorted.map((g) => truth.filter((x, at) => x === t && labels[at] === g).length).join(","));
    expect(readFileSync(join(dataDir, "confusion_matrix.csv"), "utf8")).toBe(`${matrix.join("\n")}\n`);
    expect(JSON.parse(readFileSync(join(dataDir, "clf.pkl"), "utf8"))).toMatchObject({ kind: "svm", params: { gamma: 0.001 } });
  });

  it("errors: an unsupported model, no clf in config, logistic without penalty, and an input that config already sets", async () => {
    expect(() => getModelConfig("forest")).toThrow("Unsupported model forest.");
    const noClf = await new Builder().withConfig({ data_loader: "digits" }).withModules(...modules).build();
    const unsatisfied = await rejection(noClf.execute(["fit_clf"], { inputs: { test_size_fraction: 0.5, shuffle_train_test_split: true } }));
    expect(unsatisfied.code).toBe("config_unsatisfied");
    expect(unsatisfied.message).toContain("prefit_clf__svm");
    expect(unsatisfied.message).toContain("prefit_clf__logreg");

    const noPenalty = await new Builder().withConfig({ clf: "logistic", data_loader: "digits", test_size_fraction: 0.5, shuffle_train_test_split: true }).withModules(...modules).build();
    const missing = await rejection(noPenalty.execute(["model_parameters"]));
    expect(missing.code).toBe("missing_input");
    expect(missing.message).toContain(`"penalty", needed by "prefit_clf"`);

    const svm = await driverFor("digits", "svm");
    const overlap = await rejection(svm.execute(["model_parameters"], { inputs: { gamma: 0.1 } }));
    expect(overlap.code).toBe("config_input_overlap");
    expect(overlap.message).toContain("gamma");
  });
});
