/**
 * apache-arrow, imported on first use and then reused. Entries that must stay light (the root,
 * the cache, the worker codec) load it only when an Arrow value turns up; one promise for all of
 * them, because every `import()` goes through the module loader again (through its resolve hook
 * under tsx or vitest: ~0.7 ms each, paid per cached column read before this was shared).
 */
/** The apache-arrow module. */
export type Arrow = typeof import("apache-arrow");

let arrow: Promise<Arrow> | undefined;
let loaded: Arrow | undefined;

/** @example const { tableFromIPC } = await loadArrow(); */
export function loadArrow(): Promise<Arrow> {
  return (arrow ??= import("apache-arrow").then((module) => (loaded = module)));
}

/**
 * apache-arrow if `loadArrow` has loaded it, else undefined: for work that must happen before
 * anything else runs (taking a value's bytes) and can only wait when the module is not there yet.
 */
export function arrowIfLoaded(): Arrow | undefined {
  return loaded;
}
