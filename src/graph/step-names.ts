/**
 * The one rule that names pipe steps (`pipeInput`, `pipeOutput`, `mutate`): the run-time graph
 * (`decorators/step.ts`) and the static type check (`typecheck/expand-modifiers.ts`) both call
 * it, so the names the typings promise are the names the graph builds, and a pipe the graph
 * refuses is one the static check refuses to name.
 */

/** Who already has a name a step might take. */
export type StepNameOwner =
  /** Another pipe step of the function: an unnamed step repeating its name is numbered past it. */
  | "pipe-step"
  /** Any other node (the function's own, a `.raw` node, a field, a check): the step may not take its name. */
  | { readonly description: string };

/** One step to name, as written. */
export interface StepNameRequest {
  /** The name set by `.named(name)`: taken as is, never numbered. */
  readonly name: string | undefined;
  /** The step function's own name (`fn.name`, or the identifier written); "" when it has none. */
  readonly functionName: string;
  /** `.named(name, namespace)`'s prefix: a string, `null` for none, undefined for the pipe's. */
  readonly namespace: string | null | undefined;
}

/** Where a chain of steps is named. */
export interface StepNamePlan {
  /** The pipe's prefix (`<fn>`, or the pipe's `namespace`); `null` for none. */
  readonly prefix: string | null;
  /** The value the first step reads: a step of that name would read itself. */
  readonly from: string;
  /** Names the function's nodes already have (with a pipe's `.raw` node), and by whom. */
  readonly taken: ReadonlyMap<string, StepNameOwner>;
}

/** A step that would take a name something else has. */
export interface StepNameCollision {
  /** Position of the step in the chain. */
  readonly step: number;
  /** The name it would take. */
  readonly name: string;
  /** What has the name, as an error message says it ("another pipe step of this function", `the node "x" itself`, …). */
  readonly owner: string;
}

/** The step names in chain order, or the first collision. */
export type StepNaming = { readonly names: readonly string[]; readonly collision?: undefined } | { readonly names?: undefined; readonly collision: StepNameCollision };

/**
 * `with_add` for a step function `add` or `_add`, as Hamilton names steps; "" for an anonymous
 * function (such a step must be named with `.named(…)`).
 * @example stepBaseName("_clip"); // "with_clip"
 */
export function stepBaseName(functionName: string): string {
  return functionName === "" ? "" : `with_${functionName.replace(/^_/, "")}`;
}

/**
 * Names a chain of steps: `<prefix>.<name>` for a `.named` step, `<prefix>.with_<fn>` for the
 * others (the step's own namespace replacing the pipe's prefix; `null`: no prefix). An unnamed
 * step whose name an earlier step has is numbered `_1`, `_2`, … as in Hamilton; a step whose
 * name any other node has (or, for a `.named` step, any node at all) is a collision: silently
 * renaming it would leave the nodes that read that name reading something else.
 * @example nameSteps([{ name: undefined, functionName: "round", namespace: undefined }], { prefix: "x", from: "x.raw", taken: new Map() }); // { names: ["x.with_round"] }
 */
export function nameSteps(steps: readonly StepNameRequest[], plan: StepNamePlan): StepNaming {
  const owners = new Map<string, StepNameOwner>(plan.taken);
  if (!owners.has(plan.from)) owners.set(plan.from, { description: `the value it pipes ("${plan.from}"), so the step would read itself` });
  const repeats = new Map<string, number>();
  const names: string[] = [];
  for (const [index, step] of steps.entries()) {
    const base = step.name ?? stepBaseName(step.functionName);
    const prefix = step.namespace === undefined ? plan.prefix : step.namespace;
    let name = prefix === null ? base : `${prefix}.${base}`;
    if (step.name === undefined) {
      let count = repeats.get(base) ?? 0;
      while (owners.get(count === 0 ? name : `${name}_${count}`) === "pipe-step") count++;
      name = count === 0 ? name : `${name}_${count}`;
      repeats.set(base, count + 1);
    }
    const owner = owners.get(name);
    if (owner !== undefined) return { collision: { step: index, name, owner: owner === "pipe-step" ? "another pipe step of this function" : owner.description } };
    owners.set(name, "pipe-step");
    names.push(name);
  }
  return { names };
}
