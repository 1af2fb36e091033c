/**
 * Which nodes an executor takes (worker threads, a remote queue): all that can go, those whose
 * tags match, or a policy of the caller's. One rule for every executor that chooses nodes.
 */
import type { NodeInfo } from "../graph/index.ts";

/**
 * `"all"`: every node that can go; `{ tags }`: nodes whose tags match (a value, one of a list, or
 * `null` for any value); a function: your own policy.
 */
export type NodeSelection =
  | "all"
  | { readonly tags: Readonly<Record<string, string | readonly string[] | null>> }
  | ((node: NodeInfo) => boolean);

/** @example nodeSelector({ tags: { executor: "worker" } })(node) */
export function nodeSelector(selection: NodeSelection): (node: NodeInfo) => boolean {
  if (selection === "all") return () => true;
  if (typeof selection === "function") return selection;
  const wanted = Object.entries(selection.tags);
  return (node) =>
    wanted.every(([key, accepted]) => {
      if (!Object.hasOwn(node.tags, key)) return false;
      if (accepted === null) return true;
      const present = ([] as string[]).concat(node.tags[key]!);
      return ([] as string[]).concat(accepted).some((value) => present.includes(value));
    });
}
