import type { Bool, Float32, Float64, Int32, Int64, Table, TypeMap, Utf8, Vector } from "apache-arrow";
import { describe, expectTypeOf, it } from "vitest";
import type * as kernels from "../../src/kernels/index.ts";

describe("kernel signatures", () => {
  it("accept numeric vectors, typed arrays and scalars, and reject other types at compile time", () => {
    expectTypeOf<Vector<Float64>>().toMatchTypeOf<kernels.NumericInput>();
    expectTypeOf<Vector<Int64>>().toMatchTypeOf<kernels.NumericInput>();
    expectTypeOf<Uint16Array>().toMatchTypeOf<kernels.NumericInput>();
    expectTypeOf<number>().toMatchTypeOf<kernels.Operand>();
    expectTypeOf<Vector<Utf8>>().not.toMatchTypeOf<kernels.NumericInput>();
    expectTypeOf<number[]>().not.toMatchTypeOf<kernels.NumericInput>();
  });

  it("return Float64, Bool, numbers, typed casts and tables", () => {
    expectTypeOf<ReturnType<typeof kernels.add>>().toEqualTypeOf<Vector<Float64>>();
    expectTypeOf<ReturnType<typeof kernels.rollingMean>>().toEqualTypeOf<Vector<Float64>>();
    expectTypeOf<ReturnType<typeof kernels.lt>>().toEqualTypeOf<Vector<Bool>>();
    expectTypeOf<ReturnType<typeof kernels.quantile>>().toEqualTypeOf<number>();
    expectTypeOf<ReturnType<typeof kernels.cast<"int32">>>().toEqualTypeOf<Vector<Int32>>();
    expectTypeOf<ReturnType<typeof kernels.cast<"float32">>>().toEqualTypeOf<Vector<Float32>>();
    expectTypeOf<ReturnType<typeof kernels.groupBy>>().toEqualTypeOf<Table<TypeMap>>();
  });
});
