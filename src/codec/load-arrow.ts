/**
 * apache-arrow, imported on first use and then reused. Entries that must stay light (the root,
 * the cache, the worker codec) load it only when an Arrow value turns up; one promise for all of
 * them, because every `import()` goes through the module loader again (through its resolve hook
 * under tsx or vitest: ~0.7 ms each, paid per cached column read before this was shared).
 */
/** The apache-arrow module. */
export type Arrow = typeof import("apache-arrow");

let arrow: Promise<Arrow> | undefined;

/** @example const { tableFromIPC } = await loadArrow(); */
export function loadArrow(): Promise<Arrow> {
  return (arrow ??= import("apache-arrow"));
}
