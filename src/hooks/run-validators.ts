import { FuncflowError, describeArgument } from "../errors/index.ts";
import { isThenable } from "../graph/index.ts";
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
 *   validator's own error (`hook_failed`) when a validator throws or returns something other
 *   than nothing, a message or a list of messages.
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
  if (typeof result === "string") return [result];
  if (Array.isArray(result) && result.every((message) => typeof message === "string")) return result;
  throw malformedResult(adapter.name, hook, node, result);
}

/**
 * A validator's answer that is neither nothing, a message nor a list of messages: a Hamilton
 * port returning `(passes, error)` as `[true, null]`, a `{ ok }` record or a promise. Read as
 * messages it would fail the build with nonsense, or pass it silently.
 */
function malformedResult(adapter: string, hook: string, node: string | undefined, result: unknown): FuncflowError {
  const got = isThenable(result) ? "a promise (validators run synchronously)" : Array.isArray(result) ? `an array holding ${describeArgument(result.find((message) => typeof message !== "string"))}` : describeArgument(result);
  const where = node === undefined ? "" : ` for node "${node}"`;
  return new FuncflowError(
    "hook_failed",
    `Adapter "${adapter}": its ${hook} validator returned ${got}${where}. Return undefined when the ${node === undefined ? "graph" : "node"} is fine, or a message (or a list of messages) describing each problem.`,
    { node, details: { adapter, hook } },
  );
}
