import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";

/** 50,000 nodes: a chain with a fan-in every 1,000 nodes and a wide final sink. */
function generatedNodes(size: number): SyntheticNode[] {
  const nodes: SyntheticNode[] = [];
  for (let i = 0; i < size; i++) {
    const params = i === 0 ? [{ name: "seed" }] : i === size - 1 ? Array.from({ length: 2_000 }, (_, k) => ({ name: `n${size - 2 - k * 7}` })) : i % 1_000 === 0 ? [{ name: `n${i - 1}` }, { name: `n${i - 500}` }, { name: "seed", optional: true }] : [{ name: `n${i - 1}` }];
    const fn = () => i;
    // The builder checks arity against the manifest: optional parameters come last.
    Object.defineProperty(fn, "length", { value: params.filter((param) => !("optional" in param)).length });
    nodes.push({ name: `n${i}`, params, fn });
  }
  return nodes;
}

/**
 * The DOT text written the plainest way, from the node list alone: every function, then the
 * input, then every edge in consumer order, then the legend.
 */
function referenceDot(nodes: readonly SyntheticNode[]): string {
  const fn = (name: string) => `  "${name}" [shape="box", style="rounded,filled", fillcolor="#b4d8e4", label="${name}\\n: number"];`;
  const lines = ["digraph funcflow {", `  graph [rankdir="LR", ranksep="0.4", fontname="Helvetica"];`, `  node [fontname="Helvetica", fontsize="11"];`];
  for (const node of nodes) lines.push(fn(node.name));
  lines.push(`  "seed" [shape="parallelogram", style="dashed", label="seed\\n: number"];`);
  for (const node of nodes) for (const param of node.params) lines.push(`  "${param.name}" -> "${node.name}"${param.optional ? ` [style="dashed"]` : ""};`);
  lines.push(
    "  subgraph cluster_legend {",
    `    graph [label="Legend", style="dashed", fontsize="10"];`,
    `    "legend:function" [shape="box", style="rounded,filled", fillcolor="#b4d8e4", label="function"];`,
    `    "legend:input" [shape="parallelogram", style="dashed", label="input"];`,
    "  }",
    "}",
  );
  return `${lines.join("\n")}\n`;
}

describe("driver.toDot on a 50,000-node graph", () => {
  it("equals the plain reference rendering, for the whole graph and for the path to the sink", async () => {
    const nodes = generatedNodes(50_000);
    const dr = await new Builder().withModules(syntheticModule(nodes)).build();
    expect(dr.toDot()).toBe(referenceDot(nodes));
    // The sink's path: every node it reaches, the sink itself drawn as an output.
    const path = dr.toDot({ outputs: ["n49999"], inputs: { seed: 1 } });
    expect(path.split("\n").filter((line) => line.includes("[shape=")).length).toBe(50_000 + 1 + 3);
    expect(path).toContain(`"n49999" [shape="box", style="rounded,filled", fillcolor="#ffc857"`);
  }, 60_000);
});
