import { applyModifier, type NodeFunction, type NodeModifier } from "../graph/index.ts";

/**
 * How the cache treats a node:
 * - `default`: read it from the cache when its key matches, else compute and store it;
 * - `recompute`: always compute it (e.g. it reads a file or a clock), but store it and version
 *   it by its value, so dependents still hit when it comes out the same;
 * - `disable`: as if there were no cache; its value gets a fresh version each run, so its
 *   dependents miss;
 * - `ignore`: as if there were no cache, and dependents leave it out of their keys (for
 *   clients, connections and other inputs that do not change results).
 */
export type CacheBehavior = "default" | "recompute" | "disable" | "ignore";

export const CACHE_BEHAVIORS: readonly CacheBehavior[] = ["default", "recompute", "disable", "ignore"];

/** The tag `cacheBehavior` sets; `Builder.withCache({ behaviors })` overrides it. */
export const CACHE_BEHAVIOR_TAG = "funcflow.cache";

/**
 * Sets how the cache treats this node (the Builder's `withCache({ behaviors })` wins over it).
 * @example export const prices = cacheBehavior("recompute", async (url: string) => fetchPrices(url));
 */
export function cacheBehavior<F extends NodeFunction>(behavior: CacheBehavior, fn: F): F {
  const known = CACHE_BEHAVIORS.includes(behavior);
  const modifier: NodeModifier = {
    kind: "cacheBehavior",
    phase: "decorate",
    repeatable: false,
    configKeys: [],
    ...(!known && { problem: `cacheBehavior: "${String(behavior)}" is not a cache behavior; use one of ${CACHE_BEHAVIORS.join(", ")}` }),
    apply: (nodes) => nodes.map((node) => ({ ...node, tags: { ...node.tags, [CACHE_BEHAVIOR_TAG]: behavior } })),
  };
  return applyModifier(modifier, fn);
}
