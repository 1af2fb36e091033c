import { readFile } from "node:fs/promises";
import { FuncflowError, requirePath } from "../errors/index.ts";
import type { ModuleManifest } from "../manifest/index.ts";
import { scanSource } from "./scan-source.ts";

/**
 * Reads and scans one module file (`.ts`, `.mts`, `.tsx`, `.js`, `.mjs`, `.d.ts`, `.d.mts`).
 *
 * @param path The module's path; only its base name is recorded in the manifest.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string.
 * @throws FuncflowError `module_not_found` when there is no file at `path`; `scan_failed` when
 *   it cannot be read or its extension is not one funcflow scans.
 * @example const manifest = await scanFile("src/transforms.ts");
 */
export async function scanFile(path: string): Promise<ModuleManifest> {
  requirePath("scanFile", "path", path, '"src/pipeline.ts"');
  let sourceText: string;
  try {
    sourceText = await readFile(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new FuncflowError(
      missing ? "module_not_found" : "scan_failed",
      missing
        ? `${path}: no module at this path. Pass the path of a .ts, .js or .d.ts module.`
        : `${path}: reading the module failed: ${error instanceof Error ? error.message : String(error)}. Check that it is a readable file.`,
      { cause: error, details: { file: path } },
    );
  }
  return scanSource(sourceText, path);
}
