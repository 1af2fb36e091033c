/**
 * A graph's version, Hamilton's `HamiltonGraph.version`: one digest of every node's version, so
 * a tracker can tell two runs of the same dataflow from runs of an edited one without comparing
 * node by node. Order-free (sorted), so the order modules are given in does not change it.
 */
import { createHash } from "node:crypto";
import type { NodeInfo } from "./function-graph.ts";

const versions = new WeakMap<readonly NodeInfo[], string>();

/**
 * SHA-256 (hex) of the sorted node versions: a function node's name and code version (nodes without one,
 * such as prebuilt modules' nodes built without code versions, are left out, as Hamilton leaves
 * out nodes without a version) and, for inputs and config keys, their names (as Hamilton versions
 * an external input by its name). Computed once per node list.
 * @example graphVersion(dr.listNodes()); // "9c1f…"
 */
export function graphVersion(nodes: readonly NodeInfo[]): string {
  let version = versions.get(nodes);
  if (version === undefined) {
    const parts: string[] = [];
    for (const node of nodes) {
      if (node.kind === "function") {
        if (node.version !== undefined) parts.push(`function:${node.name}:${node.version}`);
      } else {
        parts.push(`${node.kind}:${node.name}`);
      }
    }
    version = createHash("sha256").update(parts.sort().join("\n")).digest("hex");
    versions.set(nodes, version);
  }
  return version;
}
