/**
 * checkEdgeTypes looks through modifiers: every node a modifier makes gets the type its code
 * implies, every edge with typed ends is decided, and values bound by modifiers are checked
 * against the parameters they bind.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { cachedManifest, checkEdgeTypes, edgeTypeError, resolvedNodesOf, type EdgeTypeReport } from "funcflow/scanner";

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
    // A subdag input holds what the reused module's parameter of that name takes.
    expect(typeOf(report, "usForecast.history")).toEqual([`Parameters<typeof {F:${forecast}}.trend>[0]`]);
    expect(typeOf(report, "euForecast.horizon")).toEqual([`Parameters<typeof {F:${forecast}}.forecast>[1]`]);
    expect(untypedNodes(report)).toEqual(["grownRevenue"]);
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

describe("checkEdgeTypes on resolve's nodes, given the graph built under a config", () => {
  const resolvedFor = async (path: string, config: Record<string, unknown>) => {
    const dr = await new Builder().withModules(path).withConfig(config).withManifestCache(false).build();
    return resolvedNodesOf(dr.listNodes(), [{ path, manifest: await cachedManifest(path, false) }]);
  };

  it("checkEdgeTypes types the nodes resolve chose on modifiers-tour and leaves no edge unchecked", async () => {
    const resolved = await resolvedFor(tour, { horizons: [1, 6, 24] });
    const report = await checkEdgeTypes([tour], { cacheDir: false, resolved });
    expect(report.unchecked).toEqual([]);
    expect(report.mismatches).toEqual([]);
    // 35 as without config, plus totalRevenue into each of the three resolved nodes.
    expect(report.checkedEdges).toBe(38);
    expect(typeOf(report, "revenueIn24Months")).toEqual(["Awaited<ReturnType<typeof {M}.grownRevenue>>"]);
    expect(report.nodes.find((node) => node.name === "revenueIn6Months")?.producers[0]?.doc).toBe("Revenue after 6 months of growth; the horizons come from config (resolve + parameterizeValues).");
    expect(report.inputs.map((input) => input.name)).toContain("growth");
  }, 60_000);

  it("checkEdgeTypes finds a misfit on an edge into and out of a resolved node, and leaves a resolved pipe's steps to the graph", async () => {
    const path = fixture("resolved.ts");
    const resolved = await resolvedFor(path, { outputs: { scaledCount: "count", scaledLabel: "label" } });
    const report = await checkEdgeTypes([path], { cacheDir: false, resolved });
    expect(report.mismatches.map((m) => `${m.producer.node} (${m.producer.type}) → ${m.consumer.node}(${m.consumer.param}: ${m.consumer.type})`)).toEqual([
      "label (string) → scaledLabel(base: number)",
      "scaledCount (number) → shouted(scaledCount: string)",
    ]);
    expect(report.unchecked.map((edge) => `${edge.name} → ${edge.consumer.node}: ${edge.reason}`)).toEqual([
      "piped.raw → piped.with_double: config-resolved",
      "piped.with_double → piped: config-resolved",
      "piped → pipedTwice: config-resolved",
    ]);
    // Builder.withTypeCheck() passes the graph it built: the misfit fails build().
    const building = new Builder().withModules(path).withConfig({ outputs: { scaledCount: "count" } }).withManifestCache(false).withTypeCheck({ cacheDir: false }).build();
    const error = await building.then(() => undefined, (caught: unknown) => caught as Error & { code: string });
    expect(error?.code).toBe("edge_type_mismatch");
    expect(error?.message).toContain("scaledCount (scaled) → shouted(scaledCount)");
    // Without the graph, resolve's function stays opaque.
    const alone = await checkEdgeTypes([path], { cacheDir: false });
    expect(new Set(alone.unchecked.map((edge) => edge.reason))).toEqual(new Set(["config-resolved"]));
  }, 60_000);
});

describe("checkEdgeTypes on pipeInput", () => {
  const path = fixture("pipes.ts");
  let report: EdgeTypeReport;
  beforeAll(async () => {
    report = await check(path);
  }, 60_000);

  it("checkEdgeTypes types each step by its function's return type and checks every edge and step argument", () => {
    expect(report.mismatches.map((m) => `${m.producer.node} (${m.producer.type}) → ${m.consumer.node}(${m.consumer.param}: ${m.consumer.type})`)).toEqual([
      "shouted.with_parse (number) → shouted(rawText: string)",
    ]);
    expect(report.unchecked).toEqual([]);
    // rawText → with_parse, with_parse → with_scale, factor → with_scale, with_scale → with_scale_1, with_scale_1 → parsed,
    // prep.with_scale → prep.text, prep.text → labelled, rawText → shouted.with_parse, shouted.with_parse → shouted.
    expect(report.checkedEdges).toBe(9);
    // 3 and 10 into scale's factor, "EUR" into label's unit.
    expect(report.checkedBindings).toBe(3);
    expect(typeOf(report, "parsed.with_parse")).toEqual(["number"]);
    expect(typeOf(report, "prep.text")).toEqual(["string"]);
  });

  it("checkEdgeTypes names step nodes as the built graph does: repeats _1, the namespace option, .named", async () => {
    const dr = await new Builder().withModules(path).withManifestCache(false).build();
    const built = dr.listNodes().filter((node) => node.kind === "function").map((node) => node.name);
    expect(report.nodes.map((node) => node.name).sort()).toEqual([...built].sort());
    expect(built).toEqual(expect.arrayContaining(["parsed.with_scale", "parsed.with_scale_1", "prep.with_scale", "prep.text"]));
  });
});
