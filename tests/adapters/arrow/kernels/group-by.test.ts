import { Dictionary, Float64, Int8, Int32, Int64, Table, Uint32, Utf8, type DataType, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupBy } from "../../../../src/adapters/arrow/kernels/index.ts";
import { referenceGroups, referenceMax, referenceMean, referenceMin, referenceSum } from "./reference.ts";
import { type Cell, cellArbitrary, cellsOf, expectCells, layoutArbitrary, magnitude, RUNS, toVector } from "./support.ts";

const ALL = ["sum", "mean", "count", "min", "max"] as const;

/** The expected table, as plain columns, from the naive reference. */
function expectedTable<K>(keys: readonly K[], values: readonly Cell[], dropNullKeys = false) {
  const groups = [...referenceGroups(keys, values)].filter(([key]) => !(dropNullKeys && key === null));
  return {
    key: groups.map(([key]) => key),
    price_sum: groups.map(([, valid]) => referenceSum(valid)),
    price_mean: groups.map(([, valid]) => (valid.length === 0 ? null : referenceMean(valid))),
    price_count: groups.map(([, valid]) => valid.length),
    price_min: groups.map(([, valid]) => (valid.length === 0 ? null : referenceMin(valid))),
    price_max: groups.map(([, valid]) => (valid.length === 0 ? null : referenceMax(valid))),
  };
}

function expectTable(table: Table, expected: ReturnType<typeof expectedTable>, scale: number): void {
  expect(table.schema.fields.map((field) => field.name)).toEqual(["key", "price_sum", "price_mean", "price_count", "price_min", "price_max"]);
  const keys = cellsOf(table.getChild("key")!).map((key) => (typeof key === "bigint" ? Number(key) : key));
  expect(keys).toEqual(expected.key);
  expectCells(cellsOf(table.getChild("price_sum")!), expected.price_sum, 1e-12, scale);
  expectCells(cellsOf(table.getChild("price_mean")!), expected.price_mean, 1e-12, scale);
  expect(cellsOf(table.getChild("price_count")!)).toEqual(expected.price_count);
  expectCells(cellsOf(table.getChild("price_min")!), expected.price_min);
  expectCells(cellsOf(table.getChild("price_max")!), expected.price_max);
}

describe("groupBy", () => {
  it("aggregates per key in first-seen order (the JSDoc example)", () => {
    const city = vectorFromArray(["Oslo", "Rome", "Oslo"]);
    const price = vectorFromArray([10, 9, 15]);
    const table = groupBy(city, { price }, { price: ["mean", "count"] });
    expect(table.toArray().map((row) => row.toJSON())).toEqual([
      { key: "Oslo", price_mean: 12.5, price_count: 2 },
      { key: "Rome", price_mean: 9, price_count: 1 },
    ]);
  });

  it("keeps a null-key group (like SQL) unless dropNullKeys, and skips null values", () => {
    const keys = vectorFromArray([null, "a", "a", null], new Dictionary(new Utf8(), new Int32()));
    const price = vectorFromArray([1, null, 3, 5]);
    const kept = groupBy(keys, { price }, { price: ["sum", "mean", "count"] }, { keyName: "city" });
    expect(kept.toArray().map((row) => row.toJSON())).toEqual([
      { city: null, price_sum: 6, price_mean: 3, price_count: 2 },
      { city: "a", price_sum: 3, price_mean: 3, price_count: 1 },
    ]);
    const dropped = groupBy(keys, { price }, { price: ["count"] }, { dropNullKeys: true });
    expect(cellsOf(dropped.getChild("key")!)).toEqual(["a"]);
  });

  it("hashes plain Utf8 keys by their bytes, with one group for all null keys", () => {
    const keys = vectorFromArray(["é", null, "", "b", null, "é", ""], new Utf8());
    const table = groupBy(keys, { price: vectorFromArray([1, 2, 3, 4, 5, 6, 7]) }, { price: ["sum"] });
    expect(cellsOf(table.getChild("key")!)).toEqual(["é", null, "", "b"]);
    expect(cellsOf(table.getChild("price_sum")!)).toEqual([7, 7, 10, 4]);
  });

  it("keeps dictionary keys dictionary-encoded, sharing the input's dictionary", () => {
    const keys = vectorFromArray(["x", "y", "x"], new Dictionary(new Utf8(), new Int32()));
    const table = groupBy(keys, { price: vectorFromArray([1, 2, 3]) }, { price: ["sum"] });
    const keyColumn = table.getChild("key")!;
    expect(keyColumn.type).toBeInstanceOf(Dictionary);
    expect(keyColumn.data[0]!.dictionary).toBe(keys.data[0]!.dictionary);
  });

  it("gives sum 0 and null mean/min/max for a group without valid values, and lets NaN propagate", () => {
    const table = groupBy(vectorFromArray([1, 2, 2], new Int32()), { price: vectorFromArray([null, NaN, 1]) }, { price: [...ALL] });
    expect(table.toArray().map((row) => row.toJSON())).toEqual([
      { key: 1, price_sum: 0, price_mean: null, price_count: 0, price_min: null, price_max: null },
      { key: 2, price_sum: NaN, price_mean: NaN, price_count: 2, price_min: NaN, price_max: NaN },
    ]);
  });

  it("handles integer keys whose range is too wide to index, through the hashing path", () => {
    const keys = vectorFromArray([4_000_000_000, 7, 4_000_000_000], new Uint32());
    const table = groupBy(keys, { price: vectorFromArray([1, 2, 3]) }, { price: ["sum"] });
    expect(cellsOf(table.getChild("key")!)).toEqual([4_000_000_000, 7]);
    expect(cellsOf(table.getChild("price_sum")!)).toEqual([4, 2]);
  });

  const keyTypes: [string, fc.Arbitrary<unknown>, DataType | undefined][] = [
    ["Utf8", fc.constantFrom("a", "bb", "", "ü€", "a\u0000"), new Utf8()],
    ["Dictionary", fc.constantFrom("north", "south", "east"), new Dictionary(new Utf8(), new Int8())],
    ["Int32", fc.integer({ min: -3, max: 3 }), new Int32()],
    ["Int64", fc.bigInt({ min: -3n, max: 3n }), new Int64()],
    ["Float64", fc.constantFrom(0.5, -1, 2, NaN), new Float64()],
  ];

  it.each(keyTypes)("matches a Map-based reference on random %s keys, values and chunk layouts", (_, keyArbitrary, type) => {
    const input = fc.array(fc.tuple(fc.option(keyArbitrary, { nil: null, freq: 8 }), cellArbitrary()), { maxLength: 70 }).chain((rows) =>
      fc.tuple(layoutArbitrary(rows.length), layoutArbitrary(rows.length), fc.boolean()).map(([keyLayout, valueLayout, dropNullKeys]) => ({
        rows,
        keyLayout,
        valueLayout,
        dropNullKeys,
      })),
    );
    fc.assert(
      fc.property(input, ({ rows, keyLayout, valueLayout, dropNullKeys }) => {
        const keys = rows.map(([key]) => key);
        const values = rows.map(([, value]) => value);
        // The layout helper's filler repeats the first cell; a dictionary needs that value to be one of its own.
        const keyVector = toVector(keys, keyLayout, type);
        const table = groupBy(keyVector, { price: toVector(values, valueLayout) }, { price: [...ALL] }, { dropNullKeys });
        const plainKeys = keys.map((key) => (typeof key === "bigint" ? Number(key) : key));
        expectTable(table, expectedTable(plainKeys, values, dropNullKeys), magnitude(values));
      }),
      { numRuns: RUNS },
    );
  });
});
