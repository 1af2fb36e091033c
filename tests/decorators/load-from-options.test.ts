/**
 * loadFrom passes reader options through: a CSV with any delimiter loads as its columns (not one
 * column), `inferTypes: false` keeps text, `columns` selects and orders, and bad options are
 * build-time errors naming the option.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "./support/build.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-loadfrom-"));
afterAll(() => {
  removeInlineModules();
  rmSync(dir, { recursive: true, force: true });
});

function csv(delimiter: string): string {
  const path = join(dir, `sales-${delimiter.codePointAt(0)}.csv`);
  writeFileSync(path, ["id", "region", "amount"].join(delimiter) + "\n" + ["1", "EU", "2.5"].join(delimiter) + "\n" + ["2", "US", "007"].join(delimiter) + "\n");
  return path;
}

const run = async (options: string, path: string) => {
  const dr = await buildSource(`export const sales = ff.loadFrom({ path: ${JSON.stringify(path)}, ${options} }, (table: import("apache-arrow").Table) => table);`);
  return (await dr.execute(["sales"])).sales as Table;
};

describe("loadFrom reader options", () => {
  it.each([";", "\t", "|", ","])("delimiter %j: the file loads as three columns", async (delimiter) => {
    const table = await run(`delimiter: ${JSON.stringify(delimiter)}`, csv(delimiter));
    expect(table.schema.fields.map((field) => field.name)).toEqual(["id", "region", "amount"]);
    expect(table.getChild("amount")!.toArray()).toEqual(Float64Array.from([2.5, 7]));
  });

  it("inferTypes: false keeps every column as text", async () => {
    const table = await run(`delimiter: ";", inferTypes: false`, csv(";"));
    expect(table.getChild("amount")!.toArray()).toEqual(["2.5", "007"]);
  });

  it("columns selects and orders the columns", async () => {
    const table = await run(`delimiter: ";", columns: ["amount", "id"]`, csv(";"));
    expect(table.schema.fields.map((field) => field.name)).toEqual(["amount", "id"]);
  });

  it("a column the file lacks is io_failed naming it and the columns present", async () => {
    const dr = await buildSource(`export const sales = ff.loadFrom({ path: ${JSON.stringify(csv(";"))}, columns: ["id", "price"] }, (table: import("apache-arrow").Table) => table);`);
    const error = await caught(dr.execute(["sales"]));
    expect(error.message).toContain('has no column "id", "price" (it has "id;region;amount")'); // no delimiter given: one column
    expect(error.message).toContain("the delimiter");
  });

  it.each([
    [`delimiter: ";;"`, "delimiter must be one character"],
    [`delimiter: 5 as never`, "delimiter must be one character"],
    [`inferTypes: "no" as never`, "inferTypes must be true or false"],
    [`columns: [] as string[]`, "columns must be a non-empty list"],
    [`columns: "id" as never`, "columns must be a non-empty list"],
    [`header: "no" as never`, "header must be true or false"],
    [`types: { id: "integer" } as never`, `types.id must be one of float64, int32, int64, bool, utf8, date, got "integer"`],
    [`types: ["int64"] as never`, "types must be an object"],
    [`types: new Map([["id", "int64"]]) as never`, "types must be an object"],
    [`as: "json", header: false`, "are CSV options"],
    [`nullValues: "?" as never`, `nullValues must be an array of strings read as null, such as ["?", "NA"], got "?"`],
    [`nullValues: ["?", 0] as never`, `nullValues must be an array of strings`],
    [`as: "json", nullValues: ["?"]`, "are CSV options"],
  ])("%s is invalid_modifier at build", async (options, message) => {
    const error = await caught(buildSource(`export const sales = ff.loadFrom({ path: "x.csv", ${options} }, (table: unknown) => table);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(message);
  });
});

describe("loadFrom of a CSV without a header, with declared types", () => {
  const headerless = () => {
    const path = join(dir, "days.csv");
    writeFileSync(path, "1,2024-01-31,007\n2,2024-02-01,008\n");
    return path;
  };

  it("header: false names the columns from columns, and types reads them as declared", async () => {
    const table = await run(`header: false, columns: ["id", "day", "code"], types: { id: "int64", day: "date", code: "utf8" }`, headerless());
    expect(table.schema.fields.map((field) => `${field.name}:${String(field.type)}`)).toEqual(["id:Int64", "day:Date32<DAY>", "code:Utf8"]);
    expect(Array.from(table.getChild("id")! as Iterable<unknown>)).toEqual([1n, 2n]);
    expect(Array.from(table.getChild("code")! as Iterable<unknown>)).toEqual(["007", "008"]);
  });

  it("header: false without columns numbers them column0…", async () => {
    const table = await run(`header: false`, headerless());
    expect(table.schema.fields.map((field) => field.name)).toEqual(["column0", "column1", "column2"]);
  });

  it("a field that does not fit its declared type fails the load naming line and column", async () => {
    const dr = await buildSource(`export const days = ff.loadFrom({ path: ${JSON.stringify(headerless())}, header: false, columns: ["id", "day", "code"], types: { day: "int32" } }, (table: import("apache-arrow").Table) => table);`);
    const error = await caught(dr.execute(["days"]));
    expect(error.message).toContain(`line 1, column "day": "2024-01-31" is not a whole number`);
  });
});

describe("loadFrom with nullValues", () => {
  const cars = () => {
    const path = join(dir, "auto-mpg.csv");
    writeFileSync(path, 'mpg,horsepower,origin\n18,130,"NA"\n25,?,NA\n');
    return path;
  };

  it("an unquoted marker is null and the column still infers as numbers; a quoted one stays text", async () => {
    const table = await run(`nullValues: ["?", "NA"]`, cars());
    expect(table.schema.fields.map((field) => `${field.name}:${String(field.type)}`)).toEqual(["mpg:Float64", "horsepower:Float64", "origin:Utf8"]);
    expect(Array.from(table.getChild("horsepower")! as Iterable<unknown>)).toEqual([130, null]);
    expect(Array.from(table.getChild("origin")! as Iterable<unknown>)).toEqual(["NA", null]);
  });

  it("nullValues may come from an input through source(...), checked when the load runs", async () => {
    const body = (name: string) => `export const cars = ff.loadFrom({ path: ${JSON.stringify(cars())}, nullValues: ff.source(${JSON.stringify(name)}) }, (table: import("apache-arrow").Table) => table);`;
    const dr = await buildSource(body("markers"));
    const table = (await dr.execute(["cars"], { inputs: { markers: ["?"] } })).cars as Table;
    expect(Array.from(table.getChild("horsepower")! as Iterable<unknown>)).toEqual([130, null]);
    const error = await caught(dr.execute(["cars"], { inputs: { markers: "?" } }));
    expect(error.code).toBe("node_failed");
    const cause = error.cause as Error & { code?: string };
    expect(cause.code).toBe("invalid_argument");
    expect(cause.message).toContain(`nullValues must be an array of strings`);
    expect(cause.message).toContain(`nullValues from "markers"`);
  });
});
