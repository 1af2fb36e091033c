/**
 * One behaviour suite for every columnar adapter: call it from a test file with the adapter and
 * two helpers, and the same expectations run against Arrow, Danfo, and any future library.
 */
import { describe, expect, it } from "vitest";
import type { ColumnarAdapter } from "../../src/columnar/index.ts";
import { caught } from "../support/caught.ts";

export interface ColumnarAdapterFixture<Frame, Column> {
  /** A frame with these columns, in this key order (names are never integer-like here). */
  makeFrame(columns: Readonly<Record<string, readonly (number | string | null)[]>>): Frame;
  /** The column's values as a plain array, missing values as `null`. */
  valuesOf(column: Column): unknown[];
}


export function describeColumnarAdapter<Frame, Column>(
  adapter: ColumnarAdapter<Frame, Column>,
  fixture: ColumnarAdapterFixture<Frame, Column>,
): void {
  const { makeFrame, valuesOf } = fixture;
  const where = `${adapter.name}Adapter`;
  const sales = () => makeFrame({ price: [1.5, 2.5, 4], region: ["us", "eu", "us"] });
  const columnsOf = (frame: Frame) =>
    Object.fromEntries(adapter.columnNames(frame).map((name) => [name, valuesOf(adapter.getColumn(frame, name))]));

  describe(`${where} (shared columnar spec)`, () => {
    it(`${where}.isFrame accepts its frames and rejects columns and plain values`, () => {
      const frame = sales();
      expect(adapter.isFrame(frame)).toBe(true);
      expect(adapter.isFrame(adapter.getColumn(frame, "price"))).toBe(false);
      for (const other of [null, undefined, 3, "x", [1, 2], { price: [1] }, new Float64Array(2)]) {
        expect(adapter.isFrame(other)).toBe(false);
      }
    });

    it(`${where}.isColumn accepts its columns and rejects frames and plain values`, () => {
      const frame = sales();
      expect(adapter.isColumn(adapter.getColumn(frame, "price"))).toBe(true);
      expect(adapter.isColumn(frame)).toBe(false);
      for (const other of [null, 3, [1, 2], {}]) expect(adapter.isColumn(other)).toBe(false);
    });

    it(`${where}.columnNames lists the columns in order`, () => {
      expect(adapter.columnNames(makeFrame({ b: [1], a: [2], c: [3] }))).toEqual(["b", "a", "c"]);
    });

    it(`${where}.getColumn returns the named column with its values`, () => {
      const frame = sales();
      const price = adapter.getColumn(frame, "price");
      expect(valuesOf(price)).toEqual([1.5, 2.5, 4]);
      expect(valuesOf(adapter.getColumn(frame, "region"))).toEqual(["us", "eu", "us"]);
      expect(adapter.columnLength(price)).toBe(3);
      expect(adapter.frameLength(frame)).toBe(3);
    });

    it(`${where}.getColumn of a missing column throws missing_column naming it and the existing ones`, () => {
      const error = caught(() => adapter.getColumn(sales(), "prices"));
      expect(error.code).toBe("missing_column");
      expect(error.details).toEqual({ column: "prices", columns: ["price", "region"] });
      expect(error.suggestion).toEqual(["price"]);
      expect(error.message).toContain('"prices"');
      expect(error.message).toContain('"price" and "region"');
    });

    it(`${where}.getColumn with a fill value returns a constant column as long as the frame`, () => {
      const frame = sales();
      expect(valuesOf(adapter.getColumn(frame, "discount", { fill: 0 }))).toEqual([0, 0, 0]);
      expect(valuesOf(adapter.getColumn(frame, "note", { fill: "n/a" }))).toEqual(["n/a", "n/a", "n/a"]);
      expect(adapter.columnLength(adapter.getColumn(frame, "nothing", { fill: null }))).toBe(3);
      // An existing column wins over the fill value.
      expect(valuesOf(adapter.getColumn(frame, "price", { fill: 0 }))).toEqual([1.5, 2.5, 4]);
    });

    it(`${where}.buildFrame keeps the given column order, integer-like names included`, () => {
      const frame = adapter.buildFrame([
        ["z", [1, 2]],
        ["10", [3, 4]],
        ["2", ["a", "b"]],
      ]);
      expect(adapter.columnNames(frame)).toEqual(["z", "10", "2"]);
      expect(columnsOf(frame)).toEqual({ z: [1, 2], "10": [3, 4], "2": ["a", "b"] });
    });

    it(`${where}.buildFrame broadcasts scalars to the columns' length`, () => {
      const frame = adapter.buildFrame([
        ["x", new Float64Array([1, 2, 3])],
        ["rate", 0.5],
        ["label", "k"],
      ]);
      expect(adapter.frameLength(frame)).toBe(3);
      expect(columnsOf(frame)).toEqual({ x: [1, 2, 3], rate: [0.5, 0.5, 0.5], label: ["k", "k", "k"] });
    });

    it(`${where}.buildFrame of scalars only has one row`, () => {
      const frame = adapter.buildFrame([
        ["a", 1],
        ["b", "two"],
      ]);
      expect(adapter.frameLength(frame)).toBe(1);
      expect(columnsOf(frame)).toEqual({ a: [1], b: ["two"] });
    });

    it(`${where}.buildFrame accepts its own columns`, () => {
      const source = sales();
      const frame = adapter.buildFrame([
        ["p", adapter.getColumn(source, "price")],
        ["r", adapter.getColumn(source, "region")],
      ]);
      expect(columnsOf(frame)).toEqual({ p: [1.5, 2.5, 4], r: ["us", "eu", "us"] });
    });

    it(`${where}.buildFrame with no columns is an empty frame`, () => {
      const frame = adapter.buildFrame([]);
      expect(adapter.columnNames(frame)).toEqual([]);
      expect(adapter.frameLength(frame)).toBe(0);
    });

    it(`${where}.buildFrame throws length_mismatch naming every column and its length`, () => {
      const error = caught(() =>
        adapter.buildFrame(
          [
            ["a", [1, 2, 3]],
            ["k", 7],
            ["b", new Float64Array(2)],
            ["c", [1, 2, 3]],
          ],
          "myCaller",
        ),
      );
      expect(error.code).toBe("length_mismatch");
      expect(error.details).toEqual({ lengths: { a: 3, b: 2, c: 3 } });
      expect(error.message).toMatch(/^myCaller: /);
      expect(error.message).toContain('"a" has 3, "b" has 2, "c" has 3');
    });

    it(`${where}.buildFrame throws invalid_argument for a repeated name`, () => {
      const error = caught(() =>
        adapter.buildFrame([
          ["a", [1]],
          ["a", [2]],
        ]),
      );
      expect(error.code).toBe("invalid_argument");
      expect(error.details).toEqual({ column: "a" });
    });

    it(`${where}.buildFrame throws type_mismatch for a value that is neither column nor scalar`, () => {
      const error = caught(() =>
        adapter.buildFrame([
          ["ok", [1]],
          ["bad", { nested: true }],
        ]),
      );
      expect(error.code).toBe("type_mismatch");
      expect(error.details).toMatchObject({ column: "bad" });
      expect(error.message).toContain('"bad"');
    });
  });
}
