/**
 * A run refused before any node runs (an unknown output, a missing input, …) is still a run
 * attempt: adapters hear it as one, `beforeGraph` then `afterGraph` with `success: false` and
 * the refusal as `error`, as Hamilton's `pre_graph_execute`/`post_graph_execute` hear a run whose
 * inputs fail validation. A tracker then records the failed attempt instead of nothing.
 */
import { randomUUID } from "node:crypto";
import { isFuncflowError, type FuncflowErrorCode } from "../errors/index.ts";
import type { FunctionGraph } from "../graph/index.ts";
import type { ComposedAdapters } from "../hooks/index.ts";
import type { ExecuteOptions } from "./types.ts";
import { graphStartEvent } from "./graph-view.ts";

/**
 * The refusals of a well-formed request: what it asks for does not fit the graph. A malformed
 * call (outputs not a list of names, options of the wrong shape) is not a run attempt and fires
 * nothing, as Hamilton's output names are converted before its hooks run.
 */
const REQUEST_REFUSALS: ReadonlySet<FuncflowErrorCode> = new Set<FuncflowErrorCode>([
  "unknown_output",
  "missing_input",
  "config_unsatisfied",
  "config_input_overlap",
  "input_is_node",
  "unknown_node",
]);

/**
 * Tells `adapters` of a run that `refusal` stopped before it started, and returns the refusal for
 * the caller to throw. A hook that fails here is not reported: the refusal is the run's error.
 */
export async function announceRefusedRun(
  adapters: ComposedAdapters | undefined,
  graph: FunctionGraph,
  outputs: readonly string[],
  options: ExecuteOptions,
  refusal: unknown,
): Promise<unknown> {
  if (adapters === undefined || !isFuncflowError(refusal) || !REQUEST_REFUSALS.has(refusal.code)) return refusal;
  const inputs = options.inputs ?? {};
  const overrides = options.overrides ?? {};
  // Nothing was planned, so no node will run.
  const request = { inputNames: Object.keys(inputs), overrideNames: Object.keys(overrides), inputs, overrides };
  const start = graphStartEvent(randomUUID(), graph, [...outputs], request, []);
  try {
    // As in a run: afterGraph answers a beforeGraph that returned, never one that threw.
    await adapters.beforeGraph(start);
    await adapters.afterGraph({ ...start, success: false, error: refusal, results: undefined, durationMs: 0 });
  } catch {
    // The refusal is what the caller is told, whatever a hook did with it.
  }
  return refusal;
}
