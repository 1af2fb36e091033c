/**
 * `subdag`: reuses whole modules, or listed functions (Hamilton's `@subdag(fn1, fn2)`), as a part
 * of this graph under a namespace, with their own inputs and config. Every node of the modules
 * becomes `<ns>.<name>`; each `inputs` entry
 * becomes a node `<ns>.<key>` (the named node's value, or a literal), and each `config` entry
 * that a node reads as a parameter a node `<ns>.<key>` holding the value; names the modules
 * neither define nor receive stay global (so a shared input such as `weight` is read once).
 * The wrapped function then computes the final node from the subgraph's nodes.
 */
import { describeArgument, optionKeys } from "../errors/index.ts";
import { type ExcludedVariant, type ModuleSource, type NodeParam, type NodeSpec, applyModifier, type NodeFunction, type Config, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { isDependency, value as literal, type Dependency } from "./dependency.ts";
import { finalNodes } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";

/** What the graph builder adds to the modifier context so `subdag` can read other modules. */
export interface SubgraphContext extends ModifierContext {
  /**
   * The node specs the modules define under `config` (variants resolved, modifiers applied), and
   * the names only config variants define that this config left out.
   */
  resolveModules(sources: readonly ModuleSource[], config: Config, listed?: ListedFunctions): { readonly specs: readonly NodeSpec[]; readonly excluded: ReadonlyMap<string, readonly ExcludedVariant[]> };
  /**
   * Records variants a subgraph's config left out of a name that the subgraph then reads from
   * the outer graph, so a missing input of that name is explained as at the top level.
   */
  noteExcluded?(name: string, variants: readonly ExcludedVariant[]): void;
}

/**
 * A modifier's `functions` option: the function values, in order. Their parameter names come
 * from the scanner's reading of the same list in the source (`ManifestFunction.functionLists`).
 */
export interface ListedFunctions {
  /** The modifier's kind, as its call is named in the source (`subdag`, `parameterizedSubdag`, `withColumns`). */
  readonly modifier: string;
  readonly functions: readonly NodeFunction[];
}

/** One subgraph's inputs and config. */
export interface SubgraphSettings {
  /** Subgraph input name → `source("outerNode")`, `value(x)` or a bare literal. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  /** Config for the subgraph's modules (merged over the outer config), also readable as nodes. */
  readonly config?: Config;
}

/** `subdag`'s options. */
export interface SubdagOptions extends SubgraphSettings {
  /** The modules to reuse: URLs, paths or prebuilt modules, as `withModules` takes. */
  readonly modules?: readonly ModuleSource[];
  /**
   * Functions to reuse, by name: declared in this module (exported or not) or imported from
   * another (Hamilton's `@subdag(fn1, fn2)`). Each makes the node its name (cut at `__`) makes,
   * as it would in a module of its own. Combine with `modules` freely; at least one is needed.
   */
  readonly functions?: readonly NodeFunction[];
  /** Prefix of the subgraph's nodes (default: the node's name). */
  readonly namespace?: string;
  /** The final node's name (default: the node's name). */
  readonly finalNodeName?: string;
  /** Names the subgraph reads from the outer graph even though it defines or receives them. */
  readonly externalInputs?: readonly string[];
}

/** The keys of SubdagOptions, checked against the interface by the compiler. */
export const SUBDAG_OPTION_KEYS = optionKeys<SubdagOptions>({ modules: true, functions: true, namespace: true, finalNodeName: true, externalInputs: true, inputs: true, config: true });

/**
 * The modifier `subdag`, `parameterizedSubdag` and `withColumns` attach; the Builder loads
 * `moduleSources` first, and the modules the `listedFunctions` are imported from.
 */
export interface SubdagModifier extends NodeModifier {
  readonly moduleSources: readonly ModuleSource[];
  /** The `functions` option's values (empty when it has none). */
  readonly listedFunctions: readonly NodeFunction[];
}

interface Instance extends SubgraphSettings {
  readonly namespace: string | undefined;
  readonly finalNodeName: string | undefined;
}

/**
 * Embeds `modules` as nodes `<ns>.<name>`; the wrapped function's parameters read them.
 * @throws FuncflowError `invalid_modifier` at build for neither modules nor functions, a modules entry that is no URL, path or prebuilt module,
 *   a functions entry that is not a function, is listed twice, or names no declaration the scanner can read (`makeFn()`, `...list`, `obj.f`),
 *   a module that subdags itself, or a module that cannot be loaded.
 * @example
 * export const usFeatures = subdag(
 *   { modules: [new URL("./features.ts", import.meta.url)], inputs: { raw: source("usSales") }, config: { region: "US" } },
 *   (score: number) => score,
 * );
 * // Functions instead of (or beside) modules: declared here or imported.
 * export const cleaned = subdag({ functions: [loadData, clean], inputs: { path: source("rawPath") } }, (clean: number) => clean);
 */
export function subdag<F extends NodeFunction>(options: SubdagOptions, fn: F): F {
  const instance: Instance = { ...options, namespace: options?.namespace, finalNodeName: options?.finalNodeName };
  return applyModifier(subdagModifier("subdag", options, [instance]), fn);
}

/**
 * Several subgraphs from one definition: each entry of `instances` is a final node named after
 * it, with its nodes under that namespace and its own inputs and config over the shared ones.
 * @example
 * export const regionScore = parameterizedSubdag(
 *   { modules: [new URL("./features.ts", import.meta.url)] },
 *   { usScore: { inputs: { raw: source("usSales") } }, euScore: { inputs: { raw: source("euSales") } } },
 *   (score: number) => score,
 * );
 */
export function parameterizedSubdag<F extends NodeFunction>(
  shared: SubdagOptions,
  instances: Readonly<Record<string, SubgraphSettings>>,
  fn: F,
): F {
  const list = Object.entries(instances ?? {}).map(([name, settings]): Instance => ({
    inputs: { ...shared?.inputs, ...settings?.inputs },
    config: { ...shared?.config, ...settings?.config },
    namespace: name,
    finalNodeName: name,
  }));
  const modifier = subdagModifier("parameterizedSubdag", shared, list);
  return applyModifier(list.length === 0 ? { ...modifier, problem: "parameterizedSubdag names no subgraph; pass { name: { inputs, config } }" } : modifier, fn);
}

function subdagModifier(kind: string, options: SubdagOptions, instances: readonly Instance[]): SubdagModifier {
  const modules = Array.isArray(options?.modules) ? options.modules : [];
  const functions = Array.isArray(options?.functions) ? options.functions : [];
  const problem =
    optionsProblem(kind, options, SUBDAG_OPTION_KEYS) ??
    partsProblem(kind, options, `{ modules: [new URL("./part.ts", import.meta.url)] } or { functions: [loadData, clean] }`) ??
    moduleSourcesProblem(kind, modules) ??
    listedFunctionsProblem(kind, functions);
  return {
    kind,
    phase: "create",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    // A misused subdag loads nothing: its problem is raised when the graph is built.
    moduleSources: problem === undefined ? modules : [],
    listedFunctions: problem === undefined ? functions : [],
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const subgraph = (context as Partial<SubgraphContext>).resolveModules;
      if (subgraph === undefined) return context.fail(`${kind} needs the Builder to load its modules; build the graph with Builder.build().`);
      const [base] = finalNodes(nodes) as [NodeSpec];
      const listed = functions.length === 0 ? undefined : { modifier: kind, functions };
      const resolveModules = (config: Config) => subgraph.call(context, modules, config, listed);
      return instances.flatMap((instance) => embed(base, instance, options.externalInputs ?? [], resolveModules, context));
    },
  };
}

function embed(
  base: NodeSpec,
  instance: Instance,
  externalInputs: readonly string[],
  resolveModules: (config: Config) => ReturnType<SubgraphContext["resolveModules"]>,
  context: ModifierContext,
): NodeSpec[] {
  const namespace = instance.namespace ?? base.name;
  const inputs = instance.inputs ?? {};
  const ownConfig = resolveSubdagConfig(instance.config ?? {}, context);
  const shared = Object.keys(inputs).filter((key) => Object.hasOwn(ownConfig, key));
  if (shared.length > 0) {
    context.fail(
      `subdag ${namespace}: ${shared.map((key) => `"${key}"`).join(", ")} ${shared.length > 1 ? "are" : "is"} given both in inputs and in config; the subgraph would get two nodes "${namespace}.${shared[0]}". Give each name in one place only.`,
    );
  }
  const { specs, excluded } = resolveModules({ ...context.config, ...ownConfig });
  // As at the top level, a config key or an input named like a function replaces it.
  const inner = specs.filter((spec) => !Object.hasOwn(ownConfig, spec.name) && !Object.hasOwn(inputs, spec.name));
  const read = new Set(inner.flatMap((spec) => spec.params.map((param) => param.name)));
  const usedConfig = Object.keys(ownConfig).filter((key) => read.has(key) || base.params.some((param) => param.name === key));
  const local = new Set([...inner.map((spec) => spec.name), ...Object.keys(inputs), ...usedConfig].filter((name) => !externalInputs.includes(name)));
  const rename = (name: string) => (local.has(name) ? `${namespace}.${name}` : name);
  // A name the subgraph's config left without a variant is read from the outer graph (as in
  // Hamilton); say why, so its missing input reads as config_unsatisfied rather than a typo.
  for (const [name, variants] of excluded) {
    if (!local.has(name)) (context as Partial<SubgraphContext>).noteExcluded?.(name, variants.map((variant) => ({ ...variant, subgraph: variant.subgraph ?? namespace })));
  }
  const renameParams = (params: readonly NodeParam[]) => params.map((param) => ({ ...param, name: rename(param.name) }));
  const typeOf = (name: string) => inner.flatMap((spec) => spec.params).find((param) => param.name === name)?.type ?? "unknown";
  const embedded = inner.map((spec): NodeSpec => ({
    ...spec,
    name: `${namespace}.${spec.name}`,
    params: renameParams(spec.params),
    group: namespace,
    embeddedIn: namespace,
    ...(spec.parallel?.kind === "collect" && { parallel: { ...spec.parallel, param: rename(spec.parallel.param) } }),
  }));
  const inputNodes = Object.entries(inputs).map(([key, given]) => inputNode(base, `${namespace}.${key}`, isDependency(given) ? given : literal(given), typeOf(key), namespace, context));
  const configNodes = usedConfig.map((key) => inputNode(base, `${namespace}.${key}`, literal(ownConfig[key]), typeOf(key), namespace, context));
  const final: NodeSpec = { ...base, name: instance.finalNodeName ?? base.name, params: renameParams(base.params) };
  return [...embedded, ...inputNodes, ...configNodes, final];
}

/**
 * Subgraph config as plain values: `value(x)` is `x` and `configuration("k")` the outer
 * config's `k`, as Hamilton resolves them; a node's value cannot be config.
 */
function resolveSubdagConfig(config: Config, context: ModifierContext): Config {
  const resolved: Record<string, unknown> = {};
  for (const [key, given] of Object.entries(config)) {
    if (!isDependency(given)) {
      resolved[key] = given;
      continue;
    }
    switch (given.kind) {
      case "value":
        resolved[key] = given.value;
        break;
      case "configuration":
        if (!Object.hasOwn(context.config, given.key)) {
          context.fail(`subdag config "${key}" reads config key "${given.key}", which the config does not set. Set it with withConfig({ ${given.key}: … }), or give the value itself.`);
        }
        resolved[key] = context.config[given.key];
        break;
      default:
        context.fail(`subdag config "${key}" is a ${given.kind}(…): config is fixed when the graph is built, so it cannot read a node. Pass it in inputs instead, or use value(…) or configuration("key").`);
    }
  }
  return resolved;
}

/** A node `<ns>.<key>` holding an input of the subgraph: another node's value or a literal. */
function inputNode(base: NodeSpec, name: string, dependency: Dependency, type: string, namespace: string, context: ModifierContext): NodeSpec {
  const common = { ...base, name, type, tags: {}, isAsync: false, role: "subdag-input", group: namespace, doc: `Input of subgraph ${namespace}.`, schema: undefined, parallel: undefined };
  switch (dependency.kind) {
    case "source":
      return { ...common, fn: ((value: unknown) => value) as NodeSpec["fn"], params: [{ name: dependency.node, type, optional: false }] };
    case "value":
      return { ...common, fn: (() => dependency.value) as NodeSpec["fn"], params: [] };
    case "configuration":
      if (!Object.hasOwn(context.config, dependency.key)) context.fail(`subdag input "${name}" reads config key "${dependency.key}", which the config does not set.`);
      return { ...common, fn: (() => context.config[dependency.key]) as NodeSpec["fn"], params: [] };
    case "group":
      return context.fail(`subdag input "${name}" is a group; pass one source(…) or value(…) per input.`);
  }
}

/**
 * What is wrong with `modules` and `functions` as given, before the entries are looked at: both
 * missing or empty, or one that is not a list.
 */
export function partsProblem(kind: string, options: { readonly modules?: unknown; readonly functions?: unknown }, example: string): string | undefined {
  for (const key of ["modules", "functions"] as const) {
    if (options?.[key] !== undefined && !Array.isArray(options[key])) return `${kind}: ${key} must be a list, got ${describeArgument(options[key])}`;
  }
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  if (count(options?.modules) + count(options?.functions) === 0) return `${kind} needs ${example}`;
  return undefined;
}

/**
 * The first entry of a `functions` list that is not a function, or a function listed twice, as
 * the modifier's problem; undefined when every entry is a distinct function.
 * @example listedFunctionsProblem("subdag", [f, f]); // "subdag: functions[0] and functions[1] are the same function "f"; list it once"
 */
export function listedFunctionsProblem(kind: string, functions: readonly unknown[]): string | undefined {
  for (const [index, fn] of functions.entries()) {
    if (typeof fn !== "function") return `${kind}: functions[${index}] must be a function declared in this module or imported from another, got ${describeArgument(fn)}`;
    const first = functions.indexOf(fn);
    if (first !== index) return `${kind}: functions[${first}] and functions[${index}] are the same function${fn.name ? ` "${fn.name}"` : ""}, which would define its node twice; list it once`;
  }
  return undefined;
}

/**
 * The first entry of a modifier's `modules` that cannot be a module source, as the modifier's
 * problem (`invalid_modifier` at build), or undefined. Checked here because the modules are keyed
 * and loaded before any modifier applies: a number or null used to fail there as a bare TypeError.
 * Objects pass: loading them explains a bad prebuilt module or an imported namespace.
 * @example moduleSourcesProblem("subdag", [new URL("file:///a.ts"), 3]); // "subdag: modules[1] must be …, got the number 3"
 */
export function moduleSourcesProblem(kind: string, modules: readonly unknown[]): string | undefined {
  const index = modules.findIndex((source) => !(source instanceof URL || (typeof source === "string" && source.trim() !== "") || (typeof source === "object" && source !== null && !Array.isArray(source))));
  if (index === -1) return undefined;
  return `${kind}: modules[${index}] must be a module's URL or path, e.g. new URL("./part.ts", import.meta.url), or a prebuilt { module, manifest }, got ${describeArgument(modules[index])}`;
}
