/**
 * Follows Hamilton's plugin_tests/h_pandas/test_with_columns.py end-to-end tests (facts only),
 * over its resource module with_columns_end_to_end.py, which passes bare functions to
 * `@with_columns`: here `withColumns({ functions: [...] })` over the same module's exports.
 */
import type { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";

const module = new URL("../fixtures/hamilton-tests/with-columns-end-to-end.ts", import.meta.url);
const build = (config: Record<string, unknown>) => new Builder().withModules(module).withConfig(config).withManifestCache(false).build();
const columnsOf = (table: unknown) => Object.fromEntries((table as Table).schema.fields.map((field) => [field.name, Array.from((table as Table).getChild(field.name)!, Number)]));

describe("withColumns over bare functions, end to end (h_pandas test_with_columns)", () => {
  it.each([
    [5, [5, 5, 5, 5]],
    [7, [7, 7, 7, 7]],
  ])("selects the computed columns, the variant of multiply3 the config picks (factor=%i) (test_end_to_end_with_columns_automatic_extract)", async (factor, multiply3) => {
    const dr = await build({ factor });
    const { finalDf } = await dr.execute(["finalDf"], { inputs: { userFactor: 1000 } });
    expect(columnsOf(finalDf)).toEqual({
      col1: [1, 2, 3, 4],
      col2: [11, 12, 13, 14],
      col3: [1, 1, 1, 1],
      subtract1From2: [10, 10, 10, 10],
      multiply3,
      add1ByUserAdjustmentFactor: [1001, 1002, 1003, 1004],
      multiply2ByUpstream3: [33, 36, 39, 42],
    });
    // The listed functions are nodes of the module too, as in Hamilton.
    expect(dr.node("subtract1From2").dependencies.map((d) => d.name)).toEqual(["col1", "col2"]);
    expect(dr.node("someSubdag.subtract1From2").dependencies.map((d) => d.name)).toEqual(["someSubdag.col1", "someSubdag.col2"]);
  });

  it("reads the table by name and replaces the column a listed function of its name computes (test_end_to_end_with_columns_pass_dataframe)", async () => {
    const dr = await build({ factor: 5 });
    expect(columnsOf((await dr.execute(["finalDf2"])).finalDf2)).toEqual({ col1: [1, 2, 3, 4], col2: [11, 12, 13, 14], col3: [0, 2, 4, 6], multiply3: [0, 10, 20, 30] });
  });
});
