/**
 * Graceful errors act per item inside a parallel block, as Hamilton's GracefulErrorAdapter does:
 * the failing node takes the sentinel for that item, the item's nodes after it are skipped (not
 * called) and take it too, and the other items run; the collect gathers every item. Found
 * porting examples/parallelism/graceful_running, where one failing item used to fail the whole
 * collect (which then took the sentinel, losing every item's result).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Builder, type LifecycleAdapter } from "funcflow";
import { gracefulErrors } from "funcflow/adapters";
import { calls } from "../fixtures/modules/parallel-failing.ts";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/modules/parallel-failing.ts", import.meta.url);
const build = (mode: string, ...adapters: LifecycleAdapter[]) => new Builder().withModules(module).withConfig({ mode }).withAdapters(...adapters).build();

beforeEach(() => {
  calls.length = 0;
});

describe("gracefulErrors inside a parallel block", () => {
  for (const mode of ["sync", "async"]) {
    it(`a ${mode} node failing on some items: those items take the sentinel, the others run`, async () => {
      const graceful = gracefulErrors({ sentinel: null });
      const dr = await build(mode, graceful);
      expect(await dr.execute(["all"], { inputs: { n: 5 } })).toEqual({ all: [0, null, 20, null, 40] });
      expect(graceful.lastReport()?.failed.map((f) => [f.node, (f.error as Error).message])).toEqual([
        ["step", "odd 1"],
        ["step", "odd 3"],
      ]);
      // The failed items' later nodes were not called.
      expect(calls).toEqual(["after 0", "after 2", "after 4"]);
    });

    it(`a ${mode} node: an error the adapter does not catch still fails the run, naming the item`, async () => {
      const dr = await build(mode, gracefulErrors({ catches: (error) => !(error instanceof RangeError) }));
      const error = await rejection(dr.execute(["all"], { inputs: { n: 3 } }));
      expect(error).toMatchObject({ code: "node_failed", node: "step", details: { item: 1, expand: "items", collect: "all" } });
    });

    it(`a ${mode} node without the adapter: node_failed naming the item, as before`, async () => {
      const error = await rejection((await build(mode)).execute(["all"], { inputs: { n: 3 } }));
      expect(error).toMatchObject({ code: "node_failed", node: "step", details: { item: 1 } });
    });
  }

  it("acceptErrorSentinels: a block node after a failure runs on the sentinel, as @accept_error_sentinels does", async () => {
    const dr = await build("sync", gracefulErrors({ sentinel: null }));
    expect(await dr.execute(["descriptions"], { inputs: { n: 3 } })).toEqual({ descriptions: ["ok 0", "failed (null)", "ok 2"] });
    // (An async item of an earlier test's failed run may still log its "after" late.)
    expect(calls.filter((call) => call.startsWith("described"))).toEqual(["described 0", "described null", "described 2"]);
  });

  it("acceptErrorSentinels at the top level: the tolerant node runs on the sentinel, the other is skipped", async () => {
    const graceful = gracefulErrors({ sentinel: "FAILED" });
    const dr = await build("sync", graceful);
    expect(await dr.execute(["tolerant", "skipped"], { inputs: { flag: true } })).toEqual({ tolerant: "tolerant saw FAILED", skipped: "FAILED" });
    expect(calls).not.toContain("skipped ran");
    expect(graceful.lastReport()?.skipped.map((entry) => entry.node)).toEqual(["skipped"]);
    expect(dr.node("tolerant").tags["funcflow.acceptsErrorSentinels"]).toBe("true");
  });

  it("the default sentinel (NODE_FAILED) marks the failed items", async () => {
    const { NODE_FAILED } = await import("funcflow/adapters");
    const { all } = await (await build("sync", gracefulErrors())).execute(["all"], { inputs: { n: 2 } });
    expect(all).toEqual([0, NODE_FAILED]);
  });
});
