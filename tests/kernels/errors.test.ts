import { Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import * as kernels from "../../src/kernels/index.ts";
import type { BoolVector, NumericInput } from "../../src/kernels/index.ts";
import { caught } from "../support/caught.ts";

const numbers = vectorFromArray([1, 2, 3]);
const four = vectorFromArray([1, 2, 3, 4]);
const strings = vectorFromArray(["a", "b", "c"], new Utf8()) as unknown as NumericInput;
const bools = vectorFromArray([true, false, true]);
const BOOL_READERS = new Set(["cast", "sum", "mean", "min", "max", "count", "variance", "std"]);

describe("kernels reject bad input with a FuncflowError that names the operands", () => {
  it("length_mismatch names both operands and their lengths", () => {
    const error = caught(() => kernels.div(numbers, four));
    expect(error.code).toBe("length_mismatch");
    expect(error.details).toEqual({ kernel: "div", left: "left operand", leftLength: 3, right: "right operand", rightLength: 4 });
    expect(error.message).toBe(
      "div: left operand has 3 rows but right operand has 4. Pass columns of the same length (align or join them first).",
    );
  });

  it("type_mismatch names the operand, its type and what was expected", () => {
    const error = caught(() => kernels.add(numbers, strings));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toEqual({
      kernel: "add",
      operand: "right operand",
      actualType: "Utf8 vector",
      expectedType: "a numeric Arrow vector (Int or Float) or a numeric typed array, or a number",
    });
    expect(error.message).toBe(
      "add: right operand has type Utf8 vector, expected a numeric Arrow vector (Int or Float) or a numeric typed array, or a number. Cast or convert it first.",
    );
  });

  const binary = [kernels.add, kernels.sub, kernels.mul, kernels.div, kernels.pow, kernels.eq, kernels.ne, kernels.lt, kernels.le, kernels.gt, kernels.ge];
  it.each(binary.map((kernel) => [kernel.name, kernel] as const))("%s checks types and lengths of both operands", (name, kernel) => {
    expect(caught(() => kernel(strings, 1)).details).toMatchObject({ kernel: name, operand: "left operand", actualType: "Utf8 vector" });
    expect(caught(() => kernel(numbers, "1" as unknown as number)).details).toMatchObject({ operand: "right operand", actualType: "string" });
    expect(caught(() => kernel(numbers, [1, 2, 3] as unknown as number)).details).toMatchObject({ actualType: "plain array" });
    expect(caught(() => kernel(four, numbers)).details).toMatchObject({ kernel: name, leftLength: 4, rightLength: 3 });
  });

  const unary: [string, (input: NumericInput) => unknown][] = [
    ["neg", kernels.neg], ["abs", kernels.abs], ["log", kernels.log], ["exp", kernels.exp],
    ["clip", (v) => kernels.clip(v, 0, 1)], ["fillNaN", (v) => kernels.fillNaN(v, 0)], ["isNaN", kernels.isNaN],
    ["cast", (v) => kernels.cast(v, "int32")], ["sum", kernels.sum], ["mean", kernels.mean], ["min", kernels.min],
    ["max", kernels.max], ["count", kernels.count], ["variance", kernels.variance], ["std", kernels.std],
    ["quantile", (v) => kernels.quantile(v, 0.5)], ["rollingSum", (v) => kernels.rollingSum(v, 2)],
    ["rollingMean", (v) => kernels.rollingMean(v, 2)], ["rollingStd", (v) => kernels.rollingStd(v, 2)],
    ["rollingMin", (v) => kernels.rollingMin(v, 2)], ["rollingMax", (v) => kernels.rollingMax(v, 2)],
    ["cumSum", kernels.cumSum], ["cumProd", kernels.cumProd], ["shift", (v) => kernels.shift(v, 1)],
    ["diff", kernels.diff], ["pctChange", kernels.pctChange],
  ];
  it.each(unary)("%s rejects non-numeric input", (name, kernel) => {
    const error = caught(() => kernel(strings));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toMatchObject({ kernel: name, operand: "input", actualType: "Utf8 vector" });
    // cast and the reductions read a Bool column as 1 and 0 (tests/kernels/cast-bool.test.ts, reduce-bool.test.ts).
    if (!BOOL_READERS.has(name)) expect(caught(() => kernel(bools as unknown as NumericInput)).details).toMatchObject({ actualType: "Bool vector" });
  });

  it("logic kernels and where want Bool conditions", () => {
    const notBool = numbers as unknown as BoolVector;
    expect(caught(() => kernels.and(notBool, bools)).details).toMatchObject({ kernel: "and", operand: "left operand", actualType: "Float64 vector" });
    expect(caught(() => kernels.not(notBool)).details).toMatchObject({ kernel: "not", operand: "input" });
    expect(caught(() => kernels.or(bools, vectorFromArray([true]))).details).toMatchObject({ leftLength: 3, rightLength: 1 });
    expect(caught(() => kernels.where(notBool, 1, 2)).details).toMatchObject({ kernel: "where", operand: "condition" });
    expect(caught(() => kernels.where(bools, four, 0)).details).toEqual({
      kernel: "where",
      left: "condition",
      leftLength: 3,
      right: "whenTrue",
      rightLength: 4,
    });
  });

  it("fillNull checks a replacement column like a right operand", () => {
    expect(caught(() => kernels.fillNull(numbers, four)).details).toMatchObject({ left: "input", right: "replacement" });
  });

  it("invalid_argument reports a bad parameter with what was expected", () => {
    const error = caught(() => kernels.rollingMean(numbers, 0));
    expect(error.code).toBe("invalid_argument");
    expect(error.details).toEqual({ kernel: "rollingMean", argument: "window", value: 0, expected: "an integer ≥ 1" });
    expect(error.message).toBe("rollingMean: window is 0, expected an integer ≥ 1.");
    expect(caught(() => kernels.rollingSum(numbers, 2, { minPeriods: 3 })).details).toMatchObject({ argument: "minPeriods" });
    expect(caught(() => kernels.rollingSum(numbers, 2.5)).code).toBe("invalid_argument");
    expect(caught(() => kernels.quantile(numbers, 1.5)).details).toMatchObject({ argument: "q" });
    expect(caught(() => kernels.variance(numbers, { ddof: -1 })).details).toMatchObject({ argument: "ddof" });
    expect(caught(() => kernels.clip(numbers, 2, 1)).details).toMatchObject({ argument: "lower" });
    expect(caught(() => kernels.shift(numbers, 0.5)).details).toMatchObject({ argument: "periods", expected: "an integer" });
    expect(caught(() => kernels.cast(numbers, "text" as "int32")).details).toMatchObject({ argument: "target" });
  });
});

describe("groupBy rejects bad input before doing any work", () => {
  const keys = vectorFromArray(["a", "b", "a"]);

  it("names the column whose length differs from the keys", () => {
    const error = caught(() => kernels.groupBy(keys, { price: four }, { price: ["sum"] }));
    expect(error.code).toBe("length_mismatch");
    expect(error.details).toEqual({ kernel: "groupBy", left: "keys", leftLength: 3, right: 'column "price"', rightLength: 4 });
  });

  it("reports a non-numeric value column and unsupported keys", () => {
    expect(caught(() => kernels.groupBy(keys, { name: strings }, { name: ["sum"] })).details).toMatchObject({
      operand: 'column "name"',
      actualType: "Utf8 vector",
    });
    const listKeys = [1, 2, 3] as unknown as typeof keys;
    expect(caught(() => kernels.groupBy(listKeys, {}, {})).details).toMatchObject({ operand: "keys", actualType: "plain array" });
  });

  it("reports an aggregation of a column that was not passed, listing those that were", () => {
    const error = caught(() => kernels.groupBy(keys, { price: numbers }, { prcie: ["sum"] }));
    expect(error.code).toBe("missing_column");
    expect(error.details).toEqual({ kernel: "groupBy", column: "prcie", available: ["price"] });
    expect(error.message).toBe(
      'groupBy: aggregations name column "prcie", which is not among the columns passed (price). Add it to the columns or fix the name.',
    );
  });

  it("reports unknown aggregations and clashing output names", () => {
    const unknown = ["median"] as unknown as ["sum"];
    expect(caught(() => kernels.groupBy(keys, { price: numbers }, { price: unknown })).code).toBe("invalid_argument");
    expect(caught(() => kernels.groupBy(keys, { price: numbers }, { price: ["sum", "sum"] })).code).toBe("invalid_argument");
    expect(
      caught(() => kernels.groupBy(keys, { price: numbers }, { price: ["sum"] }, { keyName: "price_sum" })).details,
    ).toMatchObject({ argument: "output column name", value: "price_sum" });
  });
});
