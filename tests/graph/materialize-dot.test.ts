/**
 * `dr.materializeToDot(request)` (Hamilton's `visualize_materialization`): the execution path of
 * a materialize request with its saves, combined saves and loads drawn as nodes of their own.
 */
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder, recordResult, type Driver } from "funcflow";
import { caught } from "../support/caught.ts";
import { syntheticModule } from "../support/synthetic-module.ts";

let graphviz: Awaited<ReturnType<typeof Graphviz.load>>;
let dr: Driver;
beforeAll(async () => {
  graphviz = await Graphviz.load();
  dr = await new Builder().withModules(new URL("../fixtures/engine/sales-pipeline.ts", import.meta.url)).withConfig({ taxRate: 0.1 }).withManifestCache(false).build();
});

/** The attribute list of the node named `name`, or undefined when it is not drawn. */
const nodeLine = (dot: string, name: string) => dot.split("\n").find((line) => line.startsWith(`  "${name}" [`));
const edges = (dot: string) => dot.split("\n").filter((line) => line.includes(" -> ")).map((line) => line.trim().replace(/;$/, ""));

describe("dr.materializeToDot", () => {
  it("draws the path the saves need, a save node per file fed by its node, a combined save's build result, and a loader feeding its input", () => {
    const dot = dr.materializeToDot({
      load: { sales: "data/sales.csv" },
      save: { summary: "out/summary.json", both: { path: "out/both.json", format: "json", dependencies: ["summary", "taxedAmounts"], combine: recordResult } },
      outputs: ["both_build_result"],
    });
    expect(graphviz.layout(dot, "svg", "dot")).toContain("<svg");
    expect(nodeLine(dot, "save:summary")).toContain(`shape="cylinder", style="filled,bold"`);
    expect(nodeLine(dot, "save:summary")).toContain(`label="summary\\n→ out/summary.json"`);
    expect(nodeLine(dot, "save:both")).toContain(`label="both\\n→ out/both.json (json)"`);
    expect(nodeLine(dot, "both_build_result")).toContain(`shape="invhouse"`);
    expect(nodeLine(dot, "both_build_result")).toContain(`label="both_build_result\\n: recordResult"`);
    expect(nodeLine(dot, "load:sales")).toContain(`label="load sales\\n← data/sales.csv"`);
    // The input a loader gives is given, not missing.
    expect(nodeLine(dot, "sales")).toContain(`style="dashed", label=`);
    expect(nodeLine(dot, "sales")).not.toContain("#c0392b");
    expect(edges(dot)).toEqual(
      expect.arrayContaining([
        `"load:sales" -> "sales"`,
        `"summary" -> "save:summary"`,
        `"summary" -> "both_build_result"`,
        `"taxedAmounts" -> "both_build_result"`,
        `"both_build_result" -> "save:both"`,
      ]),
    );
    // Nothing the request does not need: lookup is downstream of the saves.
    expect(nodeLine(dot, "lookup")).toBeUndefined();
    for (const kind of ["save to file", "load from file", "combined save (result builder)"]) expect(dot).toContain(`label="${kind}"`);
  });

  it("draws a loaded function node as an override, with nothing upstream of it", () => {
    const dot = dr.materializeToDot({ load: { enriched: { path: "e.arrow", format: "arrow" } }, save: { summary: "out/summary.json" } }, { showLegend: false });
    expect(nodeLine(dot, "enriched")).toContain("diagonals");
    expect(nodeLine(dot, "sales")).toBeUndefined();
    expect(nodeLine(dot, "load:enriched")).toContain(`label="load enriched\\n← e.arrow (arrow)"`);
    expect(edges(dot)).toEqual([`"enriched" -> "summary"`, `"load:enriched" -> "enriched"`, `"summary" -> "save:summary"`]);
    expect(dot).not.toContain("cluster_legend");
  });

  it("draws an input nothing loads or gives as missing, and a one-dependency save without a build result", () => {
    const dot = dr.materializeToDot({ save: { taxed: { path: "out/taxed.csv", dependencies: ["taxedAmounts"] } } });
    expect(nodeLine(dot, "sales")).toContain("#c0392b");
    expect(nodeLine(dot, "taxed_build_result")).toBeUndefined();
    expect(edges(dot)).toContain(`"taxedAmounts" -> "save:taxed"`);
  });

  it("draws every config value, read or not, as every view does (Hamilton's test_display_config_node)", async () => {
    const withUnread = await new Builder().withModules(new URL("../fixtures/engine/sales-pipeline.ts", import.meta.url)).withConfig({ taxRate: 0.1, X: 1 }).withManifestCache(false).build();
    const dot = withUnread.materializeToDot({ load: { enriched: "e.arrow" }, save: { saver: { path: "saver.json", dependencies: ["summary"], combine: recordResult } } });
    expect(nodeLine(dot, "X")).toContain(`shape="note"`);
    expect(nodeLine(dot, "taxRate")).toContain(`shape="note"`);
  });

  it("leaves out a loader whose input hideInputs leaves out", () => {
    const dot = dr.materializeToDot({ load: { sales: "data/sales.csv" }, save: { summary: "out/summary.json" } }, { hideInputs: true });
    expect(nodeLine(dot, "sales")).toBeUndefined();
    expect(nodeLine(dot, "load:sales")).toBeUndefined();
    expect(nodeLine(dot, "save:summary")).toBeDefined();
  });

  it("refuses unknown nodes with did-you-mean, a build result named like a node, malformed requests, and the options the request gives", async () => {
    expect(caught(() => dr.materializeToDot({ save: { sumary: "s.json" } }))).toMatchObject({ code: "unknown_output", node: "sumary", suggestion: ["summary"] });
    expect(caught(() => dr.materializeToDot({ save: { both: { path: "b.json", dependencies: ["summary", "taxd"], combine: recordResult } } }))).toMatchObject({
      code: "unknown_output",
      node: "taxd",
      message: expect.stringContaining("request.save.both.dependencies"),
    });
    expect(caught(() => dr.materializeToDot({ save: { summary: "s.json" }, outputs: ["lookpu"] }))).toMatchObject({ code: "unknown_output", suggestion: ["lookup"] });
    expect(caught(() => dr.materializeToDot({ save: { x: { path: "x.json", dependencies: ["summary"], combine: recordResult } }, outputs: ["x_build_result", "nope"] }))).toMatchObject({ code: "unknown_output", node: "nope" });
    const clashing = await new Builder().withModules(syntheticModule([{ name: "a", params: [], fn: () => 1 }, { name: "s_build_result", params: [], fn: () => 2 }])).build();
    expect(caught(() => clashing.materializeToDot({ save: { s: { path: "s.json", dependencies: ["a"], combine: recordResult } } }))).toMatchObject({ code: "invalid_argument", node: "s_build_result" });
    await expect(clashing.materialize({ save: { s: { path: "never.json", dependencies: ["a"], combine: recordResult } } })).rejects.toMatchObject({ code: "invalid_argument", node: "s_build_result" });
    expect(caught(() => dr.materializeToDot({ save: { summary: 3 as never } }))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("request.save.summary") });
    expect(caught(() => dr.materializeToDot({ load: { sales: "s.csv" } }))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("saves nothing") });
    expect(caught(() => dr.materializeToDot({ save: { summary: "s.json" } }, { outputs: ["lookup"] } as never))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("options.outputs") });
    expect(caught(() => dr.materializeToDot({ save: { summary: "s.json" } }, { orient: "up" } as never))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("options.orient") });
  });
});
