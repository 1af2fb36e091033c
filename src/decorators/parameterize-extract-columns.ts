/**
 * `parameterizeExtractColumns`: Hamilton's `@parameterize_extract_columns`, `parameterize` then
 * `extractColumns`. Each `ParameterizedExtract` calls the function with its own bindings, as a
 * node `<fn>__<i>` (i counting from 0, as Hamilton names them) returning a table, and splits that
 * table into one node per listed column. As in Hamilton the table's columns are renamed, by
 * position, to the listed names (`reassignColumns: false` reads them by name instead).
 */
import { describeArgument, FuncflowError, isPlainRecord, optionKeys } from "../errors/index.ts";
import { describeValue, type ColumnarAdapter } from "../columnar/index.ts";
import { type NodeSpec, applyModifier, isThenable, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { bindParameters, rejectReservedParameter, templateDoc, unboundParameters, type Bindings } from "./bind-parameters.ts";
import { dependencyProblem } from "./dependency.ts";
import { columnNodes, readColumns, withFrameAdapter, type ColumnSpec } from "./extract-columns.ts";
import { finalNodes, groupOf } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";
import { configKeysOf } from "./parameterize.ts";

/**
 * One parameterization: the columns its table is split into, and the parameters it binds. It is
 * made apart from the function, so the compiler cannot check a `value(…)` against the parameter
 * it binds; `funcflow build` (or `withTypeCheck()`) does.
 */
export class ParameterizedExtract {
  /**
   * @param outputs the column nodes, in the table's column order (names, or `[name, doc]` pairs)
   * @param inputMapping parameter → `source(…)`, `value(…)`, `group(…)` or `configuration(…)`
   * @example new ParameterizedExtract(["usTotal", "usMean"], { sales: source("usSales") })
   */
  constructor(
    readonly outputs: readonly ColumnSpec[],
    readonly inputMapping: Bindings,
  ) {}
}

/** Options of `parameterizeExtractColumns`, given before the parameterizations. */
export interface ParameterizeExtractColumnsOptions {
  /** Rename the table's columns, by position, to each parameterization's outputs (default true, as Hamilton). */
  readonly reassignColumns?: boolean;
  /** The adapter that reads the frames (default: Arrow); e.g. `danfoAdapter` from `funcflow/danfo`. */
  readonly adapter?: ColumnarAdapter;
}

/** The keys of ParameterizeExtractColumnsOptions, checked against the interface by the compiler. */
export const PARAMETERIZE_EXTRACT_COLUMNS_OPTION_KEYS = optionKeys<ParameterizeExtractColumnsOptions>({ reassignColumns: true, adapter: true });

interface Extract {
  readonly columns: readonly (readonly [string, string | undefined])[];
  readonly bindings: Bindings;
}

/**
 * One table node `<fn>__<i>` per parameterization, each split into its listed column nodes.
 * @throws FuncflowError `invalid_modifier` at build for no parameterization, an argument that is
 *   not a `ParameterizedExtract`, an empty or malformed column list, a binding that is not a
 *   dependency spec or names no parameter, a column listed twice, or an unknown option; at run
 *   time `invalid_argument` naming the table node when its column count differs from the outputs
 *   (with `reassignColumns`), `missing_column` naming the column (without it), and `type_mismatch`
 *   when the value is not a table the adapter reads.
 * @example
 * export const stats = parameterizeExtractColumns(
 *   new ParameterizedExtract(["usTotal", "usMean"], { sales: source("usSales") }),
 *   new ParameterizedExtract(["euTotal", "euMean"], { sales: source("euSales") }),
 *   (sales: Vector<Float64>) => tableFromArrays({ total: [sum(sales)], mean: [mean(sales)] }),
 * );
 */
export function parameterizeExtractColumns<F extends NodeFunction>(...args: readonly [...ParameterizedExtract[], F]): F;
export function parameterizeExtractColumns<F extends NodeFunction>(...args: readonly [ParameterizeExtractColumnsOptions, ...ParameterizedExtract[], F]): F;
export function parameterizeExtractColumns<F extends NodeFunction>(...args: readonly unknown[]): F {
  const fn = args[args.length - 1] as F;
  const hasOptions = args.length > 1 && !(args[0] instanceof ParameterizedExtract) && isPlainRecord(args[0]);
  const options = (hasOptions ? args[0] : {}) as ParameterizeExtractColumnsOptions;
  const { extracts, problem } = readExtracts(args.slice(hasOptions ? 1 : 0, -1));
  const modifier: NodeModifier = {
    kind: "parameterizeExtractColumns",
    phase: "expand",
    repeatable: false,
    configKeys: extracts.flatMap((extract) => configKeysOf(Object.values(extract.bindings))),
    ...((problem ?? optionsProblemOf(options)) && { problem: problem ?? optionsProblemOf(options) }),
    apply: (nodes, context) => expand(nodes, extracts, options, context),
  };
  return applyModifier(modifier, fn);
}

function optionsProblemOf(options: ParameterizeExtractColumnsOptions): string | undefined {
  const kind = "parameterizeExtractColumns";
  if (options.reassignColumns !== undefined && typeof options.reassignColumns !== "boolean") {
    return `${kind}: reassignColumns must be true or false, got ${describeArgument(options.reassignColumns)}`;
  }
  if (options.adapter !== undefined && typeof options.adapter?.getColumn !== "function") return `${kind}: adapter must be a columnar adapter such as danfoAdapter`;
  return optionsProblem(kind, options, PARAMETERIZE_EXTRACT_COLUMNS_OPTION_KEYS);
}

function readExtracts(given: readonly unknown[]): { extracts: Extract[]; problem?: string } {
  const kind = "parameterizeExtractColumns";
  if (given.length === 0) {
    return { extracts: [], problem: `${kind} has no parameterization; pass at least one new ParameterizedExtract(["colA", "colB"], { param: source("node") }) before the function` };
  }
  const extracts: Extract[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of given.entries()) {
    const where = `${kind}: parameterization ${index}`;
    if (!(entry instanceof ParameterizedExtract)) {
      return { extracts, problem: `${where} must be a new ParameterizedExtract(["colA", "colB"], { param: source("node") }), got ${describeArgument(entry)}` };
    }
    const columns = readColumns(entry.outputs);
    if (columns === undefined || columns.length === 0) {
      return { extracts, problem: `${where}: outputs must be a non-empty list of column names (or [name, doc] pairs), e.g. ["usTotal", "usMean"]` };
    }
    if (!isPlainRecord(entry.inputMapping)) {
      return { extracts, problem: `${where}: inputMapping must be a record of parameter → source(…)/value(…), got ${describeArgument(entry.inputMapping)}` };
    }
    for (const [param, dependency] of Object.entries(entry.inputMapping)) {
      const problem = dependencyProblem(dependency, `parameterization ${index}, parameter "${param}"`);
      if (problem) return { extracts, problem: `${kind}: ${problem}` };
    }
    for (const [name] of columns) {
      const earlier = seen.get(name);
      if (earlier === index) return { extracts, problem: `${where} lists column "${name}" twice; each column node needs its own name` };
      if (earlier !== undefined) {
        return { extracts, problem: `${where} lists column "${name}", which parameterization ${earlier} lists too; each column node needs its own name` };
      }
      seen.set(name, index);
    }
    extracts.push({ columns, bindings: entry.inputMapping as Bindings });
  }
  return { extracts };
}

function expand(nodes: readonly NodeSpec[], extracts: readonly Extract[], options: ParameterizeExtractColumnsOptions, context: ModifierContext): readonly NodeSpec[] {
  const kind = "parameterizeExtractColumns";
  const targets = finalNodes(nodes);
  if (targets.length !== 1) {
    context.fail(`${kind} expands one node, but this function makes ${targets.length} (${targets.map((n) => `"${n.name}"`).join(", ")}). Put ${kind} nearer the function than the modifier that makes several nodes.`);
  }
  const [node] = targets as [NodeSpec];
  rejectReservedParameter(node, context, kind);
  const group = groupOf(node, context);
  const reassign = options.reassignColumns ?? true;
  const declared = context.entry.returnColumns;
  const expanded = extracts.flatMap((extract, index): NodeSpec[] => {
    const name = `${node.name}__${index}`;
    const { fn, params } = bindParameters(node, extract.bindings, context, `${kind} (parameterization ${index})`);
    const outputs = extract.columns.map(([column]) => column);
    const table: NodeSpec = {
      ...node,
      name,
      fn: reassign ? reassignColumns(fn, name, outputs, options.adapter) : fn,
      params,
      doc: templateDoc(node.doc, name, extract.bindings, unboundParameters(node, extract.bindings)),
      group,
    };
    // Renamed by position, a column has the type of the declared column at its position.
    const typeOf = (column: string, position: number) => (reassign ? declared?.[position]?.type : declared?.find((c) => c.name === column)?.type);
    return [table, ...columnNodes(table, extract.columns, { ...(options.adapter !== undefined && { adapter: options.adapter }) }, typeOf)];
  });
  return nodes.flatMap((other) => (other === node ? expanded : [other]));
}

/** The function with its table's columns renamed, by position, to `outputs` (Hamilton's `df.columns = outputs`). */
function reassignColumns(fn: NodeSpec["fn"], node: string, outputs: readonly string[], given: ColumnarAdapter | undefined): NodeSpec["fn"] {
  const rename = (frame: unknown) =>
    withFrameAdapter(given, (adapter) => {
      if (!adapter.isFrame(frame)) {
        throw new FuncflowError(
          "type_mismatch",
          `parameterizeExtractColumns: "${node}" returned ${describeValue(frame)}, not a table the ${adapter.name} adapter reads. Return ${adapter.name === "arrow" ? "an Arrow Table" : `a ${adapter.name} frame`}, or pass { adapter } for your frame library.`,
          { node, details: { adapter: adapter.name } },
        );
      }
      const names = adapter.columnNames(frame);
      if (names.length !== outputs.length) {
        throw new FuncflowError(
          "invalid_argument",
          `parameterizeExtractColumns: "${node}" returned a table of ${names.length} column(s) (${names.map((n) => `"${n}"`).join(", ")}), but its outputs name ${outputs.length} (${outputs.map((n) => `"${n}"`).join(", ")}); columns are renamed to the outputs by position. Return one column per output, or pass { reassignColumns: false } to read the columns by name.`,
          { node, details: { columns: [...names], outputs: [...outputs] } },
        );
      }
      return adapter.buildFrame(names.map((name, i) => [outputs[i]!, adapter.getColumn(frame, name)] as const), `parameterizeExtractColumns(${node})`);
    });
  const call = fn as (...args: unknown[]) => unknown;
  return ((...args: unknown[]) => {
    const result = call(...args);
    return isThenable(result) ? Promise.resolve(result).then(rename) : rename(result);
  }) as NodeSpec["fn"];
}
