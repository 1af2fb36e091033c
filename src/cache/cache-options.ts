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
  /**
   * The behaviour of data-loading nodes not named anywhere (a `dataloader`'s `<fn>` and
   * `<fn>.loader`, a `loadFrom`'s `load_data` and `select_data` nodes); default `defaultBehavior`.
   * Hamilton's `default_loader_behavior`.
   */
  readonly defaultLoaderBehavior?: CacheBehavior;
  /** The behaviour of data-saving nodes not named anywhere (`datasaver`, `saveTo`); default `defaultBehavior`. Hamilton's `default_saver_behavior`. */
  readonly defaultSaverBehavior?: CacheBehavior;
  /** Receives every cache event at debug level (corrupt entries and failed writes at warn). */
  readonly logger?: StructuredLogger;
  /** Where entries are kept, instead of the folder. */
  readonly store?: CacheStore;
  /** Called once per node for a value that cannot be stored, and for each corrupt entry (default: process.emitWarning). */
  readonly onWarning?: (message: string) => void;
}
