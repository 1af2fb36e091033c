/**
 * How `list`, `validate` and `build` count a graph: every node, then by kind, so no command's
 * number can be read as another's (config keys and inputs are nodes too, as in Hamilton).
 */
import type { NodeInfo, NodeKind } from "../../graph/index.ts";

const KIND_WORDS: readonly (readonly [NodeKind, string])[] = [
  ["function", "function(s)"],
  ["input", "input(s)"],
  ["config", "config key(s)"],
];

/**
 * "8 node(s) (6 function(s), 2 input(s), 0 config key(s))".
 * @example describeNodeCount(driver.listNodes());
 */
export function describeNodeCount(nodes: readonly NodeInfo[]): string {
  const counts = new Map<NodeKind, number>();
  for (const node of nodes) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  return `${nodes.length} node(s) (${KIND_WORDS.map(([kind, words]) => `${counts.get(kind) ?? 0} ${words}`).join(", ")})`;
}
