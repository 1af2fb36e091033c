/**
 * funcflow/arrow: Apache Arrow as funcflow's column type: converting values to vectors, the
 * column kernels, the Arrow columnar adapter and the Arrow Table result builder. Never loads danfo.
 */
export * from "./adapters/arrow/index.ts";
// Imported by file: the result-builders folder index stays Arrow-free for the root entry.
export { arrowTableResult } from "./adapters/result-builders/arrow-table-result.ts";
export { recordResult, frameResult } from "./adapters/result-builders/index.ts";
export type { ResultBuilder } from "./adapters/result-builders/index.ts";
export { createColumnarRegistry, commonColumnLength, missingColumnError, isScalarValue } from "./adapters/columnar/index.ts";
export type { ColumnarAdapter, ColumnarRegistry, NamedColumn, GetColumnOptions, MeasuredColumn, ScalarValue } from "./adapters/columnar/index.ts";
