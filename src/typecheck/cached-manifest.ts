/**
 * A module's manifest through the manifest cache (keyed by content hash), scanning only on a
 * miss: checking or building an unchanged module then never loads ts-morph.
 */
import { readFile } from "node:fs/promises";
import { readCachedManifest, writeCachedManifest, contentHash, type ModuleManifest } from "../manifest/index.ts";
import { FuncflowError, invalidArgument, requirePath } from "../errors/index.ts";

/**
 * The manifest of the module at `path`, from `cacheDir` (false: memory only) or scanned.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string or `cacheDir` neither a folder path nor false.
 * @throws FuncflowError `module_not_found` or `scan_failed`.
 * @example const manifest = await cachedManifest("/abs/src/transforms.ts", "node_modules/.cache/funcflow");
 */
export async function cachedManifest(path: string, cacheDir: string | false): Promise<ModuleManifest> {
  requirePath("cachedManifest", "path", path, '"src/pipeline.ts"');
  if (cacheDir !== false && (typeof cacheDir !== "string" || cacheDir === "")) throw invalidArgument("cachedManifest", "cacheDir", cacheDir, 'a folder path such as ".cache/funcflow", or false for no cache');
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new FuncflowError(
      missing ? "module_not_found" : "scan_failed",
      `${path}: ${missing ? "no module at this path" : `reading the module failed: ${String(error)}`}. Pass the path of a .ts, .d.ts or .js module.`,
      { cause: error, details: { file: path } },
    );
  }
  const cached = await readCachedManifest(contentHash(text), path, cacheDir);
  if (cached !== undefined) return cached;
  // Loaded here, lazily: the scanner pulls in ts-morph.
  const { scanSource } = await import("../scanner/index.ts");
  const manifest = scanSource(text, path);
  await writeCachedManifest(manifest, cacheDir);
  return manifest;
}
