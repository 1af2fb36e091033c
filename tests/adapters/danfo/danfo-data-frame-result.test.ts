import { tableFromArrays } from "apache-arrow";
import { DataFrame, Series } from "danfojs-node";
import { describe, expect, it } from "vitest";
import { toVector } from "../../../src/adapters/arrow/index.ts";
import { danfoDataFrameResult } from "../../../src/adapters/danfo/index.ts";
import { caught } from "../../support/caught.ts";

const build = (outputs: Record<string, unknown>, requested = Object.keys(outputs)) => danfoDataFrameResult.build(outputs, requested);


describe("danfoDataFrameResult", () => {
  it("danfoDataFrameResult puts Series and arrays in request order and broadcasts scalars", () => {
    const frame = build({ price: new Series([1, 2, 3]), k: 2, id: ["a", "b", "c"] }, ["id", "price", "k"]);
    expect(frame.columns).toEqual(["id", "price", "k"]);
    expect(frame.column("k").values).toEqual([2, 2, 2]);
    expect(frame.column("price").values).toEqual([1, 2, 3]);
  });

  it("danfoDataFrameResult makes a one-row frame when every output is a scalar", () => {
    const frame = build({ total: 10, name: "q1" });
    expect(frame.shape).toEqual([1, 2]);
    expect(frame.values).toEqual([[10, "q1"]]);
  });

  it("danfoDataFrameResult returns a single DataFrame output as is", () => {
    const input = new DataFrame({ a: [1] });
    expect(build({ only: input })).toBe(input);
  });

  it("danfoDataFrameResult flattens a DataFrame output into output.column names", () => {
    const frame = build({ sales: new DataFrame({ price: [1, 2], qty: [3, 4] }), k: "x" });
    expect(frame.columns).toEqual(["sales.price", "sales.qty", "k"]);
    expect(frame.column("sales.qty").values).toEqual([3, 4]);
  });

  it("danfoDataFrameResult accepts Arrow vectors and typed arrays as columns", () => {
    const frame = build({ x: toVector([1, null]), y: new Float64Array([3, 4]) });
    expect(frame.columns).toEqual(["x", "y"]);
    expect(frame.column("x").values).toEqual([1, Number.NaN]);
    expect(frame.column("y").values).toEqual([3, 4]);
  });

  it("danfoDataFrameResult rejects an Arrow Table output with type_mismatch (convert it with tableToDataFrame)", () => {
    const error = caught(() => build({ t: tableFromArrays({ x: new Float64Array([1, 2]) }), y: [1, 2] }));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toMatchObject({ column: "t" });
  });

  it("danfoDataFrameResult throws length_mismatch naming each column and its length", () => {
    const error = caught(() => build({ a: new Series([1, 2, 3]), b: [1, 2], k: 1 }));
    expect(error.code).toBe("length_mismatch");
    expect(error.details).toEqual({ lengths: { a: 3, b: 2 } });
    expect(error.message).toMatch(/^danfoDataFrameResult: /);
  });

  it("danfoDataFrameResult throws type_mismatch naming an output that is not a column", () => {
    const error = caught(() => build({ a: [1], bad: new Map() }));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toMatchObject({ column: "bad" });
    expect(error.message).toMatch(/^danfoDataFrameResult: "bad" is a Map, not a column\./);
    expect(caught(() => build({ a: [1], record: { deep: true } })).message).toMatch(/^danfoDataFrameResult: "record" is an object, not a column\./);
  });
});
