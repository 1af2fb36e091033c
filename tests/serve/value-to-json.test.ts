/**
 * jsonText writes a Float64 column's JSON directly: for any column it must give exactly
 * JSON.stringify(valueToJson(column)), non-finite numbers (null), -0, nulls and Float32 included.
 */
import { Float16, Float32, makeVector, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonText, valueToJson } from "../../src/serve/value-to-json.ts";

describe("jsonText", () => {
  it("writes a Float16 column's numbers, not its raw halves", () => {
    const column = vectorFromArray([1.5, 2, -0.25], new Float16());
    expect(valueToJson(column)).toEqual([1.5, 2, -0.25]);
    expect(jsonText(column)).toBe("[1.5,2,-0.25]");
  });

  it("equals JSON.stringify(valueToJson(column)) for any Float64 column", () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (numbers) => {
        const column = makeVector(Float64Array.from(numbers));
        expect(jsonText(column)).toBe(JSON.stringify(valueToJson(column)));
        expect(JSON.parse(jsonText(column))).toEqual(numbers.map((value) => (Number.isFinite(value) ? value + 0 : null)));
      }),
      { numRuns: 300 },
    );
  });

  it("equals it for Float32 columns, columns with nulls, and values that are not columns", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.float({ noNaN: true }), { nil: null })), (numbers) => {
        const withNulls = vectorFromArray(numbers, new Float32());
        expect(jsonText(withNulls)).toBe(JSON.stringify(valueToJson(withNulls)));
        const float32 = makeVector(Float32Array.from(numbers.map((value) => value ?? 0)));
        expect(jsonText(float32)).toBe(JSON.stringify(valueToJson(float32)));
      }),
      { numRuns: 200 },
    );
    for (const value of [1.5, -0, Number.NaN, "text", [1, 2], { a: 1 }, null, new Float64Array([1, Infinity])]) expect(jsonText(value)).toBe(JSON.stringify(valueToJson(value)));
  });
});
