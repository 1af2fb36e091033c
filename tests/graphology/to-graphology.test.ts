/**
 * toGraphology on real example modules and random DAGs: node and edge attributes, layers from
 * graphology-dag, cutting to an execution path, GEXF and JSON round trips, and bad input.
 */
import fc from "fast-check";
import graphology from "graphology";
import { parse } from "graphology-gexf";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError, type Driver } from "funcflow";
import { graphLayers, scanNodeModules, scannedCodeVersions, toGexf, toGraphJson, toGraphology } from "funcflow/graphology";
import { caught, rejection } from "../support/caught.ts";
import { syntheticModule } from "../support/synthetic-module.ts";

const helloWorld = new URL("../../examples/hello-world/transforms.ts", import.meta.url);
const tour = new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url);
const TOUR_CONFIG = { currency: "EUR", growth: 0.05, horizons: [3, 12] };
let hello: Driver;
let tourDriver: Driver;

beforeAll(async () => {
  hello = await new Builder().withModules(helloWorld).build();
  tourDriver = await new Builder().withModules(tour).withConfig(TOUR_CONFIG).build();
});

describe("toGraphology", () => {
  it("toGraphology gives every node its kind, type, doc, tags, module, line and code version", async () => {
    const codeVersions = await scannedCodeVersions(hello.listNodes());
    const graph = toGraphology(hello, { codeVersions });
    expect(graph.order).toBe(hello.listNodes().length);
    const mean = graph.getNodeAttributes("spendMean");
    expect(mean).toMatchObject({ kind: "function", type: "number", doc: "Mean weekly spend.", tags: {}, exportName: "spendMean", line: 19, isAsync: false });
    expect(mean.module).toMatch(/hello-world\/transforms\.ts$/);
    expect(mean.codeVersion).toMatch(/^[0-9a-f]{16,}$/);
    expect(graph.getNodeAttributes("spend")).toMatchObject({ kind: "input", type: "Vector<Float64>" });
    expect(graph.getNodeAttribute("spend", "codeVersion")).toBeUndefined();
  });

  it("toGraphology draws an edge per parameter, from the node read to the node reading it", () => {
    const graph = toGraphology(hello);
    expect(graph.inNeighbors("spendZeroMean").sort()).toEqual(["spend", "spendMean"]);
    expect(graph.getEdgeAttributes("spendMean", "spendZeroMean")).toEqual({ parameter: "spendMean", type: "number", optional: false });
    expect(graph.size).toBe(hello.listNodes().reduce((total, node) => total + node.dependencies.length, 0));
  });

  it("toGraphology keeps tags, config conditions and the modifier group of made nodes", () => {
    const graph = toGraphology(tourDriver);
    expect(graph.getNodeAttribute("totalRevenue", "tags")).toMatchObject({ audience: "finance" });
    expect(graph.getNodeAttribute("currencyRate", "condition")).toBe('currency == "EUR"');
    expect(graph.getNodeAttributes("amount_range_validator")).toMatchObject({ group: "saleColumns", role: "validator" });
    expect(graph.getNodeAttribute("currency", "kind")).toBe("config");
  });

  it("toGraphology layers are graphology-dag's topological generations, every edge going to a later layer", () => {
    const graph = toGraphology(tourDriver);
    const layers = graphLayers(graph);
    expect(layers.flat().sort()).toEqual(graph.nodes().sort());
    layers.forEach((names, layer) => names.forEach((name) => expect(graph.getNodeAttribute(name, "layer")).toBe(layer)));
    graph.forEachEdge((_edge, _attributes, source, target) => {
      expect(graph.getNodeAttribute(source, "layer")).toBeLessThan(graph.getNodeAttribute(target, "layer"));
    });
  });

  it("toGraphology layers put every node one past its deepest dependency, on random DAGs", async () => {
    const shape = fc.array(fc.uniqueArray(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(shape, async (parents) => {
        const nodes = parents.map((picks, index) => {
          const params = [...new Set(picks.map((pick) => (index === 0 ? "x" : pick % 2 === 0 ? "x" : `n${pick % index}`)))].map((name) => ({ name }));
          return { name: `n${index}`, params, fn: Object.defineProperty(() => 0, "length", { value: params.length }) };
        });
        const dr = await new Builder().withModules(syntheticModule(nodes)).withManifestCache(false).build();
        const graph = toGraphology(dr);
        const depth = new Map<string, number>();
        for (const node of dr.listNodes().filter((node) => node.kind === "input")) depth.set(node.name, 0);
        for (const node of nodes) depth.set(node.name, node.params.length === 0 ? 0 : 1 + Math.max(...node.params.map((param) => depth.get(param.name)!)));
        graph.forEachNode((name, attributes) => expect(attributes.layer).toBe(depth.get(name)));
      }),
      { numRuns: 40 },
    );
  });

  it("toGraphology with outputs keeps their path, cut at overrides, and marks outputs, overrides and inputs", () => {
    const graph = toGraphology(hello, { outputs: ["spendZeroMeanUnitVariance"], inputs: [], overrides: { spendMean: 3 } });
    expect(graph.nodes().sort()).toEqual(["spend", "spendMean", "spendStdDev", "spendZeroMean", "spendZeroMeanUnitVariance"]);
    expect(graph.getNodeAttribute("spendZeroMeanUnitVariance", "pathRole")).toBe("output");
    expect(graph.getNodeAttribute("spendMean", "pathRole")).toBe("override");
    expect(graph.inDegree("spendMean")).toBe(0);
    expect(graph.getNodeAttribute("spend", "pathRole")).toBe("missing-input");
    expect(toGraphology(hello, { outputs: ["spendMean"], inputs: ["spend"] }).getNodeAttribute("spend", "pathRole")).toBe("given-input");
    expect(graph.getAttribute("outputs")).toBe("spendZeroMeanUnitVariance");
  });

  it("toGraphology takes a node list as a validator's GraphView gives it", () => {
    expect(toGraphology({ nodes: hello.listNodes() }).order).toBe(hello.listNodes().length);
  });

  it("toGraphology names an unknown output with a did-you-mean", () => {
    const error = caught(() => toGraphology(hello, { outputs: ["spendMaen"] }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ code: "unknown_output", node: "spendMaen", suggestion: ["spendMean", "spend"] });
    expect((error as Error).message).toMatchInlineSnapshot(`"toGraphology: no node is named "spendMaen" (did you mean "spendMean" or "spend"?). dr.listNodes() lists every node."`);
  });

  it("toGraphology rejects what is neither a Driver nor a node list", () => {
    expect(caught(() => toGraphology(42 as never))).toMatchObject({ code: "invalid_argument" });
  });

  it("toGraphology names a bad node in { nodes }, a non-array outputs and a codeVersions that is no Map, instead of a TypeError", () => {
    const node = { name: "a", kind: "function", dependencies: [], tags: {} };
    expect(caught(() => toGraphology({ nodes: [5] } as never)).message).toMatch(/^toGraphology: source\.nodes\[0\] must be a node/);
    expect(caught(() => toGraphology({ nodes: [node] } as never, { outputs: "a" as never })).message).toMatch(/^toGraphology: options\.outputs must be an array of names/);
    expect(caught(() => toGraphology({ nodes: [node] } as never, { codeVersions: { a: "v1" } as never })).message).toMatch(/^toGraphology: options\.codeVersions must be a Map/);
    // Checked under toGraphology's own name, not that of executionPath, which it calls.
    expect(caught(() => toGraphology({ nodes: [node] } as never, { outputs: ["a"], inputs: 5 as never })).message).toMatch(/^toGraphology: options\.inputs must be a plain object/);
    expect(caught(() => toGraphology({ nodes: [node] } as never, { outputs: ["a"], overrides: "a" as never })).message).toMatch(/^toGraphology: options\.overrides must be a plain object/);
  });

  it("toGraphology does not change the Driver's node descriptions", () => {
    const before = JSON.stringify(tourDriver.listNodes());
    toGraphology(tourDriver).mergeNodeAttributes("sales", { tags: { changed: "yes" } });
    expect(JSON.stringify(tourDriver.listNodes())).toBe(before);
  });
});

describe("graph formats", () => {
  it("toGexf round-trips through graphology-gexf's parser with every attribute", async () => {
    const graph = toGraphology(tourDriver, { codeVersions: await scannedCodeVersions(tourDriver.listNodes()) });
    const back = parse(graphology.DirectedGraph, toGexf(graph));
    expect(back.order).toBe(graph.order);
    expect(back.size).toBe(graph.size);
    graph.forEachNode((name, attributes) => {
      const { label, tags, ...rest } = back.getNodeAttributes(name);
      expect(label).toBe(name);
      expect(JSON.parse(tags as string)).toEqual(attributes.tags);
      const { tags: _tags, ...flat } = attributes;
      expect(rest).toEqual(flat);
    });
    graph.forEachEdge((_edge, attributes, source, target) => {
      const { label, ...rest } = back.getEdgeAttributes(back.edge(source, target)!);
      expect(label).toBe(attributes.parameter);
      expect(rest).toEqual(attributes);
    });
  });

  it("toGraphJson round-trips through graph.import", () => {
    const graph = toGraphology(tourDriver);
    const back = new graphology.DirectedGraph();
    back.import(JSON.parse(JSON.stringify(toGraphJson(graph))));
    expect(back.order).toBe(graph.order);
    graph.forEachNode((name, attributes) => expect(back.getNodeAttributes(name)).toEqual(JSON.parse(JSON.stringify(attributes))));
    graph.forEachEdge((_edge, attributes, source, target) => expect(back.getEdgeAttributes(source, target)).toEqual(attributes));
  });
});

describe("graph arguments", () => {
  it("graphLayers, toGexf and toGraphJson refuse what is not a graphology graph with invalid_argument naming the function", () => {
    for (const bad of [null, undefined, 42, {}, [], { nodes: [] }]) {
      for (const [name, run] of [
        ["graphLayers", () => graphLayers(bad as never)],
        ["toGexf", () => toGexf(bad as never)],
        ["toGraphJson", () => toGraphJson(bad as never)],
      ] as const) {
        const error = caught(run);
        expect(error.code).toBe("invalid_argument");
        expect(error.message).toMatch(new RegExp(`^${name}: graph must be a graphology graph`));
      }
    }
  });
});

describe("node list arguments", () => {
  it("scannedCodeVersions and scanNodeModules refuse what is not a node list with invalid_argument", async () => {
    for (const bad of [null, 42, { nodes: [] }, [null]]) {
      for (const [name, run] of [
        ["scannedCodeVersions", () => scannedCodeVersions(bad as never)],
        ["scanNodeModules", () => scanNodeModules(bad as never)],
      ] as const) {
        const error = await rejection(run());
        expect(error.code).toBe("invalid_argument");
        expect(error.message).toMatch(new RegExp(`^${name}: nodes(\\[0\\])? must be`));
      }
    }
    expect((await rejection(scannedCodeVersions([], { "m.ts": {} } as never))).message).toMatch(/manifests must be a Map/);
  });
});
