import { Dictionary, Float64, Int8, Int16, Int32, Int64, Table, Uint8, Uint16, Uint32, Utf8, type DataType, makeData, Vector, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupBy } from "../../src/kernels/index.ts";
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

/** Rows of (key, value) with their layouts, for the property tests below. */
function keyedRows<K>(keyArbitrary: fc.Arbitrary<K>, options: { maxLength: number; nullKeys: boolean }) {
  const key = options.nullKeys ? fc.option(keyArbitrary, { nil: null, freq: 8 }) : keyArbitrary;
  return fc.array(fc.tuple(key, cellArbitrary()), { maxLength: options.maxLength }).chain((rows) =>
    fc.record({
      rows: fc.constant(rows),
      keyLayout: layoutArbitrary(rows.length),
      valueLayout: layoutArbitrary(rows.length),
      // Any order, so that min or max may be the pass that meets the keys first.
      aggregations: fc.shuffledSubarray([...ALL], { minLength: 1 }),
    }),
  );
}

function expectMatchesReference<K>(
  keys: readonly (K | null)[],
  values: readonly Cell[],
  table: Table,
  aggregations: readonly (typeof ALL)[number][],
): void {
  const expected = expectedTable(keys, values);
  const keyCells = cellsOf(table.getChild("key")!).map((key) => (typeof key === "bigint" ? Number(key) : key));
  expect(keyCells).toEqual(expected.key);
  for (const aggregation of aggregations) {
    const cells = cellsOf(table.getChild(`price_${aggregation}`)!);
    if (aggregation === "count") expect(cells).toEqual(expected.price_count);
    else expectCells(cells, expected[`price_${aggregation}`], 1e-12, magnitude(values));
  }
}

describe("groupBy on integer keys", () => {
  it("finds the key range while accumulating: negative keys, ranges growing both ways, any aggregation first", () => {
    const keyArbitrary = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -600, max: 600 }), fc.integer({ min: 10_000, max: 10_050 }));
    fc.assert(
      fc.property(keyedRows(keyArbitrary, { maxLength: 300, nullKeys: false }), ({ rows, keyLayout, valueLayout, aggregations }) => {
        const keys = rows.map(([key]) => key);
        const values = rows.map(([, value]) => value);
        const table = groupBy(toVector(keys, keyLayout, new Int32()), { price: toVector(values, valueLayout) }, { price: aggregations });
        expectMatchesReference(keys, values, table, aggregations);
      }),
      { numRuns: RUNS },
    );
  });

  it("falls back to hashing when the keys turn out too spread out, also after the range has grown", () => {
    const keyArbitrary = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -50, max: 50 }) },
      { weight: 1, arbitrary: fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 1_000_000, -1_000_000) },
    );
    fc.assert(
      fc.property(keyedRows(keyArbitrary, { maxLength: 200, nullKeys: true }), ({ rows, keyLayout, valueLayout, aggregations }) => {
        const keys = rows.map(([key]) => key);
        const values = rows.map(([, value]) => value);
        const table = groupBy(toVector(keys, keyLayout, new Int32()), { price: toVector(values, valueLayout) }, { price: aggregations });
        expectMatchesReference(keys, values, table, aggregations);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps the first-seen order of sorted keys, ascending and descending, one row per key", () => {
    const n = 5_000;
    for (const sign of [1, -1]) {
      const keys = Int32Array.from({ length: n }, (_, i) => sign * i);
      const values = Float64Array.from({ length: n }, (_, i) => i);
      const table = groupBy(vectorFromArray(keys), { price: values }, { price: ["sum", "max"] });
      expect(table.numRows).toBe(n);
      expect(Array.from(table.getChild("key")!.toArray() as Int32Array)).toEqual(Array.from(keys));
      expect(Array.from(table.getChild("price_sum")!.toArray() as Float64Array)).toEqual(Array.from(values));
    }
  });

  it("lists the groups of the keys' extremes, and hashes keys spanning the whole Int32 range", () => {
    const keys = vectorFromArray([2 ** 31 - 1, -(2 ** 31), 2 ** 31 - 1], new Int32());
    const table = groupBy(keys, { price: vectorFromArray([1, 2, 3]) }, { price: ["sum"] });
    expect(cellsOf(table.getChild("key")!)).toEqual([2 ** 31 - 1, -(2 ** 31)]);
    expect(cellsOf(table.getChild("price_sum")!)).toEqual([4, 2]);
  });

  it("lists the groups without any aggregation, finding the range in a pass of its own", () => {
    const table = groupBy(vectorFromArray([5, -2, 5, 900, -2], new Int32()), {}, {});
    expect(cellsOf(table.getChild("key")!)).toEqual([5, -2, 900]);
    const wide = groupBy(vectorFromArray([0, 10_000_000, 0], new Int32()), {}, {});
    expect(cellsOf(wide.getChild("key")!)).toEqual([0, 10_000_000]);
  });

  const narrowTypes: [string, DataType, fc.Arbitrary<number>][] = [
    ["Int8", new Int8(), fc.integer({ min: -128, max: 127 })],
    ["Uint8", new Uint8(), fc.integer({ min: 0, max: 255 })],
    ["Int16", new Int16(), fc.integer({ min: -2000, max: 2000 })],
    ["Uint16", new Uint16(), fc.integer({ min: 60_000, max: 65_535 })],
    ["Uint32", new Uint32(), fc.integer({ min: 4_294_960_000, max: 4_294_967_295 })],
  ];

  it.each(narrowTypes)("matches the reference on %s keys, keeping the key type", (_, type, keyArbitrary) => {
    fc.assert(
      fc.property(keyedRows(keyArbitrary, { maxLength: 100, nullKeys: true }), ({ rows, keyLayout, valueLayout, aggregations }) => {
        const keys = rows.map(([key]) => key);
        const values = rows.map(([, value]) => value);
        const table = groupBy(toVector(keys, keyLayout, type), { price: toVector(values, valueLayout) }, { price: aggregations });
        expect(table.getChild("key")!.type.toString()).toBe(type.toString());
        expectMatchesReference(keys, values, table, aggregations);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe("groupBy on Utf8 keys", () => {
  it("tells keys apart that share their first 8 bytes, or differ only in length or a trailing NUL", () => {
    const keys = ["abcdefgh1", "abcdefgh2", "abcdefgh", "ab", "ab\u0000", "", "abcdefgh1", "ab", "ü€ü€ü", "ü€ü€ü!", "abcdefgh2"];
    const table = groupBy(vectorFromArray(keys, new Utf8()), { price: Float64Array.from(keys, (_, i) => i) }, { price: ["count"] });
    expect(cellsOf(table.getChild("key")!)).toEqual([...new Set(keys)]);
    expect(cellsOf(table.getChild("price_count")!)).toEqual([2, 2, 1, 2, 1, 1, 1, 1]);
  });

  it("matches a Map-based reference on many distinct keys of any length, from a sliced chunk", () => {
    const keyArbitrary = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "b", "é", "€"), maxLength: 4 }),
      fc.string({ unit: fc.constantFrom("x", "y", "ü"), minLength: 7, maxLength: 20 }),
      fc.integer({ min: 0, max: 400 }).map(String),
    );
    const input = fc.array(fc.tuple(fc.option(keyArbitrary, { nil: null, freq: 10 }), cellArbitrary()), { maxLength: 400 }).chain((rows) =>
      fc.record({ rows: fc.constant(rows), offset: fc.integer({ min: 0, max: 11 }) }),
    );
    fc.assert(
      fc.property(input, ({ rows, offset }) => {
        const keys = rows.map(([key]) => key);
        const values = rows.map(([, value]) => value);
        // One chunk (sliced at a bit offset), which the byte-hashing path takes.
        const keyVector = toVector(keys, { cuts: [], offset }, new Utf8());
        expect(keyVector.data.length).toBe(1);
        const table = groupBy(keyVector, { price: toVector(values) }, { price: [...ALL] });
        expectMatchesReference(keys, values, table, ALL);
      }),
      { numRuns: RUNS },
    );
  });

  it("groups a column whose key bytes end exactly at the end of its buffer", () => {
    const keys = ["long-key-0001", "k", "long-key-0001", "k"];
    const keyVector = vectorFromArray(keys, new Utf8());
    const data = keyVector.data[0]!;
    const exactBytes = data.values.slice(0, data.valueOffsets[data.length]);
    const trimmed = new Vector([makeData({ type: new Utf8(), length: data.length, valueOffsets: data.valueOffsets, data: exactBytes })]);
    expect(trimmed.data[0]!.values.length).toBe(28); // no padding: the last key cannot be read 8 bytes at a time
    const table = groupBy(trimmed, { price: vectorFromArray([1, 2, 3, 4]) }, { price: ["sum"] });
    expect(cellsOf(table.getChild("key")!)).toEqual(["long-key-0001", "k"]);
    expect(cellsOf(table.getChild("price_sum")!)).toEqual([4, 6]);
  });
});
