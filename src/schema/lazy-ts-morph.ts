/**
 * ts-morph, loaded on first use. Reading schemas from the checker needs it; a service started
 * from the schema cache does not, and TypeScript is ~38 MB of heap that every full collection
 * of the serving process would otherwise trace (an Arrow request's buffers start one or two).
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";

let loaded: typeof TsMorph | undefined;

/** The ts-morph module (the same instance `import "ts-morph"` gives: it is CommonJS). */
export function tsMorph(): typeof TsMorph {
  return (loaded ??= createRequire(import.meta.url)("ts-morph") as typeof TsMorph);
}

/** TypeScript's own API, as ts-morph bundles it. */
export function typescript(): typeof TsMorph.ts {
  return tsMorph().ts;
}
