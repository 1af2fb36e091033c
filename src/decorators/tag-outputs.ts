/**
 * Tag rules shared by `tag` and `tagOutputs`: keys are identifiers or dotted paths, values are
 * a string or a non-empty list of distinct strings, and some namespaces are funcflow's own.
 */
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { describeArgument, isPlainRecord, listNames } from "../errors/index.ts";
import type { TagValues } from "./tag.ts";

/**
 * Namespaces funcflow sets itself (`data_quality.*` on validators, `funcflow.*` on loaders and
 * savers); a user tag under one needs `bypassReservedNamespaces`.
 * @example RESERVED_TAG_NAMESPACES.includes("data_quality"); // true
 */
export const RESERVED_TAG_NAMESPACES: readonly string[] = ["funcflow", "data_quality", "module", "dag"];

/** Keys in the reserved namespaces that users set on purpose: settings funcflow reads. */
const SETTING_TAGS: readonly string[] = ["funcflow.timeoutMs"];

const TAG_KEY = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/;

/**
 * Why `tags` is not a valid tag record, or undefined.
 * @example tagProblem({ "funcflow.x": "y" }, "tag"); // `tag: tag key "funcflow.x" is in the reserved namespace …`
 */
export function tagProblem(tags: unknown, kind: string, bypassReserved = false): string | undefined {
  if (!isPlainRecord(tags)) return `${kind}: tags must be a plain object such as { owner: "finance" }, got ${describeArgument(tags)}`;
  for (const [key, value] of Object.entries(tags)) {
    if (!TAG_KEY.test(key)) return `${kind}: tag key "${key}" is not an identifier or dotted path such as "team.owner"`;
    const namespace = key.split(".")[0]!;
    if (key === "funcflow.timeoutMs" && !(typeof value === "string" && Number(value) > 0 && Number.isFinite(Number(value)))) {
      return `${kind}: tag "funcflow.timeoutMs" is a node's time limit, a positive number of milliseconds as a string such as "5000", got ${JSON.stringify(value)}`;
    }
    if (!bypassReserved && !SETTING_TAGS.includes(key) && RESERVED_TAG_NAMESPACES.includes(namespace)) {
      return `${kind}: tag key "${key}" is in the reserved namespace "${namespace}" (reserved: ${listNames(RESERVED_TAG_NAMESPACES)}); use another key, or pass { bypassReservedNamespaces: true }`;
    }
    const valid = typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string") && new Set(value).size === value.length);
    if (!valid) return `${kind}: tag "${key}" must be a string or a non-empty list of distinct strings, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/**
 * Tags per node, for functions that make several nodes (`extractFields`, `parameterize`, …).
 * @throws FuncflowError `invalid_modifier` at build for a node the function does not make, or an invalid tag.
 * @example export const stats = tagOutputs({ mean: { unit: "usd" }, max: { unit: "usd" } }, extractFields(["mean", "max"], summarize));
 */
export function tagOutputs<F extends NodeFunction>(tagsByNode: Readonly<Record<string, TagValues>>, fn: F): F {
  const entries = Object.entries(tagsByNode ?? {});
  const problem =
    entries.length === 0
      ? "tagOutputs names no node; pass { nodeName: { key: value } }"
      : entries.map(([node, tags]) => tagProblem(tags, `tagOutputs (node "${node}")`)).find(Boolean);
  const modifier: NodeModifier = {
    kind: "tagOutputs",
    phase: "decorate",
    repeatable: true,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const made = nodes.map((node) => node.name);
      const unknown = entries.map(([node]) => node).filter((node) => !made.includes(node));
      if (unknown.length > 0) context.fail(`tagOutputs tags ${listNames(unknown)}, which this function does not make; it makes ${listNames(made)}.`);
      const byNode = new Map(entries);
      return nodes.map((node) => (byNode.has(node.name) ? { ...node, tags: { ...node.tags, ...byNode.get(node.name) } } : node));
    },
  };
  return applyModifier(modifier, fn);
}
