/**
 * Code versions for node lists without `NodeInfo.version` (`toGraphology`, the explorer), read by
 * scanning the modules the nodes were defined in: the same hash of a function's source and
 * helpers that the cache keys its entries by.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { invalidArgument, isPlainRecord, requireOptionalMap } from "../errors/index.ts";
import type { ModuleManifest } from "../manifest/index.ts";
import type { NodeInfo } from "../graph/index.ts";

/**
 * The manifest of each module file the nodes were defined in, by module as the nodes name it.
 * Modules that are not files (prebuilt, labels) are left out.
 * @throws FuncflowError `invalid_argument` when `nodes` is not a node list; `scan_failed` when a module file cannot be scanned.
 * @example const manifests = await scanNodeModules(dr.listNodes());
 */
export async function scanNodeModules(nodes: readonly NodeInfo[], cwd = process.cwd()): Promise<Map<string, ModuleManifest>> {
  requireNodeList("scanNodeModules", nodes);
  const modules = new Set(nodes.flatMap((node) => (node.source === undefined ? [] : [node.source.module])));
  const manifests = new Map<string, ModuleManifest>();
  const files = [...modules].filter((module) => existsSync(resolve(cwd, module)));
  if (files.length === 0) return manifests;
  const { scanFile } = await import("../scanner/index.ts");
  for (const module of files) manifests.set(module, await scanFile(resolve(cwd, module)));
  return manifests;
}

/**
 * Per function node, its code version: the node's own `version` (what the cache keys on) when
 * it has one, else, for a node list that lacks it (a JSON copy from an older funcflow), the
 * scanner's code version of the defining export, read from the module file.
 * @throws FuncflowError `invalid_argument` when `nodes` is not a node list or `manifests` not a Map; `scan_failed` when a module file cannot be scanned.
 * @example toGraphology(dr, { codeVersions: await scannedCodeVersions(dr.listNodes()) });
 */
export async function scannedCodeVersions(nodes: readonly NodeInfo[], manifests?: ReadonlyMap<string, ModuleManifest>): Promise<Map<string, string>> {
  requireNodeList("scannedCodeVersions", nodes);
  requireOptionalMap("scannedCodeVersions", "manifests", manifests, "a Map of module to manifest, as scanNodeModules returns");
  // Only modules with a function node that carries no version are scanned (ts-morph loads for none).
  const byModule = manifests ?? (await scanNodeModules(nodes.filter((node) => node.version === undefined)));
  const versions = new Map<string, string>();
  for (const node of nodes) {
    const source = node.source;
    if (node.version !== undefined) versions.set(node.name, node.version);
    if (source === undefined || node.version !== undefined) continue;
    const manifest = byModule.get(source.module);
    // A function a subdag or withColumns lists by name may be one the module does not export.
    const version = (manifest?.functions.find((fn) => fn.exportName === source.exportName) ?? manifest?.listedFunctions?.find((fn) => fn.exportName === source.exportName))?.codeVersion;
    if (version !== undefined) versions.set(node.name, version);
  }
  return versions;
}

/** Asserts the node list `listNodes()` returns, so a wrong argument is named rather than met as a TypeError. */
function requireNodeList(where: string, nodes: unknown): asserts nodes is readonly NodeInfo[] {
  if (!Array.isArray(nodes)) throw invalidArgument(where, "nodes", nodes, "the node list driver.listNodes() returns");
  const bad = nodes.findIndex((node) => !isPlainRecord(node) || typeof node.name !== "string");
  if (bad >= 0) throw invalidArgument(where, `nodes[${bad}]`, nodes[bad], "a node as driver.listNodes() returns it ({ name, kind, … })");
}
