import type { ColumnarAdapter, NamedColumn } from "../columnar/index.ts";
import type { ResultBuilder } from "./result-builder.ts";

/**
 * A result builder that puts the requested outputs in one frame of `adapter`'s library:
 * - columns appear in request order; scalars are broadcast to the frame's length;
 * - a requested frame is flattened into `output.column` columns;
 * - a single requested frame is returned as is;
 * - when every output is a scalar, the frame has one row.
 * @param name Names the builder in messages.
 * @throws FuncflowError (from `build`) `length_mismatch` naming each column and its length;
 *   `type_mismatch` for an output that is neither a column, a frame nor a scalar;
 *   `invalid_argument` when a flattened name repeats another column's name.
 * @example const tableResult = frameResult(arrowAdapter, "arrowTableResult");
 */
export function frameResult<Frame, Column>(adapter: ColumnarAdapter<Frame, Column>, name: string): ResultBuilder<Frame> {
  return Object.freeze({
    name,
    build(outputs: Readonly<Record<string, unknown>>, requested: readonly string[]): Frame {
      if (requested.length === 1) {
        const only = outputs[requested[0]!];
        if (adapter.isFrame(only)) return only;
      }
      const columns: NamedColumn[] = [];
      for (const output of requested) {
        const value = outputs[output];
        if (!adapter.isFrame(value)) {
          columns.push([output, value]);
          continue;
        }
        for (const column of adapter.columnNames(value)) {
          columns.push([`${output}.${column}`, adapter.getColumn(value, column)]);
        }
      }
      return adapter.buildFrame(columns, name);
    },
    emptyResult: (): Frame => adapter.buildFrame([], name),
  });
}
