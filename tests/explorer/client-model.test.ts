/**
 * The page's own model code, run in Node: folding (every node stands somewhere, exactly once),
 * the layered layout (edges run left to right, no two boxes overlap), search, execution path
 * and run comparison.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { buildExplorerModel, type RunRecord } from "funcflow/explorer";
import { layoutGraph } from "../../src/explorer/client/layout.ts";
import { executionPath, indexModel, neighborhood } from "../../src/explorer/client/model-index.ts";
import { compareRuns } from "../../src/explorer/client/run-overlay.ts";
import { searchNames } from "../../src/explorer/client/search.ts";
import { visibleGraph } from "../../src/explorer/client/visible-graph.ts";
import { syntheticPipeline } from "../support/synthetic-pipeline.ts";

let tour: Driver;
beforeAll(async () => {
  tour = await new Builder().withModules(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url)).withConfig({ currency: "EUR", growth: 0.05, horizons: [3, 12] }).build();
});

const NOTHING_FOLDED_BUT_GROUPS = { expandedGroups: new Set<string>(), collapsedModules: new Set<string>() };

describe("visibleGraph", () => {
  it("visibleGraph folds every node a modifier made into its function, each node standing in exactly one visible node", () => {
    const index = indexModel(buildExplorerModel(tour.listNodes(), { includeCode: false }));
    const graph = visibleGraph(index, NOTHING_FOLDED_BUT_GROUPS);
    const members = graph.nodes.flatMap((node) => node.members).sort((a, b) => a - b);
    expect(members).toEqual(tour.listNodes().map((_, i) => i));
    graph.nodes.forEach((node) => node.members.forEach((member) => expect(graph.rep[member]).toBe(node.id)));
    const validator = graph.nodes[graph.rep[index.indexOf.get("amount_range_validator")!]!]!;
    expect(validator).toMatchObject({ kind: "group", label: "saleColumns", primary: index.indexOf.get("saleColumns") });
    const forecast = graph.nodes[graph.rep[index.indexOf.get("usForecast.trend")!]!]!;
    expect(forecast).toMatchObject({ kind: "group", label: "usForecast", primary: index.indexOf.get("usForecast"), module: expect.stringMatching(/transforms\.ts$/) });
    const groups = new Set(tour.listNodes().flatMap((node) => (node.group === undefined ? [] : [node.group])));
    expect(visibleGraph(index, { expandedGroups: groups, collapsedModules: new Set() }).nodes).toHaveLength(tour.listNodes().length);
  });

  it("visibleGraph folds a collapsed module into one node and keeps the edges between what remains", async () => {
    const dr = await new Builder().withModules(...syntheticPipeline(300, 3)).withManifestCache(false).build();
    const index = indexModel(buildExplorerModel(dr.listNodes(), { includeCode: false }));
    const graph = visibleGraph(index, { expandedGroups: new Set(), collapsedModules: new Set(["stage1.ts"]) });
    expect(graph.nodes).toHaveLength(301 - 99);
    const module = graph.nodes.find((node) => node.kind === "module")!;
    expect(module.members).toHaveLength(100);
    for (let e = 0; e < graph.edges.length; e += 2) expect(graph.edges[e]).not.toBe(graph.edges[e + 1]);
    const pairs = new Set<string>();
    for (let e = 0; e < graph.edges.length; e += 2) pairs.add(`${graph.edges[e]}>${graph.edges[e + 1]}`);
    expect(pairs.size).toBe(graph.edges.length / 2);
  });
});

describe("layoutGraph", () => {
  it("layoutGraph puts every edge left to right and no two nodes on one spot, on generated pipelines", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 5 }), async (nodes, modules) => {
        const dr = await new Builder().withModules(...syntheticPipeline(nodes, Math.min(modules, nodes))).withManifestCache(false).build();
        const graph = visibleGraph(indexModel(buildExplorerModel(dr.listNodes(), { includeCode: false })), NOTHING_FOLDED_BUT_GROUPS);
        const layout = layoutGraph(graph);
        for (let e = 0; e < graph.edges.length; e += 2) expect(layout.x[graph.edges[e]!]).toBeLessThan(layout.x[graph.edges[e + 1]!]!);
        const spots = new Set(graph.nodes.map((_, i) => `${layout.x[i]},${layout.y[i]}`));
        expect(spots.size).toBe(graph.nodes.length);
      }),
      { numRuns: 15 },
    );
  });
});

describe("search, path and neighbourhood", () => {
  it("searchNames ranks exact and prefix matches first and suggests near names for a typo", () => {
    const names = ["revenue", "totalRevenue", "revenueIn3Months", "spend"];
    expect(searchNames(names, "revenue").matches).toEqual(["revenue", "revenueIn3Months", "totalRevenue"]);
    expect(searchNames(names, "revnue")).toEqual({ matches: [], suggestions: ["revenue"] });
    expect(searchNames(names, "zzz")).toEqual({ matches: [], suggestions: [] });
  });

  it("executionPath is the Driver's upstream of the outputs, cut at overrides, plus every config value", () => {
    const index = indexModel(buildExplorerModel(tour.listNodes(), { includeCode: false }));
    const path = executionPath(index, ["totalRevenue"], [], []);
    const config = tour.listNodes().filter((node) => node.kind === "config").map((node) => node.name);
    expect([...path.keys()].map((i) => index.model.nodes[i]!.name).sort()).toEqual([...new Set([...tour.upstreamOf("totalRevenue"), ...config])].sort());
    const cut = executionPath(index, ["totalRevenue"], [], ["usRevenue"]);
    expect(cut.get(index.indexOf.get("usRevenue")!)).toBe("override");
    expect(cut.has(index.indexOf.get("usRevenue.raw")!)).toBe(false);
  });

  it("neighborhood gives each node within the hop limit its distance", () => {
    const index = indexModel(buildExplorerModel(tour.listNodes(), { includeCode: false }));
    const { up, down } = neighborhood(index, index.indexOf.get("averageSale")!, 2);
    expect(new Map([...up].map(([i, d]) => [index.model.nodes[i]!.name, d]))).toEqual(new Map([["averageSale.with_roundTo", 1], ["averageSale.raw", 2]]));
    expect([...down.keys()].map((i) => index.model.nodes[i]!.name).sort()).toEqual(["report", "save.report"]);
  });
});

describe("compareRuns", () => {
  const run = (nodes: RunRecord["nodes"]): RunRecord => ({
    version: 1, runId: "r", startedAt: "", status: "ok", outputs: [], inputNames: [], overrideNames: [], modules: [], nodes,
    criticalPath: { nodes: [], durationMs: 0 }, cacheEvents: [], outputSummaries: {},
  });
  it("compareRuns lists nodes whose status, cache decision or duration changed, biggest change first", () => {
    const before = run([
      { name: "a", status: "ok", durationMs: 100, endedAtMs: 100, cache: { kind: "miss", reason: "no_entry" } },
      { name: "b", status: "ok", durationMs: 10, endedAtMs: 110 },
      { name: "c", status: "ok", durationMs: 10, endedAtMs: 120 },
      { name: "gone", status: "ok", durationMs: 1, endedAtMs: 121 },
    ]);
    const after = run([
      { name: "a", status: "cached", durationMs: 2, endedAtMs: 2, cache: { kind: "hit" } },
      { name: "b", status: "ok", durationMs: 11, endedAtMs: 13 },
      { name: "c", status: "ok", durationMs: 40, endedAtMs: 53 },
    ]);
    const differences = compareRuns(before, after);
    expect(differences.map((d) => [d.name, d.reasons])).toEqual([
      ["a", ["status ok → cached", "cache miss → hit", "duration 100.0 ms → 2.00 ms"]],
      ["c", ["duration 10.0 ms → 40.0 ms"]],
      ["gone", ["only in the first run"]],
    ]);
  });
});
