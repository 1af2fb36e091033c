/**
 * `loadFrom`: a parameter's value is read from a file (Arrow IPC, CSV, JSON records, Parquet
 * through `readTable`, or a plain JSON value through `readJson`). As in Hamilton, the read is a
 * node `<fn>.load_data.<param>` holding `[data, metadata]` and `<fn>.select_data.<param>`
 * holding the data; the function reads the latter. The file I/O code (and apache-arrow) is
 * loaded when the first load runs, never by the root entry.
 */
import type { CsvColumnType, TableFormat } from "../io/index.ts";
import { FuncflowError, isPlainRecord, optionKeys } from "../errors/index.ts";
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { isDependency, type SourceDependency, type ValueDependency } from "./dependency.ts";
import { finalNodes, groupOf } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";

/** A file path: a literal, `value(path)`, or `source("node")` to read it from a node or input. */
export type PathSpec = string | SourceDependency | ValueDependency<string>;

/** `loadFrom`'s options, as read when the load runs (every `value(…)` and `source(…)` resolved). */
export interface LoadFromReaderOptions {
  /** The file format (default: from the extension). */
  readonly format?: TableFormat;
  /** `"table"` (default): an Arrow Table via `readTable`; `"json"`: the parsed JSON value. */
  readonly as?: "table" | "json";
  /** CSV: the field delimiter, one character (default `,`), e.g. `";"`. */
  readonly delimiter?: string;
  /** CSV: infer number and boolean columns (default `true`); `false` reads every column as text. */
  readonly inferTypes?: boolean;
  /** CSV: `false` when the file has no header row; its columns are then named by `columns`, else `column0`, `column1`, … */
  readonly header?: boolean;
  /**
   * Tables: keep only these columns, in this order (a missing one is `io_failed` naming it).
   * A CSV with `header: false`: the names of its columns, in order.
   */
  readonly columns?: readonly string[];
  /** CSV: declared column types instead of inferred ones, e.g. `{ id: "int64", day: "date" }` (see `tableFromCsv`). */
  readonly types?: Readonly<Record<string, CsvColumnType>>;
  /**
   * CSV: texts read as null besides the empty field, e.g. `["?", "NA"]` (pandas' `na_values`,
   * polars' `null_values`); unquoted fields only (see `tableFromCsv`).
   */
  readonly nullValues?: readonly string[];
}

/**
 * A reader option as written: the literal, or, as Hamilton's loader arguments take,
 * `value(literal)` or `source("node")` (read when the load runs).
 */
export type ReaderOptionSpec<T> = T | ValueDependency<T> | SourceDependency;

/** `loadFrom`'s options. */
export type LoadFromOptions = {
  readonly path: PathSpec;
  /** The parameter to fill; required when the function has several. */
  readonly inject?: string;
} & { readonly [K in keyof LoadFromReaderOptions]?: ReaderOptionSpec<NonNullable<LoadFromReaderOptions[K]>> };

/** The keys of LoadFromOptions, checked against the type by the compiler. */
const LOAD_FROM_OPTION_KEYS = optionKeys<LoadFromOptions>({ path: true, inject: true, format: true, as: true, delimiter: true, inferTypes: true, header: true, columns: true, types: true, nullValues: true });

/** What a load records next to the data. */
export interface LoadMetadata {
  readonly path: string;
  readonly format: string;
  /** Rows and columns, for tables. */
  readonly rows?: number;
  readonly columns?: readonly string[];
}

/**
 * Fills a parameter from a file.
 * @throws FuncflowError `invalid_modifier` at build without a path, or without `inject` when the
 *   function has several parameters; at run time `io_failed` naming the path.
 * @example export const salesByRegion = loadFrom({ path: "data/sales.csv" }, (sales: Table) => groupByRegion(sales));
 * @example export const eu = loadFrom({ path: "data/eu.csv", delimiter: ";", columns: ["id", "amount"] }, (sales: Table) => sales);
 * @example export const days = loadFrom({ path: "data/days.csv", header: false, columns: ["id", "day"], types: { id: "int64", day: "date" } }, (days: Table) => days);
 * @example export const cars = loadFrom({ path: "data/auto-mpg.csv", nullValues: ["?"] }, (cars: Table) => cars);
 */
export function loadFrom<F extends NodeFunction>(options: LoadFromOptions, fn: F): F {
  const { literal, sources } = splitReaderOptions(options);
  const problem =
    optionsProblem("loadFrom", options, LOAD_FROM_OPTION_KEYS) ??
    pathProblem(options?.path, "loadFrom") ??
    (literal.as !== undefined && literal.as !== "table" && literal.as !== "json" ? `loadFrom: as must be "table" or "json"` : undefined) ??
    readerOptionsProblem(literal, sources);
  const modifier: NodeModifier = {
    kind: "loadFrom",
    phase: "inject",
    repeatable: true,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const [node] = finalNodes(nodes) as [NodeSpec];
      const param = options.inject ?? (node.params.length === 1 ? node.params[0]!.name : undefined);
      if (param === undefined) {
        context.fail(`loadFrom needs { inject: "<parameter>" } because "${node.name}" takes ${node.params.length === 0 ? "no parameter" : `several (${node.params.map((p) => p.name).join(", ")})`}.`);
      }
      const target = node.params.find((p) => p.name === param);
      if (target === undefined) context.fail(`loadFrom injects "${param}", which is not a parameter of "${node.name}".`);
      const group = groupOf(node, context);
      const loadName = `${node.name}.${LOAD_STEP.loader}.${param}`;
      const selectName = `${node.name}.${LOAD_STEP.selector}.${param}`;
      const path = options.path;
      const pathSource = typeof path === "object" && path.kind === "source" ? path.node : undefined;
      const fixedPath = typeof path === "string" ? path : path.kind === "value" ? path.value : undefined;
      // The load node reads the path (when it is a source) and then each option given as a source, in that order.
      const sourced = [...(pathSource === undefined ? [] : [["path", pathSource] as const]), ...sources];
      const helper = { ...node, tags: {}, group, schema: undefined, parallel: undefined };
      const load: NodeSpec = {
        ...helper,
        name: loadName,
        fn: ((...given: unknown[]) => loadFromSources(fixedPath, literal, sourced, given, loadName)) as NodeSpec["fn"],
        params: sourced.map(([option, name]) => ({ name, type: option === "path" ? "string" : "unknown", optional: false })),
        type: `[${target.type}, LoadMetadata]`,
        doc: `Loads ${param} of ${node.name} from ${fixedPath ?? `the path in "${pathSource}"`}.`,
        isAsync: true,
        role: "loader",
      };
      const select: NodeSpec = {
        ...helper,
        name: selectName,
        fn: ((loaded: readonly [unknown, LoadMetadata]) => loaded[0]) as NodeSpec["fn"],
        params: [{ name: loadName, type: load.type, optional: false }],
        type: target.type,
        doc: `The data ${loadName} read.`,
        isAsync: false,
        role: "selector",
      };
      const loaded: NodeSpec = { ...node, group, params: node.params.map((p) => (p === target ? { ...p, name: selectName, optional: false } : p)) };
      return nodes.flatMap((other) => (other === node ? [load, select, loaded] : [other]));
    },
  };
  return applyModifier(modifier, fn);
}

/** The middle part of the names of the two nodes a `loadFrom` adds, by their role. */
const LOAD_STEP = { loader: "load_data", selector: "select_data" } as const;

/**
 * The parameter whose value a `loadFrom` node reads (`<fn>.load_data.<param>`) or selects
 * (`<fn>.select_data.<param>`), else undefined. Hamilton names such a loader, in its cache's
 * behaviours, by this parameter (its `hamilton.data_loader.node` tag).
 * @example loadedParameter(dr.node("total.load_data.raw_data")) // "raw_data"
 */
export function loadedParameter(node: { readonly name: string; readonly role?: string | undefined }): string | undefined {
  const step = node.role === "loader" || node.role === "selector" ? LOAD_STEP[node.role] : undefined;
  const at = step === undefined ? -1 : node.name.lastIndexOf(`.${step}.`);
  return at < 0 ? undefined : node.name.slice(at + step!.length + 2);
}

type ReaderOptionName = keyof LoadFromReaderOptions;
const READER_OPTIONS: readonly ReaderOptionName[] = ["format", "as", "delimiter", "inferTypes", "header", "columns", "types", "nullValues"];

/** The reader options as literals (each `value(x)` unwrapped), and those given as `source(…)`, by option name. */
function splitReaderOptions(options: LoadFromOptions): { literal: LoadFromReaderOptions; sources: (readonly [ReaderOptionName, string])[] } {
  const literal: Record<string, unknown> = {};
  const sources: (readonly [ReaderOptionName, string])[] = [];
  for (const name of READER_OPTIONS) {
    const given: unknown = options?.[name];
    if (given === undefined) continue;
    if (isDependency(given) && given.kind === "value") literal[name] = given.value;
    else if (isDependency(given) && given.kind === "source") sources.push([name, given.node]);
    else literal[name] = given;
  }
  return { literal: literal as LoadFromReaderOptions, sources };
}

/** Resolves the sourced path and options from the load node's arguments, checks them as the build checks literals, and loads. */
function loadFromSources(
  fixedPath: string | undefined,
  literal: LoadFromReaderOptions,
  sourced: readonly (readonly [string, string])[],
  given: readonly unknown[],
  loadName: string,
): Promise<readonly [unknown, LoadMetadata]> {
  const resolved: Record<string, unknown> = { ...literal };
  sourced.forEach(([option], index) => {
    resolved[option] = given[index];
  });
  const path = fixedPath ?? resolved["path"];
  const problem = (typeof path === "string" && path !== "" ? undefined : `the path from "${sourced[0]?.[1]}" is ${JSON.stringify(path) ?? String(path)}, not a file path`) ?? readerOptionsProblem(resolved as LoadFromReaderOptions, []);
  if (problem !== undefined) {
    throw new FuncflowError("invalid_argument", `${loadName}: ${problem.replace(/^loadFrom: /, "")}. It read ${sourced.map(([option, node]) => `${option} from "${node}"`).join(", ")}: give that node or input a value of the right kind.`, { node: loadName, details: { options: sourced.map(([option, node]) => ({ option, node })) } });
  }
  return loadFile(path as string, resolved as LoadFromReaderOptions);
}

async function loadFile(path: string, options: LoadFromReaderOptions): Promise<readonly [unknown, LoadMetadata]> {
  const io = await import("../io/index.ts");
  if (options.as === "json") return [await io.readJson(path), { path, format: "json" }];
  const csv = {
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    ...(options.inferTypes !== undefined && { inferTypes: options.inferTypes }),
    ...(options.header !== undefined && { header: options.header }),
    // Without a header the reader names the columns; with one, the selection below applies to every format.
    ...(options.header === false && options.columns !== undefined && { columns: options.columns }),
    ...(options.types !== undefined && { types: options.types }),
    ...(options.nullValues !== undefined && { nullValues: options.nullValues }),
  };
  let table = await io.readTable(path, { ...(options.format !== undefined && { format: options.format }), csv });
  if (options.columns !== undefined) {
    const present = table.schema.fields.map((field) => field.name);
    const missing = options.columns.filter((column) => !present.includes(column));
    if (missing.length > 0) {
      throw new FuncflowError("io_failed", `loadFrom: ${path} has no column ${missing.map((column) => `"${column}"`).join(", ")} (it has ${present.map((column) => `"${column}"`).join(", ")}). Fix columns, or the delimiter if the file has one column.`, { details: { path, missing, present } });
    }
    table = table.select([...options.columns]);
  }
  const format = io.tableFormatOf(path, options.format);
  return [table, { path, format, rows: table.numRows, columns: table.schema.fields.map((field) => field.name) }];
}

/**
 * The CSV column types (io's CSV_COLUMN_TYPES, which this folder cannot import without loading
 * apache-arrow at build; a test keeps the two in step).
 */
export const CSV_TYPES: readonly string[] = ["float64", "int32", "int64", "bool", "utf8", "date"];

/** Why the reader options are unusable, or undefined (`sourced`: options given as `source(…)`, checked when the load runs). */
function readerOptionsProblem(options: LoadFromReaderOptions, sourced: readonly (readonly [ReaderOptionName, string])[]): string | undefined {
  const { delimiter, inferTypes, columns, header, types, nullValues } = options ?? {};
  if (delimiter !== undefined && (typeof delimiter !== "string" || [...delimiter].length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r")) return `loadFrom: delimiter must be one character other than a quote or line break, such as ";", got ${JSON.stringify(delimiter)}`;
  if (inferTypes !== undefined && typeof inferTypes !== "boolean") return `loadFrom: inferTypes must be true or false`;
  if (columns !== undefined && !(Array.isArray(columns) && columns.length > 0 && columns.every((column) => typeof column === "string"))) return `loadFrom: columns must be a non-empty list of column names`;
  if (header !== undefined && typeof header !== "boolean") return `loadFrom: header must be true or false`;
  if (types !== undefined) {
    if (!isPlainRecord(types)) return `loadFrom: types must be an object of column names to types, such as { id: "int64", day: "date" }`;
    const bad = Object.entries(types).find(([, type]) => !CSV_TYPES.includes(type));
    if (bad !== undefined) return `loadFrom: types.${bad[0]} must be one of ${CSV_TYPES.join(", ")}, got ${JSON.stringify(bad[1])}`;
  }
  if (nullValues !== undefined && !(Array.isArray(nullValues) && nullValues.every((text) => typeof text === "string"))) return `loadFrom: nullValues must be an array of strings read as null, such as ["?", "NA"], got ${JSON.stringify(nullValues) ?? String(nullValues)}`;
  const sourcedNames = new Set(sourced.map(([name]) => name));
  if (sourcedNames.has("as")) return `loadFrom: as decides the nodes' types, so it must be a literal ("table" or "json"), not source(...)`;
  const csvOnly = (["header", "types", "delimiter", "nullValues"] as const).some((name) => options?.[name] !== undefined || sourcedNames.has(name));
  if (csvOnly && options.as === "json") return `loadFrom: delimiter, header, types and nullValues are CSV options, but as: "json" reads a JSON value`;
  return undefined;
}

/**
 * Why `path` is not a usable path spec, or undefined.
 * @example pathProblem("", "loadFrom"); // "loadFrom needs { path }: …"
 */
export function pathProblem(path: unknown, kind: string): string | undefined {
  if (typeof path === "string" && path !== "") return undefined;
  if (isDependency(path) && ((path.kind === "value" && typeof path.value === "string") || path.kind === "source")) return undefined;
  return `${kind} needs { path }: a file path, value(path) or source("node holding the path")`;
}
