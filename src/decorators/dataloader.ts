/**
 * `dataloader` / `datasaver`: functions that do their own I/O, marked so tools can tell them
 * apart. A data loader returns `[data, metadata]`: the tuple is the node `<fn>.loader` and `<fn>`
 * is the data alone. A data saver returns metadata about what it wrote; it stays one node.
 */
import { FuncflowError } from "../errors/index.ts";
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { finalNodes, groupOf } from "./node-targets.ts";
import { tupleMembers } from "./tuple-type.ts";
import { splitTopLevel } from "../manifest/index.ts";
import { isScalarOrArrayType, isScalarType } from "./extract-fields.ts";

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
      // Hamilton refuses a loader not annotated as a (data, metadata) tuple when the graph is
      // built; the declared type says so here too, where it is sure (a type alias is not read).
      if (isNeverPair(node.type)) {
        context.fail(`dataloader returns [data, metadata], but "${node.name}" is declared to return ${node.type}. Return a pair such as [table, { path }] (metadata is an object), or remove dataloader.`);
      }
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
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      // As Hamilton requires a dict: what was written is told by an object (a path, a size).
      const scalar = finalNodes(nodes).find((node) => isNeverRecord(node.type));
      if (scalar !== undefined) {
        context.fail(`datasaver returns metadata about what it wrote, but "${scalar.name}" is declared to return ${scalar.type}. Return an object such as { path, rows }, or remove datasaver.`);
      }
      return nodes.map((node) => ({ ...node, tags: { ...node.tags, "funcflow.io": "datasaver" } }));
    },
  };
  return applyModifier(modifier, fn);
}

/**
 * A declared type that is never a `[data, metadata]` pair: each member of the union is a scalar,
 * a literal, or a tuple that is not a pair or whose metadata is never an object (as Hamilton
 * requires the metadata to be a dict: tools read it as named fields). An array may be a pair.
 */
function isNeverPair(type: string): boolean {
  return splitTopLevel(type, "|").every((member) => {
    const members = tupleMembers(member);
    if (members === undefined) return isScalarType(member) || isLiteralType(member);
    return members.length !== 2 || isNeverRecord(members[1]!);
  });
}

/**
 * A declared type that is never a metadata object: each member of the union is a scalar, a
 * literal, an array or a tuple. `Meta | string[]` and `"none" | Meta` may be a Meta.
 */
function isNeverRecord(type: string): boolean {
  return splitTopLevel(type, "|").every((member) => isScalarOrArrayType(member) || isLiteralType(member));
}

/** A string, template, number, bigint or boolean literal type: `"a"`, `` `v${number}` ``, `-1`, `2n`, `true`. */
function isLiteralType(member: string): boolean {
  return /^["'`]/.test(member) || /^-?\d/.test(member) || member === "true" || member === "false";
}

function dataOf(pair: unknown, name: string): unknown {
  if (Array.isArray(pair) && pair.length === 2) return pair[0];
  throw new FuncflowError(
    "type_mismatch",
    `dataloader "${name}" must return [data, metadata], but returned ${Array.isArray(pair) ? `an array of ${pair.length}` : pair === null ? "null" : typeof pair}. Return a pair: [data, { path }].`,
    { node: name },
  );
}

/** `[Table, Meta]` or `readonly [Map<string, number>, Meta]` → its first member; anything else → `unknown`. */
function firstElementType(type: string): string {
  const members = tupleMembers(type);
  return members?.length === 2 ? members[0]! : "unknown";
}
