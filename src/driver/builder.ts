/**
 * The Builder: an immutable description of a Driver. Every `with…` call returns a new Builder,
 * so one can be shared and forked; `build()` loads the modules and validates the graph.
 */
import { FuncflowError } from "../errors.ts";
import type { Config } from "../decorators/index.ts";
import { buildGraph, collectCandidates, resolveVariants, type LoadedModule, type NonFunctionExport } from "../graph/index.ts";
import { Driver, type RecordResult, type ResultBuilder } from "./driver.ts";
import { loadModule } from "./load-module.ts";
import { defaultManifestCacheDir } from "./manifest-cache.ts";
import type { ModuleSource } from "./module-source.ts";
import type { NodesOfSources } from "./types.ts";

interface BuilderState {
  readonly modules: readonly ModuleSource[];
  readonly config: Config;
  readonly manifestCacheDir: string | false | undefined;
  readonly resultBuilder: ResultBuilder<unknown> | undefined;
}

const EMPTY: BuilderState = { modules: [], config: {}, manifestCacheDir: undefined, resultBuilder: undefined };

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
   * Loads the modules, resolves config variants and validates the graph.
   * @throws FuncflowError `module_not_found`, `module_load_failed`, `scan_failed`, `stale_manifest`,
   *   `invalid_signature`, `invalid_export`, `invalid_modifier`, `duplicate_node`, `config_conflict`, `cycle`.
   */
  async build(): Promise<Driver<Nodes, Result>> {
    const { modules, config, resultBuilder } = this.#state;
    if (modules.length === 0) {
      throw new FuncflowError("invalid_argument", `build: no modules. Add one with .withModules(new URL("./transforms.ts", import.meta.url)).`);
    }
    const manifestCacheDir = this.#state.manifestCacheDir ?? defaultManifestCacheDir();
    const loaded = await Promise.all(modules.map((source) => loadModule(source, { manifestCacheDir })));
    return new Driver<Nodes, Result>(graphFromModules(loaded, config), resultBuilder);
  }
}

/** The graph of already-loaded modules under one config. */
export function graphFromModules(loaded: readonly LoadedModule[], config: Config) {
  const candidates = loaded.flatMap((module) => collectCandidates(module));
  const nonFunctions: NonFunctionExport[] = loaded.flatMap(({ manifest, location }) =>
    manifest.nonFunctionExports.map((entry) => ({ ...entry, module: location })),
  );
  return buildGraph(resolveVariants(candidates, config), config, nonFunctions);
}
