/**
 * checkEdgeTypes looks through modifiers: every node a modifier makes gets the type its code
 * implies, every edge with typed ends is decided, and values bound by modifiers are checked
 * against the parameters they bind.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEdgeTypes, edgeTypeError, type EdgeTypeReport } from "funcflow/scanner";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/typecheck/${name}`, import.meta.url));
const tour = fileURLToPath(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url));
const check = (...paths: string[]) => checkEdgeTypes(paths, { cacheDir: false });

/** Reasons that mean the checker could not read something, as opposed to the code saying nothing. */
const LACK_OF_READING = new Set(["opaque-producer", "opaque-consumer", "unknown-modifier", "unreadable-modifier", "untyped"]);
const untypedNodes = (report: EdgeTypeReport) => report.nodes.filter((node) => node.producers.some((producer) => !producer.typed)).map((node) => node.name);
const typeOf = (report: EdgeTypeReport, name: string) => report.nodes.find((node) => node.name === name)?.producers.map((producer) => producer.typeText);

describe("checkEdgeTypes on a data-quality pipeline with checkOutput on most nodes", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await check(fixture("data-quality.ts"));
  }, 60_000);

  it("checkEdgeTypes decides every edge and every bound value, and finds none that does not fit", () => {
    expect(report.unchecked).toEqual([]);
    expect(report.mismatches).toEqual([]);
    expect(report.checkedEdges).toBe(26);
    expect(report.checkedBindings).toBe(3);
  });

  it("checkEdgeTypes types every node, including the ones checkOutput, extractColumns, extractFields, parameterize and pipeOutput make", () => {
    expect(untypedNodes(report)).toEqual([]);
    expect(typeOf(report, "age")).toEqual(['ColumnOf<Awaited<ReturnType<typeof {M}.peopleColumns>>, "age">']);
    expect(typeOf(report, "ageMean_raw")).toEqual(["Awaited<ReturnType<typeof {M}.ageMean>>"]);
    expect(typeOf(report, "ageMean_range_validator")).toEqual(['import("funcflow").DataValidationResult']);
    expect(typeOf(report, "ageMin")).toEqual(['Awaited<ReturnType<typeof {M}.ageSpread>>["ageMin"]']);
    expect(typeOf(report, "highVisits")).toEqual(["Awaited<ReturnType<typeof {M}.visitShare>>"]);
    expect(typeOf(report, "headline.with_round")).toEqual(["number"]);
    expect(typeOf(report, "ageScale")).toEqual(["Awaited<ReturnType<typeof {M}.ageScale__mean>>", "Awaited<ReturnType<typeof {M}.ageScale__none>>"]);
    expect(report.inputs.map((input) => input.name)).toEqual(["peopleTable"]);
  });
});

describe("checkEdgeTypes on examples/modifiers-tour", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await check(tour);
  }, 60_000);

  it("checkEdgeTypes leaves no edge unchecked for a lack of reading, and finds no misfit", () => {
    expect(report.mismatches).toEqual([]);
    expect(report.unchecked.filter((edge) => LACK_OF_READING.has(edge.reason))).toEqual([]);
    // resolve's modifier is chosen by config: only the built graph knows its nodes.
    expect(report.unchecked.map((edge) => `${edge.name} → ${edge.consumer.node}: ${edge.reason}`)).toEqual(["totalRevenue → grownRevenue: config-resolved"]);
    expect(report.checkedEdges).toBe(35);
    expect(report.checkedBindings).toBe(5);
  });

  it("checkEdgeTypes follows mutate, pipeOutput and parameterize to the step nodes they make", () => {
    expect(typeOf(report, "usRevenue.raw")).toEqual(["Awaited<ReturnType<typeof {M}.regionRevenue>>"]);
    expect(typeOf(report, "usRevenue.with_toCents")).toEqual(["Awaited<ReturnType<typeof {M}.toCents>>"]);
    expect(typeOf(report, "averageSale")).toEqual(["number"]);
    expect(typeOf(report, "meanAmount")).toEqual(['Awaited<ReturnType<typeof {M}.amountStats>>["meanAmount"]']);
    expect(typeOf(report, "save.report")).toEqual(['import("funcflow").SaveMetadata']);
  });

  it("checkEdgeTypes reads the modules a subdag reuses, with their nodes under each namespace", () => {
    const forecast = fileURLToPath(new URL("../../examples/modifiers-tour/forecast.ts", import.meta.url));
    expect(typeOf(report, "usForecast.trend")).toEqual([`Awaited<ReturnType<typeof {F:${forecast}}.trend>>`]);
    expect(typeOf(report, "euForecast")).toEqual(["Awaited<ReturnType<typeof {M}.regionForecast>>"]);
    // usRevenue feeds trend's history parameter in the us namespace: an edge the checker decided.
    expect(report.inputs.map((input) => input.name)).not.toContain("history");
  });
});

describe("checkEdgeTypes on misfits behind modifiers", () => {
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await check(fixture("modifier-mismatches.ts"));
  }, 60_000);

  it("checkEdgeTypes reports each misfit with both ends and their types", () => {
    const found = report.mismatches.map((m) => `${m.kind}: ${m.producer.expression ?? m.producer.node} (${m.producer.type}) → ${m.consumer.node}(${m.consumer.param}: ${m.consumer.type})`);
    expect(found).toEqual([
      'binding: value("3") ("3") → scaledTwice(factor: number)',
      'binding: value("2") ("2") → rounded.with_round(argument 1: number)',
      "edge: base (number) → labels.raw(parts: string)",
      "edge: scaledTwice (number) → labels.raw(parts: string)",
      "edge: labels.raw (string) → labels.with_shout(labels: number)",
      "edge: label (Vector<Utf8>) → priceOfLabel(label: Vector<Float64>)",
    ]);
    expect(report.unchecked).toEqual([]);
  });

  it("edgeTypeError names the binding and both places", () => {
    const error = edgeTypeError(report, { cwd: fileURLToPath(new URL("../fixtures/typecheck/", import.meta.url)) });
    expect(error?.code).toBe("edge_type_mismatch");
    expect(error?.message.split("\n").slice(0, 4)).toEqual([
      "6 type mismatches between nodes:",
      '  value("3") → scaledTwice (scaled)(factor): the value does not fit the parameter',
      '    modifier-mismatches.ts:14:61 value("3") is "3"',
      "    modifier-mismatches.ts:14:92 scaledTwice (scaled)(factor) takes number",
    ]);
  });
});
