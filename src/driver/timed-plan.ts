/**
 * Per-node timings on demand (`execute`'s `onNodeTimed`) for the lean loop: the same plan with
 * each step's function wrapped to time its call. Made per request and only when asked for, so
 * the lean loop itself carries no timing code and a request without timings pays nothing.
 */
import { isThenable, type NodeFunction } from "../graph/index.ts";
import type { Plan } from "./plan.ts";
import type { NodeTimedListener } from "./types.ts";

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * `plan` whose steps report their wall time to `listener` as they settle (a failure too, before
 * it propagates). Everything else is the plan's own: its lazy per-step lists are shared.
 */
export function timedPlan(plan: Plan, listener: NodeTimedListener): Plan {
  const stepFunctions = plan.stepFunctions.map((fn, step) => timed(fn as AnyFunction, plan.stepNames[step]!, listener));
  return Object.create(plan, { stepFunctions: { value: stepFunctions, enumerable: true } }) as Plan;
}

function timed(fn: AnyFunction, node: string, listener: NodeTimedListener): NodeFunction {
  return (...args: unknown[]) => {
    const started = performance.now();
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      listener(node, performance.now() - started);
      throw error;
    }
    if (!isThenable(result)) {
      listener(node, performance.now() - started);
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        listener(node, performance.now() - started);
        return value;
      },
      (error: unknown) => {
        listener(node, performance.now() - started);
        throw error;
      },
    );
  };
}
