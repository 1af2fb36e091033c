/**
 * Port of Hamilton's examples/decoupling_io (tests/fixtures/ports/decoupling-io): components in
 * three modules with no I/O, composed per stage (features_processed, model_trained,
 * metrics_captured), run by `materialize` with the Titanic CSV loaded into `titanic_data` and a
 * custom saver registered for the plot. The features, the split and the confusion matrix are
 * worked out here from the raw CSV text.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { readTable } from "funcflow/io";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";
import { MODULES, driverFor, run, savesFor, type Stage } from "../fixtures/ports/decoupling-io/run.ts";
import { sklearnPlotSaver } from "../fixtures/ports/decoupling-io/adapters.ts";
import { nanEuclidean } from "../fixtures/ports/decoupling-io/components/estimators.ts";

const folder = "tests/fixtures/ports/decoupling-io";
const location = `${folder}/data/titanic.csv`;
const INPUTS = { location, test_size: 0.2, random_state: 42 };
const scratch = mkdtempSync(join(tmpdir(), "funcflow-decoupling-io-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The CSV's rows, read by hand (a quoted name holds a comma). */
const RAW = readFileSync(location, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [, id, survived, pclass, name, sex, age, sibsp, parch, fare, embarked] = /^(\d+),(\d),(\d),"([^"]*)",(\w+),([\d.]*),(\d+),(\d+),([\d.]+),(\w)$/.exec(line)!;
    return { id: Number(id), survived: Number(survived), pclass: Number(pclass), name: name!, sex: sex!, age: age === "" ? Number.NaN : Number(age), sibsp: Number(sibsp), parch: Number(parch), fare: Number(fare), embarked: embarked! };
  });
const RARE = ["Capt", "Col", "Don", "Dona", "Dr", "Jonkheer", "Lady", "Major", "Mlle", "Mme", "Ms", "Rev", "Sir", "the Countess"];
const honorific = (name: string) => name.split(",")[1]!.split(".")[0]!.trim();
const values = (table: unknown, column: string) => [...(table as Table).getChild(column)!].map(Number);

describe("ports/decoupling_io", () => {
  it("has Hamilton's nodes per stage: the extracted columns, the split's fields, and only the stage's modules", async () => {
    const names = async (stage: Stage) => (await driverFor(stage)).listNodes().map((node) => node.name);
    const features = await names("features_processed");
    for (const column of ["pclass", "sex", "age", "parch", "sibsp", "fare", "embarked", "name", "survived"]) expect(features, column).toContain(column);
    expect(features).toEqual(expect.arrayContaining(["passengers_df", "train_test_split", "train_set", "test_set", "titanic_data", "test_size", "n_neighbors"]));
    expect(features).not.toContain("trained_model");
    expect(await names("model_trained")).toEqual(expect.arrayContaining(["model_classifier", "trained_model", "random_state"]));
    const metrics = await names("metrics_captured");
    expect(metrics).toEqual(expect.arrayContaining(["cm_train", "cm_test", "model_predict", "confusion_matrix_test_plot", "confusion_matrix_training_plot"]));
    const dr = await driverFor("metrics_captured");
    expect(dr.node("train_set").dependencies.map((d) => d.name)).toEqual(["train_test_split"]);
    expect(dr.node("knn_imputer").dependencies.map((d) => [d.name, d.optional])).toEqual([["n_neighbors", true]]);
    expect(dr.node("fit_categorical_encoder").dependencies.map((d) => d.name)).toEqual(["one_hot_encoder", "embarked", "sex", "pclass", "title", "is_alone"]);
  });

  it("the features match the raw CSV: family size, titles folded into rare, one-hot widths, the KNN-imputed ages and the robust scaling", async () => {
    const dr = await driverFor("features_processed");
    const table = await readTable(location);
    const out = await dr.execute(["family_size", "title", "is_alone", "categorical_df", "knn_imputed_df", "scaled_numeric_df", "rare_titles"], { inputs: { titanic_data: table } });
    expect([...(out.family_size as Iterable<number>)]).toEqual(RAW.map((row) => row.parch + row.sibsp));
    const titles = RAW.map((row) => (RARE.includes(honorific(row.name)) ? "rare" : honorific(row.name)));
    expect([...(out.title as Iterable<string>)]).toEqual(titles);
    expect([...(out.is_alone as Iterable<number>)]).toEqual(RAW.map((row) => (row.parch + row.sibsp === 1 ? 1 : 0)));
    expect(out.rare_titles).toEqual(new Set(RARE));

    const distinct = (list: unknown[]) => new Set(list).size;
    const width = distinct(RAW.map((r) => r.embarked)) + distinct(RAW.map((r) => r.sex)) + distinct(RAW.map((r) => r.pclass)) + distinct(titles) + 2;
    const categorical = out.categorical_df as Table;
    expect(categorical.numCols).toBe(width);
    // One hot per encoded column: five ones in every row.
    for (let row = 0; row < categorical.numRows; row++) expect(categorical.schema.fields.reduce((sum, _, at) => sum + Number(categorical.getChildAt(at)!.get(row)), 0)).toBe(5);

    // A missing age is the mean age of its five nearest rows that have one (nan-euclidean over age, fare, family size).
    const points = RAW.map((row) => [row.age, row.fare, row.parch + row.sibsp]);
    const imputedAge = values(out.knn_imputed_df, "knn_imputed_0");
    RAW.forEach((row, at) => {
      if (!Number.isNaN(row.age)) return expect(imputedAge[at]).toBe(row.age);
      const nearest = points.filter((p) => !Number.isNaN(p[0]!)).sort((a, b) => nanEuclidean(points[at]!, a) - nanEuclidean(points[at]!, b)).slice(0, 5);
      expect(imputedAge[at], `row ${at}`).toBeCloseTo(nearest.reduce((sum, p) => sum + p[0]!, 0) / 5, 12);
    });
    expect(RAW.filter((row) => Number.isNaN(row.age)).length).toBeGreaterThan(0);

    // Robust scaling of fare: (x − median) / (q75 − q25), numpy's linear quantiles.
    const fares = RAW.map((row) => row.fare).sort((a, b) => a - b);
    const q = (p: number) => { const at = (fares.length - 1) * p; const lo = Math.floor(at); return fares[lo]! + (fares[Math.ceil(at)]! - fares[lo]!) * (at - lo); };
    values(out.scaled_numeric_df, "scaled_numeric_1").forEach((scaled, at) => expect(scaled).toBeCloseTo((RAW[at]!.fare - q(0.5)) / (q(0.75) - q(0.25)), 12));
    // The loaded table was read, not changed.
    expect(table.schema.fields.map((field) => field.name)).toEqual(["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked"]);
  });

  it("run --which-stage metrics_captured: loads titanic_data from location and saves the training set, the model and the plot", async () => {
    const outDir = join(scratch, "metrics");
    const { saved, loaded, results } = await run("metrics_captured", INPUTS, outDir);
    expect(loaded.map((file) => [file.node, file.format, file.rows])).toEqual([["titanic_data", "csv", RAW.length]]);
    expect(saved.map((file) => [file.node, file.format, file.by])).toEqual([
      ["trained_model", "json", "jsonValue"],
      ["train_set", "csv", "arrowTable"],
      ["confusion_matrix_test_plot", "svg", "SklearnPlotSaver"],
    ]);
    // Stratified: a fifth of each class is held out.
    const survivors = RAW.filter((row) => row.survived === 1).length;
    const testRows = Math.floor(survivors / 5) + Math.floor((RAW.length - survivors) / 5);
    const train = results.train_set as Table;
    expect(train.numRows).toBe(RAW.length - testRows);
    expect(values(train, "target").filter((label) => label === 1).length).toBe(survivors - Math.floor(survivors / 5));
    const written = await readTable(join(outDir, "training_data.csv"));
    expect(written.numRows).toBe(train.numRows);
    expect(values(written, "target")).toEqual(values(train, "target"));
    expect(values(written, "scaled_numeric_1")).toEqual(values(train, "scaled_numeric_1").map((x) => Number(String(x))));

    const model = JSON.parse(readFileSync(join(outDir, "model_saved.json"), "utf8")) as { randomState: number; weights: number[] };
    expect(model.randomState).toBe(42);
    expect(model.weights).toHaveLength(train.numCols - 1);

    const svg = readFileSync(join(outDir, "confusion_matrix_plot.svg"), "utf8");
    expect(svg.match(/<rect /g)).toHaveLength(4);
  });

  it("the confusion matrices count the stage's predictions against the truth", async () => {
    const dr = await driverFor("metrics_captured");
    const { results } = await dr.materialize({ load: { titanic_data: location }, outputs: ["cm_test", "y_test", "y_test_estimation", "cm_train", "model_predict"], inputs: INPUTS });
    const truth = [...(results.y_test as Iterable<number>)];
    const guess = [...(results.y_test_estimation as Float64Array)];
    const counted = [[0, 0], [0, 0]];
    truth.forEach((label, at) => counted[label]![guess[at]!]!++);
    expect(results.cm_test).toEqual(counted);
    expect((results.cm_train as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(RAW.length - truth.length);
    expect((results.model_predict as Float64Array).length).toBe(RAW.length);
  });

  it("earlier stages save less and need no model; every stage takes the same inputs", async () => {
    const features = await run("features_processed", INPUTS, join(scratch, "features"));
    expect(features.saved.map((file) => file.node)).toEqual(["train_set"]);
    const trained = await run("model_trained", INPUTS, join(scratch, "trained"));
    expect(trained.saved.map((file) => file.node)).toEqual(["trained_model", "train_set"]);
    expect(existsSync(join(scratch, "trained", "confusion_matrix_plot.svg"))).toBe(false);
  });

  it("errors: a plot saved as .png (no saver), a missing CSV (names titanic_data), no test_size, and evaluation without training", async () => {
    const dr = await driverFor("metrics_captured");
    const png = join(scratch, "png", "plot.png");
    const noSaver = await rejection(dr.materialize({ load: { titanic_data: location }, save: { confusion_matrix_test_plot: png }, inputs: INPUTS }));
    expect(noSaver).toMatchObject({ code: "invalid_argument", node: "confusion_matrix_test_plot" });
    expect(noSaver.message).toContain("svg");
    expect(existsSync(png)).toBe(false);

    const missingFile = await rejection(run("metrics_captured", { ...INPUTS, location: `${folder}/data/absent.csv` }, join(scratch, "absent")));
    expect(missingFile).toMatchObject({ code: "io_failed", input: "titanic_data" });

    const noTestSize = await rejection(dr.materialize({ load: { titanic_data: location }, save: savesFor("metrics_captured", join(scratch, "x")), inputs: { random_state: 42 } }));
    expect(noTestSize.code).toBe("missing_input");
    expect(noTestSize.message).toContain(`"test_size", needed by "train_test_split"`);
    expect(existsSync(join(scratch, "x"))).toBe(false);

    const withoutTraining = await new Builder().withModules(MODULES.metrics_captured[0]!, MODULES.metrics_captured[2]!).build();
    const untrained = await rejection(withoutTraining.execute(["cm_test"], { inputs: { titanic_data: await readTable(location), test_size: 0.2 } }));
    expect(untrained).toBeInstanceOf(FuncflowError);
    expect(untrained.code).toBe("missing_input");
    expect(untrained.message).toContain(`"trained_model"`);
  });

  it("type-checks as written, and visualize draws the stage (funcflow view of the components, as the README's visualize command)", async () => {
    const checked = await new Builder().withModules(...MODULES.metrics_captured).withMaterializers(sklearnPlotSaver).withTypeCheck().build();
    const dot = checked.toDot({ outputs: Object.keys(savesFor("metrics_captured", ".")), inputs: { titanic_data: null, test_size: 0.2, random_state: 42 } });
    for (const node of ["titanic_data", "train_set", "trained_model", "confusion_matrix_test_plot"]) expect(dot).toContain(`"${node}"`);
    const viewed = await runCliInProcess(["view", ...["feature_data", "model_training", "model_evaluation"].map((m) => `${folder}/components/${m}.ts`), "--outputs", "confusion_matrix_test_plot,train_set", "--no-legend"]);
    expect(viewed.stderr).toBe("");
    expect(viewed.code).toBe(0);
    expect(viewed.stdout).toMatch(/^digraph/);
    expect(viewed.stdout).toContain('"confusion_matrix_test_plot"');
  });
});
