import { tableFromArrays, vectorFromArray, Table, Utf8, type Vector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { arrowAdapter } from "../../src/adapters/arrow/index.ts";
import { describeColumnarAdapter } from "./describe-columnar-adapter.ts";

describeColumnarAdapter(arrowAdapter, {
  makeFrame: (columns) =>
    new Table(
      Object.fromEntries(
        Object.entries(columns).map(([name, values]) => [
          name,
          typeof values.find((value) => value !== null) === "string"
            ? vectorFromArray(values as (string | null)[], new Utf8())
            : vectorFromArray(values as (number | null)[]),
        ]),
      ),
    ),
  valuesOf: (column: Vector) => Array.from(column as Iterable<unknown>),
});

describe("arrowAdapter specifics", () => {
  it("arrowAdapter.getColumn shares the table's buffers (no copy)", () => {
    const price = new Float64Array([1, 2, 3]);
    const table = tableFromArrays({ price });
    const column = arrowAdapter.getColumn(table, "price");
    expect(column.data[0]!.values).toBe(price);
    expect((column.toArray() as Float64Array).buffer).toBe(price.buffer);
  });

  it("arrowAdapter.buildFrame wraps typed arrays without copying", () => {
    const x = new Float64Array([1, 2]);
    const table = arrowAdapter.buildFrame([["x", x], ["k", 1]]);
    expect(table.getChild("x")!.data[0]!.values).toBe(x);
  });

  it("arrowAdapter.buildFrame keeps a column named __proto__ as a column", () => {
    const table = arrowAdapter.buildFrame([["__proto__", [1, 2]]]);
    expect(arrowAdapter.columnNames(table)).toEqual(["__proto__"]);
  });
});
