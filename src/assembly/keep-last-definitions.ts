import { variantNodeName } from "../graph/index.ts";
import type { Candidate } from "./collect-candidates.ts";

/**
 * `Builder.allowModuleOverrides()`, as Hamilton's `allow_module_overrides()`: when functions of
 * several modules make one node name, only the last such module's functions are kept (all of its
 * variants of the name, none of the earlier modules'), so a later module overrides an earlier
 * one instead of failing with `duplicate_node`. Names are compared as the graph names nodes: the
 * export name cut at its last `__`.
 * @example keepLastDefinitions(candidates); // foo of module_b, not of module_a
 */
export function keepLastDefinitions(candidates: readonly Candidate[]): readonly Candidate[] {
  const lastModule = new Map<string, string>();
  for (const candidate of candidates) lastModule.set(variantNodeName(candidate.entry.exportName), candidate.source.module);
  return candidates.filter((candidate) => lastModule.get(variantNodeName(candidate.entry.exportName)) === candidate.source.module);
}
