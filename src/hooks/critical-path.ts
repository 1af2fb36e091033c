import type { NodeInfo } from "../graph/index.ts";
import { requireMap, requireNodeList } from "../errors/index.ts";

/** The chain of dependent nodes whose durations add up to the most. */
export interface CriticalPath {
  /** Node names, first to last. */
  readonly nodes: readonly string[];
  /** The sum of their durations. */
  readonly durationMs: number;
}

/**
 * The critical path through `nodes` (in topological order): the dependency chain with the
 * largest total duration, i.e. how long the run would take with unlimited parallelism.
 * Dependencies outside `nodes` (inputs, config, overrides) count as zero.
 * @example criticalPath(event.nodes, new Map([["a", 2], ["b", 5]])); // { nodes: ["a", "b"], durationMs: 7 }
 */
export function criticalPath(nodes: readonly NodeInfo[], durations: ReadonlyMap<string, number>): CriticalPath {
  requireNodeList("criticalPath", "nodes", nodes);
  requireMap("criticalPath", "durations", durations, "a Map from node name to milliseconds");
  const finish = new Map<string, number>();
  const previous = new Map<string, string | undefined>();
  let end: string | undefined;
  for (const node of nodes) {
    let best: string | undefined;
    let bestFinish = 0;
    for (const dependency of node.dependencies) {
      const at = finish.get(dependency.name);
      if (at !== undefined && (best === undefined || at > bestFinish)) {
        best = dependency.name;
        bestFinish = at;
      }
    }
    const total = bestFinish + (durations.get(node.name) ?? 0);
    finish.set(node.name, total);
    previous.set(node.name, best);
    if (end === undefined || total > finish.get(end)!) end = node.name;
  }
  const path: string[] = [];
  for (let at = end; at !== undefined; at = previous.get(at)) path.push(at);
  return { nodes: path.reverse(), durationMs: end === undefined ? 0 : finish.get(end)! };
}
