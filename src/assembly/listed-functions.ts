/**
 * The functions a `subdag`, `parameterizedSubdag` or `withColumns` lists by name (Hamilton's
 * `@subdag(fn1, fn2)`) as candidates, exactly as if they sat in a module of their own: the
 * function values come from the modifier, their signatures from the scanner's reading of the same
 * list in the source (a local function's entry in `listedFunctions`, an imported one's entry in
 * the module it is imported from, which the Builder loads beforehand as it loads subdag modules).
 */
import { FuncflowError } from "../errors/index.ts";
import { describeSource, readNodeMetadata, type NodeFunction, type NodeSource, type ResolveModifier } from "../graph/index.ts";
import type { ListedFunctions, SubdagModifier } from "../decorators/index.ts";
import type { ManifestFunction, ManifestFunctionList } from "../manifest/index.ts";
import { candidateNodeName } from "./candidate-node-name.ts";
import { checkArity, collectCandidates, type Candidate } from "./collect-candidates.ts";
import type { LoadedModule } from "./loaded-module.ts";

/** Loaded modules by `moduleKey` (as `SubdagModules`; declared here to keep the imports one-way). */
type ModulesByKey = ReadonlyMap<string, LoadedModule>;

const HOW_TO_LIST = `Write the list in the call's options, naming functions this module declares or imports: { functions: [loadData, clean] }.`;

/**
 * The URL an imported function's module is loaded from: a relative or `file:` specifier resolved
 * against the importing module's URL; undefined for a package name or a module without a URL.
 * @example importedModuleUrl(loaded, "./columns.ts"); // URL file:///…/columns.ts
 */
export function importedModuleUrl(module: LoadedModule, specifier: string): URL | undefined {
  if (module.url === undefined || !/^(?:\.\.?\/|\/|file:)/.test(specifier)) return undefined;
  return new URL(specifier, module.url);
}

/**
 * Every module `module`'s `functions` lists import from: the Builder loads them before the graph
 * is built, as it loads subdag modules.
 */
export function listedSources(module: LoadedModule): { source: URL; neededBy: NodeSource }[] {
  const references: { source: URL; neededBy: NodeSource }[] = [];
  for (const entry of [...module.manifest.functions, ...(module.manifest.listedFunctions ?? [])]) {
    for (const list of entry.functionLists ?? []) {
      for (const listed of list.entries) {
        const url = listed.kind === "imported" ? importedModuleUrl(module, listed.specifier) : undefined;
        if (url !== undefined) references.push({ source: url, neededBy: { module: module.location, exportName: entry.exportName, line: entry.line } });
      }
    }
  }
  return references;
}

/**
 * The modifiers of each function listed (at any depth) under `modifiers`: a listed function that
 * is itself a subdag names modules of its own.
 */
export function listedModifiers(modifiers: readonly unknown[]): unknown[] {
  const found: unknown[] = [];
  const seen = new Set<unknown>();
  const visit = (list: readonly unknown[]) => {
    for (const modifier of list) {
      for (const fn of (modifier as Partial<SubdagModifier>).listedFunctions ?? []) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        const inner = readNodeMetadata(fn).modifiers;
        found.push(...inner);
        visit(inner);
      }
    }
  };
  visit(modifiers);
  return found;
}

/**
 * The candidates `listed` names, in list order.
 * @throws FuncflowError `invalid_modifier` naming the module, the export and the entry, for an entry the
 *   scanner could not tie to a declaration, an import it cannot load, two entries of one node name;
 *   `stale_manifest` when the manifest's list does not match the call's.
 */
export function listedCandidates(owner: Candidate, listed: ListedFunctions, modules: ModulesByKey | undefined): Candidate[] {
  const { module } = owner;
  const fail = (message: string, index?: number, code: "invalid_modifier" | "stale_manifest" = "invalid_modifier"): never => {
    throw new FuncflowError(code, `${describeSource(owner.source)}: ${listed.modifier}${index === undefined ? "" : `'s functions[${index}]`} ${message}`, {
      node: owner.source.exportName,
      details: { module: module.location, modifier: listed.modifier, ...(index !== undefined && { index }) },
    });
  };
  const list = functionList(owner.entry, listed.modifier, module, fail);
  if (list.entries.length !== listed.functions.length) {
    fail(`lists ${listed.functions.length} functions, but the manifest read ${list.entries.length} from the source. Rebuild the manifest (funcflow build) from the source this module was built from.`, undefined, "stale_manifest");
  }
  const candidates = list.entries.map((entry, index): Candidate => {
    const value = listed.functions[index]!;
    switch (entry.kind) {
      case "unreadable":
        return fail(`(${entry.text}) ${entry.reason}.`, index);
      case "local":
        return localCandidate(module, entry.name, value, (message) => fail(message, index, "stale_manifest"));
      case "imported":
        return importedCandidate(module, entry.specifier, entry.exportName, value, modules, (message) => fail(message, index));
    }
  });
  rejectSameNodeTwice(candidates, list, fail);
  return candidates;
}

function functionList(entry: ManifestFunction, modifier: string, module: LoadedModule, fail: (message: string) => never): ManifestFunctionList {
  const list = entry.functionLists?.find((each) => each.modifier === modifier);
  if (list === undefined) {
    return fail(
      module.prebuilt === true
        ? `has functions, but the prebuilt manifest records no list for it (built from a .d.ts, which keeps no calls, or by an older funcflow). Rebuild it with funcflow build from the TypeScript source.`
        : `has functions, but the scanner found no functions list in a ${modifier} call around this function: it ties each function to its declaration by reading the list where it is written, in a call of ${modifier} (imported from funcflow, renamed or not), not of a function that calls it. ${HOW_TO_LIST}`,
    );
  }
  if (list.problem !== undefined) fail(`cannot be read: ${list.problem}.`);
  return list;
}

function localCandidate(module: LoadedModule, name: string, value: NodeFunction, fail: (message: string) => never): Candidate {
  const entry = module.manifest.listedFunctions?.find((each) => each.exportName === name);
  if (entry === undefined) return fail(`is the function "${name}" of this module, but the manifest does not list it. Rebuild the manifest (funcflow build) from the source this module was built from.`);
  const { fn, modifiers } = readNodeMetadata(value);
  checkArity(entry, fn, module.location);
  return { entry, fn, modifiers, source: { module: module.location, exportName: name, line: entry.line }, module };
}

function importedCandidate(module: LoadedModule, specifier: string, exportName: string, value: NodeFunction, modules: ModulesByKey | undefined, fail: (message: string) => never): Candidate {
  const url = importedModuleUrl(module, specifier);
  if (url === undefined) {
    return fail(
      module.url === undefined
        ? `is imported from "${specifier}", which cannot be found from a prebuilt module without a url. Give the prebuilt module its url, or pass "${specifier}" in modules.`
        : `is imported from the package "${specifier}"; funcflow reads listed functions from files it can scan. Import it from a relative path, or pass the module in modules.`,
    );
  }
  // Keyed as moduleKey keys a URL.
  const imported = modules?.get(url.href);
  if (imported === undefined) return fail(`is imported from ${url.href}, which was not loaded. Build with Builder.build(), which loads the modules listed functions come from.`);
  const candidate = collectCandidates(imported).find((each) => each.entry.exportName === exportName);
  if (candidate === undefined) {
    const why =
      exportName === "default"
        ? `a default export is never a node function; export it by name (export function f(…)) and import it by that name`
        : exportName.startsWith("_")
          ? `its leading "_" hides it from funcflow; rename it without the "_"`
          : `the module has no node function of that name`;
    return fail(`is "${exportName}" of ${imported.location}, but ${why}.`);
  }
  if (imported.namespace[exportName] !== value) {
    return fail(`is imported as "${exportName}" of ${imported.location}, but the value given is not that module's export (a different copy of the module?). Import it from the path listed here.`);
  }
  return candidate;
}

/** Two entries making one node, neither a config variant: Hamilton would define the node twice. */
function rejectSameNodeTwice(candidates: readonly Candidate[], list: ManifestFunctionList, fail: (message: string, index?: number) => never): void {
  const names = candidates.map(candidateNodeName);
  const conditional = (candidate: Candidate) => candidate.modifiers.some((modifier) => modifier.phase === "resolve" && !(modifier as ResolveModifier).isFallback);
  names.forEach((name, index) => {
    const first = names.indexOf(name);
    if (first === index || (conditional(candidates[first]!) && conditional(candidates[index]!))) return;
    const describe = (at: number) => {
      const entry = list.entries[at]!;
      return entry.kind === "local" ? entry.name : entry.kind === "imported" ? `${entry.exportName} from "${entry.specifier}"` : entry.text;
    };
    fail(`(${describe(index)}) makes node "${name}", as functions[${first}] (${describe(first)}) does. List one of them, or make them config variants (configWhen) of one node.`, index);
  });
}
