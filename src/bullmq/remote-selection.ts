/** Which nodes a remote executor sends to the workers: the executors' one selection rule. */
import { nodeSelector, type NodeSelection } from "../executors/index.ts";

/**
 * `"all"`: every node that can go; `{ tags }`: nodes whose tags match (a value, one of a list, or
 * `null` for any value); a function: your own policy.
 */
export type RemoteSelection = NodeSelection;

/** The default: nodes tagged `tag({ executor: "remote" }, …)`. */
export const DEFAULT_SELECTION: RemoteSelection = { tags: { executor: "remote" } };

/** @example remoteSelector({ tags: { executor: "remote" } })(node) */
export const remoteSelector: (selection: RemoteSelection) => ReturnType<typeof nodeSelector> = nodeSelector;
