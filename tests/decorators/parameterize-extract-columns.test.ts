/**
 * `parameterizeExtractColumns` is Hamilton's `@parameterize_extract_columns`: per
 * parameterization a table node `<fn>__<i>` whose columns are renamed by position to the outputs,
 * and one node per output column. Values are computed here by hand from the inputs.
 */
import { tableFromArrays, type Table, type Vector } from "apache-arrow";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const dr = await buildFixture("parameterize-extract-columns");
const numbers = (vector: unknown) => Array.from(vector as Vector, Number);

describe("parameterizeExtractColumns", () => {
  it("makes <fn>__0, <fn>__1, … and the output columns, as Hamilton names them; the function's own name is no node", () => {
    const names = dr.listNodes().map((node) => node.name);
    expect(names).toEqual(expect.arrayContaining(["fn__0", "fn__1", "outseries1a", "outseries2a", "outseries1b", "outseries2b"]));
    expect(names).not.toContain("fn");
    expect(dr.node("fn__0").dependencies.map((d) => d.name)).toEqual(["inseries1a", "inseries1b"]);
    expect(dr.node("outseries1b").dependencies.map((d) => d.name)).toEqual(["fn__1"]);
  });

  it("computes each parameterization and renames its columns to the outputs by position", async () => {
    const result = await dr.execute(["outseries1a", "outseries2a", "outseries1b", "outseries2b", "fn__1"]);
    expect(numbers(result.outseries1a)).toEqual([1 * 10 * 10, 2 * 20 * 10, 3 * 30 * 10]);
    expect(numbers(result.outseries2a)).toEqual([1 + 10 + 10, 2 + 20 + 10, 3 + 30 + 10]);
    expect(numbers(result.outseries1b)).toEqual([4 * 40 * 100, 5 * 50 * 100, 6 * 60 * 100]);
    expect(numbers(result.outseries2b)).toEqual([4 + 40 + 100, 5 + 50 + 100, 6 + 60 + 100]);
    expect((result.fn__1 as Table).schema.fields.map((field) => field.name)).toEqual(["outseries1b", "outseries2b"]);
  });

  it("gives what Hamilton's own test expects: fn__0 of inseries [1] and [1] is { outseries1a: [10], outseries2a: [12] }", async () => {
    const one = tableFromArrays({ v: new Float64Array([1]) }).getChild("v")!;
    const { fn__0 } = await dr.execute(["fn__0"], { overrides: { inseries1a: one, inseries1b: one } });
    expect(Object.fromEntries((fn__0 as Table).schema.fields.map((field) => [field.name, numbers((fn__0 as Table).getChild(field.name))]))).toEqual({ outseries1a: [10], outseries2a: [12] });
  });

  it("fills the doc template per table node, gives columns their doc, keeps tags and types the columns from the declared table", () => {
    expect(dr.node("fn__0").doc).toBe("Product and sum of inseries1a and inseries1b with 10.");
    expect(dr.node("outseries2a").doc).toBe("Sum, first pair.");
    expect(dr.node("outseries1a").doc).toBe("Product and sum of inseries1a and inseries1b with 10.");
    expect(dr.node("outseries2b").tags).toMatchObject({ owner: "stats" });
    expect(dr.node("outseries2b").type).toBe("Vector<Float64>");
    expect(dr.node("outseries2b").group).toBe("fn");
  });

  it("with reassignColumns false reads the columns by name", async () => {
    expect(await dr.execute(["low", "high", "mid"]).then((r) => [numbers(r.low), numbers(r.high), numbers(r.mid)])).toEqual([[1], [10], [10]]);
  });

  it("a column count that differs from the outputs fails at run time naming the table node and both lists", async () => {
    const built = await buildSource(`import { tableFromArrays } from "apache-arrow";
export const pair = ff.parameterizeExtractColumns(new ff.ParameterizedExtract(["a", "b"], { x: ff.value(1) }), (x: number) => tableFromArrays({ only: new Float64Array([x]) }));`);
    const error = await caught(built.execute(["a"]));
    expect(error).toMatchObject({ code: "node_failed", node: "pair__0" });
    const cause = error.cause as { code: string; node: string; details: unknown; message: string };
    expect(cause).toMatchObject({ code: "invalid_argument", node: "pair__0", details: { columns: ["only"], outputs: ["a", "b"] } });
    expect(cause.message).toContain("reassignColumns: false");
  });

  it("a missing column (reading by name) fails naming the column node and the columns that exist", async () => {
    const built = await buildSource(`import { tableFromArrays } from "apache-arrow";
export const pair = ff.parameterizeExtractColumns({ reassignColumns: false }, new ff.ParameterizedExtract(["a", "b"], { x: ff.value(1) }), (x: number) => tableFromArrays({ a: new Float64Array([x]), c: new Float64Array([x]) }));`);
    const error = await caught(built.execute(["b"]));
    expect(error).toMatchObject({ code: "node_failed", node: "b" });
    expect(error.cause).toMatchObject({ code: "missing_column", details: { column: "b", columns: ["a", "c"] } });
  });

  it.each([
    ["no parameterization", `ff.parameterizeExtractColumns((x: number) => x)`, "has no parameterization"],
    ["a plain object instead of ParameterizedExtract", `ff.parameterizeExtractColumns({ reassignColumns: true }, { outputs: ["a"], inputMapping: {} } as never, (x: number) => x)`, "parameterization 0 must be a new ParameterizedExtract"],
    ["an empty output list", `ff.parameterizeExtractColumns(new ff.ParameterizedExtract([], {}), (x: number) => x)`, "outputs must be a non-empty list"],
    ["a binding that is not a spec", `ff.parameterizeExtractColumns(new ff.ParameterizedExtract(["a"], { x: 3 as never }), (x: number) => x)`, `parameter "x"`],
    ["a column listed twice", `ff.parameterizeExtractColumns(new ff.ParameterizedExtract(["a"], {}), new ff.ParameterizedExtract(["a"], {}), (x: number) => x)`, `lists column "a", which parameterization 0 lists too`],
    ["a column listed twice in one parameterization", `ff.parameterizeExtractColumns(new ff.ParameterizedExtract(["a", "b", "a"], {}), (x: number) => x)`, `parameterization 0 lists column "a" twice`],
    ["a binding of no parameter", `ff.parameterizeExtractColumns(new ff.ParameterizedExtract(["a"], { y: ff.value(1) } as never), (x: number) => x)`, `binds "y", which is not a parameter`],
    ["a misspelt option", `ff.parameterizeExtractColumns({ reasignColumns: false } as never, new ff.ParameterizedExtract(["a"], {}), (x: number) => x)`, `did you mean "reassignColumns"`],
    ["a non-boolean reassignColumns", `ff.parameterizeExtractColumns({ reassignColumns: "no" } as never, new ff.ParameterizedExtract(["a"], {}), (x: number) => x)`, "reassignColumns must be true or false"],
  ])("refuses %s at build, naming the node", async (_, expression, text) => {
    const error = await caught(buildSource(`export const bad = ${expression};`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(text);
  });

  it("property: each output column is its parameterization's product or sum, for any inputs", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((n) => {
          const column = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n });
          return fc.tuple(column, column, column, column);
        }),
        async ([a1, b1, a2, b2]) => {
          const vector = (values: number[]) => tableFromArrays({ v: Float64Array.from(values) }).getChild("v")!;
          const overrides = { inseries1a: vector(a1), inseries1b: vector(b1), inseries2a: vector(a2), inseries2b: vector(b2) };
          const result = await dr.execute(["outseries1a", "outseries2a", "outseries1b", "outseries2b"], { overrides });
          expect(numbers(result.outseries1a)).toEqual(a1.map((x, i) => x * b1[i]! * 10));
          expect(numbers(result.outseries2a)).toEqual(a1.map((x, i) => x + b1[i]! + 10));
          expect(numbers(result.outseries1b)).toEqual(a2.map((x, i) => x * b2[i]! * 100));
          expect(numbers(result.outseries2b)).toEqual(a2.map((x, i) => x + b2[i]! + 100));
        },
      ),
      { numRuns: 30 },
    );
  });
});
