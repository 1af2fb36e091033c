/**
 * Long work and faults: a node that never settles fails the run with a `timeout` error naming
 * the node and its limit (from withTimeout or the funcflow.timeoutMs tag), a run past its limit
 * fails naming what still runs, and when a run fails the AbortSignal reaches the nodes that
 * declare `signal?: AbortSignal`. Every case runs on the lean-loop configuration (no other
 * engine option) and with adapters, the cache and a concurrency limit.
 */
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Builder, type FuncflowError } from "funcflow";

const module = new URL("../fixtures/faults/long-work.ts", import.meta.url);
const log = () => ((globalThis as { __faultLog?: string[] }).__faultLog ??= []);
const cacheDir = mkdtempSync(join(tmpdir(), "funcflow-timeouts-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
beforeEach(() => void log().splice(0));

type Setup = (builder: Builder) => Builder;
const SETUPS: [string, Setup][] = [
  ["no other option", (builder) => builder],
  ["adapters", (builder) => builder.withAdapters({ name: "watch", afterNode: () => {} })],
  ["cache", (builder) => builder.withCache({ dir: cacheDir, behaviors: { hangs: "disable", taggedHang: "disable", listens: "disable", late: "recompute", failsSoon: "disable" }, onWarning: () => {} })],
  ["concurrency 2", (builder) => builder.withConcurrency(2)],
];

async function rejection(promise: Promise<unknown>): Promise<FuncflowError> {
  return promise.then(
    () => expect.fail("the run should fail"),
    (error: FuncflowError) => error,
  );
}

/** The dynamic fixture's outputs are untyped here. */
const build = (setup: Setup, builder = new Builder()) =>
  setup(builder.withModules(module).withManifestCache(false) as unknown as Builder).build() as Promise<{ execute(outputs: string[], options?: object): Promise<Record<string, unknown>> }>;

describe.each(SETUPS)("timeouts and cancellation (%s)", (_, setup) => {
  it("withTimeout({ node }): a node that never settles fails the run with timeout naming it and the limit", async () => {
    const dr = await build(setup, new Builder().withTimeout({ node: 50 }));
    const began = performance.now();
    const error = await rejection(dr.execute(["hangs"], { inputs: { seed: 1 } }));
    expect(error).toMatchObject({ code: "timeout", node: "hangs", details: { limitMs: 50, scope: "node" } });
    expect(error.message).toContain('Node "hangs" did not finish within 50 ms');
    expect(performance.now() - began).toBeLessThan(5_000);
  });

  it('tag({ "funcflow.timeoutMs": "40" }) limits that node alone', async () => {
    const dr = await build(setup);
    expect(await rejection(dr.execute(["taggedHang"], { inputs: { seed: 1 } }))).toMatchObject({ code: "timeout", node: "taggedHang", details: { limitMs: 40 } });
    expect(await dr.execute(["late"], { inputs: { seed: 1, delayMs: 60 } })).toEqual({ late: 2 }); // others have no limit
  });

  it("a node faster than its limit is unaffected", async () => {
    const dr = await build(setup, new Builder().withTimeout({ node: 2_000, run: 5_000 }));
    expect(await dr.execute(["late"], { inputs: { seed: 1, delayMs: 5 } })).toEqual({ late: 2 });
  });

  it("withTimeout({ run }): a run past its limit fails with timeout naming the nodes still running, and aborts them", async () => {
    const dr = await build(setup, new Builder().withTimeout({ run: 60 }));
    const error = await rejection(dr.execute(["timedTogether"], { inputs: { seed: 1 } }));
    expect(error).toMatchObject({ code: "timeout", details: { limitMs: 60, scope: "run" } });
    expect([...(error.details!["running"] as string[])].sort()).toEqual(["hangs", "listens"]);
    expect(log()).toEqual(["listens aborted: timeout"]);
  });

  it("when a node fails, the AbortSignal reaches a running node that declares signal?: AbortSignal", async () => {
    const dr = await build(setup);
    const error = await rejection(dr.execute(["together"], { inputs: { seed: 7 } }));
    expect(error).toMatchObject({ code: "node_failed", node: "failsSoon" });
    expect(log()).toEqual(["listens aborted: node_failed"]);
  });

  it("a node's own timeout aborts the signal of the others", async () => {
    const dr = await build(setup, new Builder().withTimeout({ node: 50 }));
    await rejection(dr.execute(["timedTogether"], { inputs: { seed: 1 } }));
    expect(log()).toEqual(["listens aborted: timeout"]);
  });
});

describe("withTimeout and the tag: bad values", () => {
  it.each([
    [{ node: 0 }],
    [{ node: -5 }],
    [{ run: Number.NaN }],
    [{ run: Infinity }],
    [{ node: "100" }],
    [{ nodes: 100 }],
    [null],
    [42],
  ])("withTimeout(%j) is invalid_argument", (options) => {
    expect(() => new Builder().withTimeout(options as never)).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("the funcflow.timeoutMs tag: bad values", () => {
  it.each(['"0"', '"soon"', '"-1"', '["100"]'])("tag({ \"funcflow.timeoutMs\": %s }) is invalid_modifier at build", async (value) => {
    const { mkdtempSync: temp, writeFileSync } = await import("node:fs");
    const folder = temp(join(tmpdir(), "funcflow-tag-"));
    const file = join(folder, "m.ts");
    writeFileSync(file, `import { tag } from "funcflow";\nexport const slow = tag({ "funcflow.timeoutMs": ${value} }, async (x: number): Promise<number> => x);\n`);
    await expect(new Builder().withModules(file).withManifestCache(false).build()).rejects.toMatchObject({ code: "invalid_modifier", message: expect.stringContaining("funcflow.timeoutMs") });
    rmSync(folder, { recursive: true, force: true });
  });
});
