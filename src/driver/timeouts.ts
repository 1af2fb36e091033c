/**
 * Time limits and cancellation for the hooked engine. A limit costs nothing unless set: a
 * Driver with no `withTimeout`, no `funcflow.timeoutMs` tag and no node asking for a signal runs
 * the lean loop, untouched.
 */
import { describeArgument, FuncflowError, isPlainRecord } from "../errors/index.ts";
import type { FunctionGraph, NodeParam } from "../graph/index.ts";

/** The tag that gives one node its own time limit, in milliseconds (a tag value is a string). */
export const TIMEOUT_TAG = "funcflow.timeoutMs";

/** `withTimeout`'s argument: limits in milliseconds; either may be left out. */
export interface TimeoutOptions {
  /** Every node's limit (a node's `funcflow.timeoutMs` tag wins). */
  readonly node?: number;
  /** The whole `execute` call's limit. */
  readonly run?: number;
}

/**
 * The options checked.
 * @throws FuncflowError `invalid_argument` naming the field.
 */
export function checkedTimeouts(options: TimeoutOptions): TimeoutOptions {
  if (!isPlainRecord(options)) {
    throw new FuncflowError("invalid_argument", `withTimeout: expected { node?: ms, run?: ms }, got ${describeArgument(options)}. Pass e.g. withTimeout({ node: 30_000, run: 600_000 }).`);
  }
  for (const [field, limit] of Object.entries(options)) {
    if (field !== "node" && field !== "run") throw new FuncflowError("invalid_argument", `withTimeout: unknown field "${field}". Use node and run (milliseconds).`, { details: { field } });
    if (limit !== undefined && !(typeof limit === "number" && limit > 0 && Number.isFinite(limit))) {
      throw new FuncflowError("invalid_argument", `withTimeout: ${field} must be a positive number of milliseconds, got ${String(limit)}.`, { details: { field } });
    }
  }
  return options;
}

/**
 * Per graph node: its limit in ms, 0 for none.
 * @throws FuncflowError `invalid_modifier` naming a node whose `funcflow.timeoutMs` tag is not a positive number.
 */
export function nodeTimeouts(graph: FunctionGraph, defaultMs: number | undefined): Float64Array {
  const limits = new Float64Array(graph.names.length);
  // Read from the specs: inputs and config values carry no tags, and no limit.
  for (let index = 0; index < graph.functionCount; index++) {
    const { name, tags } = graph.specs[index]!;
    const tagged = tags[TIMEOUT_TAG];
    if (tagged === undefined) {
      limits[index] = defaultMs ?? 0;
      continue;
    }
    const limit = typeof tagged === "string" ? Number(tagged) : Number.NaN;
    if (!(limit > 0 && Number.isFinite(limit))) {
      throw new FuncflowError("invalid_modifier", `Node "${name}": tag ${TIMEOUT_TAG} must be a positive number of milliseconds such as "5000", got ${JSON.stringify(tagged)}.`, { node: name });
    }
    limits[index] = limit;
  }
  return limits;
}

/** A parameter the run fills with its `AbortSignal`: `signal?: AbortSignal`. */
function isRunSignal(param: Pick<NodeParam, "name" | "optional" | "type">): boolean {
  return param.name === "signal" && param.optional && /\bAbortSignal\b/.test(param.type ?? "");
}

/** Per graph node: the index of a parameter `signal?: AbortSignal` (optional, typed AbortSignal), or -1. */
export function signalParameters(graph: FunctionGraph): Int32Array {
  const found = new Int32Array(graph.names.length).fill(-1);
  for (let index = 0; index < graph.functionCount; index++) {
    const { params } = graph.specs[index]!;
    for (let i = 0; i < params.length; i++) {
      if (isRunSignal(params[i]!)) {
        found[index] = i;
        break;
      }
    }
  }
  return found;
}

/** The error of a node that did not settle in time. */
export function nodeTimedOut(node: string, limitMs: number): FuncflowError {
  return new FuncflowError(
    "timeout",
    `Node "${node}" did not finish within ${limitMs} ms, so the run failed. Make it faster, raise its limit (tag({ "${TIMEOUT_TAG}": "…" }) or withTimeout({ node })), or let it stop early by taking a \`signal?: AbortSignal\` parameter.`,
    { node, details: { limitMs, scope: "node" } },
  );
}

/** The error of a run that did not finish in time. */
export function runTimedOut(limitMs: number, running: readonly string[]): FuncflowError {
  return new FuncflowError(
    "timeout",
    `execute: the run did not finish within ${limitMs} ms (withTimeout({ run })); still running: ${running.length > 0 ? running.join(", ") : "nothing (reading results)"}. Raise the limit or make those nodes faster.`,
    { details: { limitMs, scope: "run", running } },
  );
}
