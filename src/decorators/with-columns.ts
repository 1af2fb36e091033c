/**
 * `withColumns`: Hamilton's `@with_columns` (pandas and polars plugins) over tables. Column
 * functions from modules, or listed by name, run as a namespaced part of the graph on the columns of the table the
 * decorated function takes; the columns they compute are appended to that table (a column of the
 * same name is replaced) before the function receives it. Nodes, as Hamilton names them:
 * `<ns>.<column>` per passed column, `<ns>.<name>` per column function, `<ns>._append` (the
 * table with the columns added), and the function's own node, reading `<ns>._append`.
 */
import { describeArgument, didYouMean, FuncflowError, isPlainRecord, optionKeys, suggestNames } from "../errors/index.ts";
import { describeValue, type ColumnarAdapter } from "../columnar/index.ts";
import { type ModuleSource, type NodeParam, type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, reachable } from "../graph/index.ts";
import { columnNodes, withFrameAdapter } from "./extract-columns.ts";
import { finalNodes } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";
import { listedFunctionsProblem, moduleSourcesProblem, partsProblem, type SubdagModifier, type SubgraphContext } from "./subdag.ts";

/** Options of `withColumns`. */
export interface WithColumnsOptions {
  /** The modules of column functions: URLs, paths or prebuilt modules, as `withModules` takes. */
  readonly modules?: readonly ModuleSource[];
  /**
   * Column functions by name, declared in this module (exported or not) or imported from another
   * (Hamilton's `@with_columns(f1, f2)`); combine with `modules` freely, at least one is needed.
   */
  readonly functions?: readonly NodeFunction[];
  /** Columns of the table that become nodes `<ns>.<column>`, read by the column functions' parameters of those names. */
  readonly columnsToPass?: readonly string[];
  /** The column functions read the whole table under this parameter name (a node `<ns>.<name>`). */
  readonly passDataframeAs?: string;
  /** The table parameter of the decorated function (default: its first); alone, the column functions read the table by this name. */
  readonly onInput?: string;
  /** The computed columns to append, in order (default: every column function returning a vector or typed array). */
  readonly select?: readonly string[];
  /** Prefix of the nodes made (default: the decorated function's node name). */
  readonly namespace?: string;
  /** The adapter that reads and builds the frames (default: Arrow); e.g. `danfoAdapter` from `funcflow/danfo`. */
  readonly adapter?: ColumnarAdapter;
}

/** The keys of WithColumnsOptions, checked against the interface by the compiler. */
export const WITH_COLUMNS_OPTION_KEYS = optionKeys<WithColumnsOptions>({
  modules: true, functions: true, columnsToPass: true, passDataframeAs: true, onInput: true, select: true, namespace: true, adapter: true,
});

/** Declared types that hold a column: an Arrow `Vector<…>` or a typed array (Hamilton's "the frame's column type"). */
const COLUMN_TYPE = /^(?:[\w$]+\.)?(?:Vector\b|(?:Float32|Float64|Int8|Int16|Int32|Uint8|Uint8Clamped|Uint16|Uint32|BigInt64|BigUint64)Array\b)/;

/**
 * Appends the columns that the column functions (of `modules`, and `functions`) compute to the table the function takes.
 * @throws FuncflowError `invalid_modifier` at build for a misuse (see `withColumnsProblem`: no modules
 *   nor functions, a functions entry that is not a function or is listed twice), a functions entry the
 *   scanner cannot tie to a declaration (`makeFn()`, `...list`, `obj.f`), a
 *   table parameter the function lacks, a column passed twice, a passed column a column function also defines, or a
 *   `select` naming no column function; at run time (as `node_failed` of `<ns>._append` or of a
 *   column node) `type_mismatch` for a value that is not a table, `missing_column` for a passed
 *   column the table lacks, and `length_mismatch` for a computed column of another length.
 * @example
 * export const finalDf = withColumns(
 *   { modules: [new URL("./my-functions.ts", import.meta.url)], columnsToPass: ["spend", "signups"], select: ["spendPerSignup"] },
 *   (initialDf: Table) => initialDf,
 * );
 * // Column functions by name instead of (or beside) modules: declared here or imported.
 * export const withRatio = withColumns({ functions: [spendPerSignup], columnsToPass: ["spend", "signups"] }, (initialDf: Table) => initialDf);
 */
export function withColumns<F extends NodeFunction>(options: WithColumnsOptions, fn: F): F {
  const problem = withColumnsProblem(options);
  const modifier: SubdagModifier = {
    kind: "withColumns",
    phase: "inject",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    moduleSources: problem === undefined ? (options.modules ?? []) : [],
    listedFunctions: problem === undefined ? (options.functions ?? []) : [],
    apply: (nodes, context) => inject(nodes, options, context),
  };
  return applyModifier(modifier, fn);
}

const nameList = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((name) => typeof name === "string" && name !== "");
const isName = (value: unknown): value is string => typeof value === "string" && value !== "";

/** What is wrong with the options as given, before the graph is built; undefined when nothing. */
function withColumnsProblem(given: WithColumnsOptions): string | undefined {
  const kind = "withColumns";
  // Every option is optional, so the guard would narrow to its own record type: keep the options' type.
  const options = given;
  if (!isPlainRecord(given)) return `${kind}: the first argument must be an options object such as { modules: [new URL("./columns.ts", import.meta.url)], columnsToPass: ["a", "b"] }, got ${describeArgument(options)}`;
  const unknown = optionsProblem(kind, options, WITH_COLUMNS_OPTION_KEYS);
  if (unknown !== undefined) return unknown;
  const parts = partsProblem(kind, options, `{ modules: [new URL("./columns.ts", import.meta.url)] } or { functions: [spendPerSignup] }: the column functions`);
  if (parts !== undefined) return parts;
  const badEntry = moduleSourcesProblem(kind, options.modules ?? []) ?? listedFunctionsProblem(kind, options.functions ?? []);
  if (badEntry !== undefined) return badEntry;
  for (const key of ["columnsToPass", "select"] as const) {
    if (options[key] !== undefined && (!nameList(options[key]) || options[key].length === 0)) return `${kind}: ${key} must be a non-empty list of names, e.g. ["spend", "signups"], got ${describeArgument(options[key])}`;
  }
  for (const key of ["passDataframeAs", "onInput", "namespace"] as const) {
    if (options[key] !== undefined && !isName(options[key])) return `${kind}: ${key} must be a non-empty string, got ${describeArgument(options[key])}`;
  }
  const twice = options.columnsToPass?.find((column, index) => options.columnsToPass!.indexOf(column) !== index);
  if (twice !== undefined) return `${kind}: columnsToPass names "${twice}" twice; each passed column becomes one node <namespace>.${twice}, so name it once`;
  if (options.columnsToPass !== undefined && options.passDataframeAs !== undefined) {
    return `${kind}: give columnsToPass or passDataframeAs, not both: the column functions read either the passed columns or the whole table`;
  }
  if (options.columnsToPass === undefined && options.passDataframeAs === undefined && options.onInput === undefined) {
    return `${kind} needs columnsToPass (the columns the column functions read), passDataframeAs (the name they read the table by) or onInput (the table parameter, read by its own name)`;
  }
  if (options.adapter !== undefined && typeof options.adapter?.buildFrame !== "function") return `${kind}: adapter must be a columnar adapter such as danfoAdapter`;
  return undefined;
}

/** The phases of Hamilton's `with_columns_base.inject_nodes`, over funcflow node specs. */
function inject(nodes: readonly NodeSpec[], options: WithColumnsOptions, context: ModifierContext): readonly NodeSpec[] {
  // 1. The decorated node and its table parameter.
  const targets = finalNodes(nodes);
  if (targets.length !== 1) context.fail(`withColumns feeds one node, but this function makes ${targets.length}.`);
  const [node] = targets as [NodeSpec];
  const table = tableParam(node, options.onInput, context);
  const namespace = options.namespace ?? node.name;
  const subgraph = (context as Partial<SubgraphContext>).resolveModules;
  if (subgraph === undefined) return context.fail("withColumns needs the Builder to load its modules; build the graph with Builder.build().");

  // 2. The column functions, and what they read from the table.
  const functions = options.functions ?? [];
  const members = subgraph.call(context, options.modules ?? [], context.config, functions.length === 0 ? undefined : { modifier: "withColumns", functions }).specs;
  const defined = new Set(members.map((member) => member.name));
  const clash = (options.columnsToPass ?? []).filter((column) => defined.has(column));
  if (clash.length > 0) {
    context.fail(
      `withColumns passes column ${clash.map((c) => `"${c}"`).join(", ")}, which a column function also defines. A passed column cannot be replaced in place: pass the table (passDataframeAs or onInput), read the column from it in a function of another name, and select that.`,
    );
  }
  if (options.passDataframeAs !== undefined && defined.has(options.passDataframeAs)) {
    context.fail(`withColumns passes the table as "${options.passDataframeAs}", which a column function also defines. Pick another passDataframeAs.`);
  }

  // 3. Which computed columns are appended; with a select, only the functions they need run.
  // A column selected twice is appended once, as Hamilton's dict of columns to assign keeps one.
  const select = [...new Set(options.select ?? members.filter((member) => COLUMN_TYPE.test(member.type)).map((member) => member.name))];
  // A passed column may be selected too (Hamilton selects among all the nodes it made); it appends itself.
  const known = [...defined, ...(options.columnsToPass ?? [])];
  const unknown = select.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    context.fail(`withColumns selects "${unknown[0]}", which is neither a column function nor a passed column${didYouMean(suggestNames(unknown[0]!, known))}; there are ${known.map((n) => `"${n}"`).join(", ") || "none"}. Select one of them.`);
  }
  if (select.length === 0) {
    context.fail(`withColumns has no column to append: no column function returns a Vector or a typed array. Pass select: ["name", …] to choose the columns.`);
  }
  const kept = options.select === undefined ? members : upstreamOf(select, members);

  // 4. Nodes under the namespace: passed columns (or the table), column functions, the appender.
  const read = new Set(kept.flatMap((member) => member.params.map((param) => param.name)));
  // As Hamilton prunes: with a select, only the passed columns it needs; without, all of them.
  const passed = options.columnsToPass?.filter((column) => options.select === undefined || read.has(column) || select.includes(column)) ?? [];
  const local = new Set([...kept.map((member) => member.name), ...passed, ...(options.passDataframeAs !== undefined ? [options.passDataframeAs] : [])]);
  const rename = (name: string) => (local.has(name) ? `${namespace}.${name}` : name);
  const typeOf = (name: string) => kept.flatMap((member) => member.params).find((param) => param.name === name)?.type;
  const template: NodeSpec = { ...node, tags: {}, group: namespace, role: undefined, schema: undefined, parallel: undefined, isAsync: false };
  const source: NodeSpec = { ...template, name: table.name, type: table.type };
  const columns = columnNodes(
    source,
    passed.map((column) => [column, `The "${column}" column of ${table.name}, passed to withColumns ${namespace}.`] as const),
    { ...(options.adapter !== undefined && { adapter: options.adapter }) },
    typeOf,
    { kind: `withColumns ${namespace}`, nodeName: (column) => `${namespace}.${column}` },
  );
  const whole: NodeSpec[] = options.passDataframeAs === undefined ? [] : [{
    ...source,
    name: `${namespace}.${options.passDataframeAs}`,
    fn: ((value: unknown) => value) as NodeSpec["fn"],
    params: [{ name: table.name, type: table.type, optional: false }],
    doc: `${table.name}, as the column functions of withColumns ${namespace} read it.`,
  }];
  const embedded = kept.map((member): NodeSpec => ({ ...member, name: `${namespace}.${member.name}`, params: member.params.map((param) => ({ ...param, name: rename(param.name) })), group: namespace }));
  const typeOfNode = new Map([...kept.map((member) => [member.name, member.type] as const), ...passed.map((column) => [column, typeOf(column) ?? "unknown"] as const)]);
  const append = appendNode(source, select, namespace, rename, (column) => typeOfNode.get(column) ?? "unknown", options.adapter);
  const fed: NodeSpec = { ...node, params: node.params.map((param) => (param === table ? { ...param, name: append.name, optional: false } : param)) };
  return [...columns, ...whole, ...embedded, append, ...nodes.map((other) => (other === node ? fed : other))];
}

function tableParam(node: NodeSpec, onInput: string | undefined, context: ModifierContext): NodeParam {
  const name = onInput ?? node.params[0]?.name;
  const param = node.params.find((candidate) => candidate.name === name);
  if (param !== undefined) {
    rejectNonTableType(node, param, context);
    return param;
  }
  const known = node.params.map((p) => p.name);
  return context.fail(
    name === undefined
      ? `withColumns appends columns to the table the function takes, but "${node.name}" takes no parameter. Give it the table as its first parameter, or name it with onInput.`
      : `withColumns' onInput names "${name}", which is not a parameter of "${node.name}"${didYouMean(suggestNames(name, known))}; its parameters are ${known.map((p) => `"${p}"`).join(", ")}.`,
  );
}

/** Declared types that cannot be a table: a scalar, or an array of scalars (`number[]`, `ReadonlyArray<string>`). */
const NOT_A_TABLE = /^(?:(?:number|string|boolean|bigint)|(?:readonly\s+)?(?:number|string|boolean|bigint)\[\]|(?:Readonly)?Array<\s*(?:number|string|boolean|bigint)\s*>)$/;

/**
 * Hamilton's `validate_dataframe`: the table parameter must be declared as a table. Only a type
 * the scanner read and that surely is no table is refused; `unknown`, a type alias or a union
 * could still hold one, and the run checks the value.
 */
function rejectNonTableType(node: NodeSpec, param: NodeParam, context: ModifierContext): void {
  const declared = context.entry.params.find((candidate) => candidate.name === param.name)?.type.trim();
  if (declared === undefined || !NOT_A_TABLE.test(declared)) return;
  context.fail(
    `withColumns appends columns to the table parameter "${param.name}" of "${node.name}", but it is declared \`${declared}\`, which is not a table. Declare it as a table (an Arrow Table, or the frame type of the adapter option), or name the table parameter with onInput.`,
  );
}

/** The column functions `select` needs, walking parameters back within the modules (Hamilton's `prune_nodes`). */
function upstreamOf(select: readonly string[], members: readonly NodeSpec[]): NodeSpec[] {
  const byName = new Map(members.map((member) => [member.name, member]));
  // Names outside the modules (passed columns, global nodes) are reached but match no member.
  const needed = reachable(select, (name) => byName.get(name)?.params.map((param) => param.name) ?? []);
  return members.filter((member) => needed.has(member.name));
}

/** `<ns>._append`: the table with each selected column appended, or replacing the column of its name. */
function appendNode(
  source: NodeSpec,
  select: readonly string[],
  namespace: string,
  rename: (name: string) => string,
  typeOf: (column: string) => string,
  given: ColumnarAdapter | undefined,
): NodeSpec {
  const name = `${namespace}._append`;
  const append = (frame: unknown, ...computed: unknown[]) =>
    withFrameAdapter(given, (adapter) => {
      if (!adapter.isFrame(frame)) {
        throw new FuncflowError(
          "type_mismatch",
          `withColumns ${namespace}: the value of "${source.name}" is ${describeValue(frame)}, not a table the ${adapter.name} adapter reads. Pass ${adapter.name === "arrow" ? "an Arrow Table" : `a ${adapter.name} frame`}, or give { adapter } for your frame library.`,
          { node: name, input: source.name, details: { adapter: adapter.name } },
        );
      }
      const values = new Map(select.map((column, i) => [column, computed[i]]));
      const existing = adapter.columnNames(frame);
      const kept = existing.map((column) => [column, values.has(column) ? values.get(column) : adapter.getColumn(frame, column)] as const);
      const added = select.filter((column) => !existing.includes(column)).map((column) => [column, values.get(column)] as const);
      return adapter.buildFrame([...kept, ...added], `withColumns ${namespace} (${name})`);
    });
  return {
    ...source,
    name,
    fn: append as NodeSpec["fn"],
    params: [{ name: source.name, type: source.type, optional: false }, ...select.map((column) => ({ name: rename(column), type: typeOf(column), optional: false }))],
    doc: `${source.name} with the columns ${select.map((c) => `"${c}"`).join(", ")} of withColumns ${namespace} appended.`,
  };
}
