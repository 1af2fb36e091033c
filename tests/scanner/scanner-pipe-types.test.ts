/**
 * What the scanner records for nodes the graph cannot type at run time: the columns of an
 * extractColumns table and the types of the step functions a pipe calls.
 */
import { describe, expect, it } from "vitest";
import { scanSource } from "funcflow/scanner";

const source = `
import type { Float64, Table, Utf8, Vector } from "apache-arrow";
import { extractColumns, pipeInput, pipeOutput, step } from "funcflow";
import { imported } from "./elsewhere.ts";
type People = { age: Float64; name: Utf8 };
const parse = (text: string): number => Number(text);
function label(x: number, unit: string): Promise<string> { return Promise.resolve(x + unit); }
const untyped = (x) => x;
export const people = extractColumns(["age", "name"], (): Promise<Table<People>> => undefined as never);
export const record = extractColumns(["a"], (): { a: Vector<Float64> } => undefined as never);
export const untypedTable = extractColumns(["a"], (): Table => undefined as never);
export const piped = pipeInput(step(parse), step(label, "kg").named("text"), step(imported), step(untyped), (raw: string) => raw);
export const out = pipeOutput(step(parse).when({ strict: true }), (raw: string): string => raw);
`;

describe("scanSource reads pipe and column types", () => {
  const manifest = scanSource(source, "m.ts");
  const entry = (name: string) => manifest.functions.find((fn) => fn.exportName === name)!;

  it("scanSource records an extractColumns table's columns as vectors of their data types, and a record's fields as written", () => {
    expect(entry("people").returnColumns).toEqual([
      { name: "age", type: "Vector<Float64>", optional: false },
      { name: "name", type: "Vector<Utf8>", optional: false },
    ]);
    expect(entry("record").returnColumns).toEqual([{ name: "a", type: "Vector<Float64>", optional: false }]);
    expect(entry("untypedTable").returnColumns).toBeUndefined();
  });

  it("scanSource records the written types of the step functions the module declares, a promise unwrapped", () => {
    expect(entry("piped").stepTypes).toEqual({
      parse: { params: ["string"], returnType: "number" },
      label: { params: ["number", "string"], returnType: "string" },
      untyped: { params: ["unknown"], returnType: "unknown" },
    });
    expect(entry("out").stepTypes).toEqual({ parse: { params: ["string"], returnType: "number" } });
  });
});
