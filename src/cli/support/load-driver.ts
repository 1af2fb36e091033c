/**
 * Builds the Driver every pipeline command works on: the modules given on the command line,
 * under the config from `--config`/`--set`, with manifests cached as the library caches them.
 */
import { resolve } from "node:path";
import type { LifecycleAdapter } from "../../hooks/index.ts";
import type { Config } from "../../graph/index.ts";
import { Builder, type Driver, type TypeCheckOptions } from "../../driver/index.ts";
import type { CacheOptions } from "../../cache/index.ts";
import { FuncflowError } from "../../errors/index.ts";
import { ensureTypeScriptLoader } from "./typescript-loader.ts";

/** How the command builds its Driver, beyond the modules and config. */
export interface LoadDriverOptions {
  readonly adapters?: readonly LifecycleAdapter[];
  /** Check every edge's types first (`Builder.withTypeCheck`); a misfit throws `edge_type_mismatch`. */
  readonly typeCheck?: TypeCheckOptions;
  /** Cache node results (`Builder.withCache`). */
  readonly cache?: CacheOptions;
  /**
   * For commands that check types after building (`build`, `validate`): when the graph fails on
   * an input whose consumers' types share no value, build again with this static check, so
   * the error lists that input with every other mismatch rather than alone.
   */
  readonly typeCheckOnConflict?: TypeCheckOptions;
}

/**
 * The built Driver for `modules` (paths, relative to the current directory).
 * @throws FuncflowError from `Builder.build()`: `module_not_found`, `scan_failed`, `cycle`, …
 * @example const dr = await loadDriver(["src/transforms.ts"], { region: "US" }, { cache: {} });
 */
export async function loadDriver(modules: readonly string[], config: Config = {}, options: LoadDriverOptions = {}): Promise<Driver> {
  if (modules.length === 0) {
    throw new FuncflowError("invalid_argument", "No modules given. Name the pipeline's module files, e.g. `funcflow list src/transforms.ts`.");
  }
  const paths = modules.map((module) => resolve(module));
  await ensureTypeScriptLoader(paths);
  let builder = new Builder().withModules(...paths).withConfig(config);
  if (options.typeCheck !== undefined) builder = builder.withTypeCheck(options.typeCheck);
  if (options.cache !== undefined) builder = builder.withCache(options.cache);
  if (options.adapters !== undefined && options.adapters.length > 0) builder = builder.withAdapters(...options.adapters);
  const { typeCheckOnConflict } = options;
  if (typeCheckOnConflict === undefined || options.typeCheck !== undefined) return builder.build();
  return builder.build().catch((error: unknown) => {
    if (error instanceof FuncflowError && error.code === "edge_type_mismatch") return builder.withTypeCheck(typeCheckOnConflict).build();
    throw error;
  });
}
