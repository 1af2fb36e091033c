import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Builder, type Driver, type FuncflowError } from "funcflow";
import { gracefulErrors, NODE_FAILED, type LifecycleAdapter } from "funcflow/adapters";
import { workerExecutor, type WorkerExecutorOptions } from "funcflow/workers";
import { rejection } from "../support/caught.ts";

const crashes = new URL("../fixtures/engine/crashes-worker.ts", import.meta.url);
const inputs = { seed: 1 };
// A crash must end the run, never hang it: each test is bounded well below vitest's 30 s.
const bounded = { timeout: 15_000 };

/** Runs `body` with a fresh driver on its own worker pool, closed afterwards whatever happens. */
async function withWorkers<T>(options: WorkerExecutorOptions, body: (dr: Driver) => Promise<T>, adapters: LifecycleAdapter[] = []): Promise<T> {
  const workers = workerExecutor({ threads: 2, ...options });
  try {
    const dr = await new Builder().withModules(crashes).withManifestCache(false).withExecutor(workers).withAdapters(...adapters).build();
    return await body(dr);
  } finally {
    await workers.close();
  }
}

/** This process's OS threads; each worker thread is one of them (Linux only). */
const threadCount = () => readdirSync("/proc/self/task").length;

describe("workerExecutor when a worker dies mid-task", () => {
  it("driver.execute reports a node that calls process.exit() on a worker as worker_failed, naming the node and the exit code", bounded, async () => {
    const error = await withWorkers({}, (dr) => rejection(dr.execute(["exits"], { inputs })));
    expect(error).toMatchObject({ code: "worker_failed", node: "exits", details: { sentWith: [] } });
    expect((error.cause as Error).message).toBe("worker exited with code: 3");
    expect(error.message).toMatchInlineSnapshot(`"Node "exits": its worker thread died before the node finished: worker exited with code: 3. Code on that thread ended it: process.exit(), an error thrown outside the node's promise (in a timer or event callback, perhaps one left by a node that ran there earlier), or going past the executor's resourceLimits; look for these in the node's code."`);
  });

  it("driver.execute reports an error thrown in a callback outside the node's promise as worker_failed with that error", bounded, async () => {
    const error = await withWorkers({}, (dr) => rejection(dr.execute(["throwsInCallback"], { inputs })));
    expect(error).toMatchObject({ code: "worker_failed", node: "throwsInCallback" });
    expect((error.cause as Error).message).toBe("callback for seed 1 broke");
    expect(error.message).toContain('Node "throwsInCallback": its worker thread died before the node finished: callback for seed 1 broke.');
  });

  it("driver.execute reports a worker that goes past the executor's resourceLimits as worker_failed", bounded, async () => {
    const error = await withWorkers({ threads: 1, resourceLimits: { maxOldGenerationSizeMb: 32 } }, (dr) => rejection(dr.execute(["exhaustsMemory"], { inputs })));
    expect(error).toMatchObject({ code: "worker_failed", node: "exhaustsMemory", cause: { code: "ERR_WORKER_OUT_OF_MEMORY" } });
    expect(error.message).toContain("resourceLimits");
  });

  it("driver.execute reports values that cannot cross threads as worker_failed, saying which way they failed", bounded, async () => {
    const [argument, result] = await withWorkers({}, async (dr) => [
      await rejection(dr.execute(["doubled"], { inputs: { seed: () => 1 } })),
      await rejection(dr.execute(["returnsFunction"], { inputs })),
    ]);
    expect(argument).toMatchObject({ code: "worker_failed", node: "doubled", cause: { name: "DataCloneError" } });
    expect(argument.message).toContain("could not be sent to a worker thread");
    expect(result).toMatchObject({ code: "worker_failed", node: "returnsFunction" });
    expect(result.message).toContain("a result that cannot be cloned");
  });

  it("driver.execute rejects with the crash and no partial result, and the same driver runs again on a new thread", bounded, async () => {
    const ends: { success: boolean; results: unknown; error: unknown }[] = [];
    const heard: string[] = [];
    const recorder: LifecycleAdapter = {
      name: "recorder",
      afterNode: ({ name }) => void heard.push(name),
      afterGraph: ({ success, results, error }) => void (ends.push({ success, results, error }), heard.push("(graph)")),
    };
    await withWorkers(
      {},
      async (dr) => {
        // `sibling` is still running on the other thread when `exits` ends its own.
        const error = await rejection(dr.execute(["exits", "sibling", "inMain"], { inputs }));
        expect(error).toMatchObject({ code: "worker_failed", node: "exits" });
        expect(ends).toEqual([{ success: false, results: undefined, error }]);
        await new Promise((resolve) => setTimeout(resolve, 300)); // `sibling` ends meanwhile
        expect(heard.at(-1)).toBe("(graph)"); // nothing is heard of a run after it ended
        expect(await dr.execute(["sibling", "inMain", "doubled"], { inputs })).toEqual({ sibling: 2, inMain: 10, doubled: 2 });
      },
      [recorder],
    );
  });

  it("driver.execute under gracefulErrors treats a crashed worker as its node's failure: the sentinel, dependents skipped, other branches run", bounded, async () => {
    const graceful = gracefulErrors();
    const result = await withWorkers({}, (dr) => dr.execute(["afterExit", "sibling", "inMain"], { inputs }), [graceful]);
    expect(result).toEqual({ afterExit: NODE_FAILED, sibling: 2, inMain: 10 });
    const report = graceful.lastReport()!;
    expect(report.failed.map(({ node, error }) => [node, (error as FuncflowError).code])).toEqual([["exits", "worker_failed"]]);
    expect(report.skipped).toEqual([{ node: "afterExit", because: "exits" }]);
  });

  it("driver.execute under gracefulErrors also fails the nodes sent to the dead worker in the same message, each naming the others", bounded, async () => {
    const graceful = gracefulErrors();
    // On one thread, five nodes ready at once go out in batches, the first holding two nodes.
    const outputs = ["exits", "doubled", "tripled", "squared", "negated"];
    const result = await withWorkers({ threads: 1 }, (dr) => dr.execute(outputs, { inputs }), [graceful]);
    const failed = graceful.lastReport()!.failed as { node: string; error: FuncflowError }[];
    expect(failed.map(({ node }) => node).sort()).toEqual(["doubled", "exits"]);
    for (const { node, error } of failed) {
      expect(error).toMatchObject({ code: "worker_failed", details: { sentWith: failed.map((other) => other.node).filter((other) => other !== node) } });
      expect(error.message).toContain("any of them may be the cause");
    }
    expect(result).toEqual({ exits: NODE_FAILED, doubled: NODE_FAILED, tripled: 3, squared: 1, negated: -1 });
  });

  it.runIf(existsSync("/proc/self/task"))("workerExecutor.close after a crash, with a node still running, stops every thread", bounded, async () => {
    const before = threadCount();
    const workers = workerExecutor({ threads: 2 });
    const dr = await new Builder().withModules(crashes).withManifestCache(false).withExecutor(workers).build();
    await rejection(dr.execute(["exits", "sibling"], { inputs }));
    expect(threadCount()).toBeGreaterThan(before);
    await dr.close(); // `sibling` is still running: closing stops its thread too
    expect(threadCount()).toBeLessThanOrEqual(before);
    // Closed is not broken: the next run starts the threads again.
    expect(await dr.execute(["doubled"], { inputs })).toEqual({ doubled: 2 });
    await dr.close();
    expect(threadCount()).toBeLessThanOrEqual(before);
  });
});
