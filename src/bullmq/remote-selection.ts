/** Which nodes a remote executor sends to the workers. */
import type { NodeInfo } from "../graph/index.ts";

/**
 * `"all"`: every node that can go; `{ tags }`: nodes whose tags match (a value, one of a list, or
 * `null` for any value); a function: your own policy.
 */
export type RemoteSelection =
  | "all"
  | { readonly tags: Readonly<Record<string, string | readonly string[] | null>> }
  | ((node: NodeInfo) => boolean);

/** The default: nodes tagged `tag({ executor: "remote" }, …)`. */
export const DEFAULT_SELECTION: RemoteSelection = { tags: { executor: "remote" } };

/** @example remoteSelector({ tags: { executor: "remote" } })(node) */
export function remoteSelector(selection: RemoteSelection): (node: NodeInfo) => boolean {
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
