/**
 * The three views of one execution's path (DOT, `toGraphology` and the explorer's path) show the
 * same nodes: the upstream closure of the outputs, cut at overrides, plus every config value on
 * the path or not, as Hamilton's views draw the whole config (`create_graphviz_graph` draws each
 * key of the Driver's config in `visualize_execution`, `display_upstream_of`,
 * `display_downstream_of` and `visualize_path_between`), and each draws the parents of the nodes
 * it draws (the downstream and path views add them, as Hamilton's do). Random DAGs read inputs,
 * read config keys, leave some keys unread and have some keys named like a function (which
 * replace it).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, type Driver, type NodeInfo } from "funcflow";
import { buildExplorerModel } from "funcflow/explorer";
import { toGraphology } from "funcflow/graphology";
import { executionPath, indexModel } from "../../src/explorer/client/model-index.ts";
import { syntheticModule } from "../support/synthetic-module.ts";

const INPUTS = ["x", "y"];
const CONFIG_KEYS = ["k0", "k1", "k2"];

/** Functions f0…fn, each reading earlier functions, inputs and config keys; config values for some keys, maybe one function's name. */
const cases = fc
  .record({
    reads: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 8 }),
    keys: fc.subarray(CONFIG_KEYS, { minLength: 1 }),
    replaced: fc.option(fc.nat(), { nil: undefined }),
    outputs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    overrides: fc.array(fc.nat(), { maxLength: 2 }),
    given: fc.subarray(INPUTS),
  })
  .map(({ reads, keys, replaced, outputs, overrides, given }) => {
    const functions = reads.map((choices, index) => {
      const pool = [...INPUTS, ...CONFIG_KEYS, ...reads.slice(0, index).map((_, earlier) => `f${earlier}`)];
      return { name: `f${index}`, reads: [...new Set(choices.map((choice) => pool[choice % pool.length]!))] };
    });
    const config: Record<string, number> = Object.fromEntries(keys.map((key, index) => [key, index + 1]));
    // A config key named like a function replaces it (Hamilton skips a node whose name is in the config).
    if (replaced !== undefined) config[`f${replaced % functions.length}`] = 100;
    return { functions, config, outputs, overrides, given };
  });

/** `fn` declaring `arity` parameters, as the function the manifest describes would. */
const withArity = <F extends (...args: never[]) => unknown>(fn: F, arity: number): F => Object.defineProperty(fn, "length", { value: arity });

const sum = (values: readonly unknown[]) => values.reduce<number>((total, value) => total + Number(value), 0);

async function driverOf(functions: readonly { name: string; reads: readonly string[] }[], config: Record<string, unknown>): Promise<Driver> {
  const module = syntheticModule(functions.map(({ name, reads }) => ({ name, params: reads.map((read) => ({ name: read })), fn: withArity((...args: number[]) => sum(args), reads.length) })));
  return new Builder().withModules(module).withConfig(config).build();
}

const pick = <T,>(pool: readonly T[], choices: readonly number[]) => [...new Set(choices.map((choice) => pool[choice % pool.length]!))];

/** The nodes a DOT text declares (legend left out). */
const dotNodes = (dot: string) => new Set([...dot.matchAll(/^\s*"([^"]+)" \[/gm)].map(([, name]) => name!).filter((name) => !name.startsWith("legend:")));

/** The reference: `from`'s closure along `next`, not walking past `stop`, plus every config node. */
function expected(nodes: readonly NodeInfo[], from: readonly string[], next: (node: NodeInfo) => readonly string[], stop: ReadonlySet<string> = new Set()): Set<string> {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (!stop.has(name)) stack.push(...next(byName.get(name)!));
  }
  for (const node of nodes) if (node.kind === "config") seen.add(node.name);
  return seen;
}

describe("config nodes in path views", () => {
  it("toDot, toGraphology and the explorer's executionPath show the same nodes: the path plus every config value", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ functions, config, outputs: outputChoices, overrides: overrideChoices, given }) => {
        const dr = await driverOf(functions, config);
        const nodes = dr.listNodes();
        const names = nodes.map((node) => node.name);
        const outputs = pick(names, outputChoices);
        const overrides = pick(nodes.filter((node) => node.kind === "function").map((node) => node.name), overrideChoices);
        const inputs = given.filter((name) => names.includes(name));
        const want = expected(nodes, outputs, (node) => node.dependencies.map((dependency) => dependency.name), new Set(overrides));

        const dot = dotNodes(dr.toDot({ outputs, inputs, overrides, showLegend: false }));
        const graphology = new Set(toGraphology(dr, { outputs, inputs, overrides }).nodes());
        const index = indexModel(buildExplorerModel(nodes, { includeCode: false }));
        const explorer = new Set([...executionPath(index, outputs, inputs, overrides).keys()].map((at) => index.model.nodes[at]!.name));
        expect(dot).toEqual(want);
        expect(graphology).toEqual(want);
        expect(explorer).toEqual(want);

        // Every view of an execution path draws each drawn node's parents (an overridden node has
        // none drawn), as Hamilton's views do.
        const byName = new Map(nodes.map((node) => [node.name, node]));
        for (const view of [dot, graphology, explorer]) {
          for (const name of view) if (!overrides.includes(name)) for (const parent of byName.get(name)!.dependencies) expect(view).toContain(parent.name);
        }

        // DOT's other selections (Hamilton's display_upstream_of, display_downstream_of and
        // visualize_path_between) keep every config value too; the downstream and path views add
        // the parents of the nodes they select (display_downstream_of, and visualize_path_between
        // unless strict_path_visualization), so every drawn node shows all it is computed from.
        const withParents = (selection: ReadonlySet<string>) => new Set([...selection, ...[...selection].flatMap((name) => byName.get(name)!.dependencies.map((dependency) => dependency.name))]);
        const [first] = outputs;
        const upstream = expected(nodes, [first!], (node) => node.dependencies.map((dependency) => dependency.name));
        const downstream = expected(nodes, [first!], (node) => node.dependents);
        expect(dotNodes(dr.toDot({ upstreamOf: [first!], showLegend: false }))).toEqual(upstream);
        expect(dotNodes(dr.toDot({ downstreamOf: [first!], showLegend: false }))).toEqual(withParents(downstream));
        const source = nodes.find((node) => node.kind !== "config" && upstream.has(node.name))?.name;
        if (source === undefined) return; // a config key asked for: nothing is upstream of it
        const between = new Set([...expected(nodes, [source], (node) => node.dependents)].filter((name) => upstream.has(name)));
        expect(dotNodes(dr.toDot({ downstreamOf: [source], upstreamOf: [first!], showLegend: false }))).toEqual(withParents(between));
        expect(dotNodes(dr.toDot({ downstreamOf: [source], upstreamOf: [first!], strictPath: true, showLegend: false }))).toEqual(between);
      }),
      { numRuns: 80 },
    );
  });

  it("a config value no function reads is shown by each view of a path it is not on", async () => {
    const dr = await driverOf([{ name: "total", reads: ["x"] }, { name: "tax", reads: ["total", "rate"] }], { rate: 0.2, region: "US" });
    const want = new Set(["total", "x", "rate", "region"]);
    expect(dotNodes(dr.toDot({ outputs: ["total"], showLegend: false }))).toEqual(want);
    const graph = toGraphology(dr, { outputs: ["total"] });
    expect(new Set(graph.nodes())).toEqual(want);
    expect(graph.getNodeAttribute("region", "kind")).toBe("config");
    expect(graph.getNodeAttribute("region", "pathRole")).toBeUndefined();
    const index = indexModel(buildExplorerModel(dr.listNodes(), { includeCode: false }));
    const path = executionPath(index, ["total"], [], []);
    expect(new Set([...path.keys()].map((at) => index.model.nodes[at]!.name))).toEqual(want);
    expect(path.get(index.indexOf.get("region")!)).toBe("computed");
  });
});
