/**
 * Code versions for `toGraphology`, read by scanning the modules the nodes were defined in: the
 * same hash of a function's source and helpers that the cache keys its entries by.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { NodeInfo } from "../index.ts";

/**
 * Per function node whose module is a readable file, the scanner's code version of the export
 * that defines it. Modules that are not files (prebuilt, labels) are skipped.
 * @throws FuncflowError `scan_failed` when a module file cannot be scanned.
 * @example toGraphology(dr, { codeVersions: await scannedCodeVersions(dr.listNodes()) });
 */
export async function scannedCodeVersions(nodes: readonly NodeInfo[], cwd = process.cwd()): Promise<Map<string, string>> {
  const { scanFile } = await import("../scanner.ts");
  const manifests = new Map<string, Map<string, string>>();
  const versions = new Map<string, string>();
  for (const node of nodes) {
    const source = node.source;
    if (source === undefined) continue;
    let byExport = manifests.get(source.module);
    if (byExport === undefined) {
      const path = resolve(cwd, source.module);
      const manifest = existsSync(path) ? await scanFile(path) : undefined;
      byExport = new Map((manifest?.functions ?? []).flatMap((fn) => (fn.codeVersion === undefined ? [] : [[fn.exportName, fn.codeVersion] as const])));
      manifests.set(source.module, byExport);
    }
    const version = byExport.get(source.exportName);
    if (version !== undefined) versions.set(node.name, version);
  }
  return versions;
}
