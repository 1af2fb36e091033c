/**
 * Loads one module source for graph building: finds the file (a `.ts` URL also finds its
 * compiled `.js`, so the same `new URL("./transforms.ts", import.meta.url)` works under tsx,
 * vitest and tsc output), obtains its manifest (prebuilt, cached, or scanned on the fly),
 * and imports it for its functions.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describeArgument, FuncflowError, isModuleNamespace } from "../errors/index.ts";
import { contentHash, MANIFEST_SCHEMA_VERSION, type ModuleManifest, readCachedManifest, writeCachedManifest } from "../manifest/index.ts";
import { type LoadedModule } from "../assembly/index.ts";
import type { ModuleSource, PrebuiltModule } from "../graph/index.ts";

export interface LoadOptions {
  /** Disk cache for manifests, or false for memory only. */
  readonly manifestCacheDir: string | false;
}

/** Loads a module source; throws `module_not_found`, `module_load_failed` or `scan_failed`. */
export async function loadModule(source: ModuleSource, options: LoadOptions): Promise<LoadedModule> {
  if (typeof source === "object" && source !== null && !(source instanceof URL) && !isModuleNamespace(source)) return loadPrebuilt(source);
  if (typeof source !== "string" && !(source instanceof URL)) {
    throw new FuncflowError(
      "invalid_argument",
      `withModules: expected a module's URL or path, or a prebuilt { module, manifest }, but got ${describeArgument(source)}. Pass e.g. new URL("./transforms.ts", import.meta.url).`,
    );
  }
  const file = locate(source);
  const location = displayPath(file);
  // A query (`?v=2`) is kept for the import: ESM caches modules by URL, so it forces a reload.
  const query = source instanceof URL ? source.search : typeof source === "string" && source.startsWith("file:") ? new URL(source).search : "";
  const manifest = await manifestFor(scanTarget(file), location, options);
  let namespace: Readonly<Record<string, unknown>>;
  try {
    namespace = (await import(pathToFileURL(file).href + query)) as Readonly<Record<string, unknown>>;
  } catch (error) {
    throw new FuncflowError(
      "module_load_failed",
      `${location}: importing the module failed: ${error instanceof Error ? error.message : String(error)}. Fix the module so it imports on its own (e.g. \`npx tsx ${location}\`).`,
      { cause: error, details: { file } },
    );
  }
  return { location, manifest, namespace, url: pathToFileURL(file).href };
}

function loadPrebuilt(source: PrebuiltModule<object>): LoadedModule {
  const { manifest, module } = source;
  const label = typeof source.name === "string" ? source.name : typeof manifest?.file === "string" ? manifest.file : "prebuilt module";
  if (typeof manifest !== "object" || manifest === null) {
    throw new FuncflowError(
      "invalid_argument",
      `withModules: ${label}: a prebuilt module needs a manifest object, got ${describeArgument(manifest)}. Pass { module, manifest } with the manifest funcflow build (or writeManifest from funcflow/scanner) wrote, or pass the module's URL instead.`,
    );
  }
  if (manifest?.schemaVersion !== MANIFEST_SCHEMA_VERSION || !Array.isArray(manifest.functions)) {
    throw new FuncflowError(
      "stale_manifest",
      `${label}: the manifest has schema version ${String(manifest?.schemaVersion)}, but this funcflow reads version ${MANIFEST_SCHEMA_VERSION}. Rebuild it with writeManifest from funcflow/scanner (or funcflow build).`,
    );
  }
  if (typeof module !== "object" || module === null) {
    throw new FuncflowError("invalid_argument", `${label}: a prebuilt module needs its namespace: { module: await import("./transforms.js"), manifest }.`);
  }
  const url = source.url === undefined ? undefined : String(source.url);
  // The schema version is checked above: a JSON-typed manifest of this version is a ModuleManifest.
  return { location: label, manifest: manifest as ModuleManifest, namespace: module as Readonly<Record<string, unknown>>, prebuilt: true, ...(url !== undefined && { url }) };
}

const TYPESCRIPT = /\.(m|c)?tsx?$/;

/**
 * The file to import: the given one, or the compiled `.js` beside a `.ts` path that is gone, or
 * the `.ts` source of a `.js` path that does not exist yet (TypeScript's ESM import convention,
 * run under tsx or vitest).
 */
function locate(source: URL | string): string {
  const file = source instanceof URL || source.startsWith("file:") ? fileURLToPath(source) : resolve(source);
  if (existsSync(file)) return notAFolder(file);
  const siblings = TYPESCRIPT.test(file)
    ? [file.replace(/\.ts$|\.tsx$/, ".js").replace(/\.mts$/, ".mjs")]
    : /\.m?js$/.test(file)
      ? [file.replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts")]
      : [];
  const compiled = siblings.filter((candidate) => candidate !== file);
  const found = compiled.find((candidate) => existsSync(candidate));
  if (found !== undefined) return notAFolder(found);
  throw new FuncflowError(
    "module_not_found",
    `withModules: no module at ${[file, ...compiled].join(" or ")}. Pass the path of a .ts or .js module, e.g. new URL("./transforms.ts", import.meta.url).`,
    { details: { tried: [file, ...compiled] } },
  );
}

function notAFolder(file: string): string {
  if (!statSync(file).isDirectory()) return file;
  throw new FuncflowError(
    "invalid_argument",
    `withModules: ${file} is a folder, not a module. Pass each module file, e.g. new URL("./transforms.ts", import.meta.url).`,
    { details: { file } },
  );
}

/** Compiled JavaScript is read through its declaration file when there is one: it keeps types and docs. */
function scanTarget(file: string): string {
  if (TYPESCRIPT.test(file)) return file;
  const declaration = file.replace(/\.js$/, ".d.ts").replace(/\.mjs$/, ".d.mts");
  return declaration !== file && existsSync(declaration) ? declaration : file;
}

async function manifestFor(file: string, location: string, options: LoadOptions): Promise<ModuleManifest> {
  const text = await readFile(file, "utf8");
  const hash = contentHash(text);
  const cached = await readCachedManifest(hash, file, options.manifestCacheDir);
  if (cached !== undefined) return cached;
  let manifest: ModuleManifest;
  try {
    // Loaded here, lazily: ts-morph costs ~0.5 s to import and the root entry must stay light.
    const { scanSource } = await import("../scanner/index.ts");
    // The whole path, so types imported from relative modules are found; the manifest records the base name.
    manifest = scanSource(text, file);
  } catch (error) {
    throw new FuncflowError(
      "scan_failed",
      `${location}: reading the module's source failed: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  await writeCachedManifest(manifest, options.manifestCacheDir);
  return manifest;
}

function displayPath(file: string): string {
  const fromHere = relative(process.cwd(), file);
  return fromHere.startsWith("..") || extname(fromHere) === "" ? file : fromHere;
}
