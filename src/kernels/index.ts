/**
 * Column kernels over apache-arrow vectors: typed-array loops with null handling, zero-copy in
 * and out. See `types.ts` for how null and NaN differ.
 */
export type { BoolVector, Float64Vector, NumericArray, NumericInput, NumericType, NumericVector, Operand } from "./types.ts";

// elementwise
export { add, sub, mul, div, pow } from "./arithmetic.ts";
export { neg, abs, log, exp, clip } from "./math.ts";
export { fillNull, fillNaN, isNull, isNaN } from "./nulls.ts";
export { where } from "./where.ts";
export { cast, type CastTarget, type CastTypes } from "./cast.ts";

// comparison and logic
export { eq, ne, lt, le, gt, ge } from "./compare.ts";
export { and, or, not } from "./logic.ts";

// reductions
export { sum, mean, min, max, count, variance, std, type VarianceOptions, type ReducibleInput } from "./reduce.ts";
export { quantile } from "./quantile.ts";

// windows
export type { RollingOptions } from "./window-options.ts";
export { rollingSum, rollingMean } from "./rolling-sum.ts";
export { rollingStd } from "./rolling-std.ts";
export { rollingMin, rollingMax } from "./rolling-extrema.ts";
export { cumSum, cumProd } from "./cumulative.ts";
export { shift, diff, pctChange } from "./shift.ts";

// group-by
export { groupBy, type Aggregation, type AggregationSpec, type GroupByOptions } from "./group-by.ts";
