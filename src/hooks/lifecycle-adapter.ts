/**
 * The lifecycle API: what an adapter may observe or change about a build and a run. Three kinds
 * of extension point, as in Hamilton:
 * - hooks (`beforeGraph`, `afterGraph`, `beforeNode`, `afterNode`): every adapter that has one
 *   is called, in the order the adapters were given;
 * - methods (`callNode`, `recoverNode`): each replaces a default behaviour, so at most one
 *   adapter may provide each;
 * - validators (`validateNode`, `validateGraph`): run by `build()`; every problem of every
 *   validator is reported at once.
 * Hooks may be async; the engine awaits a hook only when it returns a promise.
 */
import type { DataQualityWarning } from "../graph/index.ts";
import type { Config, NodeInfo } from "../graph/index.ts";

/** Node tags, as `listNodes` shows them. */
export type NodeTags = NodeInfo["tags"];

/** What a validator returns: nothing when all is well, else one problem or several. */
export type ValidationResult = string | readonly string[] | undefined | void;

/** The graph as a validator sees it. */
export interface GraphView {
  readonly nodes: readonly NodeInfo[];
  readonly config: Config;
  /**
   * The graph's version (Hamilton's `HamiltonGraph.version`): a SHA-256 of every function node's
   * name and code version and every input's and config key's name, sorted. Equal for the same
   * code (comments and formatting aside) whatever the order of the modules; computed on first read.
   */
  readonly version: string;
}

/**
 * Passed to `afterBuild` (Hamilton's `post_graph_construct`): the graph a `build()` made, once
 * the validators passed and before the Driver is returned.
 */
export interface BuildEvent extends GraphView {
  /** The modules given to `withModules`, in order: each one's file URL (a prebuilt module without one: its label). */
  readonly modules: readonly string[];
}

/** Passed to `beforeGraph`. */
export interface GraphStartEvent {
  /** Unique per run; every event of one run carries it. */
  readonly runId: string;
  /** The requested outputs. */
  readonly outputs: readonly string[];
  /** The names of the inputs and overrides given to this run. */
  readonly inputNames: readonly string[];
  readonly overrideNames: readonly string[];
  /**
   * The inputs and overrides themselves, as the caller passed them (Hamilton's
   * `pre_graph_execute` receives them too): a tracker records what a run was given. Read them;
   * changing them changes the caller's objects.
   */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly overrides: Readonly<Record<string, unknown>>;
  /** The Driver's config (Hamilton hands it to `post_graph_construct`). */
  readonly config: Config;
  /** The function nodes this run will compute, in topological order. */
  readonly nodes: readonly NodeInfo[];
  /** The whole graph the run is part of, with its version (Hamilton's `graph` argument). */
  readonly graph: GraphView;
}

/** Passed to `afterGraph`, whether the run succeeded or failed. */
export interface GraphEndEvent extends GraphStartEvent {
  readonly success: boolean;
  /** Why the run failed (a FuncflowError), when it did. */
  readonly error: unknown;
  /** The requested outputs by name, when the run succeeded. */
  readonly results: Readonly<Record<string, unknown>> | undefined;
  readonly durationMs: number;
}

/** Passed to `beforeNode`: a node about to be computed (or read from the cache). */
export interface NodeStartEvent {
  readonly runId: string;
  /** The node's name. */
  readonly name: string;
  readonly tags: NodeTags;
  /** The full node description, with declared types. */
  readonly node: NodeInfo;
  /** The node's parameter names and the values it is called with, in parameter order. */
  readonly inputNames: readonly string[];
  readonly inputValues: readonly unknown[];
  /**
   * For a node inside a parallel block (between a `parallelizable` node and its `collect`): the
   * index of the item it runs for, as Hamilton's hooks get each item's task id. Such a node's
   * hooks fire once per item, while the collecting node's wrap the whole block. Undefined for
   * every other node.
   */
  readonly item?: number | undefined;
}

/**
 * How a node ended: computed (`ok`), read from the cache (`cached`), threw (`failed`), not run
 * because an input failed under graceful errors (`skipped`; `beforeNode` was not called), or
 * still running when the run failed or hit its time limit (`cancelled`: its result, if it ever
 * comes, is dropped; `error` is undefined, since the node itself did not throw).
 */
export type NodeStatus = "ok" | "cached" | "failed" | "skipped" | "cancelled";

/** Passed to `afterNode`. */
export interface NodeEndEvent extends NodeStartEvent {
  readonly status: NodeStatus;
  readonly success: boolean;
  /** The value the node returned (undefined when it failed or was skipped). */
  readonly result: unknown;
  /** What the node threw, when it failed. */
  readonly error: unknown;
  /** Wall time of the call (or cache read), async waiting included; 0 when skipped. */
  readonly durationMs: number;
  /** For a skipped node: the failed node upstream that caused the skip. */
  readonly skippedBecause: string | undefined;
  /** For a failed node: true when an adapter's `recoverNode` turned the failure into a value. */
  readonly recovered: boolean;
}

/** Passed to `callNode`: the node, its arguments, and the default way to call it. */
export interface NodeCall extends NodeStartEvent {
  /** The node's function. */
  readonly fn: (...args: never[]) => unknown;
  /** Calls the node the default way (through the configured executor). */
  invoke(): unknown;
}

/** Returned by `recoverNode` to turn a failure into a value; dependents are then skipped. */
export interface NodeRecovery {
  readonly value: unknown;
  /**
   * For a `parallelizable` node whose items fail midway: keep the items made before the failure
   * and add `value` as one more, failed, item (true, the default: Hamilton's `try_all_parallel`),
   * or run the block on `value` alone (false).
   */
  readonly keepItems?: boolean;
}

/** An adapter: any subset of the hooks, methods and validators, plus a name for messages. */
export interface LifecycleAdapter {
  /** Used in messages, e.g. when one of its hooks throws. */
  readonly name: string;
  /**
   * Set to false when `beforeNode`/`afterNode` never look at `inputValues` or `result`. A run
   * with a cache then reads no cached value that no computation needs (a second run reads its
   * outputs, not every intermediate), and such values reach the hooks as `undefined`.
   * Default true: node hooks see every value, cached or computed.
   */
  readonly readsValues?: boolean;
  /**
   * Set to false when `beforeNode`/`afterNode`/`callNode` should not hear the nodes inside
   * parallel blocks, per item (events with `item` set): an adapter that counts graph steps, or
   * times them, sees the block as its collecting node alone, and a big fan-out then runs its
   * items without a hook call each. Default true, as Hamilton fires its node hooks in every
   * item's task.
   */
  readonly perItem?: boolean;
  /** Validator, run by `build()` for every node. */
  validateNode?(node: NodeInfo): ValidationResult;
  /** Validator, run by `build()` once. */
  validateGraph?(graph: GraphView): ValidationResult;
  /**
   * Hook, called once by `build()` after the validators passed (Hamilton's `post_graph_construct`):
   * a tracker records the graph here. A throw fails the build (`hook_failed`).
   */
  afterBuild?(event: BuildEvent): void | Promise<void>;
  beforeGraph?(event: GraphStartEvent): void | Promise<void>;
  afterGraph?(event: GraphEndEvent): void | Promise<void>;
  beforeNode?(event: NodeStartEvent): void | Promise<void>;
  afterNode?(event: NodeEndEvent): void | Promise<void>;
  /** Method: replaces how a node is called; `call.invoke()` is the default. */
  callNode?(call: NodeCall): unknown;
  /**
   * Method: decides whether a node's failure ends the run (return undefined) or becomes a value
   * (return `{ value }`); nodes depending on a recovered failure are skipped.
   */
  recoverNode?(event: NodeEndEvent): NodeRecovery | undefined;
  /**
   * With `recoverNode`: false skips the nodes wrapped in `acceptErrorSentinels` after a recovered
   * failure like any other node (Hamilton's `allow_injection=False`). Default true: they run with
   * the sentinel.
   */
  readonly injectsErrorSentinels?: boolean;
  /**
   * Hook: a `warn`-importance data-quality check failed (`checkOutput`). When any adapter has
   * this hook, warnings go to the adapters instead of `console.warn`.
   */
  onDataQualityWarning?(warning: DataQualityWarning): void;
}
