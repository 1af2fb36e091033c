import { afterAll, describe, expect, it } from "vitest";
import { isArrowTableLike } from "../support/is-arrow-table-like.ts";
import { Builder } from "funcflow";
import { workerExecutor } from "funcflow/workers";
import { syntheticModule } from "../support/synthetic-module.ts";
import { rejection } from "../support/caught.ts";

const cpuHeavy = new URL("../fixtures/engine/cpu-heavy.ts", import.meta.url);
const unloadable = new URL("../fixtures/engine/unloadable-in-worker.ts", import.meta.url);
const workers = workerExecutor({ threads: 2 });
const build = (url: URL = cpuHeavy) => new Builder().withModules(url).withManifestCache(false).withExecutor(workers).build();

afterAll(() => workers.close());


describe("workerExecutor", () => {
  it("driver.execute runs tagged nodes on worker threads and the rest in the main thread, with the same results", async () => {
    const outputs = ["combined", "asyncOnWorker"] as const;
    const inputs = { seed: 3, rounds: 10_000 };
    const sequential = await new Builder().withModules(cpuHeavy).withManifestCache(false).build();
    const before = workers.stats();
    const dr = await build();
    expect(await dr.execute(outputs, { inputs })).toEqual(await sequential.execute(outputs, { inputs }));
    expect(await dr.execute(["ranOnWorker", "ranInMain"], { inputs })).toEqual({ ranOnWorker: true, ranInMain: true });
    expect(await sequential.execute(["ranOnWorker"], { inputs })).toEqual({ ranOnWorker: false });
    const after = workers.stats();
    expect(after.onWorkers - before.onWorkers).toBe(5 + 1);
    expect(after.inMainThread - before.inMainThread).toBe(1 + 1);
  });

  it("driver.execute moves typed arrays and Arrow tables between threads and rebuilds them", async () => {
    const dr = await build();
    const { column, frame, frameTotal, evenCount } = await dr.execute(["column", "frame", "frameTotal", "evenCount"], { inputs: { seed: 2 } });
    expect(column).toBeInstanceOf(Float64Array);
    expect((column as Float64Array)[999]).toBe(1998);
    expect(isArrowTableLike(frame)).toBe(true);
    expect((frame as { numRows: number }).numRows).toBe(1000);
    expect(frameTotal).toBe(999_000);
    expect(evenCount).toBe(1000);
  });

  it("driver.execute reports a node that throws on a worker as node_failed, keeping the error", async () => {
    const dr = await build();
    const error = await rejection(dr.execute(["failsOnWorker"], { inputs: { seed: 7 } }));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("failsOnWorker");
    expect((error.cause as Error).message).toBe("seed 7 is out of range");
    expect(error.message).toContain("seed 7 is out of range");
  });

  it("driver.execute reports a module a worker cannot import as worker_failed, not as the node's failure", async () => {
    const dr = await build(unloadable);
    const error = await rejection(dr.execute(["doubled"], { inputs: { seed: 1 } }));
    expect(error.code).toBe("worker_failed");
    expect(error.node).toBe("doubled");
    expect((error.cause as Error).message).toContain("needs the main thread");
  });

  it("driver.execute runs nodes of a prebuilt module without a file in the main thread", async () => {
    const module = syntheticModule([{ name: "twice", params: [{ name: "seed" }], fn: ((seed: number) => seed * 2) as never }]);
    const all = workerExecutor({ threads: 1, select: "all" });
    try {
      const dr = await new Builder().withModules(module).withExecutor(all).build();
      expect(await dr.execute(["twice"], { inputs: { seed: 4 } })).toEqual({ twice: 8 });
      expect(all.stats()).toEqual({ onWorkers: 0, inMainThread: 1, blockItemsOnWorkers: 0 });
    } finally {
      await all.close();
    }
  });

  it("workerExecutor selects nodes by tags, by a policy function, or all of them", async () => {
    const policy = workerExecutor({ threads: 1, select: (node) => node.name === "heavyA" });
    try {
      const dr = await new Builder().withModules(cpuHeavy).withManifestCache(false).withExecutor(policy).build();
      await dr.execute(["heavyA", "heavyB"], { inputs: { seed: 1, rounds: 10 } });
      expect(policy.stats()).toEqual({ onWorkers: 1, inMainThread: 1, blockItemsOnWorkers: 0 });
    } finally {
      await policy.close();
    }
    expect(() => workerExecutor({ threads: 0 })).toThrow(/whole number of at least 1/);
    expect(() => workerExecutor({ resourceLimits: { maxOldGenerationSizeMB: 64 } as never })).toThrow(`has no setting "maxOldGenerationSizeMB" (did you mean "maxOldGenerationSizeMb"`);
    expect(() => workerExecutor({ resourceLimits: { stackSizeMb: -1 } })).toThrow("resourceLimits.stackSizeMb must be a positive number of megabytes, got -1");
    expect(() => workerExecutor(null as never)).toThrow(expect.objectContaining({ code: "invalid_argument", details: expect.objectContaining({ argument: "options" }) }));
    expect(() => workerExecutor({ execArgv: "--import tsx" as never })).toThrow(expect.objectContaining({ code: "invalid_argument", details: expect.objectContaining({ argument: "execArgv" }) }));
    expect(() => workerExecutor({ resultBuffers: "copy" as never })).toThrow(expect.objectContaining({ code: "invalid_argument", details: expect.objectContaining({ argument: "resultBuffers" }) }));
  });
});
