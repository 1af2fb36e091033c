/**
 * The parallel-block protocol shared by assembly and execution: how a compiled collect node
 * describes the block it runs (so an executor can run the items elsewhere), and the loop that
 * runs a block's functions per item (in the main thread or a worker).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { FuncflowError } from "../errors/index.ts";
import { isThenable } from "./is-thenable.ts";

/**
 * Turns one block node's failure on one item into a value (`{ value }`), or leaves it a failure
 * (undefined): how graceful-error adapters reach inside a block, as Hamilton's
 * `GracefulErrorAdapter` does per item.
 */
export type BlockRecovery = ((node: string, item: number, error: unknown) => { readonly value: unknown } | undefined) & {
  /** False: nodes accepting error sentinels are skipped like the others (Hamilton's `allow_injection=False`). */
  readonly injectsSentinels?: boolean;
};

/**
 * A block's items some of which stand for a failure (graceful errors): the per-item nodes
 * reading a failed item are skipped (or get it, when they accept error sentinels) and the
 * collect gathers it, as Hamilton runs a failed `Parallelizable` on `[sentinel]`.
 */
export class BlockItems {
  constructor(
    readonly list: readonly unknown[],
    readonly failed: ReadonlySet<number>,
  ) {}
}

/**
 * Per block step, whether it runs on a failed input's sentinel in a run recovering with
 * `recovery`: the steps that accept sentinels, unless the recovery injects none (Hamilton's
 * `allow_injection=False`). The in-process block and the executors' node-by-node runs both ask.
 */
export function stepsTakingSentinels(acceptsSentinels: readonly boolean[], recovery: BlockRecovery | undefined): readonly boolean[] | undefined {
  return recovery?.injectsSentinels === false ? undefined : acceptsSentinels;
}

/** A block's items as a list, and which of them stand for failures. */
export function blockItemsOf(items: unknown, expand: string): { list: readonly unknown[]; failed: ReadonlySet<number> | undefined } {
  return items instanceof BlockItems ? { list: items.list, failed: items.failed } : { list: toList(items, expand), failed: undefined };
}

// The items a parallelizable node made before its iterable threw, by the error thrown: graceful
// errors keep them (Hamilton's `try_all_parallel`). Weak, so an error nobody recovers is freed.
const partialItems = new WeakMap<object, readonly unknown[]>();

/** Records the items read before `error` ended a parallelizable node's iterable. */
export function recordPartialItems(error: unknown, items: readonly unknown[]): void {
  if (typeof error === "object" && error !== null) partialItems.set(error, items);
}

/** The items read before `error` ended a parallelizable node's iterable, if it did. */
export function partialItemsOf(error: unknown): readonly unknown[] | undefined {
  return typeof error === "object" && error !== null ? partialItems.get(error) : undefined;
}

/**
 * What a run gives the parallel blocks it runs. It travels with the run's async context (as
 * data-quality receivers do), so a compiled block finds it without the engine passing it through
 * the node's arguments; a block run on another thread has none. One store for all three: a run
 * enters one context, and a block reads it once.
 */
export interface BlockRunContext {
  /** Decides the failures of block nodes on single items (graceful errors). */
  readonly recover?: BlockRecovery;
  /** Hears each block node run per item (the run's node hooks). */
  readonly observer?: BlockObserver;
  /**
   * At most this many async items of a block in flight at once (`withConcurrency(n)`: a block's
   * items are nodes in flight too, and the limit is often there to bound calls to a service).
   */
  readonly concurrency?: number;
}

const CONTEXT_STORE = Symbol.for("funcflow.block-run-context");
const contexts: AsyncLocalStorage<BlockRunContext> = ((globalThis as Record<symbol, unknown>)[CONTEXT_STORE] ??= new AsyncLocalStorage<BlockRunContext>()) as AsyncLocalStorage<BlockRunContext>;

/**
 * Runs `work` with `context` given to every parallel block it runs.
 * @example withBlockContext({ concurrency: 4 }, () => scheduler.run());
 */
export function withBlockContext<T>(context: BlockRunContext, work: () => T): T {
  return contexts.run(context, work);
}

/** The block context of the run under way, if it has one. */
export function currentBlockContext(): BlockRunContext | undefined {
  return contexts.getStore();
}

/**
 * How a run's node hooks reach the nodes inside a parallel block, per item (Hamilton fires
 * `pre_node_execute`/`post_node_execute` for each node of each item's task). Travels with the
 * run's async context, as the block recovery does; a block run on another thread has none.
 */
export interface BlockObserver {
  /**
   * Runs block node `node` on item `item` with `args`, its hooks around `call`. On a failure,
   * `recover` (graceful errors; at most once) decides it before the node's `afterNode`; the
   * failure is then rethrown. An error of a hook itself is thrown wrapped, so the block does not
   * take it for the node's.
   */
  run(node: string, item: number, args: readonly unknown[], call: () => unknown, recover: ((error: unknown) => { readonly value: unknown } | undefined) | undefined): unknown;
  /** Block node `node` was not called on item `item`: its input from `because` is a recovered failure. */
  skipped(node: string, item: number, because: string): unknown;
}

/** Per block step and item: how `runBlockItems` calls a step, and reports one it skips. */
export interface BlockStepObserver {
  call(step: number, index: number, args: unknown[]): unknown;
  /** May return a promise: the item's next step waits for it. */
  skipped(step: number, index: number, because: BlockSlot): unknown;
}

/**
 * An item's failed steps when nothing recovers them: never written (a failure then throws), so
 * one list serves every item instead of one per item on the per-item path.
 */
const NO_FAILED_STEPS: boolean[] = [];

/**
 * The role of a node inside a parallel block.
 * @example dr.listNodes().filter((node) => node.role === PARALLEL_ITEM_ROLE);
 */
export const PARALLEL_ITEM_ROLE = "parallel-item";

/**
 * Where one argument of a block function comes from while an item runs: the item, the value of
 * an earlier block node (by its index in the block's order), or an argument of the compiled
 * collect node (by its index; 0 is the items list itself, which no block node reads that way).
 */
export type BlockSlot = { readonly from: "item" } | { readonly from: "block"; readonly index: number } | { readonly from: "outer"; readonly index: number };

/**
 * What an executor needs to run a compiled block's items elsewhere (e.g. on worker threads):
 * the block's nodes in order and how each one's arguments are wired. The compiled collect
 * node's arguments are `[items, ...outer values]`; the engine finds this description with
 * `parallelBlockOf(fn)` and, when the executor takes the items, calls `finish` with the gathered list.
 */
export interface ParallelBlock {
  /** The collecting node (the compiled node's name). */
  readonly collect: string;
  /** The `parallelizable` node whose items the block runs over. */
  readonly expand: string;
  /** The block's nodes in topological order. */
  readonly steps: readonly string[];
  /** Per step, where each of its arguments comes from. */
  readonly wiring: readonly (readonly BlockSlot[])[];
  /** The value gathered per item. */
  readonly gathered: BlockSlot;
  /** Per step, whether it runs on an error sentinel (`acceptErrorSentinels`) instead of being skipped. */
  readonly acceptsSentinels: readonly boolean[];
  /** The items, from the compiled node's first argument. @throws FuncflowError `node_failed` when it is not a list or iterable. */
  items(value: unknown): readonly unknown[];
  /** Calls the collecting function with the gathered list and the compiled node's arguments. */
  finish(gathered: unknown[], args: readonly unknown[]): unknown;
  /** The error for step `step` failing on item `index`, as the main-thread path reports it. */
  itemFailed(step: number, index: number, error: unknown): FuncflowError;
}

/** Compiled collect functions and their blocks, so the engine can hand the items to an executor. */
const blocksByFunction = new WeakMap<object, ParallelBlock>();

/** Records the block a compiled collect function runs; the assembly calls it once per block. */
export function registerParallelBlock(fn: object, block: ParallelBlock): void {
  blocksByFunction.set(fn, block);
}

/**
 * The block a compiled collect node's function runs, or undefined for any other function.
 * @example const block = parallelBlockOf(graph.functions[graph.indexOf.get("total")!]);
 */
export function parallelBlockOf(fn: unknown): ParallelBlock | undefined {
  return typeof fn === "function" ? blocksByFunction.get(fn) : undefined;
}

/** The items of a parallelizable node as a list. @throws FuncflowError `node_failed` when it is neither a list nor an iterable. */
export function toList(items: unknown, expand: string): readonly unknown[] {
  if (Array.isArray(items)) return items;
  if (items instanceof BlockItems) return items.list;
  if (items !== null && typeof items === "object" && Symbol.iterator in items) return Array.from(items as Iterable<unknown>);
  throw new FuncflowError("node_failed", `The items of "${expand}" must be a list or an iterable, got ${items === null ? "null" : typeof items}. A parallelizable node's value (returned, or given in overrides) is its block's items: make it a list.`, { node: expand });
}

/** The `node_failed` error for a block node failing on one item, naming the item and both ends of the block. */
export function blockItemFailed(node: string, index: number, error: unknown, names: { collect: string; expand: string }): FuncflowError {
  return error instanceof FuncflowError && error.code === "node_failed"
    ? error
    : new FuncflowError(
        "node_failed",
        `Node "${node}" failed for item ${index} of "${names.expand}" (collected by "${names.collect}"): ${(error instanceof Error ? error.message : String(error)).replace(/\.\s*$/, "")}. The original error is the cause.`,
        { node, cause: error, details: { item: index, expand: names.expand, collect: names.collect } },
      );
}

/**
 * Runs a block's functions for every item, in item order (synchronously while they return
 * values; items whose functions are async run concurrently) and returns the gathered values, or
 * a promise of them. `firstIndex` is the index of `items[0]` among all the block's items (a worker
 * runs a slice); `failed` turns an item's error into what is thrown. Worker threads run this too.
 * @example runBlockItems([double], [[{ from: "item" }]], { from: "block", index: 0 }, [1, 2], [], (s, i, e) => e as Error); // [2, 4]
 */
export function runBlockItems(
  fns: readonly ((...args: unknown[]) => unknown)[],
  wiring: readonly (readonly BlockSlot[])[],
  gathered: BlockSlot,
  items: readonly unknown[],
  outer: readonly unknown[],
  failed: (step: number, index: number, error: unknown) => unknown,
  firstIndex = 0,
  recover?: (step: number, index: number, error: unknown) => { readonly value: unknown } | undefined,
  acceptsSentinels?: readonly boolean[],
  failedItems?: ReadonlySet<number>,
  observe?: BlockStepObserver,
): unknown[] | Promise<unknown[]> {
  const read = (slot: BlockSlot, item: unknown, values: unknown[]) =>
    slot.from === "item" ? item : slot.from === "block" ? values[slot.index] : outer[slot.index];
  // Per item, the steps that failed and were recovered (or were skipped after one): a step
  // reading one of them is not called and takes its value, as graceful errors skip nodes.
  const recovered = (step: number, index: number, error: unknown, values: unknown[], failedSteps: boolean[]) => {
    const recovery = recover?.(step, index, error);
    if (recovery === undefined) throw failed(step, index, error);
    values[step] = recovery.value;
    failedSteps[step] = true;
  };
  const runItem = (item: unknown, index: number, values: unknown[], from: number, failedSteps: boolean[], itemFailed: boolean): unknown => {
    for (let step = from; step < fns.length; step++) {
      const failedInput =
        recover === undefined || acceptsSentinels?.[step] === true
          ? undefined
          : wiring[step]!.find((slot) => (slot.from === "block" && failedSteps[slot.index] === true) || (slot.from === "item" && itemFailed));
      if (failedInput !== undefined) {
        values[step] = read(failedInput, item, values);
        failedSteps[step] = true;
        const told = observe?.skipped(step, index, failedInput);
        if (isThenable(told)) return Promise.resolve(told).then(() => runItem(item, index, values, step + 1, failedSteps, itemFailed));
        continue;
      }
      let result: unknown;
      try {
        const args = wiring[step]!.map((slot) => read(slot, item, values));
        result = observe === undefined ? fns[step]!(...args) : observe.call(step, index, args);
      } catch (error) {
        recovered(step, index, error, values, failedSteps);
        continue;
      }
      if (isThenable(result)) {
        return Promise.resolve(result).then(
          (settled) => {
            values[step] = settled;
            return runItem(item, index, values, step + 1, failedSteps, itemFailed);
          },
          (error: unknown) => {
            recovered(step, index, error, values, failedSteps);
            return runItem(item, index, values, step + 1, failedSteps, itemFailed);
          },
        );
      }
      values[step] = result;
    }
    return read(gathered, item, values);
  };
  const results = new Array<unknown>(items.length);
  const runOne = (i: number) => runItem(items[i], firstIndex + i, new Array<unknown>(fns.length), 0, recover === undefined ? NO_FAILED_STEPS : [], failedItems?.has(i) === true);
  const limit = contexts.getStore()?.concurrency ?? Infinity;
  let pending: Promise<unknown>[] | undefined;
  for (let i = 0; i < items.length; i++) {
    let result: unknown;
    try {
      result = runOne(i);
    } catch (error) {
      // Items already waiting may still fail; their rejections must not go unhandled.
      for (const promise of pending ?? []) promise.catch(() => {});
      throw error;
    }
    if (isThenable(result)) {
      // Under a limit the first async item is the first in flight: the rest start as slots free.
      if (limit !== Infinity) return runLimited(runOne, results, i, Promise.resolve(result), limit);
      (pending ??= []).push(Promise.resolve(result).then((value) => (results[i] = value)));
    } else results[i] = result;
  }
  return pending === undefined ? results : Promise.all(pending).then(() => results);
}

/**
 * Runs the items from `first` on (whose run has started as `started`) with at most `limit` in
 * flight, filling `results`. After a failure no further item starts; those in flight finish.
 */
function runLimited(runOne: (index: number) => unknown, results: unknown[], first: number, started: Promise<unknown>, limit: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    let inFlight = 0;
    let next = first + 1;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const track = (index: number, promise: Promise<unknown>) => {
      inFlight++;
      promise.then((value) => {
        results[index] = value;
        inFlight--;
        launch();
      }, fail);
    };
    const launch = () => {
      while (!settled && inFlight < limit && next < results.length) {
        const index = next++;
        let result: unknown;
        try {
          result = runOne(index);
        } catch (error) {
          fail(error);
          return;
        }
        if (isThenable(result)) track(index, Promise.resolve(result));
        else results[index] = result;
      }
      if (!settled && inFlight === 0 && next >= results.length) {
        settled = true;
        resolve(results);
      }
    };
    track(first, started);
    launch();
  });
}

/**
 * Thrown from a block run's `failed` callback to carry which step failed on which item out of
 * `runBlockItems` (worker threads and remote workers report it back to the main thread).
 */
export class BlockItemFailure {
  readonly step: number;
  readonly item: number;
  readonly error: unknown;
  constructor(step: number, item: number, error: unknown) {
    this.step = step;
    this.item = item;
    this.error = error;
  }
}
