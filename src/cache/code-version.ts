import { createHash } from "node:crypto";
import type { NodeFunction, NodeInfo } from "../graph/index.ts";

/**
 * The version a node's cache entries are keyed by: a hash of the node's name, the config
 * condition that chose the variant, its `version` (the scanner's hash of the source and of the
 * module-local helpers the function calls, when the manifest has it) and the loaded function's
 * text (which is all there is when the manifest has no version).
 * @example codeVersion(dr.node("total"), totalFn);
 */
export function codeVersion(node: NodeInfo, fn: NodeFunction | undefined): string {
  const parts = [node.name, node.condition ?? "", node.version ?? "", fn === undefined ? "" : Function.prototype.toString.call(fn)];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}
