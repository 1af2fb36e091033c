/**
 * funcflow/danfo: the optional danfo.js adapter: Series/DataFrame ↔ Arrow conversions, the danfo
 * columnar adapter and the DataFrame result builder. The only entry that loads danfojs-node
 * (~1.2 s), which must be installed alongside funcflow.
 *
 * Missing values: danfo → Arrow, `null`, `undefined` and `NaN` all become Arrow nulls (danfo
 * treats all three as missing; `{ nanAsNull: false }` keeps `NaN` as a number). Arrow → danfo, a
 * null becomes `NaN` in a number column (so danfo's arithmetic and `isNa` see it as missing) and
 * stays `null` in string and boolean columns.
 */
export { danfoAdapter, danfoDataFrameResult, seriesToVector, vectorToSeries, dataFrameToTable, tableToDataFrame, dataFrameFromColumns, isDanfoDataFrame, isDanfoSeries } from "./adapters/danfo/index.ts";
export type { DanfoDataFrame, DanfoSeries, DanfoDtype, DanfoToArrowOptions, DanfoColumnInput } from "./adapters/danfo/index.ts";
