/**
 * Reads binding specs as written in modifier arguments (`source("x")`, `value(3)`,
 * `configuration("k")`, `group(…)`, plain literals in steps), and step calls
 * (`step(fn, …args).named("n")`), from the syntax alone.
 */
import { ts } from "ts-morph";
import type { StepNameRequest } from "../graph/index.ts";
import { skipTypeWrappers } from "../scanner/index.ts";

/** One binding as written. */
export type DependencySyntax =
  | { readonly kind: "source"; readonly node: string; readonly at: ts.Expression }
  | { readonly kind: "configuration"; readonly key: string; readonly at: ts.Expression }
  | { readonly kind: "value"; readonly value: ts.Expression; readonly at: ts.Expression }
  | { readonly kind: "group"; readonly items: readonly DependencySyntax[]; readonly fields: ReadonlyMap<string, DependencySyntax> | undefined; readonly at: ts.Expression }
  | { readonly kind: "unreadable"; readonly at: ts.Expression };

/** The called name of `call`: `source` for `source(…)` and `ff.source(…)`. */
export function calledName(call: ts.CallExpression): string | undefined {
  const callee = skipTypeWrappers(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** A string literal's text. */
export function stringOf(expression: ts.Expression | undefined): string | undefined {
  if (expression === undefined) return undefined;
  const inner = skipTypeWrappers(expression);
  return ts.isStringLiteralLike(inner) ? inner.text : undefined;
}

/** Reads one binding; a bare literal reads as `value(literal)` when `literalsAreValues`. */
export function readDependency(expression: ts.Expression, literalsAreValues = false): DependencySyntax {
  const at = skipTypeWrappers(expression);
  if (ts.isCallExpression(at)) {
    const name = calledName(at);
    const [first] = at.arguments;
    if (name === "source" && stringOf(first) !== undefined) return { kind: "source", node: stringOf(first)!, at };
    if (name === "configuration" && stringOf(first) !== undefined) return { kind: "configuration", key: stringOf(first)!, at };
    if (name === "value" && first !== undefined) return { kind: "value", value: first, at };
    if (name === "group") {
      if (first !== undefined && at.arguments.length === 1 && ts.isObjectLiteralExpression(skipTypeWrappers(first))) {
        const fields = readBindings(skipTypeWrappers(first) as ts.ObjectLiteralExpression);
        return fields === undefined ? { kind: "unreadable", at } : { kind: "group", items: [], fields, at };
      }
      return { kind: "group", items: at.arguments.map((item) => readDependency(item)), fields: undefined, at };
    }
  }
  return literalsAreValues ? { kind: "value", value: at, at } : { kind: "unreadable", at };
}

/** `{ param: dependency, … }`, or undefined when a key or a spread cannot be read. */
export function readBindings(object: ts.ObjectLiteralExpression): Map<string, DependencySyntax> | undefined {
  const bindings = new Map<string, DependencySyntax>();
  for (const property of object.properties) {
    const key = propertyKey(property);
    if (key === undefined || !ts.isPropertyAssignment(property)) return undefined;
    bindings.set(key, readDependency(property.initializer));
  }
  return bindings;
}

/** A property's name when it is an identifier or a string literal. */
export function propertyKey(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** A `step(fn, …args)` call, possibly chained with `.named(…)`, `.when(…)`, `.onInput(…)`. */
export interface StepSyntax {
  readonly fn: ts.Expression;
  readonly args: readonly DependencySyntax[];
  /** Set by `.named("n")`. */
  readonly name: string | undefined;
  /** Set by `.named("n", prefix)`: a prefix, `null` for none; undefined for the pipe's. */
  readonly namespace: string | null | undefined;
  /** True when `.named(…)`'s name or prefix is not a literal: the step's node name is unknown. */
  readonly nameUnreadable: boolean;
  /** True when `.when(…)` (or `whenNot`, `whenIn`, `whenNotIn`) makes the step depend on config. */
  readonly conditional: boolean;
  /** Set by `.onInput("p")`. */
  readonly input: string | undefined;
  readonly at: ts.Expression;
}

const CONDITIONS = new Set(["when", "whenNot", "whenIn", "whenNotIn"]);

/**
 * The calls chained on a step or a mutation target (`.named`, `.onInput`, `.onOutput`,
 * `.when…`), read from the outside in: the outermost of each wins, as the last call made at run
 * time. `base` is the call they are chained on (`step(…)`, `applyTo(…)`, or a plain target).
 */
export interface CallChain {
  readonly base: ts.Expression;
  readonly name: string | undefined;
  readonly namespace: string | null | undefined;
  /** True when `.named(…)`'s name or prefix is not a literal: the node's name is unknown. */
  readonly nameUnreadable: boolean;
  readonly conditional: boolean;
  readonly input: string | undefined;
  /** `.onOutput(…)`'s argument as written; undefined when there is no such call. */
  readonly output: ts.Expression | undefined;
  readonly outputWritten: boolean;
}

export function readCallChain(expression: ts.Expression): CallChain {
  let current = skipTypeWrappers(expression);
  let name: string | undefined;
  let namespace: string | null | undefined;
  let input: string | undefined;
  let output: ts.Expression | undefined;
  let outputWritten = false;
  let named = false;
  let nameUnreadable = false;
  let conditional = false;
  while (ts.isCallExpression(current)) {
    const callee = skipTypeWrappers(current.expression);
    if (!ts.isPropertyAccessExpression(callee) || ts.isIdentifier(callee.expression)) break;
    const method = callee.name.text;
    if (method === "named" && !named) {
      named = true;
      const [nameArgument, prefixArgument] = current.arguments;
      name = stringOf(nameArgument);
      namespace = prefixOf(prefixArgument);
      const absentPrefix = prefixArgument === undefined || (ts.isIdentifier(prefixArgument) && prefixArgument.text === "undefined");
      nameUnreadable = name === undefined || (!absentPrefix && namespace === undefined);
    } else if (method === "onInput") {
      input ??= stringOf(current.arguments[0]);
    } else if (method === "onOutput" && !outputWritten) {
      outputWritten = true;
      output = current.arguments[0];
    } else if (CONDITIONS.has(method)) {
      conditional = true;
    }
    current = skipTypeWrappers(callee.expression);
  }
  return { base: current, name, namespace, nameUnreadable, conditional, input, output, outputWritten };
}

/** Reads a step expression, or undefined when it is not one. */
export function readStep(expression: ts.Expression): StepSyntax | undefined {
  const { base, name, namespace, nameUnreadable, conditional, input } = readCallChain(expression);
  if (!ts.isCallExpression(base) || calledName(base) !== "step") return undefined;
  const [fn, ...args] = base.arguments;
  if (fn === undefined) return undefined;
  return { fn, args: args.map((arg) => readDependency(arg, true)), name, namespace, nameUnreadable, conditional, input, at: expression };
}

/** A step-name prefix as written: a string, `null` for none, undefined when absent (or unreadable). */
export function prefixOf(expression: ts.Expression | undefined): string | null | undefined {
  if (expression === undefined) return undefined;
  const inner = skipTypeWrappers(expression);
  return inner.kind === ts.SyntaxKind.NullKeyword ? null : stringOf(inner);
}

/**
 * What names a step's node, as the run-time step reads it (its `.named` name, its function's
 * name, its namespace); undefined when that is not written as literals or the function is
 * anonymous, so the node's name is unknown.
 */
export function stepNameRequest(step: StepSyntax): StepNameRequest | undefined {
  if (step.nameUnreadable) return undefined;
  const fn = skipTypeWrappers(step.fn);
  const functionName = ts.isIdentifier(fn) ? fn.text : ts.isPropertyAccessExpression(fn) ? fn.name.text : "";
  if (step.name === undefined && functionName === "") return undefined;
  return { name: step.name, functionName, namespace: step.namespace };
}
