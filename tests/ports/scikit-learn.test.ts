/**
 * Port of Hamilton's examples/model_examples/scikit-learn (tests/fixtures/ports/scikit-learn):
 * run.py's generic training flow, built with one data loader module (iris or digits) beside
 * my_train_evaluate_logic and a config choosing the classifier, asked for classification_report,
 * confusion_matrix and fit_clf. The classifiers are stand-ins (the fixture says which); the test
 * checks them by their defining property, computed here, not by re-running the fixture's code.
 */
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { iris_data } from "../fixtures/ports/scikit-learn/iris_loader.ts";
import type { FittedClassifier, Matrix } from "../fixtures/ports/scikit-learn/my_train_evaluate_logic.ts";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const folder = "tests/fixtures/ports/scikit-learn";
const fixture = (name: string) => new URL(`../fixtures/ports/scikit-learn/${name}.ts`, import.meta.url);
/** run.py's dag_config, unshuffled so that the split is known. */
const DAG_CONFIG = { test_size_fraction: 0.5, shuffle_train_test_split: false };
const MODEL_CONFIG = { svm: { clf: "svm", gamma: 0.001 }, logistic: { clf: "logistic", penalty: "l2" } } as const;
const OUTPUTS = ["classification_report", "confusion_matrix", "fit_clf"];
const build = (dataModule: "iris_loader" | "digit_loader", config: Record<string, unknown>) =>
  new Builder().withConfig(config).withModules(fixture(dataModule), fixture("my_train_evaluate_logic")).build();

const IRIS = iris_data();
/** sklearn's train_test_split without shuffling: the last ceil(n · fraction) rows are the test rows. */
const TEST_ROWS = IRIS.data.length - Math.ceil(IRIS.data.length * 0.5);
const meanSquaredDistance = (x: readonly number[], rows: Matrix) => rows.reduce((sum, row) => sum + row.reduce((s, v, i) => s + (v - x[i]!) ** 2, 0), 0) / rows.length;

describe("ports/model_examples/scikit-learn", () => {
  it("iris + svm: the kernel vote with a small gamma picks the class nearest on average, and gets the 8 test rows right", async () => {
    const dr = await build("iris_loader", { ...DAG_CONFIG, ...MODEL_CONFIG.svm });
    const results = await dr.execute([...OUTPUTS, "y_test", "X_test", "predicted_output"]);
    const trainX = IRIS.data.slice(0, TEST_ROWS);
    const trainY = IRIS.target.slice(0, TEST_ROWS);
    expect(results.y_test).toEqual(IRIS.target.slice(TEST_ROWS));
    // exp(-γd²) ≈ 1 - γd² for γ = 0.001: the class with the smallest mean squared distance wins.
    const expected = (results.X_test as Matrix).map((x) => [0, 1, 2].reduce((best, c) => (meanSquaredDistance(x, trainX.filter((_, i) => trainY[i] === c)) < meanSquaredDistance(x, trainX.filter((_, i) => trainY[i] === best)) ? c : best)));
    expect(results.predicted_output).toEqual(expected);
    expect(results.confusion_matrix).toEqual([[2, 0, 0], [0, 3, 0], [0, 0, 3]]);
    expect(results.classification_report).toMatch(/virginica\s+1\.00\s+1\.00\s+1\.00\s+3/);
    expect(results.classification_report).toMatch(/accuracy\s+1\.00\s+8/);
    expect((results.fit_clf as FittedClassifier).name).toBe("SVC(gamma=0.001)");
  });

  it("iris + logistic: each class's weights solve the ridge normal equations Aᵀ(Aw − b) + w = 0", async () => {
    const dr = await build("iris_loader", { ...DAG_CONFIG, ...MODEL_CONFIG.logistic });
    const results = await dr.execute([...OUTPUTS, "X_train", "y_train", "predicted_output", "y_test"]);
    const fitted = results.fit_clf as FittedClassifier;
    const A = (results.X_train as Matrix).map((row) => [...row, 1]);
    fitted.weights!.forEach((w, c) => {
      const b = (results.y_train as number[]).map((y) => (y === c ? 1 : -1));
      const residual = A.map((row, k) => row.reduce((s, v, i) => s + v * w[i]!, 0) - b[k]!);
      const gradient = w.map((wi, i) => A.reduce((s, row, k) => s + row[i]! * residual[k]!, 0) + wi);
      gradient.forEach((g) => expect(Math.abs(g)).toBeLessThan(1e-9));
    });
    // The confusion matrix counts what predicted_output says against y_test.
    const predicted = results.predicted_output as number[];
    const truth = results.y_test as number[];
    const counts = [0, 1, 2].map((t) => [0, 1, 2].map((p) => truth.filter((y, i) => y === t && predicted[i] === p).length));
    expect(results.confusion_matrix).toEqual(counts);
    expect(fitted.name).toBe("LogisticRegression(penalty=l2)");
  });

  it("digits: the same logic module with the other loader; labels are the digits' names", async () => {
    const dr = await build("digit_loader", { ...DAG_CONFIG, ...MODEL_CONFIG.svm });
    const results = await dr.execute([...OUTPUTS, "y_test_with_labels"]);
    expect(results.y_test_with_labels).toEqual(["1", "0", "1", "0", "1"]);
    expect(results.confusion_matrix).toEqual([[2, 0], [0, 3]]);
  });

  it("shuffle_train_test_split: the split is still a partition of the rows, 7 to train and 8 to test", async () => {
    const dr = await build("iris_loader", { ...DAG_CONFIG, shuffle_train_test_split: true, ...MODEL_CONFIG.svm });
    const { X_train, X_test, y_train, y_test } = await dr.execute(["X_train", "X_test", "y_train", "y_test"]);
    expect([(X_train as Matrix).length, (X_test as Matrix).length]).toEqual([7, 8]);
    const rows = [...(X_train as Matrix), ...(X_test as Matrix)].map((row) => row.join()).sort();
    expect(rows).toEqual(IRIS.data.map((row) => row.join()).sort());
    expect([...(y_train as number[]), ...(y_test as number[])].sort()).toEqual([...IRIS.target].sort());
  });

  it("the svm variant's gamma comes from config, and its declared default 0.001 when config has none", async () => {
    const withGamma = await build("iris_loader", { ...DAG_CONFIG, clf: "svm", gamma: 0.5 });
    expect(((await withGamma.execute(["fit_clf"])).fit_clf as FittedClassifier).name).toBe("SVC(gamma=0.5)");
    const withoutGamma = await build("iris_loader", { ...DAG_CONFIG, clf: "svm" });
    expect(((await withoutGamma.execute(["fit_clf"])).fit_clf as FittedClassifier).name).toBe("SVC(gamma=0.001)");
  });

  it("has Hamilton's nodes: prefit_clf (the variant's name cut at __), the extracted splits, the config values", async () => {
    const dr = await build("iris_loader", { ...DAG_CONFIG, ...MODEL_CONFIG.logistic });
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring.prefit_clf).toEqual(["penalty"]);
    expect(wiring.fit_clf).toEqual(["prefit_clf", "X_train", "y_train"]);
    expect(wiring.train_test_split_func).toEqual(["feature_matrix", "target", "test_size_fraction", "shuffle_train_test_split"]);
    for (const field of ["X_train", "X_test", "y_train", "y_test"]) expect(wiring[field]).toEqual(["train_test_split_func"]);
    expect(dr.node("penalty").kind).toBe("config");
    expect(dr.node("prefit_clf").condition).toContain("logistic");
  });

  it("a clf no variant is written for: config_unsatisfied names prefit_clf, fit_clf and both variants' conditions", async () => {
    const dr = await build("iris_loader", { ...DAG_CONFIG, clf: "tree" });
    const error = await rejection(dr.execute(OUTPUTS));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("config_unsatisfied");
    expect(error.message).toContain('"prefit_clf", needed by "fit_clf"');
    expect(error.message).toContain('prefit_clf__svm needs clf == "svm" (config has clf="tree")');
    expect(error.message).toContain('prefit_clf__logreg needs clf == "logistic"');
  });

  it("logistic without penalty, or no data loader module: every missing value named with the nodes that need it", async () => {
    const noPenalty = await rejection((await build("iris_loader", { ...DAG_CONFIG, clf: "logistic" })).execute(OUTPUTS));
    expect(noPenalty.code).toBe("missing_input");
    expect(noPenalty.message).toContain('"penalty", needed by "prefit_clf"');
    const noLoader = await new Builder().withConfig({ ...DAG_CONFIG, ...MODEL_CONFIG.svm }).withModules(fixture("my_train_evaluate_logic")).build();
    const error = await rejection(noLoader.execute(OUTPUTS));
    expect(error.code).toBe("missing_input");
    for (const name of ["feature_matrix", "target", "target_names"]) expect(error.message).toContain(`"${name}"`);
  });

  it("the flow from the command line: funcflow run with run.py's config as --config", async () => {
    const config = JSON.stringify({ ...DAG_CONFIG, ...MODEL_CONFIG.svm });
    const ran = await runCliInProcess(["run", `${folder}/iris_loader.ts`, `${folder}/my_train_evaluate_logic.ts`, "--outputs", "confusion_matrix", "--config", config, "--json"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect((JSON.parse(ran.stdout) as { outputs: { confusion_matrix: number[][] } }).outputs.confusion_matrix).toEqual([[2, 0, 0], [0, 3, 0], [0, 0, 3]]);
  });
});
