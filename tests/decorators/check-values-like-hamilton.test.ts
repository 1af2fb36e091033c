/**
 * The built-in checks judge JavaScript values as Hamilton's judge the Python values a port
 * replaces: a JS number is a float64 (Hamilton checks `np.float64` scalars with
 * `data_type=np.float64`), a string utf8, a boolean bool; and a Bool column is in `[0, 1]`, as
 * pandas' `isin` finds (`True == 1`). Found porting examples/data_quality/simple, where every
 * scalar check and every one-hot column logged a false warning.
 */
import { makeVector, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtInValidator } from "../../src/decorators/data-validators.ts";

const passes = (check: Parameters<typeof builtInValidator>[0], argument: unknown, value: unknown) => builtInValidator(check, argument, "warn").validate(value).passes;

describe("checkOutput's dataType check", () => {
  it.each([
    ["a JS number", 28.5, "float64", true],
    ["a JS integer", 3, "float64", true],
    ["a JS number", 28.5, "number", true],
    ["a JS number", 28.5, "int32", false],
    ["a plain array of numbers", [1, 2.5], "float64", true],
    ["a string", "a", "utf8", true],
    ["a string", "a", "string", true],
    ["a boolean", true, "bool", true],
    ["a boolean", true, "boolean", true],
    ["a boolean", true, "float64", false],
    ["a Float64 vector", makeVector(new Float64Array([1])), "float64", true],
    ["a Float64 vector", makeVector(new Float64Array([1])), "number", true],
    ["a Bool vector", vectorFromArray([true, false]), "bool", true],
    ["a Bool vector", vectorFromArray([true, false]), "float64", false],
    ["an Int32Array", new Int32Array([1]), "int32", true],
    ["an Int32Array", new Int32Array([1]), "float64", false],
    ["a string", "a", "float64", false],
  ])("%s (%o) against %s: %s", (_, value, expected, result) => {
    expect(passes("dataType", expected, value)).toBe(result);
  });
});

describe("checkOutput's valuesIn check", () => {
  it("a Bool column is in [0, 1] and in [true, false], not in [1] when it holds false", () => {
    const flags = vectorFromArray([true, false, null]);
    expect(passes("valuesIn", [0, 1], flags)).toBe(true);
    expect(passes("valuesIn", [true, false], flags)).toBe(true);
    expect(passes("valuesIn", [1], flags)).toBe(false);
    expect(passes("valuesIn", [0], vectorFromArray([false, false]))).toBe(true);
  });

  it("a boolean is in a list exactly when its 0/1 number (or itself) is", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 20 }), fc.subarray([0, 1, true, false] as const), (flags, allowed) => {
        const expected = flags.every((flag) => allowed.some((entry) => entry === flag || entry === (flag ? 1 : 0)));
        expect(passes("valuesIn", allowed, vectorFromArray(flags))).toBe(expected);
      }),
    );
  });

  it("other values keep their kinds: \"1\" is not 1, and 2 is not true", () => {
    expect(passes("valuesIn", [1], "1")).toBe(false);
    expect(passes("valuesIn", [true], 2)).toBe(false);
    expect(passes("valuesIn", [0, 1], new Int32Array([0, 1]))).toBe(true);
  });
});

describe("checkOutput's range check on NaN", () => {
  // Hamilton: `min <= data <= max` for a number and `Series.between` for a series are false for
  // NaN, so the check fails. Found porting feature_engineering_multiple_contexts/scenario_1,
  // where the sample std of one row (NaN) passed `range: [0, 40]` as "no numbers".
  it.each([
    ["a NaN number (the sample std of one value)", Number.NaN],
    ["a Float64 column holding a NaN", makeVector(new Float64Array([1, Number.NaN]))],
    ["a Float64Array holding a NaN", new Float64Array([Number.NaN])],
    ["a plain array holding a NaN", [0.5, Number.NaN]],
  ])("fails on %s, saying how many values are NaN", (_, value) => {
    const result = builtInValidator("range", [0, 40], "warn").validate(value);
    expect(result.passes).toBe(false);
    expect(result.message).toMatch(/^1 of \d values (is|are) NaN, /);
  });

  it("still skips nulls: a column of nulls and numbers in range passes", () => {
    expect(passes("range", [0, 1], vectorFromArray([0.5, null, 1]))).toBe(true);
    expect(passes("range", [0, 1], [null, 0.5])).toBe(true);
    expect(passes("range", [0, 1], null)).toBe(true);
  });
});
