import { makeVector, vectorFromArray } from "apache-arrow";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { DataValidationResult, FuncflowError } from "funcflow";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);
afterEach(() => vi.restoreAllMocks());

const dr = await buildFixture("checks");

/** The executor passes check_failed through unwrapped; this asserts that and returns it. */
const checkFailure = (error: FuncflowError) => {
  expect(error.code).toBe("check_failed");
  return error;
};

describe("checkOutput", () => {
  it("makes <fn>_raw, one <fn>_<check>_validator per check, and <fn>", () => {
    const names = dr.listNodes().map((node) => node.name);
    expect(names).toEqual(expect.arrayContaining(["price_raw", "price_range_validator", "price_allowNaN_validator", "price"]));
    expect(dr.node("price").dependencies.map((d) => d.name)).toEqual(["price_raw", "price_range_validator", "price_allowNaN_validator"]);
    expect(dr.node("price_range_validator").role).toBe("validator");
    expect(dr.node("price_range_validator").tags).toMatchObject({ "data_quality.importance": "fail", "data_quality.source": "price" });
  });

  it("passes valid typed arrays through, and validators are nodes the user can request", async () => {
    const prices = new Float64Array([1, 50, 99]);
    const result = await dr.execute(["price", "price_range_validator"], { inputs: { prices } });
    expect(result.price).toBe(prices);
    expect(result.price_range_validator).toMatchObject({ passes: true, message: "values span [1, 99], expected within [0, 100]" });
  });

  it("raises check_failed listing every failed fail-importance check at once", async () => {
    const error = checkFailure(await caught(dr.execute(["price"], { inputs: { prices: new Float64Array([1, Number.NaN, 300]) } })));
    expect(error.code).toBe("check_failed");
    expect(error.node).toBe("price");
    const failures = error.details?.failures as { validator: string }[];
    expect(failures.map((failure) => failure.validator)).toEqual(["range", "allowNaN"]);
    expect(error.message).toContain("2 data-quality checks failed");
    expect(error.message).toContain("range (price_range_validator): 1 of 3 values are NaN, values span [1, 300], expected within [0, 100]");
    expect(error.message).toContain("allowNaN (price_allowNaN_validator): 1 of 3 values are NaN");
  });

  it("only warns for warn-importance checks on scalars", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(await dr.execute(["count"], { inputs: { items: [1, 2, 3, 4, 5] } })).toEqual({ count: 5 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`check "range" on "count" failed (warn): values span [5, 5]`));
  });

  it("checks Arrow vectors, reading nulls from the validity bitmap", async () => {
    const fine = makeVector(new Float64Array([10, 20, 30]));
    expect(await dr.execute(["column"], { inputs: { vector: fine } })).toEqual({ column: fine });
    const withNull = vectorFromArray([10, null, 95, Number.NaN], undefined);
    const error = checkFailure(await caught(dr.execute(["column"], { inputs: { vector: withNull } })));
    const failed = (error.details?.failures as { validator: string; message: string }[]).map((f) => f.validator);
    expect(failed).toEqual(["allowNull", "maxFractionNaN", "meanInRange"]);
    const types = await dr.execute(["column_dataType_validator"], { inputs: { vector: withNull } });
    expect((types.column_dataType_validator as DataValidationResult).passes).toBe(true);
  });

  it("checks strings with valuesIn and dataType", async () => {
    const ok = await dr.execute(["label_valuesIn_validator", "label_dataType_validator"], { inputs: { letter: "a" } });
    expect(ok).toMatchObject({ label_valuesIn_validator: { passes: true }, label_dataType_validator: { passes: true } });
    const bad = await dr.execute(["label_valuesIn_validator"], { inputs: { letter: "z" } });
    expect(bad.label_valuesIn_validator).toMatchObject({ passes: false, message: `found values not allowed: "z"` });
  });
});

describe("checkOutputCustom", () => {
  it("runs user validators the same way", async () => {
    expect(await dr.execute(["evenCount"], { inputs: { items: [1, 2] } })).toEqual({ evenCount: 2 });
    const error = checkFailure(await caught(dr.execute(["evenCount"], { inputs: { items: [1] } })));
    expect(error.message).toContain("even (evenCount_even_validator): 1 is odd");
  });
});

describe("check misuse", () => {
  it("rejects no check, a bad argument and a bad importance", async () => {
    expect((await caught(buildSource(`export const bad = ff.checkOutput({}, (x: number): number => x);`))).message).toContain("checkOutput names no check");
    const range = await caught(buildSource(`export const bad = ff.checkOutput({ range: [5, 1] }, (x: number): number => x);`));
    expect(range).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(range.message).toContain("range must be [min, max] with min <= max");
    const importance = await caught(buildSource(`export const bad = ff.checkOutput({ range: [0, 1], importance: "loud" as never }, (x: number): number => x);`));
    expect(importance.message).toContain(`importance must be "warn" or "fail"`);
  });

  it("rejects a malformed custom validator and two checks on one node", async () => {
    expect((await caught(buildSource(`export const bad = ff.checkOutputCustom([{ name: "x" } as never], (x: number): number => x);`))).message).toContain(
      `validator "x" needs a name, an importance`,
    );
    const twice = await caught(
      buildSource(`const v = { name: "v", importance: "warn" as const, validate: () => ({ passes: true, message: "" }) };\nexport const bad = ff.checkOutput({ range: [0, 1] }, ff.checkOutputCustom([v], (x: number): number => x));`),
    );
    expect(twice.message).toContain("which another checkOutput already checks");
  });
});
