import { Table, type Vector } from "apache-arrow";
import { commonColumnLength, isScalarValue, missingColumnError, type ColumnarAdapter, type GetColumnOptions, type NamedColumn } from "../../columnar/index.ts";
import { isArrowTable } from "./is-arrow-table.ts";
import { isArrowVector } from "./is-arrow-vector.ts";
import { repeatScalarVector } from "./repeat-scalar-vector.ts";
import { toVector } from "./to-vector.ts";

/**
 * The columnar adapter for Apache Arrow: frames are Tables, columns are Vectors. Reading a
 * column never copies (`table.getChild`); building a table wraps typed arrays without copying.
 * @example
 * const table = arrowAdapter.buildFrame([["x", new Float64Array([1, 2])], ["k", 0]]);
 * arrowAdapter.getColumn(table, "k").toArray(); // Float64Array [0, 0]
 */
export const arrowAdapter: ColumnarAdapter<Table, Vector> = Object.freeze({
  name: "arrow",
  isFrame: isArrowTable,
  isColumn: isArrowVector,
  columnNames(table: Table): readonly string[] {
    return table.schema.fields.map((field) => field.name);
  },
  getColumn(table: Table, name: string, options?: GetColumnOptions): Vector {
    const column = table.schema.fields.some((field) => field.name === name) ? table.getChild(name) : null;
    if (column) return column;
    if (options && Object.hasOwn(options, "fill")) return repeatScalarVector(options.fill, table.numRows, name);
    throw missingColumnError("arrowAdapter.getColumn", name, arrowAdapter.columnNames(table));
  },
  frameLength: (table: Table): number => table.numRows,
  columnLength: (column: Vector): number => column.length,
  buildFrame: tableFromNamedColumns,
});

/** Builds the table: convert columns first (so type errors come before length errors), then broadcast. */
function tableFromNamedColumns(columns: readonly NamedColumn[], where = "arrowAdapter.buildFrame"): Table {
  const vectors = columns.map(([name, value]) => (isScalarValue(value) ? undefined : toVector(value, name, where)));
  const length = commonColumnLength(
    where,
    columns.map(([name], index) => ({ name, length: vectors[index]?.length })),
  );
  if (columns.length === 0) return new Table();
  const byName = Object.create(null) as Record<string, Vector>; // a "__proto__" column stays a column
  columns.forEach(([name, value], index) => {
    byName[name] = vectors[index] ?? repeatScalarVector(value, length, name);
  });
  // An object orders integer-like keys first; select() restores the requested order without copying.
  return new Table(byName).select(columns.map(([name]) => name));
}
