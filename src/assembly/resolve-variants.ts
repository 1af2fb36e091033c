/**
 * Turns candidates into node specs under one config: applies the resolve phase of the modifier
 * lifecycle (`resolve` choices, then config variants), names nodes, rejects duplicates and
 * conflicting variants, wires `mutate` transforms into their targets, and resolves the modules
 * a `subdag` reuses (recursively, under the subgraph's config).
 */
import { FuncflowError, listNames } from "../errors/index.ts";
import { MODIFIER_PHASES, SINGLE_MODIFIER_PHASES, type Config, type Modifier, type NodeModifier, type ResolveModifier, describeSource, type ExcludedVariant, type NodeParam, type NodeSpec } from "../graph/index.ts";
import { isDynamicModifier, type SubgraphContext } from "../decorators/index.ts";
import { applyNodeModifiers } from "./apply-modifiers.ts";
import { collectCandidates, type Candidate } from "./collect-candidates.ts";
import { collectMutations, type Mutations } from "./collect-mutations.ts";
import { moduleKey, type SubdagModules } from "./subdag-modules.ts";
import { listedCandidates } from "./listed-functions.ts";
import { duplicateNode } from "./keep-last-definitions.ts";
import { conditionsHold } from "./conditions-hold.ts";
import { candidateNodeName } from "./candidate-node-name.ts";

export interface ResolvedNodes {
  readonly specs: readonly NodeSpec[];
  /** Node names that only config variants define and config left out, with why. */
  readonly excluded: ReadonlyMap<string, readonly ExcludedVariant[]>;
}

const NO_RESOLVERS: readonly ResolveModifier[] = [];
const NO_TAGS: Readonly<Record<string, string | readonly string[]>> = Object.freeze({});
const NO_EXCLUSIONS: ReadonlyMap<string, readonly ExcludedVariant[]> = new Map();

interface Variant {
  readonly candidate: Candidate;
  readonly resolvers: readonly ResolveModifier[];
}

/** What graph building knows beyond the candidates: the modules subdags reuse. */
export interface ResolveOptions {
  /** Modules `subdag` names, loaded ahead by the Builder. */
  readonly subdagModules?: SubdagModules;
  /** Module keys being embedded, outermost first: a subdag must not embed itself. */
  readonly embedding?: readonly string[];
}

/** Resolves every candidate of every module (in module order) under `config`. */
export function resolveVariants(allCandidates: readonly Candidate[], config: Config, options: ResolveOptions = {}): ResolvedNodes {
  // Only plain functions (nearly every large graph): one spec each, in module order, with no
  // map by name; two of one name are reported by graph building (duplicate_node).
  if (allCandidates.every((candidate) => candidate.modifiers.length === 0)) {
    return { specs: allCandidates.map((candidate) => baseSpec(candidateNodeName(candidate), candidate, NO_RESOLVERS)), excluded: NO_EXCLUSIONS };
  }
  const candidates = allCandidates.map((candidate) => (candidate.modifiers.length === 0 ? candidate : chooseDynamic(candidate, config)));
  const mutations = collectMutations(candidates, config, candidateNodeName);
  const excluded = new Map<string, ExcludedVariant[]>();
  const noteExcluded = (name: string, variants: readonly ExcludedVariant[]) => void excluded.set(name, [...(excluded.get(name) ?? []), ...variants]);
  const scope = { config, mutations, options, noteExcluded };
  // A name defined once by a plain function (the common case) maps to its candidate alone, so
  // this pass allocates nothing per node; anything else maps to its list of variants.
  const byName = new Map<string, Candidate | Variant[]>();
  for (const candidate of candidates) {
    const plain = candidate.modifiers.length === 0;
    if (!plain) checkModifiers(candidate);
    const name = candidateNodeName(candidate);
    const group = byName.get(name);
    if (group === undefined && plain) {
      byName.set(name, candidate);
      continue;
    }
    const variant = { candidate, resolvers: plain ? NO_RESOLVERS : candidate.modifiers.filter((m): m is ResolveModifier => m.phase === "resolve") };
    if (group === undefined) byName.set(name, [variant]);
    else if (Array.isArray(group)) group.push(variant);
    else byName.set(name, [{ candidate: group, resolvers: NO_RESOLVERS }, variant]);
  }
  const specs: NodeSpec[] = [];
  for (const [name, group] of byName) {
    if (!Array.isArray(group)) {
      addSpecs(specs, name, group, NO_RESOLVERS, scope);
      continue;
    }
    const chosen = chooseVariant(name, group, config);
    if (chosen) addSpecs(specs, name, chosen.candidate, chosen.resolvers, scope);
    else noteExcluded(name, group.map((variant) => describeExclusion(variant, config)));
  }
  return { specs, excluded };
}

function checkModifiers({ modifiers, source }: Candidate): void {
  const fail = (what: string) => {
    throw new FuncflowError("invalid_modifier", `${describeSource(source)}: ${what}`, { node: source.exportName });
  };
  for (const modifier of modifiers) {
    if (modifier.problem) fail(`${modifier.problem}.`);
    if (!modifier.repeatable && modifiers.filter((m) => m.kind === modifier.kind).length > 1) {
      fail(`${modifier.kind} is applied more than once. Apply it once.`);
    }
    if (!MODIFIER_PHASES.includes(modifier.phase)) fail(`${modifier.kind} has an unknown phase "${modifier.phase}".`);
  }
  for (const phase of SINGLE_MODIFIER_PHASES) {
    const kinds = modifiers.filter((m) => m.phase === phase).map((m) => m.kind);
    if (kinds.length > 1) fail(`${kinds.join(" and ")} both act in the "${phase}" phase; a function takes at most one. Keep one of them.`);
  }
  const resolvers = modifiers.filter((m): m is ResolveModifier => m.phase === "resolve");
  if (resolvers.some((m) => m.isFallback) && resolvers.length > 1) {
    fail("configDefault cannot be combined with other config conditions: it is the variant taken when no other matches.");
  }
}

/** Picks the one active variant, the fallback when none is active, or nothing. */
function chooseVariant(name: string, variants: readonly Variant[], config: Config): Variant | undefined {
  if (variants.length === 1 && variants[0]!.resolvers.length === 0) return variants[0];
  const unconditional = variants.filter((v) => v.resolvers.length === 0);
  if (unconditional.length > 1) {
    throw duplicateNode(name, unconditional[0]!.candidate.source, unconditional[1]!.candidate.source, "Rename one");
  }
  const conditional = variants.filter((v) => v.resolvers.length > 0 && !v.resolvers[0]!.isFallback);
  const active = [...unconditional, ...conditional.filter((v) => conditionsHold(v.candidate, v.resolvers, config))];
  if (active.length > 1) throw conflict(name, active, config);
  if (active.length === 1) return active[0];
  const fallbacks = variants.filter((v) => v.resolvers[0]?.isFallback);
  if (fallbacks.length > 1) throw conflict(name, fallbacks, config);
  return fallbacks[0];
}

function conflict(name: string, active: readonly Variant[], config: Config): FuncflowError {
  const keys = [...new Set(active.flatMap((v) => v.resolvers.flatMap((r) => r.configKeys)))];
  const described = active.map(
    (v) => `${v.candidate.entry.exportName} (${v.resolvers.map((r) => r.condition).join(" and ") || "unconditional"}${v.resolvers.some((r) => r.nodeName !== undefined) ? `; named "${name}" by options.name` : ""})`,
  );
  const values = keys.map((key) => `${key}=${JSON.stringify(config[key])}`).join(", ");
  return new FuncflowError(
    "config_conflict",
    `Node "${name}": ${active.length} variants are active under config ${values || "{}"}: ${described.join("; ")}. Make their conditions exclusive on ${listNames(keys) || "a config key"} so exactly one matches.`,
    { node: name, ...(keys[0] !== undefined && { configKey: keys[0] }), details: { variants: described, configKeys: keys } },
  );
}

function describeExclusion({ candidate, resolvers }: Variant, config: Config): ExcludedVariant {
  const keys = resolvers.flatMap((r) => r.configKeys);
  return {
    exportName: candidate.entry.exportName,
    module: candidate.source.module,
    condition: resolvers.map((r) => r.condition).join(" and "),
    configValues: Object.fromEntries(keys.map((key) => [key, config[key]])),
  };
}

interface Scope {
  readonly config: Config;
  readonly mutations: Mutations;
  readonly options: ResolveOptions;
  readonly noteExcluded: NonNullable<SubgraphContext["noteExcluded"]>;
}

/** Appends the specs one chosen candidate makes: itself, or what its modifiers make of it. */
function addSpecs(specs: NodeSpec[], name: string, candidate: Candidate, resolvers: readonly ResolveModifier[], { config, mutations, options, noteExcluded }: Scope): void {
  const { entry, source } = candidate;
  const base = baseSpec(name, candidate, resolvers);
  const mutated = mutations.get(candidate);
  const modifiers: readonly Modifier[] = mutated === undefined ? candidate.modifiers : withMutations(candidate.modifiers, mutated);
  if (modifiers.length === 0) specs.push(base);
  else for (const spec of applyNodeModifiers(base, modifiers, { config, entry, source, resolveModules: subgraphResolver(candidate, options), noteExcluded })) specs.push(spec);
}

/**
 * Where `mutate`'s pipe goes among a target's own modifiers, as in Hamilton: into the target's
 * output pipe when it has one (its steps extend that pipe, after the pipe's own steps), else
 * after every other transform of the target (so `.onOutput("field")` finds a field an
 * `extractFields` makes, and an untargeted mutation acts on each extracted column). The list is
 * outermost first and a phase acts innermost first, so "just outside" is "just before".
 */
function withMutations(own: readonly Modifier[], mutations: readonly NodeModifier[]): readonly Modifier[] {
  // The innermost output pipe is the last one listed; without one, the front of the list.
  const at = Math.max(own.findLastIndex((modifier) => modifier.kind === "pipeOutput"), 0);
  return [...own.slice(0, at), ...mutations, ...own.slice(at)];
}

/** The node a candidate is before its node modifiers act. */
function baseSpec(name: string, { entry, fn, source }: Candidate, resolvers: readonly ResolveModifier[]): NodeSpec {
  return {
    name,
    fn,
    params: nodeParams(entry.params),
    type: entry.returnType,
    doc: entry.doc,
    tags: NO_TAGS,
    isAsync: entry.isAsync,
    source,
    condition: resolvers.length > 0 ? resolvers.map((r) => r.condition).join(" and ") : undefined,
  };
}

/** The manifest's parameters as node parameters: the same objects unless one carries more (a default's text). */
function nodeParams(params: Candidate["entry"]["params"]): readonly NodeParam[] {
  if (params.every((param) => param.defaultText === undefined)) return params;
  return params.map(({ name, type, optional }) => ({ name, type, optional }));
}

/** Replaces `resolve` modifiers by the modifiers they choose under `config`. */
function chooseDynamic(candidate: Candidate, config: Config): Candidate {
  if (!candidate.modifiers.some(isDynamicModifier)) return candidate;
  checkModifiers(candidate);
  const modifiers = candidate.modifiers.flatMap((modifier): readonly Modifier[] => {
    if (!isDynamicModifier(modifier)) return [modifier];
    try {
      return modifier.choose(config, candidate.fn);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FuncflowError("invalid_modifier", `${describeSource(candidate.source)}: ${reason}`, {
        node: candidate.source.exportName,
        ...(error instanceof FuncflowError && error.configKey !== undefined && { configKey: error.configKey }),
        cause: error,
      });
    }
  });
  return { ...candidate, modifiers };
}

/** How a subdag on `candidate` reads its modules and listed functions: their specs under the subgraph's config, and what that config left out. */
function subgraphResolver(candidate: Candidate, options: ResolveOptions): SubgraphContext["resolveModules"] {
  return (sources, subConfig, listed) => {
    const fail = (message: string): never => {
      throw new FuncflowError("invalid_modifier", `${describeSource(candidate.source)}: ${message}`, { node: candidate.source.exportName });
    };
    const keys = sources.map(moduleKey);
    const loaded = keys.map((key) => options.subdagModules?.get(key) ?? fail(`subdag module ${key} was not loaded. Build with Builder.build(), which loads the modules subdags name.`));
    const loop = keys.find((key) => options.embedding?.includes(key));
    if (loop !== undefined) fail(`subdag embeds ${loop}, which is already being embedded (${[...(options.embedding ?? []), loop].join(" → ")}). A module cannot contain itself.`);
    const embedding = [...(options.embedding ?? []), ...keys];
    const functions = listed === undefined ? [] : listedCandidates(candidate, listed, options.subdagModules);
    return resolveVariants([...loaded.flatMap(collectCandidates), ...functions], subConfig, { ...options, embedding });
  };
}
