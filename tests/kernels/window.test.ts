import { vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cumProd, cumSum, diff, pctChange, rollingMax, rollingMean, rollingMin, rollingStd, rollingSum, shift } from "../../src/kernels/index.ts";
import {
  referenceCumulative,
  referencePartner,
  referenceRolling,
  windowMax,
  windowMean,
  windowMin,
  windowStd,
  windowSum,
  zipWith,
} from "./reference.ts";
import { type Cell, cellsOf, columnWithLayout, expectCells, expectNaNUnderNulls, magnitude, RUNS, sameCell, toVector } from "./support.ts";

/** Σ|x| over the finite values of each row's window: the scale of rounding error there. */
const windowScale = (cells: readonly Cell[], window: number): number[] =>
  cells.map((_, i) => magnitude(cells.slice(Math.max(0, i - window + 1), i + 1)));

/** Like expectCells, with a tolerance scale per row. */
function expectRows(actual: readonly unknown[], expected: readonly Cell[], tolerance: number, scale: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const bad = expected.findIndex((cell, row) => !sameCell(actual[row], cell, tolerance, scale[row]));
  expect(bad === -1 ? null : { row: bad, actual: actual[bad], expected: expected[bad] }).toBeNull();
}

/** A random column, window and minPeriods (sometimes left to its default). */
const windowCase = columnWithLayout({ maxLength: 60 }).chain((column) =>
  fc.integer({ min: 1, max: 12 }).chain((window) =>
    fc.option(fc.integer({ min: 0, max: window }), { nil: undefined }).map((minPeriods) => ({ ...column, window, minPeriods })),
  ),
);

describe("rolling windows", () => {
  it("follow pandas: a trailing window, null until minPeriods values (the JSDoc examples)", () => {
    expect(cellsOf(rollingSum(vectorFromArray([1, 2, 3, 4]), 2))).toEqual([null, 3, 5, 7]);
    expect(cellsOf(rollingMean(vectorFromArray([1, null, 3, 5]), 2, { minPeriods: 1 }))).toEqual([1, 1, 3, 4]);
    expect(cellsOf(rollingMin(vectorFromArray([3, 1, 2, 5]), 2))).toEqual([null, 1, 1, 2]);
    expect(cellsOf(rollingMax(vectorFromArray([3, 1, 2, 5]), 2))).toEqual([null, 3, 2, 5]);
    const deviations = cellsOf<number>(rollingStd(vectorFromArray([1, 3, 5, 9]), 2));
    expectCells(deviations, [null, Math.SQRT2, Math.SQRT2, 2 * Math.SQRT2], 1e-12);
  });

  it("count nulls as rows of the window but not as values", () => {
    const v = vectorFromArray([1, null, null, 4, 5]);
    expect(cellsOf(rollingSum(v, 3))).toEqual([null, null, null, null, null]);
    expect(cellsOf(rollingSum(v, 3, { minPeriods: 1 }))).toEqual([1, 1, 1, 4, 9]);
    expect(cellsOf(rollingSum(v, 2, { minPeriods: 0 }))).toEqual([1, 1, 0, 4, 9]);
    expect(cellsOf(rollingMean(v, 2, { minPeriods: 0 }))).toEqual([1, 1, null, 4, 4.5]);
  });

  it("let NaN and Infinity leave the window again instead of poisoning every later row", () => {
    const v = vectorFromArray([1, NaN, 2, 3, Infinity, 4, 5, -Infinity, Infinity, 6, 7]);
    expect(cellsOf(rollingSum(v, 2))).toEqual([null, NaN, NaN, 5, Infinity, Infinity, 9, -Infinity, NaN, Infinity, 13]);
    expect(cellsOf(rollingMax(v, 2))).toEqual([null, NaN, NaN, 3, Infinity, Infinity, 5, 5, Infinity, Infinity, 7]);
    expect(cellsOf(rollingStd(v, 2))).toEqual([null, NaN, NaN, Math.SQRT1_2, NaN, NaN, Math.SQRT1_2, NaN, NaN, NaN, Math.SQRT1_2]);
  });

  it("recover full precision once a spike has left the window (as pandas' compensated sums do)", () => {
    const sums = cellsOf<number>(rollingSum(vectorFromArray([1e16, 1, 1, 1, 0.5]), 2));
    expect(sums.slice(2)).toEqual([2, 2, 1.5]);
    const means = cellsOf<number>(rollingMean(vectorFromArray([3, 1e17, -1e17, 0.1, 0.2, 0.3]), 2, { minPeriods: 1 }));
    expectCells(means.slice(4), [0.15, 0.25], 1e-15);
    const deviations = cellsOf<number>(rollingStd(vectorFromArray([0.3, 1e10, 0.1, 0.2, 0.1, 0.1]), 2));
    expectCells(deviations.slice(3), [Math.SQRT1_2 / 10, Math.SQRT1_2 / 10, 0], 1e-12);
    const masked = cellsOf<number>(rollingStd(vectorFromArray([0.3, 1e10, null, 0.1, 0.2, 0.1]), 3, { minPeriods: 2 }));
    expectCells(masked.slice(4), [Math.SQRT1_2 / 10, Math.sqrt(1 / 300)], 1e-12);
  });

  it("rollingStd is null when a window has fewer than two values, even with window 1", () => {
    expect(cellsOf(rollingStd(vectorFromArray([1, 2, 3]), 1))).toEqual([null, null, null]);
    expect(cellsOf(rollingStd(vectorFromArray([1, 2, 3]), 3, { minPeriods: 1 }))[0]).toBeNull();
  });

  it("rollingStd stays exact on constant stretches after large values leave", () => {
    const v = toVector([1e8, 1e8 + 1, 3, 3, 3, 3]);
    const result = cellsOf<number>(rollingStd(v, 2));
    expect(result.slice(3)).toEqual([0, 0, 0]);
  });

  it("rollingMin and rollingMax stay linear on long monotonic runs (deque, not rescans)", () => {
    const n = 200_000;
    const descending = new Float64Array(n).map((_, i) => n - i);
    const started = performance.now();
    const result = rollingMin(descending, 50_000);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.get(n - 1)).toBe(1);
    expect(rollingMax(descending, 50_000).get(n - 1)).toBe(50_000);
  });

  it("match a window-by-window reference on random columns, windows and minPeriods", () => {
    fc.assert(
      fc.property(windowCase, ({ cells, layout, window, minPeriods }) => {
        const v = toVector(cells, layout);
        const options = minPeriods === undefined ? {} : { minPeriods };
        const needed = minPeriods ?? window;
        // Tolerances scale with the values in each window, not the whole column, so error left
        // behind by large values that have already left the window shows up.
        const scale = windowScale(cells, window);
        expectRows(cellsOf(rollingSum(v, window, options)), referenceRolling(cells, window, needed, windowSum), 1e-9, scale);
        expectRows(cellsOf(rollingMean(v, window, options)), referenceRolling(cells, window, needed, windowMean), 1e-9, scale);
        expectCells(cellsOf(rollingMin(v, window, options)), referenceRolling(cells, window, needed, windowMin));
        expectCells(cellsOf(rollingMax(v, window, options)), referenceRolling(cells, window, needed, windowMax));
        // Compare variances: a square root magnifies rounding near zero, where Welford and two-pass differ most.
        const variances = cellsOf<number>(rollingStd(v, window, options)).map((s) => (s === null ? null : s * s));
        const expected = referenceRolling(cells, window, needed, windowStd).map((s) => (s === null ? null : s * s));
        expectRows(variances, expected, 1e-9, scale.map((x) => x * x));
        for (const kernel of [rollingSum, rollingMean, rollingStd, rollingMin, rollingMax]) expectNaNUnderNulls(kernel(v, window, options));
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Long columns with few nulls: the null-aware loops step eight rows per validity byte, so these
 * give them all-valid bytes, mixed ones and windows that leave rows at any bit position.
 */
const sparseNullCase = fc
  .array(
    fc.oneof(
      { weight: 30, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e12) },
    ),
    { minLength: 1, maxLength: 300 },
  )
  .chain((cells) =>
    fc.record({
      cells: fc.constant(cells),
      offset: fc.integer({ min: 0, max: 11 }),
      window: fc.integer({ min: 1, max: 40 }),
      minPeriods: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    }),
  );

describe("null-aware window loops", () => {
  it("match the references on long columns with few nulls, any window and slice offset", () => {
    fc.assert(
      fc.property(sparseNullCase, ({ cells, offset, window, minPeriods: wanted }) => {
        // Make sure some rows are null, so the null-aware loops run.
        const withNull: Cell[] = [...cells.slice(0, -1), null];
        const v = toVector(withNull, { cuts: [], offset });
        const minPeriods = wanted === undefined ? undefined : Math.min(wanted, window);
        const options = minPeriods === undefined ? {} : { minPeriods };
        const needed = minPeriods ?? window;
        const scale = windowScale(withNull, window);
        expectRows(cellsOf(rollingSum(v, window, options)), referenceRolling(withNull, window, needed, windowSum), 1e-9, scale);
        expectRows(cellsOf(rollingMean(v, window, options)), referenceRolling(withNull, window, needed, windowMean), 1e-9, scale);
        expectCells(cellsOf(rollingMin(v, window, options)), referenceRolling(withNull, window, needed, windowMin));
        const variances = cellsOf<number>(rollingStd(v, window, options)).map((s) => (s === null ? null : s * s));
        const expected = referenceRolling(withNull, window, needed, windowStd).map((s) => (s === null ? null : s * s));
        expectRows(variances, expected, 1e-9, scale.map((x) => x * x));
        expectCells(cellsOf(cumSum(v)), referenceCumulative(withNull, 0, (a, b) => a + b));
        for (const result of [rollingSum(v, window, options), rollingStd(v, window, options), cumSum(v)]) expectNaNUnderNulls(result);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("cumulative kernels", () => {
  it("skip nulls and keep them null (the JSDoc examples)", () => {
    expect(cellsOf(cumSum(vectorFromArray([1, null, 2, 3])))).toEqual([1, null, 3, 6]);
    expect(cellsOf(cumProd(vectorFromArray([2, null, 3, 4])))).toEqual([2, null, 6, 24]);
  });

  it("carry NaN forward, since NaN is a value", () => {
    expect(cellsOf(cumSum(vectorFromArray([1, NaN, null, 2])))).toEqual([1, NaN, null, NaN]);
  });

  it("match a running reference on random columns", () => {
    fc.assert(
      fc.property(columnWithLayout(), ({ cells, layout }) => {
        const v = toVector(cells, layout);
        expectCells(cellsOf(cumSum(v)), referenceCumulative(cells, 0, (a, b) => a + b));
        expectCells(cellsOf(cumProd(v)), referenceCumulative(cells, 1, (a, b) => a * b));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("shift, diff and pctChange", () => {
  it("look back by periods rows (the JSDoc examples)", () => {
    expect(cellsOf(shift(vectorFromArray([1, 2, 3]), 1))).toEqual([null, 1, 2]);
    expect(cellsOf(shift(vectorFromArray([1, 2, 3]), -1))).toEqual([2, 3, null]);
    expect(cellsOf(diff(vectorFromArray([1, 4, 9])))).toEqual([null, 3, 5]);
    const changes = cellsOf<number>(pctChange(vectorFromArray([100, 110, 99])));
    expectCells(changes, [null, 0.1, -0.1], 1e-12);
  });

  it("are null where the partner row is null, without filling", () => {
    expect(cellsOf(diff(vectorFromArray([1, null, 4, 8])))).toEqual([null, null, null, 4]);
    expect(cellsOf(pctChange(vectorFromArray([0, 5, null])))).toEqual([null, Infinity, null]);
  });

  it("match the partner-row reference for any periods, including |periods| ≥ length", () => {
    fc.assert(
      fc.property(columnWithLayout(), fc.integer({ min: -90, max: 90 }), ({ cells, layout }, periods) => {
        const v = toVector(cells, layout);
        const partners = referencePartner(cells, periods);
        expectCells(cellsOf(shift(v, periods)), partners);
        for (const result of [shift(v, periods), diff(v, periods), pctChange(v, periods)]) expectNaNUnderNulls(result);
        expectCells(cellsOf(diff(v, periods)), zipWith(cells, partners, (x, p) => x - p));
        expectCells(cellsOf(pctChange(v, periods)), zipWith(cells, partners, (x, p) => x / p - 1));
      }),
      { numRuns: RUNS },
    );
  });
});

it("window kernels accept plain typed arrays", () => {
  const values = new Float64Array([1, 2, 3]);
  expect(cellsOf(rollingSum(values, 2, { minPeriods: 1 }))).toEqual([1, 3, 5]);
  expect(sameCell(rollingStd(values, 3).get(2), 1)).toBe(true);
  const cells: Cell[] = [1, 2];
  expect(cellsOf(cumSum(toVector(cells)))).toEqual([1, 3]);
});
