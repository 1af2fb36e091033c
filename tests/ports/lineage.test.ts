/**
 * Port of Hamilton's examples/lineage (tests/fixtures/ports/lineage): the Titanic pipeline
 * annotated with `tag` (one targeted at the extracted table), `tagOutputs` and `extractFields`,
 * then queried as lineage_script.py and lineage_commands.py do: upstream, downstream, PII, the
 * path between two nodes, classifiers by type, and the execution drawn for one artifact.
 * Expected answers are read off the example's modules by hand.
 */
import { fileURLToPath } from "node:url";
import type { Table, Vector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { main } from "../../src/cli/index.ts";
import type { ClassifierMixin } from "../fixtures/ports/lineage/model_pipeline.ts";
import type { LabelEncoder } from "../fixtures/ports/lineage/features.ts";
import { captureOutput } from "../support/captured-output.ts";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/lineage/", import.meta.url);
const modules = ["data_loading.ts", "features.ts", "sets.ts", "model_pipeline.ts"].map((file) => new URL(file, dir));
const modulePaths = modules.map((url) => fileURLToPath(url));
const location = fileURLToPath(new URL("data/train.csv", dir));
const inputs = { location, index_col: "passengerid", target_col: "survived", random_state: 42, max_depth: null, validation_size_fraction: 0.33 };

/** create_titanic_DAG_driver */
const build = () => new Builder().withModules(...modules).build();

// lineage_commands.py's questions, written against funcflow's Driver.
function whatSourceDataTeamsAreUpstream(dr: Driver, output: string) {
  return dr.upstreamOf(output).map((name) => dr.node(name)).filter((node) => node.tags.source).map((node) => ({ team: node.tags.owner, function: node.name, source: node.tags.source }));
}
function whatArtifactsAreDownstream(dr: Driver, source: string) {
  return dr.downstreamOf(source).map((name) => dr.node(name)).filter((node) => node.tags.artifact).map((node) => ({ team: node.tags.owner ?? "FIX_ME", function: node.name, artifact: node.tags.artifact }));
}
function whatPiiIsUsedWhere(dr: Driver) {
  const pii = dr.listNodes().filter((node) => node.tags.PII === "true");
  return Object.fromEntries(pii.map((node) => [node.name, whatArtifactsAreDownstream(dr, node.name).map(({ function: f }) => f).sort()]));
}
function whatClassifiersAreDownstream(dr: Driver, start: string) {
  return dr.downstreamOf(start).map((name) => dr.node(name)).filter((node) => node.type === "ClassifierMixin").map((node) => ({ team: node.tags.owner, function: node.name, importance: node.tags.importance }));
}

const output = captureOutput();

describe("ports/lineage", () => {
  it("create_model: fits the model and the encoders from the CSV", async () => {
    const dr = await build();
    const result = await dr.execute(["fit_random_forest", "encoders"], { inputs });
    const model = result.fit_random_forest as ClassifierMixin;
    // 12 passengers, 7 survived: a stratified third held out leaves 4 of 5 and 5 of 7 to train on.
    expect(model.predict((await dr.execute(["X_test"], { inputs })).X_test as Table)).toEqual([1, 1, 1, 1]);
    const encoders = result.encoders as Record<string, LabelEncoder>;
    expect(encoders.sex_encoder!.classes_).toEqual(["female", "male"]);
    expect(encoders.embarked_encoder!.classes_).toEqual(["C", "Q", "S"]);
    expect(encoders.cabin_encoder!.classes_).toEqual(["C103", "C123", "C85", "E46", "G6", null]);
  });

  it("the split is stratified, disjoint and complete; the training set fills the missing age with 0", async () => {
    const out = await (await build()).execute(["X_train", "X_test", "y_train", "y_test", "training_set_v1", "family", "ticket_t", "cabin_t"], { inputs });
    const yTrain = Array.from(out.y_train as Vector, Number);
    const yTest = Array.from(out.y_test as Vector, Number);
    expect(yTrain.length + yTest.length).toBe(12);
    expect(yTest.filter((y) => y === 1)).toHaveLength(2);
    expect(yTest.filter((y) => y === 0)).toHaveLength(2);
    expect((out.X_train as Table).numRows).toBe(yTrain.length);
    const training = out.training_set_v1 as Table;
    expect(training.schema.fields.map((f) => f.name)).toEqual(["pclass", "age", "fare", "cabin_category", "sex_category", "embarked_category", "family"]);
    expect(Array.from(training.getChild("age")!)).toEqual([22, 38, 26, 35, 35, 0, 54, 2, 27, 14, 4, 58]);
    expect(Array.from(training.getChild("sex_category")!)).toEqual([1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(out.family as Vector, Number)).toEqual([1, 1, 0, 1, 0, 0, 0, 4, 2, 1, 2, 0]);
    expect(Array.from(out.ticket_t as Vector)).toEqual(["A/5", "PC", "STON/O2.", "113803", "373450", "330877", "17463", "349909", "347742", "237736", "PP", "113783"]);
    expect(Array.from(out.cabin_t as Vector)).toEqual([null, "C", null, "C", null, null, "E", null, null, null, "G", "C"]);
  });

  it("(2) the data sources upstream of fit_random_forest: the table alone carries source, as target_ put it there", async () => {
    expect(whatSourceDataTeamsAreUpstream(await build(), "fit_random_forest")).toEqual([{ team: "data-engineering", function: "titanic_data", source: "prod.titantic" }]);
  });

  it("(3) the artifacts downstream of titanic_data", async () => {
    const artifacts = whatArtifactsAreDownstream(await build(), "titanic_data");
    expect(artifacts.sort((a, b) => a.function.localeCompare(b.function))).toEqual([
      { team: "data-science", function: "encoders", artifact: "encoders" },
      { team: "data-science", function: "fit_random_forest", artifact: "model" },
      { team: "data-science", function: "training_set_v1", artifact: "training_set" },
    ]);
  });

  it("(4) PII: age and sex (tagOutputs), and the artifacts each ends up in", async () => {
    expect(whatPiiIsUsedWhere(await build())).toEqual({
      age: ["fit_random_forest", "training_set_v1"],
      sex: ["encoders", "fit_random_forest", "training_set_v1"],
    });
  });

  it("path between age and fit_random_forest, both ends included; an unknown name is unknown_node", async () => {
    const dr = await build();
    expect(dr.pathBetween("age", "fit_random_forest").sort()).toEqual(["X_train", "age", "fit_random_forest", "train_test_split_func", "training_set_v1", "y_train"]);
    expect(dr.pathBetween("fit_random_forest", "age")).toEqual([]);
    expect((() => { try { dr.pathBetween("agee", "fit_random_forest"); } catch (error) { return error; } })()).toMatchObject({ code: "unknown_node" });
  });

  it("classifiers downstream of training_set_v1, by declared type; the _-prefixed helpers are not nodes", async () => {
    const dr = await build();
    expect(whatClassifiersAreDownstream(dr, "training_set_v1")).toEqual([{ team: "data-science", function: "fit_random_forest", importance: "production" }]);
    const names = dr.listNodes().map((node) => node.name);
    expect(names).not.toContain("_label_encoder");
    expect(names).not.toContain("_label_transformer");
  });

  it("passengerid is the index, not a column: asking for it fails naming the node, its cause missing_column listing the columns there are", async () => {
    const error = await rejection((await build()).execute(["passengerid"], { inputs }));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("passengerid");
    expect(error.cause).toMatchObject({ code: "missing_column" });
    expect((error.cause as Error).message).toContain('"survived", "pclass"');
  });

  it("without inputs the encoders' run names each missing input and who needs it", async () => {
    const error = await rejection((await build()).execute(["encoders"]));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain('"location"');
    expect(error.message).toContain('"index_col"');
    expect(error.message).not.toContain("random_state");
  });

  it("visualize downstream/upstream (lineage_commands.py) through the CLI's view: each closure (downstream with its nodes' parents) and nothing else", async () => {
    expect(await main(["node", "funcflow", "view", ...modulePaths, "--downstream-of", "sex", "--format", "dot"])).toBe(0);
    const downstream = output.stdout;
    // A node is drawn as a line `"name" [attributes]`.
    for (const name of ["sex", "sex_encoder", "sex_category", "encoders", "training_set_v1", "fit_random_forest"]) expect(downstream).toContain(`"${name}" [`);
    // The parents of drawn nodes are drawn too, as display_downstream_of draws them: encoders reads
    // cabin_encoder, sex is a column of titanic_data. Their own parents are not.
    for (const name of ["cabin_encoder", "titanic_data"]) expect(downstream).toContain(`"${name}" [`);
    for (const name of ["cabin", "location", "index_col"]) expect(downstream).not.toContain(`"${name}" [`);
    output.stdout = "";
    expect(await main(["node", "funcflow", "view", ...modulePaths, "--upstream-of", "encoders", "--format", "dot"])).toBe(0);
    for (const name of ["titanic_data", "sex", "cabin", "embarked", "location", "index_col"]) expect(output.stdout).toContain(`"${name}" [`);
    expect(output.stdout).not.toContain(`"fit_random_forest" [`);
    expect(output.stderr).toBe("");
  });

  it("styling_visualization's custom_style (same modules): PII, then owners, coloured through toDot's nodeStyle", async () => {
    const dr = await build();
    const customStyle = (node: { tags: Readonly<Record<string, unknown>> }) =>
      node.tags.PII ? { fillcolor: "aquamarine" } : node.tags.owner === "data-science" ? { fillcolor: "olive" } : node.tags.owner === "data-engineering" ? { fillcolor: "lightsalmon" } : undefined;
    const dot = dr.toDot({ nodeStyle: customStyle });
    const lineOf = (name: string) => dot.split("\n").find((line) => line.trimStart().startsWith(`"${name}" [`)) ?? "";
    expect(lineOf("age")).toContain("aquamarine");
    expect(lineOf("sex")).toContain("aquamarine");
    expect(lineOf("fit_random_forest")).toContain("olive");
    expect(lineOf("titanic_data")).toContain("lightsalmon");
    expect(lineOf("family")).not.toMatch(/aquamarine|olive|lightsalmon/);
  });

  it("visualize_execution([encoders]) through the CLI: the path to the encoders, drawn as DOT", async () => {
    const code = await main(["node", "funcflow", "view", ...modulePaths, "--outputs", "encoders", "--input", `location=${location}`, "--input", "index_col=passengerid", "--format", "dot"]);
    expect(output.stderr).toBe("");
    expect(code).toBe(0);
    for (const name of ["encoders", "sex_encoder", "cabin_encoder", "embarked_encoder", "titanic_data", "location"]) expect(output.stdout).toContain(name);
    expect(output.stdout).not.toContain("fit_random_forest");
  });
});
