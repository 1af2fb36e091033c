import type { LifecycleAdapter, NodeEndEvent, NodeRecovery } from "./lifecycle-adapter.ts";
import { invalidArgument, optionKeys, requireOptions } from "../errors/index.ts";

/** The default value a failed node (and each node skipped because of it) takes. */
export const NODE_FAILED: unique symbol = Symbol.for("funcflow.node-failed");

/** What went wrong in the last run under graceful errors. */
export interface GracefulErrorReport {
  readonly runId: string;
  /** Nodes that threw, with what they threw, in the order they failed. */
  readonly failed: readonly { readonly node: string; readonly error: unknown; /** For a node inside a parallel block: the item it failed on. */ readonly item?: number }[];
  /** Nodes not run because an input failed, with the failed node upstream. */
  readonly skipped: readonly { readonly node: string; readonly because: string }[];
}

export interface GracefulErrorOptions {
  /** The value failed and skipped nodes take (default `NODE_FAILED`). */
  readonly sentinel?: unknown;
  /** Which errors to absorb (default: all); any other error still ends the run. */
  readonly catches?: (error: unknown) => boolean;
  /** Called with the report after each run. */
  readonly onReport?: (report: GracefulErrorReport) => void;
  /**
   * When a `parallelizable` node's items fail midway: keep the items made before the failure,
   * the sentinel as one more item (true, the default), or run the block on the sentinel alone
   * (false). Hamilton's `try_all_parallel`.
   */
  readonly tryAllParallel?: boolean;
  /**
   * False: nodes wrapped in `acceptErrorSentinels` are skipped after a failure like any other
   * node, instead of running with the sentinel (Hamilton's `allow_injection`). Default true.
   */
  readonly allowInjection?: boolean;
}

/** The keys of GracefulErrorOptions, checked against the interface by the compiler. */
export const GRACEFUL_ERROR_OPTION_KEYS = optionKeys<GracefulErrorOptions>({ sentinel: true, catches: true, onReport: true, tryAllParallel: true, allowInjection: true });

/** The graceful-error adapter, with the last run's report. */
export interface GracefulErrors extends LifecycleAdapter {
  /** The report of the last run that finished, or undefined before any. */
  lastReport(): GracefulErrorReport | undefined;
}

/**
 * Graceful-error mode: a node that throws takes a sentinel value instead of ending the run,
 * nodes that depend on it are skipped (not called, same sentinel), and every branch that does
 * not depend on it runs to the end. The report lists what failed and what was skipped.
 * @example
 * const graceful = gracefulErrors();
 * const dr = await new Builder().withModules(url).withAdapters(graceful).build();
 * const { report } = await dr.execute(["report"]); // report === NODE_FAILED if an input failed
 * graceful.lastReport()?.failed; // [{ node: "fetchPrices", error: … }]
 */
export function gracefulErrors(options: GracefulErrorOptions = {}): GracefulErrors {
  requireOptions("gracefulErrors", "options", options, GRACEFUL_ERROR_OPTION_KEYS, "{ sentinel: null }");
  // Checked here, not when a node fails or the run ends, which would end a run already under way.
  for (const key of ["catches", "onReport"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") throw invalidArgument("gracefulErrors", `options.${key}`, options[key], key === "catches" ? "a function (error) => boolean" : "a function called with each run's report");
  }
  for (const key of ["tryAllParallel", "allowInjection"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "boolean") throw invalidArgument("gracefulErrors", `options.${key}`, options[key], "true or false");
  }
  const sentinel = "sentinel" in options ? options.sentinel : NODE_FAILED;
  const keepItems = options.tryAllParallel ?? true;
  const catches = options.catches ?? (() => true);
  const runs = new Map<string, { failed: GracefulErrorReport["failed"][number][]; skipped: GracefulErrorReport["skipped"][number][] }>();
  let last: GracefulErrorReport | undefined;
  const runOf = (runId: string) => {
    let run = runs.get(runId);
    if (run === undefined) runs.set(runId, (run = { failed: [], skipped: [] }));
    return run;
  };
  return {
    name: "gracefulErrors",
    readsValues: false,
    // Its report lists the graph's skipped nodes; inside a block it lists each item's failure (recoverNode hears items).
    perItem: false,
    injectsErrorSentinels: options.allowInjection !== false,
    recoverNode: (event: NodeEndEvent): NodeRecovery | undefined => {
      if (!catches(event.error)) return undefined;
      runOf(event.runId).failed.push({ node: event.name, error: event.error, ...(event.item !== undefined && { item: event.item }) });
      return event.node.parallel === "expand" ? { value: sentinel, keepItems } : { value: sentinel };
    },
    afterNode: (event) => {
      if (event.status === "skipped") runOf(event.runId).skipped.push({ node: event.name, because: event.skippedBecause! });
    },
    afterGraph: (event) => {
      const run = runs.get(event.runId) ?? { failed: [], skipped: [] };
      runs.delete(event.runId);
      last = { runId: event.runId, failed: run.failed, skipped: run.skipped };
      options.onReport?.(last);
    },
    lastReport: () => last,
  };
}
