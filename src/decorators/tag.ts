import { type NodeModifier, applyModifier, type NodeFunction } from "../graph/index.ts";
import { optionKeys } from "../errors/index.ts";
import { selectTargets, targetProblem, type NodeTarget } from "./node-targets.ts";
import { tagProblem } from "./tag-outputs.ts";
import { optionsProblem } from "./options-problem.ts";

/** Tag values: a string or a list of strings. */
export type TagValues = Readonly<Record<string, string | readonly string[]>>;

/** Options of `tag`. */
export interface TagOptions {
  /** The nodes to tag (default: the function's final nodes; `"*"`: every node it makes). */
  readonly target?: NodeTarget;
  /** Allow keys in funcflow's reserved namespaces (`funcflow`, `data_quality`, `module`, `dag`). */
  readonly bypassReservedNamespaces?: boolean;
}

/** The keys of TagOptions, checked against the interface by the compiler. */
export const TAG_OPTION_KEYS = optionKeys<TagOptions>({ target: true, bypassReservedNamespaces: true });

/**
 * Attaches tags to the node (shown by `listNodes` and usable to select nodes). Keys are
 * identifiers or dotted paths; values a string or a non-empty list of distinct strings.
 * @throws FuncflowError `invalid_modifier` at build for an invalid or reserved key, or an unknown target.
 * @example export const revenue = tag({ owner: "finance" }, (sales: number) => sales);
 */
export function tag<F extends NodeFunction>(tags: TagValues, fn: F): F;
export function tag<F extends NodeFunction>(tags: TagValues, options: TagOptions, fn: F): F;
export function tag<F extends NodeFunction>(tags: TagValues, ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const options = (rest.length > 1 ? rest[0] : {}) as TagOptions;
  const problem = optionsProblem("tag", options, TAG_OPTION_KEYS) ?? tagProblem(tags, "tag", options?.bypassReservedNamespaces === true) ?? targetProblem(options?.target, "tag");
  const modifier: NodeModifier = {
    kind: "tag",
    phase: "decorate",
    repeatable: true,
    configKeys: [],
    ...(problem && { problem }),
    apply: (nodes, context) => {
      const targets = new Set(selectTargets(nodes, options?.target, context, "tag"));
      return nodes.map((node) => (targets.has(node) ? { ...node, tags: { ...node.tags, ...tags } } : node));
    },
  };
  return applyModifier(modifier, fn);
}
