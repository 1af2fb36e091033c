/**
 * For a node chosen among config variants, the variants config did not choose and why: read
 * from the scanned manifests (the Driver keeps only the chosen one).
 */
import { conditionArguments, givenNodeName, type ManifestFunction, type ModuleManifest } from "../manifest/index.ts";
import { variantNodeName, type NodeInfo } from "../graph/index.ts";
import type { ExplorerVariant } from "./explorer-model.ts";
import { requireMap, requireNodeList, requirePlainRecord } from "../errors/index.ts";

/**
 * Per node that is one of several config variants, the others, each with its modifiers as
 * written and the config values the keys they name hold. Variants share a node by the `__`
 * convention or by the name their config wrapper gives (`configWhen(…, { name }, fn)`).
 * @example otherVariants(dr.listNodes(), await scanNodeModules(dr.listNodes()), { currency: "EUR" });
 */
export function otherVariants(nodes: readonly NodeInfo[], manifests: ReadonlyMap<string, ModuleManifest>, config: Readonly<Record<string, unknown>>): Map<string, ExplorerVariant[]> {
  requireNodeList("otherVariants", "nodes", nodes);
  requireMap("otherVariants", "manifests", manifests, "a Map from module path to its manifest, as scanNodeModules(nodes) returns");
  requirePlainRecord("otherVariants", "config", config, '{ region: "eu" }');
  const result = new Map<string, ExplorerVariant[]>();
  // Each module's functions by the node they define, grouped once: a lookup per node after that.
  const byNode = new Map<string, Map<string, ManifestFunction[]>>();
  const functionsOf = (module: string) => {
    let grouped = byNode.get(module);
    if (grouped === undefined) {
      grouped = new Map();
      for (const fn of manifests.get(module)?.functions ?? []) {
        const name = givenNodeName(fn) ?? variantNodeName(fn.exportName);
        grouped.set(name, [...(grouped.get(name) ?? []), fn]);
      }
      byNode.set(module, grouped);
    }
    return grouped;
  };
  for (const node of nodes) {
    const source = node.source;
    if (source === undefined || node.kind !== "function" || node.condition === undefined) continue;
    const variants = functionsOf(source.module).get(node.name) ?? [];
    if (!variants.some((fn) => fn.exportName === source.exportName)) continue;
    const others = variants.filter((fn) => fn.exportName !== source.exportName);
    if (others.length === 0) continue;
    result.set(
      node.name,
      others.map((fn) => {
        const modifiers = fn.modifiers.map((modifier) => `${modifier.name}(${modifier.args.join(", ")})`).join(" ∘ ");
        // Keys named in the condition's object literal, e.g. `{ currency: "EUR" }` → currency.
        const keys = [...new Set(fn.modifiers.flatMap((modifier) => conditionArguments(modifier).flatMap((arg) => [...arg.matchAll(/([A-Za-z_$][\w$]*)\s*:/g)].map((match) => match[1]!))))];
        return { exportName: fn.exportName, module: source.module, line: fn.line, modifiers, configValues: Object.fromEntries(keys.map((key) => [key, config[key] ?? null])) };
      }),
    );
  }
  return result;
}
