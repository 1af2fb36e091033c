import { tableFromArrays, type Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { toVector, arrowTableResult } from "../../src/adapters/arrow/index.ts";
import { caught } from "../support/caught.ts";

const build = (outputs: Record<string, unknown>, requested = Object.keys(outputs)) => arrowTableResult.build(outputs, requested);
const rows = (table: Table) => table.toArray().map((row) => (row as { toJSON(): unknown }).toJSON());
const names = (table: Table) => table.schema.fields.map((field) => field.name);


describe("arrowTableResult", () => {
  it("arrowTableResult puts columns in request order", () => {
    const table = build({ a: [1, 2], b: ["x", "y"], c: new Float64Array([5, 6]) }, ["c", "a", "b"]);
    expect(names(table)).toEqual(["c", "a", "b"]);
    expect(rows(table)).toEqual([
      { c: 5, a: 1, b: "x" },
      { c: 6, a: 2, b: "y" },
    ]);
  });

  it("arrowTableResult broadcasts scalars to the table length", () => {
    const table = build({ x: toVector([1, 2, 3]), rate: 0.1, flag: true, label: "k", none: null });
    expect(table.numRows).toBe(3);
    expect(rows(table).map((row) => (row as Record<string, unknown>)["rate"])).toEqual([0.1, 0.1, 0.1]);
    expect(rows(table).map((row) => (row as Record<string, unknown>)["label"])).toEqual(["k", "k", "k"]);
    expect(table.getChild("none")!.nullCount).toBe(3);
  });

  it("arrowTableResult makes a one-row table when every output is a scalar", () => {
    const table = build({ total: 10, name: "q1" });
    expect(table.numRows).toBe(1);
    expect(rows(table)).toEqual([{ total: 10, name: "q1" }]);
  });

  it("arrowTableResult wraps typed-array outputs without copying", () => {
    const values = new Float64Array([1, 2]);
    const table = build({ values, k: 1 });
    expect(table.getChild("values")!.data[0]!.values).toBe(values);
  });

  it("arrowTableResult returns a single Table output as is", () => {
    const input = tableFromArrays({ a: new Float64Array([1]) });
    expect(build({ only: input })).toBe(input);
  });

  it("arrowTableResult flattens a Table output among others into output.column names, sharing buffers", () => {
    const price = new Float64Array([1, 2]);
    const sales = tableFromArrays({ price, qty: new Int32Array([3, 4]) });
    const table = build({ id: ["a", "b"], sales, k: 0 });
    expect(names(table)).toEqual(["id", "sales.price", "sales.qty", "k"]);
    expect(table.getChild("sales.price")!.data[0]!.values).toBe(price);
  });

  it("arrowTableResult throws length_mismatch naming each column and its length", () => {
    const error = caught(() => build({ a: [1, 2, 3], b: new Float64Array(2), k: 5, t: tableFromArrays({ x: new Float64Array(4) }) }));
    expect(error.code).toBe("length_mismatch");
    expect(error.details).toEqual({ lengths: { a: 3, b: 2, "t.x": 4 } });
    expect(error.message).toMatchInlineSnapshot(
      `"arrowTableResult: columns "a", "b" and "t.x" differ in length ("a" has 3, "b" has 2, "t.x" has 4). Make them the same length, or return a scalar to repeat one value on every row."`,
    );
  });

  it("arrowTableResult throws type_mismatch naming an output that is not a column", () => {
    const error = caught(() => build({ a: [1], config: { deep: true } }));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toMatchObject({ column: "config" });
    // The builder the user chose, not the internal conversion, leads the message.
    expect(error.message).toMatch(/^arrowTableResult: "config" is an object, not a column\./);
  });

  it("arrowTableResult names itself for an output array mixing kinds", () => {
    const error = caught(() => build({ a: [1], mixed: [1, "x"] }));
    expect(error.message).toMatch(/^arrowTableResult: the array "mixed" holds number and string values/);
  });

  it("arrowTableResult throws invalid_argument when a flattened name repeats an output name", () => {
    const error = caught(() => build({ "t.x": [1], t: tableFromArrays({ x: new Float64Array(1) }) }));
    expect(error.code).toBe("invalid_argument");
    expect(error.details).toEqual({ column: "t.x" });
  });

  it("arrowTableResult of no requested outputs is an empty table", () => {
    const table = build({}, []);
    expect(table.numCols).toBe(0);
    expect(table.numRows).toBe(0);
  });
});
