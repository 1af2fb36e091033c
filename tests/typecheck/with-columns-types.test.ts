/**
 * The static type check expands `withColumns` into the nodes the graph builds, with the same
 * names: passed columns typed from the declared table, the column functions (their edges
 * checked), `<ns>._append` and the decorated function reading it.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { checkEdgeTypes, type EdgeTypeReport } from "funcflow/scanner";

const path = fileURLToPath(new URL("../fixtures/typecheck/with-columns.ts", import.meta.url));
const typeOf = (report: EdgeTypeReport, name: string) => report.nodes.find((node) => node.name === name)?.producers.map((producer) => producer.typeText);

describe("checkEdgeTypes through withColumns", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await checkEdgeTypes([path], { cacheDir: false });
  }, 60_000);

  it("makes the nodes the built graph has", async () => {
    const dr = await new Builder().withModules(path).withManifestCache(false).build();
    const graph = dr.listNodes().filter((node) => node.kind === "function").map((node) => node.name).sort();
    const checked = report.nodes.filter((node) => node.producers.length > 0).map((node) => node.name).sort();
    expect(checked).toEqual(graph);
    expect(graph).toEqual(expect.arrayContaining(["enriched.price", "enriched.revenue", "enriched._append", "p.df", "p.width", "p._append"]));
  });

  it("reads what the built graph's nodes read: <ns>._append takes a column selected twice once", async () => {
    const dr = await new Builder().withModules(path).withManifestCache(false).build();
    const reads = report.nodes.find((node) => node.name === "t._append")?.producers[0]?.reads;
    expect(reads).toEqual(dr.node("t._append").dependencies.map((d) => d.name));
    expect(reads).toEqual(["sales", "t.revenue"]);
  });

  it("types passed columns from the declared table and finds the column read as the wrong type", () => {
    expect(typeOf(report, "enriched.label")).toEqual(['ColumnOf<Parameters<typeof {M}.enriched>[0], "label">']);
    expect(typeOf(report, "p.df")).toEqual(["Parameters<typeof {M}.picked>[0]"]);
    const found = report.mismatches.map((m) => `${m.producer.node} (${m.producer.type}) → ${m.consumer.node}(${m.consumer.param}: ${m.consumer.type})`);
    expect(found).toEqual(["enriched.label (Vector<Utf8>) → enriched.labelTwice(label: Vector<Float64>)", "enriched (number) → revenueText(enriched: string)"]);
    expect(report.unchecked).toEqual([]);
  });
});
