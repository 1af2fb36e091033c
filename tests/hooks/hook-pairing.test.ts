/**
 * Property (the rule Hamilton's lifecycle tests pin node by node): on random DAGs whose nodes
 * may throw, be async, and whose hooks may be async, with or without graceful errors,
 * - every node that starts gets exactly one `beforeNode` and after it exactly one `afterNode`,
 *   unless its `beforeNode` threw (as in Hamilton, it then gets none);
 * - `afterNode` has `success: false` and the node's own error exactly when the node threw;
 * - a node that never started gets no `beforeNode`, and an `afterNode` only as `skipped`
 *   (graceful errors) naming a failed node upstream;
 * - a node still running when the run fails gets `afterNode` as `cancelled` (no error), before
 *   `afterGraph`, and no hook hears of it when it settles later;
 * - every node hook of a run falls between its `beforeGraph` and its `afterGraph`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, type LifecycleAdapter, type NodeEndEvent } from "funcflow";
import { gracefulErrors } from "funcflow/adapters";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";

interface NodeShape {
  readonly params: readonly number[];
  readonly isAsync: boolean;
  readonly throws: boolean;
}

class Thrown extends Error {}

/** Node j reads the input `x` (source 0) or earlier nodes (source k + 1). */
const dagShape = fc.integer({ min: 1, max: 14 }).chain((size) =>
  fc.tuple(
    ...Array.from({ length: size }, (_, index) =>
      fc.record({
        params: fc.uniqueArray(fc.integer({ min: 0, max: index }), { maxLength: 3 }),
        isAsync: fc.boolean(),
        throws: fc.integer({ min: 0, max: 4 }).map((roll) => roll === 0),
      }),
    ),
  ),
);

const nameOf = (source: number) => (source === 0 ? "x" : `n${source - 1}`);

function moduleFor(shapes: readonly NodeShape[], threw: Map<string, unknown>) {
  const nodes: SyntheticNode[] = shapes.map((shape, index) => {
    const name = `n${index}`;
    const body = (...args: number[]) => {
      if (shape.throws) {
        const error = new Thrown(`${name} threw`);
        threw.set(name, error);
        throw error;
      }
      return args.reduce((total, value) => total + (typeof value === "number" ? value : 0), index);
    };
    const fn = shape.isAsync ? async (...args: number[]) => (await new Promise((resolve) => setTimeout(resolve, 0)), body(...args)) : body;
    Object.defineProperty(fn, "length", { value: shape.params.length });
    return { name, params: shape.params.map((source) => ({ name: nameOf(source) })), fn: fn as SyntheticNode["fn"] };
  });
  return syntheticModule(nodes);
}

interface Seen {
  readonly hook: string;
  readonly name: string;
  readonly event?: NodeEndEvent;
}

function watcher(asyncHooks: boolean, seen: Seen[], refuse?: string): LifecycleAdapter {
  const later = asyncHooks ? () => new Promise<void>((resolve) => setTimeout(resolve, 0)) : () => undefined;
  return {
    name: "watcher",
    beforeGraph: () => (seen.push({ hook: "beforeGraph", name: "" }), later()),
    beforeNode: (event) => {
      seen.push({ hook: "beforeNode", name: event.name });
      if (event.name === refuse) throw new Error(`watcher refuses ${event.name}`);
      return later();
    },
    afterNode: (event) => (seen.push({ hook: "afterNode", name: event.name, event }), later()),
    afterGraph: () => (seen.push({ hook: "afterGraph", name: "" }), later()),
  };
}

describe("node hooks pair up on random DAGs", () => {
  it("before once, then after once; success false with the node's error iff it threw; skipped only after an upstream failure", async () => {
    await fc.assert(
      fc.asyncProperty(dagShape, fc.boolean(), fc.boolean(), fc.nat(20), fc.option(fc.nat(20)), async (shapes, graceful, asyncHooks, outputPick, refusePick) => {
        const threw = new Map<string, unknown>();
        const seen: Seen[] = [];
        // A hook that throws in one node's beforeNode: that node is not started and gets no afterNode.
        const refuse = refusePick === null ? undefined : `n${refusePick % shapes.length}`;
        const adapters = graceful ? [gracefulErrors(), watcher(asyncHooks, seen, refuse)] : [watcher(asyncHooks, seen, refuse)];
        const dr = await new Builder().withModules(moduleFor(shapes, threw)).withAdapters(...adapters).build();
        const outputs = [`n${outputPick % shapes.length}`, `n${shapes.length - 1}`];
        const failure = await dr.execute([...new Set(outputs)], { inputs: { x: 1 } }).then(
          () => undefined,
          (error: unknown) => error as { code?: string },
        );
        // Give abandoned async nodes time to settle: no hook may hear of them after the run.
        await new Promise((resolve) => setTimeout(resolve, 5));

        expect(seen[0]?.hook).toBe("beforeGraph");
        expect(seen.at(-1)?.hook).toBe("afterGraph");
        expect(seen.filter((entry) => entry.hook.endsWith("Graph"))).toHaveLength(2);
        const nodeEvents = seen.slice(1, -1);
        const names = new Set(nodeEvents.map((entry) => entry.name));
        for (const name of names) {
          const mine = nodeEvents.filter((entry) => entry.name === name);
          if (name === refuse && mine[0]!.hook === "beforeNode") {
            expect(mine.map((entry) => entry.hook), name).toEqual(["beforeNode"]);
            expect(failure?.code).toBe("hook_failed");
            continue;
          }
          const afters = mine.filter((entry) => entry.hook === "afterNode");
          expect(afters, name).toHaveLength(1);
          const after = afters[0]!.event!;
          if (after.status === "skipped") {
            expect(mine, name).toHaveLength(1);
            expect(graceful).toBe(true);
            expect(threw.has(after.skippedBecause!), name).toBe(true);
            continue;
          }
          expect(mine.map((entry) => entry.hook), name).toEqual(["beforeNode", "afterNode"]);
          if (after.status === "cancelled") {
            // Still running when the run failed (a node's error, or a hook's under graceful errors).
            expect(failure).toBeDefined();
            expect([after.success, after.error]).toEqual([false, undefined]);
            continue;
          }
          expect(after.success, name).toBe(!threw.has(name));
          expect(after.error, name).toBe(threw.get(name));
        }
        // A node that threw was heard of (nodes abandoned mid-run excepted: they never finished).
        for (const name of threw.keys()) expect(names.has(name), name).toBe(true);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe("node hooks pair up per item inside a parallel block", () => {
  const items = new URL("../fixtures/engine/parallel-items.ts", import.meta.url);

  it("each block node gets before then after once per item, failed with its error iff it threw on that item", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 6 }), fc.integer({ min: 0, max: 8 }), fc.boolean(), fc.boolean(), async (list, failOn, graceful, asyncHooks) => {
        const seen: Seen[] = [];
        const blockEvents: { name: string; item: number | undefined; hook: string; event?: NodeEndEvent }[] = [];
        const perItem: LifecycleAdapter = {
          name: "perItem",
          beforeNode: (event) => void blockEvents.push({ name: event.name, item: event.item, hook: "beforeNode" }),
          afterNode: (event) => void blockEvents.push({ name: event.name, item: event.item, hook: "afterNode", event }),
        };
        const adapters = [...(graceful ? [gracefulErrors()] : []), watcher(asyncHooks, seen), perItem];
        const dr = await new Builder().withModules(items).withManifestCache(false).withAdapters(...adapters).build();
        await dr.execute(["total"], { inputs: { list, factor: 2, offset: 1, failOn } }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 5));

        expect(seen.at(-1)?.hook).toBe("afterGraph");
        const inBlock = blockEvents.filter((entry) => entry.item !== undefined);
        const keys = new Set(inBlock.map((entry) => `${entry.name}#${entry.item}`));
        for (const key of keys) {
          const mine = inBlock.filter((entry) => `${entry.name}#${entry.item}` === key);
          const after = mine.find((entry) => entry.hook === "afterNode")!.event!;
          const value = list[after.item!]!;
          if (after.status === "skipped") {
            expect(mine, key).toHaveLength(1);
            expect([graceful, after.skippedBecause], key).toEqual([true, "scaled"]);
            continue;
          }
          expect(mine.map((entry) => entry.hook), key).toEqual(["beforeNode", "afterNode"]);
          if (after.status === "cancelled") continue;
          const threw = after.name === "scaled" && value === failOn;
          expect(after.success, key).toBe(!threw);
          expect((after.error as Error | undefined)?.message, key).toBe(threw ? `item value ${value} is refused` : undefined);
        }
        // Without a failure every item ran both block nodes.
        if (!list.includes(failOn)) expect(keys.size).toBe(list.length * 2);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe("a node still running when the run fails", () => {
  it("gets afterNode as cancelled, with its duration so far, before afterGraph; nothing is heard when it settles later", async () => {
    let release: () => void = () => {};
    const slow = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return 1;
    };
    const fast = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new Thrown("fast failed");
    };
    Object.defineProperty(slow, "length", { value: 0 });
    Object.defineProperty(fast, "length", { value: 0 });
    const seen: Seen[] = [];
    const dr = await new Builder()
      .withModules(syntheticModule([{ name: "slow", params: [], fn: slow }, { name: "fast", params: [], fn: fast }]))
      .withAdapters(watcher(false, seen))
      .build();
    await expect(dr.execute(["slow", "fast"])).rejects.toMatchObject({ code: "node_failed", node: "fast" });
    expect(seen.map((entry) => `${entry.hook} ${entry.name} ${entry.event?.status ?? ""}`.trim())).toEqual([
      "beforeGraph",
      "beforeNode slow",
      "beforeNode fast",
      "afterNode fast failed",
      "afterNode slow cancelled",
      "afterGraph",
    ]);
    const cancelled = seen[4]!.event!;
    expect([cancelled.success, cancelled.error, cancelled.result]).toEqual([false, undefined, undefined]);
    expect(cancelled.durationMs).toBeGreaterThan(0);
    release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toHaveLength(6);
  });
});
