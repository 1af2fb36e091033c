import { FuncflowError } from "../errors/index.ts";
import { describeSource, type NodeSource } from "../graph/index.ts";
import type { Candidate } from "./collect-candidates.ts";
import { candidateNodeName } from "./candidate-node-name.ts";

/**
 * `Builder.allowModuleOverrides()`, as Hamilton's `allow_module_overrides()`: when functions of
 * several modules make one node name, only the last such module's functions are kept (all of its
 * variants of the name, none of the earlier modules'), so a later module overrides an earlier
 * one instead of failing with `duplicate_node`. Names are compared as the graph names nodes: the
 * export name cut at its last `__`, or the name a config wrapper gives.
 * @example keepLastDefinitions(candidates); // foo of module_b, not of module_a
 */
export function keepLastDefinitions(candidates: readonly Candidate[]): readonly Candidate[] {
  const lastModule = new Map<string, string>();
  for (const candidate of candidates) lastModule.set(candidateNodeName(candidate), candidate.source.module);
  return candidates.filter((candidate) => lastModule.get(candidateNodeName(candidate)) === candidate.source.module);
}

/**
 * `duplicate_node` for two definitions of `name`; across modules it points at
 * `allowModuleOverrides()`, which resolves exactly that case.
 * @example throw duplicateNode("foo", a.source, b.source, "Rename one");
 */
export function duplicateNode(name: string, first: NodeSource, second: NodeSource, rename: string): FuncflowError {
  const definitions = [describeSource(first), describeSource(second)];
  const override = first.module === second.module ? "" : ", or let the later module win with Builder.allowModuleOverrides()";
  return new FuncflowError(
    "duplicate_node",
    `Node "${name}" is defined twice: by ${definitions[0]} and by ${definitions[1]}. ${rename}, or make them config variants ("${name}__a", "${name}__b" with configWhen)${override}.`,
    { node: name, details: { definitions } },
  );
}
