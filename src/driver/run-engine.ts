/**
 * The hooked scheduler: runs a plan with lifecycle adapters, an executor, a concurrency limit
 * and the cache. It is a separate path from the lean loop (`run-plan.ts`) so a Driver without
 * these features never pays for them. Per node, in order:
 *   1. skip it when an input is a recovered failure (graceful errors);
 *   2. `beforeNode` hooks;
 *   3. a cache lookup (a hit is read only when a value is needed: an output, or an input of a
 *      node that must be computed); on a miss, the call (an adapter's `callNode`, else the executor);
 *      with a cache and no adapter that reads values, keys are made before the run and a step
 *      no needed value depends on is skipped altogether (`neededSteps`);
 *   4. `recoverNode` on failure, then `afterNode` hooks;
 *   5. store the value, release inputs nobody else reads, start dependents that became ready.
 * A node is awaited only when something in it returned a promise, so synchronous nodes with
 * synchronous hooks still run to completion one after the other.
 */
import { randomUUID } from "node:crypto";
import { FuncflowError } from "../errors/index.ts";
import { ERROR_SENTINELS_TAG } from "../decorators/index.ts";
import { NodeCallHookError, type ComposedAdapters, type NodeCall, type NodeEndEvent, type NodeRecovery, type NodeStartEvent, type NodeStatus } from "../hooks/index.ts";
import { BlockItems, blockItemsOf, currentBlockContext, stepsTakingSentinels, isThenable, partialItemsOf, type BlockRecovery, type BlockRunContext, type FunctionGraph, type NodeInfo, parallelBlockOf, withBlockContext, withDataQualityReceiver, type BlockObserver } from "../graph/index.ts";
import type { CacheLookup, RunCache } from "../cache/index.ts";
import type { NodeExecutor, NodeTask } from "../executors/index.ts";
import type { Engine } from "./engine.ts";
import { graphStartEvent, type EngineRequest } from "./graph-view.ts";
import type { Plan } from "./plan.ts";
import type { NodeTimedListener } from "./types.ts";
import { nodeFailed } from "./run-plan.ts";
import { DeferredValue, resolveAll, resolveValue } from "./deferred-value.ts";
import { nodeTimedOut, runTimedOut } from "./timeouts.ts";

/** A failed parallelizable node's one item, which stands for the failure. */
const ONLY_FIRST_ITEM: ReadonlySet<number> = new Set([0]);

type AnyFunction = (...args: readonly unknown[]) => unknown;


/**
 * Runs `plan` over `values` with `engine`, wrapped in the graph hooks; `collect` reads the
 * outputs once every node is done (they are passed to `afterGraph`).
 * @throws FuncflowError `node_failed`, `hook_failed` (or a hook's own FuncflowError), `worker_failed`.
 */
export async function runWithEngine(
  engine: Engine,
  graph: FunctionGraph,
  plan: Plan,
  values: unknown[],
  request: EngineRequest,
  collect: () => Record<string, unknown>,
  onNodeTimed?: NodeTimedListener,
): Promise<Record<string, unknown>> {
  const runId = randomUUID();
  const adapters = engine.adapters;
  const start = graphStartEvent(runId, graph, plan.outputs, request, Array.from(plan.stepNodes, (node) => graph.nodes[node]!));
  const began = performance.now();
  if (adapters !== undefined) await adapters.beforeGraph(start);
  const cache = engine.cache?.open(runId, plan, graph);
  let results: Record<string, unknown> | undefined;
  let failure: { error: unknown } | undefined;
  const started = new StartedNodes();
  const scheduler = new Scheduler(engine, graph, plan, values, runId, cache, onNodeTimed);
  const runLimit = engine.runTimeoutMs > 0 ? setTimeout(() => scheduler.abort(runTimedOut(engine.runTimeoutMs, scheduler.running())), engine.runTimeoutMs) : undefined;
  try {
    const receiver = adapters?.onDataQualityWarning;
    const context = blockContext(engine, graph, plan, runId, scheduler, started);
    const run = context === undefined ? () => scheduler.run() : () => withBlockContext(context, () => scheduler.run());
    await (receiver === undefined ? run() : withDataQualityReceiver(receiver, run));
    // Deferred cache hits of outputs were started as they settled: their reads overlap each other.
    await Promise.all(Array.from(plan.outputSlots, async (slot) => void (values[slot] = await resolveValue(values[slot]))));
    results = collect();
  } catch (error) {
    failure = { error };
  } finally {
    if (runLimit !== undefined) clearTimeout(runLimit);
  }
  try {
    if (engine.executor?.endRun !== undefined) await engine.executor.endRun(runId, { ok: failure === undefined });
    if (cache !== undefined) await cache.finish();
    if (adapters !== undefined) {
      // Nodes still running when the run failed are abandoned: each hears so before the run ends.
      for (const cancelled of scheduler.closeOpen()) await adapters.afterNode(cancelled);
      for (const cancelled of started.close()) await adapters.afterItemNode(cancelled);
      const durationMs = performance.now() - began;
      await adapters.afterGraph({ ...start, success: failure === undefined, error: failure?.error, results, durationMs });
    }
  } catch (error) {
    failure ??= { error }; // the run's own failure, when there is one, is the one to report
  }
  if (failure !== undefined) throw failure.error;
  return results!;
}

/**
 * How a node of a parallel block failing on one item reaches `recoverNode` (graceful errors act
 * per item, as Hamilton's GracefulErrorAdapter does): with the node's description and the
 * original error. The item's arguments are not passed (inputValues is empty).
 */
function blockRecovery(graph: FunctionGraph, runId: string, recoverNode: (event: NodeEndEvent) => NodeRecovery | undefined, declined: WeakSet<object>): BlockRecovery {
  return (name, item, error) => {
    const node = graph.nodes[graph.indexOf.get(name)!]!;
    const start: NodeStartEvent = { runId, name, tags: node.tags, node, inputNames: node.dependencies.map((param) => param.name), inputValues: [], item };
    const recovery = recoverNode(endEvent(start, "failed", undefined, error, 0, undefined, false));
    if (recovery === undefined && typeof error === "object" && error !== null) declined.add(error);
    return recovery;
  };
}

/**
 * What the run gives its parallel blocks, or undefined when none needs anything (a run without
 * blocks enters no async context): under a concurrency limit a block's async items count as
 * nodes in flight (Hamilton's max_tasks); graceful errors decide each item's failures; node hooks
 * hear each block node per item.
 */
function blockContext(engine: Engine, graph: FunctionGraph, plan: Plan, runId: string, scheduler: Scheduler, started: StartedNodes): BlockRunContext | undefined {
  if (!plan.stepFunctions.some((fn) => parallelBlockOf(fn) !== undefined)) return undefined;
  const adapters = engine.adapters;
  const recoverNode = adapters?.recoverNode;
  const context: BlockRunContext = {
    ...(engine.concurrency !== Infinity && { concurrency: engine.concurrency }),
    ...(recoverNode !== undefined && { recover: Object.assign(blockRecovery(graph, runId, recoverNode, scheduler.declinedItemErrors), { injectsSentinels: adapters!.injectsErrorSentinels }) }),
    ...(adapters?.observesItems === true && { observer: blockObserver(graph, runId, adapters, started) }),
  };
  return Object.keys(context).length === 0 ? undefined : context;
}

/**
 * The block nodes of a run, per item, whose `beforeNode` was called and whose `afterNode` was not
 * yet (the scheduler keeps the graph's own steps): when the run fails while some are still
 * running, each gets `afterNode` with status `cancelled` before `afterGraph`, so every
 * `beforeNode` is answered once and no hook fires after the run ended.
 */
class StartedNodes {
  readonly #started = new Map<object, { readonly event: NodeStartEvent; readonly began: number }>();
  #closed = false;

  /** Records `event`'s node as started; the key ends it. Undefined once the run has ended. */
  start(event: NodeStartEvent): object | undefined {
    if (this.#closed) return undefined;
    const key = {};
    this.#started.set(key, { event, began: performance.now() });
    return key;
  }

  /** Whether the node started under `key` may still get its `afterNode` (the run has not ended). */
  end(key: object | undefined): boolean {
    return key !== undefined && this.#started.delete(key) && !this.#closed;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Ends the run: the nodes still running, as their `cancelled` afterNode events. */
  close(): NodeEndEvent[] {
    this.#closed = true;
    const now = performance.now();
    const cancelled = Array.from(this.#started.values(), ({ event, began }) => endEvent(event, "cancelled", undefined, undefined, now - began, undefined, false));
    this.#started.clear();
    return cancelled;
  }
}

/** Calls `next` with `value`, at once or once it settles. */
function then<T, U>(value: T | PromiseLike<T>, next: (settled: T) => U): U | Promise<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value as T);
}

/** Runs a hook; what it throws or rejects with is marked as the hook's, so no block takes it for its node's. */
function hook(call: () => void | Promise<void>): void | Promise<void> {
  let result: void | Promise<void>;
  try {
    result = call();
  } catch (error) {
    throw error instanceof NodeCallHookError ? error : new NodeCallHookError(error);
  }
  return isThenable(result) ? Promise.resolve(result).catch((error: unknown) => Promise.reject(error instanceof NodeCallHookError ? error : new NodeCallHookError(error))) : result;
}

/**
 * The node hooks and `callNode` for the nodes inside parallel blocks, per item, as the top level
 * calls them per node: `beforeNode`, the call, then (after `recoverNode`, on a failure)
 * `afterNode`; a node skipped after a recovered failure gets `afterNode` alone. Synchronous
 * while the hooks and the node are, so an item's nodes run one after the other.
 */
function blockObserver(graph: FunctionGraph, runId: string, adapters: ComposedAdapters, started: StartedNodes): BlockObserver {
  const startOf = (name: string, item: number, inputValues: readonly unknown[]): NodeStartEvent => {
    const node = graph.nodes[graph.indexOf.get(name)!]!;
    return { runId, name, tags: node.tags, node, inputNames: node.dependencies.map((param) => param.name), inputValues, item };
  };
  return {
    run(name, item, args, call, recover) {
      // After the run ended (another item or node failed), an item still going runs unheard.
      if (started.closed) return call();
      const event = startOf(name, item, args);
      const key = started.start(event);
      const after = (end: NodeEndEvent) => (started.end(key) ? hook(() => adapters.afterItemNode(end)) : undefined);
      const before = (): void | Promise<void> => {
        // As at the top level, a node whose beforeNode threw gets no afterNode.
        const forget = (error: unknown): never => {
          started.end(key);
          throw error;
        };
        let pending: void | Promise<void>;
        try {
          pending = hook(() => adapters.beforeItemNode(event));
        } catch (error) {
          return forget(error);
        }
        return isThenable(pending) ? Promise.resolve(pending).catch(forget) : pending;
      };
      return then(before(), () => {
        const began = performance.now();
        const succeeded = (value: unknown) => then(after(endEvent(event, "ok", value, undefined, performance.now() - began, undefined, false)), () => value);
        const failed = (error: unknown): never | Promise<never> => {
          if (error instanceof NodeCallHookError) throw error;
          const durationMs = performance.now() - began;
          let recovered = false;
          try {
            recovered = recover?.(error) !== undefined;
          } catch (recoveryError) {
            throw new NodeCallHookError(recoveryError);
          }
          return then(after(endEvent(event, "failed", undefined, error, durationMs, undefined, recovered)), () => {
            throw error;
          });
        };
        let result: unknown;
        try {
          const callNode = adapters.callItemNode;
          result = callNode === undefined ? call() : callNode({ runId, name, tags: event.tags, node: event.node, inputNames: event.inputNames, inputValues: args, item, fn: (graph.functions[graph.indexOf.get(name)!] ?? call) as NodeCall["fn"], invoke: call });
        } catch (error) {
          return failed(error);
        }
        return isThenable(result) ? Promise.resolve(result).then(succeeded, failed) : succeeded(result);
      });
    },
    skipped(name, item, because) {
      if (started.closed) return undefined;
      return hook(() => adapters.afterItemNode(endEvent(startOf(name, item, []), "skipped", undefined, undefined, 0, because, false)));
    },
  };
}

/**
 * The afterNode event. Written out field by field on purpose: an object spread of the start
 * event costs several microseconds here (V8 clones it through a slow path), which was most of
 * the hooked path's per-node cost.
 */
function endEvent(
  start: NodeStartEvent,
  status: NodeStatus,
  result: unknown,
  error: unknown,
  durationMs: number,
  skippedBecause: string | undefined,
  recovered: boolean,
): NodeEndEvent {
  return {
    runId: start.runId,
    name: start.name,
    tags: start.tags,
    node: start.node,
    inputNames: start.inputNames,
    inputValues: start.inputValues,
    item: start.item,
    status,
    success: status === "ok" || status === "cached",
    result,
    error,
    durationMs,
    skippedBecause,
    recovered,
  };
}

/** One run's scheduling state: what each step still waits for, what is ready, what failed. */
class Scheduler {
  readonly #engine: Engine;
  readonly #graph: FunctionGraph;
  readonly #plan: Plan;
  readonly #values: unknown[];
  readonly #runId: string;
  readonly #cache: RunCache | undefined;
  /**
   * Per step: its start event from `beforeNode` until its `afterNode` (then undefined), so a
   * failed run can answer the nodes it abandons (`closeOpen`). Arrays, not a map: this is on
   * every hooked node's path.
   */
  readonly #open: (NodeStartEvent | undefined)[];
  readonly #openedAt: Float64Array;
  /** `execute`'s `onNodeTimed`: hears each node that was called or read from the cache. */
  readonly #onNodeTimed: NodeTimedListener | undefined;
  readonly #readersLeft: Int32Array;
  readonly #waitingOn: Int32Array;
  /** Per slot: the failed node a recovered failure came from (graceful errors). */
  readonly #failedBy: (string | undefined)[];
  /** Per slot of a parallelizable node that failed midway under graceful errors, which of its items stand for the failure. */
  #failedItems: Map<number, ReadonlySet<number>> | undefined;
  readonly #ready: number[] = [];
  /** Cached values are read only when something needs them (no adapter reads values). */
  readonly #defer: boolean;
  /** With a deferring cache: per step, 0 when no needed value depends on it, so it is not run. */
  #needed: Uint8Array | undefined;
  #running = 0;
  #done = 0;
  #pumping = false;
  #finished = false;
  /** Aborted when the run fails: nodes that take a `signal` parameter see it and can stop. */
  readonly #controller = new AbortController();
  /** Steps started and not yet settled, for the run time limit's message. */
  readonly #inFlight = new Set<number>();
  /**
   * Item errors inside parallel blocks that `recoverNode` already declined: the block's failure
   * carrying one is not offered again as its collecting node's failure.
   */
  readonly declinedItemErrors = new WeakSet<object>();
  #resolve: () => void = () => {};
  #reject: (error: unknown) => void = () => {};

  constructor(engine: Engine, graph: FunctionGraph, plan: Plan, values: unknown[], runId: string, cache: RunCache | undefined, onNodeTimed?: NodeTimedListener) {
    this.#engine = engine;
    this.#open = new Array<NodeStartEvent | undefined>(plan.stepSlots.length);
    this.#openedAt = new Float64Array(plan.stepSlots.length);
    this.#onNodeTimed = onNodeTimed;
    this.#graph = graph;
    this.#plan = plan;
    this.#values = values;
    this.#runId = runId;
    this.#cache = cache;
    this.#defer = engine.adapters?.readsValues !== true;
    this.#readersLeft = plan.readersPerSlot.slice();
    const stepCount = plan.stepSlots.length;
    this.#waitingOn = new Int32Array(stepCount);
    this.#failedBy = new Array<string | undefined>(plan.slotCount);
    const { argumentStart, argumentSlots } = plan;
    for (let step = 0; step < stepCount; step++) {
      for (let i = argumentStart[step]!; i < argumentStart[step + 1]!; i++) {
        const slot = argumentSlots[i]!;
        if (slot >= 0 && plan.producerOfSlot[slot]! >= 0) this.#waitingOn[step]!++;
      }
      if (this.#waitingOn[step] === 0) this.#ready.push(step);
    }
    this.#ready.reverse(); // popped from the end, so steps start in topological order
  }

  async run(): Promise<void> {
    // Which steps the outputs need, decided from keys before anything runs: a node upstream of
    // outputs that all hit is neither computed nor read.
    if (this.#cache !== undefined && this.#defer) this.#needed = await this.#cache.neededSteps(this.#values);
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#pump();
    });
  }

  /** Starts ready steps up to the concurrency limit; re-entrant calls return at once. */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    while (!this.#finished && this.#ready.length > 0 && this.#running < this.#engine.concurrency) {
      this.#running++;
      void this.#runStep(this.#ready.pop()!);
    }
    this.#pumping = false;
    if (!this.#finished && this.#done === this.#plan.stepSlots.length) {
      this.#finished = true;
      this.#resolve();
    }
  }

  #fail(error: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#reject(error);
    // In-flight nodes are abandoned: their results are dropped, and those that listen stop.
    this.#controller.abort(error);
  }

  /** Fails the run from outside (its time limit). */
  abort(error: unknown): void {
    this.#fail(error);
  }

  /** The nodes in flight now. */
  running(): string[] {
    return Array.from(this.#inFlight, (step) => this.#plan.stepNames[step]!);
  }

  /** Never rejects: failures go to #fail synchronously, so no later step starts. */
  async #runStep(step: number): Promise<void> {
    this.#inFlight.add(step);
    try {
      let args = this.#argumentsOf(step);
      if (this.#needed !== undefined && this.#needed[step] === 0) return this.#settleUnneeded(step, args);
      const failedInput = this.#failedInputOf(step);
      const node = this.#graph.nodes[this.#plan.stepNodes[step]!]!;
      const adapters = this.#engine.adapters;
      // Values not read (deferred cache hits) reach hooks as undefined, never as internal objects.
      const inputValues = adapters !== undefined && this.#defer ? args.map((arg) => (arg instanceof DeferredValue ? undefined : arg)) : args;
      const event: NodeStartEvent = { runId: this.#runId, name: node.name, tags: node.tags, node, inputNames: this.#plan.stepArgumentNames[step]!, inputValues };
      if (failedInput !== undefined && (node.tags[ERROR_SENTINELS_TAG] === undefined || adapters?.injectsErrorSentinels === false)) {
        if (!this.#onlyItemsFailed(step, node)) return await this.#skip(step, event, failedInput);
        // As in Hamilton, a block whose parallelizable node failed runs once, on the failure's
        // value as one failed item, so the collect gathers [sentinel] instead of being skipped.
        args = [new BlockItems([args[0]], ONLY_FIRST_ITEM), ...args.slice(1)];
      } else if (this.#failedItems !== undefined && node.parallel === "collect") {
        const failed = this.#failedItems.get(this.#plan.argumentSlots[this.#plan.argumentStart[step]!]!);
        if (failed !== undefined && Array.isArray(args[0])) args = [new BlockItems(args[0], failed), ...args.slice(1)];
      }
      if (adapters !== undefined) {
        // Answered by this step's afterNode, or by a `cancelled` one if the run ends first.
        this.#open[step] = event;
        this.#openedAt[step] = performance.now();
        try {
          const before = adapters.beforeNode(event);
          if (isThenable(before)) await before;
        } catch (error) {
          // As in Hamilton, a node whose beforeNode threw was not started: no afterNode answers it.
          this.#open[step] = undefined;
          throw error;
        }
        // The run failed while the hook ran: the node is not started.
        if (this.#finished) return;
      }
      const began = performance.now();
      let lookup: CacheLookup | undefined;
      if (this.#cache !== undefined) {
        // Hits are read when needed, unless an adapter reads node values: then it sees real ones.
        const found = this.#cache.lookup(step, args, this.#defer);
        lookup = isThenable(found) ? await found : found;
        if (lookup.hit && lookup.deferred) {
          if (adapters !== undefined && this.#answer(step)) {
            const after = adapters.afterNode(endEvent(event, "cached", undefined, undefined, performance.now() - began, undefined, false));
            if (isThenable(after)) await after;
            if (this.#finished) return;
          }
          return this.#settleDeferred(step, lookup, args);
        }
        if (!lookup.hit && args.some((arg) => arg instanceof DeferredValue)) await resolveAll(args);
      }
      let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        let value = lookup?.hit ? lookup.value : this.#call(step, node, args, event);
        if (isThenable(value)) value = await this.#limited(step, value);
        outcome = { ok: true, value };
      } catch (error) {
        if (error instanceof NodeCallHookError) throw error.error;
        outcome = { ok: false, error };
      }
      // The run already failed while this node ran (on another thread, or awaiting I/O): its
      // result belongs to no run any more, so no hook hears of it and nothing is cached.
      if (this.#finished) return;
      const durationMs = performance.now() - began;
      this.#onNodeTimed?.(node.name, durationMs);
      if (outcome.ok) {
        this.#cache?.settle(step, lookup!, outcome.value);
        if (adapters !== undefined && this.#answer(step)) {
          const status = lookup?.hit ? "cached" : "ok";
          const after = adapters.afterNode(endEvent(event, status, outcome.value, undefined, durationMs, undefined, false));
          if (isThenable(after)) await after;
        }
        return this.#settle(step, outcome.value, undefined);
      }
      return await this.#recoverOrThrow(step, event, outcome.error, durationMs);
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#inFlight.delete(step);
    }
  }

  /**
   * A step no needed value depends on: not called, no hooks, no cache event. Its value stands
   * ready to be computed should anything ask after all (only a corrupt entry downstream can).
   */
  #settleUnneeded(step: number, args: unknown[]): void {
    const compute = async () => {
      const inputs = [...args];
      await resolveAll(inputs);
      try {
        return await (this.#plan.stepFunctions[step] as AnyFunction)(...inputs);
      } catch (error) {
        throw nodeFailed(this.#plan, step, error);
      }
    };
    this.#settle(step, new DeferredValue(async () => ({ found: true, value: await compute() }), compute), undefined);
  }

  /** `pending`, or a `timeout` error when the node's limit passes first (the node is abandoned). */
  #limited(step: number, pending: PromiseLike<unknown>): PromiseLike<unknown> {
    const limitMs = this.#engine.nodeTimeoutMs[this.#plan.stepNodes[step]!]!;
    if (!(limitMs > 0)) return pending;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(nodeTimedOut(this.#plan.stepNames[step]!, limitMs)), limitMs);
    });
    return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
  }

  /** A hit whose value is read only if something needs it. */
  #settleDeferred(step: number, lookup: CacheLookup, args: unknown[]): void {
    const cache = this.#cache!;
    const deferred = new DeferredValue(
      () => cache.load(step, lookup),
      () => this.#recompute(step, lookup, args),
    );
    cache.settle(step, lookup, undefined);
    // An output will be read anyway: start now, so its file read overlaps the remaining lookups.
    if (this.#plan.outputSlots.includes(this.#plan.stepSlots[step]!)) deferred.get().catch(() => undefined);
    this.#settle(step, deferred, undefined);
  }

  /**
   * Computes again a node whose deferred entry proved unusable when read (after the run had
   * moved on), from the inputs its deferred value kept; in this thread, and the entry is replaced.
   */
  async #recompute(step: number, lookup: CacheLookup, args: unknown[]): Promise<unknown> {
    const inputs = [...args];
    await resolveAll(inputs);
    try {
      const value = await (this.#plan.stepFunctions[step] as AnyFunction)(...inputs);
      this.#cache!.replace(step, lookup, value);
      return value;
    } catch (error) {
      throw nodeFailed(this.#plan, step, error);
    }
  }

  #call(step: number, node: NodeInfo, args: unknown[], event: NodeStartEvent): unknown {
    const fn = this.#plan.stepFunctions[step]!;
    const executor = this.#engine.executor;
    const invoke =
      executor === undefined
        ? () => (fn as AnyFunction)(...args)
        : () => {
            const task: NodeTask = { node, fn, args, address: this.#engine.addresses[this.#plan.stepNodes[step]!], runId: this.#runId };
            return executor.runBlock === undefined ? executor.run(task) : this.#runBlock(executor, task);
          };
    const callNode = this.#engine.adapters?.callNode;
    if (callNode === undefined) return invoke();
    const call: NodeCall = { runId: event.runId, name: event.name, tags: event.tags, node, inputNames: event.inputNames, inputValues: args, fn, invoke };
    return callNode(call);
  }

  /**
   * A compiled parallel block whose items the executor takes (e.g. to worker threads): the
   * collecting function then runs here on the gathered list. Anything else, or a block the
   * executor declines, goes through `run` as usual.
   */
  #runBlock(executor: NodeExecutor, task: NodeTask): unknown {
    const block = parallelBlockOf(task.fn);
    if (block === undefined) return executor.run(task);
    const graph = this.#graph;
    const indexes = block.steps.map((name) => graph.indexOf.get(name)!);
    // Under graceful errors each item's failure is decided here, where the adapters are.
    const recover = currentBlockContext()?.recover;
    const { list, failed } = blockItemsOf(task.args[0], block.expand);
    const gathered = executor.runBlock!({
      node: task.node,
      nodes: indexes.map((index) => graph.nodes[index]!),
      addresses: indexes.map((index) => this.#engine.addresses[index]),
      wiring: block.wiring,
      gathered: block.gathered,
      items: list,
      outer: task.args,
      runId: this.#runId,
      itemFailed: block.itemFailed,
      ...(recover !== undefined && { acceptsSentinels: stepsTakingSentinels(block.acceptsSentinels, recover) }),
      ...(recover !== undefined && { recover: (step: number, index: number, error: unknown) => recover(block.steps[step]!, index, error) }),
      ...(failed !== undefined && { failedItems: failed }),
    });
    if (gathered === undefined) return executor.run(task);
    return gathered.then((list) => block.finish(list, task.args));
  }

  /** Whether `step` still awaits its afterNode; from now on it does not. */
  #answer(step: number): boolean {
    const open = this.#open[step] !== undefined;
    this.#open[step] = undefined;
    return open;
  }

  /** After the run failed: the steps whose beforeNode was called and afterNode never will be, as `cancelled` events. */
  closeOpen(): NodeEndEvent[] {
    const now = performance.now();
    const cancelled: NodeEndEvent[] = [];
    for (let step = 0; step < this.#open.length; step++) {
      const event = this.#open[step];
      if (event === undefined) continue;
      this.#open[step] = undefined;
      cancelled.push(endEvent(event, "cancelled", undefined, undefined, now - this.#openedAt[step]!, undefined, false));
    }
    return cancelled;
  }

  async #recoverOrThrow(step: number, event: NodeStartEvent, error: unknown, durationMs: number): Promise<void> {
    const adapters = this.#engine.adapters;
    const failed = endEvent(event, "failed", undefined, error, durationMs, undefined, false);
    const cause = error instanceof FuncflowError ? error.cause : undefined;
    const declined = typeof cause === "object" && cause !== null && this.declinedItemErrors.has(cause);
    const recovery: NodeRecovery | undefined = declined ? undefined : adapters?.recoverNode?.(failed);
    if (adapters !== undefined && this.#answer(step)) await adapters.afterNode(recovery === undefined ? failed : endEvent(event, "failed", undefined, error, durationMs, undefined, true));
    if (recovery === undefined) throw nodeFailed(this.#plan, step, error);
    this.#cache?.settleFailed(step);
    const partial = event.node.parallel === "expand" && recovery.keepItems !== false ? partialItemsOf(error) : undefined;
    if (partial !== undefined) {
      // The items made before the failure, then the sentinel as one failed item: the block runs
      // on them all and the collect gathers them (Hamilton's try_all_parallel).
      (this.#failedItems ??= new Map()).set(this.#plan.stepSlots[step]!, new Set([partial.length]));
      return this.#settle(step, [...partial, recovery.value], undefined);
    }
    this.#settle(step, recovery.value, event.name);
  }

  /** A step with a failed input is not called: it takes on the failure's value and cause. */
  async #skip(step: number, event: NodeStartEvent, failedInput: number): Promise<void> {
    const because = this.#failedBy[failedInput]!;
    const value = this.#values[failedInput];
    this.#cache?.settleFailed(step);
    const adapters = this.#engine.adapters;
    if (adapters !== undefined) {
      await adapters.afterNode(endEvent(event, "skipped", undefined, undefined, 0, because, false));
    }
    this.#settle(step, value, because);
  }

  #argumentsOf(step: number): unknown[] {
    const { argumentStart, argumentSlots } = this.#plan;
    const from = argumentStart[step]!;
    const args = new Array<unknown>(argumentStart[step + 1]! - from);
    for (let i = 0; i < args.length; i++) {
      const slot = argumentSlots[from + i]!;
      args[i] = slot < 0 ? undefined : this.#values[slot];
    }
    const signalAt = this.#engine.signalParameter[this.#plan.stepNodes[step]!]!;
    if (signalAt >= 0 && argumentSlots[from + signalAt]! < 0) args[signalAt] = this.#controller.signal;
    return args;
  }

  /** Whether `step` is a compiled parallel block whose items (argument 0) are its only failed input. */
  #onlyItemsFailed(step: number, node: NodeInfo): boolean {
    if (node.parallel !== "collect" || parallelBlockOf(this.#plan.stepFunctions[step]) === undefined) return false;
    const { argumentStart, argumentSlots } = this.#plan;
    const from = argumentStart[step]!;
    if (argumentSlots[from]! < 0 || this.#failedBy[argumentSlots[from]!] === undefined) return false;
    for (let i = from + 1; i < argumentStart[step + 1]!; i++) {
      const slot = argumentSlots[i]!;
      if (slot >= 0 && this.#failedBy[slot] !== undefined) return false;
    }
    return true;
  }

  /** The slot of the first input that is a recovered failure, or undefined. */
  #failedInputOf(step: number): number | undefined {
    const { argumentStart, argumentSlots } = this.#plan;
    for (let i = argumentStart[step]!; i < argumentStart[step + 1]!; i++) {
      const slot = argumentSlots[i]!;
      if (slot >= 0 && this.#failedBy[slot] !== undefined) return slot;
    }
    return undefined;
  }

  /** Stores the value, frees inputs nobody else reads, and starts dependents that became ready. */
  #settle(step: number, value: unknown, failedBy: string | undefined): void {
    if (this.#finished) return;
    const plan = this.#plan;
    const slot = plan.stepSlots[step]!;
    this.#values[slot] = value;
    this.#failedBy[slot] = failedBy;
    for (let i = plan.argumentStart[step]!; i < plan.argumentStart[step + 1]!; i++) {
      const input = plan.argumentSlots[i]!;
      if (input >= 0 && --this.#readersLeft[input]! === 0) this.#values[input] = undefined;
    }
    // Pushed last-first so the earliest step in topological order is popped first.
    for (let i = plan.readerStart[slot + 1]! - 1; i >= plan.readerStart[slot]!; i--) if (--this.#waitingOn[plan.readerSteps[i]!]! === 0) this.#ready.push(plan.readerSteps[i]!);
    this.#running--;
    this.#done++;
    this.#pump();
  }
}
