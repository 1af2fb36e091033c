/**
 * Port of Hamilton's examples/parallelism/lazy_threadpool_execution
 * (tests/fixtures/ports/lazy-threadpool): nine blocking functions, five of them independent,
 * run on a pool of worker threads (Hamilton's FutureAdapter), then cached (a warm run computes
 * nothing), and the async variant on the default executor. How long the runs take is the
 * benchmarks' business (bench/engine.ts); here the overlap is observed, not timed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { workerExecutor } from "funcflow/workers";
import { rejection } from "../support/caught.ts";
import { inFlight } from "../fixtures/ports/lazy-threadpool/my_functions_async.ts";

const fixture = (name: string) => new URL(`../fixtures/ports/lazy-threadpool/${name}.ts`, import.meta.url);
const cacheDir = mkdtempSync(join(tmpdir(), "funcflow-lazy-threadpool-"));
const executor = workerExecutor({ select: "all", threads: 3 });
afterAll(async () => {
  await executor.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** run.py's print(r): s joins x and e, x joins z and y. */
const EXPECTED = { s: "z y a b d", x: "z y", a: "a" };

describe("ports/lazy_threadpool_execution", () => {
  it("has the example's DAG: five sources, c/e/x/s joining them", async () => {
    const dr = await new Builder().withModules(fixture("my_functions")).build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring).toEqual({ a: [], b: [], c: ["a", "b"], d: [], e: ["c", "d"], z: [], y: [], x: ["z", "y"], s: ["x", "e"] });
  });

  it("on worker threads: the same results, every node of both runs on a worker", async () => {
    const dr = await new Builder().withModules(fixture("my_functions")).withExecutor(executor).build();
    expect(await dr.execute(["s", "x", "a"])).toEqual(EXPECTED);
    expect(await dr.execute(["s", "x", "a"])).toEqual(EXPECTED);
    expect(executor.stats().onWorkers).toBe(18);
    expect(executor.stats().inMainThread).toBe(0);
  });

  it("with_cache(): the cold run computes every node and stores it; the warm run hits all nine and computes nothing", async () => {
    const build = () => new Builder().withModules(fixture("my_functions")).withExecutor(executor).withCache({ dir: cacheDir }).build();
    const cold = await build();
    expect(await cold.execute(["s", "x", "a"])).toEqual(EXPECTED);
    expect(cold.lastCacheRun()!.events.filter((event) => event.kind === "stored").map((event) => event.node).sort()).toEqual(["a", "b", "c", "d", "e", "s", "x", "y", "z"]);
    const warm = await build();
    expect(await warm.execute(["s", "x", "a"])).toEqual(EXPECTED);
    expect(warm.lastCacheRun()!.events.filter((event) => event.kind === "hit").map((event) => event.node).sort()).toEqual(["a", "b", "c", "d", "e", "s", "x", "y", "z"]);
  });

  it("async driver: coroutines run concurrently on the default executor", async () => {
    const dr = await new Builder().withModules(fixture("my_functions_async")).build();
    expect(dr.node("s").isAsync).toBe(true);
    inFlight.most = 0;
    expect(await dr.execute(["s", "x", "a"])).toEqual(EXPECTED);
    // a, b, d, z and y have no inputs: all five await their timers together.
    expect(inFlight.most).toBe(5);
  });

  it("asking for a node that is not there names it, with a did-you-mean", async () => {
    const dr = await new Builder().withModules(fixture("my_functions_async")).build();
    const error = await rejection(dr.execute(["s", "xx"]));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("unknown_output");
    expect(error.message).toContain(`"xx"`);
  });
});
