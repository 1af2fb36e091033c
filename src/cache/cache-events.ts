/** The structured log of what the cache did in a run, one event per decision. */

/**
 * Why a node was computed rather than read:
 * - `no_entry`: it was never stored;
 * - `code_changed`: its function (or a helper it calls) changed since the last stored entry;
 * - `config_changed` / `input_changed`: a config value or input it reads changed (`changed` names them);
 * - `entry_missing`: its last entry has the same key but the file is gone;
 * - `corrupt_entry`: the entry failed its checks (and is replaced);
 * - `recompute`: its behaviour says always compute;
 * - `unhashable_input`: an input cannot be fingerprinted (`changed` names it), so no key exists.
 */
export type CacheMissReason =
  | "no_entry"
  | "code_changed"
  | "config_changed"
  | "input_changed"
  | "entry_missing"
  | "corrupt_entry"
  | "recompute"
  | "unhashable_input";

export type CacheEvent =
  | { readonly kind: "hit"; readonly runId: string; readonly node: string; readonly key: string }
  | { readonly kind: "miss"; readonly runId: string; readonly node: string; readonly key: string | undefined; readonly reason: CacheMissReason; readonly changed?: readonly string[] }
  | { readonly kind: "stored"; readonly runId: string; readonly node: string; readonly key: string; readonly bytes: number; readonly format: string }
  | { readonly kind: "not_stored"; readonly runId: string; readonly node: string; readonly key: string; readonly reason: "unsupported_value" | "write_failed"; readonly detail: string }
  | { readonly kind: "corrupt"; readonly runId: string; readonly node: string; readonly key: string; readonly detail: string }
  | { readonly kind: "bypassed"; readonly runId: string; readonly node: string; readonly reason: "disable" | "ignore" };

/** What the cache did in one run. */
export interface CacheRunReport {
  readonly runId: string;
  /** Nodes read from the cache. */
  readonly hits: readonly string[];
  /** Nodes computed although caching applied to them (see the events for why). */
  readonly misses: readonly string[];
  readonly events: readonly CacheEvent[];
}
