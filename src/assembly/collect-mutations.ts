/**
 * The graph-side half of `mutate`: finds every transform wrapped in `mutate`, matches its
 * targets to functions of the same module, and gives each target one extra output pipe holding
 * all the transforms aimed at it, in source order.
 */
import { FuncflowError, didYouMean, suggestNames } from "../errors/index.ts";
import { isMutateModifier, outputPipe, source as sourceOf, step, value, type Dependency, type MutationTarget, type Step } from "../decorators/index.ts";
import { readNodeMetadata, stepBaseName, type Config, type NodeModifier, type ResolveModifier, describeSource } from "../graph/index.ts";
import type { Candidate } from "./collect-candidates.ts";
import { conditionsHold } from "./conditions-hold.ts";

/** Extra modifiers per target candidate. */
export type Mutations = ReadonlyMap<Candidate, readonly NodeModifier[]>;

const NONE: Mutations = new Map();

/**
 * The output pipes `mutate` adds to each target, under `config`.
 * @example const mutations = collectMutations(candidates, config, nodeName); // target candidate → [output pipe]
 */
export function collectMutations(candidates: readonly Candidate[], config: Config, nodeName: (candidate: Candidate) => string): Mutations {
  const mutators = candidates.filter((candidate) => candidate.modifiers.some(isMutateModifier));
  if (mutators.length === 0) return NONE;
  const stepsByTarget = new Map<Candidate, Step[]>();
  const stepOwners = new Map<Candidate, Map<string, Candidate>>();
  for (const mutator of mutators) {
    const resolvers = mutator.modifiers.filter((m): m is ResolveModifier => m.phase === "resolve");
    if (!conditionsHold(mutator, resolvers, config, true)) continue;
    const modifier = mutator.modifiers.find(isMutateModifier)!;
    // The modifier's own problem (no target, a target that is not a function) comes first.
    if (modifier.problem !== undefined) fail(mutator, `${modifier.problem}.`);
    for (const target of modifier.targets) {
      const found = findTargets(target, mutator, candidates, nodeName);
      const transform = stepFor(mutator, target, modifier.bindings, nodeName(mutator));
      for (const candidate of found) {
        rejectTakenStepName(candidate, transform, mutator, stepOwners, config, nodeName);
        stepsByTarget.set(candidate, [...(stepsByTarget.get(candidate) ?? []), transform]);
      }
    }
  }
  return new Map([...stepsByTarget].map(([candidate, steps]) => [candidate, [outputPipe("mutate", steps, {})]]));
}

/** The transform as a step: first parameter piped, the others bound or read by name. */
function stepFor(mutator: Candidate, target: MutationTarget, shared: Readonly<Record<string, Dependency>>, name: string): Step {
  // As Hamilton uses mutate's kwargs when an apply_to has none, an empty `applyTo(t, {})` takes them too.
  const bindings = target.bindings !== undefined && Object.keys(target.bindings).length > 0 ? target.bindings : shared;
  const params = mutator.entry.params.slice(1);
  const known = new Set(params.map((param) => param.name));
  for (const bound of Object.keys(bindings)) {
    if (!known.has(bound)) {
      fail(mutator, `mutate binds "${bound}", which is not a parameter of the transform after its first${didYouMean(suggestNames(bound, [...known]))}.`);
    }
  }
  // An unbound optional parameter keeps its default rather than becoming a dependency.
  const args = params.map((param) => bindings[param.name] ?? (param.optional ? value(undefined) : sourceOf(param.name)));
  let result = step(mutator.fn, ...args)
    .named(target.options.name ?? stepBaseName(name), target.options.namespace)
    .withTypes({ params: mutator.entry.params.map((param) => param.type), returnType: mutator.entry.returnType }, mutator.entry.isAsync);
  result = result.withConditionsOf(target.options);
  return target.options.target === undefined ? result : result.onOutput(target.options.target);
}

/**
 * Two transforms whose steps on one target have one name (`applyTo(t).named("x")` twice) would
 * make one node twice: refused naming both transforms, which the pipe itself cannot see.
 */
function rejectTakenStepName(
  target: Candidate,
  transform: Step,
  mutator: Candidate,
  owners: Map<Candidate, Map<string, Candidate>>,
  config: Config,
  nodeName: (c: Candidate) => string,
): void {
  if (transform.target !== undefined || !transform.isActive(config)) return;
  const names = owners.get(target) ?? new Map<string, Candidate>();
  owners.set(target, names);
  const other = names.get(transform.name!);
  if (other !== undefined && other !== mutator) {
    fail(
      mutator,
      `mutate's step on "${nodeName(target)}" would be the node "${nodeName(target)}.${transform.name}", which the mutate of ${describeSource(other.source)} already makes. Name one of them differently: applyTo(${nodeName(target)}).named("…").`,
    );
  }
  names.set(transform.name!, mutator);
}

function findTargets(target: MutationTarget, mutator: Candidate, candidates: readonly Candidate[], nodeName: (c: Candidate) => string): Candidate[] {
  const sameModule = candidates.filter((candidate) => candidate.source.module === mutator.source.module && candidate !== mutator);
  if (typeof target.target === "string") {
    const found = sameModule.filter((candidate) => nodeName(candidate) === target.target);
    if (found.length > 0) return found;
    const names = sameModule.map(nodeName);
    return fail(
      mutator,
      `mutate targets "${target.target}", which no function of ${mutator.source.module} defines${didYouMean(suggestNames(target.target, names))}. Target a function of the same module.`,
    );
  }
  const inner = readNodeMetadata(target.target).fn;
  const found = sameModule.filter((candidate) => candidate.fn === inner);
  if (found.length > 0) return found;
  const elsewhere = candidates.find((candidate) => candidate.fn === inner);
  return fail(
    mutator,
    elsewhere
      ? `mutate targets "${elsewhere.entry.exportName}" of ${elsewhere.source.module}, but a transform may only target functions of its own module. Move the transform there.`
      : `mutate targets a function that is not an exported node of ${mutator.source.module} (${inner.name || "anonymous"}). Target an exported function of the same module.`,
  );
}

function fail(mutator: Candidate, message: string): never {
  throw new FuncflowError("invalid_modifier", `${describeSource(mutator.source)}: ${message}`, { node: mutator.source.exportName });
}
