/**
 * `dataloader` / `datasaver`: functions that do their own I/O, marked so tools can tell them
 * apart. A data loader returns `[data, metadata]`: the tuple is the node `<fn>.loader` and `<fn>`
 * is the data alone. A data saver returns metadata about what it wrote; it stays one node.
 */
import { FuncflowError } from "../errors/index.ts";
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { finalNodes, groupOf } from "./node-targets.ts";

/**
 * The function loads data and returns `[data, metadata]`.
 * @throws FuncflowError at run time `type_mismatch` when the function does not return a pair.
 * @example export const sales = dataloader(async (path: string) => [await readTable(path), { path }] as const);
 */
export function dataloader<F extends NodeFunction>(fn: F): F {
  const modifier: NodeModifier = {
    kind: "dataloader",
    phase: "create",
    repeatable: false,
    configKeys: [],
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const [node] = finalNodes(nodes) as [NodeSpec];
      const group = groupOf(node, context);
      const loaderName = `${node.name}.loader`;
      const loader: NodeSpec = { ...node, name: loaderName, role: "loader", group, tags: { ...node.tags, "funcflow.io": "dataloader" } };
      const data: NodeSpec = {
        ...node,
        fn: ((pair: unknown) => dataOf(pair, node.name)) as NodeSpec["fn"],
        params: [{ name: loaderName, type: node.type, optional: false }],
        type: firstElementType(node.type),
        isAsync: false,
        group,
      };
      return nodes.flatMap((other) => (other === node ? [loader, data] : [other]));
    },
  };
  return applyModifier(modifier, fn);
}

/**
 * The function saves data and returns metadata about what it wrote (tagged `funcflow.io: datasaver`).
 * @example export const savedReport = datasaver(async (report: Table) => { await writeTable("out.csv", report); return { path: "out.csv" }; });
 */
export function datasaver<F extends NodeFunction>(fn: F): F {
  const modifier: NodeModifier = {
    kind: "datasaver",
    phase: "create",
    repeatable: false,
    configKeys: [],
    apply: (nodes) => nodes.map((node) => ({ ...node, tags: { ...node.tags, "funcflow.io": "datasaver" } })),
  };
  return applyModifier(modifier, fn);
}

function dataOf(pair: unknown, name: string): unknown {
  if (Array.isArray(pair) && pair.length === 2) return pair[0];
  throw new FuncflowError(
    "type_mismatch",
    `dataloader "${name}" must return [data, metadata], but returned ${Array.isArray(pair) ? `an array of ${pair.length}` : pair === null ? "null" : typeof pair}. Return a pair: [data, { path }].`,
    { node: name },
  );
}

/** `[Table, Meta]` or `readonly [Table, Meta]` → `Table`; anything else → `unknown`. */
function firstElementType(type: string): string {
  const match = /^(?:readonly\s+)?\[\s*([^,\]]+),/.exec(type.trim());
  return match?.[1]?.trim() ?? "unknown";
}
