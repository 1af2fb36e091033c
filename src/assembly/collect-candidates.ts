/**
 * Pairs each function the scanner found in a module's source with the function the loaded
 * module exports under the same name, and checks that the two still agree: a manifest built
 * ahead of time can go stale, and a bundle can drop or rename exports.
 */
import { FuncflowError } from "../errors/index.ts";
import { readNodeMetadata, type Modifier, type NodeFunction, type NodeSource } from "../graph/index.ts";
import type { LoadedModule } from "./loaded-module.ts";
import type { ManifestFunction } from "../manifest/index.ts";

/** An exported function that may become a node, before config variants are resolved. */
export interface Candidate {
  readonly entry: ManifestFunction;
  readonly fn: NodeFunction;
  /** Modifiers read from the wrapper at run time, outermost first. */
  readonly modifiers: readonly Modifier[];
  readonly source: NodeSource;
  /** The module it comes from (a `functions` list is read from its manifest and resolved against its URL). */
  readonly module: LoadedModule;
}

const REBUILD_HINT = "Rebuild the manifest (funcflow build, or writeManifest from funcflow/scanner) from the source this module was built from.";

/**
 * Candidates per loaded module: subdag loading and graph building both read them, and one
 * read of a 100,000-export module is enough.
 */
const candidatesOf = new WeakMap<LoadedModule, readonly Candidate[]>();

/** Reads every candidate of one module; throws on any disagreement between source and module. */
export function collectCandidates(module: LoadedModule): readonly Candidate[] {
  let candidates = candidatesOf.get(module);
  if (candidates === undefined) candidatesOf.set(module, (candidates = readCandidates(module)));
  return candidates;
}

function readCandidates(module: LoadedModule): readonly Candidate[] {
  const { manifest, namespace, location } = module;
  raiseScannerProblems(module);
  if (manifest.functions.length === 0 && !Object.values(namespace).some((value) => typeof value === "function")) {
    const others = manifest.nonFunctionExports.map((entry) => entry.exportName);
    throw new FuncflowError(
      "invalid_export",
      `${location}: the module exports no function, so it adds no node${others.length > 0 ? ` (it exports only ${others.map((n) => `"${n}"`).join(", ")})` : ""}. Export the pipeline's functions (\`export function spendMean(spend: number[]) { … }\`), or leave this module out of withModules.`,
      { details: { module: location } },
    );
  }
  const candidates = manifest.functions.map((entry) => {
    const source: NodeSource = { module: location, exportName: entry.exportName, line: entry.line };
    const exported = namespace[entry.exportName];
    if (typeof exported !== "function") {
      const found = exported === undefined ? "does not export it" : `exports it as a ${typeof exported}`;
      throw new FuncflowError(
        "stale_manifest",
        `${location}: the manifest lists function "${entry.exportName}" (line ${entry.line}) but the loaded module ${found}. ${REBUILD_HINT}`,
        { node: entry.exportName },
      );
    }
    const { fn, modifiers } = readNodeMetadata(exported as NodeFunction);
    checkArity(entry, fn, location);
    return { entry, fn, modifiers, source, module };
  });
  checkUnlistedExports(module);
  return candidates;
}

function raiseScannerProblems({ manifest, location }: LoadedModule): void {
  const [problem] = manifest.problems;
  if (problem === undefined) return;
  throw new FuncflowError(problem.code, `${location}:${problem.line}: ${problem.message}`, {
    node: problem.exportName,
    details: { problems: manifest.problems },
  });
}

/**
 * `fn.length` counts parameters before the first default; a `.d.ts` shows defaults only as `?`,
 * so the run-time arity must lie between the required prefix and the full parameter count.
 */
export function checkArity(entry: ManifestFunction, fn: NodeFunction, location: string): void {
  const firstOptional = entry.params.findIndex((param) => param.optional);
  const required = firstOptional === -1 ? entry.params.length : firstOptional;
  if (fn.length >= required && fn.length <= entry.params.length) return;
  throw new FuncflowError(
    "stale_manifest",
    `${location}: "${entry.exportName}" takes ${fn.length} parameter(s) at run time but the manifest lists ${entry.params.length} (${entry.params.map((p) => p.name).join(", ") || "none"}). ${REBUILD_HINT}`,
    { node: entry.exportName, details: { runtimeArity: fn.length, manifestParams: entry.params.map((p) => p.name) } },
  );
}

/**
 * A leading `_` hides an export from funcflow, so modifiers on it would never apply (a `mutate`
 * transform named `_clip` would silently transform nothing): refuse it instead.
 */
function rejectHiddenModifiers(name: string, exported: NodeFunction, location: string): void {
  const { modifiers } = readNodeMetadata(exported);
  if (modifiers.length === 0) return;
  const kinds = [...new Set(modifiers.map((modifier) => modifier.kind))].join(", ");
  throw new FuncflowError(
    "invalid_modifier",
    `${location}: "${name}" is wrapped in ${kinds}, but its leading "_" hides it from funcflow, so ${modifiers.length > 1 ? "they" : "it"} would never apply. Rename it without the "_" (e.g. "${name.replace(/^_+/, "")}"), or remove the wrapper.`,
    { node: name, details: { modifiers: kinds } },
  );
}

function checkUnlistedExports({ manifest, namespace, location, prebuilt }: LoadedModule): void {
  // Every listed function is an exported function (checked before), so when the module exports
  // as many functions as the manifest lists, none is unlisted: no set of 100,000 names needed.
  // Keys and values in bulk, in the same order: a lookup per name was most of this check's time.
  const names = Object.keys(namespace);
  const values = Object.values(namespace);
  let exportedFunctions = 0;
  let hidden = false;
  for (let i = 0; i < names.length; i++) {
    if (typeof values[i] !== "function") continue;
    if (names[i]!.charCodeAt(0) === 95 /* _ */) hidden = true;
    else if (names[i] !== "default") exportedFunctions++;
  }
  if (!hidden && exportedFunctions === manifest.functions.length) return;
  const listed = new Set(manifest.functions.map((entry) => entry.exportName));
  const reasons = new Map(manifest.nonFunctionExports.map((entry) => [entry.exportName, entry.reason]));
  for (const name of Object.keys(namespace)) {
    if (name.startsWith("_") && typeof namespace[name] === "function") rejectHiddenModifiers(name, namespace[name] as NodeFunction, location);
    if (listed.has(name) || typeof namespace[name] !== "function" || name.startsWith("_") || name === "default") continue;
    if (reasons.get(name) === "class") continue;
    if (reasons.get(name) === "opaque-function") {
      throw new FuncflowError(
        "invalid_export",
        `${location}: "${name}" is an exported function, but its parameters cannot be seen in the source (it is made by a call). Declare it as \`export function ${name}(…)\` or an arrow function, or rename it "_${name}" if it is not a node.`,
        { node: name },
      );
    }
    // Scanned from this very source, the manifest cannot be stale: the function is re-exported.
    if (prebuilt !== true) {
      throw new FuncflowError(
        "invalid_export",
        `${location}: the module re-exports function "${name}" from another file (a barrel), and funcflow reads each node from the file that declares it. List the declaring file in withModules instead of the barrel.`,
        { node: name },
      );
    }
    throw new FuncflowError(
      "stale_manifest",
      `${location}: the module exports function "${name}" but the prebuilt manifest does not list it (re-exported from another file, or the manifest is stale). List the file that declares it in withModules, or rebuild the manifest.`,
      { node: name },
    );
  }
}

