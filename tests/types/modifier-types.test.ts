/**
 * Types that survive every modifier, proved by the compiler: this file runs under
 * `tsc --noEmit` (npm test), where each `@ts-expect-error` must meet an error and each
 * `expectTypeOf` must hold. Misuse sits in a function that never runs.
 */
import type { Float64, Int32, Table, Utf8, Vector } from "apache-arrow";
import { describe, expect, expectTypeOf, it } from "vitest";
import { checkOutputCustom, configWhen, extractColumns, inject, parameterize, parameterizeValues, source, tag, value, type DataValidationResult, type DataValidator, type SaveMetadata } from "funcflow";
import type { Nodes as QualityNodes } from "../fixtures/typecheck/data-quality.funcflow.js";
import type { Inputs as TourInputs, Nodes as TourNodes } from "../../examples/modifiers-tour/transforms.funcflow.js";

type People = { age: Float64; name: Utf8 };

describe("typings from funcflow build look through modifiers", () => {
  it("types checkOutput nodes, their _raw nodes and validators as the wrapped function says", () => {
    expectTypeOf<QualityNodes["ageMean"]>().toEqualTypeOf<number>();
    expectTypeOf<QualityNodes["ageMean_raw"]>().toEqualTypeOf<number>();
    expectTypeOf<QualityNodes["ageMean_range_validator"]>().toEqualTypeOf<DataValidationResult>();
    expectTypeOf<QualityNodes["visitCounts"]>().toEqualTypeOf<Int32Array>();
  });

  it("types extracted columns as vectors of the table type's columns", () => {
    expectTypeOf<QualityNodes["age"]>().toEqualTypeOf<Vector<Float64>>();
    expectTypeOf<QualityNodes["visits"]>().toEqualTypeOf<Vector<Int32>>();
    expectTypeOf<TourNodes["region"]>().toEqualTypeOf<Vector<Utf8>>();
  });

  it("types extracted fields, parameterize outputs, pipe steps, mutations, config variants and savers", () => {
    expectTypeOf<QualityNodes["ageMin"]>().toEqualTypeOf<number>();
    expectTypeOf<QualityNodes["highVisits"]>().toEqualTypeOf<number>();
    expectTypeOf<QualityNodes["headline.with_round"]>().toEqualTypeOf<number>();
    expectTypeOf<QualityNodes["ageScale"]>().toEqualTypeOf<number>();
    expectTypeOf<TourNodes["usRevenue.with_toCents"]>().toEqualTypeOf<number>();
    expectTypeOf<TourNodes["meanAmount"]>().toEqualTypeOf<number>();
    expectTypeOf<TourNodes["shares"]>().toEqualTypeOf<string[]>();
    expectTypeOf<TourNodes["save.report"]>().toEqualTypeOf<SaveMetadata>();
    expectTypeOf<TourNodes["usForecast.trend"]>().toEqualTypeOf<number>();
    expectTypeOf<TourNodes["euForecast"]>().toEqualTypeOf<number>();
    expectTypeOf<TourNodes["sales.select_data.rawSales"]>().toEqualTypeOf<Table>();
  });

  it("types resolve's outputs from the wrapped function and subdag inputs from the reused module's parameters", () => {
    expectTypeOf<TourNodes["revenueIn3Months"]>().toEqualTypeOf<number>();
    expectTypeOf<TourNodes["usForecast.history"]>().toEqualTypeOf<number>();
    expectTypeOf<TourNodes["euForecast.horizon"]>().toEqualTypeOf<number>();
  });

  it("types an input only a modifier reads (saveTo's source path) as that modifier's parameter", () => {
    expectTypeOf<TourInputs["reportPath"]>().toEqualTypeOf<string>();
  });
});

describe("checkOutputCustom types its validators by the wrapped function's return type", () => {
  const positive: DataValidator<number> = { name: "positive", importance: "fail", validate: (n) => ({ passes: n > 0, message: `value is ${n}` }) };
  const anything: DataValidator = { name: "present", importance: "warn", validate: (v) => ({ passes: v !== undefined, message: "present" }) };

  it("gives an inline validator the awaited return type, and accepts validators of that type or of unknown", () => {
    checkOutputCustom(
      [
        {
          name: "short",
          importance: "warn",
          validate: (text) => {
            expectTypeOf(text).toEqualTypeOf<string>();
            return { passes: text.length < 10, message: `${text.length} characters` };
          },
        },
      ],
      async (): Promise<string> => "label",
    );
    expectTypeOf(checkOutputCustom([positive, anything], (): number => 1)).toEqualTypeOf<() => number>();
    // With a target, the checked node may be a column or a field: any validator fits.
    checkOutputCustom([positive], { target: "count" }, (): { count: number } => ({ count: 1 }));
    const misuse = () => {
      // @ts-expect-error a validator of numbers on a function returning a string
      checkOutputCustom([positive], (): string => "x");
      // @ts-expect-error an inline validator that reads the value as another type
      checkOutputCustom([{ name: "big", importance: "fail", validate: (v: bigint) => ({ passes: v > 0n, message: "" }) }], (): number => 1);
    };
    expect(typeof misuse).toBe("function");
  });
});

describe("modifier misuse is a compile error", () => {
  it("rejects misuse of each modifier family (checked by tsc; nothing here runs)", () => {
    const misuse = () => {
      // @ts-expect-error a binding's value fits none of the function's parameter types
      inject({ factor: value("two") }, (base: number, factor: number) => base * factor);
      // @ts-expect-error the same in parameterize
      parameterize({ doubled: { factor: value(true) } }, (base: number, factor: number) => base * factor);
      // @ts-expect-error and in parameterizeValues
      parameterizeValues("factor", { doubled: "2" }, (base: number, factor: number) => base * factor);
      // @ts-expect-error an extracted column the table type does not have
      extractColumns(["height"], (): Table<People> => undefined as never);
      // @ts-expect-error a field a record of vectors does not have
      extractColumns(["height"], (): { age: Vector<Float64> } => undefined as never);
      // @ts-expect-error a configWhen condition that is not an object of config values
      configWhen("EUR", (): number => 1);
      // @ts-expect-error a condition value that is not a config scalar
      configWhen({ currency: { code: "EUR" } }, (): number => 1);
      // @ts-expect-error a tag value that is not a string or a list of strings
      tag({ owner: 3 }, (): number => 1);
      // @ts-expect-error a tag list with a non-string
      tag({ owners: ["data", 1] }, (): number => 1);
    };
    // What fits compiles: bound values of a parameter's type, existing columns, any column of an untyped table.
    inject({ factor: value(2), base: source("x") }, (base: number, factor: number) => base * factor);
    extractColumns(["age", ["name", "The name."]], (): Table<People> => undefined as never);
    extractColumns(["anything"], (): Table => undefined as never);
    configWhen({ currency: "EUR", strict: true }, (): number => 1);
    tag({ owner: "data", teams: ["a", "b"] }, (): number => 1);
    expect(typeof misuse).toBe("function");
  });
});
