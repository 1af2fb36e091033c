import { Table, type Vector } from "apache-arrow";
import { invalidArgument, requireOptions } from "../../errors/index.ts";
import { danfoValuesToVector } from "./danfo-values-to-vector.ts";
import { isDanfoDataFrame } from "./is-danfo-data-frame.ts";
import { DANFO_TO_ARROW_OPTION_KEYS, type DanfoDataFrame, type DanfoToArrowOptions } from "./danfo-types.ts";

/**
 * An Arrow Table holding a danfo DataFrame's columns, in order. Reads danfo's column-major
 * arrays directly (no Series is built per column); each number column is copied once into a
 * Float64Array. Missing values map as in {@link seriesToVector}.
 * @throws FuncflowError `type_mismatch` when a column mixes kinds.
 * @example dataFrameToTable(new DataFrame({ a: [1, NaN] })).getChild("a")?.nullCount; // 1
 */
export function dataFrameToTable(frame: DanfoDataFrame, options: DanfoToArrowOptions = {}): Table {
  if (!isDanfoDataFrame(frame)) throw invalidArgument("dataFrameToTable", "frame", frame, "a danfo DataFrame such as new DataFrame({ a: [1, 2] })");
  requireOptions("dataFrameToTable", "options", options, DANFO_TO_ARROW_OPTION_KEYS, "{ nanAsNull: false }");
  const names = frame.columns;
  if (names.length === 0) return new Table();
  const columnData = columnMajorData(frame);
  const byName = Object.create(null) as Record<string, Vector>;
  names.forEach((name, index) => {
    byName[name] = danfoValuesToVector(columnData[index] ?? [], name, options);
  });
  // An object orders integer-like keys first; select() restores the frame's order without copying.
  return new Table(byName).select([...names]);
}

/** Danfo keeps a column-major copy (`getColumnData`) unless in low-memory mode, where it transposes. */
function columnMajorData(frame: DanfoDataFrame): readonly unknown[][] {
  if (frame.shape[0] === 0) return frame.columns.map(() => []);
  return frame.getColumnData as unknown[][];
}
