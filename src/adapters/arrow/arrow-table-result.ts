import type { Table } from "apache-arrow";
import { arrowAdapter } from "./arrow-adapter.ts";
import { frameResult, type ResultBuilder } from "../../results/index.ts";

/**
 * Puts the requested outputs in one Arrow Table: columns in request order; scalars broadcast to
 * the table's length; a Table output flattened into `output.column` columns; a single Table
 * output returned as is; only scalars → a one-row table. Typed arrays are wrapped, not copied.
 * @throws FuncflowError `length_mismatch` (`details.lengths` maps each column to its length);
 *   `type_mismatch` for an output that is not a column, Table or scalar (`details.column`);
 *   `invalid_argument` when a flattened name repeats another column's name.
 * @example
 * const driver = new Builder().withModules(pipeline).withResultBuilder(arrowTableResult).build();
 * const table = await driver.execute(["price", "discount"]);
 */
export const arrowTableResult: ResultBuilder<Table> = frameResult(arrowAdapter, "arrowTableResult");
