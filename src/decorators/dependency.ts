/**
 * Dependency specs: how a modifier says where a parameter's value comes from. `source("n")`
 * reads node `n`, `value(x)` is a literal, `group(...)` gathers several into a list or record,
 * `configuration("k")` reads config key `k` when the graph is built. They are plain frozen
 * objects; a hidden registry symbol tells them apart from literal values that look alike.
 */

import { describeArgument, FuncflowError } from "../errors/index.ts";

const IS_DEPENDENCY = Symbol.for("funcflow.dependency");

/** The value of node (or input) `node`. */
export interface SourceDependency {
  readonly kind: "source";
  readonly node: string;
}

/** A literal value. */
export interface ValueDependency<T = unknown> {
  readonly kind: "value";
  readonly value: T;
}

/** A config value, read when the graph is built. */
export interface ConfigurationDependency {
  readonly kind: "configuration";
  readonly key: string;
}

/** One value: a node, a literal or a config value. */
export type SingleDependency = SourceDependency | ValueDependency | ConfigurationDependency;

/** Several values gathered into a list (`group(a, b)`) or a record (`group({ a, b })`). */
export interface GroupDependency {
  readonly kind: "group";
  readonly items: readonly SingleDependency[] | Readonly<Record<string, SingleDependency>>;
}

/** Where one parameter's value comes from. */
export type Dependency = SingleDependency | GroupDependency;

function mark<T extends object>(spec: T): T {
  Object.defineProperty(spec, IS_DEPENDENCY, { value: true });
  return Object.freeze(spec);
}

/**
 * True when `value` was made by `source`, `value`, `group` or `configuration`.
 * @example isDependency(source("a")); // true; isDependency({ kind: "source", node: "a" }); // false
 */
export function isDependency(value: unknown): value is Dependency {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[IS_DEPENDENCY] === true;
}

/**
 * A spec's name (a node or a config key) must be a non-empty string. Checked when the spec is
 * made, so every modifier that takes specs (inject, parameterize, steps, subdags, loaders) gets
 * the same error instead of a node named "3" or "[object Object]".
 */
function checkName(maker: string, what: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || name === "") {
    throw new FuncflowError("invalid_modifier", `${maker}(…) needs ${what} (a non-empty string), got ${describeArgument(name)}. Write ${maker}("${maker === "source" ? "node" : "key"}").`);
  }
}

/**
 * The parameter reads node `node` (a function node or an external input). Given a source spec,
 * returns it unchanged (Hamilton's `source(source("a"))` is `source("a")`).
 * @throws invalid_modifier when `node` is not a non-empty string or a source spec.
 * @example export const usSales = parameterize({ usSales: { sales: source("rawUs") } }, (sales: number) => sales);
 */
export function source(node: string | SourceDependency): SourceDependency {
  if (isDependency(node) && node.kind === "source") return node;
  checkName("source", "a node name", node);
  return mark({ kind: "source", node });
}

/**
 * The parameter is the literal `literal`. Given a value spec, returns it unchanged (Hamilton's
 * `value(value(1))` is `value(1)`): the function receives the literal, never a spec.
 * @example export const doubled = inject({ factor: value(2) }, (x: number, factor: number) => x * factor);
 */
export function value<T>(spec: ValueDependency<T>): ValueDependency<T>;
export function value<T>(literal: T): ValueDependency<T>;
export function value(literal: unknown): ValueDependency {
  if (isDependency(literal) && literal.kind === "value") return literal;
  return mark({ kind: "value", value: literal });
}

/**
 * The parameter is the config value `key`, read when the graph is built.
 * @throws invalid_modifier when `key` is not a non-empty string.
 * @example export const scaled = inject({ factor: configuration("scale") }, (x: number, factor: number) => x * factor);
 */
export function configuration(key: string): ConfigurationDependency {
  checkName("configuration", "a config key", key);
  return mark({ kind: "configuration", key });
}

/**
 * Gathers several values: `group(a, b)` passes a list, `group({ a, b })` a record.
 * @example export const total = inject({ parts: group(source("a"), source("b")) }, (parts: number[]) => parts.reduce((s, p) => s + p, 0));
 */
export function group(...items: readonly SingleDependency[]): GroupDependency;
export function group(items: Readonly<Record<string, SingleDependency>>): GroupDependency;
export function group(...args: readonly unknown[]): GroupDependency {
  const [first] = args;
  const isRecord = args.length === 1 && typeof first === "object" && first !== null && !isDependency(first);
  const items = isRecord ? Object.freeze({ ...(first as Record<string, SingleDependency>) }) : Object.freeze([...(args as SingleDependency[])]);
  return mark({ kind: "group", items });
}

/**
 * `source("a")` → `a`, `value(3)` → `3`: how a dependency reads in templated docs and messages.
 * @example describeDependency(group(source("a"), value(2))); // "[a, 2]"
 */
export function describeDependency(dependency: Dependency): string {
  switch (dependency.kind) {
    case "source":
      return dependency.node;
    case "value":
      return typeof dependency.value === "string" ? dependency.value : (JSON.stringify(dependency.value) ?? String(dependency.value));
    case "configuration":
      return `config.${dependency.key}`;
    case "group": {
      const items = dependency.items;
      return Array.isArray(items)
        ? `[${(items as readonly SingleDependency[]).map(describeDependency).join(", ")}]`
        : `{${Object.entries(items).map(([key, item]) => `${key}: ${describeDependency(item)}`).join(", ")}}`;
    }
  }
}

/**
 * Why `dependency` is not a well-formed spec (a group holding a non-spec, a group in a group), or undefined.
 * @example dependencyProblem(3, `parameter "x"`); // `parameter "x" is the number 3, not a dependency spec; …`
 */
export function dependencyProblem(dependency: unknown, where: string): string | undefined {
  if (!isDependency(dependency)) {
    return `${where} is ${describeLiteral(dependency)}, not a dependency spec; wrap it: source("node") for a node, value(x) for a literal, group(...) for several`;
  }
  if (dependency.kind !== "group") return undefined;
  const items: readonly unknown[] = Array.isArray(dependency.items) ? dependency.items : Object.values(dependency.items);
  if (items.length === 0) {
    return `${where} is an empty group; give it specs by position, group(source("a"), value(1)), or by name, group({ a: source("a") })`;
  }
  for (const item of items) {
    if (!isDependency(item) || item.kind === "group") {
      return `${where} is a group holding ${isDependency(item) ? "another group" : describeLiteral(item)}; a group holds source(...), value(...) or configuration(...) specs`;
    }
  }
  return undefined;
}

function describeLiteral(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return typeof value === "object" ? (Array.isArray(value) ? "an array" : "an object") : `the ${typeof value} ${String(value)}`;
}
