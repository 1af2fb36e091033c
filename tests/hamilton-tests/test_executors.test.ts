/**
 * Follows the facts asserted by Hamilton's tests/execution/test_executors.py, with the modules of
 * tests/resources/dynamic_parallelism/ (ported as facts to tests/fixtures/hamilton-tests/graph/
 * and tests/fixtures/hamilton-tests/dynamic_parallelism/).
 *
 * Hamilton runs Parallelizable/Collect only under `enable_dynamic_execution`, with a grouping
 * strategy (individually, all as one, by level, by repeatable blocks) and a local and a remote
 * task executor (synchronous, multithreading, multiprocessing). funcflow has one engine that runs
 * blocks without a switch; where a node runs is the executor's choice: none (the lean loop),
 * `inlineExecutor()` (the engine, in this thread) or `workerExecutor()` (threads). So each case
 * that Hamilton runs across its executors runs here across those three; grouping strategies have
 * no counterpart (funcflow groups a block's items into slices per thread on its own), so the
 * three grouping cases collapse into "every executor gives the same result".
 *
 * Not applicable: Hamilton's `TaskImplementation`/`DefaultExecutionManager` classes (the
 * "which executor takes which task purpose" table is checked here as where each node ran, by
 * thread id), and the 1 GB-per-item memory test (skipped outside Hamilton's CI; funcflow frees
 * values after their last reader, tested in tests/driver).
 */
import { threadId } from "node:worker_threads";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, type NodeExecutor } from "funcflow";
import { inlineExecutor, workerExecutor } from "funcflow/workers";
import { rejection } from "../support/caught.ts";
import { _calls } from "../fixtures/hamilton-tests/dynamic_parallelism/parallel_collect_multiple_arguments.ts";

const graphFixture = (name: string) => new URL(`../fixtures/hamilton-tests/graph/${name}.ts`, import.meta.url);
const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/dynamic_parallelism/${name}.ts`, import.meta.url);

const workers = workerExecutor({ threads: 2 });
afterAll(() => workers.close());

const executors: readonly (readonly [string, NodeExecutor | undefined])[] = [
  ["no executor", undefined],
  ["inlineExecutor", inlineExecutor()],
  ["workerExecutor", workers],
];

async function build(module: URL, executor: NodeExecutor | undefined) {
  const builder = new Builder().withModules(module);
  return (executor === undefined ? builder : builder.withExecutor(executor)).build();
}

/** no_parallel's `_calc()`: 5² + 5³. */
const NO_PARALLEL_FINAL = 5 ** 2 + 5 ** 3;

/** parallel_linear_basic's `_calc(n)`: the sum of i² + i³ over i < n. */
function linearBasic(steps: number): number {
  let total = 0;
  for (let i = 0; i < steps; i++) total += i ** 2 + i ** 3;
  return total;
}

describe.each(executors)("hamilton tests/execution/test_executors.py, %s", (_name, executor) => {
  it("a graph with no fan-out gives no_parallel's value (the three grouping strategies' cases)", async () => {
    const dr = await build(graphFixture("no_parallel"), executor);
    expect(await dr.execute(["final"])).toEqual({ final: NO_PARALLEL_FINAL });
  });

  it("one block gives parallel_linear_basic's sequential value (group by repeatable blocks)", async () => {
    const dr = await build(graphFixture("parallel_linear_basic"), executor);
    expect(await dr.execute(["final"])).toEqual({ final: linearBasic(6) });
    expect(linearBasic(6)).toBe(280);
  });

  it("block nodes reading nodes made outside the block (parallel_complex) give 165", async () => {
    const dr = await build(graphFixture("parallel_complex"), executor);
    expect(await dr.execute(["final"])).toEqual({ final: 165 });
  });

  it("overrides of the item count and of the block's outside inputs give 5", async () => {
    const dr = await build(graphFixture("parallel_complex"), executor);
    const overrides = { number_of_steps: 2, param_external_to_block: 0, second_param_external_to_block: 0 };
    expect(await dr.execute(["final"], { overrides })).toEqual({ final: 5 });
  });

  it("a collect with another parameter from outside the block (inputs_in_collect) gives 46", async () => {
    const dr = await build(fixture("inputs_in_collect"), executor);
    expect(await dr.execute(["collected"])).toEqual({ collected: 46 });
  });

  it("an override of the parallelizable node gives the block its items", async () => {
    const dr = await build(fixture("inputs_in_collect"), executor);
    expect(await dr.execute(["collected"], { overrides: { par: [1, 2, 3] } })).toEqual({ collected: 7 });
  });

  it("an override of the collect node replaces the whole block", async () => {
    const dr = await build(fixture("inputs_in_collect"), executor);
    expect(await dr.execute(["collect_plus_one"], { overrides: { collected: 100 } })).toEqual({ collect_plus_one: 101 });
  });

  it("an empty fan-out collects an empty list (number_of_steps overridden to 0)", async () => {
    const dr = await build(graphFixture("parallel_linear_basic"), executor);
    expect(await dr.execute(["final"], { overrides: { number_of_steps: 0 } })).toEqual({ final: linearBasic(0) });
    expect(linearBasic(0)).toBe(0);
  });

  it("the delayed block gives 197780 for 30 steps", async () => {
    const dr = await build(fixture("parallel_delayed"), executor);
    expect(await dr.execute(["final"], { inputs: { number_of_steps: 30, delay_ms: 0 } })).toEqual({ final: 197780 });
  });

  it("blocks in a row: the first collect's list is the next fan-out's items", async () => {
    const dr = await build(fixture("sequential_blocks"), executor);
    expect(await dr.execute(["plus_one_all", "doubled_all"], { inputs: { list: [3, 1, 2] } })).toEqual({ doubled_all: [6, 2, 4], plus_one_all: [7, 3, 5] });
    expect(await dr.execute(["plus_one_all"], { inputs: { list: [] } })).toEqual({ plus_one_all: [] });
  });

  it("an error inside one item's branch fails the run naming the node, the item and the block", async () => {
    const dr = await build(fixture("ordered_items"), executor);
    const error = await rejection(dr.execute(["gathered"], { inputs: { list: [3, 2, 1, 0], failOn: 2, factor: 2 } }));
    expect(error).toMatchObject({ code: "node_failed", node: "waited", details: { item: 1, expand: "items", collect: "gathered" } });
    expect((error.cause as Error).message).toBe("item 2 is refused");
  });

  it("items that are not a list fail naming the parallelizable node, given or computed", async () => {
    const dr = await build(fixture("inputs_in_collect"), executor);
    const overridden = await rejection(dr.execute(["collected"], { overrides: { par: 5 } }));
    expect(overridden).toMatchObject({ code: "node_failed", node: "par" });
    expect(overridden.message).toMatch(/items of "par" must be a list or an iterable, got number/);
    const computed = await build(fixture("sequential_blocks"), executor);
    await expect(computed.execute(["plus_one_all"], { inputs: { list: 5 } })).rejects.toMatchObject({ code: "node_failed", node: "first" });
  });

  it("one fan-out gathered by two collects gives each its list (Hamilton leaves several collects undefined, #742)", async () => {
    const dr = await build(fixture("two_collects"), executor);
    expect(await dr.execute(["doubled_all", "tripled_sum"], { inputs: { list: [1, 2, 3] } })).toEqual({ doubled_all: [2, 4, 6], tripled_sum: 36 });
    expect(await dr.execute(["tripled_sum"], { inputs: { list: [] } })).toEqual({ tripled_sum: 0 });
  });

  it("items are read as any iterable: a Map gives its entries, a string its characters (as a Python generator over them would)", async () => {
    const dr = await build(fixture("sequential_blocks"), executor);
    expect(await dr.execute(["doubled_all"], { inputs: { list: new Set([4, 5]) } })).toEqual({ doubled_all: [8, 10] });
    const entries = await build(fixture("ordered_items"), executor);
    expect(await entries.execute(["gathered"], { inputs: { list: "ab", factor: 1, failOn: 99 } })).toEqual({ gathered: ["ax1=NaN", "bx1=NaN"] });
  });

  it("collects in item order, whatever order the items finish in, for any item list (property)", async () => {
    const dr = await build(fixture("ordered_items"), executor);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 30 }), fc.integer({ min: -3, max: 3 }), async (list, factor) => {
        const expected = list.map((item) => `${item}x${factor}=${item * factor}`);
        const inputs = { list, factor, failOn: 1000 };
        const before = structuredClone(inputs);
        expect(await dr.execute(["gathered"], { inputs })).toEqual({ gathered: expected });
        expect(inputs).toEqual(before);
        // The items given as an override of the fan-out give the same list, and stay as given.
        const overrides = { items: [...list] };
        expect(await dr.execute(["gathered"], { inputs: { factor, failOn: 1000 }, overrides })).toEqual({ gathered: expected });
        expect(overrides.items).toEqual(list);
      }),
      { numRuns: executor === workers ? 10 : 30 },
    );
  });
});

describe("hamilton tests/execution/test_executors.py: facts of one executor", () => {
  it("the collect's other parameters and the fan-out run once, the block once per item (test_parallel_end_to_end_with_collect_multiple_inputs)", async () => {
    const dr = await build(fixture("parallel_collect_multiple_arguments"), undefined);
    _calls.clear();
    const iterations = 100;
    expect(await dr.execute(["summed"], { inputs: { iterations } })).toEqual({ summed: ((iterations ** 2 - iterations) / 2) * 2 - 2 - 1 });
    expect(Object.fromEntries(_calls)).toEqual({ not_to_repeat: 1, number_to_repeat: 1, something_else_not_to_repeat: 1, double: iterations, summed: 1 });
  });

  it("on worker threads the block's items run there; the fan-out, the collect and untagged single nodes stay in this thread (Hamilton's execution manager)", async () => {
    const dr = await build(fixture("where_it_runs"), workers);
    const { single, tagged_single, gathered } = (await dr.execute(["single", "tagged_single", "gathered"], { inputs: { count: 6 } })) as {
      single: number;
      tagged_single: number;
      gathered: { items: [number, number][]; collectThread: number };
    };
    expect(single).toBe(threadId);
    expect(tagged_single).not.toBe(threadId);
    expect(gathered.collectThread).toBe(threadId);
    expect(gathered.items.map(([spreadThread]) => spreadThread)).toEqual(Array(6).fill(threadId));
    expect(gathered.items.every(([, itemThread]) => itemThread !== threadId)).toBe(true);
  });

  it("per-item nodes two collects read run once per item for each collect requested (documented in docs/modifiers.md)", async () => {
    const { _calls: calls } = await import("../fixtures/hamilton-tests/dynamic_parallelism/two_collects.ts");
    const dr = await build(fixture("two_collects"), undefined);
    calls.clear();
    await dr.execute(["doubled_all", "tripled_sum"], { inputs: { list: [1, 2, 3] } });
    expect(Object.fromEntries(calls)).toEqual({ items: 1, doubled: 6, tripled: 3 });
    calls.clear();
    await dr.execute(["tripled_sum"], { inputs: { list: [1, 2, 3] } });
    expect(Object.fromEntries(calls)).toEqual({ items: 1, doubled: 3, tripled: 3 });
  });

  it("an item a worker cannot receive (a function) fails as worker_failed naming the block and saying to pass data", async () => {
    const dr = await build(fixture("ordered_items"), workers);
    const error = await rejection(dr.execute(["gathered"], { inputs: { list: [1, () => 1], factor: 1, failOn: 99 } }));
    expect(error).toMatchObject({ code: "worker_failed", node: "gathered" });
    expect(error.message).toContain("must be data (structured-cloneable)");
    expect(error.message).not.toContain("..");
  });

  it("withConcurrency(n) keeps at most n of a block's async items in flight, in item order (Hamilton's max_tasks; property)", async () => {
    const { _flight: flight } = await import("../fixtures/hamilton-tests/dynamic_parallelism/async_items.ts");
    const drivers = new Map<number | undefined, Awaited<ReturnType<typeof build>>>();
    for (const limit of [undefined, 1, 2, 4]) {
      const builder = new Builder().withModules(fixture("async_items"));
      drivers.set(limit, await (limit === undefined ? builder : builder.withConcurrency(limit)).build());
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(undefined, 1, 2, 4), fc.integer({ min: 0, max: 8 }), async (limit, count) => {
        flight.max = 0;
        const { all } = await drivers.get(limit)!.execute(["all"], { inputs: { count, failOn: -1 } });
        expect(all).toEqual(Array.from({ length: count }, (_, i) => i * 10));
        expect(flight.max).toBeLessThanOrEqual(limit ?? count);
        if (limit !== undefined) expect(flight.max).toBe(Math.min(limit, count));
      }),
      { numRuns: 15 },
    );
  });

  it("under a limit, a failing item stops further items from starting and fails the run naming it", async () => {
    const { _flight: flight } = await import("../fixtures/hamilton-tests/dynamic_parallelism/async_items.ts");
    const dr = await new Builder().withModules(fixture("async_items")).withConcurrency(1).build();
    flight.started = [];
    const error = await rejection(dr.execute(["all"], { inputs: { count: 10, failOn: 2 } }));
    expect(error).toMatchObject({ code: "node_failed", node: "fetched", details: { item: 2 } });
    expect(flight.started).toEqual([0, 1, 2]);
  });

  it("without workers everything runs in this thread", async () => {
    const dr = await build(fixture("where_it_runs"), inlineExecutor());
    const { tagged_single, gathered } = (await dr.execute(["tagged_single", "gathered"], { inputs: { count: 3 } })) as { tagged_single: number; gathered: { items: [number, number][]; collectThread: number } };
    expect(new Set([tagged_single, gathered.collectThread, ...gathered.items.flat()])).toEqual(new Set([threadId]));
  });

  it("on two worker threads, items that keep their thread busy overlap (test_parallelism_would_take_too_long_with_no_parallelism)", async () => {
    const dr = await build(fixture("parallel_delayed"), workers);
    const { sum_step_squared_plus_step_cubed: steps } = (await dr.execute(["sum_step_squared_plus_step_cubed"], { inputs: { number_of_steps: 6, delay_ms: 150 } })) as {
      sum_step_squared_plus_step_cubed: { value: number; start: number; end: number; thread: number }[];
    };
    expect(steps.map((step) => step.value)).toEqual([0, 2, 12, 36, 80, 150]);
    expect(new Set(steps.map((step) => step.thread)).size).toBe(2);
    const overlapping = steps.some((a, i) => steps.some((b, j) => i !== j && a.start < b.end && b.start < a.end));
    expect(overlapping).toBe(true);
  });

  it.each([
    ["its collect gathered by the outer collect", "nested_blocks", "outer"],
    ["two steps inside, its collect read by a per-item node", "nested_deep", "shifted"],
  ])("a fan-out inside another block is refused at build, naming both parallelizable nodes (%s)", async (_case, module, read) => {
    const error = await rejection(new Builder().withModules(fixture(module)).build());
    expect(error).toMatchObject({ code: "invalid_modifier", node: "inner" });
    expect(error.message).toContain(`"inner" reads "${read}", a per-item value of parallelizable "outer", and is itself parallelizable; nested fan-outs are not supported`);
  });
});
