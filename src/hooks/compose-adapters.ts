/**
 * Composes adapters once, at build time, into what the engine calls per run and per node: one
 * list per hook (in the order the adapters were given) and at most one provider per method.
 */
import type { DataQualityWarning } from "../graph/index.ts";
import { FuncflowError } from "../errors/index.ts";
import { hookFailed } from "./hook-failed.ts";
import { isThenable } from "../graph/index.ts";
import type { BuildEvent, GraphEndEvent, GraphStartEvent, LifecycleAdapter, NodeCall, NodeEndEvent, NodeRecovery, NodeStartEvent } from "./lifecycle-adapter.ts";

type HookName = "afterBuild" | "beforeGraph" | "afterGraph" | "beforeNode" | "afterNode";
type MethodName = "callNode" | "recoverNode";

interface BoundHook<Event> {
  readonly adapter: string;
  readonly call: (event: Event) => void | Promise<void>;
}

/** Adapters ready for the engine. Hook runners return a promise only when a hook did. */
export interface ComposedAdapters {
  readonly names: readonly string[];
  /** True when some adapter has a node hook or method: the engine must build node events. */
  readonly observesNodes: boolean;
  /** True when some adapter's node hooks read values (`readsValues` not false): cached values must then be read. */
  readonly readsValues: boolean;
  /** True when some adapter hears the nodes inside parallel blocks per item (`perItem` not false). */
  readonly observesItems: boolean;
  /** False when the adapter providing `recoverNode` says nodes accepting error sentinels are skipped too. */
  readonly injectsErrorSentinels: boolean;
  afterBuild(event: BuildEvent): void | Promise<void>;
  beforeGraph(event: GraphStartEvent): void | Promise<void>;
  afterGraph(event: GraphEndEvent): void | Promise<void>;
  beforeNode(event: NodeStartEvent): void | Promise<void>;
  afterNode(event: NodeEndEvent): void | Promise<void>;
  /** The one adapter's `callNode`, wrapped so its own errors are reported as its. */
  readonly callNode: ((call: NodeCall) => unknown) | undefined;
  /** The hooks and `callNode` for a block's nodes per item: those of the adapters that hear items. */
  beforeItemNode(event: NodeStartEvent): void | Promise<void>;
  afterItemNode(event: NodeEndEvent): void | Promise<void>;
  readonly callItemNode: ((call: NodeCall) => unknown) | undefined;
  readonly recoverNode: ((event: NodeEndEvent) => NodeRecovery | undefined) | undefined;
  /** Every adapter's `onDataQualityWarning` in order, or undefined when none has one. */
  readonly onDataQualityWarning: ((warning: DataQualityWarning) => void) | undefined;
}

/**
 * Checks and composes `adapters`.
 * @throws FuncflowError `invalid_argument` for something that is not an adapter, `adapter_conflict`
 *   when two adapters provide the same method.
 * @example const composed = composeAdapters([timingReport(), gracefulErrors()]);
 */
export function composeAdapters(adapters: readonly LifecycleAdapter[]): ComposedAdapters {
  adapters.forEach(checkAdapter);
  const hooks = <Event>(name: HookName) => bindHooks<Event>(adapters, name);
  const afterBuild = hooks<BuildEvent>("afterBuild");
  const beforeGraph = hooks<GraphStartEvent>("beforeGraph");
  const afterGraph = hooks<GraphEndEvent>("afterGraph");
  const beforeNode = hooks<NodeStartEvent>("beforeNode");
  const afterNode = hooks<NodeEndEvent>("afterNode");
  const callNode = singleMethod(adapters, "callNode");
  const recoverNode = singleMethod(adapters, "recoverNode");
  const hearItems = adapters.filter((adapter) => adapter.perItem !== false);
  const beforeItemNode = bindHooks<NodeStartEvent>(hearItems, "beforeNode");
  const afterItemNode = bindHooks<NodeEndEvent>(hearItems, "afterNode");
  const callItemNode = callNode !== undefined && hearItems.some((adapter) => typeof adapter.callNode === "function") ? wrapCallNode(callNode) : undefined;
  return {
    names: adapters.map((adapter) => adapter.name),
    observesNodes: beforeNode.length + afterNode.length > 0 || callNode !== undefined || recoverNode !== undefined,
    readsValues: adapters.some((adapter) => adapter.readsValues !== false && (typeof adapter.beforeNode === "function" || typeof adapter.afterNode === "function")),
    observesItems: beforeItemNode.length + afterItemNode.length > 0 || callItemNode !== undefined,
    injectsErrorSentinels: adapters.find((adapter) => typeof adapter.recoverNode === "function")?.injectsErrorSentinels !== false,
    afterBuild: (event) => runHooks(afterBuild, event, "afterBuild", undefined),
    beforeGraph: (event) => runHooks(beforeGraph, event, "beforeGraph", undefined),
    afterGraph: (event) => runHooks(afterGraph, event, "afterGraph", undefined),
    beforeNode: (event) => runHooks(beforeNode, event, "beforeNode", event.name),
    afterNode: (event) => runHooks(afterNode, event, "afterNode", event.name),
    callNode: callNode && wrapCallNode(callNode),
    beforeItemNode: (event) => runHooks(beforeItemNode, event, "beforeNode", event.name),
    afterItemNode: (event) => runHooks(afterItemNode, event, "afterNode", event.name),
    callItemNode,
    recoverNode: recoverNode && wrapRecoverNode(recoverNode),
    onDataQualityWarning: dataQualityReceiver(adapters),
  };
}

function dataQualityReceiver(adapters: readonly LifecycleAdapter[]): ((warning: DataQualityWarning) => void) | undefined {
  const receivers = adapters.filter((adapter) => typeof adapter.onDataQualityWarning === "function");
  if (receivers.length === 0) return undefined;
  return (warning) => {
    for (const adapter of receivers) adapter.onDataQualityWarning!(warning);
  };
}

function checkAdapter(adapter: LifecycleAdapter, index: number): void {
  if (typeof adapter === "object" && adapter !== null && typeof adapter.name === "string") return;
  throw new FuncflowError(
    "invalid_argument",
    `withAdapters: argument ${index + 1} is not an adapter (an object with a name and hooks such as beforeNode), got ${adapter === null ? "null" : typeof adapter}.`,
  );
}

function bindHooks<Event>(adapters: readonly LifecycleAdapter[], name: HookName): BoundHook<Event>[] {
  return adapters.flatMap((adapter) => {
    const hook = adapter[name] as ((event: Event) => void | Promise<void>) | undefined;
    return typeof hook === "function" ? [{ adapter: adapter.name, call: hook.bind(adapter) }] : [];
  });
}

function singleMethod<Name extends MethodName>(adapters: readonly LifecycleAdapter[], name: Name) {
  type Method = NonNullable<LifecycleAdapter[Name]>;
  const providers = adapters.filter((adapter) => typeof adapter[name] === "function");
  if (providers.length > 1) {
    const names = providers.map((adapter) => `"${adapter.name}"`).join(" and ");
    throw new FuncflowError(
      "adapter_conflict",
      `withAdapters: ${names} both provide ${name}, which replaces default behaviour, so at most one adapter may provide it. Keep one of them.`,
      { details: { method: name, adapters: providers.map((adapter) => adapter.name) } },
    );
  }
  const [provider] = providers;
  if (provider === undefined) return undefined;
  const unbound = provider[name] as (this: LifecycleAdapter, ...args: never[]) => unknown;
  return { adapter: provider.name, method: unbound.bind(provider) as unknown as Method };
}

/** Calls each hook in order; switches to awaiting at the first hook that returns a promise. */
function runHooks<Event>(hooks: readonly BoundHook<Event>[], event: Event, name: HookName, node: string | undefined): void | Promise<void> {
  for (let i = 0; i < hooks.length; i++) {
    const hook = hooks[i]!;
    let result: void | Promise<void>;
    try {
      result = hook.call(event);
    } catch (error) {
      throw hookFailed(hook.adapter, name, node, error);
    }
    if (isThenable(result)) return finishHooksAsync(hooks, i, result, event, name, node);
  }
}

async function finishHooksAsync<Event>(
  hooks: readonly BoundHook<Event>[],
  index: number,
  pending: PromiseLike<void>,
  event: Event,
  name: HookName,
  node: string | undefined,
): Promise<void> {
  try {
    await pending;
  } catch (error) {
    throw hookFailed(hooks[index]!.adapter, name, node, error);
  }
  for (let i = index + 1; i < hooks.length; i++) {
    try {
      await hooks[i]!.call(event);
    } catch (error) {
      throw hookFailed(hooks[i]!.adapter, name, node, error);
    }
  }
}

/**
 * The node's own errors pass through `callNode` untouched (they become `node_failed`); anything
 * else `callNode` throws is the adapter's. `invoke` remembers what the node threw to tell them apart.
 */
function wrapCallNode(provider: { adapter: string; method: (call: NodeCall) => unknown }) {
  return (call: NodeCall): unknown => {
    let thrownByNode: { error: unknown } | undefined;
    const invoke = () => {
      let result: unknown;
      try {
        result = call.invoke();
      } catch (error) {
        thrownByNode = { error };
        throw error;
      }
      if (!isThenable(result)) return result;
      return Promise.resolve(result).catch((error: unknown) => {
        thrownByNode = { error };
        throw error;
      });
    };
    const attribute = (error: unknown) => {
      if (thrownByNode !== undefined && thrownByNode.error === error) return error;
      return new NodeCallHookError(hookFailed(provider.adapter, "callNode", call.name, error));
    };
    let result: unknown;
    try {
      const wrapped: NodeCall = { runId: call.runId, name: call.name, tags: call.tags, node: call.node, inputNames: call.inputNames, inputValues: call.inputValues, item: call.item, fn: call.fn, invoke };
      result = provider.method(wrapped);
    } catch (error) {
      throw attribute(error);
    }
    return isThenable(result) ? Promise.resolve(result).catch((error: unknown) => Promise.reject(attribute(error))) : result;
  };
}

/** Marks an error of the `callNode` method itself, so the engine does not report it as the node's. */
export class NodeCallHookError {
  constructor(readonly error: unknown) {}
}

function wrapRecoverNode(provider: { adapter: string; method: (event: NodeEndEvent) => NodeRecovery | undefined }) {
  return (event: NodeEndEvent): NodeRecovery | undefined => {
    try {
      return provider.method(event);
    } catch (error) {
      throw hookFailed(provider.adapter, "recoverNode", event.name, error);
    }
  };
}
