/**
 * Static edge checking, the public entry: returns the cached report when no file the last
 * check read has changed, and otherwise loads the TypeScript checker to check every edge.
 */
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { FuncflowError, invalidArgument, isPlainRecord, optionKeys, requireOptions } from "../errors/index.ts";
import { defaultManifestCacheDir } from "../manifest/index.ts";
import { cachedManifest } from "./cached-manifest.ts";
import type { EdgeTypeReport } from "./edge-type-report.ts";
import type { ResolvedNode } from "./resolved-node.ts";
import { readCachedReport, reportKey, writeCachedReport } from "./typecheck-cache.ts";

const JAVASCRIPT = /\.(m|c)?jsx?$/;

/** A missing root file would leave the Program silently without it. */
async function mustExist(path: string): Promise<undefined> {
  try {
    await access(path);
  } catch (error) {
    throw new FuncflowError("module_not_found", `${path}: no module at this path. Pass the path of a .ts, .d.ts or .js module.`, {
      cause: error,
      details: { file: path },
    });
  }
  return undefined;
}

/** Options of {@link checkEdgeTypes}. */
export interface CheckEdgeTypesOptions {
  /**
   * The tsconfig whose compiler options the check uses (paths, lib, strictness, types). By
   * default the nearest `tsconfig.json` above the first module; false uses strict defaults.
   */
  readonly tsconfig?: string | false;
  /**
   * Where manifests and reports are cached; false checks from scratch and caches nothing.
   * Default: `node_modules/.cache/funcflow` under the current directory.
   */
  readonly cacheDir?: string | false;
  /**
   * The nodes `resolve`-wrapped exports made in a built graph (`resolvedNodesOf(driver.listNodes(), …)`):
   * they are then typed from the wrapped function and their edges checked. Without them, such
   * a function's edges are left unchecked as `config-resolved`.
   */
  readonly resolved?: readonly ResolvedNode[];
}

/**
 * Checks every edge of the pipeline made of `modules` with the TypeScript checker: each
 * producer's awaited return type must be assignable to every consumer parameter that names
 * its node (config variants are each checked), and functions asking for one external input
 * must agree on its type (the stricter is kept). Nothing is compared as text.
 *
 * The report lists every mismatch at once; {@link edgeTypeError} turns it into one error.
 * Edges the checker cannot decide (JavaScript, untyped parameters, generics it would have to
 * instantiate, functions behind node-rewriting modifiers) are counted in `unchecked`; so are
 * `resolve`'s, unless `options.resolved` says what config chose.
 *
 * @param modules Paths of the pipeline's modules (`.ts`, `.d.ts`; `.js` is read untyped).
 * @throws FuncflowError `module_not_found` for a missing module, `scan_failed` for unreadable JavaScript;
 *   `invalid_signature` listing every function the scanner rejected (overloads, destructured
 *   or rest parameters); `invalid_argument` for an unreadable tsconfig, or for a `modules` or
 *   `options` of the wrong shape (an unknown option included).
 * @example
 * const report = await checkEdgeTypes(["src/transforms.ts"]);
 * const error = edgeTypeError(report);
 * if (error !== undefined) throw error; // code "edge_type_mismatch", every mismatch listed
 */
export async function checkEdgeTypes(modules: readonly string[], options: CheckEdgeTypesOptions = {}): Promise<EdgeTypeReport> {
  checkArguments(modules, options);
  const paths = modules.map((module) => resolve(module));
  const cacheDir = options.cacheDir ?? defaultManifestCacheDir();
  const key = reportKey(paths, options.tsconfig, options.resolved);
  const cached = await readCachedReport(key, cacheDir);
  if (cached !== undefined) return cached;
  // JavaScript is read from its manifest; TypeScript from the Program, which parses each module once.
  const modulesToCheck = await Promise.all(
    paths.map(async (path) => ({ path, manifest: JAVASCRIPT.test(path) ? await cachedManifest(path, cacheDir) : await mustExist(path) })),
  );
  // Loaded here, lazily: ts-morph costs ~0.5 s to import, and a cache hit must not pay it.
  const { runEdgeCheck } = await import("./run-edge-check.ts");
  const { tsconfig, resolved } = options;
  const { report, files } = runEdgeCheck(modulesToCheck, { ...(tsconfig !== undefined && { tsconfig }), ...(resolved !== undefined && { resolved }) });
  await writeCachedReport(key, [...new Set([...paths, ...files])], report, cacheDir);
  return report;
}

const WHERE = "checkEdgeTypes";
const CHECK_EDGE_TYPES_OPTION_KEYS = optionKeys<CheckEdgeTypesOptions>({ tsconfig: true, cacheDir: true, resolved: true });

/** A wrong-shaped argument is named here, before it reaches `path.resolve` or the cache key as a TypeError. */
function checkArguments(modules: unknown, options: unknown): asserts options is CheckEdgeTypesOptions {
  if (!Array.isArray(modules)) throw invalidArgument(WHERE, "modules", modules, 'an array of module paths such as ["src/transforms.ts"]');
  const badModule = modules.findIndex((module) => typeof module !== "string" || module === "");
  if (badModule >= 0) throw invalidArgument(WHERE, `modules[${badModule}]`, modules[badModule], 'a module path such as "src/transforms.ts"');
  requireOptions(WHERE, "options", options, CHECK_EDGE_TYPES_OPTION_KEYS, "{ cacheDir: false }");
  if (options === undefined) return;
  for (const key of ["tsconfig", "cacheDir"] as const) {
    const value = options[key];
    if (value !== undefined && value !== false && (typeof value !== "string" || value === "")) {
      throw invalidArgument(WHERE, `options.${key}`, value, key === "tsconfig" ? 'a tsconfig path such as "tsconfig.json", or false' : 'a folder path such as ".cache/funcflow", or false');
    }
  }
  const { resolved } = options;
  if (resolved === undefined) return;
  if (!Array.isArray(resolved)) throw invalidArgument(WHERE, "options.resolved", resolved, "an array of nodes from resolvedNodesOf(driver.listNodes(), modules)");
  const badNode = resolved.findIndex((node) => !isPlainRecord(node) || typeof node.module !== "string" || typeof node.exportName !== "string" || typeof node.node !== "string" || !Array.isArray(node.params));
  if (badNode >= 0) throw invalidArgument(WHERE, `options.resolved[${badNode}]`, resolved[badNode], "a node as resolvedNodesOf(driver.listNodes(), modules) returns it ({ module, exportName, node, params })");
}
