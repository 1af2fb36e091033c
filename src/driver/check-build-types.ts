/**
 * The static edge check `Builder.withTypeCheck()` runs at `build()`: the modules loaded from
 * source files are checked with the TypeScript checker (through the typecheck cache, so an
 * unchanged pipeline costs a few file reads), and a misfit fails the build before anything runs.
 */
import { fileURLToPath } from "node:url";
import type { LoadedModule } from "../assembly/index.ts";
import type { FunctionGraph } from "../graph/index.ts";

/** Options of `Builder.withTypeCheck()`. */
export interface TypeCheckOptions {
  /** The tsconfig whose compiler options the check uses; default: the nearest one; false: strict defaults. */
  readonly tsconfig?: string | false;
  /** Where check reports are cached; default: the Builder's manifest cache directory. */
  readonly cacheDir?: string | false;
}

const SOURCE = /\.(m|c)?tsx?$/;

/**
 * Checks the edge types of `loaded`'s source modules against `graph`.
 * @throws FuncflowError `edge_type_mismatch` listing every edge, bound value and input whose types do not fit.
 */
export async function checkBuildTypes(loaded: readonly LoadedModule[], graph: FunctionGraph, options: TypeCheckOptions, cacheDir: string | false): Promise<void> {
  const sources = loaded.flatMap(({ url, manifest }) => (url !== undefined && url.startsWith("file:") && SOURCE.test(new URL(url).pathname) ? [{ path: fileURLToPath(url), manifest }] : []));
  if (sources.length === 0) return;
  // Loaded lazily: the root entry must not pull in the checker.
  const { checkEdgeTypes, edgeTypeError, resolvedNodesOf } = await import("../typecheck/index.ts");
  const report = await checkEdgeTypes([...new Set(sources.map(({ path }) => path))], {
    cacheDir: options.cacheDir ?? cacheDir,
    // What `resolve` chose under this config: its nodes are then checked like any other.
    resolved: resolvedNodesOf(graph.nodes, sources),
    ...(options.tsconfig !== undefined && { tsconfig: options.tsconfig }),
  });
  // The source alone reads a parameter naming a modifier-made node as an input; the graph knows better.
  const kinds = new Map(graph.nodes.map((node) => [node.name, node.kind]));
  const inputConflicts = report.inputConflicts.filter((conflict) => (kinds.get(conflict.input) ?? "input") === "input");
  const error = edgeTypeError({ ...report, inputConflicts });
  if (error !== undefined) throw error;
}
