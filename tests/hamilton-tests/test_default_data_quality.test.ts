/**
 * Follows the facts asserted by Hamilton's tests/test_default_data_quality.py: each default
 * validator's pass/fail boundary (range, values in, max fraction of NaNs, data type, max standard
 * deviation, allow NaNs, allow None, contains, does not contain), and which arguments are refused.
 * A pandas Series is an Arrow vector (or a typed array or a plain list) here, a Python primitive a
 * JS value; each case goes through `checkOutput` and reads the validator node's result.
 * Fixture: tests/fixtures/hamilton-tests/default_data_quality.ts.
 *
 * Not applicable: `resolve_default_validators` with Hamilton's dummy validator classes and the
 * registry-completeness checks (funcflow has one fixed set of named checks, `BuiltInChecks`, and
 * one node name per option, `<fn>_<option>_validator`, so "validators with the same arg have the
 * same name" holds by construction); Python's int vs float (`int` against `1.0`, `float` against
 * `2`): a JS number is one type. numpy dtype names map to Arrow type names (`int` → `int32`,
 * `object` → `utf8`).
 */
import { makeVector, tableFromArrays, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type DataValidationResult, type Driver } from "funcflow";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

const module = new URL("../fixtures/hamilton-tests/default_data_quality.ts", import.meta.url);
let dr: Driver;
beforeAll(async () => {
  dr = await new Builder().withModules(module).build();
});

async function result(node: string, check: string, data: unknown): Promise<DataValidationResult> {
  const name = `${node}_${check}_validator`;
  return (await dr.execute([name], { inputs: { data } }))[name] as DataValidationResult;
}

const floats = (values: readonly (number | null)[]) => vectorFromArray(values as number[]);

describe("hamilton tests/test_default_data_quality.py: test_default_data_validators", () => {
  it.each([
    // range on a column, then on a single value (inclusive bounds)
    ["range_0_1", "range", "Float64 column [0.1, 0.2, 0.3]", makeVector(new Float64Array([0.1, 0.2, 0.3])), true],
    ["range_0_1", "range", "Float64 column [-30, 0.1, 0.2, 0.3, 100]", makeVector(new Float64Array([-30, 0.1, 0.2, 0.3, 100])), false],
    ["range_0_1", "range", "Float64 column [0, 1]", makeVector(new Float64Array([0, 1])), true],
    ["range_0_1", "range", "0.5", 0.5, true],
    ["range_0_1", "range", "100.3", 100.3, false],
    // values in, on columns of ints, floats and text, then on single values
    ["values_0_1", "valuesIn", "Int32 column [0, 1, 1]", makeVector(new Int32Array([0, 1, 1])), true],
    ["values_0_1", "valuesIn", "Float64 column [0, 1, 1]", makeVector(new Float64Array([0, 1, 1])), true],
    ["values_a_b", "valuesIn", "text column ['a', 'b', 'b']", vectorFromArray(["a", "b", "b"]), true],
    ["values_0", "valuesIn", "Int32 column [0, 1, 1]", makeVector(new Int32Array([0, 1, 1])), false],
    ["values_0", "valuesIn", "Float64 column [0, 1, 1]", makeVector(new Float64Array([0, 1, 1])), false],
    ["values_a", "valuesIn", "text column ['a', 'b', 'b']", vectorFromArray(["a", "b", "b"]), false],
    ["values_0_1", "valuesIn", "1", 1, true],
    ["values_a_b", "valuesIn", "'b'", "b", true],
    ["values_0", "valuesIn", "1", 1, false],
    ["values_a", "valuesIn", "'b'", "b", false],
    // max fraction of NaNs: a null is missing like a NaN; an empty column passes any limit
    ["nans_half", "maxFractionNaN", "Float64 column [1, 2, 3, null]", floats([1, 2, 3, null]), true],
    ["nans_none", "maxFractionNaN", "Float64 column [1, 2, 3, null]", floats([1, 2, 3, null]), false],
    ["nans_half", "maxFractionNaN", "Float64 column [1, 2, null, null]", floats([1, 2, null, null]), true],
    ["nans_half", "maxFractionNaN", "Float64 column [1, null, null, null]", floats([1, null, null, null]), false],
    ["nans_half", "maxFractionNaN", "Float64 column [null, null, null, null]", floats([null, null, null, null]), false],
    ["nans_half", "maxFractionNaN", "[1, 2, NaN, NaN]", [1, 2, Number.NaN, Number.NaN], true],
    ["nans_none", "maxFractionNaN", "Float64 column []", makeVector(new Float64Array([])), true],
    ["nans_all", "maxFractionNaN", "Float64 column []", makeVector(new Float64Array([])), true],
    // data type of a column
    ["type_int32", "dataType", "Int32 column [1, 2, 3]", makeVector(new Int32Array([1, 2, 3])), true],
    ["type_int32", "dataType", "Float64 column [1, 2, 3]", makeVector(new Float64Array([1, 2, 3])), false],
    ["type_utf8", "dataType", "text column ['hello', 'goodbye']", vectorFromArray(["hello", "goodbye"]), true],
    ["type_float64", "dataType", "Float64 column [2.3, null, 6.6]", floats([2.3, null, 6.6]), true],
    ["type_utf8", "dataType", "Int32 column [1, 2]", makeVector(new Int32Array([1, 2])), false],
    // data type of a single value
    ["type_number", "dataType", "1", 1, true],
    ["type_string", "dataType", "'asdfasdf'", "asdfasdf", true],
    ["type_boolean", "dataType", "true", true, true],
    ["type_float64", "dataType", "2.0", 2.0, true],
    ["type_string", "dataType", "1234", 1234, false],
    ["type_boolean", "dataType", "0", 0, false],
    // max standard deviation (pandas' sample std, n - 1)
    ["std_1", "maxStandardDev", "Float64 column [0.1, 0.2, 0.3, 0.4]", makeVector(new Float64Array([0.1, 0.2, 0.3, 0.4])), true],
    ["std_hundredth", "maxStandardDev", "Float64 column [0.1, 0.2, 0.3, 0.4]", makeVector(new Float64Array([0.1, 0.2, 0.3, 0.4])), false],
    // allow NaNs: false refuses a missing value, NaN or null
    ["no_nans", "allowNaN", "Float64 column [0.1, null]", floats([0.1, null]), false],
    ["no_nans", "allowNaN", "[0.1, NaN]", [0.1, Number.NaN], false],
    ["no_nans", "allowNaN", "Float64 column [0.1, 0.2]", floats([0.1, 0.2]), true],
    // allow None
    ["no_nulls", "allowNull", "null", null, false],
    ["no_nulls", "allowNull", "1", 1, true],
    ["nulls", "allowNull", "null", null, true],
    ["nulls", "allowNull", "1", 1, true],
    // contains / does not contain: one text or every text of a list
    ["has_o_b", "contains", "'foo bar baz'", "foo bar baz", true],
    ["has_oof", "contains", "'foo bar baz'", "foo bar baz", false],
    ["has_o_b_baz", "contains", "'foo bar baz'", "foo bar baz", true],
    ["has_oof_bar", "contains", "'foo bar baz'", "foo bar baz", false],
    ["lacks_o_b", "doesNotContain", "'foo bar baz'", "foo bar baz", false],
    ["lacks_oof", "doesNotContain", "'foo bar baz'", "foo bar baz", true],
    ["lacks_o_b_boo", "doesNotContain", "'foo bar baz'", "foo bar baz", false],
    ["lacks_oof_boo", "doesNotContain", "'foo bar baz'", "foo bar baz", true],
  ] as const)("%s (%s) on %s passes: %s", async (node, check, _label, data, passes) => {
    expect((await result(node, check, data)).passes).toBe(passes);
  });
});

describe("facts of the validators' results", () => {
  it("range names how many numbers fall outside, as Hamilton counts in and out of range", async () => {
    const failed = await result("range_0_1", "range", makeVector(new Float64Array([-30, 0.1, 0.2, 0.3, 100])));
    expect(failed.message).toBe("values span [-30, 100], expected within [0, 1]; 2 of 5 numbers outside");
    expect(failed.diagnostics).toMatchObject({ inRange: 3, outside: 2, range: [0, 1] });
  });

  it("max fraction of NaNs names the count, the total and the limit", async () => {
    const failed = await result("nans_none", "maxFractionNaN", floats([1, 2, 3, null]));
    expect(failed.message).toBe("1 of 4 values are NaN or null (25.0%), at most 0% allowed");
    expect(failed.diagnostics).toMatchObject({ fraction: 0.25, limit: 0, missing: 1, length: 4 });
  });

  it("values in ignores missing elements of a column, as Hamilton ignores NA, but judges a single value", async () => {
    expect((await result("values_0_1", "valuesIn", [0, null, Number.NaN, 1])).passes).toBe(true);
    expect((await result("values_0_1", "valuesIn", floats([0, null, 1]))).passes).toBe(true);
    expect((await result("values_0_1", "valuesIn", null)).passes).toBe(false);
    expect((await result("values_0_1", "valuesIn", Number.NaN)).passes).toBe(false);
  });

  it("max standard deviation gives pandas' sample value, and fails with fewer than two numbers (pandas' NaN)", async () => {
    const passed = await result("std_1", "maxStandardDev", makeVector(new Float64Array([0.1, 0.2, 0.3, 0.4])));
    expect(passed.diagnostics?.standardDev).toBeCloseTo(0.129099, 5);
    const one = await result("std_1", "maxStandardDev", [5]);
    expect(one).toMatchObject({ passes: false, message: "1 number: no standard deviation, expected at most 1" });
    expect((await result("std_1", "maxStandardDev", [5, null, 5.5])).passes).toBe(true);
  });

  it("contains and doesNotContain name the texts that failed", async () => {
    expect(await result("has_oof_bar", "contains", "foo bar baz")).toMatchObject({ passes: false, message: 'does not contain ["oof"]', diagnostics: { failing: ["oof"] } });
    expect(await result("lacks_o_b_boo", "doesNotContain", "foo bar baz")).toMatchObject({ passes: false, message: 'contains ["o b"]' });
    expect(await result("has_o_b", "contains", 42)).toMatchObject({ passes: false, message: "contains checks a string, but the value is number" });
  });

  it("a table reaching an element check fails it, rather than passing as one non-missing value", async () => {
    const table = tableFromArrays({ price: new Float64Array([Number.NaN, 5]), label: ["a", "b"] });
    for (const [node, check] of [["no_nans", "allowNaN"], ["nans_none", "maxFractionNaN"], ["range_0_1", "range"], ["values_0_1", "valuesIn"], ["std_1", "maxStandardDev"], ["mean_0_1", "meanInRange"]] as const) {
      const found = await result(node, check, table);
      expect(found.passes, check).toBe(false);
      expect(found.message).toBe(`${check} checks a column or a value, but the value is a table (2 rows; columns "price", "label"); check its columns: extractColumns(…) and a checkOutput on each`);
    }
    expect((await result("no_nulls", "allowNull", table)).passes).toBe(true);
  });

  it("property: allowNaN false passes exactly when no element is NaN or null", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constant(Number.NaN), fc.constant(null)), { maxLength: 12 }), async (values) => {
        const expected = values.every((v) => v !== null && !Number.isNaN(v));
        expect((await result("no_nans", "allowNaN", values)).passes).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("property: valuesIn [0, 1] passes a list exactly when every element that is not null or NaN is 0 or 1", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(0, 1, 2, -1, 0.5), fc.constant(Number.NaN), fc.constant(null)), { maxLength: 12 }), async (values) => {
        const expected = values.every((v) => v === null || Number.isNaN(v) || v === 0 || v === 1);
        expect((await result("values_0_1", "valuesIn", values)).passes).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("property: maxFractionNaN 0.5 passes exactly when at most half the elements are NaN or null (an empty list passes)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constant(Number.NaN), fc.constant(null)), { maxLength: 12 }), async (values) => {
        const missing = values.filter((v) => v === null || Number.isNaN(v)).length;
        expect((await result("nans_half", "maxFractionNaN", values)).passes).toBe(values.length === 0 || missing / values.length <= 0.5);
      }),
      { numRuns: 60 },
    );
  });

  it("property: maxStandardDev agrees with the sample standard deviation of the numbers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 12 }), async (values) => {
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
        const found = (await result("std_1", "maxStandardDev", values)).diagnostics?.standardDev as number;
        expect(found).toBeCloseTo(std, 6);
      }),
      { numRuns: 40 },
    );
  });
});

describe("hamilton tests/test_default_data_quality.py: arguments and types refused (test_resolve_default_validators_error)", () => {
  afterAll(removeInlineModules);

  it.each([
    ["maxFractionNaN above 1", `{ maxFractionNaN: 1.5 }`, "maxFractionNaN must be a fraction between 0 and 1, got 1.5"],
    ["a negative maxStandardDev", `{ maxStandardDev: -1 }`, "maxStandardDev must be a number of at least 0, got -1"],
    ["contains with an empty list", `{ contains: [] }`, "contains must be a text or a non-empty list of texts, got []"],
    ["doesNotContain with a number", `{ doesNotContain: 3 as never }`, "doesNotContain must be a text or a non-empty list of texts, got 3"],
  ])("%s is refused when the graph is built", async (_case, options, message) => {
    const error = await caught(buildSource(`export const bad = ff.checkOutput(${options}, (x: unknown): unknown => x);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(message);
  });

  it.each([
    ["contains on a number", `ff.checkOutput({ contains: "a" }, (x: number): number => x)`, "contains checks one string"],
    ["doesNotContain on a list of texts", `ff.checkOutput({ doesNotContain: "a" }, (x: string[]): string[] => x)`, "doesNotContain checks one string"],
    ["maxStandardDev on text", `ff.checkOutput({ maxStandardDev: 1 }, (x: string): string => x)`, "maxStandardDev checks numbers"],
  ])("%s is refused when the graph is built (Hamilton finds no validator for the type)", async (_case, body, message) => {
    const error = await caught(buildSource(`export const bad = ${body};`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(message);
  });

  it.each(["range: [0, 1]", "valuesIn: [1]", "allowNaN: false", "maxFractionNaN: 0", "meanInRange: [0, 1]", "maxStandardDev: 1"])(
    "{ %s } on a node declared as a Table is refused when the graph is built (Hamilton has no such validator for a DataFrame)",
    async (option) => {
      const error = await caught(buildSource(`import type { Table } from "apache-arrow";\nexport const bad = ff.checkOutput({ ${option} }, (t: Table): Table => t);`));
      expect(error.code).toBe("invalid_modifier");
      expect(error.message).toContain("checks a column or a value, but \"bad\" is declared to return Table, a table");
    },
  );

  it("contains and maxStandardDev on the types they read build, under the option's node name", async () => {
    const built = await buildSource(`export const title = ff.checkOutput({ contains: "a", doesNotContain: ["b"] }, (text: string): string => text);\nexport const spread = ff.checkOutput({ maxStandardDev: 2 }, (numbers: Float64Array): Float64Array => numbers);`);
    expect(built.listNodes().map((node) => node.name).sort()).toEqual(
      ["spread", "spread_maxStandardDev_validator", "spread_raw", "title", "title_contains_validator", "title_doesNotContain_validator", "title_raw", "text", "numbers"].sort(),
    );
  });
});
