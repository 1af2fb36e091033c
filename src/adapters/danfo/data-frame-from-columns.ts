import { DataFrame } from "danfojs-node";
import { invalidArgument, requireArray } from "../../errors/index.ts";
import { commonColumnLength } from "../../columnar/index.ts";
import type { DanfoDataFrame, DanfoDtype } from "./danfo-types.ts";

/** One column for {@link dataFrameFromColumns}: plain values and, when known, danfo's dtype. */
export interface DanfoColumnInput {
  readonly values: readonly unknown[];
  readonly dtype?: DanfoDtype | undefined;
}

/**
 * A danfo DataFrame from equal-length column arrays, in the given order. When every column's
 * dtype is known it is passed on and danfo skips type inference (half the construction time).
 * Danfo stores rows, so it is given rows: its object constructor would reorder integer-like
 * column names and throws on zero rows.
 * @throws FuncflowError `invalid_argument` for names or columns of the wrong shape or a repeated
 *   name; `length_mismatch` naming each column's length when they differ.
 * @example dataFrameFromColumns(["1", "a"], [{ values: [1, 2] }, { values: ["x", "y"] }]).columns; // ["1", "a"]
 */
export function dataFrameFromColumns(names: readonly string[], columns: readonly DanfoColumnInput[]): DanfoDataFrame {
  requireArray("dataFrameFromColumns", "names", names, 'an array of column names such as ["price", "qty"]');
  const badName = names.findIndex((name: unknown) => typeof name !== "string");
  if (badName >= 0) throw invalidArgument("dataFrameFromColumns", `names[${badName}]`, names[badName], 'a column name (a string) such as "price"');
  requireArray("dataFrameFromColumns", "columns", columns, "one { values, dtype } per name");
  if (columns.length !== names.length) throw invalidArgument("dataFrameFromColumns", "columns", columns, `one column per name (${names.length})`, `Got ${columns.length}.`);
  const bad = columns.findIndex((column: unknown) => typeof column !== "object" || column === null || !isValueList((column as DanfoColumnInput).values));
  if (bad >= 0) throw invalidArgument("dataFrameFromColumns", `columns[${bad}]`, columns[bad], '{ values, dtype } such as { values: [1, 2], dtype: "float32" }');
  // A shorter column used to be padded with undefined, silently.
  commonColumnLength("dataFrameFromColumns", names.map((name, index) => ({ name, length: columns[index]!.values.length })));
  return dataFrameFromCheckedColumns(names, columns);
}

/**
 * dataFrameFromColumns for callers whose columns are known to be well formed and of one length
 * (the adapter's buildFrame has measured them, an Arrow Table's are): no second pass over them.
 */
export function dataFrameFromCheckedColumns(names: readonly string[], columns: readonly DanfoColumnInput[]): DanfoDataFrame {
  if (names.length === 0) return new DataFrame();
  const length = columns[0]?.values.length ?? 0;
  const rows = new Array<unknown[]>(length);
  for (let row = 0; row < length; row++) {
    const values = new Array<unknown>(columns.length);
    for (let column = 0; column < columns.length; column++) values[column] = columns[column]!.values[row];
    rows[row] = values;
  }
  const dtypes = columns.map((column) => column.dtype);
  const allKnown = dtypes.every((dtype): dtype is DanfoDtype => dtype !== undefined);
  return new DataFrame(rows, allKnown ? { columns: [...names], dtypes } : { columns: [...names] });
}

function isValueList(values: unknown): boolean {
  return Array.isArray(values) || ArrayBuffer.isView(values);
}
