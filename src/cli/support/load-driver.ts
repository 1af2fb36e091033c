/**
 * Builds the Driver every pipeline command works on: the modules given on the command line,
 * under the config from `--config`/`--set`, with manifests cached as the library caches them.
 */
import { resolve } from "node:path";
import type { LifecycleAdapter } from "../../hooks/index.ts";
import type { Config } from "../../graph/index.ts";
import { Builder, type Driver, type TypeCheckOptions } from "../../driver/index.ts";
import { FuncflowError } from "../../errors/index.ts";
import { ensureTypeScriptLoader } from "./typescript-loader.ts";

/**
 * The built Driver for `modules` (paths, relative to the current directory).
 * @throws FuncflowError from `Builder.build()`: `module_not_found`, `scan_failed`, `cycle`, …
 * With `typeCheck`, every edge's types are checked first (`Builder.withTypeCheck`), and a misfit
 * throws `edge_type_mismatch`.
 * @example const dr = await loadDriver(["src/transforms.ts"], { region: "US" });
 */
export async function loadDriver(
  modules: readonly string[],
  config: Config = {},
  adapters: readonly LifecycleAdapter[] = [],
  typeCheck?: TypeCheckOptions,
): Promise<Driver> {
  if (modules.length === 0) {
    throw new FuncflowError("invalid_argument", "No modules given. Name the pipeline's module files, e.g. `funcflow list src/transforms.ts`.");
  }
  const paths = modules.map((module) => resolve(module));
  await ensureTypeScriptLoader(paths);
  const configured = new Builder().withModules(...paths).withConfig(config);
  const builder = typeCheck === undefined ? configured : configured.withTypeCheck(typeCheck);
  return (adapters.length === 0 ? builder : builder.withAdapters(...adapters)).build();
}
