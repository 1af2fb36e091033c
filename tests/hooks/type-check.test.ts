import { describe, expect, it } from "vitest";
import { makeVector, tableFromArrays } from "apache-arrow";
import { Builder } from "funcflow";
import { typeCheck, typeCheckerFor } from "funcflow/adapters";
import { rejection } from "../support/caught.ts";

const typed = new URL("../fixtures/engine/typed.ts", import.meta.url);
const build = (options?: Parameters<typeof typeCheck>[0]) =>
  new Builder().withModules(typed).withManifestCache(false).withAdapters(typeCheck(options)).build();


describe("typeCheck", () => {
  it("driver.execute passes values that match their declared types (number, Date, unions, Arrow)", async () => {
    const dr = await build();
    const result = await dr.execute(["count", "stamp", "maybe", "prices", "frame", "summary"], { inputs: { items: ["a", "b"] } });
    expect(result.count).toBe(2);
    expect(result.maybe).toBeNull();
  });

  it("driver.execute rejects an output that does not match its declared type (type_mismatch)", async () => {
    const dr = await build();
    const error = await rejection(dr.execute(["wrongCount"], { inputs: { items: ["a", "b"] } }));
    expect(error.code).toBe("type_mismatch");
    expect(error.node).toBe("wrongCount");
    expect(error.details).toEqual({ adapter: "typeCheck", direction: "output", expected: "number", actual: "a string" });
    expect(error.message).toMatchInlineSnapshot(
      `"Node "wrongCount": output should be number but is a string. Return a number from "wrongCount", or change its declared return type."`,
    );
  });

  it("driver.execute rejects an input that does not match the parameter's type, before the node runs", async () => {
    const dr = await build();
    const error = await rejection(dr.execute(["count"], { inputs: { items: ["a", 3] } }));
    expect(error).toMatchObject({ code: "type_mismatch", node: "count", input: "items", details: { direction: "input", expected: "string[]" } });
  });

  it("driver.execute checks the column types of an Arrow Table type", async () => {
    const dr = await build();
    const error = await rejection(dr.execute(["wrongFrame"], { inputs: { items: ["a"] } }));
    expect(error).toMatchObject({ code: "type_mismatch", node: "wrongFrame", details: { expected: "Table<{ price: Utf8 }>", actual: "a Table" } });
  });

  it("driver.execute checks only what it is asked to", async () => {
    const outputsOnly = await build({ inputs: false });
    expect(await outputsOnly.execute(["count"], { inputs: { items: ["a", 3] } })).toEqual({ count: 2 });
    const inputsOnly = await build({ outputs: false });
    expect(await inputsOnly.execute(["wrongCount"], { inputs: { items: ["a"] } })).toEqual({ wrongCount: "a" });
  });
});

describe("typeCheckerFor", () => {
  const show = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : ((value as object)?.constructor?.name ?? String(value)));
  const vector = makeVector(new Float64Array([1, 2]));
  const table = tableFromArrays({ price: new Float64Array([1]), name: ["x"] });
  const cases: [string, unknown, boolean][] = [
    ["number", 1, true],
    ["number", "1", false],
    ["string", "a", true],
    ["boolean", false, true],
    ["Date", new Date(0), true],
    ["Date", "2020-01-01", false],
    ["number | null", null, true],
    ["number | undefined", "x", false],
    ["number[]", [1, 2], true],
    ["number[]", [1, "2"], false],
    ["readonly (string | null)[]", ["a", null], true],
    ["Array<boolean>", [true], true],
    ["ReadonlyArray<Date>", [new Date()], true],
    ["Float64Array", new Float64Array(1), true],
    ["Float64Array", new Float32Array(1), false],
    ['"a" | "b"', "b", true],
    ['"a" | "b"', "c", false],
    ["Vector<Float64>", vector, true],
    ["Vector<Float>", vector, true],
    ["arrow.Vector<Int32>", vector, false],
    ["Vector", [1], false],
    ["Table", table, true],
    ["Table<{ price: Float64; name: Utf8 }>", table, true],
    ["Table<{ price: Float64; missing: Utf8 }>", table, false],
    ["Table", vector, false],
    // Read by the shared splitter: escapes, comments and the `>` of an arrow no longer fool it.
    ['"C:\\\\" | number', "C:\\", true],
    ["'it\\'s' | null", "it's", true],
    ["Table<{ price: Float64 /* don't */; missing: Utf8 }>", table, false],
    ["| 1\n  | 2", 2, true],
  ];
  it.each(cases.map(([type, value, expected]) => ({ type, value, expected, shown: show(value) })))("checks $type against $shown → $expected", ({ type, value, expected }) => {
    expect(typeCheckerFor(type)!(value)).toBe(expected);
  });

  it.each(["Summary", "Record<string, number>", "{ a: number }", "Map<string, number>", "number | Summary", "(x: number) => string", "(x: number) => string | undefined", "`id-${number}`", "`id-${number}` | null"])(
    "leaves %s unchecked",
    (type) => {
      expect(typeCheckerFor(type)).toBeUndefined();
    },
  );
});
