/**
 * `does`: the wrapped function declares the node (its name, parameters, type and doc) and
 * another function computes it, so one body serves several declarations. TypeScript cannot see
 * the replacing function's parameter names at run time, so the arguments are passed by
 * position, in a chosen order, or as one record.
 */
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { finalNodes } from "./node-targets.ts";
import { isAsyncFunction } from "./is-async-function.ts";

/**
 * How the node's arguments reach the replacing function: `"positional"` (the default) passes
 * them in parameter order, a list of parameter names passes those in that order, and `"record"`
 * passes one record of parameter name → value.
 */
export type ArgumentMapping = "positional" | "record" | readonly string[];

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The node is computed by `replacing` instead of the wrapped function's body.
 * @throws FuncflowError `invalid_modifier` at build when `replacing` is not a function or the
 *   mapping names a parameter the node does not have.
 * @example
 * const sumAll = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + b, 0);
 * export const total = does(sumAll, "record", (a: number, b: number): number => 0);
 */
export function does<F extends NodeFunction>(replacing: NodeFunction, fn: F): F;
export function does<F extends NodeFunction>(replacing: NodeFunction, mapping: ArgumentMapping, fn: F): F;
export function does<F extends NodeFunction>(replacing: NodeFunction, ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const mapping = (rest.length > 1 ? rest[0] : "positional") as ArgumentMapping;
  const validMapping = mapping === "positional" || mapping === "record" || (Array.isArray(mapping) && mapping.every((name) => typeof name === "string"));
  const problem =
    typeof replacing !== "function"
      ? `does: the first argument must be the function that computes the node, got ${typeof replacing}`
      : !validMapping
        ? `does: the argument mapping must be "positional", "record" or a list of parameter names, got ${JSON.stringify(mapping)}`
        : undefined;
  const modifier: NodeModifier = {
    kind: "does",
    phase: "create",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const [node] = finalNodes(nodes) as [NodeSpec];
      const names = node.params.map((param) => param.name);
      if (Array.isArray(mapping)) {
        const unknown = mapping.find((name) => !names.includes(name));
        if (unknown !== undefined) context.fail(`does maps parameter "${unknown}", which "${node.name}" does not have; it has ${names.map((n) => `"${n}"`).join(", ") || "none"}.`);
      }
      // Function.length counts the parameters before the first default (never a rest
      // parameter): ones the mapping cannot fill would run as undefined, computing NaN silently.
      // Hamilton refuses such a pair when the decorator is applied.
      const given = mapping === "positional" ? names.length : mapping === "record" ? 1 : mapping.length;
      if (replacing.length > given) {
        const what = mapping === "positional" ? `the node's ${given} parameter${given === 1 ? "" : "s"} (${names.join(", ") || "none"}) by position` : mapping === "record" ? "one record of the node's parameters" : `the ${given} mapped parameter${given === 1 ? "" : "s"} (${mapping.join(", ")})`;
        context.fail(`does: the replacing function ${replacing.name || "(anonymous)"} needs ${replacing.length} arguments, but is given ${what}. Map a node parameter to each of its arguments, or give the extra ones defaults.`);
      }
      const defaults = declaredDefaults(node, context);
      const call = callReplacing(replacing as AnyFunction, mapping, names);
      // As Hamilton does, a parameter left out gets its declared default, not undefined.
      const withDefaults: AnyFunction = defaults.size === 0 ? call : (...args) => call(...names.map((_, index) => (args[index] === undefined && defaults.has(index) ? defaults.get(index) : args[index])));
      const replaced: NodeSpec = { ...node, fn: withDefaults as NodeSpec["fn"], isAsync: node.isAsync || isAsyncFunction(replacing) };
      return nodes.map((other) => (other === node ? replaced : other));
    },
  };
  return applyModifier(modifier, fn);
}

/**
 * The declared default of each parameter that has one, read from the source text. Only
 * literals are read (JSON, or a single-quoted string): source text is never evaluated.
 */
function declaredDefaults(node: NodeSpec, context: ModifierContext): Map<number, unknown> {
  const defaults = new Map<number, unknown>();
  node.params.forEach((param, index) => {
    const text = context.entry.params.find((declared) => declared.name === param.name)?.defaultText;
    if (text === undefined) return;
    const literal = readLiteral(text);
    if (literal.ok) defaults.set(index, literal.value);
    else {
      context.fail(
        `does passes declared defaults to the replacing function, but the default of "${param.name}" (${text}) is not a literal. Use a literal default (a number, string, boolean, null, or JSON array/object), or bind the parameter with inject({ ${param.name}: value(…) }).`,
      );
    }
  });
  return defaults;
}

function readLiteral(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === "undefined") return { ok: true, value: undefined };
  const single = /^'((?:[^'\\]|\\.)*)'$/.exec(trimmed);
  const json = single ? JSON.stringify(single[1]!.replace(/\\'/g, "'")) : trimmed.replace(/^`([^`$\\]*)`$/, (_, body: string) => JSON.stringify(body));
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return { ok: false };
  }
}

function callReplacing(replacing: AnyFunction, mapping: ArgumentMapping, names: readonly string[]): AnyFunction {
  if (mapping === "positional") return (...args) => replacing(...args);
  if (mapping === "record") {
    return (...args) => {
      const record: Record<string, unknown> = {};
      names.forEach((name, index) => (record[name] = args[index]));
      return replacing(record);
    };
  }
  const positions = mapping.map((name) => names.indexOf(name));
  return (...args) => replacing(...positions.map((position) => args[position]));
}
