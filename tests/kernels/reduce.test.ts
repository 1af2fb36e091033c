import { Float64, Int16, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { count, max, mean, min, quantile, std, sum, variance } from "../../src/kernels/index.ts";
import {
  referenceMax,
  referenceMean,
  referenceMin,
  referenceQuantile,
  referenceSum,
  referenceVariance,
  validOf,
} from "./reference.ts";
import { columnWithLayout, magnitude, RUNS, sameCell, toVector } from "./support.ts";

describe("reductions", () => {
  it("skip nulls (the JSDoc examples)", () => {
    const v = vectorFromArray([1, null, 2]);
    expect(sum(v)).toBe(3);
    expect(mean(v)).toBe(1.5);
    expect(min(vectorFromArray([3, null, 1]))).toBe(1);
    expect(max(vectorFromArray([3, null, 1]))).toBe(3);
    expect(count(vectorFromArray([1, null, NaN]))).toBe(2);
    expect(variance(vectorFromArray([1, 2, 3, 4]))).toBeCloseTo(5 / 3, 12);
    expect(std(vectorFromArray([2, 4, 4, 4, 5, 5, 7, 9]), { ddof: 0 })).toBe(2);
  });

  it("let NaN propagate, because NaN is a value and not a missing row", () => {
    const v = vectorFromArray([1, NaN, null, 3]);
    expect(sum(v)).toBeNaN();
    expect(mean(v)).toBeNaN();
    expect(min(v)).toBeNaN();
    expect(max(v)).toBeNaN();
    expect(count(v)).toBe(3);
  });

  it("give pandas' answers for empty and all-null columns", () => {
    const columns = [vectorFromArray([], new Float64()), vectorFromArray([null, null], new Int16()), vectorFromArray([null, null])];
    for (const v of columns) {
      expect(sum(v)).toBe(0);
      expect(count(v)).toBe(0);
      expect(mean(v)).toBeNaN();
      expect(min(v)).toBeNaN();
      expect(max(v)).toBeNaN();
      expect(variance(v)).toBeNaN();
      expect(quantile(v, 0.5)).toBeNaN();
    }
    expect(variance(vectorFromArray([5]))).toBeNaN();
    expect(variance(vectorFromArray([5]), { ddof: 0 })).toBe(0);
  });

  it("keep the variance accurate around a large mean (two-pass, not Σx² − n·mean²)", () => {
    expect(variance(vectorFromArray([1e9 + 1, 1e9 + 2, 1e9 + 3]))).toBe(1);
  });

  it("match their references on random columns with nulls, NaN, ±Infinity and any layout", () => {
    fc.assert(
      fc.property(columnWithLayout(), fc.constantFrom(0, 1, 2), ({ cells, layout }, ddof) => {
        const v = toVector(cells, layout);
        const scale = magnitude(cells);
        expect(sameCell(sum(v), referenceSum(cells), 1e-12, scale)).toBe(true);
        expect(sameCell(mean(v), referenceMean(cells), 1e-12, scale)).toBe(true);
        // sameCell, not toStrictEqual: min([0, -0]) may be either zero (numpy and pandas return the first).
        expect(sameCell(min(v), referenceMin(cells))).toBe(true);
        expect(sameCell(max(v), referenceMax(cells))).toBe(true);
        expect(count(v)).toBe(validOf(cells).length);
        const expectedVariance = referenceVariance(cells, ddof);
        expect(sameCell(variance(v, { ddof }), expectedVariance, 1e-9, scale * scale)).toBe(true);
        expect(sameCell(std(v, { ddof }) ** 2, expectedVariance, 1e-9, scale * scale)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("quantile", () => {
  it("interpolates linearly between ranks, like pandas (the JSDoc example)", () => {
    expect(quantile(vectorFromArray([1, 2, 3, 4, null]), 0.5)).toBe(2.5);
    expect(quantile(vectorFromArray([10, 1, 7]), 0)).toBe(1);
    expect(quantile(vectorFromArray([10, 1, 7]), 1)).toBe(10);
    expect(quantile(vectorFromArray([1, 2, 3, 4]), 0.25)).toBe(1.75);
  });

  it("is NaN when a value is NaN", () => {
    expect(quantile(vectorFromArray([1, NaN, 3]), 0.5)).toBeNaN();
  });

  it("survives inputs that defeat naive pivots: sorted, reversed, all equal", () => {
    const n = 5001;
    const ascending = Array.from({ length: n }, (_, i) => i);
    expect(quantile(toVector(ascending), 0.3)).toBe(1500);
    expect(quantile(toVector([...ascending].reverse()), 0.3)).toBe(1500);
    expect(quantile(toVector(Array.from({ length: n }, () => 7)), 0.9)).toBe(7);
  });

  it("matches a sort-based reference on random columns and quantiles", () => {
    fc.assert(
      fc.property(columnWithLayout(), fc.double({ min: 0, max: 1, noNaN: true }), ({ cells, layout }, q) => {
        const actual = quantile(toVector(cells, layout), q);
        expect(sameCell(actual, referenceQuantile(cells, q), 1e-12, magnitude(cells))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
