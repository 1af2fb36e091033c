/**
 * funcflow/arrow: Apache Arrow as funcflow's column type: converting values to vectors, the
 * column kernels, the Arrow columnar adapter and the Arrow Table result builder. Never loads danfo.
 */
export { toVector, repeatScalarVector, stringsToVector, isArrowVector, isArrowTable, arrowAdapter, arrowTableResult } from "./adapters/arrow/index.ts";
export * from "./kernels/index.ts";
export { recordResult, frameResult } from "./results/index.ts";
export type { ResultBuilder } from "./results/index.ts";
export { createColumnarRegistry, commonColumnLength, missingColumnError, isScalarValue } from "./columnar/index.ts";
export type { ColumnarAdapter, ColumnarRegistry, NamedColumn, GetColumnOptions, MeasuredColumn, ScalarValue } from "./columnar/index.ts";
