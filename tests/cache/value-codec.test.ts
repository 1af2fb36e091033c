/**
 * A stored value reads back as the value stored, exactly (holes, prototypes, -0, undefined
 * included), or is not stored at all; and the fingerprint sees whatever the stored value keeps,
 * so two values the cache would store differently never share a data version.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFingerprint, type Fingerprint } from "../../src/cache/index.ts";
import { decodeStoredValue, encodeStoredValue } from "../../src/cache/value-codec.ts";

let fingerprint: Fingerprint;
beforeAll(async () => {
  fingerprint = await loadFingerprint();
});

async function roundTrip(value: unknown): Promise<{ stored: boolean; back?: unknown }> {
  const encoded = await encodeStoredValue(value);
  if (encoded === undefined) return { stored: false };
  return { stored: true, back: await decodeStoredValue(encoded.bytes, encoded.info) };
}

/** Plain data with the shapes JSON loses: holes, null prototypes, the tag key, -0, NaN, undefined. */
const plainValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.double(),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.string(),
    fc.date({ noInvalidDate: true }),
    fc.sparseArray(tie("value"), { maxLength: 5 }),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("$funcflow", "__proto__", "value")), tie("value"), { maxKeys: 3 }),
    fc.constantFrom("hole", "object", "null-prototype").map((tag) => ({ $funcflow: tag })),
    fc.int32Array({ maxLength: 4 }),
    fc.uniqueArray(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }).map((items) => new Set(items)),
    fc.array(fc.tuple(fc.string({ maxLength: 2 }), tie("value")), { maxLength: 2 }).map((entries) => new Map(entries)),
  ),
})).value;

describe("stored values", () => {
  it("read back strictly equal: holes stay holes, records without a prototype keep none", async () => {
    await fc.assert(
      fc.asyncProperty(plainValue, async (value) => {
        const { stored, back } = await roundTrip(value);
        expect(stored).toBe(true);
        expect(isDeepStrictEqual(back, value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("an array's hole is neither undefined nor null, as stored and as fingerprinted", async () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    const sparse = [1, , 3];
    const { back } = await roundTrip(sparse);
    expect(1 in (back as unknown[])).toBe(false);
    expect((back as unknown[]).length).toBe(3);
    expect(new Set([fingerprint(sparse), fingerprint([1, undefined, 3]), fingerprint([1, null, 3])]).size).toBe(3);
    expect(fingerprint(new Array(2))).not.toBe(fingerprint([undefined, undefined]));
  });

  it("an Array subclass is a class instance: neither stored nor fingerprinted (it would come back without its methods)", async () => {
    class Row extends Array<number> {
      total(): number {
        return this.reduce((a, b) => a + b, 0);
      }
    }
    const row = Row.from([1, 2]) as Row;
    expect(row.total()).toBe(3);
    for (const value of [row, { rows: [row] }]) {
      expect((await roundTrip(value)).stored).toBe(false);
      expect(fingerprint(value)).toBeUndefined();
    }
  });

  it("a record with symbol-keyed or non-enumerable properties is not stored, however deep (it would come back without them)", async () => {
    const key = Symbol("k");
    const hidden = () => Object.defineProperty({ a: 1 }, "b", { value: 2, enumerable: false });
    for (const value of [{ [key]: 1 }, { a: 1, [key]: 2 }, hidden(), [{ nested: { [key]: 1 } }], new Map([["m", hidden()]])]) {
      expect((await roundTrip(value)).stored).toBe(false);
    }
  });
});
