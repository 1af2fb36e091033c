/**
 * `inject`: a single parameterization that keeps the function's own name. It acts in the
 * inject phase, before any expander, so it combines with `parameterize` (which then sees the
 * injected parameters as gone).
 */
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { bindParameters, rejectReservedParameter, templateDoc, unboundParameters, type Bindings } from "./bind-parameters.ts";
import { dependencyProblem } from "./dependency.ts";
import { finalNodes } from "./node-targets.ts";
import { configKeysOf } from "./parameterize.ts";
import type { BindingsFor } from "./typed-bindings.ts";

// `resolve` may choose an expander, which the scanner cannot see.
const EXPANDERS = new Set(["parameterize", "parameterizeSources", "parameterizeValues", "parameterizeExtractColumns", "resolve"]);

/**
 * Binds some parameters to nodes, literals, config values or groups; the node keeps its name.
 * A `value(…)` that fits none of the function's parameter types is a compile error.
 * @throws FuncflowError `invalid_modifier` at build for a value that is not a dependency spec, or
 *   a binding that names no parameter.
 * @example export const total = inject({ parts: group(source("a"), source("b")) }, (parts: number[]) => parts.reduce((s, p) => s + p, 0));
 */
export function inject<F extends NodeFunction>(bindings: BindingsFor<F>, fn: F): F {
  const entries = Object.entries(bindings ?? {});
  const problem =
    entries.length === 0
      ? "inject binds no parameter; pass e.g. { factor: value(2) }"
      : entries.map(([param, dependency]) => dependencyProblem(dependency, `parameter "${param}"`)).find(Boolean);
  const modifier: NodeModifier = {
    kind: "inject",
    phase: "inject",
    repeatable: false,
    configKeys: configKeysOf(entries.map(([, dependency]) => dependency)),
    ...(problem && { problem: problem.startsWith("inject") ? problem : `inject: ${problem}` }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const targets = finalNodes(nodes);
      if (targets.length !== 1) context.fail(`inject binds the parameters of one node, but this function makes ${targets.length}.`);
      const [node] = targets as [NodeSpec];
      rejectReservedParameter(node, context, "inject");
      const { fn: bound, params } = bindParameters(node, bindings, context, "inject");
      // An expander after inject fills the placeholders of the parameters it binds, so only
      // without one do the unbound parameters' placeholders become their names here.
      const expanded = context.entry.modifiers.some((modifier) => EXPANDERS.has(modifier.name));
      const injected: NodeSpec = { ...node, fn: bound, params, doc: templateDoc(node.doc, node.name, bindings, expanded ? [] : unboundParameters(node, bindings)) };
      return nodes.map((other) => (other === node ? injected : other));
    },
  };
  return applyModifier(modifier, fn);
}
