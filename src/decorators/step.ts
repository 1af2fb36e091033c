/**
 * `step(fn, ...args)`: one transform in a pipe (`pipeInput`, `pipeOutput`, `mutate`). The step
 * function receives the piped value first, then `args` (dependency specs or literals). A step can
 * be renamed, made conditional on config, and aimed at one parameter or output. Steps are
 * immutable: every method returns a new step.
 */
import { describeArgument } from "../errors/index.ts";
import { nameSteps, stepBaseName, type NodeSpec, type Config, type ConfigScalar, type ModifierContext, type StepNameOwner } from "../graph/index.ts";
import { bindParameters, type Bindings } from "./bind-parameters.ts";
import { isDependency, value, type Dependency } from "./dependency.ts";
import type { NodeTarget } from "./node-targets.ts";
import type { ManifestStepType } from "../manifest/index.ts";
import { isAsyncFunction } from "./is-async-function.ts";

type AnyFunction = (...args: never[]) => unknown;

interface StepCondition {
  readonly keys: readonly string[];
  holds(config: Config): boolean;
}

interface StepState {
  readonly fn: AnyFunction;
  readonly args: readonly unknown[];
  readonly name: string | undefined;
  /** `undefined`: the pipe's prefix; `null`: no prefix; a string: that prefix. */
  readonly namespace: string | null | undefined;
  readonly conditions: readonly StepCondition[];
  readonly input: string | undefined;
  readonly target: NodeTarget | undefined;
  /** The step function's types as the scanner read them, when the step carries them (`mutate`'s). */
  readonly types?: ManifestStepType;
  /** The scanner saw the step function return a promise (`mutate`'s transforms, whose entry it read). */
  readonly declaredAsync?: boolean;
}

/**
 * Where a step keeps its state: a `Symbol.for` key, not a `#private` field, so a step made by one
 * copy of funcflow (an app with two installed versions, `dist/` beside `src/`) is read by another.
 */
const STEP_STATE = Symbol.for("funcflow.step-state");

function stateOf(step: Step): StepState {
  return (step as unknown as Record<symbol, StepState>)[STEP_STATE]!;
}

/**
 * One transform of a pipe.
 * @example const clipped = step(clip, value(0)).when({ clip: true }).named("clipped");
 */
export class Step {
  /** @internal Use `step(fn, ...args)`. */
  constructor(state: StepState) {
    Object.defineProperty(this, STEP_STATE, { value: state });
  }

  /** The step function. */
  get fn(): AnyFunction {
    return stateOf(this).fn;
  }
  /** The arguments after the piped value. */
  get args(): readonly unknown[] {
    return stateOf(this).args;
  }
  /** The node name set by `.named`, if any. */
  get name(): string | undefined {
    return stateOf(this).name;
  }
  /** The name prefix set by `.named(name, namespace)`: a string, `null` for none, or undefined for the pipe's. */
  get namespace(): string | null | undefined {
    return stateOf(this).namespace;
  }
  /** The parameter `pipeInput` pipes into, set by `.onInput`. */
  get input(): string | undefined {
    return stateOf(this).input;
  }
  /** The outputs `pipeOutput` applies this step to, set by `.onOutput`. */
  get target(): NodeTarget | undefined {
    return stateOf(this).target;
  }
  /** Config keys the step's conditions read. */
  get configKeys(): readonly string[] {
    return stateOf(this).conditions.flatMap((condition) => condition.keys);
  }

  /** True when every condition holds under `config`. */
  isActive(config: Config): boolean {
    return stateOf(this).conditions.every((condition) => condition.holds(config));
  }

  /** Runs only when every key has the given value. @example step(clip).when({ mode: "strict" }) */
  when(condition: Readonly<Record<string, ConfigScalar>>): Step {
    return this.#with(condition, (actual, expected) => Object.is(actual, expected));
  }
  /** Runs only when no key has the given value. @example step(clip).whenNot({ mode: "fast" }) */
  whenNot(condition: Readonly<Record<string, ConfigScalar>>): Step {
    return this.#with(condition, (actual, expected) => !Object.is(actual, expected));
  }
  /** Runs only when every key takes one of the values. @example step(clip).whenIn({ mode: ["a", "b"] }) */
  whenIn(condition: Readonly<Record<string, readonly ConfigScalar[]>>): Step {
    return this.#with(condition, (actual, expected) => (expected as readonly unknown[]).includes(actual));
  }
  /** Runs only when no key takes any of the values. @example step(clip).whenNotIn({ mode: ["a"] }) */
  whenNotIn(condition: Readonly<Record<string, readonly ConfigScalar[]>>): Step {
    return this.#with(condition, (actual, expected) => !(expected as readonly unknown[]).includes(actual));
  }
  /**
   * Names the step's node `<prefix>.<name>` instead of `<prefix>.with_<fn>`; `namespace` replaces
   * the prefix (`null`: none). @example step(clip).named("clipped")
   */
  named(name: string, namespace?: string | null): Step {
    return new Step({ ...stateOf(this), name, namespace });
  }
  /** `pipeInput`: pipes into `param` instead of the first parameter. @example step(clip).onInput("raw") */
  onInput(param: string): Step {
    return new Step({ ...stateOf(this), input: param });
  }
  /** `pipeOutput`: applies only to these outputs of the function. @example step(clip).onOutput("mean") */
  onOutput(target: NodeTarget): Step {
    return new Step({ ...stateOf(this), target });
  }

  /** @internal True when the scanner saw the step function return a promise (used by `mutate`). */
  get declaredAsync(): boolean {
    return stateOf(this).declaredAsync === true;
  }

  /** @internal The step function's types as the scanner read them (used by `mutate`). */
  get types(): ManifestStepType | undefined {
    return stateOf(this).types;
  }

  /** @internal This step, with its function's types as the scanner read them (used by `mutate`). */
  withTypes(types: ManifestStepType, declaredAsync = false): Step {
    return new Step({ ...stateOf(this), types, declaredAsync });
  }

  /** @internal This step, also conditional on `other`'s conditions (used by `mutate`). */
  withConditionsOf(other: Step): Step {
    return new Step({ ...stateOf(this), conditions: [...stateOf(this).conditions, ...stateOf(other).conditions] });
  }

  #with(condition: Readonly<Record<string, unknown>>, holds: (actual: unknown, expected: unknown) => boolean): Step {
    const entries = Object.entries(condition ?? {});
    const added: StepCondition = { keys: entries.map(([key]) => key), holds: (config) => entries.every(([key, expected]) => holds(config[key], expected)) };
    return new Step({ ...stateOf(this), conditions: [...stateOf(this).conditions, added] });
  }
}

/**
 * A pipe step: `fn(piped, ...args)`, where each of `args` is `source(...)`, `value(...)`,
 * `group(...)`, `configuration(...)` or a bare literal. Unlike Hamilton, a step's other
 * parameters are filled only from `args`, by position: a step may be any function (imported,
 * bound, minified), so its parameter names are never read, and one left unfilled takes its
 * default. The node is `with_<fn.name>`; name it with `.named(…)` when the function has no
 * stable name (an inline arrow, minified code).
 * @example export const clean = pipeOutput(step(clip, value(0), source("ceiling")), (raw: number) => raw);
 */
export function step(fn: AnyFunction, ...args: readonly unknown[]): Step {
  return new Step({ fn, args, name: undefined, namespace: undefined, conditions: [], input: undefined, target: undefined });
}

/**
 * True for values made by `step` (or `applyTo`).
 * @example isStep(step(clip)); // true
 */
export function isStep(candidate: unknown): candidate is Step {
  // Not instanceof: a step from another copy of funcflow is a step too.
  return typeof candidate === "object" && candidate !== null && (candidate as Record<symbol, unknown>)[STEP_STATE] !== undefined;
}

/**
 * Why `candidate` is not a usable step, or undefined.
 * @example stepProblem(clip, "pipeOutput", 1); // "pipeOutput: argument 1 is a bare function, not a step; …"
 */
export function stepProblem(candidate: unknown, kind: string, position: number): string | undefined {
  if (!isStep(candidate)) return `${kind}: argument ${position} is ${typeof candidate === "function" ? "a bare function" : typeof candidate}, not a step; wrap it: step(fn, ...args)`;
  if (typeof candidate.fn !== "function") return `${kind}: step ${position} has no function`;
  if (candidate.name === undefined && stepBaseName(functionName(candidate)) === "") return `${kind}: step ${position}'s function has no name; name its node with .named("…")`;
  // Function.length counts the parameters before the first default: one the step leaves unfilled
  // would run as undefined (NaN from arithmetic), where Hamilton refuses the step.
  if (candidate.fn.length > candidate.args.length + 1) {
    const fn = functionName(candidate) || "the step function";
    return `${kind}: step ${position} (${fn}) needs ${candidate.fn.length} arguments, but gets the piped value and ${candidate.args.length} more; pass the others after it, e.g. step(${functionName(candidate) || "fn"}, ${Array.from({ length: candidate.fn.length - 1 }, (_, i) => (i < candidate.args.length ? "…" : `source("…")`)).join(", ")}), or give them defaults`;
  }
  return namingProblem(candidate, `${kind}: step ${position}`);
}

/**
 * Why a step's `.named(name, namespace)` cannot name a node (a number would become a node name
 * that fails far from here, at request time), or undefined.
 * @example namingProblem(step(clip).named(3), "pipeOutput: step 1"); // "pipeOutput: step 1's name …"
 */
export function namingProblem(candidate: Step, where: string): string | undefined {
  const { name, namespace } = candidate;
  if (name !== undefined && (typeof name !== "string" || name === "")) return `${where}'s name must be a non-empty string such as .named("clipped"), got ${describeArgument(name)}`;
  if (namespace !== undefined && namespace !== null && (typeof namespace !== "string" || namespace === "")) {
    return `${where}'s namespace must be a non-empty string, or null for none, got ${describeArgument(namespace)}`;
  }
  return undefined;
}

/** The step function's own name, without the `bound ` a `.bind` adds; "" for an anonymous one. */
export function functionName(candidate: Step): string {
  return candidate.fn.name.replace(/^bound /, "");
}

/** How a chain of step nodes is named and joined. */
export interface ChainPlan {
  /** The node the first step reads. */
  readonly from: NodeParamLike;
  /** Default name prefix (`<fn>`); `null` for none. */
  readonly prefix: string | null;
  /**
   * The function's nodes so far (with a pipe's `.raw` node): a step may not take one's name,
   * except that a repeated step gets `_1`, `_2`, … after an earlier step of the same name.
   */
  readonly existing: readonly NodeSpec[];
  /** Copied into every step node (source, tags, group, condition). */
  readonly template: NodeSpec;
}

interface NodeParamLike {
  readonly name: string;
  readonly type: string;
}

/**
 * The step nodes for `steps` (already filtered to the active ones), each reading the previous one.
 * A step whose name is taken by a node that is not a step (the function's own node, a `.raw`
 * node, a field, the value it pipes) fails the build naming both, as does a `.named` step whose
 * name any node has: silently renaming it would leave its readers reading something else. The
 * rule is `nameSteps` (graph/), which the static type check shares.
 * @example chainSteps([step(add, 1)], { from: { name: "raw", type: "number" }, prefix: "x", existing: [], template: spec }, context); // [x.with_add]
 */
export function chainSteps(steps: readonly Step[], plan: ChainPlan, context: ModifierContext): NodeSpec[] {
  const taken = new Map<string, StepNameOwner>(plan.existing.map((node) => [node.name, ownerOf(node)]));
  const naming = nameSteps(
    steps.map((current) => ({ name: current.name, functionName: functionName(current), namespace: current.namespace })),
    { prefix: plan.prefix, from: plan.from.name, taken },
  );
  if (naming.collision !== undefined) {
    const { step: index, name, owner } = naming.collision;
    context.fail(
      `the pipe step "${name}" (${functionName(steps[index]!) || "an anonymous function"}) collides with ${owner}. Give the step another name (.named(…)) or the pipe another namespace ({ namespace: "…" }).`,
    );
  }
  let previous = plan.from;
  return steps.map((current, index) => {
    const node = stepNode(current, naming.names[index]!, previous, plan.template, context);
    previous = { name: node.name, type: node.type };
    return node;
  });
}

function ownerOf(node: NodeSpec): StepNameOwner {
  if (node.role === "step") return "pipe-step";
  if (node.role === "raw") return { description: `the raw output of a pipe on "${node.name.slice(0, -".raw".length)}"` };
  if (node.name === node.source.exportName || node.group === undefined) return { description: `the node "${node.name}" itself` };
  return { description: `the node "${node.name}" that a modifier of ${node.source.exportName} makes` };
}

const ARGUMENT = (index: number) => `\u0000argument ${index}`;

function stepNode(current: Step, name: string, previous: NodeParamLike, template: NodeSpec, context: ModifierContext): NodeSpec {
  // The step function's own types, as the module declares them: its node holds what it returns.
  const declared = current.types ?? context.entry.stepTypes?.[current.fn.name];
  // Positional arguments become pseudo-parameters bound to their specs, so bindParameters can
  // share one rule for sources, literals, groups and config with parameterize and inject.
  const pseudo: NodeSpec = {
    ...template,
    name,
    fn: current.fn as NodeSpec["fn"],
    params: [
      { name: previous.name, type: declared?.params[0] ?? "unknown", optional: false },
      ...current.args.map((_, index) => ({ name: ARGUMENT(index), type: declared?.params[index + 1] ?? "unknown", optional: false })),
    ],
  };
  const bindings: Record<string, Dependency> = {};
  current.args.forEach((argument, index) => (bindings[ARGUMENT(index)] = isDependency(argument) ? argument : value(argument)));
  const { fn, params } = bindParameters(pseudo, bindings as Bindings, context, `step "${name}"`);
  return { ...pseudo, fn, params, type: declared?.returnType ?? "unknown", doc: `Pipe step ${name}.`, isAsync: current.declaredAsync || isAsyncFunction(current.fn), role: "step", schema: undefined };
}
