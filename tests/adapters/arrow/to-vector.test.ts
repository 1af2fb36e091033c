import { createRequire } from "node:module";
import { DataType, makeVector, tableFromArrays, type Vector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { isArrowTable, isArrowVector, repeatScalarVector, toVector } from "../../../src/adapters/arrow/index.ts";
import { caught } from "../../support/caught.ts";

// The CommonJS build of apache-arrow is a second copy with its own classes, as a bundled or
// duplicated dependency would be.
const otherArrow = createRequire(import.meta.url)("apache-arrow") as typeof import("apache-arrow");


describe("toVector", () => {
  it("toVector returns an Arrow Vector unchanged", () => {
    const vector = makeVector(new Int32Array([1, 2]));
    expect(toVector(vector)).toBe(vector);
  });

  it("toVector wraps a Float64Array without copying (same values array)", () => {
    const values = new Float64Array([1.5, 2.5, 3.5]);
    const vector = toVector(values);
    expect(vector.data[0]!.values).toBe(values);
    expect((vector.toArray() as Float64Array).buffer).toBe(values.buffer);
    expect(DataType.isFloat(vector.type)).toBe(true);
  });

  it("toVector wraps every integer typed array and a subarray view without copying", () => {
    const backing = new Int16Array([9, 1, 2, 3, 9]);
    const view = backing.subarray(1, 4);
    const vector = toVector(view);
    expect(vector.data[0]!.values.buffer).toBe(backing.buffer);
    expect(Array.from(vector as Iterable<number>)).toEqual([1, 2, 3]);
    for (const array of [new Int8Array(2), new Uint32Array(2), new Float32Array(2), new BigInt64Array(2)]) {
      expect(toVector(array).data[0]!.values).toBe(array);
    }
  });

  it("toVector views a Uint8ClampedArray as Uint8 over the same memory", () => {
    const clamped = new Uint8ClampedArray([1, 255]);
    const vector = toVector(clamped);
    expect(vector.data[0]!.values.buffer).toBe(clamped.buffer);
    expect(Array.from(vector as Iterable<number>)).toEqual([1, 255]);
  });

  it("toVector converts a number array with nulls to Float64 with a validity bitmap", () => {
    const vector = toVector([1, null, 3, undefined, Number.NaN]);
    expect(String(vector.type)).toBe("Float64");
    expect(vector.nullCount).toBe(2);
    expect(Array.from(vector as Iterable<unknown>)).toEqual([1, null, 3, null, Number.NaN]);
  });

  it("toVector converts booleans, strings, bigints and Dates to Bool, Utf8, Int64 and DateMillisecond", () => {
    expect(String(toVector([true, null]).type)).toBe("Bool");
    expect(Array.from(toVector([true, null, false]) as Iterable<unknown>)).toEqual([true, null, false]);
    const strings = toVector(["a", null, "c"]);
    expect(String(strings.type)).toBe("Utf8");
    expect(Array.from(strings as Iterable<unknown>)).toEqual(["a", null, "c"]);
    expect(String(toVector([1n, null]).type)).toBe("Int64");
    expect(String(toVector([new Date(0)]).type)).toBe("Date64<MILLISECOND>");
  });

  it("toVector makes a Null-typed vector from an array with no values", () => {
    for (const values of [[], [null, undefined]]) {
      const vector = toVector(values);
      expect(DataType.isNull(vector.type)).toBe(true);
      expect(vector.length).toBe(values.length);
    }
  });

  it("toVector throws type_mismatch naming the column for a non-column value", () => {
    for (const value of [3, "x", { a: 1 }, null, new DataView(new ArrayBuffer(8))]) {
      const error = caught(() => toVector(value, "price"));
      expect(error.code).toBe("type_mismatch");
      expect(error.details).toMatchObject({ column: "price" });
      expect(error.message).toMatch(/^toVector: "price" is /);
    }
  });

  it("toVector throws type_mismatch listing the kinds of an array that mixes them", () => {
    const error = caught(() => toVector([1, "two", null], "mixed"));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toEqual({ column: "mixed", kinds: ["number", "string"] });
  });

  it.each([
    ["objects", [{ "2021-01": 10 }, null, { "2021-01": 50 }], ["object"], /"employees" holds an object in a row/],
    ["arrays", [[1, 2], [3]], ["array"], /holds an array in a row/],
    ["a function", [1, () => 2], ["number", "function"], /holds a function in a row/],
    ["objects beside numbers", [1, { a: 1 }], ["number", "object"], /holds an object in a row/],
  ] as const)("toVector names nested values (%s) as what they are and says how to keep them out of a column", (_, values, kinds, message) => {
    const error = caught(() => toVector(values as unknown as unknown[], "employees"));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toEqual({ column: "employees", kinds });
    expect(error.message).toMatch(message);
    expect(error.message).toContain("Flatten the nested values into columns of their own");
    expect(error.message).not.toContain("other");
  });
});

describe("repeatScalarVector", () => {
  it("repeatScalarVector repeats numbers, booleans, strings, bigints and null", () => {
    expect(Array.from(repeatScalarVector(2, 3) as Iterable<unknown>)).toEqual([2, 2, 2]);
    expect(Array.from(repeatScalarVector(true, 9) as Iterable<unknown>)).toEqual(new Array(9).fill(true));
    expect(Array.from(repeatScalarVector(false, 2) as Iterable<unknown>)).toEqual([false, false]);
    expect(Array.from(repeatScalarVector("k", 2) as Iterable<unknown>)).toEqual(["k", "k"]);
    expect(Array.from(repeatScalarVector(5n, 2) as Iterable<unknown>)).toEqual([5n, 5n]);
    const nulls = repeatScalarVector(null, 4);
    expect(nulls.length).toBe(4);
    expect(nulls.nullCount).toBe(4);
  });

  it("repeatScalarVector throws type_mismatch for a non-scalar", () => {
    const error = caught(() => repeatScalarVector([1], 2, "k"));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toMatchObject({ column: "k" });
  });
});

describe("isArrowVector and isArrowTable", () => {
  it("isArrowVector and isArrowTable accept values from this copy of apache-arrow", () => {
    const table = tableFromArrays({ a: new Float64Array([1]) });
    expect(isArrowTable(table)).toBe(true);
    expect(isArrowVector(table.getChild("a"))).toBe(true);
    expect(isArrowVector(table)).toBe(false);
    expect(isArrowTable(table.getChild("a"))).toBe(false);
  });

  it("isArrowVector and isArrowTable accept values from a second copy of apache-arrow", () => {
    const table = otherArrow.tableFromArrays({ a: new Float64Array([1]) });
    expect(isArrowTable(table)).toBe(true);
    expect(isArrowVector(table.getChild("a"))).toBe(true);
  });

  it("isArrowVector and isArrowTable fall back to the shape when instanceof cannot tell", () => {
    // An older apache-arrow has no Symbol.hasInstance; copying the fields onto a plain object
    // hides the class the same way.
    const table = tableFromArrays({ a: new Float64Array([1]) });
    const vector = table.getChild("a") as Vector;
    const plainVector = { data: vector.data, length: 1, type: vector.type, get: () => 1, toArray: () => [1], isValid: () => true };
    const plainTable = { schema: table.schema, batches: table.batches, numRows: 1, getChild: () => vector };
    expect(isArrowVector(plainVector)).toBe(true);
    expect(isArrowTable(plainTable)).toBe(true);
    for (const other of [null, 1, [], {}, { data: [], length: 0 }, new Float64Array(1)]) {
      expect(isArrowVector(other)).toBe(false);
      expect(isArrowTable(other)).toBe(false);
    }
  });
});
