import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type NodeInfo } from "funcflow";
import {
  NODE_FAILED,
  criticalPath,
  formatTimingReport,
  gracefulErrors,
  progressBar,
  structuredLogging,
  timingReport,
  type StructuredLogger,
} from "funcflow/adapters";
import { caught } from "../support/caught.ts";

const diamond = new URL("../fixtures/engine/diamond.ts", import.meta.url);
const failing = new URL("../fixtures/engine/failing-branch.ts", import.meta.url);
const builder = (url: URL) => new Builder().withModules(url).withManifestCache(false);

describe("gracefulErrors", () => {
  it("driver.execute gives a failed node and its dependents the sentinel and finishes independent branches", async () => {
    const graceful = gracefulErrors();
    const dr = await builder(failing).withAdapters(graceful).build();
    const result = await dr.execute(["furtherDown", "alsoHealthy", "afterBroken"], { inputs: { seed: 1 } });
    expect(result).toEqual({ furtherDown: NODE_FAILED, alsoHealthy: 7, afterBroken: NODE_FAILED });
    const report = graceful.lastReport()!;
    expect(report.failed.map((failure) => failure.node)).toEqual(["broken"]);
    expect((report.failed[0]!.error as Error).message).toBe("cannot handle 2");
    expect(report.skipped).toEqual([
      { node: "afterBroken", because: "broken" },
      { node: "furtherDown", because: "broken" },
    ]);
  });

  it("driver.execute uses the given sentinel and still fails on errors the filter does not catch", async () => {
    const onlyTypeErrors = gracefulErrors({ sentinel: null, catches: (error) => error instanceof TypeError });
    const dr = await builder(failing).withAdapters(onlyTypeErrors).build();
    const error = await dr.execute(["afterBroken"], { inputs: { seed: 1 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ code: "node_failed", node: "broken" });
    const nullSentinel = await builder(failing).withAdapters(gracefulErrors({ sentinel: null })).build();
    expect(await nullSentinel.execute(["afterBroken"], { inputs: { seed: 1 } })).toEqual({ afterBroken: null });
  });

  it("driver.execute reports nothing when nothing fails", async () => {
    const graceful = gracefulErrors();
    const dr = await builder(failing).withAdapters(graceful).build();
    expect(await dr.execute(["broken"], { inputs: { seed: -5 } })).toEqual({ broken: -4 });
    expect(graceful.lastReport()).toMatchObject({ failed: [], skipped: [] });
  });
});

describe("timingReport", () => {
  it("driver.execute records every node's duration and status and the critical path through the run", async () => {
    const reports: unknown[] = [];
    const timing = timingReport({ onReport: (report) => reports.push(report) });
    const dr = await builder(diamond).withAdapters(timing).build();
    await dr.execute(["label"], { inputs: { seed: 1 } });
    const report = timing.lastReport()!;
    expect(reports).toEqual([report]);
    expect(report.success).toBe(true);
    expect(report.nodes.map((node) => [node.name, node.status])).toEqual([
      ["base", "ok"],
      ["left", "ok"],
      ["right", "ok"],
      ["total", "ok"],
      ["label", "ok"],
    ]);
    expect(report.nodes.every((node) => node.durationMs >= 0)).toBe(true);
    // Whatever the durations, the critical path is a dependency chain from base to label.
    expect(report.criticalPath.nodes[0]).toBe("base");
    expect(report.criticalPath.nodes.slice(1, 3)).toSatisfy((middle: string[]) => ["left", "right"].includes(middle[0]!) && middle[1] === "total");
    expect(report.criticalPath.nodes.at(-1)).toBe("label");
    expect(formatTimingReport(report)).toContain("Critical path");
  });

  it("formatTimingReport refuses a top that is not a whole number above 0, instead of listing some other count", () => {
    const report = { runId: "r", success: true, totalMs: 3, nodes: [{ name: "a", durationMs: 1, status: "ok" as const }, { name: "b", durationMs: 2, status: "ok" as const }], criticalPath: { nodes: ["b"], durationMs: 2 } };
    expect(formatTimingReport(report, { top: 1 }).split("\n")).toHaveLength(3);
    for (const top of ["1", -1, 0, 1.5, Number.NaN]) {
      expect(() => formatTimingReport(report, { top: top as number })).toThrow(/^formatTimingReport: options\.top must be a whole number of nodes above 0/);
    }
  });

  it("criticalPath follows the dependency chain with the largest total duration", () => {
    const node = (name: string, ...dependencies: string[]) =>
      ({ name, dependencies: dependencies.map((dep) => ({ name: dep, type: "number", optional: false })) }) as unknown as NodeInfo;
    const nodes = [node("a", "input"), node("b", "a"), node("c", "a"), node("d", "b", "c"), node("e", "input")];
    const durations = new Map([["a", 1], ["b", 2], ["c", 5], ["d", 1], ["e", 8.5]]);
    expect(criticalPath(nodes, durations)).toEqual({ nodes: ["e"], durationMs: 8.5 });
    durations.set("e", 1);
    expect(criticalPath(nodes, durations)).toEqual({ nodes: ["a", "c", "d"], durationMs: 7 });
  });
});

describe("progressBar", () => {
  const terminal = () => {
    const writes: string[] = [];
    return { writes, stream: { isTTY: true, columns: 100, write: (text: string) => writes.push(text) } };
  };

  it("driver.execute draws the bar on a TTY, ending at all nodes done", async () => {
    const { writes, stream } = terminal();
    const dr = await builder(diamond).withAdapters(progressBar({ stream, env: {}, label: "demo", intervalMs: 0 })).build();
    await dr.execute(["label"], { inputs: { seed: 1 } });
    expect(writes[0]).toContain("demo [");
    expect(writes[0]).toContain("0/5");
    expect(writes.some((text) => text.includes("3/5 right"))).toBe(true);
    expect(writes.at(-2)).toMatch(/5\/5 done in \d+ ms/);
    expect(writes.at(-1)).toBe("\n");
  });

  it("progressBar still draws on a terminal narrower than its label needs", async () => {
    const { writes, stream } = terminal();
    const narrow = { ...stream, columns: 20 };
    const dr = await builder(diamond).withAdapters(progressBar({ stream: narrow, env: {}, label: "a-rather-long-label", intervalMs: 0 })).build();
    await dr.execute(["label"], { inputs: { seed: 1 } });
    expect(writes.at(-2)).toMatch(/a-rather-long-label \[\] 5\/5 done/);
  });

  it("progressBar draws nothing off a TTY or when CI is set, and then has no hooks", async () => {
    const { writes, stream } = terminal();
    const offTty = progressBar({ stream: { ...stream, isTTY: false }, env: {} });
    const onCi = progressBar({ stream, env: { CI: "true" } });
    expect(Object.keys(offTty)).toEqual(["name"]);
    expect(Object.keys(onCi)).toEqual(["name"]);
    const dr = await builder(diamond).withAdapters(offTty, onCi).build();
    await dr.execute(["label"], { inputs: { seed: 1 } });
    expect(writes).toEqual([]);
  });
});

describe("structuredLogging", () => {
  const capture = () => {
    const entries: { level: string; fields: Record<string, unknown>; message: string | undefined }[] = [];
    const at = (level: string) => (fields: object, message?: string) => void entries.push({ level, fields: fields as Record<string, unknown>, message });
    const logger: StructuredLogger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
    return { entries, logger };
  };

  it("driver.execute logs run and node events with the run id and node name through the given logger", async () => {
    const { entries, logger } = capture();
    const dr = await builder(diamond).withAdapters(structuredLogging({ logger })).build();
    await dr.execute(["left"], { inputs: { seed: 1 } });
    expect(entries.map((entry) => `${entry.level} ${entry.message} ${entry.fields["node"] ?? ""}`.trim())).toEqual([
      "info run started",
      "debug node started base",
      "debug node finished base",
      "debug node started left",
      "debug node finished left",
      "info run finished",
    ]);
    const runId = entries[0]!.fields["runId"];
    expect(entries.every((entry) => entry.fields["runId"] === runId)).toBe(true);
    expect(entries[0]!.fields).toMatchObject({ outputs: ["left"], nodeCount: 2 });
    expect(entries[2]!.fields).toMatchObject({ status: "ok" });
  });

  it("driver.execute logs a failed node and a failed run as errors, and skipped nodes as warnings", async () => {
    const { entries, logger } = capture();
    const dr = await builder(failing).withAdapters(structuredLogging({ logger }), gracefulErrors()).build();
    await dr.execute(["afterBroken"], { inputs: { seed: 1 } });
    expect(entries.filter((entry) => entry.level === "error").map((entry) => entry.fields["node"])).toEqual(["broken"]);
    expect(entries.find((entry) => entry.level === "warn")!.fields).toMatchObject({ node: "afterBroken", because: "broken" });

    const strict = await builder(failing).withAdapters(structuredLogging({ logger })).build();
    entries.length = 0;
    await strict.execute(["afterBroken"], { inputs: { seed: 1 } }).catch(() => undefined);
    expect(entries.at(-1)).toMatchObject({ level: "error", message: "run failed", fields: { success: false, code: "node_failed" } });
  });

  it("structuredLogging is silent by default", async () => {
    const dr = await builder(diamond).withAdapters(structuredLogging()).build();
    expect(await dr.execute(["left"], { inputs: { seed: 1 } })).toEqual({ left: 3 });
  });
});

describe("adapter options checked when the adapter is made, not mid-run", () => {
  it("a logger, stream, onReport or catches of the wrong kind is invalid_argument naming it", () => {
    const refusals: [() => unknown, RegExp][] = [
      [() => structuredLogging({ logger: 5 as never }), /^structuredLogging: options\.logger must be a logger/],
      [() => structuredLogging({ logger: { info() {} } as never }), /^structuredLogging: options\.logger must be a logger/],
      [() => timingReport({ onReport: 5 as never }), /^timingReport: options\.onReport must be a function/],
      [() => gracefulErrors({ onReport: "x" as never }), /^gracefulErrors: options\.onReport must be a function/],
      [() => gracefulErrors({ catches: true as never }), /^gracefulErrors: options\.catches must be a function/],
      [() => progressBar({ stream: 5 as never }), /^progressBar: options\.stream must be a stream with write\(\)/],
    ];
    for (const [make, message] of refusals) {
      const error = caught(make);
      expect(error.code).toBe("invalid_argument");
      expect(error.message).toMatch(message);
    }
  });
});
