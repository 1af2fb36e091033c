/**
 * The static edge check of a built pipeline, one computation for every caller:
 * `Builder.withTypeCheck()` (and so `funcflow run`/`serve`) throws from the report at `build()`,
 * `funcflow build`/`validate` print it and write typings from it. The modules are the ones the
 * build loaded (manifests included), checked with the TypeScript checker through the typecheck
 * cache, and read against the graph the build made.
 */
import { fileURLToPath } from "node:url";
import type { LoadedModule } from "../assembly/index.ts";
import { FuncflowError } from "../errors/index.ts";
import type { FunctionGraph } from "../graph/index.ts";
import type { EdgeTypeReport } from "../typecheck/index.ts";

/** Options of `Builder.withTypeCheck()` and {@link pipelineTypeReport}. */
export interface TypeCheckOptions {
  /** The tsconfig whose compiler options the check uses; default: the nearest one; false: strict defaults. */
  readonly tsconfig?: string | false;
  /** Where check reports are cached; default: the Builder's manifest cache directory. */
  readonly cacheDir?: string | false;
}

/** What a Builder loaded for a Driver it built, kept beside the Driver rather than on its public surface. */
interface BuiltFrom {
  readonly loaded: readonly LoadedModule[];
  /** The modules subdags, withColumns and listed functions named, loaded while building. */
  readonly subdagModules: readonly LoadedModule[];
  /** Its node descriptions are made on first read: only a check reads them. */
  readonly graph: Pick<FunctionGraph, "nodes">;
  readonly manifestCacheDir: string | false;
  /** Built with `allowModuleOverrides()`. */
  readonly moduleOverrides: boolean;
}

const builtFrom = new WeakMap<object, BuiltFrom>();

/** Called by `Builder.build()`: lets {@link pipelineTypeReport} check `driver` as it was built. */
export function rememberBuild(driver: object, built: BuiltFrom): void {
  builtFrom.set(driver, built);
}

/**
 * Whether `driver` was built with `Builder.allowModuleOverrides()`, so what rebuilds it from its
 * modules (an envelope) builds it the same way; false for a Driver no Builder built.
 * @example builtWithModuleOverrides(await new Builder().withModules(a, b).allowModuleOverrides().build()); // true
 */
export function builtWithModuleOverrides(driver: object): boolean {
  return builtFrom.get(driver)?.moduleOverrides === true;
}

/** Where one module a Builder loaded came from. */
export interface BuiltModule {
  /** Its path or label, as nodes' `source.module` names it. */
  readonly location: string;
  /** Its file URL; undefined for a prebuilt module given without one. */
  readonly url: string | undefined;
}

/**
 * The modules `driver` was built from: those given to `withModules`, and those the Builder loaded
 * while building (named by subdag, parameterizedSubdag, withColumns or listed functions);
 * undefined for a Driver no Builder built. What rebuilds a Driver elsewhere (an envelope) carries both.
 * @example modulesOfBuild(driver)?.loadedWhileBuilding.map((module) => module.url); // ["file:///…/part.ts"]
 */
export function modulesOfBuild(driver: object): { readonly given: readonly BuiltModule[]; readonly loadedWhileBuilding: readonly BuiltModule[] } | undefined {
  const built = builtFrom.get(driver);
  if (built === undefined) return undefined;
  const describe = (module: LoadedModule): BuiltModule => ({ location: module.location, url: module.url });
  return { given: built.loaded.map(describe), loadedWhileBuilding: built.subdagModules.map(describe) };
}

/**
 * The edge check of the pipeline `driver` was built from, with input conflicts the graph rules
 * out, and mismatches of functions a config key replaced, already dropped; undefined when no module came from a file (prebuilt bundles only).
 * Throw with `edgeTypeError(report)` from funcflow's typecheck folder, or print it.
 * @throws FuncflowError `invalid_argument` for a Driver no Builder built; from the check,
 *   `module_not_found`, `scan_failed`, `invalid_signature`, `invalid_argument` (an unreadable tsconfig).
 * @example const report = await pipelineTypeReport(await new Builder().withModules("src/transforms.ts").build());
 */
export async function pipelineTypeReport(driver: object, options: TypeCheckOptions = {}): Promise<EdgeTypeReport | undefined> {
  const built = builtFrom.get(driver);
  if (built === undefined) throw new FuncflowError("invalid_argument", "pipelineTypeReport: this Driver was not made by Builder.build(). Pass the Driver a Builder built.");
  return typeReportOf(built, options);
}

/** Modules the checker can read: TypeScript typed, JavaScript untyped (its edges counted as unchecked). */
const CHECKABLE = /\.(m|c)?[jt]sx?$/;
const TYPESCRIPT = /\.(m|c)?tsx?$/;

/**
 * The check itself, for a build that has no Driver yet (`Builder.build()` checks before it
 * starts caches or executors).
 */
async function typeReportOf({ loaded, graph, manifestCacheDir }: BuiltFrom, options: TypeCheckOptions): Promise<EdgeTypeReport | undefined> {
  const modules = loaded.flatMap(({ url, manifest }) => (url !== undefined && url.startsWith("file:") && CHECKABLE.test(new URL(url).pathname) ? [{ path: fileURLToPath(url), manifest }] : []));
  if (modules.length === 0) return undefined;
  // Loaded lazily: the root entry must not pull in the checker.
  const { checkEdgeTypes, resolvedNodesOf } = await import("../typecheck/index.ts");
  const nodes = graph.nodes;
  const report = await checkEdgeTypes([...new Set(modules.map(({ path }) => path))], {
    cacheDir: options.cacheDir ?? manifestCacheDir,
    // What `resolve` chose under this config: its nodes are then checked like any other.
    resolved: resolvedNodesOf(nodes, modules),
    ...(options.tsconfig !== undefined && { tsconfig: options.tsconfig }),
  });
  // The source alone reads a parameter naming a modifier-made node as an input; the graph knows better.
  const kinds = new Map(nodes.map((node) => [node.name, node.kind]));
  // A function a config key replaced is no node of this graph: its edges, in or out, do not exist.
  const replaced = (side: { readonly node: string }) => kinds.get(side.node) === "config";
  return {
    ...report,
    mismatches: report.mismatches.filter((mismatch) => !replaced(mismatch.producer) && !replaced(mismatch.consumer)),
    inputConflicts: report.inputConflicts.filter((conflict) => (kinds.get(conflict.input) ?? "input") === "input"),
  };
}

/**
 * The check `Builder.withTypeCheck()` runs at `build()`.
 * @throws FuncflowError `edge_type_mismatch` listing every edge, bound value and input whose types do not fit.
 */
export async function checkBuildTypes(built: BuiltFrom, options: TypeCheckOptions): Promise<void> {
  // JavaScript has no types that could fail the build: a pipeline of it alone skips the checker's start-up.
  if (!built.loaded.some(({ url }) => url !== undefined && url.startsWith("file:") && TYPESCRIPT.test(new URL(url).pathname))) return;
  const report = await typeReportOf(built, options);
  if (report === undefined) return;
  const { edgeTypeError } = await import("../typecheck/index.ts");
  const error = edgeTypeError(report);
  if (error !== undefined) throw error;
}
