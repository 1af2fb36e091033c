/**
 * The `adapter` option of `withColumns` and `parameterizeExtractColumns`: with danfoAdapter the
 * frames are danfo DataFrames, read and built through the one ColumnarAdapter interface.
 */
import type { DataFrame, Series } from "danfojs-node";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";

const pipeline = new URL("../fixtures/modifiers/with-columns/danfo-pipeline.ts", import.meta.url);
const dr = await new Builder().withModules(pipeline).withManifestCache(false).build();

describe("the adapter option over danfo frames", () => {
  it("withColumns appends a computed Series to a DataFrame", async () => {
    const { enriched } = await dr.execute(["enriched"]);
    const frame = enriched as DataFrame;
    expect(frame.columns).toEqual(["price", "qty", "revenue"]);
    expect(frame.column("revenue").values).toEqual([10, 40, 90]);
  });

  it("parameterizeExtractColumns renames a DataFrame's columns by position and extracts them as Series", async () => {
    const { low, high, scaled__0 } = await dr.execute(["low", "high", "scaled__0"]);
    expect((scaled__0 as DataFrame).columns).toEqual(["low", "high"]);
    expect((low as Series).values).toEqual([2, 4, 6]);
    expect((high as Series).values).toEqual([20, 40, 60]);
  });
});
