/**
 * Builds the Driver every pipeline command works on: the modules given on the command line,
 * under the config from `--config`/`--set`, with manifests cached as the library caches them.
 */
import { resolve } from "node:path";
import type { LifecycleAdapter } from "../../hooks/index.ts";
import type { Config } from "../../graph/index.ts";
import { Builder, type Driver } from "../../driver/index.ts";
import { FuncflowError } from "../../errors/index.ts";
import { ensureTypeScriptLoader } from "./typescript-loader.ts";

/**
 * The built Driver for `modules` (paths, relative to the current directory).
 * @throws FuncflowError from `Builder.build()`: `module_not_found`, `scan_failed`, `cycle`, …
 * @example const dr = await loadDriver(["src/transforms.ts"], { region: "US" });
 */
export async function loadDriver(modules: readonly string[], config: Config = {}, adapters: readonly LifecycleAdapter[] = []): Promise<Driver> {
  if (modules.length === 0) {
    throw new FuncflowError("invalid_argument", "No modules given. Name the pipeline's module files, e.g. `funcflow list src/transforms.ts`.");
  }
  const paths = modules.map((module) => resolve(module));
  await ensureTypeScriptLoader(paths);
  const builder = new Builder().withModules(...paths).withConfig(config);
  return (adapters.length === 0 ? builder : builder.withAdapters(...adapters)).build();
}
