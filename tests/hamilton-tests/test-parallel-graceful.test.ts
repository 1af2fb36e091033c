/**
 * Follows the facts asserted by Hamilton's tests/test_parallel_graceful.py (with
 * tests/resources/graceful_parallel.py): under GracefulErrorAdapter, a Parallelizable whose
 * generator fails early, midway or not at all, or whose input fails, and per-item nodes failing
 * for some items. A failed fan-out runs the block once on the sentinel, so the collect gathers
 * `[sentinel]`; with `tryAllParallel` (Hamilton's `try_all_parallel`, default true) the items
 * made before a midway failure are kept and the sentinel added after them; a sentinel-accepting
 * node inside the block is called with the sentinels. Fixture:
 * tests/fixtures/hamilton-tests/graph/graceful_parallel.ts.
 * `allow_injection` is `gracefulErrors({ allowInjection })`. The block cases run twice: in
 * process, and with the block's items on worker threads (sent node by node under graceful errors).
 */
import { afterAll, describe, expect, it } from "vitest";
import { Builder, type NodeExecutor } from "funcflow";
import { gracefulErrors } from "funcflow/adapters";
import { workerExecutor } from "funcflow/workers";

const module = new URL("../fixtures/hamilton-tests/graph/graceful_parallel.ts", import.meta.url);

const workers = workerExecutor({ threads: 2 });
afterAll(() => workers.close());

describe.each([
  ["in process", undefined],
  ["on worker threads", workers],
] as const)("hamilton tests/test_parallel_graceful.py, %s", (_where, executor: NodeExecutor | undefined) => {
  async function makeDriver(testState: string, tryAllParallel = true, failFirst = false, allowInjection = true) {
    const graceful = gracefulErrors({ sentinel: null, tryAllParallel, allowInjection });
    const builder = new Builder().withModules(module).withAdapters(graceful).withConfig({ test_state: testState, test_front: failFirst ? "bad" : "good" });
    const dr = await (executor === undefined ? builder : builder.withExecutor(executor)).build();
    return { dr, graceful };
  }

  it.each([
    ["the generator fails before its first item", "early", true, false, [null]],
    ["the generator fails midway: the items before it, then the sentinel", "middle", true, false, [0, 6, 12, 18, 24, null]],
    ["the generator fails midway, tryAllParallel off: the sentinel alone", "middle", false, false, [null]],
    ["per-item failures inside the block", "pass", true, false, [0, 6, 12, 18, 24, 30, null, null, null, null]],
    ["the input of the parallelizable node fails", "pass", false, true, [null]],
  ] as const)("%s", async (_case, state, tryAll, failFirst, expected) => {
    const { dr } = await makeDriver(state, tryAll, failFirst);
    expect(await dr.execute(["distro_gather"], { inputs: { n: 10 } })).toEqual({ distro_gather: expected });
  });

  it("the report names the parallelizable node that failed midway, and the failed input that skipped it", async () => {
    const midway = await makeDriver("middle");
    await midway.dr.execute(["distro_gather"], { inputs: { n: 10 } });
    expect(midway.graceful.lastReport()?.failed.map((failure) => failure.node)).toEqual(["distro"]);
    const front = await makeDriver("pass", true, true);
    await front.dr.execute(["distro_gather"], { inputs: { n: 10 } });
    expect(front.graceful.lastReport()?.failed.map((failure) => failure.node)).toEqual(["input_maker"]);
    expect(front.graceful.lastReport()?.skipped).toEqual([{ node: "distro", because: "input_maker" }]);
  });

  it("a sentinel-accepting node in the block gets each item's sentinels (gather injection)", async () => {
    const { dr } = await makeDriver("pass");
    expect((await dr.execute(["distro_end"], { inputs: { n: 10 } })).distro_end).toEqual([
      [0.0, null], [6.0, null], [12.0, null], [18.0, null], [24.0, 13], [30.0, 16], [null, 19], [null, 22], [null, 25], [null, 28],
    ]);
  });

  it("with allowInjection off, the sentinel-accepting node is skipped on items with a failure", async () => {
    const { dr } = await makeDriver("pass", true, false, false);
    expect((await dr.execute(["distro_end"], { inputs: { n: 10 } })).distro_end).toEqual([null, null, null, null, [24.0, 13], [30.0, 16], null, null, null, null]);
  });

  it("with allowInjection off, a top-level sentinel-accepting node is skipped; on, it runs with the sentinel", async () => {
    const accepting = new URL("../fixtures/hamilton-tests/graph/accepting.ts", import.meta.url);
    const skipping = await new Builder().withModules(accepting).withAdapters(gracefulErrors({ sentinel: null, allowInjection: false })).build();
    expect(await skipping.execute(["accepts"])).toEqual({ accepts: null });
    const injecting = await new Builder().withModules(accepting).withAdapters(gracefulErrors({ sentinel: null })).build();
    expect(await injecting.execute(["accepts"])).toEqual({ accepts: -1 });
  });

  it("with allowInjection off, the one item of a failed fan-out skips the sentinel-accepting node too", async () => {
    const { dr } = await makeDriver("pass", true, true, false);
    expect(await dr.execute(["distro_end"], { inputs: { n: 10 } })).toEqual({ distro_end: [null] });
    const injecting = await makeDriver("pass", true, true, true);
    expect(await injecting.dr.execute(["distro_end"], { inputs: { n: 10 } })).toEqual({ distro_end: [[null, null]] });
  });

  it("without graceful errors the midway failure fails the run, naming the parallelizable node", async () => {
    const dr = await new Builder().withModules(module).withConfig({ test_state: "middle", test_front: "good" }).build();
    await expect(dr.execute(["distro_gather"], { inputs: { n: 10 } })).rejects.toMatchObject({ code: "node_failed", node: "distro" });
  });

  it("gracefulErrors refuses a tryAllParallel or allowInjection that is not a boolean", () => {
    expect(() => gracefulErrors({ tryAllParallel: "yes" as never })).toThrowError(expect.objectContaining({ code: "invalid_argument" }));
    expect(() => gracefulErrors({ allowInjection: 0 as never })).toThrowError(expect.objectContaining({ code: "invalid_argument" }));
  });
});

it("the worker-thread runs above sent their blocks' items to the workers", () => {
  expect(workers.stats().blockItemsOnWorkers).toBeGreaterThan(0);
});
