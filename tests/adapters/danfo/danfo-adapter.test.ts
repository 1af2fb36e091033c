import { DataFrame, Series } from "danfojs-node";
import { describe, expect, it } from "vitest";
import { toVector } from "../../../src/adapters/arrow/index.ts";
import { danfoAdapter, type DanfoSeries } from "../../../src/adapters/danfo/index.ts";
import { describeColumnarAdapter } from "../../columnar/describe-columnar-adapter.ts";

describeColumnarAdapter(danfoAdapter, {
  makeFrame: (columns) => new DataFrame(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, [...values]]))),
  valuesOf: (column: DanfoSeries) => (column.values as unknown[]).map((value) => (value === undefined ? null : value)),
});

describe("danfoAdapter specifics", () => {
  it("danfoAdapter.isFrame accepts frames returned by danfo operations (not the exported subclass)", () => {
    const frame = new DataFrame({ a: [1, 2] });
    const sum = frame.add(1);
    expect(sum instanceof DataFrame).toBe(false);
    expect(danfoAdapter.isFrame(sum)).toBe(true);
    expect(danfoAdapter.isColumn(frame.column("a").add(1))).toBe(true);
  });

  it("danfoAdapter.buildFrame accepts Arrow vectors, mapping nulls to NaN in number columns", () => {
    const frame = danfoAdapter.buildFrame([
      ["x", toVector([1, null, 3])],
      ["s", new Series(["a", "b", "c"])],
    ]);
    expect(frame.columns).toEqual(["x", "s"]);
    expect(frame.column("x").values).toEqual([1, Number.NaN, 3]);
    expect(frame.column("s").values).toEqual(["a", "b", "c"]);
  });

  it("danfoAdapter.buildFrame of zero rows keeps its columns", () => {
    const frame = danfoAdapter.buildFrame([
      ["a", []],
      ["b", new Float64Array(0)],
    ]);
    expect(frame.columns).toEqual(["a", "b"]);
    expect(danfoAdapter.frameLength(frame)).toBe(0);
  });
});
