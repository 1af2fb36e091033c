/**
 * The nodes `resolve`-wrapped exports make under one config, as plain data. The static check
 * cannot run `decorateWith` (it is code, and config decides what it returns), so the graph a
 * Builder built says what was chosen; the check then types those nodes from the wrapped
 * function. Kept free of ts-morph: it is made on the cached path too, and mixed into the key.
 */
import { resolve } from "node:path";
import type { NodeInfo } from "../graph/index.ts";
import type { ModuleManifest } from "../manifest/index.ts";

/** One dependency of a resolved node; `boundFrom` names the declared parameter a `source(…)` renamed. */
export interface ResolvedParam {
  readonly name: string;
  readonly optional: boolean;
  readonly boundFrom?: string;
}

/** A node the built graph made from a `resolve`-wrapped export. */
export interface ResolvedNode {
  /** The export's module, an absolute path as `checkEdgeTypes` is given it. */
  readonly module: string;
  readonly exportName: string;
  readonly node: string;
  /** A helper node's role (`raw`, `step`, …), as the graph gives it. */
  readonly role?: string;
  /** Set on parallel fan-out nodes, whose values are items or collections, not the function's own. */
  readonly parallel?: "expand" | "collect";
  /** The node's doc as the graph made it (a template's `{param}`s filled in). */
  readonly doc?: string;
  readonly params: readonly ResolvedParam[];
}

/** A module of the pipeline: its path and the manifest that says which exports use `resolve`. */
export interface ResolvedModule {
  readonly path: string;
  readonly manifest: ModuleManifest;
}

/**
 * The nodes of `nodes` (a built graph's, e.g. `driver.listNodes()`) that `resolve`-wrapped
 * exports of `modules` made, for `checkEdgeTypes(paths, { resolved })`.
 * @example const resolved = resolvedNodesOf(driver.listNodes(), [{ path, manifest }]);
 */
export function resolvedNodesOf(nodes: readonly NodeInfo[], modules: readonly ResolvedModule[]): ResolvedNode[] {
  const resolving = new Map(
    modules.map(({ path, manifest }) => [path, new Set(manifest.functions.filter((entry) => entry.modifiers.some((modifier) => modifier.name === "resolve")).map((entry) => entry.exportName))]),
  );
  if ([...resolving.values()].every((exports) => exports.size === 0)) return [];
  const found: ResolvedNode[] = [];
  for (const node of nodes) {
    if (node.kind !== "function" || node.source === undefined) continue;
    const module = resolve(node.source.module);
    if (resolving.get(module)?.has(node.source.exportName) !== true) continue;
    found.push({
      module,
      exportName: node.source.exportName,
      node: node.name,
      ...(node.role !== undefined && { role: node.role }),
      ...(node.parallel !== undefined && { parallel: node.parallel }),
      ...(node.doc !== undefined && { doc: node.doc }),
      params: node.dependencies.map(({ name, optional, boundFrom }) => ({ name, optional, ...(boundFrom !== undefined && { boundFrom }) })),
    });
  }
  return found;
}
