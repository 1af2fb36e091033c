/**
 * Follows the facts asserted by Hamilton's tests/execution/test_graph_functions.py: nodes come in
 * a topological order (every node after its dependencies), and the nodes between two nodes are
 * those on some path from one to the other, whatever else feeds them (issue 948). Written
 * against funcflow's `upstreamOf`/`downstreamOf`/`pathBetween` on graphs given as adjacency maps,
 * plus a fast-check property over random DAGs.
 *
 * Not ported: `create_input_string` (how Hamilton logs a failed node's input values, truncated):
 * funcflow's `node_failed` names the inputs, not their values (tested below).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { syntheticModule } from "../support/synthetic-module.ts";
import { rejection } from "../support/caught.ts";

/** `fn` declaring `arity` parameters, as the manifest's parameter list says it does. */
function withArity<F extends (...args: never[]) => unknown>(fn: F, arity: number): F {
  return Object.defineProperty(fn, "length", { value: arity });
}

/** A graph from an adjacency map: each node → the nodes it depends on. */
function buildDag(adjacency: Record<string, readonly string[]>) {
  const nodes = Object.entries(adjacency).map(([name, dependencies]) => ({
    name,
    params: dependencies.map((dependency) => ({ name: dependency })),
    fn: withArity((...values: number[]) => values.reduce((sum, value) => sum + value, 1), dependencies.length),
  }));
  return new Builder().withModules(syntheticModule(nodes)).build();
}

function expectTopological(order: readonly string[], adjacency: Record<string, readonly string[]>) {
  for (const [name, dependencies] of Object.entries(adjacency)) {
    for (const dependency of dependencies) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(name));
  }
}

const LARGE: Record<string, readonly string[]> = {
  a: ["b", "c"], b: ["d", "e"], c: ["d", "e"], d: ["f"], e: ["f", "g"], f: ["h"], g: ["h", "i"], h: ["j", "k"],
  i: ["k", "l"], j: ["m"], k: ["m", "n"], l: ["n"], m: ["o"], n: ["o", "p"], o: ["q"], p: ["q"], q: [],
};

describe("hamilton tests/execution/test_graph_functions.py: topological order", () => {
  it.each([
    ["simple DAG", { a: [], b: ["a"], c: ["a"], d: ["b", "c"], e: ["d"] }],
    ["single node DAG", { a: [] }],
    ["large DAG", LARGE],
  ])("%s: upstreamOf lists every node after its dependencies", async (_name, adjacency: Record<string, readonly string[]>) => {
    const dr = await buildDag(adjacency);
    const order = dr.upstreamOf(...Object.keys(adjacency));
    expect([...order].sort()).toEqual(Object.keys(adjacency).sort());
    expectTopological(order, adjacency);
  });

  it("property: for random DAGs, upstreamOf and downstreamOf are topological and closed", async () => {
    const dag = fc.integer({ min: 1, max: 12 }).chain((size) =>
      fc.tuple(...Array.from({ length: size }, (_, index) => fc.subarray(Array.from({ length: index }, (_, earlier) => `n${earlier}`)))),
    );
    await fc.assert(
      fc.asyncProperty(dag, fc.nat(), async (dependencies, pick) => {
        const adjacency = Object.fromEntries(dependencies.map((deps, index) => [`n${index}`, deps]));
        const dr = await buildDag(adjacency);
        const target = `n${pick % dependencies.length}`;
        const upstream = dr.upstreamOf(target);
        expectTopological(upstream, Object.fromEntries(upstream.map((name) => [name, adjacency[name]!])));
        for (const name of upstream) for (const dependency of adjacency[name]!) expect(upstream).toContain(dependency);
        const downstream = dr.downstreamOf(target);
        for (const [name, deps] of Object.entries(adjacency)) if (deps.some((dep) => downstream.includes(dep))) expect(downstream).toContain(name);
      }),
      { numRuns: 40 },
    );
  });
});

describe("hamilton tests/execution/test_graph_functions.py: nodes between", () => {
  it.each([
    ["simple base", { a: [], b: ["a"], c: ["b"] }, "a", "c", ["b"]],
    ["longer chain", { a: [], b: ["a"], c: ["b"], d: ["c"], e: ["d"] }, "a", "e", ["b", "c", "d"]],
    ["complex dag", { ...LARGE, a: ["b", "c"], b: ["d"], c: ["d"], d: ["e"], e: ["f"], f: ["g"], g: ["h"], h: ["i", "j"], i: ["k"], j: ["k"], k: ["l"], l: ["m", "n"], m: ["o"], n: ["o"], o: ["p"], p: ["q"], q: [] }, "q", "d", ["e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"]],
    ["a subdag with an external dependency", { a: [], b: [], c: ["a", "b"], d: ["c"] }, "a", "d", ["c"]],
    [
      "issue 948: a node feeding the path from outside is not between",
      { random_int: [], numbers: ["random_int"], add1: ["numbers", "random_int"], add2: ["add1", "random_int"], collect_numbers: ["add2"], final_result: ["collect_numbers"] },
      "numbers",
      "collect_numbers",
      ["add1", "add2"],
    ],
  ])("%s", async (_name, adjacency: Record<string, readonly string[]>, start: string, end: string, between: string[]) => {
    const dr = await buildDag(adjacency);
    const path = dr.pathBetween(start, end);
    expect(path[0]).toBe(start);
    expect(path.at(-1)).toBe(end);
    expect(path.slice(1, -1).sort()).toEqual([...between].sort());
    expectTopological(path, Object.fromEntries(path.map((name) => [name, adjacency[name]!.filter((dep) => path.includes(dep))])));
  });

  it("no path between two nodes is an empty list; an unknown end is unknown_node", async () => {
    const dr = await buildDag({ a: [], b: [], c: ["a"] });
    expect(dr.pathBetween("b", "c")).toEqual([]);
    expect(() => dr.pathBetween("a", "zz")).toThrowError(expect.objectContaining({ code: "unknown_node" }));
  });

  it("a failed node is reported naming the node and its inputs (Hamilton logs them with their values)", async () => {
    const module = syntheticModule([
      { name: "x", params: [], fn: () => 1 },
      { name: "boom", params: [{ name: "x" }], fn: withArity(() => { throw new Error("bad value"); }, 1) },
    ]);
    const dr = await new Builder().withModules(module).build();
    const error = await rejection(dr.execute(["boom"]));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("boom");
    expect(error.message).toContain("bad value");
    expect(error.message).toContain("called with x");
    expect((error.cause as Error).message).toBe("bad value");
  });
});
