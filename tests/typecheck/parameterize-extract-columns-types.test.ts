/**
 * The static type check looks through `parameterizeExtractColumns` as the graph builds it: the
 * table nodes `<fn>__<i>` with their bindings applied (a bound value is checked), and the output
 * columns typed from the declared table, by position (renamed, the default) or by name.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEdgeTypes, type EdgeTypeReport } from "funcflow/scanner";

const path = fileURLToPath(new URL("../fixtures/typecheck/parameterize-extract-columns.ts", import.meta.url));
const typeOf = (report: EdgeTypeReport, name: string) => report.nodes.find((node) => node.name === name)?.producers.map((producer) => producer.typeText);

describe("checkEdgeTypes through parameterizeExtractColumns", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await checkEdgeTypes([path], { cacheDir: false });
  }, 60_000);

  it("types the table nodes and each output column by its position in the declared table", () => {
    expect(typeOf(report, "stats__1")).toEqual(["Awaited<ReturnType<typeof {M}.stats>>"]);
    expect(typeOf(report, "usPrice")).toEqual(['ColumnOf<Awaited<ReturnType<typeof {M}.stats>>, "price">']);
    expect(typeOf(report, "euLabel")).toEqual(['ColumnOf<Awaited<ReturnType<typeof {M}.stats>>, "label">']);
    expect(typeOf(report, "label")).toEqual(['ColumnOf<Awaited<ReturnType<typeof {M}.named>>, "label">']);
    expect(report.nodes.map((node) => node.name)).not.toContain("stats");
  });

  it("finds the bound value that does not fit and the columns read as the wrong type, and nothing else", () => {
    const found = report.mismatches.map((m) => `${m.kind}: ${m.producer.expression ?? m.producer.node} (${m.producer.type}) → ${m.consumer.node}(${m.consumer.param}: ${m.consumer.type})`);
    expect(found).toEqual([
      'binding: value("3") ("3") → stats__1(factor: number)',
      "edge: euLabel (Vector<Utf8>) → euLabelAsPrice(euLabel: Vector<Float64>)",
      "edge: label (Vector<Utf8>) → labelAsPrice(label: Vector<Float64>)",
    ]);
    expect(report.unchecked).toEqual([]);
  });
});
