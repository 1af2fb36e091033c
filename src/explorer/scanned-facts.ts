/**
 * What the explorer reads from the pipeline's source besides the Driver's node list: each
 * node's code version and, for config variants, the variants not chosen. One scan per module.
 */
import type { NodeInfo } from "../graph/index.ts";
import type { ExplorerVariant } from "./explorer-model.ts";
import { otherVariants } from "./other-variants.ts";
import { requireNodeList, requirePlainRecord } from "../errors/index.ts";

/** Options of `explorerPage` that scanning fills in. */
export interface ScannedFacts {
  readonly codeVersions: ReadonlyMap<string, string>;
  readonly otherVariants: ReadonlyMap<string, readonly ExplorerVariant[]>;
}

/**
 * Scans the module files `nodes` came from (prebuilt modules are skipped).
 * @throws FuncflowError `invalid_argument` when `nodes` is not the list driver.listNodes() returns or `config` not a plain object.
 * @throws FuncflowError `scan_failed` when a module file cannot be scanned.
 * @example await explorerPage(dr, { ...(await scannedFacts(dr.listNodes(), config)) });
 */
export async function scannedFacts(nodes: readonly NodeInfo[], config: Readonly<Record<string, unknown>>): Promise<ScannedFacts> {
  requireNodeList("scannedFacts", "nodes", nodes);
  requirePlainRecord("scannedFacts", "config", config, '{ region: "eu" }');
  // Loaded here, not at import: funcflow/explorer (and runRecorder with it) must not load graphology.
  const { scanNodeModules, scannedCodeVersions } = await import("../graphology/index.ts");
  const manifests = await scanNodeModules(nodes);
  return { codeVersions: await scannedCodeVersions(nodes, manifests), otherVariants: otherVariants(nodes, manifests, config) };
}
