/**
 * The modules `subdag` and `withColumns` reuse, and those their listed functions are imported
 * from, are loaded before the graph is built (loading is async; building is not): this finds
 * every module a loaded module's subdags name, loads each once (and the modules their subdags
 * name in turn), and hands them to graph building by key.
 */
import { resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import type { ModuleSource } from "../graph/index.ts";
import { collectCandidates } from "./collect-candidates.ts";
import { type SubdagModifier } from "../decorators/index.ts";
import type { LoadedModule } from "./loaded-module.ts";
import { listedModifiers, listedSources } from "./listed-functions.ts";

/** Loaded subdag modules by `moduleKey`. */
export type SubdagModules = ReadonlyMap<string, LoadedModule>;

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
 * The module sources the subdags of `module`'s exports name.
 * @example subdagSources(loaded); // [URL of each module its subdags reuse]
 */
export function subdagSources(module: LoadedModule): ModuleSource[] {
  // From the candidates (read once per module, and checked): a module with an export the
  // manifest does not list fails there, before any module it names is loaded.
  const sources: ModuleSource[] = [];
  for (const { modifiers } of collectCandidates(module)) {
    if (modifiers.length === 0) continue;
    // A function a `functions` list names may be a subdag itself, over modules of its own.
    for (const modifier of [...modifiers, ...listedModifiers(modifiers)]) {
      const wanted = (modifier as Partial<SubdagModifier>).moduleSources;
      if (Array.isArray(wanted)) sources.push(...wanted);
    }
  }
  // The modules listed functions are imported from.
  sources.push(...listedSources(module));
  return sources;
}

/**
 * Loads every module the subdags of `loaded` name, transitively.
 * @example const subdagModules = await loadSubdagModules(loaded, (source) => loadModule(source, options));
 */
export async function loadSubdagModules(
  loaded: readonly LoadedModule[],
  load: (source: ModuleSource) => Promise<LoadedModule>,
): Promise<SubdagModules> {
  const modules = new Map<string, LoadedModule>();
  let pending = loaded.flatMap(subdagSources);
  while (pending.length > 0) {
    const fresh = new Map(pending.map((source) => [moduleKey(source), source] as const).filter(([key]) => !modules.has(key)));
    const found = await Promise.all([...fresh].map(async ([key, source]) => [key, await load(source)] as const));
    for (const [key, module] of found) modules.set(key, module);
    pending = found.flatMap(([, module]) => subdagSources(module));
  }
  return modules;
}
