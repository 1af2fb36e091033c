/**
 * The reducing kernels take a Bool column as pandas reduces a boolean Series: true is 1, false 0,
 * nulls skipped. `sum(gt(x, 0))` is `(x > 0).sum()`, the number of trues, and `mean` their share
 * (Hamilton ports count flags this way). Checked against a reference over random columns with
 * nulls, offsets and several chunks.
 */
import { Bool, makeData, Utf8, Vector, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { count, gt, max, mean, min, std, sum, variance, type BoolVector } from "funcflow/arrow";
import { caught } from "../support/caught.ts";

/** pandas' reductions over the valid rows as numbers (ddof 1 for variance and std). */
function reference(values: readonly (boolean | null)[]) {
  const ones: number[] = values.filter((v) => v !== null).map((v) => (v ? 1 : 0));
  const n = ones.length;
  const total = ones.reduce((a, b) => a + b, 0);
  const center = total / n;
  const squares = ones.reduce((a, b) => a + (b - center) ** 2, 0);
  return {
    sum: total,
    mean: n === 0 ? NaN : center,
    count: n,
    min: n === 0 ? NaN : Math.min(...ones),
    max: n === 0 ? NaN : Math.max(...ones),
    variance: n - 1 <= 0 ? NaN : squares / (n - 1),
  };
}

describe("reductions of a Bool column", () => {
  it("sum(gt(x, 0)) counts the trues as pandas' (x > 0).sum(); mean is their share", () => {
    const x = vectorFromArray([3, -1, 0, 2, null, 5, -4]);
    expect(sum(gt(x, 0))).toBe(3);
    expect(mean(gt(x, 0))).toBeCloseTo(3 / 6, 12);
    expect(count(gt(x, 0))).toBe(6);
    expect(min(gt(x, 0))).toBe(0);
    expect(max(gt(x, 0))).toBe(1);
  });

  it("an all-null or empty Bool column sums to 0 and averages to NaN, as in pandas", () => {
    const nulls = vectorFromArray([null, null], new Bool());
    expect(sum(nulls)).toBe(0);
    expect(mean(nulls)).toBeNaN();
    expect(sum(new Vector([makeData({ type: new Bool(), length: 0 })]))).toBe(0);
  });

  it("matches the reference for every reduction, nulls, offsets and chunks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 45 }),
        fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 20 }),
        fc.nat(9),
        (first, second, drop) => {
          const chunked = vectorFromArray(first, new Bool()).concat(vectorFromArray(second, new Bool()));
          const start = Math.min(drop, chunked.length);
          const column = chunked.slice(start) as BoolVector;
          const expected = reference([...first, ...second].slice(start));
          expect(sum(column)).toBe(expected.sum);
          expect(count(column)).toBe(expected.count);
          const close = (actual: number, wanted: number) => (Number.isNaN(wanted) ? expect(actual).toBeNaN() : expect(actual).toBeCloseTo(wanted, 12));
          close(mean(column), expected.mean);
          expect(min(column)).toBe(expected.min);
          expect(max(column)).toBe(expected.max);
          close(variance(column), expected.variance);
          close(std(column, { ddof: 1 }), Math.sqrt(expected.variance));
        },
      ),
    );
  });

  it("the signatures take a Bool vector; other types are still refused, naming what is accepted", () => {
    expectTypeOf<BoolVector>().toMatchTypeOf<Parameters<typeof sum>[0]>();
    const error = caught(() => sum(vectorFromArray(["a"], new Utf8()) as unknown as BoolVector));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toMatchObject({ kernel: "sum", actualType: "Utf8 vector", expectedType: "a numeric or Bool Arrow vector, or a numeric typed array" });
  });
});
