import type { Table } from "apache-arrow";
import { describeArgument, FuncflowError } from "../../errors/index.ts";
import { isArrowTable } from "./is-arrow-table.ts";

/**
 * Asserts an Arrow Table argument. `type_mismatch`, as for a kernel given a non-vector: the
 * value has the wrong columnar type, and the fix is to convert it.
 * @throws FuncflowError `type_mismatch` naming the function and the argument.
 * @example requireArrowTable("tableToCsv", "table", value);
 */
export function requireArrowTable(where: string, argument: string, value: unknown): asserts value is Table {
  if (isArrowTable(value)) return;
  throw new FuncflowError(
    "type_mismatch",
    `${where}: ${argument} must be an Arrow Table, got ${describeArgument(value)}. Convert it first (e.g. tableFromArrays from apache-arrow, or dataFrameToTable from funcflow/danfo).`,
    { details: { function: where, argument, got: describeArgument(value) } },
  );
}
