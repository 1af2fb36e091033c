import { readNodeMetadata, type NodeFunction, type FunctionGraph } from "../graph/index.ts";
import type { LoadedModule } from "../assembly/index.ts";
import type { ModuleAddress } from "../executors/index.ts";

/**
 * Per graph node, where another thread can import its function: the module's file URL and the
 * export name, but only when that export (unwrapped from its modifiers) is exactly the node's
 * function. A node a modifier made from another function, or one from a prebuilt module with no
 * file, gets undefined and runs in the main thread.
 */
export function moduleAddresses(graph: FunctionGraph, loaded: readonly LoadedModule[]): (ModuleAddress | undefined)[] {
  const byLocation = new Map(loaded.map((module) => [module.location, module]));
  return graph.nodes.map((node, index) => {
    const source = node.source;
    const module = source === undefined ? undefined : byLocation.get(source.module);
    if (source === undefined || module?.url === undefined) return undefined;
    const exported = module.namespace[source.exportName];
    if (typeof exported !== "function" || readNodeMetadata(exported as NodeFunction).fn !== graph.functions[index]) return undefined;
    const codeVersion = module.manifest.functions.find((fn) => fn.exportName === source.exportName)?.codeVersion;
    return { url: module.url, exportName: source.exportName, codeVersion };
  });
}
