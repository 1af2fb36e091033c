import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Table, Vector } from "apache-arrow";
import type { CacheEvent } from "funcflow";
import { cachedDriver, calls, fixtureCopy, removeScratchFolders, resetCalls, scratchFolder } from "./cache-fixture.ts";

const everything = ["taxed", "series", "frame", "column", "report"] as const;
const inputs = { seed: 3 };

beforeEach(resetCalls);
afterAll(removeScratchFolders);

/**
 * `node:reason` for each event of a kind, sorted: lookups of independent nodes wait on the file
 * system concurrently, so their events (and calls) may come in either order.
 */
const summary = (events: readonly CacheEvent[] | undefined, kind: CacheEvent["kind"]) =>
  (events ?? []).filter((event) => event.kind === kind).map((event) => ("reason" in event ? `${event.node}:${event.reason}` : event.node)).sort();
const sorted = (names: readonly string[]) => [...names].sort();

describe("withCache: hits and misses", () => {
  it("driver.execute stores every node on the first run and reads them all on the second, with equal results", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const first = await cachedDriver(module, dir);
    const computed = await first.execute(everything, { inputs });
    expect(sorted(calls())).toEqual(["base", "column", "frame", "report", "series", "taxed"]);
    expect(sorted(first.lastCacheRun()!.misses)).toEqual(["base", "column", "frame", "report", "series", "taxed"]);
    expect(summary(first.lastCacheRun()?.events, "miss")).toEqual(["base:no_entry", "column:no_entry", "frame:no_entry", "report:no_entry", "series:no_entry", "taxed:no_entry"]);
    expect(summary(first.lastCacheRun()?.events, "stored")).toHaveLength(6);

    resetCalls();
    const second = await cachedDriver(module, dir); // a new Driver: nothing is kept in memory
    const cached = await second.execute(everything, { inputs });
    expect(calls()).toEqual([]);
    expect(sorted(second.lastCacheRun()!.hits)).toEqual(["base", "column", "frame", "report", "series", "taxed"]);
    expect(second.lastCacheRun()!.misses).toEqual([]);
    const { frame, column, ...plain } = cached;
    const { frame: computedFrame, column: computedColumn, ...computedPlain } = computed;
    expect(plain).toEqual(computedPlain);
    expect([...(column as Vector)]).toEqual([...(computedColumn as Vector)]);
    expect(String((column as Vector).type)).toBe("Float64");
    expect((frame as Table).schema.fields.map(String)).toEqual((computedFrame as Table).schema.fields.map(String));
    expect(cached.frame).toBeInstanceOf(Table);
    expect(cached.column).toBeInstanceOf(Vector);
    expect(cached.series).toBeInstanceOf(Float64Array);
    expect((cached.frame as Table).toArray().map((row) => row.toJSON())).toEqual((computed.frame as Table).toArray().map((row) => row.toJSON()));
    expect(cached.report).toEqual({ total: 7.700000000000001, rows: 5, when: new Date(Date.UTC(2024, 0, 8)), tags: new Set(["a", "b"]) });
  });

  it("driver.execute recomputes only what depends on a changed input, naming the input", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await (await cachedDriver(module, dir)).execute(["taxed", "unrelated"], { inputs: { seed: 3, other: 1 } });
    resetCalls();
    const dr = await cachedDriver(module, dir);
    await dr.execute(["taxed", "unrelated"], { inputs: { seed: 4, other: 1 } });
    expect(calls()).toEqual(["base", "taxed"]); // a chain: its order is fixed
    const misses = dr.lastCacheRun()!.events.filter((event) => event.kind === "miss");
    expect(misses).toMatchObject([
      { node: "base", reason: "input_changed", changed: ["seed"] },
      { node: "taxed", reason: "input_changed", changed: ["base"] },
    ]);
    expect(dr.lastCacheRun()!.hits).toEqual(["unrelated"]);
  });

  it("driver.execute recomputes a node whose config value changed, naming the config key", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await (await cachedDriver(module, dir, {}, 0.1)).execute(["taxed"], { inputs });
    resetCalls();
    const dr = await cachedDriver(module, dir, {}, 0.2);
    expect(await dr.execute(["taxed"], { inputs })).toEqual({ taxed: 8.4 });
    expect(calls()).toEqual(["taxed"]);
    expect(dr.lastCacheRun()!.events.filter((event) => event.kind === "miss")).toMatchObject([{ node: "taxed", reason: "config_changed", changed: ["rate"] }]);
  });

  it("driver.execute recomputes a node whose function changed, and what depends on it", async () => {
    const dir = scratchFolder();
    await (await cachedDriver(fixtureCopy(dir), dir)).execute(["taxed", "series"], { inputs });
    resetCalls();
    const edited = fixtureCopy(dir, ["return base * (1 + rate);", "return base * (1 + rate) + 1;"]);
    const dr = await cachedDriver(edited, dir);
    expect(await dr.execute(["taxed", "series"], { inputs })).toMatchObject({ taxed: 8.700000000000001 });
    expect(calls()).toEqual(["taxed"]);
    expect(summary(dr.lastCacheRun()?.events, "miss")).toEqual(["taxed:code_changed"]);
    expect(sorted(dr.lastCacheRun()!.hits)).toEqual(["base", "series"]);
  });

  it("driver.execute recomputes the nodes that call a module-local helper that changed", async () => {
    const dir = scratchFolder();
    await (await cachedDriver(fixtureCopy(dir), dir)).execute(["taxed", "unrelated"], { inputs: { seed: 3, other: 1 } });
    resetCalls();
    const edited = fixtureCopy(dir, ["return x * 2;", "return x * 3;"]);
    const dr = await cachedDriver(edited, dir);
    expect(await dr.execute(["taxed", "unrelated"], { inputs: { seed: 3, other: 1 } })).toEqual({ taxed: 11, unrelated: 0 });
    expect(calls()).toEqual(["base", "taxed"]);
    expect(summary(dr.lastCacheRun()?.events, "miss")).toEqual(["base:code_changed", "taxed:input_changed"]);
  });
});

describe("withCache: behaviours", () => {
  it("a recompute node always runs, and its dependents hit when its value comes out the same", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await (await cachedDriver(module, dir)).execute(["parityLabel"], { inputs: { seed: 3 } });
    resetCalls();
    const dr = await cachedDriver(module, dir);
    expect(await dr.execute(["parityLabel"], { inputs: { seed: 5 } })).toEqual({ parityLabel: "odd" });
    expect(calls()).toEqual(["parity"]);
    expect(summary(dr.lastCacheRun()?.events, "miss")).toEqual(["parity:recompute"]);
    expect(dr.lastCacheRun()!.hits).toEqual(["parityLabel"]);
  });

  it("the Builder's behaviour wins over the modifier's; disable makes dependents miss", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await (await cachedDriver(module, dir, { behaviors: { parity: "default" } })).execute(["parityLabel"], { inputs });
    resetCalls();
    const asDefault = await cachedDriver(module, dir, { behaviors: { parity: "default" } });
    await asDefault.execute(["parityLabel"], { inputs });
    expect(calls()).toEqual([]);
    resetCalls();
    const disabled = await cachedDriver(module, dir, { behaviors: { base: "disable" } });
    await disabled.execute(["taxed"], { inputs });
    expect(calls()).toEqual(["base", "taxed"]);
    expect(disabled.lastCacheRun()!.events.map((event) => `${event.node}:${event.kind}`)).toEqual(["base:bypassed", "taxed:miss", "taxed:stored"]);
  });

  it("an unhashable input leaves its dependents uncached (said once), unless it is ignored", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const client = new (class Client {
      get(): number {
        return 10;
      }
    })();
    const warnings: string[] = [];
    const plain = await cachedDriver(module, dir, { onWarning: (message) => warnings.push(message) });
    await plain.execute(["fetched"], { inputs: { seed: 1, client } });
    await plain.execute(["fetched"], { inputs: { seed: 1, client } });
    expect(calls()).toEqual(["fetched", "fetched"]);
    expect(plain.lastCacheRun()!.events).toMatchObject([{ kind: "miss", node: "fetched", reason: "unhashable_input", changed: ["client"] }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('its input "client" cannot be fingerprinted');

    resetCalls();
    const ignoring = await cachedDriver(module, dir, { behaviors: { client: "ignore" } });
    await ignoring.execute(["fetched"], { inputs: { seed: 1, client } });
    await ignoring.execute(["fetched"], { inputs: { seed: 1, client } });
    expect(calls()).toEqual(["fetched"]);
    expect(ignoring.lastCacheRun()!.hits).toEqual(["fetched"]);
  });

  it("a value the cache cannot store is computed every time, said once", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const warnings: string[] = [];
    const dr = await cachedDriver(module, dir, { onWarning: (message) => warnings.push(message) });
    await dr.execute(["model"], { inputs });
    await dr.execute(["model"], { inputs });
    expect(calls().filter((node) => node === "model")).toHaveLength(2);
    expect(summary(dr.lastCacheRun()?.events, "not_stored")).toEqual(["model:unsupported_value"]);
    expect(warnings).toEqual([expect.stringContaining('node "model" is not cached: its value is not')]);
  });

  it("withCache rejects an unknown behaviour, and builder.build a behaviour for an unknown node", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await expect(Promise.resolve().then(() => cachedDriver(module, dir, { behaviors: { base: "sometimes" as never } }))).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(cachedDriver(module, dir, { behaviors: { bse: "ignore" } })).rejects.toMatchObject({ code: "unknown_node", node: "bse", suggestion: ["base"] });
    await expect(cachedDriver(module, dir, { behaviors: { bse: "ignore", zzz: "disable" } })).rejects.toThrow('behaviors name "bse" (did you mean "base"?), "zzz", which the graph does not have');
  });
});
