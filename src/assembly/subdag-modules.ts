/**
 * The modules `subdag` and `withColumns` reuse, and those their listed functions are imported
 * from, are loaded before the graph is built (loading is async; building is not): this finds
 * every module a loaded module's subdags name, loads each once (and the modules their subdags
 * name in turn), and hands them to graph building by key.
 */
import { resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import type { ModuleSource, NodeSource } from "../graph/index.ts";
import { collectCandidates } from "./collect-candidates.ts";
import { type SubdagModifier } from "../decorators/index.ts";
import type { LoadedModule } from "./loaded-module.ts";
import { listedModifiers, listedSources } from "./listed-functions.ts";

/** Loaded subdag modules by `moduleKey`. */
export type SubdagModules = ReadonlyMap<string, LoadedModule>;

/** A module a subdag, withColumns or listed function names, and the export that names it (for messages). */
export interface ModuleReference {
  readonly source: ModuleSource;
  readonly neededBy: NodeSource;
}

const prebuiltKeys = new WeakMap<object, string>();
let prebuiltCount = 0;

/**
 * One key per module, so a URL and a path to the same file load it once.
 * @example moduleKey(new URL("file:///a/b.ts")) === moduleKey("/a/b.ts"); // true
 */
export function moduleKey(source: ModuleSource): string {
  if (source instanceof URL) return source.href;
  if (typeof source === "string") return source.startsWith("file:") ? new URL(source).href : pathToFileURL(resolvePath(source)).href;
  let key = prebuiltKeys.get(source);
  if (key === undefined) prebuiltKeys.set(source, (key = `prebuilt:${++prebuiltCount}`));
  return key;
}

/**
 * The module sources the subdags of `module`'s exports name, each with the export naming it.
 * @example subdagSources(loaded); // [{ source: URL of a module a subdag reuses, neededBy: that subdag's source }]
 */
export function subdagSources(module: LoadedModule): ModuleReference[] {
  // From the candidates (read once per module, and checked): a module with an export the
  // manifest does not list fails there, before any module it names is loaded.
  const references: ModuleReference[] = [];
  for (const { modifiers, source: neededBy } of collectCandidates(module)) {
    if (modifiers.length === 0) continue;
    // A function a `functions` list names may be a subdag itself, over modules of its own.
    for (const modifier of [...modifiers, ...listedModifiers(modifiers)]) {
      const wanted = (modifier as Partial<SubdagModifier>).moduleSources;
      if (Array.isArray(wanted)) for (const source of wanted) references.push({ source, neededBy });
    }
  }
  // The modules listed functions are imported from.
  references.push(...listedSources(module));
  return references;
}

/**
 * Loads every module the subdags of `loaded` name, transitively; `load` is told which export
 * first named each one, so a module it cannot find is reported with the node that needs it.
 * @example const subdagModules = await loadSubdagModules(loaded, (source) => loadModule(source, options));
 */
export async function loadSubdagModules(
  loaded: readonly LoadedModule[],
  load: (source: ModuleSource, neededBy: NodeSource) => Promise<LoadedModule>,
): Promise<SubdagModules> {
  const modules = new Map<string, LoadedModule>();
  let pending = loaded.flatMap(subdagSources);
  while (pending.length > 0) {
    const fresh = new Map<string, ModuleReference>();
    for (const reference of pending) {
      const key = moduleKey(reference.source);
      if (!modules.has(key) && !fresh.has(key)) fresh.set(key, reference);
    }
    const found = await Promise.all([...fresh].map(async ([key, { source, neededBy }]) => [key, await load(source, neededBy)] as const));
    for (const [key, module] of found) modules.set(key, module);
    pending = found.flatMap(([, module]) => subdagSources(module));
  }
  return modules;
}
