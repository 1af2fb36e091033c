/**
 * `pipeInput`: transforms one parameter's value through a chain of steps before the function
 * runs. Each step is a node `<fn>.with_<step>` reading the previous one; the function then reads
 * the last step instead of the original node.
 */
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { finalNodes, groupOf } from "./node-targets.ts";
import { isPlainRecord, optionKeys } from "../errors/index.ts";
import { isDependency, type Dependency } from "./dependency.ts";
import { chainSteps, functionName, isStep, stepProblem, type Step } from "./step.ts";
import { optionsProblem } from "./options-problem.ts";

/** Options of `pipeInput`, given before the steps. */
export interface PipeInputOptions {
  /** The parameter to pipe into (default: the first). */
  readonly onInput?: string;
  /** Prefix of the step nodes (default: the node's name); `null` for none. */
  readonly namespace?: string | null;
}

/** The keys of PipeInputOptions, checked against the interface by the compiler. */
export const PIPE_INPUT_OPTION_KEYS = optionKeys<PipeInputOptions>({ onInput: true, namespace: true });

/**
 * Pipes a parameter (the first, or `onInput`) through `steps` before the function runs.
 * @throws FuncflowError `invalid_modifier` at build for a non-step argument, an unknown `onInput`
 *   parameter, or steps aimed at different parameters.
 * @example export const report = pipeInput(step(dropNulls), step(scale, value(100)), (sales: number[]) => summarize(sales));
 */
export function pipeInput<F extends NodeFunction>(...args: readonly [...(Step | PipeInputOptions)[], F]): F {
  const fn = args[args.length - 1] as F;
  const { options, steps, problem } = readPipeArguments<PipeInputOptions>(args.slice(0, -1), "pipeInput", PIPE_INPUT_OPTION_KEYS);
  const inputs = [...new Set(steps.map((s) => s.input ?? options.onInput).filter((input) => input !== undefined))];
  // Hamilton pipes into one parameter per pipe_input (a list raises NotImplementedError).
  const notOneName = [options.onInput, ...steps.map((s) => s.input)].find((input) => input !== undefined && (typeof input !== "string" || input === ""));
  const inputProblem =
    notOneName !== undefined
      ? `pipeInput: onInput names one parameter, e.g. onInput: "sales", got ${JSON.stringify(notOneName)}; pipe several parameters with one pipeInput each`
      : undefined;
  const targetProblem = inputs.length > 1 ? `pipeInput: steps pipe into different parameters (${inputs.join(", ")}); pipe into one parameter per pipeInput` : undefined;
  const modifier: NodeModifier = {
    kind: "pipeInput",
    phase: "inject",
    repeatable: false,
    configKeys: [...new Set(steps.flatMap((s) => s.configKeys))],
    ...((problem ?? inputProblem ?? targetProblem) && { problem: problem ?? inputProblem ?? targetProblem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const active = steps.filter((s) => s.isActive(context.config));
      const targets = finalNodes(nodes);
      if (targets.length !== 1) context.fail(`pipeInput pipes into one node, but this function makes ${targets.length}.`);
      const [node] = targets as [NodeSpec];
      if (active.length === 0) return nodes;
      const paramName = inputs[0] ?? node.params[0]?.name;
      const param = node.params.find((p) => p.name === paramName);
      if (param === undefined) {
        context.fail(
          paramName === undefined
            ? `pipeInput needs a parameter to pipe into, but "${node.name}" takes none.`
            : `pipeInput pipes into "${paramName}", which is not a parameter of "${node.name}"; its parameters are ${node.params.map((p) => `"${p.name}"`).join(", ")}.`,
        );
      }
      const group = groupOf(node, context);
      const chain = chainSteps(
        active,
        {
          from: { name: param.name, type: param.type },
          prefix: options.namespace === undefined ? node.name : options.namespace,
          existing: nodes,
          template: { ...node, group, tags: {} },
        },
        context,
      );
      const last = chain[chain.length - 1]!.name;
      const piped: NodeSpec = { ...node, group, params: node.params.map((p) => (p === param ? { ...p, name: last, optional: false } : p)) };
      return nodes.flatMap((other) => (other === node ? [...chain, piped] : [other]));
    },
  };
  return applyModifier(modifier, fn);
}

/**
 * Splits pipe arguments into an optional leading options object and the steps.
 * @example readPipeArguments([{ onInput: "raw" }, step(clip)], "pipeInput", PIPE_INPUT_OPTION_KEYS); // { options: { onInput: "raw" }, steps: [step], problem: undefined }
 */
export function readPipeArguments<Options extends object>(
  args: readonly unknown[],
  kind: string,
  known: readonly (keyof Options & string)[],
): { options: Partial<Options>; steps: Step[]; problem: string | undefined } {
  const hasOptions = args.length > 0 && !isStep(args[0]) && typeof args[0] === "object" && args[0] !== null;
  const options = (hasOptions ? args[0] : {}) as Partial<Options>;
  const candidates = hasOptions ? args.slice(1) : args;
  // A step's named arguments are told first: they also leave its function short of arguments,
  // and the positional call that error shows fixes both.
  const problem =
    optionsProblem(kind, options, known) ??
    (candidates.length === 0
      ? `${kind} has no steps; pass at least one: ${kind}(step(fn), fn)`
      : candidates.map((candidate, index) => namedArgumentsProblem(candidate, kind, index + 1) ?? stepProblem(candidate, kind, index + 1)).find(Boolean));
  return { options, steps: candidates.filter(isStep), problem };
}

/**
 * Hamilton's `step(f, amount=source("a"))` ported as `step(f, { amount: source("a") })` would pass
 * the object itself as a literal (the spec never resolved, the step computing with an object), so
 * an argument that is an object holding dependency specs is refused: steps take arguments by position.
 */
function namedArgumentsProblem(candidate: unknown, kind: string, position: number): string | undefined {
  if (!isStep(candidate)) return undefined;
  const named = candidate.args.find((argument) => isPlainRecord(argument) && Object.values(argument).some(isDependency));
  if (named === undefined) return undefined;
  const entries = Object.entries(named as Record<string, unknown>);
  const fn = functionName(candidate) || "fn";
  const positional = entries.map(([, spec]) => (isDependency(spec) ? describeSpec(spec) : JSON.stringify(spec))).join(", ");
  return `${kind}: step ${position} (${fn}) got an object of named arguments (${entries.map(([name]) => name).join(", ")}); unlike Hamilton's step(f, name=…), a step takes the arguments after the piped value by position: step(${fn}, ${positional})`;
}

function describeSpec(spec: Dependency): string {
  switch (spec.kind) {
    case "source":
      return `source(${JSON.stringify(spec.node)})`;
    case "configuration":
      return `configuration(${JSON.stringify(spec.key)})`;
    case "value":
      return `value(${JSON.stringify(spec.value) ?? String(spec.value)})`;
    case "group":
      return "group(…)";
  }
}
