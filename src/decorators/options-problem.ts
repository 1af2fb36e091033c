/**
 * A modifier's options object with a key it does not know, as the modifier's problem (raised as
 * `invalid_modifier` when the graph is built): a misspelt option, e.g. `checkOutput({ rnage: … })`,
 * would otherwise silently check nothing.
 */
import { isPlainRecord, unknownKeysProblem } from "../errors/index.ts";

/**
 * The problem text for `options`' unknown keys, or undefined (also for a non-object, which other
 * checks refuse). Without a final period, as the build adds one after a modifier's problem.
 */
export function optionsProblem(kind: string, options: unknown, known: readonly string[]): string | undefined {
  return isPlainRecord(options) ? unknownKeysProblem(kind, "options", options, known)?.message.replace(/\.$/, "") : undefined;
}
