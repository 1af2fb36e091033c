/**
 * gracefulErrors inside a parallel block whose items run on an executor: each item's failure is
 * its own, as in process (the failed item takes the sentinel, its later nodes are skipped, the
 * other items run on the executor), where a block's items used to fail the whole block.
 */
import { describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { gracefulErrors, NODE_FAILED, type LifecycleAdapter } from "funcflow/adapters";
import { workerExecutor } from "funcflow/workers";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/engine/graceful-block.ts", import.meta.url);
const bounded = { timeout: 20_000 };

async function withWorkers<T>(adapters: LifecycleAdapter[], body: (dr: Driver) => Promise<T>): Promise<T> {
  const workers = workerExecutor({ threads: 2 });
  try {
    return await body(await new Builder().withModules(module).withManifestCache(false).withExecutor(workers).withAdapters(...adapters).build());
  } finally {
    await workers.close();
  }
}

describe("gracefulErrors with a parallel block on worker threads", () => {
  it("a node failing on some items: those items take the sentinel, the others run on workers", bounded, async () => {
    const graceful = gracefulErrors({ sentinel: null });
    const { all } = await withWorkers([graceful], (dr) => dr.execute(["all"], { inputs: { n: 5 } }));
    expect(all).toEqual(["0 on a worker", null, "20 on a worker", null, "40 on a worker"]);
    // Listed as they failed: items on two threads may finish in either order.
    expect(graceful.lastReport()?.failed.map((failure) => [failure.node, (failure.error as Error).message]).sort()).toEqual([
      ["step", "odd 1"],
      ["step", "odd 3"],
    ]);
  });

  it("an error the adapter does not catch still fails the run, naming the node and the item", bounded, async () => {
    const graceful = gracefulErrors({ catches: (error) => !(error instanceof RangeError) });
    const error = await withWorkers([graceful], (dr) => rejection(dr.execute(["all"], { inputs: { n: 3 } })));
    expect(error).toMatchObject({ code: "node_failed", node: "step", details: { item: 1, expand: "items", collect: "all" } });
  });

  it("acceptErrorSentinels: the node after a failure runs on the sentinel, on a worker", bounded, async () => {
    const { descriptions } = await withWorkers([gracefulErrors({ sentinel: "FAILED" })], (dr) => dr.execute(["descriptions"], { inputs: { n: 3 } }));
    expect(descriptions).toEqual(["ok 0", "failed (FAILED)", "ok 2"]);
  });

  it("a worker that dies on one item fails that item only; the pool runs the others", bounded, async () => {
    const graceful = gracefulErrors();
    const { survivors } = await withWorkers([graceful], (dr) => dr.execute(["survivors"], { inputs: { n: 4 } }));
    expect((survivors as unknown[]).filter((value) => value !== NODE_FAILED)).toEqual(expect.arrayContaining([0, 2, 3]));
    expect((survivors as unknown[])[1]).toBe(NODE_FAILED);
    expect(graceful.lastReport()?.failed.map((failure) => failure.node)).toContain("exits");
  });

  it("without the adapter a block still runs in slices and fails naming the item", bounded, async () => {
    const error = await withWorkers([], (dr) => rejection(dr.execute(["all"], { inputs: { n: 3 } })));
    expect(error).toMatchObject({ code: "node_failed", node: "step", details: { item: 1 } });
  });
});
