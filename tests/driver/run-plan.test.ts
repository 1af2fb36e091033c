import { describe, expect, it } from "vitest";
import { graphFromModules } from "../../src/driver/builder.ts";
import { planExecution } from "../../src/driver/plan.ts";
import { runPlan } from "../../src/driver/run-plan.ts";
import { Builder } from "funcflow";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";

const chainNode = (index: number): SyntheticNode => ({
  name: `n${index}`,
  params: index === 0 ? [{ name: "seed" }] : [{ name: `n${index - 1}` }],
  fn: ((previous: number) => previous + 1) as SyntheticNode["fn"],
});

describe("runPlan", () => {
  it("releases intermediate values once their last reader has run, keeping outputs", () => {
    const module = syntheticModule([
      { name: "big", params: [{ name: "seed" }], fn: ((seed: number) => new Float64Array(8).fill(seed)) as SyntheticNode["fn"] },
      { name: "total", params: [{ name: "big" }], fn: ((big: Float64Array) => big.reduce((a, b) => a + b, 0)) as SyntheticNode["fn"] },
      { name: "doubled", params: [{ name: "total" }], fn: ((total: number) => total * 2) as SyntheticNode["fn"] },
    ]);
    const graph = graphFromModules([{ location: "m", manifest: module.manifest, namespace: module.module }], {});
    const plan = planExecution(graph, { outputs: ["doubled"], inputNames: ["seed"], overrideNames: [] });
    const values = new Array<unknown>(plan.slotCount);
    values[plan.givenSlots[0]!] = 1;
    expect(runPlan(plan, values)).toBeUndefined(); // all synchronous: no promise
    expect(values.filter((value) => value !== undefined)).toEqual([16]);
  });

  it("runs a 100,000-node chain without growing the stack", async () => {
    const size = 100_000;
    const module = syntheticModule(Array.from({ length: size }, (_, index) => chainNode(index)));
    const dr = await new Builder().withModules(module).build();
    const result = await dr.execute([`n${size - 1}`], { inputs: { seed: 0 } });
    expect(result).toEqual({ [`n${size - 1}`]: size });
  });

  it("runs a 100,000-node chain that turns async halfway without growing the stack", async () => {
    const size = 100_000;
    const nodes = Array.from({ length: size }, (_, index) => chainNode(index));
    nodes[size / 2] = { ...nodes[size / 2]!, fn: (async (previous: number) => previous + 1) as SyntheticNode["fn"] };
    const dr = await new Builder().withModules(syntheticModule(nodes)).build();
    expect(await dr.execute([`n${size - 1}`], { inputs: { seed: 0 } })).toEqual({ [`n${size - 1}`]: size });
  });

  it("calls functions with more than three arguments", async () => {
    const dr = await new Builder()
      .withModules(
        syntheticModule([
          {
            name: "sum5",
            params: ["p", "q", "r", "s", "t"].map((name) => ({ name })),
            fn: ((p: number, q: number, r: number, s: number, t: number) => p + q + r + s + t) as SyntheticNode["fn"],
          },
        ]),
      )
      .build();
    expect(await dr.execute(["sum5"], { inputs: { p: 1, q: 2, r: 3, s: 4, t: 5 } })).toEqual({ sum5: 15 });
  });
});
