/**
 * Which of a function's nodes a transform or decorate modifier acts on (Hamilton's `target_`):
 * by default its final nodes, or the nodes named, or every node (`"*"`). Shared by every
 * modifier that takes a `target` option, so they all read it the same way.
 */
import { didYouMean, suggestNames } from "../errors/index.ts";
import type { NodeSpec, ModifierContext } from "../graph/index.ts";

/** A node name, several names, or `"*"` for every node the function makes. */
export type NodeTarget = string | readonly string[];

/**
 * The final nodes: those no other node of the function reads, helper nodes (`.raw`, steps,
 * validators, savers) and a subdag's embedded nodes aside. For a plain function that is its one
 * node; after `extractFields` it is the fields; after `pipeOutput` or `checkOutput` it is the node
 * under the function's name; after `subdag`, the function's node even when a subgraph node is
 * read by nothing (as Hamilton's non-final tag does).
 * @example finalNodes([raw, step, final]).map((n) => n.name); // ["final"] (raw and step are helpers)
 */
export function finalNodes(nodes: readonly NodeSpec[]): NodeSpec[] {
  const main = nodes.filter((node) => node.role === undefined && node.embeddedIn === undefined);
  // A node reading its own name (`(data: Table) => …` named `data`, a loadFrom target) is still
  // final: the self-read is an injected parameter or a cycle the graph reports, not a consumer.
  const read = new Set(main.flatMap((node) => node.params.filter((param) => param.name !== node.name).map((param) => param.name)));
  return main.filter((node) => !read.has(node.name));
}

/**
 * The nodes `target` selects; an unknown name fails, naming the nodes that exist.
 * @example selectTargets(nodes, ["mean", "max"], context, "tag"); // those two specs
 */
export function selectTargets(nodes: readonly NodeSpec[], target: NodeTarget | undefined, context: ModifierContext, kind: string): NodeSpec[] {
  if (target === undefined) return finalNodes(nodes);
  if (target === "*") return [...nodes];
  const names = typeof target === "string" ? [target] : target;
  const known = nodes.map((node) => node.name);
  for (const name of names) {
    if (!known.includes(name)) {
      context.fail(
        `${kind} targets "${name}", which this function does not make${didYouMean(suggestNames(name, known))}; it makes ${known.map((n) => `"${n}"`).join(", ")}. Target one of them.`,
      );
    }
  }
  return nodes.filter((node) => names.includes(node.name));
}

/**
 * Replaces each selected node by what `transform` makes of it, keeping the others in place.
 * @example transformTargets(nodes, [node], (n) => [{ ...n, name: `${n.name}.raw` }, n]);
 */
export function transformTargets(
  nodes: readonly NodeSpec[],
  targets: readonly NodeSpec[],
  transform: (node: NodeSpec) => readonly NodeSpec[],
): NodeSpec[] {
  const selected = new Set(targets);
  return nodes.flatMap((node) => (selected.has(node) ? transform(node) : [node]));
}

/**
 * The cluster a modifier's nodes are drawn in: the node's existing group, else the function's export name.
 * @example groupOf(node, context); // "scaledSales" for a node parameterize made from scaledSales
 */
export function groupOf(node: NodeSpec, context: ModifierContext): string {
  return node.group ?? context.source.exportName;
}

/**
 * Checks the `target` option when the wrapper is applied; returns a problem or undefined.
 * @example targetProblem(3, "tag"); // `tag: target must be a node name, …`
 */
export function targetProblem(target: unknown, kind: string): string | undefined {
  if (target === undefined || typeof target === "string") return undefined;
  if (Array.isArray(target) && target.every((name) => typeof name === "string")) return undefined;
  return `${kind}: target must be a node name, a list of node names or "*", got ${JSON.stringify(target)}`;
}
