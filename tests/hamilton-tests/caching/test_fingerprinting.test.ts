/**
 * Follows Hamilton's tests/caching/test_fingerprinting.py (facts only): which values get equal
 * data versions and which cannot be versioned, and what that means for a run (an input equal in
 * content is a hit; an unversionable one is computed every run, never served from the cache).
 *
 * Hamilton's expected digests (base64 MD5/SHA-224) are its own encoding: funcflow's are XXH128
 * hex, so only equalities and differences are ported. Its pandas/numpy cases become Arrow
 * tables and typed arrays. Where funcflow differs on purpose (docs/hamilton.md): a class
 * instance is never versioned by its fields (Hamilton hashes `__dict__`), a value nested deeper
 * than the limit cannot be versioned (Hamilton cuts it off and calls the rest equal), and
 * primitives of different types never match (Hamilton hashes `str(x)`, so `1` and `"1"` match).
 */
import { tableFromArrays } from "apache-arrow";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadFingerprint, type Fingerprint } from "../../../src/cache/index.ts";
import { cachedDriver, calls, decisions, inlineModule, MemoryStore, removeInlineModules, resetCalls } from "./support.ts";

let fingerprint: Fingerprint;
beforeAll(async () => {
  fingerprint = await loadFingerprint();
});
beforeEach(resetCalls);
afterAll(removeInlineModules);

class Foo {
  foo = "foo";
  constructor(readonly obj: unknown) {}
}
class Empty {}

/** A plain value nested `depth` objects deep, with `leaf` at the bottom. */
const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { foo: "foo", obj: nested(depth - 1, leaf) });

describe("values (test_hash_none, test_hash_primitive, test_hash_sequence, test_hash_*mapping, test_hash_set)", () => {
  it("null has one fixed version, apart from undefined and every falsy value", () => {
    expect(fingerprint(null)).toBe(fingerprint(null));
    const others = [undefined, 0, "", false, "null", [], {}].map((value) => fingerprint(value));
    expect(others).not.toContain(fingerprint(null));
    expect(new Set(others).size).toBe(others.length);
  });

  it.each([["hello-world"], [17.31231], [16474], [true], [16474n], [new Uint8Array([0x95, 0x31, 0x21, 0x89])]])("a primitive (%s) has a stable version", (value) => {
    expect(fingerprint(value)).toBe(fingerprint(structuredClone(value)));
    expect(fingerprint(value)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("primitives of different types never share a version (Hamilton hashes str(x): 1 and '1' match there)", () => {
    const values = [1, "1", 1n, true, "true", 0, "0", false, "false", null, "None", 17, 17.0001];
    const versions = values.map((value) => fingerprint(value));
    expect(new Set(versions).size).toBe(values.length);
  });

  it("a sequence's order matters; its versions is the same however it was built", () => {
    expect(fingerprint([0, true, "hello-world"])).toBe(fingerprint(Array.of<unknown>(0, true, "hello-world")));
    expect(fingerprint([0, true, "hello-world"])).not.toBe(fingerprint(["hello-world", true, 0]));
  });

  it("a mapping's key order does not matter (Hamilton's default, ignore_order=True), for records and Maps alike", () => {
    expect(fingerprint({ 0: true, key: "value", "17.0": null })).toBe(fingerprint({ key: "value", "17.0": null, 0: true }));
    expect(fingerprint(new Map<unknown, unknown>([[0, true], ["key", "value"], [17, null]]))).toBe(fingerprint(new Map<unknown, unknown>([["key", "value"], [17, null], [0, true]])));
    // Keys keep their types: a Map keyed by 0 is not one keyed by "0".
    expect(fingerprint(new Map([[0, true]]))).not.toBe(fingerprint(new Map([["0", true]])));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint(new Map([["a", 1]])));
  });

  it("a set's order does not matter; a set is not the array of its items", () => {
    expect(fingerprint(new Set([0, true, "key", "value", 17, null]))).toBe(fingerprint(new Set([null, 17, "value", "key", true, 0])));
    expect(fingerprint(new Set([1, 2]))).not.toBe(fingerprint([1, 2]));
  });

  it("tables and typed arrays are versioned by content (test_hash_pandas, test_hash_numpy)", () => {
    const table = () => tableFromArrays({ a: Int32Array.from([1, 2]), b: ["x", "y"] });
    expect(fingerprint(table())).toBe(fingerprint(table()));
    expect(fingerprint(table())).not.toBe(fingerprint(tableFromArrays({ a: Int32Array.from([1, 2]), b: ["x", "z"] })));
    expect(fingerprint(Int32Array.from([0, 1, 2, 3]))).toBe(fingerprint(Int32Array.from([0, 1, 2, 3])));
    expect(fingerprint(Int32Array.from([0, 1, 2, 3]))).not.toBe(fingerprint(Int32Array.from([0, 1, 3, 2])));
  });
});

describe("objects (test_hash_no_dict_attribute, test_empty_dict_attr_is_unhashable, test_hash_recursively, test_max_recursion_depth)", () => {
  it("a class instance cannot be versioned, with or without fields (Hamilton versions one with fields by its __dict__)", () => {
    expect(fingerprint(new Empty())).toBeUndefined();
    expect(fingerprint(new Foo(null))).toBeUndefined();
    expect(fingerprint({ inner: new Foo(null) })).toBeUndefined();
    expect(fingerprint([1, new Empty()])).toBeUndefined();
  });

  it("nested plain objects are versioned all the way down: equal content, equal version; a change at the bottom shows", () => {
    expect(fingerprint(nested(3, null))).toBe(fingerprint(structuredClone(nested(3, null))));
    expect(fingerprint(nested(3, null))).not.toBe(fingerprint(nested(2, null)));
    expect(fingerprint(nested(40, 1))).not.toBe(fingerprint(nested(40, 2)));
  });

  it("past the depth limit a value cannot be versioned, so two values differing only below it never match (Hamilton cuts off and calls them equal)", () => {
    expect(fingerprint(nested(200, 1))).toBeUndefined();
    expect(fingerprint(nested(200, 2))).toBeUndefined();
  });
});

describe("what the versions mean for a run", () => {
  const module = () => inlineModule(`export function total(data: Record<string, unknown>): number { track("total"); return Object.keys(data).length; }`);

  it.each([
    ["a record with its keys in another order", { b: 1, a: [1, 2] }, { a: [1, 2], b: 1 }],
    ["a Set in another order", { s: new Set([1, 2, 3]) }, { s: new Set([3, 2, 1]) }],
    ["a Map in another order", { m: new Map([["x", 1], ["y", 2]]) }, { m: new Map([["y", 2], ["x", 1]]) }],
  ])("an input equal in content is a hit: %s", async (_, first, second) => {
    const store = new MemoryStore();
    const source = module();
    await (await cachedDriver(source, store)).execute(["total"], { inputs: { data: first } });
    resetCalls();
    const dr = await cachedDriver(source, store);
    await dr.execute(["total"], { inputs: { data: second } });
    expect(calls()).toEqual([]);
    expect(decisions(dr.lastCacheRun()?.events)).toEqual({ total: "hit" });
  });

  it("an input that cannot be versioned: the node is computed on every run (unhashable_input naming it), nothing is stored, and one warning is given", async () => {
    const store = new MemoryStore();
    const source = module();
    const warnings: string[] = [];
    const dr = await cachedDriver(source, store, { onWarning: (message) => warnings.push(message) });
    for (let i = 0; i < 2; i++) await dr.execute(["total"], { inputs: { data: new Foo(i) as unknown as Record<string, unknown> } });
    expect(calls()).toEqual(["total", "total"]);
    expect(dr.lastCacheRun()!.events).toContainEqual(expect.objectContaining({ kind: "miss", node: "total", reason: "unhashable_input", changed: ["data"] }));
    expect(store.size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"data"');
  });

  it("its consumers are versioned by the value it returns: equal results let them hit", async () => {
    const store = new MemoryStore();
    const source = inlineModule(`export function total(data: Record<string, unknown>): number { track("total"); return Object.keys(data).length; }\nexport function doubled(total: number): number { track("doubled"); return total * 2; }`);
    const dr = await cachedDriver(source, store);
    await dr.execute(["doubled"], { inputs: { data: new Foo(1) as unknown as Record<string, unknown> } });
    resetCalls();
    expect(await dr.execute(["doubled"], { inputs: { data: new Foo(2) as unknown as Record<string, unknown> } })).toEqual({ doubled: 4 });
    expect(calls()).toEqual(["total"]);
    expect(decisions(dr.lastCacheRun()?.events)).toEqual({ total: "unhashable_input", doubled: "hit" });
  });
});
