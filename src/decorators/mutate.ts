/**
 * `mutate`: put on a transform function, it adds that transform as a pipe step to the output of
 * other functions of the same module, without touching them: each target `t` becomes
 * `t.raw` → `t.with_<transform>` → `t`. The transform itself is not a node. The targets are
 * wired by the graph builder (`src/graph/collect-mutations.ts`), which sees every function.
 */
import type { Bindings } from "./bind-parameters.ts";
import { dependencyProblem } from "./dependency.ts";
import { applyModifier, type NodeFunction, type ConfigScalar, type Modifier, type NodeModifier } from "../graph/index.ts";
import type { NodeTarget } from "./node-targets.ts";
import { namingProblem, step, type Step } from "./step.ts";

/** A function of the same module (the wrapped export or the function itself) or its node name. */
export type MutationTargetRef = NodeFunction | string;

/**
 * One target of `mutate`, with its own bindings, name, config conditions and outputs.
 * @example mutate([applyTo(sales).when({ clip: true }).named("clipped")], clipTransform);
 */
/** Marks a MutationTarget across copies of funcflow (not `instanceof`: see `isMutationTarget`). */
const IS_MUTATION_TARGET = Symbol.for("funcflow.mutation-target");

/** True for values made by `applyTo`, by any copy of funcflow. */
export function isMutationTarget(candidate: unknown): candidate is MutationTarget {
  return typeof candidate === "object" && candidate !== null && (candidate as Record<symbol, unknown>)[IS_MUTATION_TARGET] === true;
}

export class MutationTarget {
  static {
    Object.defineProperty(MutationTarget.prototype, IS_MUTATION_TARGET, { value: true });
  }

  /** @internal Use `applyTo(target, bindings)`. */
  constructor(
    /** The function (or node name) whose output is transformed. */
    readonly target: MutationTargetRef,
    /** Bindings of the transform's other parameters for this target (override `mutate`'s). */
    readonly bindings: Bindings | undefined,
    /** Name, conditions and output selection, carried as a step without a function. */
    readonly options: Step,
  ) {}

  /**
   * Names the step node `<t>.<name>`; `namespace` replaces the `<t>` prefix (`null`: none), as
   * Hamilton's `apply_to(…).named(name, namespace=…)` and `step(…).named` do.
   * @example applyTo(sales).named("clipped") // sales.clipped
   * @example applyTo(sales).named("clipped", "cleaning") // cleaning.clipped
   */
  named(name: string, namespace?: string | null): MutationTarget {
    return new MutationTarget(this.target, this.bindings, this.options.named(name, namespace));
  }
  /** Applies only when every key has the given value. @example applyTo(sales).when({ clip: true }) */
  when(condition: Readonly<Record<string, ConfigScalar>>): MutationTarget {
    return new MutationTarget(this.target, this.bindings, this.options.when(condition));
  }
  /** Applies only when no key has the given value. */
  whenNot(condition: Readonly<Record<string, ConfigScalar>>): MutationTarget {
    return new MutationTarget(this.target, this.bindings, this.options.whenNot(condition));
  }
  /** Applies only when every key takes one of the values. */
  whenIn(condition: Readonly<Record<string, readonly ConfigScalar[]>>): MutationTarget {
    return new MutationTarget(this.target, this.bindings, this.options.whenIn(condition));
  }
  /** Applies only when no key takes any of the values. */
  whenNotIn(condition: Readonly<Record<string, readonly ConfigScalar[]>>): MutationTarget {
    return new MutationTarget(this.target, this.bindings, this.options.whenNotIn(condition));
  }
  /** Transforms only these outputs of the target (after `extractFields`, say). */
  onOutput(target: NodeTarget): MutationTarget {
    return new MutationTarget(this.target, this.bindings, this.options.onOutput(target));
  }
}

const NO_FUNCTION = () => undefined;

/**
 * A target of `mutate` with bindings of its own for the transform's other parameters.
 * @example export const clipped = mutate([applyTo(sales, { ceiling: value(100) }), applyTo(costs, { ceiling: value(50) })], (x: number, ceiling: number) => Math.min(x, ceiling));
 */
export function applyTo(target: MutationTargetRef, bindings?: Bindings): MutationTarget {
  return new MutationTarget(target, bindings, step(NO_FUNCTION));
}

/** The modifier `mutate` attaches: the graph builder reads `targets` and `bindings`. */
export interface MutateModifier extends NodeModifier {
  readonly kind: "mutate";
  readonly targets: readonly MutationTarget[];
  readonly bindings: Bindings;
}

/**
 * True for the modifier `mutate` attaches.
 * @example readNodeMetadata(fn).modifiers.some(isMutateModifier);
 */
export function isMutateModifier(modifier: Modifier): modifier is MutateModifier {
  return modifier.kind === "mutate" && "targets" in modifier;
}

/**
 * Adds the wrapped transform as a pipe step after each target's output. The transform's first
 * parameter receives the target's value; its other parameters are bound by `bindings` (or by an
 * `applyTo`'s own), and unbound ones read the nodes they name. The transform is not a node.
 * Targets must be functions of the same module; export the transform without a leading `_`.
 * @throws FuncflowError `invalid_modifier` at build for an unknown target, a target in another
 *   module, or a binding that is not a dependency spec.
 * @example export const normalized = mutate([sales, costs], (x: number, scale: number) => x / scale);
 */
export function mutate<F extends NodeFunction>(targets: MutationTargetRef | MutationTarget | readonly (MutationTargetRef | MutationTarget)[], fn: F): F;
export function mutate<F extends NodeFunction>(
  targets: MutationTargetRef | MutationTarget | readonly (MutationTargetRef | MutationTarget)[],
  bindings: Bindings,
  fn: F,
): F;
export function mutate<F extends NodeFunction>(targets: unknown, ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const bindings = (rest.length > 1 ? rest[0] : {}) as Bindings;
  const list = (Array.isArray(targets) ? targets : [targets]).map((target: unknown) =>
    isMutationTarget(target) ? target : applyTo(target as MutationTargetRef),
  );
  const problem = mutateProblem(list, bindings);
  const modifier: MutateModifier = {
    kind: "mutate",
    phase: "create",
    repeatable: false,
    configKeys: [...new Set(list.flatMap((target) => target.options.configKeys))],
    ...(problem && { problem }),
    targets: list,
    bindings,
    // The transform is wired into its targets by the graph builder; it makes no node itself.
    apply: () => [],
  };
  return applyModifier(modifier, fn);
}

function mutateProblem(list: readonly MutationTarget[], bindings: Bindings): string | undefined {
  if (list.length === 0) return "mutate names no target; pass the functions whose output it transforms: mutate([sales], fn)";
  const bad = list.find((target) => typeof target.target !== "function" && (typeof target.target !== "string" || target.target === ""));
  if (bad !== undefined) {
    return `mutate: a target must be a function of this module or its node name, got ${bad.target === undefined ? "undefined (is the target declared after the transform?)" : typeof bad.target}`;
  }
  const naming = list.map((target, index) => namingProblem(target.options, `mutate: target ${index + 1}`)).find(Boolean);
  if (naming !== undefined) return naming;
  for (const [param, dependency] of [...Object.entries(bindings ?? {}), ...list.flatMap((target) => Object.entries(target.bindings ?? {}))]) {
    const problem = dependencyProblem(dependency, `parameter "${param}"`);
    if (problem) return `mutate: ${problem}`;
  }
  return undefined;
}
