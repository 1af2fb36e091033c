/**
 * What `funcflow run` prints for each kind of output value (`--json` and the summary table), and
 * what the explorer records: a value JSON.stringify would show must never come out as `{}`.
 */
import { makeVector, tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { summarizeValue, toJsonValue } from "../../src/columnar/index.ts";

const DAY = new Date(Date.UTC(2024, 9, 7));

class Money {
  constructor(readonly cents: number) {}
  toJSON(): string {
    return `$${(this.cents / 100).toFixed(2)}`;
  }
}

describe("toJsonValue", () => {
  const CASES: readonly [string, unknown, unknown][] = [
    ["a number", 1.5, 1.5],
    ["a bigint", 12n, "12"],
    ["a Date", DAY, "2024-10-07T00:00:00.000Z"],
    ["an invalid Date", new Date(Number.NaN), null],
    ["an array of Dates", [DAY], ["2024-10-07T00:00:00.000Z"]],
    ["a Date in an object", { due: DAY }, { due: "2024-10-07T00:00:00.000Z" }],
    ["a class with toJSON", new Money(1250), "$12.50"],
    ["a Set", new Set(["Dr", "Rev"]), ["Dr", "Rev"]],
    ["a Map of Sets", new Map([["titles", new Set(["Dr"])]]), { titles: ["Dr"] }],
    ["a typed array", new Float64Array([1, 2]), [1, 2]],
    ["a vector", makeVector(new Int32Array([3, 4])), [3, 4]],
    ["a table", tableFromArrays({ x: new Float64Array([1]) }), [{ x: 1 }]],
    ["a plain object", { a: { b: [1n] } }, { a: { b: ["1"] } }],
  ];
  it.each(CASES)("%s", (_, value, expected) => {
    expect(toJsonValue(value)).toEqual(expected);
    // What --json prints is what JSON.stringify would make of the value, bigints aside.
    expect(JSON.parse(JSON.stringify(toJsonValue(value)))).toEqual(expected);
  });

  it("an object inside itself is \"[Circular]\" there, not a RangeError; a list shared by siblings is copied in both", () => {
    const client: Record<string, unknown> = { host: "db", pool: [] };
    client["self"] = client;
    (client["pool"] as unknown[]).push(client);
    const list = [1, 2];
    expect(toJsonValue({ client, a: list, b: list })).toEqual({ client: { host: "db", pool: ["[Circular]"], self: "[Circular]" }, a: [1, 2], b: [1, 2] });
  });
});

describe("summarizeValue", () => {
  it.each([
    ["a Date", DAY, { kind: "Date", size: "", preview: "2024-10-07T00:00:00.000Z" }],
    ["an array of Dates", [DAY, DAY], { kind: "Array", size: "2", preview: `["2024-10-07T00:00:00.000Z", "2024-10-07T00:00:00.000Z"]` }],
    ["a Set", new Set(["Dr", "Rev"]), { kind: "Set", size: "2", preview: `["Dr", "Rev"]` }],
    ["a class with toJSON", new Money(5), { kind: "Money", size: "", preview: `"$0.05"` }],
  ] as const)("%s", (_, value, expected) => {
    expect(summarizeValue(value)).toEqual(expected);
  });
});
