/**
 * The Builder: an immutable description of a Driver. Every `with…` call returns a new Builder,
 * so one can be shared and forked; `build()` loads the modules and validates the graph.
 */
import { FuncflowError, invalidArgument, isModuleNamespace, optionKeys, requirePlainRecord, requireKnownRecord } from "../errors/index.ts";
import { type Config, type FunctionGraph, type ModuleSource, type NodeSource } from "../graph/index.ts";
import { buildGraph, codeVersionLookup, collectCandidates, compileParallelBlocks, keepLastDefinitions, loadSubdagModules, resolveVariants, type LoadedModule, type NonFunctionExport, type SubdagModules } from "../assembly/index.ts";
import { composeAdapters, runValidators, type ComposedAdapters, type LifecycleAdapter } from "../hooks/index.ts";
import { buildEvent, graphViewOf } from "./graph-view.ts";
import type { NodeExecutor } from "../executors/index.ts";
import { CACHE_BEHAVIORS, type CacheBehavior } from "../decorators/index.ts";
import { createDriverCache, loadFingerprint, type CacheOptions } from "../cache/index.ts";
import type { Loader, Saver } from "../materialize/index.ts";
import { Driver, type RecordResult } from "./driver.ts";
import { type ResultBuilder } from "../results/index.ts";
import { moduleAddresses } from "./module-addresses.ts";
import type { Engine } from "./engine.ts";
import { loadModule } from "./load-module.ts";
import { defaultManifestCacheDir } from "../manifest/index.ts";
import type { MergedConfig, NodesOfSources, NodesWithConfig, PipelineTypes, PipelineWithConfig, TypedBuilder } from "./types.ts";
import { checkBuildTypes, rememberBuild, type TypeCheckOptions } from "./pipeline-type-report.ts";
import { checkedTimeouts, nodeTimeouts, signalParameters, type TimeoutOptions } from "./timeouts.ts";

interface BuilderState {
  readonly modules: readonly ModuleSource[];
  readonly config: Config;
  readonly manifestCacheDir: string | false | undefined;
  readonly resultBuilder: ResultBuilder<unknown> | undefined;
  readonly adapters: readonly LifecycleAdapter[];
  readonly executor: NodeExecutor | undefined;
  readonly concurrency: number;
  readonly cache: CacheOptions | undefined;
  readonly materializers: readonly (Saver | Loader)[];
  readonly typeCheck: TypeCheckOptions | undefined;
  readonly timeouts: TimeoutOptions;
  readonly moduleOverrides: boolean;
  readonly moduleResolver: ModuleResolver | undefined;
}

/**
 * Maps a module that a subdag, parameterizedSubdag, withColumns or listed function names (where
 * the code asked for it) to the module to load instead, e.g. a prebuilt one from a bundle; it may
 * throw to refuse one. `neededBy` is the export that names it.
 */
export type ModuleResolver = (source: ModuleSource, neededBy: NodeSource) => ModuleSource;

const EMPTY: BuilderState = {
  modules: [],
  config: {},
  manifestCacheDir: undefined,
  resultBuilder: undefined,
  adapters: [],
  executor: undefined,
  concurrency: Infinity,
  cache: undefined,
  materializers: [],
  typeCheck: undefined,
  timeouts: {},
  moduleOverrides: false,
  moduleResolver: undefined,
};

/**
 * The type parameters only describe what `execute` returns; they carry no run-time state.
 * `ConfigValues` is the config given so far: its keys are nodes of the Driver, typed by value.
 */
export class Builder<Nodes extends object = Record<never, never>, Result = RecordResult, ConfigValues extends object = Record<never, never>> {
  readonly #state: BuilderState;

  constructor(state: BuilderState = EMPTY) {
    this.#state = state;
  }

  /**
   * Adds modules: a URL or path (scanned on the fly, manifest cached by content hash) or a
   * prebuilt `{ module, manifest }` for bundled code. Call again to add more.
   * @example new Builder().withModules(new URL("./transforms.ts", import.meta.url))
   */
  withModules<const Sources extends readonly ModuleSource[]>(...sources: Sources): Builder<Nodes & NodesOfSources<Sources>, Result, ConfigValues> {
    rejectListArgument("withModules", "sources", sources);
    sources.forEach((source, index) => checkModuleSource(source, index));
    return new Builder({ ...this.#state, modules: [...this.#state.modules, ...sources] });
  }

  /**
   * Merges config (a later key wins); it picks config variants and is readable by nodes. Every
   * key is a node: `execute` accepts it as an output, typed by its value, and a key named like a
   * function replaces that function, in the types as at run time.
   * @example const { region } = await new Builder().withModules(url).withConfig({ region: "US" }).build().then((dr) => dr.execute(["region"])); // region: string
   */
  withConfig<Given extends Config>(config: Given): Builder<Nodes, Result, MergedConfig<ConfigValues, Given>> {
    requirePlainRecord("withConfig", "config", config, `{ region: "US" }`);
    return new Builder({ ...this.#state, config: Object.freeze({ ...this.#state.config, ...config }) });
  }

  /** Where scanned manifests are cached on disk (default `node_modules/.cache/funcflow`); false keeps them in memory. */
  withManifestCache(dir: string | false): Builder<Nodes, Result, ConfigValues> {
    if (dir !== false && (typeof dir !== "string" || dir === "")) {
      throw invalidArgument("withManifestCache", "dir", dir, `a folder path such as "node_modules/.cache/funcflow", or false to keep manifests in memory`);
    }
    return new Builder({ ...this.#state, manifestCacheDir: dir });
  }

  /**
   * Lets a later module override an earlier one, as Hamilton's `allow_module_overrides()`: when
   * functions of several modules make one node name, the last module's win (all its variants of
   * that name) instead of failing the build with `duplicate_node`.
   * @example new Builder().withModules(moduleA, moduleB).allowModuleOverrides().build(); // foo is module_b's
   */
  allowModuleOverrides(): Builder<Nodes, Result, ConfigValues> {
    return new Builder({ ...this.#state, moduleOverrides: true });
  }

  /**
   * Resolves the modules the Builder loads while building — those `subdag`, `parameterizedSubdag`
   * and `withColumns` name in `modules`, and those listed functions are imported from — through
   * `resolve` first: bundled code, which has no files to load, maps each to its prebuilt module
   * (envelopes do). The modules given to `withModules` are loaded as given.
   * @throws FuncflowError `invalid_argument` when `resolve` is not a function; at `build()`, what
   *   `resolve` throws (a FuncflowError as is, anything else as `module_load_failed` naming the export that needs the module).
   * @example new Builder().withModules(bundled).withModuleResolver((source) => prebuiltBySource.get(String(source)) ?? source)
   */
  withModuleResolver(resolve: ModuleResolver): Builder<Nodes, Result, ConfigValues> {
    if (typeof resolve !== "function") throw invalidArgument("withModuleResolver", "resolve", resolve, "a function (source, neededBy) => the module source to load");
    return new Builder({ ...this.#state, moduleResolver: resolve });
  }

  /** Replaces the default record result with another shape (an Arrow Table, a DataFrame, …). */
  withResultBuilder<Built>(resultBuilder: ResultBuilder<Built>): Builder<Nodes, Built, ConfigValues> {
    if (typeof resultBuilder !== "object" || resultBuilder === null || typeof resultBuilder.build !== "function") {
      throw invalidArgument("withResultBuilder", "resultBuilder", resultBuilder, "a result builder: an object with a build(record, outputs) method", "Use e.g. arrowTableResult from funcflow/arrow.");
    }
    return new Builder({ ...this.#state, resultBuilder });
  }

  /**
   * Types `execute` with the declarations `funcflow build` generated for these modules (a URL
   * carries no types): output names, inputs and overrides are checked by the compiler and
   * results carry each node's awaited type. Types only: the same Builder at run time. Call it
   * after `withModules`; the typed Builder keeps `withConfig`, `withManifestCache` and `build`.
   * @example
   * import type { Pipeline } from "./transforms.funcflow.js"; // written by `funcflow build transforms.ts`
   * const dr = await new Builder().withModules(new URL("./transforms.ts", import.meta.url)).typed<Pipeline>().build();
   */
  typed<Pipeline extends PipelineTypes>(): TypedBuilder<PipelineWithConfig<Pipeline, ConfigValues>, Result> {
    return this as unknown as TypedBuilder<PipelineWithConfig<Pipeline, ConfigValues>, Result>;
  }

  /**
   * Adds lifecycle adapters (hooks around the run and each node, a replacement for how nodes
   * are called, build-time validators). Several compose in the order given; call again to add more. The same adapter object given again is kept once, where it was first given.
   * @throws FuncflowError `invalid_argument` for something that is not an adapter, a result builder included (pass that to `withResultBuilder`).
   * @example new Builder().withModules(url).withAdapters(timingReport(), gracefulErrors())
   */
  withAdapters(...adapters: LifecycleAdapter[]): Builder<Nodes, Result, ConfigValues> {
    rejectListArgument("withAdapters", "adapters", adapters);
    adapters.forEach((adapter, index) => checkAdapter(adapter, index));
    // One adapter given twice (two withAdapters calls sharing it) is one adapter, as Hamilton's
    // adapter set keeps each once: its hooks run once and its method is no conflict with itself.
    return new Builder({ ...this.#state, adapters: [...new Set([...this.#state.adapters, ...adapters])] });
  }

  /**
   * Runs nodes through `executor` (e.g. `workerExecutor()` from `funcflow/workers`) instead of
   * calling them in this thread. `driver.close()` releases it.
   * @example new Builder().withModules(url).withExecutor(workerExecutor({ select: { tags: { cpu: "heavy" } } }))
   */
  withExecutor(executor: NodeExecutor): Builder<Nodes, Result, ConfigValues> {
    if (typeof executor !== "object" || executor === null || typeof executor.run !== "function") {
      throw invalidArgument("withExecutor", "executor", executor, "an executor: an object with a run(task) method", "Use e.g. workerExecutor() from funcflow/workers.");
    }
    return new Builder({ ...this.#state, executor });
  }

  /**
   * At most `limit` nodes in flight at once (async nodes, or nodes on an executor); the default
   * is no limit. Synchronous nodes in this thread always run one at a time.
   * @example new Builder().withModules(url).withConcurrency(4)
   */
  withConcurrency(limit: number): Builder<Nodes, Result, ConfigValues> {
    if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) {
      throw invalidArgument("withConcurrency", "limit", limit, "a whole number of at least 1 (or Infinity)");
    }
    return new Builder({ ...this.#state, concurrency: limit });
  }

  /**
   * Caches node results on disk (default `.funcflow/cache`): a node whose code, inputs and
   * config are unchanged is read instead of computed. `false` turns caching off again.
   * Per-node behaviours given here win over `cacheBehavior(…)` in the source.
   * @example new Builder().withModules(url).withCache({ behaviors: { prices: "recompute", db: "ignore" } })
   */
  withCache(options: CacheOptions | false = {}): Builder<Nodes, Result, ConfigValues> {
    if (options !== false) checkCacheOptions(options);
    return new Builder({ ...this.#state, cache: options === false ? undefined : options });
  }

  /**
   * Time limits in milliseconds: `node` for every node (a node's own
   * `tag({ "funcflow.timeoutMs": "5000" })` wins), `run` for a whole `execute`. A node still
   * running at its limit fails the run with a `timeout` error naming the node and the limit; a
   * run past its limit fails with a `timeout` error naming the nodes still running. Either way
   * the run's `AbortSignal` is aborted (nodes that declare `signal?: AbortSignal` receive it) and
   * in-flight work is abandoned. Only async nodes (or nodes on an executor) can be stopped at
   * their limit: a synchronous function holds the thread until it returns.
   * @throws FuncflowError `invalid_argument` for a limit that is not a positive number.
   * @example new Builder().withModules(url).withTimeout({ node: 30_000, run: 600_000 })
   */
  withTimeout(options: TimeoutOptions): Builder<Nodes, Result, ConfigValues> {
    return new Builder({ ...this.#state, timeouts: { ...checkedTimeouts(options) } });
  }

  /**
   * Adds savers and loaders for `driver.materialize`, by format and value type; they win over
   * the built-ins (Arrow IPC, CSV, JSON, Parquet) and over those added before them.
   * @example new Builder().withModules(url).withMaterializers({ name: "npy", formats: ["npy"], accepts: ArrayBuffer.isView, save: writeNpy })
   */
  withMaterializers(...entries: (Saver | Loader)[]): Builder<Nodes, Result, ConfigValues> {
    rejectListArgument("withMaterializers", "entries", entries);
    entries.forEach((entry, index) => {
      const valid = typeof entry === "object" && entry !== null && Array.isArray(entry.formats) && (typeof (entry as Saver).save === "function" || typeof (entry as Loader).load === "function");
      if (!valid) throw invalidArgument("withMaterializers", `entries[${index}]`, entry, "a saver ({ name, formats, accepts, save }) or a loader ({ name, formats, produces, load })");
    });
    return new Builder({ ...this.#state, materializers: [...this.#state.materializers, ...entries] });
  }

  /**
   * Makes `build()` check every edge's types with the TypeScript checker, as `funcflow build`
   * does: each producer's value must fit the parameters that read it, including nodes made by
   * modifiers and values they bind. Modules loaded from files are checked (JavaScript untyped);
   * prebuilt ones (bundles) are not; `funcflow build`/`validate` run this same check. The report
   * is cached by the files it read: an unchanged pipeline costs a few file reads (≤ 200 ms,
   * bench/typecheck.ts); a changed one builds a TypeScript Program (about 1-3 s for a few
   * modules, ts-morph's import included). `false` turns it off again.
   * @example const dr = await new Builder().withModules(url).withTypeCheck().build(); // throws edge_type_mismatch on a misfit
   */
  withTypeCheck(options: TypeCheckOptions | false = {}): Builder<Nodes, Result, ConfigValues> {
    if (options !== false) {
      requireKnownRecord("withTypeCheck", "options", options, TYPE_CHECK_OPTION_KEYS, '{ tsconfig: "tsconfig.json" }, or false to turn the check off');
      for (const key of ["tsconfig", "cacheDir"] as const) {
        const path = options[key];
        if (path !== undefined && path !== false && (typeof path !== "string" || path === "")) throw invalidArgument("withTypeCheck", `options.${key}`, path, "a path, or false");
      }
    }
    return new Builder({ ...this.#state, typeCheck: options === false ? undefined : options });
  }

  /**
   * Loads the modules, resolves config variants, validates the graph and runs the adapters'
   * validators; with `withTypeCheck()`, checks every edge's types.
   * @throws FuncflowError `module_not_found`, `module_load_failed`, `scan_failed`, `stale_manifest`,
   *   `invalid_signature`, `invalid_export`, `invalid_modifier`, `duplicate_node`, `config_conflict`, `cycle`,
   *   `adapter_conflict`, `validation_failed`, `hook_failed`; for the cache options `invalid_argument`, `unknown_node`;
   *   `edge_type_mismatch` for an input whose consumers' declared types share no value (`f(a: number)`, `g(a: string)`);
   *   with `withTypeCheck()`, `edge_type_mismatch` naming each edge, both ends and their types.
   */
  async build(): Promise<Driver<NodesWithConfig<Nodes, ConfigValues>, Result>> {
    const { modules, config, resultBuilder } = this.#state;
    if (modules.length === 0) {
      throw new FuncflowError("invalid_argument", `build: no modules. Add one with .withModules(new URL("./transforms.ts", import.meta.url)).`);
    }
    const adapters = this.#state.adapters.length > 0 ? composeAdapters(this.#state.adapters) : undefined;
    const manifestCacheDir = this.#state.manifestCacheDir ?? defaultManifestCacheDir();
    const load = (source: ModuleSource) => loadModule(source, { manifestCacheDir });
    const resolver = this.#state.moduleResolver;
    const loadNamed = resolver === undefined ? load : async (source: ModuleSource, neededBy: NodeSource) => load(resolved(resolver, source, neededBy));
    // The cache's hasher compiles off the main thread while the modules load; the cache setup
    // awaits it (and reports a failure) below.
    if (this.#state.cache !== undefined) loadFingerprint().catch(() => undefined);
    const loaded = onceEach(await Promise.all(modules.map(load)), this.#state.moduleOverrides);
    // Modules that `subdag` reuses are loaded here too: graph building itself is synchronous.
    const subdagModules = await loadSubdagModules(loaded, loadNamed);
    const graph = graphFromModules(loaded, config, subdagModules, this.#state.moduleOverrides);
    if (graph.inputTypeConflict !== undefined && this.#state.typeCheck === undefined) throw graph.inputTypeConflict;
    // The node descriptions are made only if a validator reads them.
    runValidators(this.#state.adapters, graphViewOf(graph));
    const built = { loaded, subdagModules: [...subdagModules.values()], graph, manifestCacheDir, moduleOverrides: this.#state.moduleOverrides };
    if (this.#state.typeCheck !== undefined) await checkBuildTypes(built, this.#state.typeCheck);
    // The static check lists an input conflict with every other mismatch; one it cannot see (behind an opaque modifier) still fails.
    if (graph.inputTypeConflict !== undefined) throw graph.inputTypeConflict;
    const engine = await this.#engine(graph, subdagModules.size === 0 ? loaded : [...loaded, ...subdagModules.values()], adapters);
    if (adapters !== undefined) await adapters.afterBuild(buildEvent(graph, loaded.map((module) => module.url ?? module.location)));
    const driver = new Driver<NodesWithConfig<Nodes, ConfigValues>, Result>(graph, resultBuilder, engine, this.#state.materializers);
    rememberBuild(driver, built);
    return driver;
  }

  /** The engine options, or undefined when there are none: the Driver then runs the lean loop. */
  async #engine(graph: FunctionGraph, loaded: readonly LoadedModule[], adapters: ComposedAdapters | undefined): Promise<Engine | undefined> {
    const { executor, concurrency, cache, timeouts } = this.#state;
    const nodeTimeoutMs = nodeTimeouts(graph, timeouts.node);
    const signalParameter = signalParameters(graph);
    const limited = timeouts.run !== undefined || nodeTimeoutMs.some((limit) => limit > 0) || signalParameter.some((index) => index >= 0);
    if (adapters === undefined && executor === undefined && concurrency === Infinity && cache === undefined && !limited) return undefined;
    const addresses = executor === undefined ? [] : moduleAddresses(graph, loaded);
    const driverCache = cache === undefined ? undefined : await createDriverCache(graph, cache);
    return { adapters, executor, concurrency, addresses, cache: driverCache, nodeTimeoutMs, runTimeoutMs: timeouts.run ?? 0, signalParameter };
  }
}

/** What `resolver` maps `source` to; a failure that is not a FuncflowError is wrapped, naming the module and the export that needs it. */
function resolved(resolver: ModuleResolver, source: ModuleSource, neededBy: NodeSource): ModuleSource {
  try {
    return resolver(source, neededBy);
  } catch (error) {
    if (error instanceof FuncflowError) throw error;
    throw new FuncflowError("module_load_failed", `${neededBy.module}:${neededBy.line} (${neededBy.exportName}): the module resolver failed on ${source instanceof URL || typeof source === "string" ? String(source) : "a prebuilt module"}: ${error instanceof Error ? error.message : String(error)}. Fix the function given to withModuleResolver.`, {
      cause: error,
      node: neededBy.exportName,
    });
  }
}

/** A module source's shape; whether the file exists is checked by `build()`. */
function checkModuleSource(source: unknown, index: number): void {
  const argument = `sources[${index}]`;
  const example = `new URL("./transforms.ts", import.meta.url)`;
  if (source instanceof URL) return;
  if (typeof source === "string") {
    if (source.trim() === "") throw invalidArgument("withModules", argument, source, `a module's URL or path such as ${example}`);
    return;
  }
  if (isModuleNamespace(source)) {
    throw invalidArgument(
      "withModules",
      argument,
      source,
      `a module's URL or path such as ${example}`,
      `funcflow reads the module's source for parameter names and types, so pass where it is, not what import() returned (bundled code: { module: await import("./m.js"), manifest } with a manifest from funcflow build).`,
    );
  }
  if (typeof source === "object" && source !== null && !Array.isArray(source) && "module" in source && "manifest" in source) return;
  throw invalidArgument("withModules", argument, source, `a module's URL or path such as ${example}, or a prebuilt { module, manifest }`);
}

/**
 * A variadic method given one list instead of its entries (Hamilton's `with_materializers(list)`
 * mistake): the message says to spread it, rather than that the first entry is "an array".
 */
function rejectListArgument(where: string, parameter: string, args: readonly unknown[]): void {
  const at = args.findIndex((arg) => Array.isArray(arg));
  if (at < 0) return;
  throw invalidArgument(where, `${parameter}[${at}]`, args[at], "one entry, not a list", `Spread a list into separate arguments: .${where}(...list).`);
}

// Every member of LifecycleAdapter, by kind: the compiler refuses a member added to the
// interface and left out here, so a new hook is checked like the others.
const ADAPTER_MEMBERS = {
  name: "name",
  validateNode: "hook",
  validateGraph: "hook",
  afterBuild: "hook",
  beforeGraph: "hook",
  afterGraph: "hook",
  beforeNode: "hook",
  afterNode: "hook",
  callNode: "hook",
  recoverNode: "hook",
  onDataQualityWarning: "hook",
  readsValues: "flag",
  injectsErrorSentinels: "flag",
  perItem: "flag",
} as const satisfies Record<keyof LifecycleAdapter, "name" | "hook" | "flag">;
const membersOfKind = (kind: "hook" | "flag") => (Object.keys(ADAPTER_MEMBERS) as (keyof LifecycleAdapter)[]).filter((member) => ADAPTER_MEMBERS[member] === kind);
const ADAPTER_HOOKS = membersOfKind("hook");
const ADAPTER_FLAGS = membersOfKind("flag");

/** An adapter is an object whose hooks, when present, are functions. */
function checkAdapter(adapter: unknown, index: number): void {
  const where = "withAdapters";
  if (typeof adapter !== "object" || adapter === null || Array.isArray(adapter)) {
    throw invalidArgument(where, `adapters[${index}]`, adapter, "a lifecycle adapter: an object with a name and hooks such as beforeNode(event)", "Use e.g. timingReport() from funcflow/adapters.");
  }
  const record = adapter as Record<string, unknown>;
  if (typeof record.name !== "string" || record.name === "") throw invalidArgument(where, `adapters[${index}].name`, record.name, "a non-empty string naming the adapter in messages");
  // Hamilton takes result builders as adapters (`with_adapters(base.PandasDataFrameResult())`,
  // examples/hello_world), so a port writes `withAdapters(arrowTableResult)`; with no hook it
  // would be ignored and the run would return a record where a table was meant.
  if (typeof record.build === "function" && ADAPTER_HOOKS.every((hook) => record[hook] === undefined)) {
    throw invalidArgument(where, `adapters[${index}]`, adapter, "a lifecycle adapter, not a result builder", `"${record.name}" builds results: pass it to withResultBuilder(${record.name}) (Hamilton's with_adapters(PandasDataFrameResult()) is withResultBuilder(arrowTableResult) here).`);
  }
  for (const hook of ADAPTER_HOOKS) {
    const value = record[hook];
    if (value !== undefined && typeof value !== "function") throw invalidArgument(where, `adapters[${index}].${hook}`, value, "a function (or left out)");
  }
  for (const flag of ADAPTER_FLAGS) {
    const value = record[flag];
    if (value !== undefined && typeof value !== "boolean") throw invalidArgument(where, `adapters[${index}].${flag}`, value, "true or false (or left out)");
  }
}

const TYPE_CHECK_OPTION_KEYS = optionKeys<TypeCheckOptions>({ tsconfig: true, cacheDir: true });
const CACHE_OPTION_KEYS = optionKeys<CacheOptions>({ dir: true, behaviors: true, defaultBehavior: true, defaultLoaderBehavior: true, defaultSaverBehavior: true, logger: true, store: true, onWarning: true });

function checkCacheOptions(options: unknown): void {
  const where = "withCache";
  requireKnownRecord(where, "options", options, CACHE_OPTION_KEYS, `{ dir: ".funcflow/cache" } (or false to turn caching off)`);
  // Behaviour names are checked against the graph by createDriverCache at build time.
  const { dir, behaviors, store, onWarning, logger } = options as Record<string, unknown>;
  for (const option of ["defaultBehavior", "defaultLoaderBehavior", "defaultSaverBehavior"] as const) {
    const behavior = (options as Record<string, unknown>)[option];
    if (behavior !== undefined && !CACHE_BEHAVIORS.includes(behavior as CacheBehavior)) throw invalidArgument(where, `options.${option}`, behavior, `one of ${CACHE_BEHAVIORS.join(", ")}`);
  }
  if (dir !== undefined && (typeof dir !== "string" || dir === "")) throw invalidArgument(where, "options.dir", dir, `a folder path such as ".funcflow/cache"`);
  if (behaviors !== undefined) {
    requirePlainRecord(where, "options.behaviors", behaviors, `{ prices: "recompute" }`);
    for (const [node, behavior] of Object.entries(behaviors)) {
      if (!CACHE_BEHAVIORS.includes(behavior as CacheBehavior)) throw invalidArgument(where, `options.behaviors.${node}`, behavior, `one of ${CACHE_BEHAVIORS.join(", ")}`);
    }
  }
  if (store !== undefined && (typeof store !== "object" || store === null)) throw invalidArgument(where, "options.store", store, "a cache store object");
  if (onWarning !== undefined && typeof onWarning !== "function") throw invalidArgument(where, "options.onWarning", onWarning, "a function (message) => void");
  if (logger !== undefined && (typeof logger !== "object" || logger === null)) throw invalidArgument(where, "options.logger", logger, "a structured logger object");
}

/** The graph of already-loaded modules under one config. */
export function graphFromModules(loaded: readonly LoadedModule[], config: Config, subdagModules?: SubdagModules, moduleOverrides = false) {
  const all = loaded.length === 1 ? collectCandidates(loaded[0]!) : loaded.flatMap((module) => collectCandidates(module));
  const candidates = moduleOverrides && loaded.length > 1 ? keepLastDefinitions(all) : all;
  const nonFunctions: NonFunctionExport[] = loaded.flatMap(({ manifest, location }) =>
    manifest.nonFunctionExports.map((entry) => ({ ...entry, module: location })),
  );
  // Parallel blocks compile into their collecting node after variants resolve, before the build.
  const resolved = compileParallelBlocks(resolveVariants(candidates, config, subdagModules === undefined ? {} : { subdagModules }));
  const hiddenFunctions = loaded.flatMap(({ manifest, location }) => (manifest.hiddenFunctions ?? []).map((entry) => ({ ...entry, module: location })));
  // Subdag modules' nodes get their versions too: the cache keys them by it as well.
  const codeVersionOf = codeVersionLookup(subdagModules === undefined || subdagModules.size === 0 ? loaded : [...loaded, ...subdagModules.values()]);
  return buildGraph(resolved, config, nonFunctions, hiddenFunctions, codeVersionOf);
}

/**
 * Each module once. One module given twice (as a URL and a path, or in two `withModules` calls)
 * would define each of its nodes twice, which read as a `duplicate_node` naming the same place
 * twice; under module overrides a later copy only overrides the earlier, as in Hamilton, so the
 * last is kept.
 * @throws FuncflowError `invalid_argument` naming the module and both of its positions (without overrides).
 */
function onceEach(loaded: readonly LoadedModule[], overrides: boolean): readonly LoadedModule[] {
  const lastAt = new Map<unknown, number>();
  loaded.forEach((module, index) => {
    // A file is one module whatever its spelling; a prebuilt module is its namespace object.
    const identity = module.url ?? module.namespace;
    const earlier = lastAt.get(identity);
    if (earlier !== undefined && !overrides) {
      throw new FuncflowError(
        "invalid_argument",
        `build: ${module.location} is given twice (as module ${earlier + 1} and module ${index + 1}), so each of its functions would define its node twice. Give each module once.`,
        { details: { module: module.location, positions: [earlier, index] } },
      );
    }
    lastAt.set(identity, index);
  });
  return lastAt.size === loaded.length ? loaded : loaded.filter((module, index) => lastAt.get(module.url ?? module.namespace) === index);
}
