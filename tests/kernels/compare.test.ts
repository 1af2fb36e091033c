import { Bool, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { and, eq, ge, gt, le, lt, ne, not, or } from "../../src/kernels/index.ts";
import { type Cell, cellsOf, columnPair, RUNS, toBoolVector, toVector } from "./support.ts";

const compareReference = (left: readonly Cell[], right: readonly Cell[], op: (a: number, b: number) => boolean) =>
  left.map((a, i) => (a === null || right[i] === null ? null : op(a, right[i]!)));

const comparisons = [
  [eq, (a: number, b: number) => a === b],
  [ne, (a: number, b: number) => a !== b],
  [lt, (a: number, b: number) => a < b],
  [le, (a: number, b: number) => a <= b],
  [gt, (a: number, b: number) => a > b],
  [ge, (a: number, b: number) => a >= b],
] as const;

describe("comparison kernels", () => {
  it("compare with a scalar or a column and give Bool vectors (the JSDoc examples)", () => {
    const result = eq(vectorFromArray([1, 2, null]), 2);
    expect(result.type).toBeInstanceOf(Bool);
    expect(cellsOf(result)).toEqual([false, true, null]);
    expect(cellsOf(ne(vectorFromArray([1, NaN]), 1))).toEqual([false, true]);
    expect(cellsOf(lt(vectorFromArray([1, 5]), vectorFromArray([2, 2])))).toEqual([true, false]);
    expect(cellsOf(le(vectorFromArray([1, 2, 3]), 2))).toEqual([true, true, false]);
    expect(cellsOf(gt(vectorFromArray([1, 5]), 2))).toEqual([false, true]);
    expect(cellsOf(ge(vectorFromArray([1, 2, 3]), 2))).toEqual([false, true, true]);
  });

  it("treat NaN as IEEE 754 does: unequal to everything, itself included", () => {
    const nan = vectorFromArray([NaN, NaN]);
    expect(cellsOf(eq(nan, nan))).toEqual([false, false]);
    expect(cellsOf(ne(nan, nan))).toEqual([true, true]);
    expect(cellsOf(lt(nan, 1))).toEqual([false, false]);
    expect(cellsOf(ge(nan, 1))).toEqual([false, false]);
  });

  it("get equality right at every bit position of the packed output", () => {
    const cells = Array.from({ length: 67 }, (_, i) => i % 3);
    const v = toVector(cells);
    const other = toVector(cells.map((x, i) => (i % 2 === 0 ? x : 1)));
    for (const [kernel, op] of comparisons) {
      expect(cellsOf(kernel(v, 1))).toEqual(cells.map((x) => op(x, 1)));
      expect(cellsOf(kernel(v, other))).toEqual(cells.map((x, i) => op(x, i % 2 === 0 ? x : 1)));
    }
  });

  it("handle lengths that are not a multiple of 8 and bits past the first byte", () => {
    const cells = Array.from({ length: 21 }, (_, i) => i);
    expect(cellsOf(gt(toVector(cells), 9))).toEqual(cells.map((x) => x > 9));
  });

  it("match their reference on random columns, scalars and layouts", () => {
    fc.assert(
      fc.property(columnPair(), fc.oneof(fc.double(), fc.integer({ min: -5, max: 5 })), ({ left, right, leftLayout, rightLayout }, scalar) => {
        const a = toVector(left, leftLayout);
        const b = toVector(right, rightLayout);
        for (const [kernel, op] of comparisons) {
          expect(cellsOf(kernel(a, b))).toEqual(compareReference(left, right, op));
          expect(cellsOf(kernel(a, scalar))).toEqual(left.map((x) => (x === null ? null : op(x, scalar))));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("logic kernels", () => {
  it("and, or and not propagate nulls (the JSDoc examples)", () => {
    expect(cellsOf(not(vectorFromArray([true, false, null])))).toEqual([false, true, null]);
    expect(cellsOf(and(vectorFromArray([true, true, null]), vectorFromArray([true, false, true])))).toEqual([true, false, null]);
    expect(cellsOf(or(vectorFromArray([true, false, null]), vectorFromArray([false, false, true])))).toEqual([true, false, null]);
    const left = toBoolVector([true, true, false, null, false]);
    const right = toBoolVector([true, false, false, false, null]);
    expect(cellsOf(and(left, right))).toEqual([true, false, false, null, null]);
    expect(cellsOf(or(left, right))).toEqual([true, true, false, null, null]);
  });

  it("match their reference on random Bool columns with offsets and several chunks", () => {
    const bools = fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 90 });
    const input = bools.chain((left) =>
      fc.tuple(
        fc.array(fc.option(fc.boolean(), { nil: null }), { minLength: left.length, maxLength: left.length }),
        fc.integer({ min: 0, max: 11 }),
        fc.array(fc.integer({ min: 1, max: Math.max(1, left.length) }), { maxLength: 3 }),
      ).map(([right, offset, cuts]) => ({ left, right, layout: { offset, cuts } })),
    );
    fc.assert(
      fc.property(input, ({ left, right, layout }) => {
        const a = toBoolVector(left, layout);
        const b = toBoolVector(right);
        const both = (op: (x: boolean, y: boolean) => boolean) =>
          left.map((x, i) => (x === null || right[i] === null ? null : op(x, right[i]!)));
        expect(cellsOf(and(a, b))).toEqual(both((x, y) => x && y));
        expect(cellsOf(or(a, b))).toEqual(both((x, y) => x || y));
        expect(cellsOf(not(a))).toEqual(left.map((x) => (x === null ? null : !x)));
      }),
      { numRuns: RUNS },
    );
  });
});
