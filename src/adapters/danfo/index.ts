/** The Danfo.js bridge: DataFrames and Series to and from Arrow, the Danfo columnar adapter and result builder. */
export { danfoAdapter } from "./danfo-adapter.ts";
export { danfoDataFrameResult } from "./danfo-data-frame-result.ts";
export { seriesToVector } from "./series-to-vector.ts";
export { vectorToSeries } from "./vector-to-series.ts";
export { dataFrameToTable } from "./data-frame-to-table.ts";
export { tableToDataFrame } from "./table-to-data-frame.ts";
export { dataFrameFromColumns } from "./data-frame-from-columns.ts";
export type { DanfoColumnInput } from "./data-frame-from-columns.ts";
export { isDanfoDataFrame } from "./is-danfo-data-frame.ts";
export { isDanfoSeries } from "./is-danfo-series.ts";
export type { DanfoDataFrame, DanfoSeries, DanfoDtype, DanfoToArrowOptions } from "./danfo-types.ts";
