/**
 * `nullValues` (pandas' na_values, polars' null_values) in every CSV reader: an unquoted field
 * that is one of the markers is null in every column type, inference ignores it, a quoted one
 * stays text, the header is never a marker, and a bad list is invalid_argument naming the option.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsvBatches, readTable, tableFromCsv, type ReadCsvOptions } from "../../src/io/index.ts";
import { caught, rejection } from "../support/caught.ts";
import { collectBatches, columnValues } from "./support/batches.ts";

let dir: string;
let written = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-csv-null-values-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(text: string): Promise<string> {
  const path = join(dir, `case-${++written}.csv`);
  await writeFile(path, text);
  return path;
}

/** What a read gives: each column as `name:Type` and its values. */
type Read = { readonly types: string[]; readonly values: Record<string, unknown[]> };

const readOfTable = (table: Table): Read => ({
  types: table.schema.fields.map((field) => `${field.name}:${String(field.type)}`),
  values: Object.fromEntries(table.schema.fields.map((field) => [field.name, Array.from(table.getChild(field.name)! as Iterable<unknown>)])),
});

const CASES: readonly { name: string; text: string; options: ReadCsvOptions; types: string[]; values: Record<string, unknown[]>; batches?: false }[] = [
  {
    name: "a number column whose only other text is a marker infers as numbers (auto-mpg's ?)",
    text: "mpg,hp\n18,130\n25,?\n",
    options: { nullValues: ["?"] },
    types: ["mpg:Float64", "hp:Float64"],
    values: { mpg: [18, 25], hp: [130, null] },
  },
  {
    name: "without nullValues the same column is text",
    text: "mpg,hp\n18,130\n25,?\n",
    options: {},
    types: ["mpg:Float64", "hp:Utf8"],
    values: { mpg: [18, 25], hp: ["130", "?"] },
  },
  {
    name: "each marker is null in number, text and boolean columns",
    text: "n,s,b\nNA,x,true\n1,?,NA\n2,y,?\n",
    options: { nullValues: ["?", "NA"] },
    types: ["n:Float64", "s:Utf8", "b:Bool"],
    values: { n: [null, 1, 2], s: ["x", null, "y"], b: [true, null, null] },
  },
  {
    name: "a quoted marker stays text (a real NA, Namibia), and makes the column text",
    text: 'country,n\n"NA",1\nNA,"?"\n',
    options: { nullValues: ["?", "NA"] },
    types: ["country:Utf8", "n:Utf8"],
    values: { country: ["NA", null], n: ["1", "?"] },
  },
  {
    name: "only the exact text is a marker: no trimming, case as written, no prefix",
    text: "s\nna\n NA\nNA \nNAN\nNA\n",
    options: { nullValues: ["NA"] },
    types: ["s:Utf8"],
    values: { s: ["na", " NA", "NA ", "NAN", null] },
  },
  {
    name: "the empty field stays null next to the markers; a column of markers and empties is Null",
    text: "a,b\n,1\n?,2\n",
    options: { nullValues: ["?"] },
    types: ["a:Null", "b:Float64"],
    values: { a: [null, null], b: [1, 2] },
  },
  {
    name: "declared columns of every type read a marker as null",
    text: "i,l,f,b,s,d\n1,2,2.5,true,x,2024-01-31\n-,-,-,-,-,-\n",
    options: { nullValues: ["-"], types: { i: "int32", l: "int64", f: "float64", b: "bool", s: "utf8", d: "date" } },
    types: ["i:Int32", "l:Int64", "f:Float64", "b:Bool", "s:Utf8", "d:Date32<DAY>"],
    values: { i: [1, null], l: [2n, null], f: [2.5, null], b: [true, null], s: ["x", null], d: [19753 * 86_400_000, null] },
  },
  {
    name: "header names are never markers",
    text: "NA,b\n1,NA\n",
    options: { nullValues: ["NA"] },
    types: ["NA:Float64", "b:Null"],
    values: { NA: [1], b: [null] },
  },
  {
    name: "without a header the first record's markers are null too",
    text: "?,1\n2,?\n",
    options: { header: false, nullValues: ["?"] },
    types: ["column0:Float64", "column1:Float64"],
    values: { column0: [null, 2], column1: [1, null] },
    batches: false,
  },
  {
    name: "inferTypes: false keeps text and makes markers null",
    text: "a\n?\n1\n",
    options: { inferTypes: false, nullValues: ["?"] },
    types: ["a:Utf8"],
    values: { a: [null, "1"] },
    batches: false,
  },
  {
    name: "markers of different lengths: a longer or shorter field is not one",
    text: "a\nNULL\n?\nNULLS\n??\n",
    options: { nullValues: ["NULL", "?"] },
    types: ["a:Utf8"],
    values: { a: [null, null, "NULLS", "??"] },
  },
  {
    name: "an empty list is no markers",
    text: "a\n?\n",
    options: { nullValues: [] },
    types: ["a:Utf8"],
    values: { a: ["?"] },
  },
  {
    name: "a lone marker in a one-column file is null, like a blank line",
    text: "a\n1\n?\n\n",
    options: { nullValues: ["?"] },
    types: ["a:Float64"],
    values: { a: [1, null, null] },
  },
];

describe("CSV nullValues", () => {
  it.each(CASES)("tableFromCsv: $name", ({ text, options, types, values }) => {
    expect(readOfTable(tableFromCsv(text, options))).toEqual({ types, values });
  });

  it.each(CASES)("readTable(path, { csv }): $name", async ({ text, options, types, values }) => {
    expect(readOfTable(await readTable(await file(text), { csv: options }))).toEqual({ types, values });
  });

  it.each(CASES.filter((test) => test.batches !== false))("readCsvBatches: $name", async ({ text, options, types, values }) => {
    const batches = await collectBatches(readCsvBatches(await file(text), options));
    const names = batches[0]!.schema.fields.map((field) => field.name);
    for (const batch of batches) expect(batch.schema.fields.map((field) => `${field.name}:${String(field.type)}`)).toEqual(types);
    expect(Object.fromEntries(names.map((name) => [name, columnValues(batches, name)]))).toEqual(values);
  });

  it("readCsvBatches: a marker in a later batch is null in the type the first batch fixed", async () => {
    const batches = await collectBatches(readCsvBatches(await file("x,flag\n1,true\n?,?\n3,NA\n"), { batchRows: 1, nullValues: ["?", "NA"] }));
    expect(columnValues(batches, "x")).toEqual([1, null, 3]);
    expect(columnValues(batches, "flag")).toEqual([true, null, null]);
  });

  it("tableFromCsv: a lone marker on a line of several columns is a short record, not a skipped blank line", () => {
    const error = caught(() => tableFromCsv("a,b\n1,2\n?\n", { nullValues: ["?"], source: "cars.csv" }));
    expect(error.code).toBe("io_failed");
    expect(error.message).toContain("cars.csv line 3 has 1 fields but the header has 2");
  });

  it("the options given are not changed", () => {
    const nullValues = Object.freeze(["?", "NA"]);
    const options = Object.freeze({ nullValues });
    tableFromCsv("a\n?\n", options);
    expect(nullValues).toEqual(["?", "NA"]);
  });
});

describe("CSV nullValues that are not a list of strings", () => {
  const BAD: readonly [unknown, string, string][] = [
    ["?", "options.nullValues", 'must be an array of strings read as null, such as ["?", "NA"], got the string "?"'],
    [new Set(["?"]), "options.nullValues", "must be an array of strings"],
    [null, "options.nullValues", "must be an array of strings"],
    [["?", 0], "options.nullValues[1]", "must be a string read as null"],
  ];

  it.each(BAD)("tableFromCsv refuses %o naming %s", (nullValues, argument, message) => {
    const error = caught(() => tableFromCsv("a\n1\n", { nullValues: nullValues as never }));
    expect(error.code).toBe("invalid_argument");
    expect(error.details).toMatchObject({ function: "tableFromCsv", argument });
    expect(error.message).toContain(`tableFromCsv: ${argument} ${message}`);
  });

  it.each(BAD)("readCsvBatches refuses %o naming %s", async (nullValues, argument) => {
    const error = await rejection(collectBatches(readCsvBatches(await file("a\n1\n"), { nullValues: nullValues as never })));
    expect(error.code).toBe("invalid_argument");
    expect(error.details).toMatchObject({ function: "readCsvBatches", argument });
  });

  it.each(BAD)("readTable refuses %o naming options.csv.…, before reading the file", async (nullValues, argument) => {
    const error = await rejection(readTable(join(dir, "never-written.csv"), { csv: { nullValues: nullValues as never } }));
    expect(error.code).toBe("invalid_argument");
    expect(error.details).toMatchObject({ function: "readTable", argument: argument.replace("options.", "options.csv.") });
  });
});
