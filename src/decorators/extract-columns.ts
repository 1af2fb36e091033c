/**
 * `extractColumns`: a node returning a table (an Arrow Table, or any frame a columnar adapter
 * reads) exposes chosen columns as nodes named exactly as the columns. Columns are read through
 * the one `ColumnarAdapter` interface; the Arrow adapter is the default, loaded on first use so
 * the root entry never imports apache-arrow.
 */
import { FuncflowError, optionKeys } from "../errors/index.ts";
import { describeValue, type ColumnarAdapter } from "../columnar/index.ts";
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { isScalarOrArrayType, isScalarType, singleFinal } from "./extract-fields.ts";
import { groupOf } from "./node-targets.ts";
import type { ColumnNameOf } from "./typed-bindings.ts";
import { optionsProblem } from "./options-problem.ts";

/** A column name, or `[name, doc]`; `Name` narrows names to the columns a table type has. */
export type ColumnSpec<Name extends string = string> = Name | readonly [name: Name, doc: string];

/** Options of `extractColumns`. */
export interface ExtractColumnsOptions {
  /** A missing column becomes a column of this value (as long as the table) instead of failing. */
  readonly fillWith?: unknown;
  /** The adapter that reads the frames (default: Arrow); e.g. `danfoAdapter` from `funcflow/danfo`. */
  readonly adapter?: ColumnarAdapter;
}

/** The keys of ExtractColumnsOptions, checked against the interface by the compiler. */
export const EXTRACT_COLUMNS_OPTION_KEYS = optionKeys<ExtractColumnsOptions>({ fillWith: true, adapter: true });

let defaultAdapter: ColumnarAdapter | undefined;
let loadingDefault: Promise<ColumnarAdapter> | undefined;

/**
 * Loads the Arrow adapter when the first column is read, never when the modifier is made: a
 * load started by a module's top level would outlive whatever imported it (a test file, a
 * short script) and fail there. Only that first read waits for it.
 */
function loadDefaultAdapter(): Promise<ColumnarAdapter> {
  loadingDefault ??= import("../adapters/arrow/index.ts").then((arrow) => (defaultAdapter = arrow.arrowAdapter as ColumnarAdapter));
  return loadingDefault;
}

/**
 * One node per listed column of the table the function returns; the table node stays. When
 * the function declares a typed Arrow `Table<{ … }>` (or a record type), a column it lacks is a
 * compile error.
 * @throws FuncflowError `invalid_modifier` at build for an empty or malformed column list; at run
 *   time `missing_column` naming the column and the columns that exist (unless `fillWith`), or
 *   `type_mismatch` when the value is not a frame the adapter reads.
 * @example export const salesTable = extractColumns(["region", ["amount", "Sale amount in USD."]], (path: string) => loadSales(path));
 */
export function extractColumns<F extends NodeFunction>(columns: readonly ColumnSpec<ColumnNameOf<F>>[], fn: F): F;
export function extractColumns<F extends NodeFunction>(columns: readonly ColumnSpec<ColumnNameOf<F>>[], options: ExtractColumnsOptions, fn: F): F;
export function extractColumns<F extends NodeFunction>(columns: readonly ColumnSpec[], ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const options = (rest.length > 1 ? rest[0] : {}) as ExtractColumnsOptions;
  const list = readColumns(columns);
  const problem =
    list === undefined || list.length === 0
      ? `extractColumns: the first argument must be a non-empty list of column names (or [name, doc] pairs), e.g. ["region", "amount"]`
      : options?.adapter !== undefined && typeof options.adapter?.getColumn !== "function"
        ? "extractColumns: adapter must be a columnar adapter such as danfoAdapter"
        : optionsProblem("extractColumns", options, EXTRACT_COLUMNS_OPTION_KEYS);
  const modifier: NodeModifier = {
    kind: "extractColumns",
    phase: "transform",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const node = singleFinal(nodes, context, "extractColumns");
      // A custom adapter may read arrays of records as frames; the Arrow default never does.
      if (options?.adapter === undefined ? isScalarOrArrayType(node.type) : isScalarType(node.type)) {
        context.fail(`extractColumns splits a table into columns, but "${node.name}" is declared to return ${node.type}. Return a table (an Arrow Table, or a frame with { adapter }) or remove extractColumns.`);
      }
      const group = groupOf(node, context);
      // The scanner read the declared table's column types; a table it could not read says nothing.
      const made = columnNodes({ ...node, group }, list ?? [], options ?? {}, (name) => context.entry.returnColumns?.find((column) => column.name === name)?.type);
      return nodes.flatMap((other) => (other === node ? [{ ...node, group }, ...made] : [other]));
    },
  };
  return applyModifier(modifier, fn);
}

/** The type text of an Arrow table's column whose type the table's declaration does not give. */
export const UNTYPED_ARROW_COLUMN = "Vector";

/**
 * One node per column of `table`'s value, named as the column and reading it through the adapter;
 * `typeOf` gives a column's declared type (by name and position) when the table's type is known.
 * Shared with `parameterizeExtractColumns`, which extracts from each parameterized table, and
 * `withColumns`, whose column nodes are `nodeName(column)` (`<ns>.<column>`) and whose errors
 * start with its `kind`.
 * @example columnNodes(tableSpec, [["region", undefined]], {}, () => undefined); // [spec of node "region"]
 */
export function columnNodes(
  table: NodeSpec,
  columns: readonly (readonly [string, string | undefined])[],
  options: ExtractColumnsOptions,
  typeOf: (name: string, index: number) => string | undefined,
  { kind = "extractColumns", nodeName = (column: string) => column }: { readonly kind?: string; readonly nodeName?: (column: string) => string } = {},
): NodeSpec[] {
  return columns.map(([name, doc], index): NodeSpec => ({
    ...table,
    name: nodeName(name),
    fn: columnReader(table.name, name, nodeName(name), options, kind) as NodeSpec["fn"],
    params: [{ name: table.name, type: table.type, optional: false }],
    // As Hamilton types a column as the frame's series type: an Arrow table's column is a
    // `Vector` even when the table's column types are not declared (`serve` serves it as an
    // array of undeclared Arrow values); another adapter's column type is not known.
    type: typeOf(name, index) ?? (options.adapter === undefined ? UNTYPED_ARROW_COLUMN : "unknown"),
    // As Hamilton: a column without its own doc takes the table's (fn__0's filled template for parameterizeExtractColumns).
    doc: doc ?? table.doc ?? `The "${name}" column of ${table.name}.`,
    isAsync: false,
    schema: undefined,
  }));
}

/**
 * Runs `use` with the adapter: `given`, else the Arrow adapter, synchronously once it has loaded
 * (only the first read of a process waits for it).
 * @example withFrameAdapter(undefined, (adapter) => adapter.columnNames(table)); // ["a", "b"] (or a promise of it, the first time)
 */
export function withFrameAdapter<T>(given: ColumnarAdapter | undefined, use: (adapter: ColumnarAdapter) => T): T | Promise<T> {
  if (given !== undefined) return use(given);
  return defaultAdapter !== undefined ? use(defaultAdapter) : loadDefaultAdapter().then(use);
}

/**
 * The column list as `[name, doc]` pairs, or undefined when it is not a list of names and pairs.
 * @example readColumns(["a", ["b", "The b column."]]); // [["a", undefined], ["b", "The b column."]]
 */
export function readColumns(columns: readonly ColumnSpec[]): [string, string | undefined][] | undefined {
  if (!Array.isArray(columns)) return undefined;
  const list = columns.map((column): [string, string | undefined] | undefined => {
    if (typeof column === "string" && column !== "") return [column, undefined];
    if (Array.isArray(column) && column.length === 2 && typeof column[0] === "string" && typeof column[1] === "string") return [column[0], column[1]];
    return undefined;
  });
  return list.every((entry) => entry !== undefined) ? (list as [string, string | undefined][]) : undefined;
}

function columnReader(source: string, column: string, node: string, options: ExtractColumnsOptions, kind: string): (frame: unknown) => unknown {
  const fill = Object.hasOwn(options, "fillWith") ? { fill: options.fillWith } : undefined;
  const read = (adapter: ColumnarAdapter, frame: unknown) => {
    if (!adapter.isFrame(frame)) {
      throw new FuncflowError(
        "type_mismatch",
        `${kind}: the value of "${source}" is ${describeValue(frame)}, not a table the ${adapter.name} adapter reads. Return ${adapter.name === "arrow" ? "an Arrow Table" : `a ${adapter.name} frame`}, or pass { adapter } for your frame library (e.g. danfoAdapter from funcflow/danfo).`,
        { node, details: { source, adapter: adapter.name } },
      );
    }
    return adapter.getColumn(frame, column, fill);
  };
  return (frame) => withFrameAdapter(options.adapter, (adapter) => read(adapter, frame));
}
