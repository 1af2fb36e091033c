/**
 * Follows the facts asserted by Hamilton's tests/execution/test_node_grouping.py: which nodes
 * form a parallel block (the repeated per-item nodes between a Parallelizable and its Collect,
 * not the values from outside they read), how the block's parts depend on one another, the
 * levels of a plain graph, and a node's required versus optional inputs. funcflow has no task
 * grouping strategies; the facts are read from node roles, `parallel` kinds, dependencies and
 * graphology layers. Fixtures: tests/fixtures/hamilton-tests/graph/.
 *
 * Not ported: GroupNodesIndividually / GroupNodesAllAsOne and TaskSpec internals.
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { graphLayers, toGraphology } from "funcflow/graphology";

const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/graph/${name}.ts`, import.meta.url);
const build = (name: string) => new Builder().withModules(fixture(name)).build();

describe("hamilton tests/execution/test_node_grouping.py", () => {
  it("group by level: a plain chain of 7 nodes has 6 levels, the square and the cube sharing one", async () => {
    const dr = await build("no_parallel");
    expect(dr.listNodes()).toHaveLength(7);
    const layers = graphLayers(toGraphology(dr));
    expect(layers).toHaveLength(6);
    expect(layers.find((layer) => layer.length === 2)?.sort()).toEqual(["step_cubed", "step_squared"]);
  });

  it("repeatable blocks (linear): one expand, one collect, three per-item nodes, the rest single", async () => {
    const dr = await build("parallel_linear_basic");
    expect(dr.node("steps").parallel).toBe("expand");
    expect(dr.node("sum_step_squared_plus_step_cubed").parallel).toBe("collect");
    const perItem = dr.listNodes().filter((node) => node.role === "parallel-item").map((node) => node.name);
    expect(perItem.sort()).toEqual(["step_cubed", "step_squared", "step_squared_plus_step_cubed"]);
    for (const single of ["number_of_steps", "final"]) {
      expect(dr.node(single).role).toBeUndefined();
      expect(dr.node(single).parallel).toBeUndefined();
    }
  });

  it("repeatable blocks (complex): five per-item nodes; values made outside the block stay outside", async () => {
    const dr = await build("parallel_complex");
    const perItem = dr.listNodes().filter((node) => node.role === "parallel-item").map((node) => node.name);
    expect(perItem.sort()).toEqual(["double_plus_triple_plus_param_external_to_block", "double_plus_triple_step", "double_step", "step_modified", "triple_step"]);
    for (const outside of ["number_of_steps", "param_external_to_block", "second_param_external_to_block", "final"]) expect(dr.node(outside).role).toBeUndefined();
    const expected = [0, 1, 2, 3, 4].reduce((sum, step) => sum + (step + 4) * 2 + (step + 4) * 3 + 3, 0);
    expect(await dr.execute(["final", "sum_of_some_things"])).toEqual({ final: expected, sum_of_some_things: expected });
  });

  it("the task plan's dependencies: expand ← number_of_steps, block ← expand, collect ← block, final ← collect", async () => {
    const dr = await build("parallel_linear_basic");
    const upstream = (name: string) => dr.upstreamOf(name).filter((other) => other !== name);
    expect(upstream("steps")).toEqual(["number_of_steps"]);
    expect(upstream("step_squared_plus_step_cubed").sort()).toEqual(["number_of_steps", "step_cubed", "step_squared", "steps"]);
    expect(dr.node("sum_step_squared_plus_step_cubed").gathers).toBe("step_squared_plus_step_cubed");
    expect(upstream("sum_step_squared_plus_step_cubed")).toContain("step_squared_plus_step_cubed");
    expect(dr.node("final").dependencies.map((d) => d.name)).toEqual(["sum_step_squared_plus_step_cubed"]);
    expect(dr.downstreamOf("number_of_steps")).toHaveLength(7);
  });

  it("a node's inputs split into required and optional (task input vars)", async () => {
    const dr = await build("default_args");
    const params = dr.node("A").dependencies.map(({ name, optional }) => [name, optional]);
    expect(params).toEqual([["required", false], ["defaults_to_zero", true]]);
    expect(dr.node("required").isExternalInput).toBe(true);
  });
});
