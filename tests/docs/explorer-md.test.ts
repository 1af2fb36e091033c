/**
 * docs/explorer.md's graphology example, run on the Driver it names: the attributes it prints
 * for averageSale and for one of its edges are the ones toGraphology gives.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { scannedCodeVersions, toGraphology } from "funcflow/graphology";

const doc = readFileSync(new URL("../../docs/explorer.md", import.meta.url), "utf8");
const tour = new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url);

describe("docs/explorer.md: the graph as graphology", () => {
  it("averageSale's node attributes and the totalRevenue → averageSale.raw edge are as printed", async () => {
    const dr = await new Builder().withModules(tour).withConfig({ currency: "EUR", growth: 0.05, horizons: [3, 12] }).build();
    const graph = toGraphology(dr);
    const line = readFileSync(tour, "utf8").split("\n").findIndex((text) => text.startsWith("export const averageSale ")) + 1;
    const attributes = graph.getNodeAttributes("averageSale");
    expect(attributes).toMatchObject({
      kind: "function",
      type: "number",
      tags: { module: "transforms", audience: "finance" },
      isAsync: false,
      layer: 14,
      module: "examples/modifiers-tour/transforms.ts",
      line,
      exportName: "averageSale",
      group: "averageSale",
    });
    expect(Object.keys(attributes.tags as object)).toEqual(["module", "audience"]);
    expect(attributes.doc).toMatch(/^Revenue per item sold, /);
    // The printed line is the example's as it is; the code version's digits change with any edit, so only its form is checked.
    expect(doc).toContain(`line: ${line},`);
    expect(attributes.codeVersion).toMatch(/^[0-9a-f]{32}$/);
    expect(attributes.codeVersion).toBe(dr.node("averageSale").version);
    expect(Object.fromEntries(await scannedCodeVersions(dr.listNodes().map(({ version: _, ...node }) => node)))).toMatchObject({ averageSale: attributes.codeVersion });
    expect(doc).toMatch(/codeVersion: "[0-9a-f]{8}…"/);
    expect(graph.getEdgeAttributes("totalRevenue", "averageSale.raw")).toEqual({ parameter: "totalRevenue", type: "number", optional: false });
    expect(doc).toContain('graph.getEdgeAttributes("totalRevenue", "averageSale.raw"); // { parameter: "totalRevenue", type: "number", optional: false }');
  });
});
