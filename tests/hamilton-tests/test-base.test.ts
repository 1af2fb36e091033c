/**
 * Follows the facts asserted by Hamilton's tests/test_base.py (result builders): what a frame of
 * outputs looks like for scalars, columns, lists, generators and frames, which mixes fail, and
 * that a custom result builder gets the outputs. funcflow's frame result is `arrowTableResult`
 * (pandas' `PandasDataFrameResult`); the default is `recordResult` (Hamilton's `DictResult`).
 *
 * Not ported: `NumpyMatrixResult` (no matrix builder), pandas index types and their checks
 * (`pandas_index_types`, `StrictIndexTypePandasDataFrameResult`: Arrow tables have no index, so
 * outer joins on the index do not apply), a dict output as a column indexed by its keys, and an
 * arbitrary object as a one-row column (Arrow holds no arbitrary objects: `type_mismatch`).
 */
import { makeVector, tableFromArrays, type Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder, type ResultBuilder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { recordResult } from "../../src/results/index.ts";
import { caught } from "../support/caught.ts";

const vector = (...values: number[]) => makeVector(Float64Array.from(values));
function* ints(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
const rows = (table: Table) => table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
const build = (outputs: Record<string, unknown>) => arrowTableResult.build(outputs, Object.keys(outputs));

describe("hamilton tests/test_base.py: the frame result (arrowTableResult)", () => {
  it.each([
    ["a single scalar: one row", { a: 1 }, [{ a: 1 }]],
    ["a single column", { a: vector(1, 2, 3) }, [{ a: 1 }, { a: 2 }, { a: 3 }]],
    ["a single list", { a: [1, 2, 3] }, [{ a: 1 }, { a: 2 }, { a: 3 }]],
    ["a single typed array", { a: Int32Array.of(1, 2, 3) }, [{ a: 1 }, { a: 2 }, { a: 3 }]],
    ["a single generator", { a: ints(3) }, [{ a: 0 }, { a: 1 }, { a: 2 }]],
    ["two scalars: one row", { a: 1, bar: 2 }, [{ a: 1, bar: 2 }]],
    ["two columns", { a: vector(1, 2, 3), b: vector(11, 12, 13) }, [{ a: 1, b: 11 }, { a: 2, b: 12 }, { a: 3, b: 13 }]],
    ["two columns and a scalar, broadcast", { a: vector(1, 2, 3), b: vector(11, 12, 13), c: 1 }, [{ a: 1, b: 11, c: 1 }, { a: 2, b: 12, c: 1 }, { a: 3, b: 13, c: 1 }]],
    ["two lists", { a: [1, 2, 3], b: [4, 5, 6] }, [{ a: 1, b: 4 }, { a: 2, b: 5 }, { a: 3, b: 6 }]],
    ["two typed arrays", { a: Int32Array.of(1, 2, 3), b: Int32Array.of(4, 5, 6) }, [{ a: 1, b: 4 }, { a: 2, b: 5 }, { a: 3, b: 6 }]],
    ["two generators", { a: ints(3), b: ints(3) }, [{ a: 0, b: 0 }, { a: 1, b: 1 }, { a: 2, b: 2 }]],
    ["a column and a scalar", { a: vector(1, 2, 3), b: 4 }, [{ a: 1, b: 4 }, { a: 2, b: 4 }, { a: 3, b: 4 }]],
    ["a list and a scalar", { a: [1, 2, 3], b: 4 }, [{ a: 1, b: 4 }, { a: 2, b: 4 }, { a: 3, b: 4 }]],
  ] as const)("%s", (_case, outputs, expected) => {
    const table = build(outputs);
    expect(table.schema.fields.map((field) => field.name)).toEqual(Object.keys(outputs));
    expect(rows(table)).toEqual(expected);
  });

  it("a single table is returned as it is", () => {
    const table = tableFromArrays({ a: Float64Array.of(1, 2, 3), b: Float64Array.of(11, 12, 13) });
    expect(build({ a: table })).toBe(table);
  });

  it("several tables are flattened into output.column columns", () => {
    const table = build({
      a: tableFromArrays({ a: Float64Array.of(1, 2, 3), b: Float64Array.of(11, 12, 13) }),
      b: tableFromArrays({ c: Float64Array.of(1, 3, 5), d: Float64Array.of(14, 15, 16) }),
    });
    expect(table.schema.fields.map((field) => field.name)).toEqual(["a.a", "a.b", "b.c", "b.d"]);
    expect(rows(table)[2]).toEqual({ "a.a": 3, "a.b": 13, "b.c": 5, "b.d": 16 });
  });

  it("columns and a table: the table's columns flattened after the columns, in request order", () => {
    const table = build({ a: vector(1, 2, 3), b: vector(11, 12, 13), c: tableFromArrays({ d: Float64Array.of(0, 0, 0) }) });
    expect(table.schema.fields.map((field) => field.name)).toEqual(["a", "b", "c.d"]);
    expect(rows(table)[0]).toEqual({ a: 1, b: 11, "c.d": 0 });
  });

  it("a table, a column, a scalar and a list: flattened, broadcast, in request order", () => {
    const table = build({ a: tableFromArrays({ a: Float64Array.of(1, 2, 3), z: Float64Array.of(0, 0, 0) }), b: vector(4, 5, 6), c: 7, d: [8, 9, 10] });
    expect(rows(table)).toEqual([
      { "a.a": 1, "a.z": 0, b: 4, c: 7, d: 8 },
      { "a.a": 2, "a.z": 0, b: 5, c: 7, d: 9 },
      { "a.a": 3, "a.z": 0, b: 6, c: 7, d: 10 },
    ]);
  });

  it.each([
    ["a list and a record", { a: [1, 2], b: { foo: "bar" } }, "type_mismatch"],
    ["lists of different lengths", { a: [1, 2], b: [3, 4, 5] }, "length_mismatch"],
    ["typed arrays of different lengths", { a: Int32Array.of(1, 2), b: Int32Array.of(3, 4, 5) }, "length_mismatch"],
    ["generators of different lengths", { a: ints(3), b: ints(4) }, "length_mismatch"],
    ["a flattened name that repeats a column", { a: tableFromArrays({ b: Float64Array.of(1) }), "a.b": [2] }, "invalid_argument"],
  ] as const)("%s fails with %s", (_case, outputs, code) => {
    const error = caught(() => build(outputs));
    expect(error.code).toBe(code);
  });

  it("a length mismatch names every column and its length", () => {
    const error = caught(() => build({ a: [1, 2], b: [3, 4, 5] }));
    expect(error.message).toContain('"a" has 2');
    expect(error.message).toContain('"b" has 3');
  });
});

describe("hamilton tests/test_base.py: the record result and custom result builders", () => {
  it("the record result keeps the requested outputs in request order", () => {
    const record = recordResult.build({ b: 2, a: 1, c: 3 }, ["a", "b"]);
    expect(Object.keys(record)).toEqual(["a", "b"]);
    expect(record).toEqual({ a: 1, b: 2 });
  });

  it("a custom result builder receives the outputs and its return value is the result (SimplePythonGraphAdapter delegates)", async () => {
    const esoteric: ResultBuilder<Record<string, unknown>> = { name: "esoteric", build: (outputs, requested) => ({ ...Object.fromEntries(requested.map((name) => [name, outputs[name]])), esoteric: "function" }) };
    const dr = await new Builder().withModules(new URL("../fixtures/hamilton-tests/graph/very_simple_dag.ts", import.meta.url)).withResultBuilder(esoteric).build();
    expect(await dr.execute(["b"], { inputs: { a: "b" } })).toEqual({ b: "b", esoteric: "function" });
  });
});
