/**
 * `schema`: declares the columns a node's table (or frame) has. It is metadata: `listNodes`
 * shows it and DOT draws the columns under the node; nothing is checked at run time.
 */
import { type NodeSpec, type SchemaColumn, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { selectTargets, targetProblem, type NodeTarget } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";

/** Column name → type text, or `[name, type]` pairs in column order. */
export type SchemaColumns = Readonly<Record<string, string>> | readonly (readonly [name: string, type: string])[];

/**
 * Declares the output columns of the function's node (or of `target`).
 * @throws FuncflowError `invalid_modifier` at build for an empty or malformed column list.
 * @example export const sales = schema({ region: "utf8", amount: "float64" }, (raw: Table) => raw);
 */
export function schema<F extends NodeFunction>(columns: SchemaColumns, fn: F): F;
export function schema<F extends NodeFunction>(columns: SchemaColumns, options: { readonly target?: NodeTarget }, fn: F): F;
export function schema<F extends NodeFunction>(columns: SchemaColumns, ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const target = rest.length > 1 ? (rest[0] as { target?: NodeTarget } | undefined)?.target : undefined;
  const list = readColumns(columns);
  const problem =
    list === undefined || list.length === 0
      ? `schema: columns must be a non-empty record of name → type, or a list of [name, type] pairs`
      : (optionsProblem("schema", rest.length > 1 ? rest[0] : undefined, ["target"]) ?? targetProblem(target, "schema"));
  const modifier: NodeModifier = {
    kind: "schema",
    phase: "decorate",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const targets = new Set(selectTargets(nodes, target, context, "schema"));
      const scalar = [...targets].find((node) => NOT_TABLES.test(node.type.trim()));
      if (scalar !== undefined) {
        context.fail(`schema declares table columns, but "${scalar.name}" is declared to return ${scalar.type}, which has no columns. Put schema on a function returning a table (an Arrow Table or a DataFrame).`);
      }
      return nodes.map((node) => (targets.has(node) ? { ...node, schema: list } : node));
    },
  };
  return applyModifier(modifier, fn);
}

/** Declared types that are never tables: scalars, and arrays or typed arrays of one column. */
const NOT_TABLES = /^(number|string|boolean|bigint|symbol|void|undefined|null|never|\w+\[\]|(Float|Int|Uint|BigInt|BigUint)\d+(Clamped)?Array(<.*>)?)$/;

function readColumns(columns: SchemaColumns): SchemaColumn[] | undefined {
  if (Array.isArray(columns)) {
    const pairs = columns as readonly unknown[];
    const valid = pairs.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((part) => typeof part === "string"));
    return valid ? (pairs as [string, string][]).map(([name, type]) => ({ name, type })) : undefined;
  }
  if (typeof columns !== "object" || columns === null) return undefined;
  const entries = Object.entries(columns);
  return entries.every(([, type]) => typeof type === "string") ? entries.map(([name, type]) => ({ name, type: type as string })) : undefined;
}
