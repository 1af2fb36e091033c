import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { beforeAll, describe, expect, it } from "vitest";
import { buildFixture } from "./support/build.ts";

let graphviz: Awaited<ReturnType<typeof Graphviz.load>>;
beforeAll(async () => {
  graphviz = await Graphviz.load();
});

describe("driver.toDot with modifiers", () => {
  it.each([
    ["pipes", { clip: true, round: true }],
    ["checks", {}],
    ["subdag", {}],
    ["parallel", {}],
    ["tags", {}],
    ["io", {}],
  ] as const)("%s: Graphviz accepts the DOT", async (name, config) => {
    const dr = await buildFixture(name, config);
    expect(graphviz.layout(dr.toDot(), "svg", "dot")).toContain("<svg");
  });

  it("draws validators and pipe steps as secondary, expanded nodes in their function's cluster", async () => {
    const checks = (await buildFixture("checks")).toDot();
    expect(checks).toMatch(/"price_range_validator" \[shape="box", style="rounded,dashed"/);
    expect(checks).toMatch(/subgraph "cluster_price" \{[^}]*"price_raw"[^}]*"price_range_validator"[^}]*"price"/);
    expect(checks).toContain(`"legend:helper" [shape="box", style="rounded,dashed"`);
  });

  it("shows a subgraph's config variant with its condition, inside the subgraph's cluster", async () => {
    const dot = (await buildFixture("subdag")).toDot();
    expect(dot).toMatch(/subgraph "cluster_usScore" \{[^}]*"usScore\.bonus" \[[^\]]*label="usScore\.bonus\\n: number\\nwhen size == \\"big\\""/);
    expect(dot).toMatch(/"usScore\.raw" \[shape="box", style="rounded,dashed"/);
  });

  it("draws the per-item block as a cluster between the parallelizable and collect nodes", async () => {
    const dot = (await buildFixture("parallel")).toDot();
    expect(dot).toMatch(/subgraph "cluster_for each numbers" \{[^}]*"squared"[^}]*"shifted"/);
    expect(dot).toMatch(/"total" \[[^\]]*peripheries="2", color="#c62828"/);
    expect(dot).toContain(`"legend:collect"`);
  });
});
