/**
 * One function, many nodes: each parameterization names an output node and rebinds some of the
 * function's parameters. The function's own name is not a node (as in Hamilton); its JSDoc is a
 * template where `{outputName}` and `{param}` are filled in per output.
 */
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { describeArgument, didYouMean, isPlainRecord, suggestNames } from "../errors/index.ts";
import { bindParameters, rejectReservedParameter, templateDoc, unboundParameters, type Bindings } from "./bind-parameters.ts";
import { dependencyProblem, source, value, type Dependency } from "./dependency.ts";
import { finalNodes, groupOf } from "./node-targets.ts";
import type { BindingsFor, ParameterValue } from "./typed-bindings.ts";
import { optionsProblem } from "./options-problem.ts";

/** Output node name → its bindings, or `[bindings, doc]` to give that node its own doc. */
export type Parameterization = Readonly<Record<string, Bindings | readonly [Bindings, string]>>;

/** A parameterization of `F`: each `value(…)` fits one of its parameter types. */
export type ParameterizationFor<F extends NodeFunction> = Readonly<Record<string, BindingsFor<F> | readonly [BindingsFor<F>, string]>>;

interface Output {
  readonly name: string;
  readonly bindings: Bindings;
  readonly doc: string | undefined;
}

/**
 * One node per entry of `parameterization`, each calling the function with the parameters it
 * binds (`source`, `value`, `group`, `configuration`); unbound parameters stay dependencies.
 * @throws FuncflowError `invalid_modifier` at build for a value that is not a dependency spec, or
 *   a binding that names no parameter.
 * @example
 * export const salesDelta = parameterize(
 *   { usDelta: { sales: source("usSales") }, euDelta: [{ sales: source("euSales"), factor: value(2) }, "EU, doubled."] },
 *   (sales: number, factor: number = 1) => sales * factor,
 * );
 */
export function parameterize<F extends NodeFunction>(parameterization: ParameterizationFor<F>, fn: F): F {
  return applyModifier(expander("parameterize", readOutputs(parameterization)), fn);
}

/**
 * `parameterize` where every binding reads a node: `{ output: { param: "node" } }`.
 * @example export const cleaned = parameterizeSources({ cleanUs: { raw: "usRaw" }, cleanEu: { raw: "euRaw" } }, (raw: number) => raw * 2);
 */
export function parameterizeSources<F extends NodeFunction>(parameterization: Readonly<Record<string, Readonly<Record<string, string>>>>, fn: F): F {
  let problem: string | undefined = isPlainRecord(parameterization)
    ? undefined
    : `parameterizeSources: the first argument must be a record of output name → { parameter: "node" }, got ${describeArgument(parameterization)}`;
  const outputs = Object.entries(isPlainRecord(parameterization) ? parameterization : {}).map(([name, sources]) => ({
    name,
    bindings: Object.fromEntries(
      Object.entries(isPlainRecord(sources) ? sources : ((problem ??= `parameterizeSources: output "${name}" must map to { parameter: "node" }, got ${describeArgument(sources)}`), {})).map(([param, node]) => {
        if (typeof node !== "string") problem ??= `parameterizeSources: output "${name}", parameter "${param}" must name a node (a string), got ${JSON.stringify(node)}`;
        return [param, source(String(node))];
      }),
    ),
    doc: undefined,
  }));
  return applyModifier(expander("parameterizeSources", problem ? { outputs, problem } : { outputs }), fn);
}

/**
 * `parameterize` over one parameter bound to literals: `{ output: literal }`; `docs` gives
 * outputs their own documentation.
 * @example export const threshold = parameterizeValues("level", { low: 1, high: 10 }, (level: number, base: number) => base * level);
 */
export function parameterizeValues<F extends NodeFunction>(
  parameter: string,
  outputs: Readonly<Record<string, ParameterValue<F>>>,
  fn: F,
): F;
export function parameterizeValues<F extends NodeFunction>(
  parameter: string,
  outputs: Readonly<Record<string, ParameterValue<F>>>,
  options: { readonly docs?: Readonly<Record<string, string>> },
  fn: F,
): F;
export function parameterizeValues<F extends NodeFunction>(parameter: string, outputs: Readonly<Record<string, unknown>>, ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const given = rest.length > 1 ? (rest[0] as { docs?: unknown } | undefined)?.docs : undefined;
  const docs: Readonly<Record<string, string>> = isPlainRecord(given) ? (given as Record<string, string>) : {};
  const problem =
    typeof parameter === "string" && parameter !== ""
      ? (optionsProblem("parameterizeValues", rest.length > 1 ? rest[0] : undefined, ["docs"]) ?? docsProblem(given, Object.keys(outputs ?? {})))
      : `parameterizeValues: the first argument must name the parameter to bind, e.g. "level"`;
  const list = Object.entries(outputs ?? {}).map(([name, literal]) => ({ name, bindings: { [parameter]: value(literal) }, doc: docs[name] }));
  return applyModifier(expander("parameterizeValues", problem ? { outputs: list, problem } : { outputs: list }), fn);
}

/** A `docs` option that is not a record of output name → string, or names an output that is not there. */
function docsProblem(docs: unknown, outputs: readonly string[]): string | undefined {
  if (docs === undefined) return undefined;
  if (!isPlainRecord(docs)) return `parameterizeValues: docs must be a record of output name → doc, e.g. { docs: { high: "The high level." } }, got ${describeArgument(docs)}`;
  for (const [name, doc] of Object.entries(docs)) {
    if (!outputs.includes(name)) return `parameterizeValues: docs names "${name}", which is not an output${didYouMean(suggestNames(name, outputs))}; the outputs are ${outputs.map((output) => `"${output}"`).join(", ")}`;
    if (typeof doc !== "string") return `parameterizeValues: the doc of "${name}" must be a string, got ${describeArgument(doc)}`;
  }
  return undefined;
}

function readOutputs(parameterization: Parameterization): { outputs: Output[]; problem?: string } {
  if (!isPlainRecord(parameterization)) {
    return { outputs: [], problem: `parameterize: the first argument must be a record of output name → bindings such as { usSales: { sales: source("rawUs") } }, got ${describeArgument(parameterization)}` };
  }
  const outputs: Output[] = [];
  for (const [name, entry] of Object.entries(parameterization)) {
    const [bindings, doc] = Array.isArray(entry) ? (entry as readonly [Bindings, string]) : [entry as Bindings, undefined];
    if (!isPlainRecord(bindings)) {
      return { outputs, problem: `parameterize: output "${name}" must map to bindings such as { sales: source("rawUs") } (or [bindings, doc]), got ${describeArgument(bindings)}` };
    }
    for (const [param, dependency] of Object.entries(bindings ?? {})) {
      const problem = dependencyProblem(dependency, `output "${name}", parameter "${param}"`);
      if (problem) return { outputs, problem: `parameterize: ${problem}` };
    }
    outputs.push({ name, bindings: bindings ?? {}, doc });
  }
  return { outputs };
}

function expander(kind: string, { outputs, problem }: { outputs: readonly Output[]; problem?: string }): NodeModifier {
  const example = kind === "parameterizeValues" ? `{ outA: 1 }` : kind === "parameterizeSources" ? `{ outA: { x: "a" } }` : `{ outA: { x: source("a") } }`;
  const emptyProblem = outputs.length === 0 ? `${kind} names no output; give at least one, e.g. ${example}` : undefined;
  const badName = outputs.find((output) => output.name === "");
  return {
    kind,
    phase: "expand",
    repeatable: false,
    configKeys: outputs.flatMap((output) => configKeysOf(Object.values(output.bindings))),
    ...((problem ?? emptyProblem ?? badName) && { problem: problem ?? emptyProblem ?? `${kind}: an output name is empty` }),
    apply: (nodes, context) => expand(nodes, outputs, context, kind),
  };
}

function expand(nodes: readonly NodeSpec[], outputs: readonly Output[], context: ModifierContext, kind: string): readonly NodeSpec[] {
  const targets = finalNodes(nodes);
  if (targets.length !== 1) {
    context.fail(`${kind} expands one node, but this function makes ${targets.length} (${targets.map((n) => `"${n.name}"`).join(", ")}). Put ${kind} nearer the function than the modifier that makes several nodes.`);
  }
  const [node] = targets as [NodeSpec];
  rejectReservedParameter(node, context, kind);
  const expanded = outputs.map((output): NodeSpec => {
    const { fn, params } = bindParameters(node, output.bindings, context, `${kind} (output "${output.name}")`);
    return {
      ...node,
      name: output.name,
      fn,
      params,
      doc: output.doc ?? templateDoc(node.doc, output.name, output.bindings, unboundParameters(node, output.bindings)),
      group: groupOf(node, context),
    };
  });
  return nodes.flatMap((other) => (other === node ? expanded : [other]));
}

/**
 * Config keys a set of dependencies reads (`configuration("k")`).
 * @example configKeysOf([configuration("rate"), value(1)]); // ["rate"]
 */
export function configKeysOf(dependencies: readonly Dependency[]): string[] {
  return dependencies.flatMap((dependency) => {
    if (dependency?.kind === "configuration") return [dependency.key];
    if (dependency?.kind !== "group") return [];
    const items = Array.isArray(dependency.items) ? dependency.items : Object.values(dependency.items);
    return (items as readonly Dependency[]).flatMap((item) => (item?.kind === "configuration" ? [item.key] : []));
  });
}
