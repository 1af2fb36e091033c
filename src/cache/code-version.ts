import { createHash } from "node:crypto";
import type { NodeFunction, NodeInfo } from "../graph/index.ts";

/**
 * A node's code version: a hash of its function's source, the scanner's version of the source
 * (which also covers the module-local helpers the function calls, when the manifest has it),
 * and the config condition that chose the variant.
 * @example codeVersion(dr.node("total"), totalFn, entry.codeVersion);
 */
export function codeVersion(node: NodeInfo, fn: NodeFunction | undefined, scanned: string | undefined): string {
  const parts = [node.name, node.condition ?? "", scanned ?? "", fn === undefined ? "" : Function.prototype.toString.call(fn)];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}
