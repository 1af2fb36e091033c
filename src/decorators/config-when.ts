/**
 * Config-gated variants: several functions define one node (`name__suffix` drops the suffix,
 * or `{ name }` between condition and function names it) and config picks which one exists. Conditions are checked once, at `build()`. As in Hamilton,
 * a key the config does not set reads as `null`: `configWhen({ k: null })` holds when `k` is
 * unset, `configWhenNot({ k: "x" })` holds too, and `null` in a list matches an unset key.
 */
import { type Config, type ConfigScalar, type ResolveModifier, applyModifier, type NodeFunction } from "../graph/index.ts";
import { describeArgument, FuncflowError, isPlainRecord, optionKeys } from "../errors/index.ts";
import { optionsProblem } from "./options-problem.ts";

/** Config keys and the value each must (or must not) have. */
export type ConfigCondition = Readonly<Record<string, ConfigScalar>>;
/** Config keys and the values each may (or may not) take. */
export type ConfigSetCondition = Readonly<Record<string, readonly ConfigScalar[]>>;

/** Options of `configWhen`, `configWhenNot`, `configWhenIn` and `configWhenNotIn`. */
export interface ConfigWhenOptions {
  /**
   * The node's name when the condition holds, instead of the export name cut at its last `__`
   * (Hamilton's `@config.when(name=…)`): variants with unrelated export names can define one node.
   */
  readonly name?: string;
}

const CONFIG_WHEN_OPTION_KEYS = optionKeys<ConfigWhenOptions>({ name: true });

/** Types only: the key a named function carries its node name under. */
declare const NODE_NAME: unique symbol;

/**
 * What a config wrapper given `{ name }` adds to the function's type: the node name, so a
 * prebuilt module's namespace types `execute` under that name (`NodesOfModule`). Types only:
 * nothing is added at run time.
 */
export interface NamedNode<Name extends string> {
  readonly [NODE_NAME]?: Name;
}

/** The node name `options` gives, or what is wrong with them (raised as `invalid_modifier` at build). */
function naming(kind: string, options: unknown): { readonly nodeName?: string; readonly problem?: string } {
  if (options === undefined) return {};
  if (!isPlainRecord(options)) return { problem: `${kind}: options must be an object such as { name: "salesTax" }, got ${describeArgument(options)}` };
  const unknown = optionsProblem(kind, options, CONFIG_WHEN_OPTION_KEYS);
  if (unknown !== undefined) return { problem: unknown };
  const { name } = options;
  if (name === undefined) return {};
  if (typeof name !== "string" || name.trim() === "") {
    return { problem: `${kind}: options.name must be a non-empty string naming the node, such as "salesTax", got ${describeArgument(name)}; leave it out to name the node after the export` };
  }
  return { nodeName: name };
}

/**
 * `(fn)` or `(options, fn)`: as with every modifier, the wrapped function comes last (the
 * scanner reads it there), so options sit between the condition and the function.
 */
function splitArguments<F>(kind: string, rest: readonly unknown[]): [unknown, F] {
  if (rest.length <= 1) return [undefined, rest[0] as F];
  if (rest.length > 2) throw new FuncflowError("invalid_modifier", `${kind} takes (condition, fn) or (condition, options, fn), got ${rest.length + 1} arguments.`);
  if (typeof rest[0] === "function") {
    throw new FuncflowError("invalid_modifier", `${kind}: the function to wrap must be the last argument, after the options. Write ${kind}(condition, { name: "…" }, fn).`, { details: { options: describeArgument(rest[1]) } });
  }
  return [rest[0], rest[rest.length - 1] as F];
}

function describe(key: string, operator: string, value: unknown): string {
  return `${key} ${operator} ${JSON.stringify(value)}`;
}

function resolver(
  kind: string,
  condition: Readonly<Record<string, unknown>>,
  holds: (actual: unknown, expected: unknown) => boolean,
  operator: string,
  options: unknown,
): ResolveModifier {
  const isRecord = typeof condition === "object" && condition !== null && !Array.isArray(condition) && !(condition instanceof Map);
  const keys = isRecord ? Object.keys(condition) : [];
  const expected = keys.map((key) => [key, condition[key]] as const);
  const { nodeName, problem: namingProblem } = naming(kind, options);
  const problem = conditionProblem(kind, condition, isRecord, keys, expected, operator === "in" || operator === "not in") ?? namingProblem;
  return {
    kind,
    phase: "resolve",
    repeatable: true,
    configKeys: keys,
    isFallback: false,
    ...(problem !== undefined && { problem }),
    ...(nodeName !== undefined && { nodeName }),
    condition: expected.map(([key, value]) => describe(key, operator, value)).join(" and "),
    // Hamilton reads config.get(key): an unset key is the same as null, for all four wrappers.
    isActive: (config: Config) => expected.every(([key, value]) => holds(Object.hasOwn(config, key) ? (config[key] ?? null) : null, value)),
  };
}

const isScalar = (value: unknown) => value === null || ["string", "number", "boolean"].includes(typeof value);

/** What is wrong with a condition, so a malformed one fails the build instead of hiding the node. */
function conditionProblem(
  kind: string,
  condition: unknown,
  isRecord: boolean,
  keys: readonly string[],
  expected: readonly (readonly [string, unknown])[],
  takesLists: boolean,
): string | undefined {
  const example = takesLists ? `{ region: ["US", "CA"] }` : `{ region: "US" }`;
  if (!isRecord) {
    const got = typeof condition === "string" ? `the string ${JSON.stringify(condition)}` : condition === null ? "null" : Array.isArray(condition) ? "an array" : typeof condition;
    return `${kind}: the condition must be an object of config keys and values such as ${example}, got ${got}`;
  }
  if (keys.length === 0) return `${kind} names no config key; pass a condition such as ${example}`;
  for (const [key, value] of expected) {
    if (takesLists) {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isScalar)) {
        return `${kind}: config key "${key}" must map to a non-empty list of values (strings, numbers, booleans or null) such as ["US", "CA"], got ${JSON.stringify(value) ?? String(value)}; for one value use ${kind === "configWhenIn" ? "configWhen" : "configWhenNot"}`;
      }
    } else if (!isScalar(value)) {
      return `${kind}: config key "${key}" must map to one value (a string, number, boolean or null), got ${Array.isArray(value) ? "a list" : (JSON.stringify(value) ?? String(value))}; for a list of values use ${kind === "configWhen" ? "configWhenIn" : "configWhenNotIn"}`;
    }
  }
  return undefined;
}

const includes = (actual: unknown, values: unknown) => (values as readonly unknown[]).includes(actual);

/** A condition as a function of the whole config (Hamilton's `@config(resolves)`). */
export type ConfigPredicate = (config: Readonly<Config>) => boolean;

/**
 * The function is a node only when every key in `condition` has the given value, or, given a
 * function, when it returns true for the config (Hamilton's `@config(lambda config: …)`; it
 * sees a frozen copy and must return a boolean). Options, between the condition and the function:
 * `name` names the node (Hamilton's `@config.when(name=…)`); without it the node is the export
 * name cut at its last `__`.
 * Malformed conditions or options fail `build()` with `invalid_modifier`; a named variant
 * active beside another node of that name fails it with `config_conflict` or `duplicate_node`.
 * @example
 * export const tax__us = configWhen({ region: "US" }, (sales: number) => sales * 0.07);
 * export const sample__big = configWhen((config) => Number(config.rows) > 1e6, (data: Table) => …);
 * export const usSalesTax = configWhen({ region: "US" }, { name: "salesTax" }, (sales: number) => sales * 0.07);
 */
export function configWhen<F extends NodeFunction>(condition: ConfigCondition | ConfigPredicate, fn: F): F;
export function configWhen<F extends NodeFunction, const Name extends string = string>(condition: ConfigCondition | ConfigPredicate, options: ConfigWhenOptions & { readonly name?: Name }, fn: F): F & NamedNode<Name>;
export function configWhen<F extends NodeFunction>(condition: ConfigCondition | ConfigPredicate, ...rest: [F] | [ConfigWhenOptions, F]): F {
  const [options, fn] = splitArguments<F>("configWhen", rest);
  return applyModifier(typeof condition === "function" ? predicateResolver(condition, options) : resolver("configWhen", condition, Object.is, "==", options), fn);
}

/**
 * A resolver asking a function of the config. Its keys are unknown until it runs, so a conflict
 * names none; its failure (a throw, or an answer that is not a boolean) fails the build.
 */
function predicateResolver(predicate: ConfigPredicate, options: unknown): ResolveModifier {
  const label = predicate.name === "" ? "a condition function" : `${predicate.name}(config)`;
  const { nodeName, problem } = naming("configWhen", options);
  return {
    kind: "configWhen",
    phase: "resolve",
    repeatable: true,
    configKeys: [],
    isFallback: false,
    ...(problem !== undefined && { problem }),
    ...(nodeName !== undefined && { nodeName }),
    condition: `${label} is true`,
    isActive: (config: Config) => {
      let answer: unknown;
      try {
        answer = predicate(Object.freeze({ ...config }));
      } catch (error) {
        throw new FuncflowError("invalid_modifier", `configWhen: ${label} threw under config ${JSON.stringify(config)}: ${error instanceof Error ? error.message : String(error)}. Make it return true or false for every config.`, { cause: error });
      }
      if (typeof answer !== "boolean") {
        throw new FuncflowError("invalid_modifier", `configWhen: ${label} returned ${describeArgument(answer)} under config ${JSON.stringify(config)}; a condition function must return true or false.`);
      }
      return answer;
    },
  };
}

/**
 * The function is a node only when no key in `condition` has the given value; `options.name`
 * as for `configWhen`.
 * @example export const tax__intl = configWhenNot({ region: "US" }, (sales: number) => sales * 0.2);
 */
export function configWhenNot<F extends NodeFunction>(condition: ConfigCondition, fn: F): F;
export function configWhenNot<F extends NodeFunction, const Name extends string = string>(condition: ConfigCondition, options: ConfigWhenOptions & { readonly name?: Name }, fn: F): F & NamedNode<Name>;
export function configWhenNot<F extends NodeFunction>(condition: ConfigCondition, ...rest: [F] | [ConfigWhenOptions, F]): F {
  const [options, fn] = splitArguments<F>("configWhenNot", rest);
  return applyModifier(resolver("configWhenNot", condition, (a, e) => !Object.is(a, e), "!=", options), fn);
}

/**
 * The function is a node only when every key in `condition` takes one of the listed values;
 * `options.name` as for `configWhen`.
 * @example export const tax__eu = configWhenIn({ region: ["DE", "FR"] }, (sales: number) => sales * 0.19);
 */
export function configWhenIn<F extends NodeFunction>(condition: ConfigSetCondition, fn: F): F;
export function configWhenIn<F extends NodeFunction, const Name extends string = string>(condition: ConfigSetCondition, options: ConfigWhenOptions & { readonly name?: Name }, fn: F): F & NamedNode<Name>;
export function configWhenIn<F extends NodeFunction>(condition: ConfigSetCondition, ...rest: [F] | [ConfigWhenOptions, F]): F {
  const [options, fn] = splitArguments<F>("configWhenIn", rest);
  return applyModifier(resolver("configWhenIn", condition, includes, "in", options), fn);
}

/**
 * The function is a node only when no key in `condition` takes any of the listed values;
 * `options.name` as for `configWhen`.
 * @example export const tax__other = configWhenNotIn({ region: ["US", "DE"] }, (sales: number) => sales * 0.1);
 */
export function configWhenNotIn<F extends NodeFunction>(condition: ConfigSetCondition, fn: F): F;
export function configWhenNotIn<F extends NodeFunction, const Name extends string = string>(condition: ConfigSetCondition, options: ConfigWhenOptions & { readonly name?: Name }, fn: F): F & NamedNode<Name>;
export function configWhenNotIn<F extends NodeFunction>(condition: ConfigSetCondition, ...rest: [F] | [ConfigWhenOptions, F]): F {
  const [options, fn] = splitArguments<F>("configWhenNotIn", rest);
  return applyModifier(resolver("configWhenNotIn", condition, (a, e) => !includes(a, e), "not in", options), fn);
}

/**
 * The variant taken when no other variant of the same node is active under the config.
 * @example export const tax__default = configDefault((sales: number) => sales * 0.1);
 */
export function configDefault<F extends NodeFunction>(fn: F): F {
  const modifier: ResolveModifier = {
    kind: "configDefault",
    phase: "resolve",
    repeatable: false,
    configKeys: [],
    isFallback: true,
    condition: "no other variant matches",
    isActive: () => true,
  };
  return applyModifier(modifier, fn);
}
