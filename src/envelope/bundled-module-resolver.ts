/**
 * How a loaded envelope's Builder finds the modules that subdags, withColumns and listed functions
 * name while it builds: in the bundle, by the source path each was saved under, never on disk.
 * A bundled module's `import.meta.url` points beside the bundle at its source path
 * (bundle-pipeline.ts), so `new URL("./part.ts", import.meta.url)` names part.ts's source path;
 * a listed function's module comes as its stable `funcflow-envelope://<id>/<source>` URL.
 */
import { isAbsolute, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { ModuleResolver, PrebuiltModule } from "../driver/index.ts";
import { FuncflowError } from "../errors/index.ts";
import type { ModuleSource, NodeSource } from "../graph/index.ts";
import { bundledModulesFolder, ENVELOPE_URL_SCHEME } from "./envelope-urls.ts";

/** What the resolver needs of a loaded envelope. */
export interface BundledModules {
  readonly dir: string;
  readonly id: string;
  readonly name: string;
  readonly formatVersion: number;
  /** Every module the bundle holds, each named (`name`) by its source path. */
  readonly modules: readonly PrebuiltModule<object>[];
}

/** A reference as a source path: `exact` when it names one path of the envelope, `ending` for a path whose ending is matched (a path written in the code). */
interface Wanted {
  readonly exact: string | undefined;
  readonly ending: string | undefined;
}

/**
 * The Builder's module resolver for a loaded envelope.
 * @throws FuncflowError `envelope_invalid` (from the resolver, at build) naming the module and the
 *   export that needs it, when the envelope does not hold it (a damaged or format-1 envelope).
 * @example new Builder().withModules(...modules).withModuleResolver(bundledModuleResolver({ dir, id, name, formatVersion: 2, modules }))
 */
export function bundledModuleResolver(envelope: BundledModules): ModuleResolver {
  const bySource = new Map(envelope.modules.map((module) => [posix.normalize(String(module.name)), module]));
  return (source, neededBy) => {
    // A prebuilt module the code holds itself is in the bundle already.
    if (typeof source === "object" && !(source instanceof URL)) return source;
    const wanted = wantedPath(source, envelope);
    const found = (wanted.exact === undefined ? undefined : exactly(bySource, wanted.exact)) ?? (wanted.ending === undefined ? undefined : byEnding(bySource, wanted.ending));
    if (found !== undefined) return found;
    throw missingModule(envelope, wanted.exact ?? wanted.ending ?? String(source), neededBy);
  };
}

function wantedPath(source: URL | string, { dir, id }: BundledModules): Wanted {
  const url = source instanceof URL ? source : /^(file|funcflow-envelope):/.test(source) ? new URL(source) : undefined;
  if (url === undefined) {
    const path = (source as string).split("\\").join("/");
    return isAbsolute(path) ? { exact: undefined, ending: path } : { exact: posix.normalize(path), ending: posix.normalize(path) };
  }
  if (url.protocol === ENVELOPE_URL_SCHEME) {
    const path = decodeURIComponent(url.pathname).replace(/^\//, "");
    return url.host === id ? { exact: path, ending: undefined } : { exact: undefined, ending: path };
  }
  const file = fileURLToPath(new URL(url.pathname, "file:///"));
  const exact = relative(bundledModulesFolder(dir), file).split("\\").join("/");
  // A URL made from a bundled module's import.meta.url names exactly one source path; a file URL
  // written into the code (outside the envelope) is matched by its ending.
  return relative(dir, file).startsWith("..") ? { exact, ending: file.split("\\").join("/") } : { exact, ending: undefined };
}

/** The same path, or the `.ts` source of a `.js` specifier (TypeScript's ESM convention), or the reverse. */
function spellings(path: string): string[] {
  const swapped = /\.(m|c)?js(x?)$/.test(path) ? path.replace(/\.(m|c)?js(x?)$/, ".$1ts$2") : /\.(m|c)?ts(x?)$/.test(path) ? path.replace(/\.(m|c)?ts(x?)$/, ".$1js$2") : path;
  return swapped === path ? [path] : [path, swapped];
}

function exactly(bySource: ReadonlyMap<string, PrebuiltModule<object>>, path: string): PrebuiltModule<object> | undefined {
  for (const spelling of spellings(path)) {
    const found = bySource.get(spelling);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The one module whose source path shares the longest ending (whole segments) with `path`; none on a tie. */
function byEnding(bySource: ReadonlyMap<string, PrebuiltModule<object>>, path: string): PrebuiltModule<object> | undefined {
  let best: PrebuiltModule<object> | undefined;
  let bestLength = 0;
  let tied = false;
  for (const spelling of spellings(path)) {
    const wanted = spelling.split("/").filter((part) => part !== "" && part !== ".");
    for (const [source, module] of bySource) {
      const parts = source.split("/").filter((part) => part !== "..");
      let length = 0;
      while (length < parts.length && length < wanted.length && parts[parts.length - 1 - length] === wanted[wanted.length - 1 - length]) length++;
      if (length === 0 || length < bestLength || module === best) continue;
      tied = length === bestLength;
      [best, bestLength] = [module, length];
    }
  }
  return tied ? undefined : best;
}

function missingModule(envelope: BundledModules, module: string, neededBy: NodeSource): FuncflowError {
  const why = envelope.formatVersion < 2 ? `: it was saved in format ${envelope.formatVersion}, which bundled only the pipeline's own modules, not those its subdags load` : "";
  return new FuncflowError(
    "envelope_invalid",
    `envelope ${envelope.name} (${envelope.id.slice(0, 12)}): node "${neededBy.exportName}" (${neededBy.module}:${neededBy.line}) needs the module ${module}, which the envelope does not hold${why}. Save the envelope again from the source with this funcflow: it bundles every module a subdag, parameterizedSubdag, withColumns or listed function names.`,
    { node: neededBy.exportName, details: { envelope: envelope.dir, module, neededBy: `${neededBy.module}:${neededBy.line}` } },
  );
}
