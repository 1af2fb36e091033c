import { FuncflowError } from "../errors/index.ts";
import { describeSource, type Config, type ResolveModifier } from "../graph/index.ts";
import type { Candidate } from "./collect-candidates.ts";

/**
 * Whether every config condition of `candidate` holds under `config` (a fallback counts as
 * holding when `fallbackHolds`). A condition that fails (a `configWhen` function that throws or
 * answers with something other than a boolean) is reported with the module and export it is on,
 * wherever conditions are asked: choosing a variant, or a `mutate` function's own conditions.
 * @example conditionsHold(candidate, resolvers, config); // true when the variant is active
 */
export function conditionsHold(candidate: Candidate, resolvers: readonly ResolveModifier[], config: Config, fallbackHolds = false): boolean {
  try {
    return resolvers.every((resolver) => (fallbackHolds && resolver.isFallback) || resolver.isActive(config));
  } catch (error) {
    if (!(error instanceof FuncflowError)) throw error;
    throw new FuncflowError(error.code, `${describeSource(candidate.source)}: ${error.message}`, { node: candidate.entry.exportName, cause: error.cause ?? error });
  }
}
