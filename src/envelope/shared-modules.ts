/**
 * The packages an envelope's bundle shares with the process that loads it. funcflow and
 * apache-arrow are left out of the bundle on purpose: a second copy of apache-arrow would make
 * the runtime's `instanceof Vector` checks fail, and a second copy of funcflow would carry its own
 * error class. The bundle reads them from one global slot, filled by the loader before import.
 */
import { FuncflowError } from "../errors/index.ts";

/** Bare specifiers the bundle leaves to the runtime. */
export const SHARED_SPECIFIERS: readonly string[] = ["funcflow", "funcflow/arrow", "funcflow/io", "funcflow/adapters", "funcflow/workers", "apache-arrow"];

/** Where the bundle finds the shared namespaces: a symbol the bundle and loader both know. */
export const SHARED_SLOT = "funcflow.envelope.shared";

/** Loads one shared namespace. */
export type SharedModuleLoaders = Readonly<Record<string, () => Promise<object>>>;

let loaders: SharedModuleLoaders | undefined;

/**
 * Tells the envelope loader how this process imports the shared packages. The `funcflow/envelope`
 * and CLI entry files call it; a folder cannot import the package entries itself.
 * @example provideSharedModules({ funcflow: () => import("./index.ts"), "apache-arrow": () => import("apache-arrow") });
 */
export function provideSharedModules(given: SharedModuleLoaders): void {
  loaders = given;
}

/**
 * Fills the global slot with every shared namespace, so an envelope's bundle can be imported.
 * @throws FuncflowError `envelope_invalid` when no entry provided the loaders.
 */
export async function installSharedModules(): Promise<void> {
  if (loaders === undefined) {
    throw new FuncflowError("envelope_invalid", "loadEnvelope: the shared modules are not provided. Import envelopes through `funcflow/envelope` (or the funcflow CLI).");
  }
  const slot = globalThis as unknown as Record<symbol, Record<string, object>>;
  const key = Symbol.for(SHARED_SLOT);
  if (slot[key] !== undefined) return;
  const entries = await Promise.all(Object.entries(loaders).map(async ([specifier, load]) => [specifier, await load()] as const));
  slot[key] = Object.fromEntries(entries);
}
