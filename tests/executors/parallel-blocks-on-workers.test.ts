/**
 * Parallelizable/collect blocks with a worker executor: each item's block functions run on the
 * worker threads (the collecting function in the main thread), giving exactly the main-thread
 * results; a failing item names the node and the item; blocks workers cannot import stay here.
 */
import { threadId } from "node:worker_threads";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Builder } from "funcflow";
import { workerExecutor } from "funcflow/workers";
import { rejection } from "../support/caught.ts";

const items = new URL("../fixtures/engine/parallel-items.ts", import.meta.url);
const byModifier = new URL("../fixtures/engine/parallel-by-modifier.ts", import.meta.url);
const workers = workerExecutor({ threads: 2 });
const onWorkers = await new Builder().withModules(items).withManifestCache(false).withExecutor(workers).build();
const inMain = await new Builder().withModules(items).withManifestCache(false).build();

afterAll(() => workers.close());

const outputs = ["total", "pairs"] as const;


describe("parallel blocks on a worker executor", () => {
  it("runs every item on the worker threads, not in the main thread", async () => {
    const list = Array.from({ length: 40 }, (_, i) => i);
    const before = workers.stats().blockItemsOnWorkers;
    const { itemThreads } = await onWorkers.execute(["itemThreads"], { inputs: { list } });
    expect(itemThreads).toHaveLength(40);
    expect((itemThreads as number[]).every((id) => id !== threadId && id > 0)).toBe(true);
    expect(new Set(itemThreads as number[]).size).toBe(2); // spread over both threads
    expect(workers.stats().blockItemsOnWorkers - before).toBe(40);
    const { itemThreads: inMainThreads } = await inMain.execute(["itemThreads"], { inputs: { list } });
    expect(new Set(inMainThreads as number[])).toEqual(new Set([threadId]));
  });

  it("gives the main-thread results, in item order, for any list of items (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 60 }),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -100, max: 100 }),
        async (list, factor, offset) => {
          const inputs = { list, factor, offset, failOn: 5000 };
          const expected = await inMain.execute(outputs, { inputs });
          expect(await onWorkers.execute(outputs, { inputs })).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("accepts any iterable as the items, and an empty list", async () => {
    const inputs = { factor: 2, offset: 1, failOn: 5000 };
    expect(await onWorkers.execute(outputs, { inputs: { ...inputs, list: new Set([3, 4]) } })).toEqual({ total: 15, pairs: [[3, 7], [4, 9]] });
    expect(await onWorkers.execute(outputs, { inputs: { ...inputs, list: [] } })).toEqual({ total: -1, pairs: [] });
  });

  it("reports a failing item as node_failed naming the block node and the item, as in the main thread", async () => {
    const inputs = { list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], factor: 2, offset: 0, failOn: 7 };
    const error = await rejection(onWorkers.execute(["total"], { inputs }));
    const expected = await rejection(inMain.execute(["total"], { inputs }));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("scaled");
    expect(error.details).toEqual({ item: 6, expand: "values", collect: "total" });
    expect(error.details).toEqual(expected.details);
    expect(error.message).toBe(expected.message);
    expect((error.cause as Error).message).toBe("item value 7 is refused");
    // The pool is still usable afterwards.
    expect(await onWorkers.execute(["total"], { inputs: { ...inputs, failOn: 5000 } })).toEqual({ total: 110 });
  });

  it("keeps a block a worker cannot import in the main thread, with a one-time warning", async () => {
    const warning = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const local = workerExecutor({ threads: 1 });
    try {
      const dr = await new Builder().withModules(byModifier).withManifestCache(false).withExecutor(local).build();
      const inputs = { list: [1, 2, 3] };
      expect(await dr.execute(["threads", "sum"], { inputs })).toEqual({ threads: [threadId, threadId, threadId], sum: 18 });
      await dr.execute(["threads"], { inputs });
      const messages = warning.mock.calls.map(([message]) => String(message));
      expect(messages.filter((message) => message.includes('"threads"'))).toHaveLength(1);
      expect(messages.find((message) => message.includes('"threads"'))).toContain('block node "times3"');
      expect(local.stats()).toEqual({ onWorkers: 0, inMainThread: 5, blockItemsOnWorkers: 0 }); // values, threads, sum; values, threads
    } finally {
      warning.mockRestore();
      await local.close();
    }
  });

  it("leaves a block in the main thread when an explicit selection accepts none of its nodes", async () => {
    const local = workerExecutor({ threads: 1, select: (node) => node.name === "nothing" });
    try {
      const dr = await new Builder().withModules(items).withManifestCache(false).withExecutor(local).build();
      const { itemThreads } = await dr.execute(["itemThreads"], { inputs: { list: [1, 2] } });
      expect(itemThreads).toEqual([threadId, threadId]);
      expect(local.stats()).toEqual({ onWorkers: 0, inMainThread: 2, blockItemsOnWorkers: 0 }); // values, itemThreads
    } finally {
      await local.close();
    }
  });
});
