/**
 * The static edge check of a pipeline a command has built: `resolve`'s nodes are the ones the
 * built graph chose under the command's config, so their edges are checked too.
 */
import { resolve } from "node:path";
import type { Driver } from "../../driver/index.ts";
import { defaultManifestCacheDir } from "../../manifest/index.ts";
import { cachedManifest, checkEdgeTypes, resolvedNodesOf, type EdgeTypeReport } from "../../typecheck/index.ts";

/**
 * The edge check of `modules` as `driver` built them.
 * @example const report = await checkPipelineTypes(["src/transforms.ts"], driver, options.tsconfig);
 */
export async function checkPipelineTypes(modules: readonly string[], driver: Driver, tsconfig: string | undefined): Promise<EdgeTypeReport> {
  const paths = modules.map((module) => resolve(module));
  // Manifests come from the cache the Driver filled: no second scan.
  const manifests = await Promise.all(paths.map((path) => cachedManifest(path, defaultManifestCacheDir())));
  const resolved = resolvedNodesOf(driver.listNodes(), paths.map((path, index) => ({ path, manifest: manifests[index]! })));
  return checkEdgeTypes(paths, { resolved, ...(tsconfig !== undefined && { tsconfig }) });
}
