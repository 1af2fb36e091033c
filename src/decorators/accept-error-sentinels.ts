import { applyModifier, type NodeFunction, type NodeModifier } from "../graph/index.ts";

/** The tag `acceptErrorSentinels` sets, read by the engine when an input failed gracefully. */
export const ERROR_SENTINELS_TAG = "funcflow.acceptsErrorSentinels";

/**
 * Hamilton's `@accept_error_sentinels`: under `gracefulErrors()`, a node whose input failed is
 * skipped, unless it accepts sentinels; then it runs, that input being the sentinel (an
 * aggregation that wants partial results, inside a parallel block too).
 * @example export const gather = acceptErrorSentinels((fit: Fit | null, name: string) => ({ name, fit }));
 */
export function acceptErrorSentinels<F extends NodeFunction>(fn: F): F {
  const modifier: NodeModifier = {
    kind: "acceptErrorSentinels",
    phase: "decorate",
    repeatable: false,
    configKeys: [],
    apply: (nodes) => nodes.map((node) => ({ ...node, tags: { ...node.tags, [ERROR_SENTINELS_TAG]: "true" } })),
  };
  return applyModifier(modifier, fn);
}
