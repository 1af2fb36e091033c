/**
 * Follows Hamilton's tests/lifecycle/test_lifecycle_adapters_end_to_end_task_based.py (facts
 * only): node hooks on a fan-out `nIters → parallelOver (items 0…n-1) → processed →
 * moreProcessed → collected → output`, where `moreProcessed` throws when `broken` is true.
 *
 * Hamilton runs a Parallelizable pipeline as tasks and fires the node hooks for every node of
 * every item's task, each with its task id. funcflow compiles a block into its collecting node:
 * the node hooks (and `callNode`) of the nodes inside fire once per item, each event carrying the
 * item's index as `item` (Hamilton's per-item task id), while the collecting node's hooks wrap
 * the whole block. Not ported: the task hooks (`pre_task_execute`, `post_task_execute`,
 * `post_task_group`, `post_task_expand`, `pre_task_submission`, `post_task_return`) and their
 * `purpose`/`spawning_task_id`, since funcflow has no task grouping; a block's items are its
 * parallelizable node's `afterNode` result.
 */
import { describe, expect, it } from "vitest";
import { Builder, type LifecycleAdapter, type NodeEndEvent, type NodeStartEvent } from "funcflow";
import { rejection } from "../support/caught.ts";
import { SentinelError } from "../fixtures/hamilton-tests/lifecycle-tasks.ts";

const pipeline = new URL("../fixtures/hamilton-tests/lifecycle-tasks.ts", import.meta.url);
const build = (...adapters: LifecycleAdapter[]) => new Builder().withModules(pipeline).withAdapters(...adapters).withManifestCache(false).build();

interface Recorded {
  readonly before: NodeStartEvent[];
  readonly after: NodeEndEvent[];
  readonly log: string[];
}

function recorder(): LifecycleAdapter & Recorded {
  const before: NodeStartEvent[] = [];
  const after: NodeEndEvent[] = [];
  const log: string[] = [];
  const at = (event: NodeStartEvent) => (event.item === undefined ? event.name : `${event.name}[${event.item}]`);
  return {
    name: "recorder",
    before,
    after,
    log,
    beforeNode: (event) => void (before.push(event), log.push(`before ${at(event)}`)),
    afterNode: (event) => void (after.push(event), log.push(`after ${at(event)}`)),
  };
}

const counts = (events: readonly NodeStartEvent[]) => {
  const counted: Record<string, number> = {};
  for (const event of events) counted[event.name] = (counted[event.name] ?? 0) + 1;
  return counted;
};
const PER_NODE = { nIters: 1, parallelOver: 1, processed: 5, moreProcessed: 5, collected: 1, output: 1 };

describe("node hooks per item (test_individual_pre_node_execute_hook_task_based, test_individual_post_node_execute_hook_task_based)", () => {
  it("beforeNode and afterNode fire 14 times for 5 items: once per node outside the block, once per item for each node inside it", async () => {
    const hooks = recorder();
    const dr = await build(hooks);
    expect(await dr.execute(["output"], { inputs: { nItersInput: 5 } })).toEqual({ output: 354 });
    expect(hooks.before).toHaveLength(14);
    expect(hooks.after).toHaveLength(14);
    expect(counts(hooks.before)).toEqual(PER_NODE);
    expect(counts(hooks.after)).toEqual(PER_NODE);
    expect(new Set([...hooks.before, ...hooks.after].map((event) => event.runId)).size).toBe(1);
    expect(new Set(hooks.after.map((event) => event.error))).toEqual(new Set([undefined]));
  });

  it("each per-item event carries its item, and the item's nodes run before and after in order, item by item, inside the collecting node's hooks", async () => {
    const hooks = recorder();
    const dr = await build(hooks);
    await dr.execute(["output"], { inputs: { nItersInput: 3 } });
    expect(hooks.log).toEqual([
      "before nIters",
      "after nIters",
      "before parallelOver",
      "after parallelOver",
      "before collected",
      ...[0, 1, 2].flatMap((item) => [`before processed[${item}]`, `after processed[${item}]`, `before moreProcessed[${item}]`, `after moreProcessed[${item}]`]),
      "after collected",
      "before output",
      "after output",
    ]);
    const perItem = hooks.after.filter((event) => event.item !== undefined);
    expect(perItem.map((event) => [event.name, event.item, event.inputNames, event.inputValues, event.result])).toEqual(
      [0, 1, 2].flatMap((item) => [
        ["processed", item, ["parallelOver"], [item], item ** 2],
        ["moreProcessed", item, ["processed", "broken"], [item ** 2, undefined], item ** 4],
      ]),
    );
    // The items the block runs over are the parallelizable node's result (Hamilton's post_task_expand parameters).
    expect(hooks.after.find((event) => event.name === "parallelOver")!.result).toEqual([0, 1, 2]);
  });

  it("an item that throws gets afterNode with success false and its error; the block's collecting node then fails too, and nothing after it runs (…_with_exception)", async () => {
    const hooks = recorder();
    const dr = await build(hooks);
    const error = await rejection(dr.execute(["output"], { inputs: { nItersInput: 1, broken: true } }));
    expect(error).toMatchObject({ code: "node_failed", node: "moreProcessed", details: { item: 0 } });
    expect(error.cause).toBeInstanceOf(SentinelError);
    expect(hooks.after.map((event) => [event.name, event.item, event.success])).toEqual([
      ["nIters", undefined, true],
      ["parallelOver", undefined, true],
      ["processed", 0, true],
      ["moreProcessed", 0, false],
      // Hamilton's collect task never starts; here the collecting node ran the block, so it ends failed.
      ["collected", undefined, false],
    ]);
    expect(hooks.after[3]!.error).toBeInstanceOf(SentinelError);
    expect(hooks.after[4]!.error).toBe(error);
  });
});

describe("callNode per item (test_individual_do_node_execute_method_task_based)", () => {
  it("callNode runs 14 times; adding 1 to each number result but nIters' gives 426", async () => {
    const called: string[] = [];
    const plusOne: LifecycleAdapter = {
      name: "plusOne",
      callNode: (call) => {
        called.push(call.item === undefined ? call.name : `${call.name}[${call.item}]`);
        const value = call.invoke();
        return call.node.type === "number" && call.name !== "nIters" ? (value as number) + 1 : value;
      },
    };
    const dr = await build(plusOne);
    expect(await dr.execute(["output"], { inputs: { nItersInput: 5 } })).toEqual({ output: 426 });
    expect(called).toHaveLength(14);
    expect(called.filter((name) => name.startsWith("processed["))).toEqual([0, 1, 2, 3, 4].map((item) => `processed[${item}]`));
  });
});

describe("one adapter with every hook (test_multi_hook)", () => {
  it("fires afterBuild, beforeGraph and afterGraph once and beforeNode, callNode and afterNode 14 times each", async () => {
    const counted: Record<string, number> = {};
    const count = (hook: string) => (counted[hook] = (counted[hook] ?? 0) + 1);
    const multi: LifecycleAdapter = {
      name: "multi",
      afterBuild: () => void count("afterBuild"),
      beforeGraph: () => void count("beforeGraph"),
      beforeNode: () => void count("beforeNode"),
      callNode: (call) => (count("callNode"), call.invoke()),
      afterNode: () => void count("afterNode"),
      afterGraph: () => void count("afterGraph"),
    };
    const dr = await build(multi);
    await dr.execute(["output"], { inputs: { nItersInput: 5 } });
    expect(counted).toEqual({ afterBuild: 1, beforeGraph: 1, beforeNode: 14, callNode: 14, afterNode: 14, afterGraph: 1 });
  });
});

describe("async hooks inside a block", () => {
  it("an async beforeNode is awaited before each item's node runs, and an error it throws is the adapter's (hook_failed), not the item's", async () => {
    const ran: string[] = [];
    const slow: LifecycleAdapter = {
      name: "slow",
      beforeNode: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        ran.push(`${event.name}${event.item === undefined ? "" : `[${event.item}]`}`);
      },
    };
    const dr = await build(slow);
    expect(await dr.execute(["output"], { inputs: { nItersInput: 2 } })).toEqual({ output: 1 });
    expect(ran.filter((name) => name.includes("["))).toHaveLength(4);

    const refusing: LifecycleAdapter = {
      name: "refusing",
      afterNode: async (event) => {
        if (event.name === "processed" && event.item === 1) throw new Error("tracker down");
      },
    };
    const error = await rejection((await build(refusing)).execute(["output"], { inputs: { nItersInput: 3 } }));
    expect(error).toMatchObject({ code: "hook_failed", node: "processed", details: { adapter: "refusing", hook: "afterNode" } });
  });
});

describe("adapters that count graph steps (perItem: false)", () => {
  it("hear the block as its collecting node alone, while adapters beside them hear every item", async () => {
    const steps: string[] = [];
    const calls: string[] = [];
    const stepsOnly: LifecycleAdapter = { name: "steps", perItem: false, afterNode: (event) => void steps.push(event.name), callNode: (call) => (calls.push(call.name), call.invoke()) };
    const hooks = recorder();
    const dr = await build(stepsOnly, hooks);
    expect(await dr.execute(["output"], { inputs: { nItersInput: 3 } })).toEqual({ output: 17 });
    expect(steps).toEqual(["nIters", "parallelOver", "collected", "output"]);
    expect(calls).toEqual(["nIters", "parallelOver", "collected", "output"]);
    expect(hooks.after).toHaveLength(4 + 3 * 2);
  });

  it("the built-in step counters are among them: timingReport lists the graph's steps once each", async () => {
    const { timingReport, progressBar, gracefulErrors, schemaValidator } = await import("funcflow/adapters");
    const { runRecorder } = await import("funcflow/explorer");
    for (const adapter of [timingReport(), gracefulErrors(), schemaValidator(), runRecorder()]) expect(adapter.perItem, adapter.name).toBe(false);
    // Off a terminal the bar has no hooks at all; on one it counts steps too.
    const bar = progressBar();
    expect(bar.afterNode === undefined || bar.perItem === false).toBe(true);
    const timing = timingReport();
    await (await build(timing, recorder())).execute(["output"], { inputs: { nItersInput: 3 } });
    expect(timing.lastReport()!.nodes.map((node) => node.name)).toEqual(["nIters", "parallelOver", "collected", "output"]);
  });
});
