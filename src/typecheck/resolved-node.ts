/**
 * The nodes `resolve`-wrapped exports make under one config, as plain data. The static check
 * cannot run `decorateWith` (it is code, and config decides what it returns), so the graph a
 * Builder built says what was chosen; the check then types those nodes from the wrapped
 * function. Kept free of ts-morph: it is made on the cached path too, and mixed into the key.
 */
import { resolve } from "node:path";
import { invalidArgument, isPlainRecord } from "../errors/index.ts";
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
 * @throws FuncflowError `invalid_argument` when `nodes` or `modules` is not of that shape.
 * @example const resolved = resolvedNodesOf(driver.listNodes(), [{ path, manifest }]);
 */
export function resolvedNodesOf(nodes: readonly NodeInfo[], modules: readonly ResolvedModule[]): ResolvedNode[] {
  checkArguments(nodes, modules);
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

const WHERE = "resolvedNodesOf";

/** A wrong-shaped argument is named here rather than met later as a TypeError. */
function checkArguments(nodes: unknown, modules: unknown): void {
  if (!Array.isArray(nodes)) throw invalidArgument(WHERE, "nodes", nodes, "the array driver.listNodes() returns");
  const badNode = nodes.findIndex((node) => !isPlainRecord(node) || typeof node.name !== "string" || !Array.isArray(node.dependencies));
  if (badNode >= 0) throw invalidArgument(WHERE, `nodes[${badNode}]`, nodes[badNode], "a node as driver.listNodes() returns it ({ name, kind, dependencies, … })");
  if (!Array.isArray(modules)) throw invalidArgument(WHERE, "modules", modules, "an array of { path, manifest } such as [{ path: \"/abs/transforms.ts\", manifest }]");
  const badModule = modules.findIndex(
    (module) => !isPlainRecord(module) || typeof module.path !== "string" || module.path === "" || !isPlainRecord(module.manifest) || !Array.isArray(module.manifest.functions),
  );
  if (badModule >= 0) throw invalidArgument(WHERE, `modules[${badModule}]`, modules[badModule], "{ path, manifest }: the module's absolute path and its scanned manifest");
}
