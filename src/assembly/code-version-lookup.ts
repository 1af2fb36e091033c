/**
 * Each function node's code version (`NodeInfo.version`): the scanner's hash of the defining
 * export's source and the module-local helpers it reaches, read from the manifest of the module
 * the node's source names. Nodes a modifier made from an export share that export's version, as
 * Hamilton's `HamiltonNode.version` hashes a node's originating function.
 */
import type { NodeSource } from "../graph/index.ts";
import type { ManifestFunction } from "../manifest/index.ts";
import type { LoadedModule } from "./loaded-module.ts";

/** A node source's code version, when its module's manifest records one. */
export type CodeVersionOf = (source: NodeSource) => string | undefined;

/** One module's export names and code versions, in manifest order, and where the next lookup probably is. */
interface ModuleCursor {
  readonly names: readonly string[];
  readonly versions: readonly (string | undefined)[];
  /** The functions a subdag or withColumns `functions` list names, which the module may not export. */
  readonly listed: readonly ManifestFunction[] | undefined;
  next: number;
  indexOf: Map<string, number> | undefined;
}

/**
 * The lookup over the loaded modules (those `withModules` gave and those `subdag` reuses), made
 * for node infos, which are built on first use: a build that never lists its nodes pays nothing.
 * @example codeVersionLookup(loaded)({ module: "transforms.ts", exportName: "total", line: 3 }); // "3f9a…"
 */
export function codeVersionLookup(modules: readonly LoadedModule[]): CodeVersionOf {
  const cursors = new Map<string, ModuleCursor | undefined>();
  let lastModule: string | undefined;
  let last: ModuleCursor | undefined;
  return (source) => {
    if (source.module !== lastModule) {
      lastModule = source.module;
      if (!cursors.has(lastModule)) {
        const manifest = modules.find((module) => module.location === lastModule)?.manifest;
        cursors.set(lastModule, manifest === undefined ? undefined : cursorOf(manifest.functions, manifest.listedFunctions));
      }
      last = cursors.get(lastModule);
    }
    if (last === undefined) return undefined;
    // Nodes come mostly in the manifest's order: the next function is nearly always the one
    // asked for, so the 100,000-name index is made only for a module whose order differs.
    let index = last.next;
    if (last.names[index] !== source.exportName) {
      last.indexOf ??= new Map(last.names.map((name, at) => [name, at]));
      const found = last.indexOf.get(source.exportName);
      if (found === undefined) return last.listed?.find((fn) => fn.exportName === source.exportName)?.codeVersion;
      index = found;
    }
    last.next = index + 1;
    return last.versions[index];
  };
}

/**
 * The names and versions read out in one pass: by the time nodes are listed the manifest's
 * objects are long out of the CPU's caches, and reading them in order, apart from making each
 * node's description, measured a little faster than reading one per node (bench/node-infos.ts).
 */
function cursorOf(functions: readonly ManifestFunction[], listed: readonly ManifestFunction[] | undefined): ModuleCursor {
  const names = new Array<string>(functions.length);
  const versions = new Array<string | undefined>(functions.length);
  for (let i = 0; i < functions.length; i++) {
    const fn = functions[i]!;
    names[i] = fn.exportName;
    versions[i] = fn.codeVersion;
  }
  return { names, versions, listed, next: 0, indexOf: undefined };
}
