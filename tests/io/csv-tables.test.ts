import { Table, vectorFromArray, Utf8, DataType, DateDay, DateMillisecond } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { toVector } from "../../src/adapters/arrow/index.ts";
import { tableFromCsv, tableToCsv, tableToCsvChunks } from "../../src/io/index.ts";
import { FuncflowError } from "../../src/errors/index.ts";
import { caught } from "../support/caught.ts";

const columnValues = (table: Table, name: string) => Array.from(table.getChild(name)! as Iterable<unknown>);
const typesOf = (table: Table) => table.schema.fields.map((field) => `${field.name}:${String(field.type)}`);

function csvError(text: string): FuncflowError {
  try {
    tableFromCsv(text, { source: "sales.csv" });
  } catch (error) {
    if (error instanceof FuncflowError) return error;
    throw error;
  }
  throw new Error("expected a FuncflowError");
}

describe("tableFromCsv", () => {
  it("tableFromCsv infers Float64, Bool, Utf8 and Null columns", () => {
    const table = tableFromCsv("n,b,s,e\n1,true,x,\n-2.5e3,FALSE,7,\nNaN,,y,\nInfinity,false,,\n");
    expect(typesOf(table)).toEqual(["n:Float64", "b:Bool", "s:Utf8", "e:Null"]);
    expect(columnValues(table, "n")).toEqual([1, -2500, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(columnValues(table, "b")).toEqual([true, false, null, false]);
    expect(columnValues(table, "s")).toEqual(["x", "7", "y", null]);
    expect(table.getChild("e")!.nullCount).toBe(4);
  });

  it("tableFromCsv reads an unquoted empty field as null and a quoted one as the empty string", () => {
    const table = tableFromCsv('s\n""\n\nx\n');
    expect(columnValues(table, "s")).toEqual(["", null, "x"]);
  });

  it("tableFromCsv treats quoted fields as text, so quoted numbers stay strings", () => {
    const table = tableFromCsv('zip,n\n"007",1\n"123","2"\n');
    expect(typesOf(table)).toEqual(["zip:Utf8", "n:Utf8"]);
    expect(columnValues(table, "zip")).toEqual(["007", "123"]);
  });

  it("tableFromCsv reads tricky quoting: commas, line breaks and quotes inside fields", () => {
    const table = tableFromCsv('name,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\nLee,plain\r\n');
    expect(columnValues(table, "name")).toEqual(["Smith, J", "Lee"]);
    expect(columnValues(table, "note")).toEqual(['said "hi"\r\nthen left', "plain"]);
  });

  it("tableFromCsv skips blank lines in a multi-column file", () => {
    expect(tableFromCsv("a,b\n1,2\n\n3,4\n").numRows).toBe(2);
  });

  it("tableFromCsv reads every column as text with inferTypes: false", () => {
    const table = tableFromCsv("a,b\n1,true\n", { inferTypes: false });
    expect(typesOf(table)).toEqual(["a:Utf8", "b:Utf8"]);
  });

  it("tableFromCsv of a header alone has its columns and no rows; of nothing, no columns", () => {
    const header = tableFromCsv("a,b\n");
    expect(header.schema.fields.map((field) => field.name)).toEqual(["a", "b"]);
    expect(header.numRows).toBe(0);
    expect(tableFromCsv("").numCols).toBe(0);
  });

  it("tableFromCsv throws io_failed naming the line whose field count differs from the header", () => {
    const error = csvError("a,b\n1,2\n3\n");
    expect(error.code).toBe("io_failed");
    expect(error.details).toEqual({ source: "sales.csv", line: 3, fields: 1, expected: 2 });
    expect(error.message).toContain("sales.csv line 3 has 1 fields but the header has 2");
  });

  it("tableFromCsv throws io_failed for a header naming a column twice", () => {
    const error = csvError("a,a\n1,2\n");
    expect(error.code).toBe("io_failed");
    expect(error.details).toMatchObject({ column: "a" });
  });

  it("tableFromCsv throws invalid_argument for an unusable delimiter", () => {
    expect(() => tableFromCsv("a", { delimiter: ";;" })).toThrowError(/delimiter/);
  });
});

describe("tableToCsv", () => {
  it("tableToCsv quotes only what would split or read back differently", () => {
    const table = new Table({
      s: vectorFromArray(["plain", "a,b", 'q"q', "two\nlines", "", null, "12", "true", " padded "], new Utf8()),
    });
    expect(tableToCsv(table)).toMatchInlineSnapshot(`
      "s
      plain
      "a,b"
      "q""q"
      "two
      lines"
      ""

      "12"
      "true"
       padded 
      "
    `);
  });

  it("tableToCsv writes numbers exactly, -0 and NaN included, and nulls as empty fields", () => {
    const table = new Table({ x: toVector([0.1, -0, Number.NaN, null, 1e21, -Infinity]), b: toVector([true, false, null, true, true, false]) });
    expect(tableToCsv(table, { newline: "\r\n" })).toBe("x,b\r\n0.1,true\r\n-0,false\r\nNaN,\r\n,true\r\n1e+21,true\r\n-Infinity,false\r\n");
  });

  it("tableToCsv writes date cells as dates, not epoch milliseconds, and a DateDay column reads back as one", () => {
    const day = Date.UTC(2024, 1, 29);
    const table = new Table({ d: vectorFromArray([new Date(day), null], new DateDay()), at: vectorFromArray([new Date(day + 5_400_000), null], new DateMillisecond()) });
    const csv = tableToCsv(table);
    expect(csv).toBe("d,at\n2024-02-29,2024-02-29T01:30:00.000Z\n,\n");
    const back = tableFromCsv(csv, { types: { d: "date" } });
    expect(columnValues(back, "d")).toEqual(columnValues(table, "d"));
  });

  it("tableToCsv then tableFromCsv returns the same columns and values for tricky text and nulls", () => {
    const table = new Table({
      "a,b": vectorFromArray(["x", "", null, 'say "hi"', "line\r\nbreak", "007", "FALSE", "NaN"], new Utf8()),
      n: toVector([1, null, -0, 2.5, Number.NaN, 1e-7, 3, 4]),
      f: toVector([true, null, false, true, true, false, null, true]),
    });
    const back = tableFromCsv(tableToCsv(table, { delimiter: ";" }), { delimiter: ";" });
    expect(typesOf(back)).toEqual(["a,b:Utf8", "n:Float64", "f:Bool"]);
    for (const name of ["a,b", "n", "f"]) expect(columnValues(back, name)).toEqual(columnValues(table, name));
  });

  it("tableToCsv of a one-column table with nulls reads back as nulls (blank lines)", () => {
    const table = new Table({ v: toVector([null, 1, null]) });
    const back = tableFromCsv(tableToCsv(table));
    expect(columnValues(back, "v")).toEqual([null, 1, null]);
    expect(DataType.isFloat(back.getChild("v")!.type)).toBe(true);
  });

  it("tableToCsv and tableToCsvChunks refuse a rowsPerChunk or newline they cannot use, at the call, naming the option", () => {
    const table = new Table({ v: toVector([1, 2, 3]) });
    for (const rowsPerChunk of [2.5, Number.NaN, 0]) {
      const error = caught(() => tableToCsv(table, { rowsPerChunk }));
      expect(error.code).toBe("invalid_argument");
      expect(error.message).toContain("tableToCsv: options.rowsPerChunk must be an integer ≥ 1");
    }
    expect(caught(() => tableToCsv(table, { newline: "\n\n" as "\n" })).message).toContain("tableToCsv: options.newline must be");
    // A generator's checks would otherwise wait for the first chunk read.
    const chunks = caught(() => tableToCsvChunks(42 as unknown as Table));
    expect(chunks.code).toBe("type_mismatch");
    expect(chunks.message).toContain("tableToCsvChunks: table must be an Arrow Table");
    expect([...tableToCsvChunks(table, { rowsPerChunk: 2 })]).toEqual(["v\n", "1\n2\n", "3\n"]);
  });
});
