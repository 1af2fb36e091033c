/**
 * `pipeOutput`: transforms a function's output through a chain of steps. The function's own
 * computation becomes `<fn>.raw`, each step `<fn>.with_<step>`, and `<fn>` is the last step's
 * value, so consumers of `<fn>` see the transformed output.
 */
import { optionKeys } from "../errors/index.ts";
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { selectTargets, targetProblem, transformTargets, type NodeTarget, groupOf } from "./node-targets.ts";
import { readPipeArguments } from "./pipe-input.ts";
import { chainSteps, type Step } from "./step.ts";

/** Options of `pipeOutput`, given before the steps. */
export interface PipeOutputOptions {
  /** The outputs to transform (default: the function's final nodes). */
  readonly onOutput?: NodeTarget;
  /** Prefix of the step nodes (default: the output's name); `null` for none. */
  readonly namespace?: string | null;
}

/** The keys of PipeOutputOptions, checked against the interface by the compiler. */
export const PIPE_OUTPUT_OPTION_KEYS = optionKeys<PipeOutputOptions>({ onOutput: true, namespace: true });

/**
 * Pipes the function's output (or each `onOutput` node) through `steps`.
 * @throws FuncflowError `invalid_modifier` at build for a non-step argument, an unknown
 *   `onOutput` node, or `onOutput` set both on the pipe and on a step.
 * @example export const revenue = pipeOutput(step(roundTo, value(2)), (sales: number, price: number) => sales * price);
 */
export function pipeOutput<F extends NodeFunction>(...args: readonly [...(Step | PipeOutputOptions)[], F]): F {
  const fn = args[args.length - 1] as F;
  const { options, steps, problem } = readPipeArguments<PipeOutputOptions>(args.slice(0, -1), "pipeOutput", PIPE_OUTPUT_OPTION_KEYS);
  const bothLevels =
    options.onOutput !== undefined && steps.some((s) => s.target !== undefined)
      ? "pipeOutput: onOutput is set on the pipe and on a step; set it on one level only"
      : undefined;
  const firstProblem = problem ?? bothLevels ?? targetProblem(options.onOutput, "pipeOutput") ?? everyNodeProblem([options.onOutput, ...steps.map((s) => s.target)]);
  const modifier = outputPipe("pipeOutput", steps, options);
  return applyModifier(firstProblem ? { ...modifier, problem: firstProblem } : modifier, fn);
}

/**
 * Hamilton refuses `on_output=...`: every node of a function includes the ones its outputs are
 * read from (the table `extractColumns` splits), so a step would run on those and then on the
 * outputs made from its result. Name the outputs, or leave `onOutput` out for the final ones.
 */
function everyNodeProblem(targets: readonly (NodeTarget | undefined)[]): string | undefined {
  const every = targets.some((target) => target === "*" || (Array.isArray(target) && target.includes("*")));
  return every ? `pipeOutput: onOutput "*" (every node the function makes) is refused, as in Hamilton: the nodes the outputs are made from would be transformed too. Name the outputs, e.g. onOutput: ["a", "b"], or leave onOutput out for the function's final nodes` : undefined;
}

/**
 * The transform that pipes outputs through `steps` (each step limited to its `.onOutput` nodes);
 * shared by `pipeOutput` and `mutate`.
 * @example const modifier = outputPipe("mutate", [step(round)], {});
 */
export function outputPipe(kind: string, steps: readonly Step[], options: PipeOutputOptions): NodeModifier {
  return {
    kind,
    phase: "transform",
    repeatable: true,
    configKeys: [...new Set(steps.flatMap((s) => s.configKeys))],
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      // Untargeted steps apply to the pipe's targets (default: final nodes); a step's own
      // `.onOutput` may name any node of the function, as in Hamilton.
      const pipeTargets = new Set(selectTargets(nodes, options.onOutput, context, kind).map((node) => node.name));
      const stepTargets = steps.map((s) => (s.target === undefined ? undefined : new Set(selectTargets(nodes, s.target, context, `${kind} step`).map((n) => n.name))));
      const active = steps.filter((s) => s.isActive(context.config));
      let result: readonly NodeSpec[] = nodes;
      for (const { name } of nodes) {
        const mine = active.filter((s) => {
          const own = stepTargets[steps.indexOf(s)];
          return own === undefined ? pipeTargets.has(name) : own.has(name);
        });
        const current = result.find((node) => node.name === name)!;
        result = appendOutputSteps(result, current, mine, options.namespace, context);
      }
      return result;
    },
  };
}

/**
 * Adds `steps` after `target`'s output: `<t>.raw` → steps → `<t>`. When `target` is already the
 * end of a pipe (a `<t>.raw` exists), the steps extend that pipe instead of starting a second.
 * @example appendOutputSteps(nodes, node, [step(round)], undefined, context); // node.raw → node.with_round → node
 */
export function appendOutputSteps(
  nodes: readonly NodeSpec[],
  target: NodeSpec,
  steps: readonly Step[],
  namespace: string | null | undefined,
  context: ModifierContext,
): readonly NodeSpec[] {
  if (steps.length === 0) return nodes;
  const group = groupOf(target, context);
  const rawName = `${target.name}.raw`;
  const rawExists = nodes.some((node) => node.name === rawName);
  const extending = rawExists && target.fn === (identity as NodeSpec["fn"]);
  if (rawExists && !extending) {
    context.fail(`a second output pipe on "${target.name}" would make "${rawName}" twice, and a modifier between them replaced the first pipe's end. Put both pipes' steps in one pipeOutput.`);
  }
  const raw: NodeSpec = { ...target, name: rawName, role: "raw", group };
  const from = extending ? { name: target.params[0]!.name, type: target.type } : { name: rawName, type: target.type };
  const chain = chainSteps(
    steps,
    {
      from,
      prefix: namespace === undefined ? target.name : namespace,
      existing: extending ? nodes : [...nodes, raw],
      template: { ...target, group, tags: {}, role: undefined },
    },
    context,
  );
  const last = chain[chain.length - 1]!;
  // The node holds the last step's value, so it has that step's type.
  const final: NodeSpec = {
    ...target,
    fn: identity as NodeSpec["fn"],
    type: last.type,
    params: [{ name: last.name, type: last.type, optional: false }],
    isAsync: false,
    group,
  };
  return transformTargets(nodes, [target], () => (extending ? [...chain, final] : [raw, ...chain, final]));
}

function identity(value: unknown): unknown {
  return value;
}
