import { DataFrame } from "danfojs-node";
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
 * @example dataFrameFromColumns(["1", "a"], [{ values: [1, 2] }, { values: ["x", "y"] }]).columns; // ["1", "a"]
 */
export function dataFrameFromColumns(names: readonly string[], columns: readonly DanfoColumnInput[]): DanfoDataFrame {
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
