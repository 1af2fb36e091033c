/**
 * Parallel fan-out, Hamilton's `Parallelizable[T]` / `Collect[T]`: a `parallelizable` node
 * yields items; the nodes between it and a `collect` node run once per item; the `collect` node
 * receives the list of per-item values. The graph builder compiles each such block into the
 * collecting node (`src/assembly/parallel-blocks.ts`), so the executor needs no special case.
 */
import { type NodeSpec, applyModifier, type NodeFunction, isThenable, type ModifierContext, type NodeModifier, recordPartialItems } from "../graph/index.ts";
import { finalNodes } from "./node-targets.ts";

/** What a `parallelizable` function returns: the items (a list, a generator, an async generator). */
export type Parallelizable<T> = Iterable<T> | AsyncIterable<T>;

/** What a `collect` function's collected parameter receives: the per-item values, in item order. */
export type Collect<T> = T[];

/**
 * The node yields items; nodes downstream of it, up to a `collect` node, run once per item.
 * Generators are read once into a list, so every consumer sees every item.
 * @throws FuncflowError `invalid_modifier` at build when the function makes several nodes; at
 *   build, per-item nodes that no `collect` gathers; at execute, requesting or overriding a
 *   per-item node (`invalid_argument`).
 * @example export const files = parallelizable((folder: string): Parallelizable<string> => listFiles(folder));
 */
export function parallelizable<F extends NodeFunction>(fn: F): F {
  const modifier: NodeModifier = {
    kind: "parallelizable",
    phase: "decorate",
    repeatable: false,
    configKeys: [],
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const node = single(nodes, context, "parallelizable");
      const expand: NodeSpec = { ...node, fn: materializing(node.fn as AnyFunction) as NodeSpec["fn"], parallel: { kind: "expand" } };
      return nodes.map((other) => (other === node ? expand : other));
    },
  };
  return applyModifier(modifier, fn);
}

/**
 * The node gathers per-item values: its parameter `param` (default: the first) receives the list
 * of that node's values, one per item of the upstream `parallelizable` node.
 * @throws FuncflowError `invalid_modifier` at build for an unknown parameter, or when no
 *   `parallelizable` node lies upstream of it.
 * @example export const totalSize = collect((fileSize: Collect<number>) => fileSize.reduce((a, b) => a + b, 0));
 */
export function collect<F extends NodeFunction>(fn: F): F;
export function collect<F extends NodeFunction>(param: string, fn: F): F;
export function collect<F extends NodeFunction>(...args: readonly unknown[]): F {
  const fn = args[args.length - 1] as F;
  const named = args.length > 1 ? args[0] : undefined;
  const problem = named !== undefined && (typeof named !== "string" || named === "") ? `collect: the parameter to collect must be named by a string, got ${JSON.stringify(named)}` : undefined;
  const modifier: NodeModifier = {
    kind: "collect",
    phase: "decorate",
    repeatable: false,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      // The collecting node is the one that takes the parameter: after checkOutput that is
      // `<fn>_raw`, after parameterize every output.
      const param = (named as string | undefined) ?? context.entry.params[0]?.name;
      // A parameter rebound by parameterize's source(…) is collected under its new name.
      const collectedIn = (node: NodeSpec) => node.params.find((p) => p.name === param) ?? node.params.find((p) => p.boundFrom === param);
      const takers = param === undefined ? [] : nodes.filter((node) => node.role !== "validator" && collectedIn(node) !== undefined);
      if (param === undefined || takers.length === 0) {
        const [node] = finalNodes(nodes);
        return context.fail(
          param === undefined
            ? `collect needs a parameter to receive the per-item values, but "${context.name}" takes none.`
            : `collect gathers "${param}", which is not a parameter of "${node?.name ?? context.name}"; its parameters are ${(node?.params ?? []).map((p) => `"${p.name}"`).join(", ") || "none"}.`,
        );
      }
      return nodes.map((node): NodeSpec => (takers.includes(node) ? { ...node, parallel: { kind: "collect", param: collectedIn(node)!.name } } : node));
    },
  };
  return applyModifier(modifier, fn);
}

type AnyFunction = (...args: unknown[]) => unknown;

function single(nodes: readonly NodeSpec[], context: ModifierContext, kind: string): NodeSpec {
  const targets = finalNodes(nodes);
  if (targets.length !== 1) context.fail(`${kind} marks one node, but this function makes ${targets.length}.`);
  return targets[0]!;
}

/** Wraps the function so its items arrive as an array: a generator can be read only once. */
function materializing(fn: AnyFunction): AnyFunction {
  return (...args) => {
    const result = fn(...args);
    return isThenable(result) ? Promise.resolve(result).then(toItems) : toItems(result);
  };
}

function toItems(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object" && Symbol.asyncIterator in value) return fromAsync(value as AsyncIterable<unknown>);
  if (value !== null && (typeof value === "object" || typeof value === "string") && Symbol.iterator in Object(value)) {
    const list: unknown[] = [];
    try {
      for (const item of value as Iterable<unknown>) list.push(item);
    } catch (error) {
      // Graceful errors keep the items made before the failure (Hamilton's try_all_parallel).
      recordPartialItems(error, list);
      throw error;
    }
    return list;
  }
  throw new TypeError(`a parallelizable node must return a list, an iterable or an async iterable of items, got ${value === null ? "null" : typeof value}`);
}

async function fromAsync(items: AsyncIterable<unknown>): Promise<unknown[]> {
  const list: unknown[] = [];
  try {
    for await (const item of items) list.push(item);
  } catch (error) {
    recordPartialItems(error, list);
    throw error;
  }
  return list;
}

