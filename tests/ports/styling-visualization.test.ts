/**
 * Port of Hamilton's examples/styling_visualization (tests/fixtures/ports/styling-visualization):
 * `dr.display_all_functions("dag", custom_style_function=custom_style)` is
 * `dr.toDot({ nodeStyle: customStyle })` rendered with Graphviz compiled to WebAssembly, and the
 * README's `visualize_execution` / `visualize_path_between` with the same style are `toDot` with
 * `outputs` / `upstreamOf` + `downstreamOf`. The colour each node must get is read off the
 * modules' tags by hand (tests/fixtures/ports/lineage).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caught } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";
import { MODULES, buildDriver, customStyle } from "../fixtures/ports/styling-visualization/run.ts";

let graphviz: Awaited<ReturnType<typeof Graphviz.load>>;
beforeAll(async () => {
  graphviz = await Graphviz.load();
});
const scratch = mkdtempSync(join(tmpdir(), "funcflow-styling-visualization-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** data_loading's tag_outputs: age and sex are PII. */
const PII = ["age", "sex"];
/** @tag(owner="data-science") on training_set_v1, fit_random_forest and encoders. */
const DATA_SCIENCE = ["encoders", "fit_random_forest", "training_set_v1"];
/** @tag(owner="data-engineering", target_="titanic_data"): the table, not its columns. */
const DATA_ENGINEERING = ["titanic_data"];
const UNSTYLED = ["family", "cabin_t", "ticket_t", "pclass", "fare", "sex_encoder", "target", "X_train", "prefit_random_forest"];

const lineOf = (dot: string, name: string) => dot.split("\n").find((line) => line.trimStart().startsWith(`"${name}" [`)) ?? "";
/** The value Graphviz uses: the last of a repeated attribute. */
const last = (line: string, key: string) => [...line.matchAll(new RegExp(`(?:\\[|, )${key}="([^"]*)"`, "g"))].at(-1)?.[1];
const legendEntries = (dot: string) => [...dot.matchAll(/^\s*"legend:([^"]+)"/gm)].map((match) => match[1]);

describe("ports/styling_visualization", () => {
  it("display_all_functions with custom_style: PII aquamarine, then data-science olive and data-engineering lightsalmon; the rest as usual", async () => {
    const dr = await buildDriver();
    const dot = dr.toDot({ nodeStyle: customStyle });
    for (const name of PII) expect(last(lineOf(dot, name), "fillcolor"), name).toBe("aquamarine");
    for (const name of DATA_SCIENCE) expect(last(lineOf(dot, name), "fillcolor"), name).toBe("olive");
    for (const name of DATA_ENGINEERING) expect(last(lineOf(dot, name), "fillcolor"), name).toBe("lightsalmon");
    for (const name of UNSTYLED) expect(last(lineOf(dot, name), "fillcolor"), name).toBe("#b4d8e4");
    // The same answer from the Driver's own tags, so the lists above are the modules' tags.
    const styled = dr.listNodes().filter((node) => customStyle(node) !== undefined).map((node) => node.name).sort();
    expect(styled).toEqual([...PII, ...DATA_SCIENCE, ...DATA_ENGINEERING].sort());
    // One legend entry per legend name, in the order first met (Hamilton keeps them in a dict), beside the kinds still drawn plainly.
    expect(legendEntries(dot)).toEqual(["function", "input", "custom:data-engineering", "custom:PII", "custom:data-science"]);
    expect(dot).toMatch(/"legend:custom:PII" \[[^\]]*fillcolor="aquamarine", label="PII"\]/);
    // Graphviz writes a "-" in SVG text as &#45;.
    const svg = graphviz.layout(dot, "svg", "dot").replaceAll("&#45;", "-");
    for (const text of ["PII", "data-science", "data-engineering"]) expect(svg).toContain(`>${text}</text>`);
  });

  it("visualize_execution with the style: the requested output keeps the output fill over its team colour, its upstream PII stays aquamarine", async () => {
    const dr = await buildDriver();
    const dot = dr.toDot({ outputs: ["encoders"], inputs: ["location", "index_col"], nodeStyle: customStyle });
    expect(last(lineOf(dot, "encoders"), "fillcolor")).toBe("#ffc857");
    expect(last(lineOf(dot, "sex"), "fillcolor")).toBe("aquamarine");
    expect(last(lineOf(dot, "titanic_data"), "fillcolor")).toBe("lightsalmon");
    expect(lineOf(dot, "fit_random_forest")).toBe(""); // not on the path
    // encoders still files the data-science entry, drawn as a function (its class), not as the output.
    expect(legendEntries(dot)).toEqual(expect.arrayContaining(["output", "custom:data-science", "custom:PII"]));
    expect(dot).toMatch(/"legend:custom:data-science" \[shape="box", style="rounded,filled", fillcolor="olive", label="data-science"\]/);
  });

  it("an overridden node keeps its team colour and is drawn with the override's diagonals", async () => {
    const dr = await buildDriver();
    const dot = dr.toDot({ outputs: ["fit_random_forest"], overrides: ["training_set_v1"], nodeStyle: customStyle });
    const line = lineOf(dot, "training_set_v1");
    expect([last(line, "fillcolor"), last(line, "style")]).toEqual(["olive", "rounded,filled,diagonals"]);
    // Nothing upstream of the override is drawn, PII included.
    expect(lineOf(dot, "age")).toBe("");
  });

  it("visualize_path_between(age, fit_random_forest) with the style: the path outlined in red, its nodes in their colours", async () => {
    const dr = await buildDriver();
    const dot = dr.toDot({ downstreamOf: ["age"], upstreamOf: ["fit_random_forest"], nodeStyle: customStyle });
    for (const name of ["age", "training_set_v1", "X_train", "fit_random_forest"]) expect(last(lineOf(dot, name), "color"), name).toBe("red");
    expect(last(lineOf(dot, "age"), "fillcolor")).toBe("aquamarine");
    expect(last(lineOf(dot, "fit_random_forest"), "fillcolor")).toBe("olive");
    expect(graphviz.layout(dot, "svg", "dot")).toContain("<svg");
  });

  it("a style function returning something other than attributes, or throwing, is refused naming the node", async () => {
    const dr = await buildDriver();
    // Hamilton's custom_style returns a (style, node_class, legend_name) triple; a port returning it as is:
    const triple = caught(() => dr.toDot({ nodeStyle: (node) => (node.tags.PII ? ([{ fillcolor: "aquamarine" }, "function", "PII"] as never) : undefined) }));
    expect(triple.code).toBe("invalid_argument");
    expect(triple.message).toMatch(/for node "(age|sex)"/);
    const failing = caught(() => dr.toDot({ nodeStyle: (node) => (node.name === "family" ? (null as never as { tags: { x: string } }).tags : undefined) }));
    expect(failing.code).toBe("hook_failed");
    expect(failing.message).toContain('"family"');
  });

  it("funcflow view writes the whole graph as dag.png (Hamilton's display_all_functions(\"dag\") renders dag.png); an -o without extension is refused naming the formats", async () => {
    const paths = MODULES.map((url) => fileURLToPath(url));
    const png = join(scratch, "dag.png");
    const viewed = await runCliInProcess(["view", ...paths, "-o", png]);
    expect(viewed.stderr).toBe("");
    expect(viewed.code).toBe(0);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const bare = await runCliInProcess(["view", ...paths, "-o", join(scratch, "dag")]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain(".png");
  });
});
