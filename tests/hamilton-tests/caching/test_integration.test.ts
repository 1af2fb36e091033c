/**
 * Follows Hamilton's tests/caching/test_integration.py (facts only): over two or three runs
 * sharing one cache, which nodes are computed and which are read, how many entries the store
 * holds, and that cached results equal computed ones. Hamilton counts metadata rows; funcflow's
 * store holds one entry per node and key, which is what `MemoryStore.size` counts.
 *
 * Where funcflow differs on purpose (docs/hamilton.md, "differences"): a computed node is
 * versioned by its cache key, not by a hash of its value, so a node that runs again and returns
 * what it returned before does not let its consumers hit (Hamilton's "same result, don't
 * recompute" cases); a Parallelizable fan-out is cached like any node; a left-out default and
 * the same value passed explicitly key differently. Those cases assert funcflow's documented
 * behaviour, and the `recompute` behaviour that gives Hamilton's reuse.
 *
 * Not ported: the executor matrix (threads, processes) and the SQLite/in-memory store matrix —
 * funcflow has one store interface and its executors do not change cache keys.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { cachedDriver, calls, decisions, inlineModule, MemoryStore, removeInlineModules, resetCalls } from "./support.ts";

beforeEach(resetCalls);
afterAll(removeInlineModules);

const A = `export function A(): number { track("A"); return 1; }`;
const A_SAME_RESULT = `export function A(): number { track("A"); return 1 + 0; }`;
const A_OTHER_RESULT = `export function A(): number { track("A"); return 2; }`;
const B = `export function B(A: number): number { track("B"); return 0 - A; }`;
const B_RAISES = `export function B(A: number): number { track("B"); throw new Error("B failed " + A); }`;
const C = `export function C(B: number): number { track("C"); return B + 1; }`;

/** Runs `outputs` on a new Driver over `module` and returns the results, the calls and the cache's decisions. */
async function run(module: URL, store: MemoryStore, outputs: string[], options: Parameters<typeof cachedDriver>[2] = {}, request: { inputs?: Record<string, unknown>; overrides?: Record<string, unknown> } = {}) {
  resetCalls();
  const dr = await cachedDriver(module, store, options);
  const results = await dr.execute(outputs, request);
  return { results, ran: calls(), decided: decisions(dr.lastCacheRun()?.events), report: dr.lastCacheRun()! };
}

/** The same request without any cache: what every cached run must return. */
async function uncached(module: URL, outputs: string[], request: { inputs?: Record<string, unknown>; overrides?: Record<string, unknown> } = {}) {
  const dr = await new Builder().withModules(module).withManifestCache(false).build();
  return dr.execute(outputs, request);
}

describe("code changes (test_code_change_*_do_recompute)", () => {
  it.each([
    ["same result", A_SAME_RESULT, 1],
    ["different result", A_OTHER_RESULT, 2],
  ])("a changed function (%s) is computed again and stored beside the old entry", async (_, changed, value) => {
    const store = new MemoryStore();
    const before = inlineModule(A);
    const first = await run(before, store, ["A"]);
    expect(first).toMatchObject({ ran: ["A"], decided: { A: "no_entry" }, results: { A: 1 } });
    expect(store.size).toBe(1);
    const second = await run(before, store, ["A"]);
    expect(second).toMatchObject({ ran: [], decided: { A: "hit" }, results: first.results });
    expect(store.size).toBe(1);
    const third = await run(inlineModule(changed), store, ["A"]);
    expect(third).toMatchObject({ ran: ["A"], decided: { A: "code_changed" }, results: { A: value } });
    expect(store.size).toBe(2);
  });
});

describe("inputs (test_input_data_change_do_recompute)", () => {
  it("a new input value computes the node again, naming the input; the old entry stays", async () => {
    const store = new MemoryStore();
    const module = inlineModule(B);
    const first = await run(module, store, ["B"], {}, { inputs: { A: 1 } });
    expect(first).toMatchObject({ ran: ["B"], results: { B: -1 } });
    expect(store.size).toBe(1);
    expect(await run(module, store, ["B"], {}, { inputs: { A: 1 } })).toMatchObject({ ran: [], decided: { B: "hit" }, results: { B: -1 } });
    const third = await run(module, store, ["B"], {}, { inputs: { A: 2 } });
    expect(third).toMatchObject({ ran: ["B"], results: { B: -2 } });
    expect(third.report.events).toContainEqual(expect.objectContaining({ kind: "miss", node: "B", reason: "input_changed", changed: ["A"] }));
    expect(store.size).toBe(2);
    // Back to the first value: its entry is still there.
    expect(await run(module, store, ["B"], {}, { inputs: { A: 1 } })).toMatchObject({ ran: [], decided: { B: "hit" }, results: { B: -1 } });
  });
});

describe("a dependency's code changes (test_dependency_code_change_*)", () => {
  it("different result: the dependency and its consumer are computed again (4 entries)", async () => {
    const store = new MemoryStore();
    const before = inlineModule(`${A}\n${B}`);
    expect(await run(before, store, ["B"])).toMatchObject({ ran: ["A", "B"], results: { B: -1 } });
    expect(await run(before, store, ["B"])).toMatchObject({ ran: [], decided: { A: "hit", B: "hit" } });
    expect(store.size).toBe(2);
    const after = inlineModule(`${A_OTHER_RESULT}\n${B}`);
    const third = await run(after, store, ["B"]);
    expect(third).toMatchObject({ ran: ["A", "B"], decided: { A: "code_changed", B: "input_changed" }, results: await uncached(after, ["B"]) });
    expect(store.size).toBe(4);
  });

  it("same result: funcflow computes the consumer again (a computed node is versioned by its key; Hamilton reads B)", async () => {
    const store = new MemoryStore();
    const before = inlineModule(`${A}\n${B}`);
    await run(before, store, ["B"]);
    const after = inlineModule(`${A_SAME_RESULT}\n${B}`);
    const third = await run(after, store, ["B"]);
    expect(third).toMatchObject({ ran: ["A", "B"], decided: { A: "code_changed", B: "input_changed" }, results: { B: -1 } });
    expect(store.size).toBe(4);
  });

  it("same result with A on `recompute` (versioned by value): B is read, as in Hamilton", async () => {
    const store = new MemoryStore();
    const options = { behaviors: { A: "recompute" as const } };
    await run(inlineModule(`${A}\n${B}`), store, ["B"], options);
    const third = await run(inlineModule(`${A_SAME_RESULT}\n${B}`), store, ["B"], options);
    expect(third).toMatchObject({ ran: ["A"], decided: { A: "recompute", B: "hit" }, results: { B: -1 } });
  });
});

describe("config changes", () => {
  const body = `
export const rate__us = ff.configWhen({ region: "US" }, (amount: number): number => { track("rate"); return amount * 0.07; });
export const rate__eu = ff.configWhen({ region: "EU" }, (amount: number): number => { track("rate"); return amount * 0.2; });
export function scaled(amount: number, factor: number): number { track("scaled"); return amount * factor; }
export function unrelated(amount: number): number { track("unrelated"); return amount + 1; }
`;
  const outputs = ["rate", "scaled", "unrelated"];

  it("a config value a node reads: only that node is computed again, config_changed naming the key; going back reads the first entry", async () => {
    const store = new MemoryStore();
    const module = inlineModule(body);
    const at = async (factor: number) => {
      resetCalls();
      const dr = await cachedDriver(module, store, {}, { region: "US", factor });
      const results = await dr.execute(outputs, { inputs: { amount: 100 } });
      return { results, ran: calls(), decided: decisions(dr.lastCacheRun()?.events), report: dr.lastCacheRun()! };
    };
    expect((await at(2)).ran).toEqual(["rate", "scaled", "unrelated"]);
    const changed = await at(3);
    expect(changed).toMatchObject({ ran: ["scaled"], decided: { rate: "hit", scaled: "config_changed", unrelated: "hit" }, results: { scaled: 300 } });
    expect(changed.report.events).toContainEqual(expect.objectContaining({ kind: "miss", node: "scaled", changed: ["factor"] }));
    expect(await at(2)).toMatchObject({ ran: [], results: { scaled: 200 } });
  });

  it("a config switching a node's variant: the other function is computed (code_changed), switching back reads the old entry", async () => {
    const store = new MemoryStore();
    const module = inlineModule(body);
    const at = async (region: string) => {
      resetCalls();
      const dr = await cachedDriver(module, store, {}, { region, factor: 2 });
      const results = await dr.execute(outputs, { inputs: { amount: 100 } });
      return { results, ran: calls(), decided: decisions(dr.lastCacheRun()?.events) };
    };
    expect(await at("US")).toMatchObject({ ran: ["rate", "scaled", "unrelated"] });
    expect(await at("EU")).toMatchObject({ ran: ["rate"], decided: { rate: "code_changed", scaled: "hit", unrelated: "hit" }, results: { rate: 20 } });
    const back = await at("US");
    expect(back).toMatchObject({ ran: [], decided: { rate: "hit" } });
    expect(back.results.rate).toBeCloseTo(7);
  });
});

describe("overrides (test_override_with_*_value_*)", () => {
  it("an override with another value: the overridden node is not computed, its consumer is (and the override is not stored)", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`${A}\n${B}`);
    await run(module, store, ["B"]);
    expect(await run(module, store, ["B"])).toMatchObject({ ran: [] });
    const third = await run(module, store, ["B"], {}, { overrides: { A: 13 } });
    expect(third).toMatchObject({ ran: ["B"], decided: { B: "input_changed" }, results: { B: -13 } });
    expect(third.decided).not.toHaveProperty("A");
    expect(store.size).toBe(3);
    expect(store.keysOf("A")).toHaveLength(1);
  });

  it("an override with the value A computes: A is not computed; B is read again from the second such run on", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`${A}\n${B}`);
    await run(module, store, ["B"]);
    // Hamilton reads B at once (A's data version is a hash of 1 either way). funcflow versions
    // a computed A by its key and an override by its value, so B misses once, then hits.
    const third = await run(module, store, ["B"], {}, { overrides: { A: 1 } });
    expect(third).toMatchObject({ ran: ["B"], decided: { B: "input_changed" }, results: { B: -1 } });
    expect(await run(module, store, ["B"], {}, { overrides: { A: 1 } })).toMatchObject({ ran: [], decided: { B: "hit" }, results: { B: -1 } });
  });
});

describe("a node that raises (test_node_that_raises_error)", () => {
  it("fails the run, stores nothing for it, and leaves the entries as they were; the report still says what hit and missed", async () => {
    const store = new MemoryStore();
    await run(inlineModule(`${A}\n${B}`), store, ["B"]);
    expect(store.size).toBe(2);
    const raising = inlineModule(`${A}\n${B_RAISES}`);
    resetCalls();
    const dr = await cachedDriver(raising, store);
    const error = await dr.execute(["B"]).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message) + String((error as { cause?: Error }).cause?.message)).toContain("B failed 1");
    expect(calls()).toEqual(["B"]); // A is read from the cache
    expect(decisions(dr.lastCacheRun()?.events)).toEqual({ A: "hit", B: "code_changed" });
    expect(dr.lastCacheRun()!.events.filter((event) => event.kind === "stored")).toEqual([]);
    expect(store.size).toBe(2);
  });
});

describe("a node changing its input in place (test_caching_pandas_dataframe)", () => {
  it.each([
    ["a plain object", `export function A(): { foo: number[] } { track("A"); return { foo: [0, 1] }; }\nexport function B(A: { foo: number[]; baz?: boolean[] }): { foo: number[] } { track("B"); A.baz = [true, false]; A.foo[0] = 9; return A; }`],
    ["a typed array", `export function A(): Float64Array { track("A"); return new Float64Array([0, 1]); }\nexport function B(A: Float64Array): Float64Array { track("B"); A[0] = 9; return A; }`],
  ])("A's entry holds what A returned (%s), not what B made of it; both are read on the second run", async (_, body) => {
    const store = new MemoryStore();
    const module = inlineModule(body);
    const first = await run(module, store, ["A", "B"]);
    expect(first.ran).toEqual(["A", "B"]);
    const second = await run(module, store, ["A", "B"]);
    expect(second).toMatchObject({ ran: [], decided: { A: "hit", B: "hit" } });
    const fresh = await uncached(module, ["A"]);
    expect(second.results.A).toEqual(fresh.A);
    expect(second.results.B).toEqual(first.results.B);
  });
});

describe("behaviours (test_recompute/disable/ignore_behavior)", () => {
  it("recompute: A runs on every run; B misses once after the switch (A's version turns from key to value), then is read", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`${A}\n${B}`);
    await run(module, store, ["B"]);
    expect(await run(module, store, ["B"])).toMatchObject({ ran: [] });
    const options = { behaviors: { A: "recompute" as const } };
    expect(await run(module, store, ["B"], options)).toMatchObject({ ran: ["A", "B"], decided: { A: "recompute", B: "input_changed" } });
    expect(await run(module, store, ["B"], options)).toMatchObject({ ran: ["A"], decided: { A: "recompute", B: "hit" }, results: { B: -1 } });
    // A recompute node's entry is rewritten under the same key: no duplicate.
    expect(store.keysOf("A")).toHaveLength(1);
  });

  it("disable: A is computed and never stored; everything below it is computed on every run, with the right results", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`${A}\n${B}\n${C}`);
    const first = await run(module, store, ["C"]);
    expect(first).toMatchObject({ ran: ["A", "B", "C"], results: { C: 0 } });
    expect(store.size).toBe(3);
    expect(await run(module, store, ["C"])).toMatchObject({ ran: [] });
    const options = { behaviors: { A: "disable" as const } };
    const sizes: number[] = [];
    for (let i = 0; i < 2; i++) {
      const next = await run(module, store, ["C"], options);
      // Hamilton reads C (B's value is unchanged); funcflow versions B by its key, which holds A's random version.
      expect(next).toMatchObject({ ran: ["A", "B", "C"], decided: { A: "disable", B: "input_changed", C: "input_changed" }, results: first.results });
      sizes.push(store.size);
    }
    expect(sizes).toEqual([5, 7]);
    expect(store.keysOf("A")).toHaveLength(1); // only the entry of the first, default run
  });

  it("disable with B on recompute: C is read, as in Hamilton", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`${A}\n${B}\n${C}`);
    const options = { behaviors: { A: "disable" as const, B: "recompute" as const } };
    await run(module, store, ["C"], options);
    expect(await run(module, store, ["C"], options)).toMatchObject({ ran: ["A", "B"], decided: { A: "disable", B: "recompute", C: "hit" }, results: { C: 0 } });
  });

  it("ignore: B is keyed without A, computed once under its new key and read after that (A is then not needed at all)", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`${A}\n${B}`);
    await run(module, store, ["B"]);
    expect(await run(module, store, ["B"])).toMatchObject({ ran: [] });
    const options = { behaviors: { A: "ignore" as const } };
    const third = await run(module, store, ["B"], options);
    expect(third).toMatchObject({ ran: ["A", "B"], decided: { A: "ignore", B: "input_changed" }, results: { B: -1 } });
    expect(store.size).toBe(3);
    // Hamilton computes A again here and reads B; funcflow reads B and, as nothing needs A, skips it.
    expect(await run(module, store, ["B"], options)).toMatchObject({ ran: [], decided: { B: "hit" }, results: { B: -1 } });
    expect(await run(module, store, ["A", "B"], options)).toMatchObject({ ran: ["A"], decided: { A: "ignore", B: "hit" } });
    expect(store.size).toBe(3);
  });

  it("ignore on an input (a client object that cannot be versioned): the node is keyed without it and read on the next run", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`export function fetched(client: { base: string }, id: number): string { track("fetched"); return client.base + id; }`);
    class Client {
      constructor(readonly base: string) {}
    }
    const options = { behaviors: { client: "ignore" as const } };
    expect(await run(module, store, ["fetched"], options, { inputs: { client: new Client("x/"), id: 1 } })).toMatchObject({ ran: ["fetched"], results: { fetched: "x/1" } });
    expect(await run(module, store, ["fetched"], options, { inputs: { client: new Client("x/"), id: 1 } })).toMatchObject({ ran: [], decided: { fetched: "hit" } });
    expect(await run(module, store, ["fetched"], options, { inputs: { client: new Client("x/"), id: 2 } })).toMatchObject({ ran: ["fetched"], decided: { fetched: "input_changed" } });
    // Without it, every run computes the node (its input cannot be versioned).
    expect(await run(module, store, ["fetched"], {}, { inputs: { client: new Client("x/"), id: 1 } })).toMatchObject({ ran: ["fetched"], decided: { fetched: "unhashable_input" } });
  });

  it("a behaviour from the source (cacheBehavior) is used, and withCache's behaviours win over it (test_adapter: test_cache_tag_resolved, test_driver_behavior_overrides_cache_tag)", async () => {
    const module = inlineModule(`export const A = ff.cacheBehavior("recompute", function A(): number { track("A"); return 1; });\n${B}`);
    const store = new MemoryStore();
    await run(module, store, ["B"]);
    expect(await run(module, store, ["B"])).toMatchObject({ ran: ["A"], decided: { A: "recompute", B: "hit" } });
    expect(await run(module, store, ["B"], { behaviors: { A: "disable" } })).toMatchObject({ ran: ["A", "B"], decided: { A: "disable" } });
    // Back on `default`, A is read: its recompute runs stored it under the same key.
    expect(await run(module, store, ["B"], { behaviors: { A: "default" } })).toMatchObject({ ran: ["B"], decided: { A: "hit", B: "input_changed" } });
  });
});

describe("results are stored where the next Driver reads them (test_result_is_materialized_to_file)", () => {
  it("a plain object node's value comes back equal from a new Driver over the same store", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`export function foo(): Record<string, string> { track("foo"); return { hello: "world" }; }`);
    const first = await run(module, store, ["foo"]);
    expect(first.report.events).toContainEqual(expect.objectContaining({ kind: "stored", node: "foo", format: "json" }));
    expect(await run(module, store, ["foo"])).toMatchObject({ ran: [], results: { foo: { hello: "world" } } });
  });
});

describe("a fan-out under the cache (test_parallel_synchronous_step_by_step, test_materialize_parallel_branches)", () => {
  const linearBasic = `
export function number_of_steps(): number { track("number_of_steps"); return 6; }
export const steps = ff.parallelizable(function* (number_of_steps: number): ff.Parallelizable<number> { track("steps"); for (let i = 0; i < number_of_steps; i++) yield i; });
export function step_squared(steps: number): number { track("step_squared"); return steps ** 2; }
export function step_cubed(steps: number): number { track("step_cubed"); return steps ** 3; }
export function step_squared_plus_step_cubed(step_squared: number, step_cubed: number): number { return step_squared + step_cubed; }
export const sum_step_squared_plus_step_cubed = ff.collect((step_squared_plus_step_cubed: ff.Collect<number>): number => { track("sum"); return [...step_squared_plus_step_cubed].reduce((a, b) => a + b, 0); });
export function final(sum_step_squared_plus_step_cubed: number): number { track("final"); return sum_step_squared_plus_step_cubed; }
`;

  it("the first run computes every node, the second reads the result without computing anything (Hamilton recomputes the fan-out)", async () => {
    const store = new MemoryStore();
    const module = inlineModule(linearBasic);
    const expected = await uncached(module, ["final"]);
    resetCalls();
    expect(expected).toEqual({ final: [0, 1, 2, 3, 4, 5].reduce((sum, i) => sum + i ** 2 + i ** 3, 0) });
    const first = await run(module, store, ["final"]);
    expect(first.results).toEqual(expected);
    expect(first.ran).toEqual(expect.arrayContaining(["number_of_steps", "steps", "step_squared", "step_cubed", "sum", "final"]));
    const second = await run(module, store, ["final"]);
    expect(second).toMatchObject({ ran: [], results: expected });
    expect(Object.values(second.decided).every((decision) => decision === "hit")).toBe(true);
  });

  it("a fan-out given `recompute` (Hamilton's rule for every Parallelizable) runs again and the collect is read when the items are equal", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`
export const expand_node = ff.parallelizable(function* (): ff.Parallelizable<number> { track("expand_node"); for (const i of [0, 1, 2, 3, 4, 5, 6, 7]) yield i; });
export function inside_branch(expand_node: number): { value: number } { track("inside_branch"); return { value: expand_node }; }
export const collect_node = ff.collect((inside_branch: ff.Collect<{ value: number }>): { value: number }[] => { track("collect_node"); return [...inside_branch]; });
`);
    const options = { behaviors: { expand_node: "recompute" as const } };
    const first = await run(module, store, ["collect_node"], options);
    expect(first.results.collect_node).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((value) => ({ value })));
    const second = await run(module, store, ["collect_node"], options);
    expect(second.ran).toEqual(["expand_node"]);
    expect(second.results).toEqual(first.results);
  });
});

describe("a parameter's default (test_consistent_cache_key_with_or_without_default_parameter)", () => {
  it("funcflow keys a left-out default apart from the same value passed (documented); each is read on its own next run", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`export function foo(external_dep: number = 3): number { track("foo"); return external_dep + 1; }`);
    expect(await run(module, store, ["foo"])).toMatchObject({ ran: ["foo"], results: { foo: 4 } });
    expect(await run(module, store, ["foo"], {}, { inputs: { external_dep: 3 } })).toMatchObject({ ran: ["foo"], decided: { foo: "input_changed" }, results: { foo: 4 } });
    expect(await run(module, store, ["foo"])).toMatchObject({ ran: [], results: { foo: 4 } });
    expect(await run(module, store, ["foo"], {}, { inputs: { external_dep: 3 } })).toMatchObject({ ran: [], results: { foo: 4 } });
  });
});

describe("behaviour names (test_adapter: test_raise_if_multiple_driver_behavior_for_same_node)", () => {
  it("one behaviour per node is all withCache can take; an unknown behaviour or node is a coded error naming it", async () => {
    const module = inlineModule(`${A}\n${B}`);
    const store = new MemoryStore();
    let badBehavior: unknown;
    try {
      await cachedDriver(module, store, { behaviors: { A: "sometimes" as never } });
    } catch (error) {
      badBehavior = error;
    }
    expect(badBehavior).toBeInstanceOf(FuncflowError);
    expect((badBehavior as FuncflowError).code).toBe("invalid_argument");
    expect((badBehavior as FuncflowError).message).toContain("sometimes");
    const badNode = await cachedDriver(module, store, { behaviors: { a: "recompute" } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((badNode as FuncflowError).code).toBe("unknown_node");
    expect((badNode as FuncflowError).message).toContain('"A"');
  });
});

describe("loaders' and savers' own default behaviour (Hamilton's default_loader_behavior, default_saver_behavior)", () => {
  const io = `
export const raw = ff.dataloader((): [number[], Record<string, string>] => { track("raw"); return [[1, 2, 3], { source: "memory" }]; });
export function total(raw: readonly number[]): number { track("total"); return raw.reduce((a, b) => a + b, 0); }
export const saved = ff.datasaver((total: number): Record<string, string> => { track("saved"); return { saved: String(total) }; });
export const counted = ff.loadFrom({ path: ff.source("location"), as: "json" }, (numbers: readonly number[]): number => { track("counted"); return numbers.length; });
export const doubled = ff.saveTo({ path: ff.source("out"), as: "json" }, function doubled(total: number): number { track("doubled"); return total * 2; });
`;
  const outputs = ["saved", "counted", "doubled", "save.doubled"];
  let folder: string;
  const request = () => ({ inputs: { location: join(folder, "numbers.json"), out: join(folder, "doubled.json") } });
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "funcflow-hm-io-behaviors-"));
    writeFileSync(join(folder, "numbers.json"), "[1, 2, 3, 4]");
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  /** The second run's decisions with `options`, after a first run with the same options. */
  async function secondRun(options: Parameters<typeof cachedDriver>[2], body = io) {
    const store = new MemoryStore();
    const module = inlineModule(body);
    await run(module, store, outputs, options, request());
    return run(module, store, outputs, options, request());
  }

  it("defaultLoaderBehavior reaches a dataloader's two nodes and a loadFrom's two nodes, and nothing else", async () => {
    const { decided, ran } = await secondRun({ defaultLoaderBehavior: "recompute" });
    expect(decided).toMatchObject({ "raw.loader": "recompute", raw: "recompute", "counted.load_data.numbers": "recompute", "counted.select_data.numbers": "recompute" });
    // The data came out the same: what reads it is read from the cache.
    expect(decided).toMatchObject({ total: "hit", counted: "hit", saved: "hit", doubled: "hit", "save.doubled": "hit" });
    expect(ran).toEqual(["raw"]);
  });

  it("defaultSaverBehavior reaches a datasaver and a saveTo's saver, which then write on every run", async () => {
    const { decided, ran } = await secondRun({ defaultSaverBehavior: "recompute" });
    expect(decided).toMatchObject({ saved: "recompute", "save.doubled": "recompute", total: "hit", doubled: "hit", "raw.loader": "hit" });
    expect(ran).toEqual(["saved"]);
    expect(JSON.parse(readFileSync(join(folder, "doubled.json"), "utf8"))).toBe(12);
  });

  it("each falls back to defaultBehavior; a behaviour given by name or in the source wins over both", async () => {
    const tagged = io.replace('export const saved = ff.datasaver(', 'export const saved = ff.cacheBehavior("disable", ff.datasaver(').replace('return { saved: String(total) }; });', 'return { saved: String(total) }; }));');
    const { decided } = await secondRun({ defaultBehavior: "recompute", defaultLoaderBehavior: "default", behaviors: { counted: "disable" } }, tagged);
    expect(decided).toMatchObject({
      "raw.loader": "hit",
      "counted.load_data.numbers": "hit",
      total: "recompute",
      doubled: "recompute",
      "save.doubled": "recompute",
      saved: "disable",
      counted: "disable",
    });
  });

  it("materialize under the cache: nodes are read from it, the save writes its file on every call, a loaded file's equal content lets its consumers hit", async () => {
    const store = new MemoryStore();
    const module = inlineModule(`${A}\n${B}\nexport function C(B: number, extra: readonly number[]): number { track("C"); return B + extra.length; }`);
    const dr = await cachedDriver(module, store);
    const target = join(folder, "c.json");
    const request = { save: { C: target }, load: { extra: join(folder, "numbers.json") } };
    await dr.materialize(request);
    expect(JSON.parse(readFileSync(target, "utf8"))).toBe(3);
    rmSync(target);
    resetCalls();
    const second = await dr.materialize(request);
    expect(calls()).toEqual([]);
    expect(decisions(dr.lastCacheRun()?.events)).toMatchObject({ C: "hit" });
    expect(second.saved).toHaveLength(1);
    expect(JSON.parse(readFileSync(target, "utf8"))).toBe(3);
    writeFileSync(join(folder, "numbers.json"), "[1]");
    resetCalls();
    await dr.materialize(request);
    expect(calls()).toEqual(["C"]);
    expect(JSON.parse(readFileSync(target, "utf8"))).toBe(0);
  });

  it.each(["defaultBehavior", "defaultLoaderBehavior", "defaultSaverBehavior"])("an unknown %s is invalid_argument naming the option, from withCache itself", (option) => {
    let error: unknown;
    try {
      new Builder().withCache({ [option]: "often" });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("invalid_argument");
    expect((error as FuncflowError).message).toContain(`options.${option}`);
    expect((error as FuncflowError).message).toContain('"often"');
  });
});
