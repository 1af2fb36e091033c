import { isDeepStrictEqual } from "node:util";
import { tableFromArrays, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFingerprint, type Fingerprint } from "../../src/cache/index.ts";

let fingerprint: Fingerprint;
beforeAll(async () => {
  fingerprint = await loadFingerprint();
});

/** Plain data the cache versions structurally: every JSON value plus the kinds JSON lacks. */
const plainValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.string({ unit: "binary" }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary", maxLength: 4 }), tie("value"), { maxKeys: 4, noNullPrototype: true }),
    fc.float64Array({ maxLength: 6 }),
    fc.uniqueArray(fc.integer({ min: -3, max: 3 }), { maxLength: 4 }).map((items) => new Set(items)),
    fc.array(fc.tuple(fc.string({ maxLength: 3 }), tie("value")), { maxLength: 3 }).map((entries) => new Map(entries)),
  ),
})).value;

/** Equal as the cache means it: same content, whatever the key or insertion order. */
const sameContent = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

describe("fingerprint: a data version that changes exactly when the value does", () => {
  it("is stable: the same content gives the same digest, however it was built", () => {
    fc.assert(
      fc.property(plainValue, (value) => {
        const copy = structuredClone(value);
        expect(fingerprint(copy)).toBe(fingerprint(value));
        expect(fingerprint(value)).toMatch(/^[0-9a-f]{32}$/);
      }),
    );
  });

  it("tells different values apart (generated pairs, lone surrogates and -0 included)", () => {
    fc.assert(
      fc.property(plainValue, plainValue, (a, b) => {
        fc.pre(!sameContent(a, b));
        expect(fingerprint(a)).not.toBe(fingerprint(b));
      }),
      { numRuns: 500 },
    );
    // Each pair once collided: UTF-8 turns every lone surrogate into U+FFFD.
    expect(fingerprint("\uD800")).not.toBe(fingerprint("\uDC00"));
    expect(fingerprint({ ["\uD800"]: 1 })).not.toBe(fingerprint({ ["\uDBFF"]: 1 }));
    expect(fingerprint(0)).not.toBe(fingerprint(-0));
    expect(fingerprint(["ab", "c"])).not.toBe(fingerprint(["a", "bc"]));
    // The UTF-16 bytes of "\uA0E0\uD880\uE080\u80A0" (a lone surrogate) are E0 A0 80 D8 80 E0 A0 80,
    // which is also the UTF-8 of "\u0800\u0600\u0800": a well-formed string of the same length
    // must not read as the other form.
    expect(fingerprint("U\u0800\u0600\u0800")).not.toBe(fingerprint("\uA0E0\uD880\uE080\u80A0"));
  });

  it("ignores object key order and Map and Set insertion order", () => {
    expect(fingerprint({ b: 1, a: [1, 2] })).toBe(fingerprint({ a: [1, 2], b: 1 }));
    expect(fingerprint(new Map<string, unknown>([["x", 1], ["y", new Set([1, 2])]]))).toBe(fingerprint(new Map<string, unknown>([["y", new Set([2, 1])], ["x", 1]])));
  });

  it("hashes a typed array's own bytes only, and its element type", () => {
    const backing = new Float64Array([9, 1, 2, 3, 9]);
    expect(fingerprint(backing.subarray(1, 4))).toBe(fingerprint(new Float64Array([1, 2, 3])));
    expect(fingerprint(new Uint8Array(8))).not.toBe(fingerprint(new Int8Array(8)));
    const big = new Float64Array(1_000_000).map((_, i) => i);
    const changed = big.slice();
    changed[999_999] = -1;
    expect(fingerprint(big)).not.toBe(fingerprint(changed));
  });

  it("keeps a nested digest from disturbing the value around it", () => {
    // Map entries are digested apart (save and restore the running hash) in the middle of a value.
    const value = (inner: number, before = 2) => ["x".repeat(20_000), new Float64Array([1, before]), new Map([["m", new Map([["n", inner]])]]), "tail"];
    expect(fingerprint(value(1))).toBe(fingerprint(value(1)));
    expect(fingerprint(value(1))).not.toBe(fingerprint(value(2)));
    expect(fingerprint(value(1, 2))).not.toBe(fingerprint(value(1, 3)));
    expect(fingerprint(["a", new Set([1])])).not.toBe(fingerprint(["b", new Set([1])]));
    expect(fingerprint(["tail"])).toBe(fingerprint(["tail"]));
  });

  it("versions Arrow vectors and tables by type and every buffer, nulls included", () => {
    const numbers = vectorFromArray([1, 2, null, 4]);
    expect(fingerprint(numbers)).toBe(fingerprint(vectorFromArray([1, 2, null, 4])));
    expect(fingerprint(numbers)).not.toBe(fingerprint(vectorFromArray([1, 2, 0, 4])));
    expect(fingerprint(numbers)).not.toBe(fingerprint(vectorFromArray([1, 2, null, 5])));
    const table = tableFromArrays({ a: new Float64Array([1, 2]), b: new Int32Array([3, 4]) });
    expect(fingerprint(table)).toBe(fingerprint(tableFromArrays({ a: new Float64Array([1, 2]), b: new Int32Array([3, 4]) })));
    expect(fingerprint(table)).not.toBe(fingerprint(tableFromArrays({ a: new Float64Array([1, 2]), b: new Int32Array([3, 5]) })));
  });

  it("cannot version a class instance or a function, and stays usable after refusing one", () => {
    class Client {
      constructor(readonly url: string) {}
    }
    expect(fingerprint(new Client("a"))).toBeUndefined();
    expect(fingerprint({ fetch: () => 1 })).toBeUndefined();
    expect(fingerprint(new Map([["client", new Client("a")]]))).toBeUndefined();
    expect(fingerprint(Symbol("s"))).toBeUndefined();
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(fingerprint(cyclic)).toBeUndefined();
    expect(fingerprint({ a: 1 })).toBe(fingerprint({ a: 1 }));
  });
});
