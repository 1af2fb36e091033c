/** Caching: node results stored by a key of code version and input versions, with the run report of hits and misses. Light on purpose: apache-arrow is loaded only when an Arrow value is stored or read. */
export type { RunCache, CacheLookup } from "./run-cache.ts";
export type { CacheEvent, CacheMissReason, CacheRunReport } from "./cache-events.ts";
export type { CacheOptions } from "./cache-options.ts";
export { diskStore } from "./cache-store.ts";
export type { CacheStore, CacheFileOps, FileContents, StoredEntry } from "./cache-store.ts";
export { createDriverCache, DEFAULT_CACHE_DIR } from "./driver-cache.ts";
export type { DriverCache } from "./driver-cache.ts";
export { loadFingerprint, type Fingerprint } from "./fingerprint.ts";
export { codeVersion } from "./code-version.ts";
export type { RunShape } from "./run-shape.ts";
