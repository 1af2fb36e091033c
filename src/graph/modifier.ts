/**
 * The modifier lifecycle. Every modifier declares the phase it acts in, whether it may appear
 * more than once on one function, and the config keys it reads; the graph builder applies
 * phases in this fixed order whatever order the wrappers are written in, so stacking stays
 * predictable.
 */

import type { ManifestFunction } from "../manifest/index.ts";
import type { NodeSource, NodeSpec } from "./node-spec.ts";

/** Lifecycle phases, in the order they are applied. */
export const MODIFIER_PHASES = ["resolve", "create", "inject", "expand", "transform", "decorate"] as const;
export type ModifierPhase = (typeof MODIFIER_PHASES)[number];

/** A config value a condition can compare against. */
export type ConfigScalar = string | number | boolean | null;

/** Config as the Builder receives it. */
export type Config = Readonly<Record<string, unknown>>;

interface ModifierBase {
  /** The wrapper's public name, e.g. `configWhen`. */
  readonly kind: string;
  readonly phase: ModifierPhase;
  /** May this modifier appear more than once on one function? */
  readonly repeatable: boolean;
  /** The config keys this modifier reads. */
  readonly configKeys: readonly string[];
  /** A misuse found when the wrapper was applied; the graph builder raises it naming the node. */
  readonly problem?: string;
}

/** A resolver decides at build time, from config, whether its function takes part. */
export interface ResolveModifier extends ModifierBase {
  readonly phase: "resolve";
  /** True when the function is active under `config`. */
  isActive(config: Config): boolean;
  /** The condition in words, e.g. `region == "US"`, for errors and DOT. */
  readonly condition: string;
  /** `configDefault`: active only when no other variant of the node is. */
  readonly isFallback: boolean;
  /**
   * The node name the function defines when active, instead of its export name cut at its
   * last `__` (`configWhen(condition, { name }, fn)`, Hamilton's `@config.when(name=…)`).
   */
  readonly nodeName?: string;
}

/** Phases that rewrite the nodes a function defines, applied after config has resolved. */
export type NodePhase = Exclude<ModifierPhase, "resolve">;

/** Phases in which at most one modifier may act on a function. */
export const SINGLE_MODIFIER_PHASES: readonly NodePhase[] = ["create", "expand"];

/** What a node modifier knows about the function it modifies. */
export interface ModifierContext {
  readonly config: Config;
  /** The node name the function defines (its export name with any `__variant` cut, or the name its config wrapper gives). */
  readonly name: string;
  readonly source: NodeSource;
  /** What the scanner read from the source for this function. */
  readonly entry: ManifestFunction;
  /** Throws `invalid_modifier` naming the function and where it is defined. */
  fail(message: string): never;
}

/**
 * Creates, injects, expands, transforms or decorates the function's nodes. `apply` is pure:
 * it returns new specs and never mutates the ones it is given.
 */
export interface NodeModifier extends ModifierBase {
  readonly phase: NodePhase;
  apply(nodes: readonly NodeSpec[], context: ModifierContext): readonly NodeSpec[];
}

export type Modifier = ResolveModifier | NodeModifier;
