/**
 * runRecorder on a real pipeline: complete records for successful and failed runs, cache
 * hits and misses with their reasons, concurrent runs in separate files, and the history reader.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { listRuns, readRun, readRunFile, runRecorder, type RunRecord } from "funcflow/explorer";
import { caught, rejection } from "../support/caught.ts";

const pipeline = new URL("./fixtures/flaky-pipeline.ts", import.meta.url);
let root: string;
let counter = 0;
const freshDir = () => join(root, `case-${counter++}`);

beforeAll(async () => {
  await mkdir(new URL("./tmp", import.meta.url), { recursive: true });
  root = await mkdtemp(join(new URL("./tmp", import.meta.url).pathname, "runs-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function recordsIn(dir: string): Promise<RunRecord[]> {
  const names = await readdir(dir);
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), "utf8")) as RunRecord));
}

describe("runRecorder", () => {
  it("runRecorder writes one complete record per run with per-node status, durations, critical path and output summaries", async () => {
    const dir = freshDir();
    const recorder = runRecorder({ dir });
    const dr = await new Builder().withModules(pipeline).withAdapters(recorder).build();
    await dr.execute(["passedCount", "total"], { inputs: { values: [1, 2, 3], limit: 4 } });
    const [record, ...others] = await recordsIn(dir);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ version: 1, status: "ok", outputs: ["passedCount", "total"], inputNames: ["values", "limit"] });
    expect(record!.nodes.map((node) => [node.name, node.status]).sort()).toEqual([["checked", "ok"], ["doubled", "ok"], ["passedCount", "ok"], ["total", "ok"]]);
    expect(record!.nodes.every((node) => node.durationMs >= 0 && node.endedAtMs >= node.durationMs - 1)).toBe(true);
    expect(record!.criticalPath.nodes[0]).toBe("doubled");
    expect(record!.outputSummaries).toEqual({ passedCount: { kind: "number", size: "", preview: "2" }, total: { kind: "number", size: "", preview: "12" } });
    expect(record!.modules).toEqual([expect.stringMatching(/flaky-pipeline\.ts$/)]);
    expect(Date.parse(record!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(record!.startedAt));
    expect(recorder.lastRecord()?.record).toEqual(record);
  });

  it("runRecorder leaves a complete record naming the failed node after a failed run", async () => {
    const dir = freshDir();
    const dr = await new Builder().withModules(pipeline).withAdapters(runRecorder({ dir })).build();
    const error = await rejection(dr.execute(["passedCount"], { inputs: { values: [1], limit: -1 } }));
    expect(error.code).toBe("node_failed");
    const names = await readdir(dir);
    expect(names.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    const [record] = await recordsIn(dir);
    expect(record).toMatchObject({ status: "failed", error: { code: "node_failed", node: "checked" } });
    expect(record!.nodes.find((node) => node.name === "checked")).toMatchObject({ status: "failed", error: "limit must not be negative, got -1" });
    expect(record!.nodes.some((node) => node.name === "passedCount")).toBe(false);
    expect(typeof record!.durationMs).toBe("number");
  });

  it("runRecorder keeps concurrent runs of one Driver in separate, complete files", async () => {
    const dir = freshDir();
    const dr = await new Builder().withModules(pipeline).withAdapters(runRecorder({ dir })).build();
    const limits = [0, 2, 4, 6, 8, 10, 12, 14];
    await Promise.all(limits.map((limit) => dr.execute(["passedCount"], { inputs: { values: [1, 2, 3, 4, 5, 6], limit } })));
    const records = await recordsIn(dir);
    expect(records).toHaveLength(limits.length);
    expect(new Set(records.map((record) => record.runId)).size).toBe(limits.length);
    expect(records.map((record) => Number(record.outputSummaries.passedCount!.preview)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 6]);
    for (const record of records) expect(record.nodes.map((node) => node.name)).toEqual(["doubled", "checked", "passedCount"]);
  });

  it("runRecorder records cache misses with their reason, then hits, through its cache logger", async () => {
    const dir = freshDir();
    const recorder = runRecorder({ dir });
    const dr = await new Builder().withModules(pipeline).withAdapters(recorder).withCache({ dir: join(dir, "..", `cache-${counter}`), logger: recorder.cacheLogger }).build();
    const inputs = { values: [1, 2, 3], limit: 4 };
    await dr.execute(["total"], { inputs });
    const first = recorder.lastRecord()!.record;
    await dr.execute(["total"], { inputs });
    const second = recorder.lastRecord()!.record;
    expect(first.nodes.find((node) => node.name === "total")).toMatchObject({ status: "ok", cache: { kind: "miss", reason: "no_entry" } });
    expect(second.nodes.find((node) => node.name === "total")).toMatchObject({ status: "cached", cache: { kind: "hit" } });
    expect(second.cacheEvents.every((event) => event.runId === second.runId)).toBe(true);
    await dr.execute(["total"], { inputs: { ...inputs, values: [5] } });
    expect(recorder.lastRecord()!.record.nodes.find((node) => node.name === "doubled")?.cache).toMatchObject({ kind: "miss", reason: "input_changed", changed: ["values"] });
  });

  it("runRecorder fails the run with io_failed naming an unwritable folder", async () => {
    const blocker = join(root, `file-${counter++}`);
    await mkdir(root, { recursive: true });
    await import("node:fs/promises").then((fs) => fs.writeFile(blocker, "not a folder"));
    const dr = await new Builder().withModules(pipeline).withAdapters(runRecorder({ dir: join(blocker, "runs") })).build();
    const error = await rejection(dr.execute(["total"], { inputs: { values: [1], limit: 1 } }));
    expect(error.code).toBe("io_failed");
    expect(error.message).toContain(join(blocker, "runs"));
    expect(await readdir(root)).not.toContain(expect.stringMatching(/\.tmp$/));
  });
});

describe("run history", () => {
  it("listRuns lists records newest first and readRun / readRunFile read one back", async () => {
    const dir = freshDir();
    const dr = await new Builder().withModules(pipeline).withAdapters(runRecorder({ dir })).build();
    await dr.execute(["total"], { inputs: { values: [1], limit: 1 } });
    await dr.execute(["passedCount"], { inputs: { values: [1], limit: -1 } }).catch(() => undefined);
    const runs = await listRuns(dir);
    expect(runs.map((run) => [run.status, run.outputs])).toEqual([["failed", ["passedCount"]], ["ok", ["total"]]]);
    expect((await readRun(dir, runs[1]!.runId)).outputs).toEqual(["total"]);
    expect((await readRunFile(join(dir, runs[0]!.file))).status).toBe("failed");
    expect((await rejection(readRun(dir, "no-such-run"))).code).toBe("invalid_argument");
    expect((await rejection(readRunFile(join(dir, "..")))).code).toBe("io_failed");
    expect(await listRuns(join(dir, "missing"))).toEqual([]);
  });
});

describe("runRecorder options", () => {
  it("runRecorder refuses options of the wrong shape when made, naming the option", () => {
    expect(caught(() => runRecorder(5 as never)).message).toMatch(/runRecorder: options must be a plain object/);
    expect(caught(() => runRecorder({ dir: 5 } as never)).message).toMatch(/options\.dir must be a folder path/);
    expect(caught(() => runRecorder({ onRecord: "log" } as never)).message).toMatch(/options\.onRecord must be a function/);
    const unknown = caught(() => runRecorder({ directory: "runs" } as never));
    expect(unknown.code).toBe("invalid_argument");
    expect(unknown.message).toMatch(/no option "directory" \(did you mean "dir"\?\)/);
  });
});
