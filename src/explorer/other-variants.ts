/**
 * For a node chosen among config variants, the variants config did not choose and why: read
 * from the scanned manifests (the Driver keeps only the chosen one).
 */
import type { ModuleManifest } from "../manifest/index.ts";
import { variantNodeName, type NodeInfo } from "../graph/index.ts";
import type { ExplorerVariant } from "./explorer-model.ts";
import { requireMap, requireNodeList, requirePlainRecord } from "../errors/index.ts";

/**
 * Per node that is one of several config variants, the others, each with its modifiers as
 * written and the config values the keys they name hold.
 * @example otherVariants(dr.listNodes(), await scanNodeModules(dr.listNodes()), { currency: "EUR" });
 */
export function otherVariants(nodes: readonly NodeInfo[], manifests: ReadonlyMap<string, ModuleManifest>, config: Readonly<Record<string, unknown>>): Map<string, ExplorerVariant[]> {
  requireNodeList("otherVariants", "nodes", nodes);
  requireMap("otherVariants", "manifests", manifests, "a Map from module path to its manifest, as scanNodeModules(nodes) returns");
  requirePlainRecord("otherVariants", "config", config, '{ region: "eu" }');
  const result = new Map<string, ExplorerVariant[]>();
  for (const node of nodes) {
    const source = node.source;
    if (source === undefined || !source.exportName.includes("__") || variantNodeName(source.exportName) !== node.name) continue;
    const manifest = manifests.get(source.module);
    const others = (manifest?.functions ?? []).filter((fn) => fn.exportName !== source.exportName && variantNodeName(fn.exportName) === node.name);
    if (others.length === 0) continue;
    result.set(
      node.name,
      others.map((fn) => {
        const modifiers = fn.modifiers.map((modifier) => `${modifier.name}(${modifier.args.join(", ")})`).join(" ∘ ");
        // Keys named in the condition's object literal, e.g. `{ currency: "EUR" }` → currency.
        const keys = [...new Set(fn.modifiers.flatMap((modifier) => modifier.args.flatMap((arg) => [...arg.matchAll(/([A-Za-z_$][\w$]*)\s*:/g)].map((match) => match[1]!))))];
        return { exportName: fn.exportName, module: source.module, line: fn.line, modifiers, configValues: Object.fromEntries(keys.map((key) => [key, config[key] ?? null])) };
      }),
    );
  }
  return result;
}
