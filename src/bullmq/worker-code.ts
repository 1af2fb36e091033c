/**
 * Where a worker's functions come from: module files given by path, scanned for their code
 * versions and imported (`loadModuleCode`), or an envelope's bundle (`envelopeWorkerCode` in
 * funcflow/envelope). Both return a `WorkerCode`.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ModuleAddress } from "../executors/index.ts";
import { readNodeMetadata, type NodeFunction } from "../graph/index.ts";
import { FuncflowError, invalidArgument, requireArray } from "../errors/index.ts";
import { contentHash, type ModuleManifest, defaultManifestCacheDir, readCachedManifest, writeCachedManifest } from "../manifest/index.ts";

/** A node function a worker can call, and the code version its scan recorded. */
export interface WorkerFunction {
  readonly fn: (...args: unknown[]) => unknown;
  /** Undefined when the source gives none (a declaration file). */
  readonly codeVersion: string | undefined;
}

/**
 * The job's code is not this worker's as a whole (another envelope), whatever the export's own
 * code version says: the worker refuses it, and the labels name both sides.
 */
export interface CodeMismatch {
  readonly mismatch: {
    /** The code the job comes from, e.g. `envelope 1f2e3d4c5b6a`. */
    readonly driver: string;
    /** The code this worker runs, e.g. `envelope features@2 (9a8b7c6d5e4f)`. */
    readonly worker: string;
  };
}

/** The code a worker runs: it finds the function a job names. */
export interface WorkerCode {
  /** What was loaded, for logs: the module files (or the envelope and its modules). */
  readonly modules: readonly string[];
  /**
   * The function at `address`: from the module with that URL, else (another machine, another
   * path) from the loaded module whose path ends the same way; or a `CodeMismatch` when the
   * address names code this worker refuses to stand in for.
   * @throws Error when no loaded module matches or it has no such function.
   */
  resolve(address: ModuleAddress): WorkerFunction | CodeMismatch;
}

interface LoadedFile {
  readonly file: string;
  readonly url: string;
  readonly namespace: Readonly<Record<string, unknown>>;
  readonly versions: ReadonlyMap<string, string | undefined>;
}

/**
 * Loads module files for a worker: scans each (for code versions) and imports it.
 * @throws FuncflowError `invalid_argument` (no modules), `module_not_found`, `scan_failed`, `module_load_failed`.
 * @example const code = await loadModuleCode(["examples/feature-engineering/features.ts"]);
 */
export async function loadModuleCode(modules: readonly (string | URL)[]): Promise<WorkerCode> {
  if (Array.isArray(modules) && modules.length === 0) {
    throw new FuncflowError("invalid_argument", 'loadModuleCode: modules is empty. Pass the module files whose functions the worker runs, e.g. ["src/transforms.ts"].', {
      details: { function: "loadModuleCode", argument: "modules" },
    });
  }
  return loadWorkerModules("loadModuleCode", "modules", modules);
}

/**
 * {@link loadModuleCode} for the function the user called (`startWorker` reads its
 * `options.modules`): every error names `where` and `argument`.
 * @throws FuncflowError as loadModuleCode.
 */
export async function loadWorkerModules(where: string, argument: string, modules: unknown): Promise<WorkerCode> {
  if (modules === undefined || (Array.isArray(modules) && modules.length === 0)) {
    throw new FuncflowError("invalid_argument", `${where}: no modules. Pass the module files whose functions the worker runs, e.g. modules: ["src/transforms.ts"], or an envelope (envelope: "features@1").`, {
      details: { function: where, argument },
    });
  }
  requireArray(where, argument, modules, 'an array of module paths or file URLs such as ["src/transforms.ts"]');
  const bad = modules.findIndex((module: unknown) => !(module instanceof URL) && (typeof module !== "string" || module === ""));
  if (bad >= 0) throw invalidArgument(where, `${argument}[${bad}]`, modules[bad], `a module path or file URL such as "src/transforms.ts"`);
  const loaded = await Promise.all((modules as readonly (string | URL)[]).map((module) => loadFile(where, module)));
  return {
    modules: loaded.map((module) => module.file),
    resolve(address) {
      const module = matchModule(loaded, address.url);
      const exported = module.namespace[address.exportName];
      if (typeof exported !== "function") throw new Error(`${module.file} has no exported function "${address.exportName}"`);
      return { fn: readNodeMetadata(exported as NodeFunction).fn as (...args: unknown[]) => unknown, codeVersion: module.versions.get(address.exportName) };
    },
  };
}

async function loadFile(where: string, source: string | URL): Promise<LoadedFile> {
  const file = source instanceof URL || source.startsWith("file:") ? fileURLToPath(source) : resolve(source);
  if (!existsSync(file)) {
    throw new FuncflowError("module_not_found", `${where}: no module at ${file}. Pass the path of the pipeline's .ts or .js module.`, { details: { file } });
  }
  const manifest = await manifestOf(file);
  const versions = new Map(manifest.functions.map((fn) => [fn.exportName, fn.codeVersion]));
  const url = pathToFileURL(file).href;
  try {
    return { file, url, namespace: (await import(url)) as Readonly<Record<string, unknown>>, versions };
  } catch (error) {
    throw new FuncflowError("module_load_failed", `${file}: importing the module failed: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
}

/**
 * The module's manifest, scanned as the Builder scans it (same file name, so the same code
 * versions) and shared through the Builder's manifest cache: a worker started where a driver
 * has run skips ts-morph.
 */
async function manifestOf(file: string): Promise<ModuleManifest> {
  try {
    const text = await readFile(file, "utf8");
    const hash = contentHash(text);
    const cacheDir = defaultManifestCacheDir();
    const cached = await readCachedManifest(hash, file, cacheDir);
    if (cached !== undefined) return cached;
    // Loaded here: ts-morph costs ~0.5 s to import, paid once when the worker starts.
    const { scanSource } = await import("../scanner/index.ts");
    const manifest = scanSource(text, file);
    await writeCachedManifest(manifest, cacheDir);
    return manifest;
  } catch (error) {
    throw new FuncflowError("scan_failed", `${file}: reading the module's source failed: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
}

/** The module a job's URL means here: the same URL, else the one sharing the longest path ending. */
function matchModule(loaded: readonly LoadedFile[], url: string): LoadedFile {
  const exact = loaded.find((module) => module.url === url);
  if (exact !== undefined) return exact;
  const wanted = url.startsWith("file:") ? fileURLToPath(url).split(sep) : url.split("/").map(decodeURIComponent);
  let best: LoadedFile | undefined;
  let bestLength = 0;
  for (const module of loaded) {
    const parts = module.file.split(sep);
    let length = 0;
    while (length < parts.length && length < wanted.length && parts[parts.length - 1 - length] === wanted[wanted.length - 1 - length]) length++;
    if (length > bestLength) [best, bestLength] = [module, length];
  }
  if (best === undefined) throw new Error(`this worker has no module for ${url}; it loaded ${loaded.map((module) => module.file).join(", ")}`);
  return best;
}
