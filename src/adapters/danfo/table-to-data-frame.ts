import type { Table } from "apache-arrow";
import { requireArrowTable } from "../arrow/index.ts";
import type { DanfoDataFrame } from "./danfo-types.ts";
import { dataFrameFromCheckedColumns } from "./data-frame-from-columns.ts";
import { vectorToDanfoValues } from "./vector-to-danfo-values.ts";

/**
 * A danfo DataFrame holding an Arrow Table's columns, in order. Each column is copied once into
 * the plain array danfo needs (nulls → `NaN` in number columns, `null` elsewhere); the dtypes are
 * passed to danfo, which then skips its own type inference.
 * @throws FuncflowError `type_mismatch` for nested Arrow types.
 * @example tableToDataFrame(tableFromArrays({ a: new Float64Array([1, 2]) })).shape; // [2, 1]
 */
export function tableToDataFrame(table: Table): DanfoDataFrame {
  requireArrowTable("tableToDataFrame", "table", table);
  const names = table.schema.fields.map((field) => field.name);
  const columns = names.map((name, index) => vectorToDanfoValues(table.getChildAt(index)!, name));
  return dataFrameFromCheckedColumns(names, columns);
}
