/**
 * The modifier lifecycle after config has resolved: one function applies a function's node
 * modifiers phase by phase (create → inject → expand → transform → decorate), whatever order
 * the wrappers were written in. Within a phase the wrapper nearest the function acts first,
 * as function composition reads, except that `tagOutputs` decorates after every `tag`: a tag
 * given to one output by name wins over the same key given to all, in either nesting order.
 */
import { FuncflowError } from "../errors/index.ts";
import { type Config, type Modifier, type ModifierContext, type NodeModifier, type NodePhase, describeSource, type NodeSource, type NodeSpec } from "../graph/index.ts";
import type { SubgraphContext } from "../decorators/index.ts";
import type { ManifestFunction } from "../manifest/index.ts";

const NODE_PHASES: readonly NodePhase[] = ["create", "inject", "expand", "transform", "decorate"];

/** The nodes one function defines once its node modifiers are applied. */
export function applyNodeModifiers(
  base: NodeSpec,
  modifiers: readonly Modifier[],
  scope: {
    readonly config: Config;
    readonly entry: ManifestFunction;
    readonly source: NodeSource;
    /** How `subdag` reads other modules (see `SubgraphContext`). */
    readonly resolveModules?: SubgraphContext["resolveModules"];
    /** Where `subdag` records variants its config left out (see `SubgraphContext`). */
    readonly noteExcluded?: SubgraphContext["noteExcluded"];
  },
): readonly NodeSpec[] {
  const nodeModifiers = modifiers.filter((m): m is NodeModifier => m.phase !== "resolve");
  if (nodeModifiers.length === 0) return [base];
  const context: ModifierContext | SubgraphContext = {
    ...scope,
    name: base.name,
    fail(message: string): never {
      throw new FuncflowError("invalid_modifier", `${describeSource(scope.source)}: ${message}`, { node: base.name });
    },
  };
  let nodes: readonly NodeSpec[] = [base];
  for (const phase of NODE_PHASES) {
    const inPhase = nodeModifiers.filter((m) => m.phase === phase).reverse();
    if (phase === "decorate") inPhase.sort((a, b) => Number(a.kind === "tagOutputs") - Number(b.kind === "tagOutputs"));
    for (const modifier of inPhase) nodes = modifier.apply(nodes, context);
  }
  return nodes;
}
