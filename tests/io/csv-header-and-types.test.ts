/**
 * tableFromCsv without a header (columns numbered or named by `columns`) and with declared
 * column types: each type reads what it should, refuses what it should naming line and column,
 * and unusable options are invalid_argument naming the option.
 */
import type { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { CSV_COLUMN_TYPES, tableFromCsv, type ReadCsvOptions } from "../../src/io/index.ts";
import { CSV_TYPES } from "../../src/decorators/load-from.ts";
import { caught } from "../support/caught.ts";

const values = (table: Table, name: string) => Array.from(table.getChild(name)! as Iterable<unknown>);
const typesOf = (table: Table) => table.schema.fields.map((field) => `${field.name}:${String(field.type)}`);
const read = (text: string, options: ReadCsvOptions) => tableFromCsv(text, { source: "days.csv", ...options });

describe("tableFromCsv with header: false", () => {
  it("numbers the columns column0… and reads the first record as data", () => {
    const table = read("1,a\n2,b\n", { header: false });
    expect(typesOf(table)).toEqual(["column0:Float64", "column1:Utf8"]);
    expect(values(table, "column0")).toEqual([1, 2]);
  });

  it("a record whose field count differs from the first record's is io_failed saying so", () => {
    expect(caught(() => read("1,a\n2\n", { header: false })).message).toContain("days.csv line 2 has 1 fields but the first record has 2");
  });

  it("names the columns from `columns`", () => {
    const table = read("1,a\n2,b\n", { header: false, columns: ["id", "name"] });
    expect(table.schema.fields.map((field) => field.name)).toEqual(["id", "name"]);
    expect(values(table, "name")).toEqual(["a", "b"]);
  });

  it("refuses `columns` that do not name every field, naming the line", () => {
    const error = caught(() => read("1,a,x\n", { header: false, columns: ["id", "name"] }));
    expect(error.code).toBe("io_failed");
    expect(error.message).toContain("days.csv line 1 has 3 fields, but columns names 2 (id, name)");
  });

  it("with a header, `columns` keeps only those columns in that order, and a missing one is named", () => {
    expect(read("id,name,x\n1,a,2\n", { columns: ["x", "id"] }).schema.fields.map((field) => field.name)).toEqual(["x", "id"]);
    expect(caught(() => read("id,name\n1,a\n", { columns: ["id", "price"] })).message).toContain(`has no column "price", which columns names (it has "id", "name")`);
  });
});

describe("tableFromCsv with declared types", () => {
  it("reads int64 (bigints), int32, float64, bool, utf8 and date columns, nulls kept", () => {
    const table = read(`id,n,x,ok,code,day\n9007199254740993,-3,"1.5",TRUE,007,2024-02-29\n,,,,,\n`, {
      types: { id: "int64", n: "int32", x: "float64", ok: "bool", code: "utf8", day: "date" },
    });
    expect(typesOf(table)).toEqual(["id:Int64", "n:Int32", "x:Float64", "ok:Bool", "code:Utf8", "day:Date32<DAY>"]);
    expect(values(table, "id")).toEqual([9007199254740993n, null]);
    expect(values(table, "n")).toEqual([-3, null]);
    expect(values(table, "x")).toEqual([1.5, null]);
    expect(values(table, "ok")).toEqual([true, null]);
    expect(values(table, "code")).toEqual(["007", null]);
    expect(new Date(table.getChild("day")!.get(0) as number).toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(table.getChild("day")!.nullCount).toBe(1);
  });

  it("combines with header: false and columns (the brief's example)", () => {
    const table = read("1,2024-01-31\n2,2024-02-01\n", { header: false, columns: ["id", "day"], types: { id: "int64", day: "date" } });
    expect(typesOf(table)).toEqual(["id:Int64", "day:Date32<DAY>"]);
    expect(values(table, "id")).toEqual([1n, 2n]);
  });

  it("leaves undeclared columns inferred", () => {
    expect(typesOf(read("id,x\n1,2\n", { types: { id: "utf8" } }))).toEqual(["id:Utf8", "x:Float64"]);
  });

  it.each([
    ["int64", "1.5"],
    ["int64", "9223372036854775808"],
    ["int32", "2147483648"],
    ["int32", "x"],
    ["float64", "1,5"],
    ["bool", "yes"],
    ["date", "2024-02-30"],
    ["date", "31/01/2024"],
    ["date", "2024-1-31"],
  ])("refuses %s from %j naming line and column", (type, text) => {
    const error = caught(() => read(`a,v\n1,\n2,"${text}"\n`, { types: { v: type as never } }));
    expect(error.code).toBe("io_failed");
    expect(error.message).toContain(`days.csv line 3, column "v": ${JSON.stringify(text)} is not`);
    expect(error.details).toMatchObject({ line: 3, column: "v", type });
  });

  it("a type for a column the file lacks is io_failed naming it", () => {
    const error = caught(() => read("id,day\n1,2024-01-01\n", { types: { dya: "date" } }));
    expect(error.code).toBe("io_failed");
    expect(error.message).toContain(`has no column "dya", which types names (it has "id", "day")`);
  });
});

describe("unusable options are invalid_argument naming the option", () => {
  it.each([
    [{ header: "no" }, "header must be true or false"],
    [{ columns: [] }, "columns must be a non-empty list"],
    [{ columns: ["a", "a"] }, "columns names a column twice"],
    [{ types: { id: "integer" } }, `types.id must be one of float64, int32, int64, bool, utf8, date, got "integer"`],
    [{ types: ["int64"] }, "types must be an object"],
    [{ types: new Map([["id", "int64"]]) }, "types must be an object"],
    [{ inferTypes: 1 }, "inferTypes must be true or false"],
  ])("%j", (options, message) => {
    const error = caught(() => tableFromCsv("id\n1\n", options as never));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain(message);
  });

  it("options that are not an object, and text that is not a string, are refused by name (not a TypeError)", () => {
    const noOptions = caught(() => tableFromCsv("id\n1\n", null as never));
    expect(noOptions.code).toBe("invalid_argument");
    expect(noOptions.message).toContain("tableFromCsv: options must be a plain object");
    const noText = caught(() => tableFromCsv(Buffer.from("id\n1\n") as never));
    expect(noText.code).toBe("invalid_argument");
    expect(noText.message).toContain("tableFromCsv: text must be the CSV text as a string");
  });

  it("loadFrom's list of CSV types is io's", () => {
    expect(CSV_TYPES).toEqual(CSV_COLUMN_TYPES);
  });
});
