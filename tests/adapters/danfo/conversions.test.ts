import { DataType, Table, makeVector, tableFromArrays, vectorFromArray, Int64, Utf8, Bool, Struct, Field, Float64 } from "apache-arrow";
import { DataFrame, Series } from "danfojs-node";
import { describe, expect, it } from "vitest";
import { toVector } from "../../../src/adapters/arrow/index.ts";
import { dataFrameFromColumns, dataFrameToTable, seriesToVector, tableToDataFrame, vectorToSeries } from "../../../src/adapters/danfo/index.ts";
import { FuncflowError } from "../../../src/errors/index.ts";

const valuesOf = (vector: { [Symbol.iterator](): Iterator<unknown> }) => Array.from(vector);

describe("seriesToVector", () => {
  it("seriesToVector turns a number series into Float64 with null, undefined and NaN as nulls", () => {
    const vector = seriesToVector(new Series([1.5, null, Number.NaN, undefined, 4]));
    expect(String(vector.type)).toBe("Float64");
    expect(vector.nullCount).toBe(3);
    expect(valuesOf(vector)).toEqual([1.5, null, null, null, 4]);
  });

  it("seriesToVector keeps NaN as a number with nanAsNull: false", () => {
    const vector = seriesToVector(new Series([1, Number.NaN, null]), { nanAsNull: false });
    expect(vector.nullCount).toBe(1);
    expect(valuesOf(vector)).toEqual([1, Number.NaN, null]);
  });

  it("seriesToVector turns strings and booleans into Utf8 and Bool, NaN included as null", () => {
    const strings = seriesToVector(new Series(["a", null, Number.NaN as unknown as string, "b"]));
    expect(String(strings.type)).toBe("Utf8");
    expect(valuesOf(strings)).toEqual(["a", null, null, "b"]);
    // Danfo labels a boolean series with a null as float32; the values decide the Arrow type.
    const flags = seriesToVector(new Series([true, null, false]));
    expect(String(flags.type)).toBe("Bool");
    expect(valuesOf(flags)).toEqual([true, null, false]);
  });

  it("seriesToVector throws type_mismatch for a series mixing numbers and strings", () => {
    try {
      seriesToVector(new Series([1, "x"], { columns: ["mixed"] }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FuncflowError);
      expect((error as FuncflowError).code).toBe("type_mismatch");
      expect((error as FuncflowError).details).toMatchObject({ column: "mixed" });
    }
  });
});

describe("vectorToSeries", () => {
  it("vectorToSeries maps nulls to NaN in number columns and names the series", () => {
    const series = vectorToSeries(toVector([1, null, 3]), "x");
    expect(series.values).toEqual([1, Number.NaN, 3]);
    expect(series.columns).toEqual(["x"]);
    expect(series.isNa().values).toEqual([false, true, false]);
  });

  it("vectorToSeries keeps nulls as null in string and boolean columns", () => {
    expect(vectorToSeries(toVector(["a", null])).values).toEqual(["a", null]);
    expect(vectorToSeries(toVector([true, null])).values).toEqual([true, null]);
  });

  it("vectorToSeries converts 64-bit integers, dictionaries and integer types to plain numbers and strings", () => {
    expect(vectorToSeries(makeVector(new BigInt64Array([1n, -2n]))).values).toEqual([1, -2]);
    expect(vectorToSeries(vectorFromArray(["a", "b", "a"])).values).toEqual(["a", "b", "a"]);
    const ints = vectorToSeries(makeVector(new Int32Array([1, 2])));
    expect(ints.values).toEqual([1, 2]);
    expect(ints.dtype).toBe("int32");
  });

  it("vectorToSeries turns Arrow dates into Date objects", () => {
    const series = vectorToSeries(toVector([new Date(86_400_000), null]));
    expect(series.values).toEqual([new Date(86_400_000), null]);
  });

  it("vectorToSeries marks nulls in every chunk of a chunked vector, offsets included", () => {
    const first = toVector([1, null, 3]);
    const second = toVector([null, 5]);
    const chunked = first.concat(second).slice(1);
    expect(vectorToSeries(chunked).values).toEqual([Number.NaN, 3, Number.NaN, 5]);
  });

  it("vectorToSeries throws type_mismatch for a nested type", () => {
    const struct = vectorFromArray([{ a: 1 }], new Struct([new Field("a", new Float64())]));
    expect(() => vectorToSeries(struct, "s")).toThrowError(/nested Arrow type/);
  });
});

describe("dataFrameToTable and tableToDataFrame", () => {
  it("dataFrameToTable keeps column order and maps missing values to nulls", () => {
    const frame = new DataFrame([[1, "a", true], [Number.NaN, null, false], [3, "c", null]], { columns: ["2", "name", "ok"] });
    const table = dataFrameToTable(frame);
    expect(table.schema.fields.map((field) => `${field.name}:${String(field.type)}`)).toEqual(["2:Float64", "name:Utf8", "ok:Bool"]);
    expect(valuesOf(table.getChild("2")!)).toEqual([1, null, 3]);
    expect(valuesOf(table.getChild("name")!)).toEqual(["a", null, "c"]);
    expect(valuesOf(table.getChild("ok")!)).toEqual([true, false, null]);
  });

  it("tableToDataFrame keeps column order, maps nulls to NaN in numbers and null elsewhere", () => {
    const table = new Table({ b: toVector([1, null]), "1": toVector(["x", null]), c: toVector([null, true]) }).select(["b", "1", "c"]);
    const frame = tableToDataFrame(table);
    expect(frame.columns).toEqual(["b", "1", "c"]);
    expect(frame.column("b").values).toEqual([1, Number.NaN]);
    expect(frame.column("1").values).toEqual(["x", null]);
    expect(frame.column("c").values).toEqual([null, true]);
    expect(frame.dtypes).toEqual(["float32", "string", "boolean"]);
  });

  it("Arrow → danfo → Arrow round trip keeps values and nulls (number nulls travel as NaN)", () => {
    const table = new Table({
      x: toVector([1.25, null, -3, Number.POSITIVE_INFINITY]),
      s: vectorFromArray(["a", null, "", "d"], new Utf8()),
      f: vectorFromArray([true, false, null, true], new Bool()),
    });
    const back = dataFrameToTable(tableToDataFrame(table));
    expect(back.schema.fields.map((field) => String(field.type))).toEqual(["Float64", "Utf8", "Bool"]);
    for (const name of ["x", "s", "f"]) expect(valuesOf(back.getChild(name)!)).toEqual(valuesOf((table as Table).getChild(name)!));
  });

  it("danfo → Arrow → danfo round trip keeps values, with every missing number as NaN", () => {
    const frame = new DataFrame({ x: [1, Number.NaN, null, 4], s: ["a", "b", null, "d"] });
    const back = tableToDataFrame(dataFrameToTable(frame));
    expect(back.column("x").values).toEqual([1, Number.NaN, Number.NaN, 4]);
    expect(back.column("s").values).toEqual(["a", "b", null, "d"]);
  });

  it("Arrow NaN becomes null after a round trip unless nanAsNull is false", () => {
    const table = tableFromArrays({ x: new Float64Array([1, Number.NaN]) });
    expect(valuesOf(dataFrameToTable(tableToDataFrame(table)).getChild("x")!)).toEqual([1, null]);
    expect(valuesOf(dataFrameToTable(tableToDataFrame(table), { nanAsNull: false }).getChild("x")!)).toEqual([1, Number.NaN]);
  });

  it("tableToDataFrame and dataFrameToTable handle zero rows and zero columns", () => {
    const empty = tableToDataFrame(new Table({ a: toVector([]), b: vectorFromArray([], new Utf8()) }));
    expect(empty.columns).toEqual(["a", "b"]);
    expect(empty.shape[0]).toBe(0);
    expect(dataFrameToTable(empty).schema.fields.map((field) => field.name)).toEqual(["a", "b"]);
    expect(dataFrameToTable(new DataFrame()).numCols).toBe(0);
    expect(tableToDataFrame(new Table()).columns).toEqual([]);
  });

  it("tableToDataFrame converts Int64 columns to numbers", () => {
    const frame = tableToDataFrame(new Table({ n: vectorFromArray([1n, null, 3n], new Int64()) }));
    expect(frame.column("n").values).toEqual([1, Number.NaN, 3]);
    expect(DataType.isInt(new Int64())).toBe(true);
  });
});

describe("dataFrameFromColumns", () => {
  it("refuses columns of different lengths with length_mismatch naming each, instead of padding the short one", () => {
    let error: unknown;
    try {
      dataFrameFromColumns(["price", "qty"], [{ values: [1, 2, 3] }, { values: [1] }]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("length_mismatch");
    expect((error as FuncflowError).message).toContain('"price" has 3, "qty" has 1');
    expect(dataFrameFromColumns(["price", "qty"], [{ values: [1, 2] }, { values: [3, 4] }]).shape).toEqual([2, 2]);
  });
});
