import type { NodeModifier } from "./modifier.ts";
import { applyModifier, type NodeFunction } from "./metadata.ts";

/** Tag values: a string or a list of strings. */
export type TagValues = Readonly<Record<string, string | readonly string[]>>;

/**
 * Attaches tags to the node (shown by `listNodes` and usable to select nodes).
 * @example export const revenue = tag({ owner: "finance" }, (sales: number) => sales);
 */
export function tag<F extends NodeFunction>(tags: TagValues, fn: F): F {
  const modifier: NodeModifier = {
    kind: "tag",
    phase: "decorate",
    repeatable: true,
    configKeys: [],
    apply: (nodes) => nodes.map((node) => ({ ...node, tags: { ...node.tags, ...tags } })),
  };
  return applyModifier(modifier, fn);
}
