/**
 * The modifier lifecycle. Every modifier declares the phase it acts in, whether it may appear
 * more than once on one function, and the config keys it reads; the graph builder applies
 * phases in this fixed order whatever order the wrappers are written in, so stacking stays
 * predictable.
 */

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
}

/** A decorator adds metadata (tags) to the node. */
export interface DecorateModifier extends ModifierBase {
  readonly phase: "decorate";
  readonly tags: Readonly<Record<string, string | readonly string[]>>;
}

export type Modifier = ResolveModifier | DecorateModifier;
