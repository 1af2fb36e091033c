/** The columnar protocol: the adapter interface a column library implements (Arrow, Danfo), and helpers that describe values and columns. */
export type { ColumnarAdapter, NamedColumn, GetColumnOptions } from "./columnar-adapter.ts";
export { createColumnarRegistry } from "./columnar-registry.ts";
export type { ColumnarRegistry } from "./columnar-registry.ts";
export { commonColumnLength } from "./common-column-length.ts";
export type { MeasuredColumn } from "./common-column-length.ts";
export { missingColumnError } from "./missing-column-error.ts";
export { isScalarValue } from "./is-scalar-value.ts";
export type { ScalarValue } from "./is-scalar-value.ts";
export { describeValue } from "./describe-value.ts";
export { summarizeValue, toJsonValue } from "./summarize-value.ts";
export type { ValueSummary } from "./summarize-value.ts";
export { isTableLike, isVectorLike } from "./value-shape.ts";
export type { TableLike, VectorLike } from "./value-shape.ts";
