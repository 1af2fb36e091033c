import { FuncflowError } from "../errors/index.ts";
import { hookFailed } from "./hook-failed.ts";
import type { GraphView, LifecycleAdapter, ValidationResult } from "./lifecycle-adapter.ts";

/** One problem a validator found. */
export interface ValidationProblem {
  readonly adapter: string;
  /** The node at fault; undefined for a whole-graph problem. */
  readonly node: string | undefined;
  readonly message: string;
}

/**
 * Runs every adapter's `validateNode` on every function node and `validateGraph` once, and
 * reports every problem at once.
 * @throws FuncflowError `validation_failed` listing each problem (`details.problems`), or the
 *   validator's own error (`hook_failed`) when a validator throws.
 * @example runValidators([noUntypedNodes], { nodes: graph.nodes, config: graph.config });
 */
export function runValidators(adapters: readonly LifecycleAdapter[], graph: GraphView): void {
  const problems: ValidationProblem[] = [];
  for (const adapter of adapters) {
    if (typeof adapter.validateNode === "function") {
      for (const node of graph.nodes) {
        if (node.kind !== "function") continue;
        const found = call(adapter, "validateNode", node.name, () => adapter.validateNode!(node));
        for (const message of found) problems.push({ adapter: adapter.name, node: node.name, message });
      }
    }
    if (typeof adapter.validateGraph === "function") {
      const found = call(adapter, "validateGraph", undefined, () => adapter.validateGraph!(graph));
      for (const message of found) problems.push({ adapter: adapter.name, node: undefined, message });
    }
  }
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${p.node === undefined ? "the graph" : `"${p.node}"`} (${p.adapter}): ${p.message}`);
  throw new FuncflowError(
    "validation_failed",
    `build: ${problems.length === 1 ? "a validator" : "validators"} found ${problems.length} problem${problems.length > 1 ? "s" : ""}:\n${lines.join("\n")}\nFix the nodes, or leave the adapter out of withAdapters(…).`,
    { node: problems[0]!.node, details: { problems } },
  );
}

function call(adapter: LifecycleAdapter, hook: string, node: string | undefined, validate: () => ValidationResult): readonly string[] {
  let result: ValidationResult;
  try {
    result = validate();
  } catch (error) {
    throw hookFailed(adapter.name, hook, node, error);
  }
  if (result === undefined || result === null) return [];
  return typeof result === "string" ? [result] : result;
}
