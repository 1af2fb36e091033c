import type { FunctionGraph } from "../graph/index.ts";
import type { LoadedModule } from "../assembly/index.ts";

/**
 * Per graph node, the code version the scanner recorded for its function (a hash of its source
 * and of the module-local helpers it calls), when the manifest has one.
 */
export function scannedCodeVersions(graph: FunctionGraph, loaded: readonly LoadedModule[]): (string | undefined)[] {
  // By module, then export name: one lookup per node, not a scan of the module's functions.
  const byLocation = new Map(loaded.map((module) => [module.location, module]));
  const versionsOf = new Map<string, Map<string, string | undefined>>();
  const versions = (location: string) => {
    let byName = versionsOf.get(location);
    if (byName === undefined) {
      const manifest = byLocation.get(location)?.manifest;
      // Exports win over the functions subdag/withColumns lists by name (most of which are not exported).
      const entries = manifest?.listedFunctions === undefined ? manifest?.functions : [...manifest.listedFunctions, ...manifest.functions];
      versionsOf.set(location, (byName = new Map(entries?.map((fn) => [fn.exportName, fn.codeVersion]))));
    }
    return byName;
  };
  return Array.from(graph.names, (_, index) => {
    const source = graph.specs[index]?.source;
    return source === undefined ? undefined : versions(source.module).get(source.exportName);
  });
}
