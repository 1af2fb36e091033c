import type { StructuredLogger } from "../hooks/index.ts";
import type { CacheBehavior } from "../decorators/index.ts";
import type { CacheStore } from "./cache-store.ts";

/** The options of `Builder.withCache`. */
export interface CacheOptions {
  /** The cache folder (default `.funcflow/cache` in the working directory). */
  readonly dir?: string;
  /** Per-node behaviours; they win over `cacheBehavior(…)` in the source. A `loadFrom` parameter's name (`raw_data`) reaches the nodes loading it. */
  readonly behaviors?: Readonly<Record<string, CacheBehavior>>;
  /** The behaviour of nodes not named anywhere (default `default`). */
  readonly defaultBehavior?: CacheBehavior;
  /** Receives every cache event at debug level (corrupt entries and failed writes at warn). */
  readonly logger?: StructuredLogger;
  /** Where entries are kept, instead of the folder. */
  readonly store?: CacheStore;
  /** Called once per node for a value that cannot be stored, and for each corrupt entry (default: process.emitWarning). */
  readonly onWarning?: (message: string) => void;
}
