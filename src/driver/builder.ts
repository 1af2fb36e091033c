/**
 * The Builder: an immutable description of a Driver. Every `with…` call returns a new Builder,
 * so one can be shared and forked; `build()` loads the modules and validates the graph.
 */
import { FuncflowError } from "../errors/index.ts";
import { type Config, type FunctionGraph, type ModuleSource } from "../graph/index.ts";
import { buildGraph, collectCandidates, compileParallelBlocks, loadSubdagModules, resolveVariants, type LoadedModule, type NonFunctionExport, type SubdagModules } from "../assembly/index.ts";
import { composeAdapters, runValidators, type ComposedAdapters, type LifecycleAdapter } from "../hooks/index.ts";
import type { NodeExecutor } from "../executors/index.ts";
import { createDriverCache, type CacheOptions } from "../cache/index.ts";
import type { Loader, Saver } from "../materialize/index.ts";
import { Driver, type RecordResult } from "./driver.ts";
import { type ResultBuilder } from "../results/index.ts";
import { moduleAddresses } from "./module-addresses.ts";
import { scannedCodeVersions } from "./scanned-code-versions.ts";
import type { Engine } from "./engine.ts";
import { loadModule } from "./load-module.ts";
import { defaultManifestCacheDir } from "../manifest/index.ts";
import type { NodesOfSources, PipelineTypes, TypedBuilder } from "./types.ts";
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
  readonly timeouts: TimeoutOptions;
}

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
  timeouts: {},
};

/** The type parameters only describe what `execute` returns; they carry no run-time state. */
export class Builder<Nodes extends object = Record<never, never>, Result = RecordResult> {
  readonly #state: BuilderState;

  constructor(state: BuilderState = EMPTY) {
    this.#state = state;
  }

  /**
   * Adds modules: a URL or path (scanned on the fly, manifest cached by content hash) or a
   * prebuilt `{ module, manifest }` for bundled code. Call again to add more.
   * @example new Builder().withModules(new URL("./transforms.ts", import.meta.url))
   */
  withModules<const Sources extends readonly ModuleSource[]>(...sources: Sources): Builder<Nodes & NodesOfSources<Sources>, Result> {
    return new Builder({ ...this.#state, modules: [...this.#state.modules, ...sources] });
  }

  /** Merges config (a later key wins); it picks config variants and is readable by nodes. */
  withConfig(config: Config): Builder<Nodes, Result> {
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw new FuncflowError("invalid_argument", `withConfig: config must be a plain object such as { region: "US" }, got ${Array.isArray(config) ? "an array" : String(config)}.`);
    }
    return new Builder({ ...this.#state, config: Object.freeze({ ...this.#state.config, ...config }) });
  }

  /** Where scanned manifests are cached on disk (default `node_modules/.cache/funcflow`); false keeps them in memory. */
  withManifestCache(dir: string | false): Builder<Nodes, Result> {
    return new Builder({ ...this.#state, manifestCacheDir: dir });
  }

  /** Replaces the default record result with another shape (an Arrow Table, a DataFrame, …). */
  withResultBuilder<Built>(resultBuilder: ResultBuilder<Built>): Builder<Nodes, Built> {
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
  typed<Pipeline extends PipelineTypes>(): TypedBuilder<Pipeline, Result> {
    return this as unknown as TypedBuilder<Pipeline, Result>;
  }

  /**
   * Adds lifecycle adapters (hooks around the run and each node, a replacement for how nodes
   * are called, build-time validators). Several compose in the order given; call again to add more.
   * @example new Builder().withModules(url).withAdapters(timingReport(), gracefulErrors())
   */
  withAdapters(...adapters: LifecycleAdapter[]): Builder<Nodes, Result> {
    return new Builder({ ...this.#state, adapters: [...this.#state.adapters, ...adapters] });
  }

  /**
   * Runs nodes through `executor` (e.g. `workerExecutor()` from `funcflow/workers`) instead of
   * calling them in this thread. `driver.close()` releases it.
   * @example new Builder().withModules(url).withExecutor(workerExecutor({ select: { tags: { cpu: "heavy" } } }))
   */
  withExecutor(executor: NodeExecutor): Builder<Nodes, Result> {
    if (typeof executor !== "object" || executor === null || typeof executor.run !== "function") {
      throw new FuncflowError("invalid_argument", `withExecutor: expected an executor (an object with a run(task) method), got ${executor === null ? "null" : typeof executor}.`);
    }
    return new Builder({ ...this.#state, executor });
  }

  /**
   * At most `limit` nodes in flight at once (async nodes, or nodes on an executor); the default
   * is no limit. Synchronous nodes in this thread always run one at a time.
   * @example new Builder().withModules(url).withConcurrency(4)
   */
  withConcurrency(limit: number): Builder<Nodes, Result> {
    if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) {
      throw new FuncflowError("invalid_argument", `withConcurrency: the limit must be a whole number of at least 1 (or Infinity), got ${String(limit)}.`);
    }
    return new Builder({ ...this.#state, concurrency: limit });
  }

  /**
   * Caches node results on disk (default `.funcflow/cache`): a node whose code, inputs and
   * config are unchanged is read instead of computed. `false` turns caching off again.
   * Per-node behaviours given here win over `cacheBehavior(…)` in the source.
   * @example new Builder().withModules(url).withCache({ behaviors: { prices: "recompute", db: "ignore" } })
   */
  withCache(options: CacheOptions | false = {}): Builder<Nodes, Result> {
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
  withTimeout(options: TimeoutOptions): Builder<Nodes, Result> {
    return new Builder({ ...this.#state, timeouts: { ...checkedTimeouts(options) } });
  }

  /**
   * Adds savers and loaders for `driver.materialize`, by format and value type; they win over
   * the built-ins (Arrow IPC, CSV, JSON, Parquet) and over those added before them.
   * @example new Builder().withModules(url).withMaterializers({ name: "npy", formats: ["npy"], accepts: ArrayBuffer.isView, save: writeNpy })
   */
  withMaterializers(...entries: (Saver | Loader)[]): Builder<Nodes, Result> {
    for (const entry of entries) {
      const valid = typeof entry === "object" && entry !== null && Array.isArray(entry.formats) && (typeof (entry as Saver).save === "function" || typeof (entry as Loader).load === "function");
      if (!valid) throw new FuncflowError("invalid_argument", `withMaterializers: expected savers ({ name, formats, accepts, save }) or loaders ({ name, formats, produces, load }).`);
    }
    return new Builder({ ...this.#state, materializers: [...this.#state.materializers, ...entries] });
  }

  /**
   * Loads the modules, resolves config variants, validates the graph and runs the adapters'
   * validators.
   * @throws FuncflowError `module_not_found`, `module_load_failed`, `scan_failed`, `stale_manifest`,
   *   `invalid_signature`, `invalid_export`, `invalid_modifier`, `duplicate_node`, `config_conflict`, `cycle`,
   *   `adapter_conflict`, `validation_failed`, `hook_failed`; for the cache options `invalid_argument`, `unknown_node`.
   */
  async build(): Promise<Driver<Nodes, Result>> {
    const { modules, config, resultBuilder } = this.#state;
    if (modules.length === 0) {
      throw new FuncflowError("invalid_argument", `build: no modules. Add one with .withModules(new URL("./transforms.ts", import.meta.url)).`);
    }
    const adapters = this.#state.adapters.length > 0 ? composeAdapters(this.#state.adapters) : undefined;
    const manifestCacheDir = this.#state.manifestCacheDir ?? defaultManifestCacheDir();
    const load = (source: ModuleSource) => loadModule(source, { manifestCacheDir });
    const loaded = await Promise.all(modules.map(load));
    // Modules that `subdag` reuses are loaded here too: graph building itself is synchronous.
    const graph = graphFromModules(loaded, config, await loadSubdagModules(loaded, load));
    runValidators(this.#state.adapters, { nodes: graph.nodes, config: graph.config });
    return new Driver<Nodes, Result>(graph, resultBuilder, this.#engine(graph, loaded, adapters), this.#state.materializers);
  }

  /** The engine options, or undefined when there are none: the Driver then runs the lean loop. */
  #engine(graph: FunctionGraph, loaded: readonly LoadedModule[], adapters: ComposedAdapters | undefined): Engine | undefined {
    const { executor, concurrency, cache, timeouts } = this.#state;
    const nodeTimeoutMs = nodeTimeouts(graph, timeouts.node);
    const signalParameter = signalParameters(graph);
    const limited = timeouts.run !== undefined || nodeTimeoutMs.some((limit) => limit > 0) || signalParameter.some((index) => index >= 0);
    if (adapters === undefined && executor === undefined && concurrency === Infinity && cache === undefined && !limited) return undefined;
    const addresses = executor === undefined ? [] : moduleAddresses(graph, loaded);
    const driverCache = cache === undefined ? undefined : createDriverCache(graph, cache, scannedCodeVersions(graph, loaded));
    return { adapters, executor, concurrency, addresses, cache: driverCache, nodeTimeoutMs, runTimeoutMs: timeouts.run ?? 0, signalParameter };
  }
}

/** The graph of already-loaded modules under one config. */
export function graphFromModules(loaded: readonly LoadedModule[], config: Config, subdagModules?: SubdagModules) {
  const candidates = loaded.flatMap((module) => collectCandidates(module));
  const nonFunctions: NonFunctionExport[] = loaded.flatMap(({ manifest, location }) =>
    manifest.nonFunctionExports.map((entry) => ({ ...entry, module: location })),
  );
  // Parallel blocks compile into their collecting node after variants resolve, before the build.
  const resolved = compileParallelBlocks(resolveVariants(candidates, config, subdagModules === undefined ? {} : { subdagModules }));
  return buildGraph(resolved, config, nonFunctions);
}
