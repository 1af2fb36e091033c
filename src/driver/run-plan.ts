/**
 * The executor's lean loop: runs a checked plan over an array of value slots. This is the
 * hottest code in funcflow, so it trusts the plan, allocates nothing per node, and calls
 * synchronous functions synchronously. Steps run in topological order until one returns a
 * promise; from then on a ready-queue scheduler starts every step whose inputs are done, so
 * independent async nodes run concurrently.
 */
import { FuncflowError } from "../errors/index.ts";
import type { Plan } from "./plan.ts";
import { isThenable } from "../graph/index.ts";

type AnyFunction = (...args: unknown[]) => unknown;

/** Runs `plan`, filling `values`; returns a promise only when some node was async. */
export function runPlan(plan: Plan, values: unknown[]): void | Promise<void> {
  const { stepFunctions, argumentStart, argumentSlots, stepSlots } = plan;
  const readersLeft = plan.readersPerSlot.slice();
  const stepCount = stepFunctions.length;
  for (let step = 0; step < stepCount; step++) {
    const from = argumentStart[step]!;
    const to = argumentStart[step + 1]!;
    const result = callStep(plan, step, stepFunctions[step] as AnyFunction, argumentSlots, from, to, values);
    if (isThenable(result)) return runConcurrently(plan, values, readersLeft, step, result);
    values[stepSlots[step]!] = result;
    release(argumentSlots, from, to, readersLeft, values);
  }
}

/**
 * Calls one step on the argument slots `slots[from..to]`; arity is unrolled so the common
 * cases allocate no argument array.
 */
function callStep(plan: Plan, step: number, fn: AnyFunction, slots: Int32Array, from: number, to: number, values: unknown[]): unknown {
  try {
    switch (to - from) {
      case 0:
        return fn();
      case 1:
        return fn(arg(values, slots[from]!));
      case 2:
        return fn(arg(values, slots[from]!), arg(values, slots[from + 1]!));
      case 3:
        return fn(arg(values, slots[from]!), arg(values, slots[from + 1]!), arg(values, slots[from + 2]!));
      default: {
        const args = new Array<unknown>(to - from);
        for (let i = from; i < to; i++) args[i - from] = arg(values, slots[i]!);
        return fn(...args);
      }
    }
  } catch (error) {
    throw nodeFailed(plan, step, error);
  }
}

/** Slot -1 is an optional argument nothing provides: `undefined` lets the default apply. */
function arg(values: unknown[], slot: number): unknown {
  return slot < 0 ? undefined : values[slot];
}

function release(slots: Int32Array, from: number, to: number, readersLeft: Int32Array, values: unknown[]): void {
  for (let i = from; i < to; i++) {
    const slot = slots[i]!;
    if (slot >= 0 && --readersLeft[slot]! === 0) values[slot] = undefined;
  }
}

/**
 * Continues a run after step `first` returned `pending`: counts, for every later step, the
 * arguments still being computed, then starts each step as soon as its count reaches zero.
 */
function runConcurrently(
  plan: Plan,
  values: unknown[],
  readersLeft: Int32Array,
  first: number,
  pending: PromiseLike<unknown>,
): Promise<void> {
  const { stepFunctions, argumentStart, argumentSlots, stepSlots, readerStart, readerSteps, producerOfSlot } = plan;
  const stepCount = stepFunctions.length;
  const waitingOn = new Int32Array(stepCount);
  const ready: number[] = [];
  for (let step = first + 1; step < stepCount; step++) {
    for (let i = argumentStart[step]!; i < argumentStart[step + 1]!; i++) {
      const slot = argumentSlots[i]!;
      if (slot >= 0 && producerOfSlot[slot]! >= first) waitingOn[step]!++;
    }
    if (waitingOn[step] === 0) ready.push(step);
  }
  ready.reverse(); // popped from the end, so steps start in topological order
  let running = 0;
  let finished = false;

  return new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      if (finished) return;
      finished = true;
      reject(error);
    };
    const settle = (step: number, value: unknown) => {
      const slot = stepSlots[step]!;
      values[slot] = value;
      release(argumentSlots, argumentStart[step]!, argumentStart[step + 1]!, readersLeft, values);
      for (let i = readerStart[slot]!; i < readerStart[slot + 1]!; i++) if (--waitingOn[readerSteps[i]!]! === 0) ready.push(readerSteps[i]!);
    };
    const await_ = (step: number, promise: PromiseLike<unknown>) => {
      running++;
      promise.then(
        (value) => {
          if (finished) return;
          running--;
          settle(step, value);
          pump();
        },
        (error) => fail(nodeFailed(plan, step, error)),
      );
    };
    // Synchronous results settle inline (no recursion), so a long chain cannot grow the stack.
    const pump = () => {
      try {
        while (ready.length > 0 && !finished) {
          const step = ready.pop()!;
          const result = callStep(plan, step, stepFunctions[step] as AnyFunction, argumentSlots, argumentStart[step]!, argumentStart[step + 1]!, values);
          if (isThenable(result)) await_(step, result);
          else settle(step, result);
        }
      } catch (error) {
        fail(error);
        return;
      }
      if (running === 0 && !finished) {
        finished = true;
        resolve();
      }
    };
    await_(first, pending);
    pump();
  });
}

/** The error for a node that threw: names the node and its inputs, keeps the original as `cause`. */
const PASSED_THROUGH: ReadonlySet<string> = new Set(["node_failed", "worker_failed", "check_failed", "queue_unavailable", "version_mismatch", "timeout"]);

export function nodeFailed(plan: Plan, step: number, error: unknown): FuncflowError {
  // These already say which node failed and why: a dead worker is the executor's failure, and a
  // failed output check is the check's verdict, not a crash of the function.
  if (error instanceof FuncflowError && PASSED_THROUGH.has(error.code)) return error;
  const name = plan.stepNames[step]!;
  // Messages that end in a full stop (funcflow's own do) would otherwise read "first.. It was called".
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\.\s*$/, "");
  const inputs = plan.stepArgumentNames[step]!;
  return new FuncflowError(
    "node_failed",
    `Node "${name}" failed: ${reason}. It was called with ${inputs.length > 0 ? inputs.join(", ") : "no arguments"}; the original error is the cause.`,
    { node: name, cause: error, details: { inputs } },
  );
}
