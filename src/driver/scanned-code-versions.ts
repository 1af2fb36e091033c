import type { FunctionGraph } from "../graph/index.ts";
import type { LoadedModule } from "../assembly/index.ts";

/**
 * Per graph node, the code version the scanner recorded for its function (a hash of its source
 * and of the module-local helpers it calls), when the manifest has one.
 */
export function scannedCodeVersions(graph: FunctionGraph, loaded: readonly LoadedModule[]): (string | undefined)[] {
  const byLocation = new Map(loaded.map((module) => [module.location, module]));
  return graph.nodes.map((node) => {
    const source = node.source;
    if (source === undefined) return undefined;
    const entry = byLocation.get(source.module)?.manifest.functions.find((fn) => fn.exportName === source.exportName);
    return entry?.codeVersion;
  });
}
