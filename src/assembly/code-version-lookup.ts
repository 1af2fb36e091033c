/**
 * Each function node's code version (`NodeInfo.version`): the scanner's hash of the defining
 * export's source and the module-local helpers it reaches, read from the manifest of the module
 * the node's source names. Nodes a modifier made from an export share that export's version, as
 * Hamilton's `HamiltonNode.version` hashes a node's originating function.
 */
import type { NodeSource } from "../graph/index.ts";
import type { LoadedModule } from "./loaded-module.ts";

/** A node source's code version, when its module's manifest records one. */
export type CodeVersionOf = (source: NodeSource) => string | undefined;

/**
 * The lookup over the loaded modules (those `withModules` gave and those `subdag` reuses). The
 * index is made on the first call, per module, so a build that never lists its nodes pays
 * nothing for it.
 * @example codeVersionLookup(loaded)({ module: "transforms.ts", exportName: "total", line: 3 }); // "3f9a…"
 */
export function codeVersionLookup(modules: Iterable<LoadedModule>): CodeVersionOf {
  let byLocation: Map<string, LoadedModule> | undefined;
  const versionsOf = new Map<string, ReadonlyMap<string, string | undefined>>();
  return (source) => {
    let versions = versionsOf.get(source.module);
    if (versions === undefined) {
      byLocation ??= new Map([...modules].map((module) => [module.location, module]));
      const functions = byLocation.get(source.module)?.manifest.functions ?? [];
      versionsOf.set(source.module, (versions = new Map(functions.map((fn) => [fn.exportName, fn.codeVersion]))));
    }
    return versions.get(source.exportName);
  };
}
