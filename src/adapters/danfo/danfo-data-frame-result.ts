import { frameResult, type ResultBuilder } from "../../results/index.ts";
import { danfoAdapter } from "./danfo-adapter.ts";
import type { DanfoDataFrame } from "./danfo-types.ts";

/**
 * Puts the requested outputs in one danfo DataFrame: columns in request order; scalars
 * broadcast to the frame's length; a DataFrame output flattened into `output.column` columns; a
 * single DataFrame output returned as is; only scalars → a one-row frame. Series, Arrow vectors,
 * typed arrays and arrays are all accepted as columns; an Arrow Table output is not (convert it
 * with `tableToDataFrame`).
 * @throws FuncflowError `length_mismatch` (`details.lengths` maps each column to its length);
 *   `type_mismatch` for an output that is not a column, DataFrame or scalar (`details.column`);
 *   `invalid_argument` when a flattened name repeats another column's name.
 * @example
 * const driver = new Builder().withModules(pipeline).withResultBuilder(danfoDataFrameResult).build();
 * const frame = await driver.execute(["price", "discount"]);
 */
export const danfoDataFrameResult: ResultBuilder<DanfoDataFrame> = frameResult(danfoAdapter, "danfoDataFrameResult");
