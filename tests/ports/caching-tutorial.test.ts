/**
 * Port of Hamilton's examples/caching/tutorial.ipynb (tests/fixtures/ports/caching-tutorial): each
 * `%%cell_to_module` cell is a module, each driver a Builder with `withCache`, all sharing one
 * cache folder as the notebook shares `.hamilton_cache`, and the notebook's cells run in its
 * order. `dr.cache.view_run()` and the logged `get_result::hit` / `execute_node` lines are
 * `dr.lastCacheRun()`'s hits and misses. Two sections differ from the notebook on purpose
 * (docs/hamilton.md): a recomputed node that returns the value it returned before does not make
 * its consumers hit, and editing the module's DATA constant is a code change.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, diskStore, FuncflowError, type CacheOptions } from "funcflow";
import { InMemoryStore } from "../fixtures/ports/caching-tutorial/in_memory_store.ts";
import { caught, rejection } from "../support/caught.ts";

const fixture = (name: string) => new URL(`../fixtures/ports/caching-tutorial/${name}.ts`, import.meta.url);

/** The notebook's five rows, then the five its "changing external data" cell adds. */
const ROWS = [
  ["2024-09-13", 478.23, "USA"], ["2024-09-12", 251.67, "USA"], ["2024-09-11", 989.34, "USA"], ["2024-09-11", 742.14, "Canada"], ["2024-09-09", 584.56, "Canada"],
  ["2024-09-08", 321.85, "USA"], ["2024-09-07", 918.67, "USA"], ["2024-09-06", 135.22, "Mexico"], ["2024-09-05", 789.12, "Mexico"], ["2024-09-04", 432.78, "Brazil"],
] as const;
/** amount_per_country worked out from the rows: the amounts after the cutoff, converted at `rates`, summed by country. */
function expectedAmounts(rows: number, cutoff: string, rates: Record<string, number>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [date, amount, country] of ROWS.slice(0, rows)) if (date > cutoff) sums[country] = (sums[country] ?? 0) + amount * (rates[country] ?? 1);
  return sums;
}
const expectAmounts = (actual: unknown, expected: Record<string, number>) => {
  expect(Object.keys(actual as object)).toEqual(Object.keys(expected).sort());
  for (const [country, sum] of Object.entries(expected)) expect((actual as Record<string, number>)[country]).toBeCloseTo(sum, 9);
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-caching-tutorial-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One notebook cell: a driver over `module` with the cache, run once; what it returned and what the cache did. */
async function cell(module: string, outputs: string[], cutoff_date: string, cache: Omit<CacheOptions, "dir"> = {}) {
  const dr = await new Builder().withModules(fixture(module)).withCache({ dir, ...cache }).build();
  const results = await dr.execute(outputs, { inputs: { cutoff_date } });
  const report = dr.lastCacheRun()!;
  const executed = report.events.filter((event) => event.kind === "miss" || event.kind === "bypassed").map((event) => event.node);
  const reasons = Object.fromEntries(report.events.flatMap((event) => (event.kind === "miss" || event.kind === "bypassed" ? [[event.node, event.reason]] : [])));
  return { results, hits: [...report.hits], executed, reasons };
}

describe("ports/caching/tutorial", () => {
  it("Basics: the first run executes raw_data and processed_data, the second reads both from the cache", async () => {
    const first = await cell("basics_module", ["processed_data"], "2024-09-01");
    expect(first.executed).toEqual(["raw_data", "processed_data"]);
    expect(first.reasons).toEqual({ raw_data: "no_entry", processed_data: "no_entry" });
    const rows = first.results.processed_data as { cities: string; amound_in_usd: number }[];
    expect(rows.map((row) => row.cities)).toEqual(["New York", "Los Angeles", "Chicago", "Montréal", "Vancouver"]);
    // The notebook's print: Montréal 541.7622, Vancouver 426.7288.
    expect(rows.map((row) => Number(row.amound_in_usd.toFixed(4)))).toEqual([478.23, 251.67, 989.34, 541.7622, 426.7288]);
    const second = await cell("basics_module", ["processed_data"], "2024-09-01");
    expect(second.hits).toEqual(["raw_data", "processed_data"]);
    expect(second.executed).toEqual([]);
    expect(second.results.processed_data).toEqual(first.results.processed_data);
  });

  it("Adding a node: another module's driver reuses raw_data and processed_data and executes amount_per_country alone", async () => {
    const run = await cell("adding_node_module", ["processed_data", "amount_per_country"], "2024-09-01");
    expect(run.hits).toEqual(["raw_data", "processed_data"]);
    expect(run.executed).toEqual(["amount_per_country"]);
    // The notebook's print: Canada 968.491, USA 1719.240.
    expectAmounts(run.results.amount_per_country, expectedAmounts(5, "2024-09-01", { Canada: 0.73 }));
  });

  it("Changing inputs: a new cutoff_date executes processed_data and everything after it", async () => {
    const run = await cell("adding_node_module", ["processed_data", "amount_per_country"], "2024-09-11");
    expect(run.hits).toEqual(["raw_data"]);
    expect(run.reasons).toEqual({ processed_data: "input_changed", amount_per_country: "input_changed" });
    expectAmounts(run.results.amount_per_country, { USA: 729.9 });
  });

  it("Changing inputs to a cutoff keeping the same rows: funcflow executes amount_per_country again, where Hamilton reads it (deliberate)", async () => {
    const run = await cell("adding_node_module", ["processed_data", "amount_per_country"], "2024-09-05");
    expect(run.hits).toEqual(["raw_data"]);
    // Hamilton hashes processed_data's value, sees the frame of the 2024-09-01 run and reads
    // amount_per_country; funcflow versions a computed node by its key, never hashing big values.
    expect(run.reasons).toEqual({ processed_data: "input_changed", amount_per_country: "input_changed" });
    expectAmounts(run.results.amount_per_country, expectedAmounts(5, "2024-09-05", { Canada: 0.73 }));
  });

  it("Changing code: a new conversion rate is a code change of processed_data (a module constant it reads), the comment-free edit included", async () => {
    const run = await cell("changing_code_module", ["processed_data", "amount_per_country"], "2024-09-01");
    expect(run.hits).toEqual(["raw_data"]);
    expect(run.reasons).toEqual({ processed_data: "code_changed", amount_per_country: "input_changed" });
    // The notebook's print: Canada 941.957.
    expectAmounts(run.results.amount_per_country, expectedAmounts(5, "2024-09-01", { Canada: 0.71 }));
    const second = await cell("changing_code_module_2", ["processed_data", "amount_per_country"], "2024-09-01");
    expect(second.reasons).toEqual({ processed_data: "code_changed", amount_per_country: "input_changed" });
    expect(second.results.amount_per_country).toEqual(run.results.amount_per_country);
  });

  it("Changing external data: editing the module's DATA is a code change of raw_data, so funcflow is not stale where Hamilton is (deliberate)", async () => {
    const run = await cell("changing_external_module", ["amount_per_country"], "2024-09-01");
    // Hamilton hashes raw_data's body alone and reads the five-row result; funcflow's code version
    // covers the module constants a function reads.
    expect(run.reasons).toEqual({ raw_data: "code_changed", processed_data: "input_changed", amount_per_country: "input_changed" });
    expectAmounts(run.results.amount_per_country, expectedAmounts(10, "2024-09-01", { Canada: 0.71, Brazil: 0.18, Mexico: 0.05 }));
  });

  it(".with_cache(recompute=[\"raw_data\"]): behaviors { raw_data: \"recompute\" } executes it and, with new data, what follows", async () => {
    const run = await cell("changing_external_module", ["amount_per_country"], "2024-09-01", { behaviors: { raw_data: "recompute" } });
    expect(run.reasons.raw_data).toBe("recompute");
    expect(run.executed).toEqual(["raw_data", "processed_data", "amount_per_country"]);
    // The notebook's print: Brazil 77.9004, Canada 941.9570, Mexico 46.2170, USA 2959.7600.
    const amounts = run.results.amount_per_country as Record<string, number>;
    expect(Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, Number(v.toFixed(4))]))).toEqual({ Brazil: 77.9004, Canada: 941.957, Mexico: 46.217, USA: 2959.76 });
  });

  it("@cache(behavior=\"recompute\"): cacheBehavior in the source; raw_data executes and, its value unchanged, the rest is read", async () => {
    const run = await cell("changing_external_decorator_module", ["amount_per_country"], "2024-09-01");
    expect(run.executed).toEqual(["raw_data"]);
    expect(run.hits).toEqual(["processed_data", "amount_per_country"]);
  });

  it("Force recompute all (recompute=True): defaultBehavior \"recompute\" executes every node", async () => {
    const run = await cell("changing_external_decorator_module", ["amount_per_country"], "2024-09-01", { defaultBehavior: "recompute" });
    expect(run.reasons).toEqual({ raw_data: "recompute", processed_data: "recompute", amount_per_country: "recompute" });
  });

  it("default_behavior=\"disable\": caching is opt-in; raw_data keeps its recompute from the source, the rest bypass the cache", async () => {
    const run = await cell("changing_external_decorator_module", ["amount_per_country"], "2024-09-01", { defaultBehavior: "disable" });
    expect(run.hits).toEqual([]);
    expect(run.reasons).toEqual({ raw_data: "recompute", processed_data: "disable", amount_per_country: "disable" });
  });

  it("a behaviour that is not one is refused by withCache, naming the node and the behaviours there are", () => {
    const error = caught(() => new Builder().withModules(fixture("adding_node_module")).withCache({ dir, behaviors: { raw_data: "always" as never } }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain("raw_data");
    expect(error.message).toContain("recompute");
  });

  it("without cutoff_date the run names it and processed_data, before anything runs or is stored", async () => {
    const dr = await new Builder().withModules(fixture("adding_node_module")).withCache({ dir }).build();
    const error = await rejection(dr.execute(["amount_per_country"]));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain('"cutoff_date", needed by "processed_data"');
  });
});

/**
 * examples/caching/in_memory_tutorial.ipynb: its dataflow_module is the tutorial's
 * changing_code_module_2 cell word for word. The in-memory stores are user code here
 * (tests/fixtures/ports/caching-tutorial/in_memory_store.ts), given to `withCache({ store })`.
 */
describe("ports/caching/in_memory_tutorial", () => {
  const build = (cache: CacheOptions) => new Builder().withModules(fixture("changing_code_module_2")).withCache(cache).build();

  it("execution 1 runs every node, execution 2 reads them from memory; nothing is written to disk", async () => {
    const store = new InMemoryStore();
    const dr = await build({ store, dir: join(dir, "never-written") });
    const first = await dr.execute(["processed_data"], { inputs: { cutoff_date: "2024-09-01" } });
    expect(dr.lastCacheRun()!.misses).toEqual(["raw_data", "processed_data"]);
    expect(store.size()).toEqual({ raw_data: 1, processed_data: 1 });
    const second = await dr.execute(["processed_data"], { inputs: { cutoff_date: "2024-09-01" } });
    expect(dr.lastCacheRun()!.hits).toEqual(["raw_data", "processed_data"]);
    expect(second).toEqual(first);
    await expect(readdir(join(dir, "never-written"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("persist_to: the entries copied into diskStore(path) are hits for a driver with withCache({ dir: path })", async () => {
    const store = new InMemoryStore();
    const inMemory = await build({ store });
    const first = await inMemory.execute(["amount_per_country"], { inputs: { cutoff_date: "2024-09-01" } });
    const path = join(dir, "persisted_cache");
    await store.persistTo(diskStore(path));
    const onDisk = await build({ dir: path });
    const again = await onDisk.execute(["amount_per_country"], { inputs: { cutoff_date: "2024-09-01" } });
    expect(onDisk.lastCacheRun()!.hits).toEqual(["raw_data", "processed_data", "amount_per_country"]);
    expect(onDisk.lastCacheRun()!.misses).toEqual([]);
    expect(again).toEqual(first);
  });
});
