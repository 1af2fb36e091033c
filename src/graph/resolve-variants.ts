/**
 * Turns candidates into node specs under one config: applies the resolve phase of the modifier
 * lifecycle (config variants), names nodes, and rejects duplicates and conflicting variants.
 */
import { FuncflowError, listNames } from "../errors.ts";
import { MODIFIER_PHASES, SINGLE_MODIFIER_PHASES, type Config, type ResolveModifier } from "../decorators/index.ts";
import { applyNodeModifiers } from "./apply-modifiers.ts";
import type { Candidate } from "./collect-candidates.ts";
import { describeSource, type ExcludedVariant, type NodeSpec } from "./node-spec.ts";

export interface ResolvedNodes {
  readonly specs: readonly NodeSpec[];
  /** Node names that only config variants define and config left out, with why. */
  readonly excluded: ReadonlyMap<string, readonly ExcludedVariant[]>;
}

const NO_RESOLVERS: readonly ResolveModifier[] = [];
const NO_TAGS: Readonly<Record<string, string | readonly string[]>> = Object.freeze({});

interface Variant {
  readonly candidate: Candidate;
  readonly resolvers: readonly ResolveModifier[];
}

/** Resolves every candidate of every module (in module order) under `config`. */
export function resolveVariants(candidates: readonly Candidate[], config: Config): ResolvedNodes {
  const byName = new Map<string, Variant[]>();
  for (const candidate of candidates) {
    const plain = candidate.modifiers.length === 0; // the common case, kept allocation-free
    if (!plain) checkModifiers(candidate);
    const resolvers = plain ? NO_RESOLVERS : candidate.modifiers.filter((m): m is ResolveModifier => m.phase === "resolve");
    const name = nodeName(candidate);
    const group = byName.get(name);
    if (group === undefined) byName.set(name, [{ candidate, resolvers }]);
    else group.push({ candidate, resolvers });
  }
  const specs: NodeSpec[] = [];
  const excluded = new Map<string, ExcludedVariant[]>();
  for (const [name, variants] of byName) {
    const chosen = chooseVariant(name, variants, config);
    if (chosen) specs.push(...toSpecs(name, chosen, config));
    else excluded.set(name, variants.map((variant) => describeExclusion(variant, config)));
  }
  return { specs, excluded };
}

/**
 * Hamilton's variant convention, applied to every export so the rule is one line and the
 * compiler can apply it too when typing `execute`: a name is cut at its last `__`.
 */
function nodeName({ entry, source }: Candidate): string {
  const cut = entry.exportName.lastIndexOf("__");
  if (cut <= 0) return entry.exportName;
  if (cut === entry.exportName.length - 2) {
    throw new FuncflowError(
      "invalid_modifier",
      `${describeSource(source)}: a config variant's name must not end in "__". Name it "<node>__<variant>", e.g. "${entry.exportName}us".`,
      { node: entry.exportName },
    );
  }
  return entry.exportName.slice(0, cut);
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
    const [first, second] = unconditional.map((v) => describeSource(v.candidate.source));
    throw new FuncflowError(
      "duplicate_node",
      `Node "${name}" is defined twice: by ${first} and by ${second}. Rename one, or make them config variants ("${name}__a", "${name}__b" with configWhen).`,
      { node: name, details: { definitions: [first, second] } },
    );
  }
  const conditional = variants.filter((v) => v.resolvers.length > 0 && !v.resolvers[0]!.isFallback);
  const active = [...unconditional, ...conditional.filter((v) => v.resolvers.every((r) => r.isActive(config)))];
  if (active.length > 1) throw conflict(name, active, config);
  if (active.length === 1) return active[0];
  const fallbacks = variants.filter((v) => v.resolvers[0]?.isFallback);
  if (fallbacks.length > 1) throw conflict(name, fallbacks, config);
  return fallbacks[0];
}

function conflict(name: string, active: readonly Variant[], config: Config): FuncflowError {
  const keys = [...new Set(active.flatMap((v) => v.resolvers.flatMap((r) => r.configKeys)))];
  const described = active.map(
    (v) => `${v.candidate.entry.exportName} (${v.resolvers.map((r) => r.condition).join(" and ") || "unconditional"})`,
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

function toSpecs(name: string, { candidate, resolvers }: Variant, config: Config): readonly NodeSpec[] {
  const { entry, fn, modifiers, source } = candidate;
  const base: NodeSpec = {
    name,
    fn,
    params: entry.params.map(({ name: param, type, optional }) => ({ name: param, type, optional })),
    type: entry.returnType,
    doc: entry.doc,
    tags: NO_TAGS,
    isAsync: entry.isAsync,
    source,
    condition: resolvers.length > 0 ? resolvers.map((r) => r.condition).join(" and ") : undefined,
  };
  return modifiers.length === 0 ? [base] : applyNodeModifiers(base, modifiers, { config, entry, source });
}
