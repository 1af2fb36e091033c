import { Float32, Float64, Int8, Int32, Int64, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { abs, add, cast, clip, div, exp, fillNaN, fillNull, gt, isNaN as isNaNKernel, isNull, log, mul, neg, pow, sub, where } from "../../src/kernels/index.ts";
import { caught } from "../support/caught.ts";
import { mapCells, zipWith } from "./reference.ts";
import {
  type Cell,
  cellsOf,
  columnPair,
  columnWithLayout,
  expectCells,
  expectNaNUnderNulls,
  RUNS,
  toBoolVector,
  toVector,
} from "./support.ts";

const values = (cells: readonly Cell[]) => toVector(cells);

describe("arithmetic kernels", () => {
  it("add, sub, mul, div and pow combine two columns row by row and propagate nulls", () => {
    const a = values([6, null, 2, NaN]);
    const b = values([3, 1, null, 1]);
    expect(cellsOf(add(a, b))).toEqual([9, null, null, NaN]);
    expect(cellsOf(sub(a, b))).toEqual([3, null, null, NaN]);
    expect(cellsOf(mul(a, b))).toEqual([18, null, null, NaN]);
    expect(cellsOf(div(a, b))).toEqual([2, null, null, NaN]);
    expect(cellsOf(pow(a, b))).toEqual([216, null, null, NaN]);
  });

  it("div follows IEEE 754 for zero divisors (the JSDoc example)", () => {
    expect(cellsOf(div(values([10, 9, null, 0]), values([2, 0, 1, 0])))).toEqual([5, Infinity, null, NaN]);
  });

  it("applies a scalar right operand to every row (the JSDoc examples)", () => {
    expect(cellsOf(add(vectorFromArray([1, 2, null]), 10))).toEqual([11, 12, null]);
    expect(cellsOf(sub(vectorFromArray([5, 7]), vectorFromArray([1, 2])))).toEqual([4, 5]);
    expect(cellsOf(mul(vectorFromArray([1.5, 2]), 2))).toEqual([3, 4]);
    expect(cellsOf(pow(vectorFromArray([2, 3]), 2))).toEqual([4, 9]);
  });

  it("reads every numeric Arrow type and typed arrays, and returns Float64", () => {
    const ints = vectorFromArray([1, 2, 3], new Int8());
    const bigs = vectorFromArray([10n, 20n, 30n], new Int64());
    const result = add(ints, bigs);
    expect(result.type).toBeInstanceOf(Float64);
    expect(cellsOf(result)).toEqual([11, 22, 33]);
    expect(cellsOf(add(new Uint8Array([1, 2]), new Float32Array([0.5, 0.25])))).toEqual([1.5, 2.25]);
    expect(cellsOf(mul(vectorFromArray([1.5, 2], new Float32()), new BigInt64Array([2n, 3n])))).toEqual([3, 6]);
  });

  it("writes NaN into null slots so readers that skip the bitmap do not see a plausible 0", () => {
    const result = add(values([1, null, 3]), 1);
    expect(Array.from(result.toArray())).toEqual([2, NaN, 4]);
    expect(result.nullCount).toBe(1);
  });

  it("matches a row-by-row reference on random columns with nulls, NaN and any chunk layout", () => {
    const ops = [
      [add, (x: number, y: number) => x + y],
      [sub, (x: number, y: number) => x - y],
      [mul, (x: number, y: number) => x * y],
      [div, (x: number, y: number) => x / y],
      [pow, (x: number, y: number) => x ** y],
    ] as const;
    fc.assert(
      fc.property(columnPair(), fc.double({ noNaN: false }), ({ left, right, leftLayout, rightLayout }, scalar) => {
        const a = toVector(left, leftLayout);
        const b = toVector(right, rightLayout);
        for (const [kernel, op] of ops) {
          expectNaNUnderNulls(kernel(a, b));
          expectCells(cellsOf(kernel(a, b)), zipWith(left, right, op));
          expectCells(cellsOf(kernel(a, scalar)), mapCells(left, (x) => op(x, scalar)));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("math kernels", () => {
  it("neg, abs, log and exp keep nulls and let NaN through (the JSDoc examples)", () => {
    expect(cellsOf(neg(vectorFromArray([1, -2])))).toEqual([-1, 2]);
    expect(cellsOf(abs(vectorFromArray([-1.5, 2, null])))).toEqual([1.5, 2, null]);
    expect(cellsOf(log(vectorFromArray([1, Math.E, -1, 0])))).toEqual([0, 1, NaN, -Infinity]);
    expect(cellsOf(exp(vectorFromArray([0, 1, NaN])))).toEqual([1, Math.E, NaN]);
  });

  it("clip limits values to the bounds and keeps NaN and null (the JSDoc example)", () => {
    expect(cellsOf(clip(vectorFromArray([-5, 0.5, 9, NaN, null]), 0, 1))).toEqual([0, 0.5, 1, NaN, null]);
    expect(cellsOf(clip(vectorFromArray([-5, 9]), -Infinity, 1))).toEqual([-5, 1]);
  });

  it("matches a row-by-row reference on random columns", () => {
    fc.assert(
      fc.property(columnWithLayout(), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), ({ cells, layout }, low, width) => {
        const v = toVector(cells, layout);
        expectCells(cellsOf(neg(v)), mapCells(cells, (x) => -x));
        expectCells(cellsOf(abs(v)), mapCells(cells, Math.abs));
        expectCells(cellsOf(log(v)), mapCells(cells, Math.log));
        expectCells(cellsOf(exp(v)), mapCells(cells, Math.exp));
        const high = low + width;
        expectCells(cellsOf(clip(v, low, high)), mapCells(cells, (x) => (Number.isNaN(x) ? x : Math.min(high, Math.max(low, x)))));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("null and NaN kernels", () => {
  it("fillNull replaces nulls only, isNull finds them (the JSDoc examples)", () => {
    expect(cellsOf(fillNull(vectorFromArray([1, null, NaN]), 0))).toEqual([1, 0, NaN]);
    expect(cellsOf(isNull(vectorFromArray([1, null, NaN])))).toEqual([false, true, false]);
    expect(cellsOf(isNull(vectorFromArray(["a", null])))).toEqual([false, true]);
  });

  it("fillNaN replaces NaN only, isNaN finds it and keeps nulls (the JSDoc examples)", () => {
    expect(cellsOf(fillNaN(vectorFromArray([1, NaN, null]), 0))).toEqual([1, 0, null]);
    expect(cellsOf(isNaNKernel(vectorFromArray([1, NaN, null])))).toEqual([false, true, null]);
  });

  it("fillNull takes each null's replacement from another column, like SQL's coalesce", () => {
    const result = fillNull(values([1, null, null, 4]), values([9, 8, null, 6]));
    expect(cellsOf(result)).toEqual([1, 8, null, 4]);
  });

  it("match their references on random columns", () => {
    fc.assert(
      fc.property(columnPair(), ({ left, right, leftLayout, rightLayout }) => {
        const v = toVector(left, leftLayout);
        expectCells(cellsOf(fillNull(v, -1)), left.map((x) => x ?? -1));
        expectCells(cellsOf(fillNull(v, toVector(right, rightLayout))), left.map((x, i) => x ?? right[i]!));
        expectCells(cellsOf(fillNaN(v, -1)), mapCells(left, (x) => (Number.isNaN(x) ? -1 : x)));
        expect(cellsOf(isNull(v))).toEqual(left.map((x) => x === null));
        expect(cellsOf(isNaNKernel(v))).toEqual(left.map((x) => (x === null ? null : Number.isNaN(x))));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("where", () => {
  it("picks whenTrue or whenFalse by the condition (the JSDoc example)", () => {
    const price = vectorFromArray([50, 150, null]);
    expect(cellsOf(where(gt(price, 100), 100, price))).toEqual([50, 100, null]);
  });

  it("is null where the condition is null or the chosen branch is null", () => {
    const condition = toBoolVector([true, false, null, true, false]);
    const result = where(condition, values([1, null, 3, null, 5]), values([10, 20, 30, 40, null]));
    expect(cellsOf(result)).toEqual([1, 20, null, null, null]);
  });

  it("matches its reference on random conditions and branches", () => {
    const input = columnPair().chain((pair) =>
      fc
        .array(fc.option(fc.boolean(), { nil: null }), { minLength: pair.left.length, maxLength: pair.left.length })
        .map((condition) => ({ ...pair, condition })),
    );
    fc.assert(
      fc.property(input, ({ left, right, leftLayout, rightLayout, condition }) => {
        const result = where(toBoolVector(condition, rightLayout), toVector(left, leftLayout), toVector(right, rightLayout));
        const expected = condition.map((c, i) => (c === null ? null : c ? left[i]! : right[i]!));
        expectCells(cellsOf(result), expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("cast", () => {
  it("truncates toward zero and keeps nulls (the JSDoc example)", () => {
    const result = cast(vectorFromArray([1.9, -1.9, null]), "int32");
    expect(result.type).toBeInstanceOf(Int32);
    expect(cellsOf(result)).toEqual([1, -1, null]);
  });

  it("converts to 64-bit integers and floats", () => {
    expect(cellsOf(cast(vectorFromArray([3.5, null]), "int64"))).toEqual([3n, null]);
    expect(cellsOf(cast(vectorFromArray([1, 2], new Int32()), "float64"))).toEqual([1, 2]);
    expect(cellsOf(cast(vectorFromArray([0.1]), "float32"))).toEqual([Math.fround(0.1)]);
  });

  it("never writes NaN into the caller's buffer when casting to float64", () => {
    const input = values([1, null, 3]);
    const before = Array.from(input.toArray());
    cast(input, "float64");
    expect(Array.from(input.toArray())).toEqual(before);
  });

  it("rejects a valid value the target cannot hold, naming row and value", () => {
    const error = caught(() => cast(vectorFromArray([1, 300]), "uint8"));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toEqual({ kernel: "cast", operand: "input", row: 1, value: 300, targetType: "uint8" });
    expect(error.message).toBe(
      "cast: input row 1 holds 300, which uint8 cannot represent. Clip, fill or filter such values first, or cast to a wider type.",
    );
    expect(caught(() => cast(vectorFromArray([NaN]), "int32")).code).toBe("type_mismatch");
  });

  it("accepts exactly the values whose truncation fits the target", () => {
    expect(cellsOf(cast(vectorFromArray([-128.9, 127.9, -0.5]), "int8"))).toEqual([-128, 127, 0]);
    for (const outside of [-129, 128, Infinity, -Infinity]) {
      expect(caught(() => cast(vectorFromArray([0, outside]), "int8")).details).toMatchObject({ row: 1, value: outside });
    }
    expect(cellsOf(cast(vectorFromArray([-0.9, 4294967295.5]), "uint32"))).toEqual([0, 4294967295]);
    expect(caught(() => cast(vectorFromArray([-1]), "uint32")).code).toBe("type_mismatch");
    expect(caught(() => cast(vectorFromArray([2 ** 31]), "int32")).code).toBe("type_mismatch");
  });

  it("ignores whatever a null slot holds", () => {
    expect(cellsOf(cast(values([null, 2]), "uint8"))).toEqual([null, 2]);
  });

  it("matches truncation on random in-range integers and floats", () => {
    const inRange = fc.array(fc.option(fc.double({ min: -127, max: 127, noNaN: true }), { nil: null }), { maxLength: 60 });
    fc.assert(
      fc.property(inRange, (cells) => {
        const v = toVector(cells);
        expect(cellsOf(cast(v, "int8"))).toEqual(mapCells(cells, (x) => Math.trunc(x) + 0));
        expect(cellsOf(cast(v, "int32"))).toEqual(mapCells(cells, (x) => Math.trunc(x) + 0));
      }),
      { numRuns: RUNS },
    );
  });
});
