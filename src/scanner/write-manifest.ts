import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { FuncflowError, requireOptionalPath, requirePath } from "../errors/index.ts";
import { scanFile } from "./scan-file.ts";

/** Script extensions, declaration ones first: `x.d.ts` also ends in `.ts`. */
const MODULE_EXTENSION = /(\.d)?\.(m|c)?[jt]sx?$/;

/**
 * Where a module's manifest lives by default: beside it, with the script extension replaced,
 * so `dist/transforms.js`, `dist/transforms.d.ts` and `src/transforms.ts` map to
 * `…/transforms.funcflow.json`.
 * @example manifestPathFor("dist/transforms.js"); // "dist/transforms.funcflow.json"
 */
export function manifestPathFor(modulePath: string): string {
  requirePath("manifestPathFor", "modulePath", modulePath, '"src/pipeline.ts"');
  return `${modulePath.replace(MODULE_EXTENSION, "")}.funcflow.json`;
}

/**
 * Scans a module and writes its manifest as JSON, for code that ships without its source
 * (bundled or minified builds). The file is written whole or not at all: a temporary file
 * beside it is renamed into place, so a reader never sees half a manifest.
 *
 * @param modulePath The module to scan (its `.ts` source, or tsc's `.d.ts`/`.js` output).
 * @param outFile Where to write; defaults to `manifestPathFor(modulePath)`.
 * @returns The path written.
 * @throws FuncflowError `invalid_argument` when `modulePath` or `outFile` is not a non-empty string (nothing is written).
 * @throws FuncflowError `module_not_found` or `scan_failed` from scanning; `io_failed` when
 *   the manifest cannot be written.
 * @example const written = await writeManifest("dist/transforms.d.ts", "dist/transforms.funcflow.json");
 */
export async function writeManifest(modulePath: string, outFile?: string): Promise<string> {
  requirePath("writeManifest", "modulePath", modulePath, '"src/pipeline.ts"');
  requireOptionalPath("writeManifest", "outFile", outFile, '"src/pipeline.funcflow.json"');
  const manifest = await scanFile(modulePath);
  const target = outFile ?? manifestPathFor(modulePath);
  const temporary = `${target}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`, "utf8");
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new FuncflowError(
      "io_failed",
      `${target}: writing the manifest of ${modulePath} failed: ${error instanceof Error ? error.message : String(error)}. Check that the folder exists and is writable.`,
      { cause: error, details: { modulePath, outFile: target } },
    );
  }
  return target;
}
