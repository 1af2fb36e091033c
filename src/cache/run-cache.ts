/**
 * What the engine asks of the cache during one run. The engine stays ignorant of keys, versions
 * and files: it asks before calling a node, and tells the cache how each node ended.
 */

/**
 * The answer to "is this node's value cached?". On a hit, `value` holds the value, unless the
 * read was deferred (`deferred`): then `load` reads it when something needs it.
 */
export interface CacheLookup {
  readonly hit: boolean;
  readonly value: unknown;
  readonly deferred?: boolean;
}

/** One run's cache session. */
export interface RunCache {
  /**
   * Looks the node up by its key (made from its code and its inputs' data versions). With
   * `defer`, a hit only checks that the entry exists; `load` reads it later, if ever needed.
   */
  lookup(step: number, args: readonly unknown[], defer: boolean): CacheLookup | Promise<CacheLookup>;
  /** Reads a deferred hit; `found: false` when the entry turned out unusable (reported as corrupt). */
  load(step: number, lookup: CacheLookup): Promise<{ readonly found: true; readonly value: unknown } | { readonly found: false }>;
  /** The node produced `value` (computed, or read on a hit): version it and store it on a miss. */
  settle(step: number, lookup: CacheLookup, value: unknown): void;
  /** A deferred hit was unusable and the node was computed again: store the new value. */
  replace(step: number, lookup: CacheLookup, value: unknown): void;
  /** The node failed or was skipped: its dependents must not hit. */
  settleFailed(step: number): void;
  /**
   * Before anything runs: keys every step whose key does not wait on a computed value, checks
   * which entries exist, and returns per step 1 when the run needs it (an output, or an input
   * of a step that cannot be read from the cache), else 0. A step marked 0 without an entry is
   * neither computed nor read; its data version is already known.
   */
  neededSteps(values: readonly unknown[]): Promise<Uint8Array>;
  /** Waits for background writes and closes the run's event log. */
  finish(): Promise<void>;
}
