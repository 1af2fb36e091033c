/**
 * What a node returned is what its entry holds, even when a consumer changes the value in place
 * afterwards (Hamilton's tests/caching/test_integration.py mutates a cached DataFrame in the next
 * node). The entry's bytes are taken before the store's background write starts: an Arrow value
 * was copied only after apache-arrow had loaded, so a consumer running meanwhile changed the entry.
 */
import { afterAll, describe, expect, it } from "vitest";
import { decodeStoredValue, encodeStoredValue } from "../../src/cache/value-codec.ts";
import { cachedDriver, inlineModule, MemoryStore, removeInlineModules } from "../hamilton-tests/caching/support.ts";

afterAll(removeInlineModules);

describe("withCache: a consumer mutating its input", () => {
  // The Arrow case first: its first store is the one that waits for apache-arrow to load.
  it.each([
    ["an Arrow Vector", `import { vectorFromArray, type Vector } from "apache-arrow";\nexport function A(): Vector { return vectorFromArray(new Float64Array([0, 1])); }\nexport function B(A: Vector): number { A.set(0, 9); return A.get(0) as number; }`],
    ["an Arrow Table", `import { tableFromArrays, type Table } from "apache-arrow";\nexport function A(): Table { return tableFromArrays({ a: new Float64Array([0, 1]) }); }\nexport function B(A: Table): number { A.getChild("a")!.set(0, 9); return 9; }`],
    ["a typed array (async producer)", `export async function A(): Promise<Float64Array> { return new Float64Array([0, 1]); }\nexport function B(A: Float64Array): number { A[0] = 9; return A[0]; }`],
    ["a typed array (consumer after an await)", `export function A(): Float64Array { return new Float64Array([0, 1]); }\nexport async function B(A: Float64Array): Promise<number> { await null; A[0] = 9; return A[0]; }`],
    ["a record", `export function A(): { v: number[] } { return { v: [0, 1] }; }\nexport async function B(A: { v: number[] }): Promise<number> { A.v[0] = 9; return 9; }`],
  ])("%s: the next Driver reads what A returned", async (_, body) => {
    const store = new MemoryStore();
    const module = inlineModule(body);
    await (await cachedDriver(module, store)).execute(["B"]);
    const dr = await cachedDriver(module, store);
    const { A } = await dr.execute(["A"]);
    expect(dr.lastCacheRun()!.hits).toEqual(["A"]);
    const value = A as { schema?: unknown; getChild?: (name: string) => { get(i: number): unknown }; get?: (i: number) => unknown; v?: number[]; [i: number]: unknown };
    const first = value.schema !== undefined ? value.getChild!("a").get(0) : value.v !== undefined ? value.v[0] : typeof value.get === "function" ? value.get(0) : value[0];
    expect(first).toBe(0);
  });
});

describe("encodeStoredValue", () => {
  it("takes an Arrow value's and a record's contents before it returns: a change made right after does not reach the bytes", async () => {
    const { vectorFromArray } = await import("apache-arrow");
    const vector = vectorFromArray(new Float64Array([0, 1]));
    const record = { v: [0, 1] };
    const encodings = [encodeStoredValue(vector), encodeStoredValue(record)];
    vector.set(0, 9);
    record.v[0] = 9;
    const [storedVector, storedRecord] = await Promise.all(encodings);
    expect(((await decodeStoredValue(storedVector!.bytes, storedVector!.info)) as typeof vector).get(0)).toBe(0);
    expect(await decodeStoredValue(storedRecord!.bytes, storedRecord!.info)).toEqual({ v: [0, 1] });
  });
});
