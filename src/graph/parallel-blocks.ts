/**
 * Parallel fan-out without a special executor: each block (the nodes downstream of a
 * `parallelizable` node and upstream of a `collect` node) is compiled into the collecting node,
 * whose function runs the block's functions once per item, in topological order (synchronously
 * while they return values, awaiting them once one returns a promise; items whose functions are
 * async run concurrently), then calls the collecting function with the gathered list. The block's
 * nodes stay in the graph for listNodes and DOT (`role: "parallel-item"`); the planner refuses to
 * run or override them on their own.
 */
import { FuncflowError, listNames } from "../errors/index.ts";
import type { NodeParam, NodeSpec } from "./node-spec.ts";
import { describeSource } from "./node-spec.ts";
import type { ResolvedNodes } from "./resolve-variants.ts";

/**
 * The role of a node inside a parallel block.
 * @example dr.listNodes().filter((node) => node.role === PARALLEL_ITEM_ROLE);
 */
export const PARALLEL_ITEM_ROLE = "parallel-item";

type AnyFunction = (...args: unknown[]) => unknown;

interface Block {
  readonly collect: NodeSpec;
  readonly expand: NodeSpec;
  /** The collect parameter's node: its per-item values are gathered. */
  readonly gathers: string;
  /** Block nodes in topological order. */
  readonly order: readonly NodeSpec[];
}

/**
 * Compiles every parallel block; returns the specs unchanged when there is none.
 * @example buildGraph(compileParallelBlocks(resolveVariants(candidates, config)), config);
 */
export function compileParallelBlocks(resolved: ResolvedNodes): ResolvedNodes {
  const collects = resolved.specs.filter((spec) => spec.parallel?.kind === "collect");
  if (collects.length === 0 && !resolved.specs.some((spec) => spec.parallel?.kind === "expand")) return resolved;
  const byName = new Map(resolved.specs.map((spec) => [spec.name, spec]));
  const consumers = new Map<string, NodeSpec[]>();
  for (const spec of resolved.specs) for (const param of spec.params) consumers.set(param.name, [...(consumers.get(param.name) ?? []), spec]);
  const blocks = collects.map((collect) => findBlock(collect, byName, consumers));
  checkContainment(resolved.specs, blocks, consumers);
  const compiled = new Map(blocks.map((block) => [block.collect, compileBlock(block)]));
  const inBlock = new Map(blocks.flatMap((block) => block.order.map((node) => [node, block] as const)));
  const specs = resolved.specs.map((spec) => {
    const compound = compiled.get(spec);
    if (compound !== undefined) return compound;
    const block = inBlock.get(spec);
    return block === undefined ? spec : { ...spec, role: PARALLEL_ITEM_ROLE, group: `for each ${block.expand.name}` };
  });
  return { ...resolved, specs };
}

function fail(node: NodeSpec, message: string): never {
  throw new FuncflowError("invalid_modifier", `${describeSource(node.source)}: ${message}`, { node: node.name });
}

/** The `parallelizable` node upstream of `collect`'s gathered parameter, and the nodes between. */
function findBlock(collect: NodeSpec, byName: ReadonlyMap<string, NodeSpec>, consumers: ReadonlyMap<string, readonly NodeSpec[]>): Block {
  const gathers = (collect.parallel as { param: string }).param;
  const upstream = closure([gathers], (name) => byName.get(name)?.params.map((param) => param.name) ?? []);
  const expands = [...upstream].map((name) => byName.get(name)).filter((spec): spec is NodeSpec => spec?.parallel?.kind === "expand");
  if (expands.length === 0) {
    fail(collect, `collect gathers "${gathers}", but no parallelizable node lies upstream of it. Mark the node that yields the items with parallelizable(…).`);
  }
  if (expands.length > 1) {
    fail(collect, `collect gathers "${gathers}", which lies downstream of several parallelizable nodes (${listNames(expands.map((e) => e.name))}); nested or joined fan-outs are not supported.`);
  }
  const expand = expands[0]!;
  const downstream = closure([expand.name], (name) => (consumers.get(name) ?? []).map((spec) => spec.name));
  const members = new Set([...upstream].filter((name) => name !== expand.name && downstream.has(name)));
  for (const param of collect.params) {
    if (param.name !== gathers && (members.has(param.name) || param.name === expand.name)) {
      fail(collect, `collect reads per-item node "${param.name}" through a parameter other than the collected one ("${gathers}"). A collecting node gathers one per-item node.`);
    }
  }
  const order = topologicalOrder([...members].map((name) => byName.get(name)!), members);
  for (const node of order) {
    if (node.parallel !== undefined) fail(node, `"${node.name}" lies inside the parallel block of "${expand.name}" but is itself ${node.parallel.kind === "expand" ? "parallelizable" : "a collect"}; nested fan-outs are not supported.`);
  }
  return { collect, expand, gathers, order };
}

/** Every node reading a per-item value must be in a block of the same fan-out, or collect it. */
function checkContainment(specs: readonly NodeSpec[], blocks: readonly Block[], consumers: ReadonlyMap<string, readonly NodeSpec[]>): void {
  for (const expand of specs.filter((spec) => spec.parallel?.kind === "expand")) {
    const mine = blocks.filter((block) => block.expand === expand);
    const members = new Set(mine.flatMap((block) => block.order));
    const collectors = new Set(mine.map((block) => block.collect));
    for (const perItem of [expand, ...members]) {
      for (const reader of consumers.get(perItem.name) ?? []) {
        if (members.has(reader) || collectors.has(reader)) continue;
        fail(
          reader,
          `"${reader.name}" reads "${perItem.name}", a per-item value of parallelizable "${expand.name}", but no collect node gathers it. Make it feed a collect(…) node, or read the collected list instead.`,
        );
      }
    }
  }
}

function closure(start: readonly string[], next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...next(name));
  }
  return seen;
}

function topologicalOrder(nodes: readonly NodeSpec[], members: ReadonlySet<string>): NodeSpec[] {
  const ordered: NodeSpec[] = [];
  const placed = new Set<string>();
  let remaining = [...nodes];
  while (remaining.length > 0) {
    const ready = remaining.filter((node) => node.params.every((param) => !members.has(param.name) || placed.has(param.name)));
    // The graph build reports cycles with their path; here a stuck block just keeps its order.
    const batch = ready.length > 0 ? ready : remaining;
    for (const node of batch) placed.add(node.name);
    ordered.push(...batch);
    remaining = remaining.filter((node) => !placed.has(node.name));
  }
  return ordered;
}

/**
 * Where one argument of a block function comes from while an item runs: the item, the value of
 * an earlier block node (by its index in the block's order), or an argument of the compiled
 * collect node (by its index; 0 is the items list itself, which no block node reads that way).
 */
export type BlockSlot = { readonly from: "item" } | { readonly from: "block"; readonly index: number } | { readonly from: "outer"; readonly index: number };

/**
 * What an executor needs to run a compiled block's items elsewhere (e.g. on worker threads):
 * the block's nodes in order and how each one's arguments are wired. The compiled collect
 * node's arguments are `[items, ...outer values]`; the engine finds this description with
 * `parallelBlockOf(fn)` and, when the executor takes the items, calls `finish` with the gathered list.
 */
export interface ParallelBlock {
  /** The collecting node (the compiled node's name). */
  readonly collect: string;
  /** The `parallelizable` node whose items the block runs over. */
  readonly expand: string;
  /** The block's nodes in topological order. */
  readonly steps: readonly string[];
  /** Per step, where each of its arguments comes from. */
  readonly wiring: readonly (readonly BlockSlot[])[];
  /** The value gathered per item. */
  readonly gathered: BlockSlot;
  /** The items, from the compiled node's first argument. @throws FuncflowError `node_failed` when it is not a list or iterable. */
  items(value: unknown): readonly unknown[];
  /** Calls the collecting function with the gathered list and the compiled node's arguments. */
  finish(gathered: unknown[], args: readonly unknown[]): unknown;
  /** The error for step `step` failing on item `index`, as the main-thread path reports it. */
  itemFailed(step: number, index: number, error: unknown): FuncflowError;
}

/** Compiled collect functions and their blocks, so the engine can hand the items to an executor. */
const blocksByFunction = new WeakMap<object, ParallelBlock>();

/**
 * The block a compiled collect node's function runs, or undefined for any other function.
 * @example const block = parallelBlockOf(graph.functions[graph.indexOf.get("total")!]);
 */
export function parallelBlockOf(fn: unknown): ParallelBlock | undefined {
  return typeof fn === "function" ? blocksByFunction.get(fn) : undefined;
}

/** The collecting node's spec: reads the items and whatever the block reads from outside. */
function compileBlock({ collect, expand, gathers, order }: Block): NodeSpec {
  const indexInBlock = new Map(order.map((node, index) => [node.name, index]));
  const outer: NodeParam[] = [{ name: expand.name, type: expand.type, optional: false }];
  const outerIndex = (param: NodeParam): number => {
    const found = outer.findIndex((known) => known.name === param.name);
    if (found >= 0) {
      if (!param.optional) outer[found] = { ...outer[found]!, optional: false };
      return found;
    }
    return outer.push(param) - 1;
  };
  const slotOf = (param: NodeParam): BlockSlot =>
    param.name === expand.name
      ? { from: "item" }
      : indexInBlock.has(param.name)
        ? { from: "block", index: indexInBlock.get(param.name)! }
        : { from: "outer", index: outerIndex(param) };
  const stepSlots = order.map((node) => node.params.map(slotOf));
  const collectSlots = collect.params.map((param) => (param.name === gathers ? undefined : outerIndex(param)));
  const gatheredSlot: BlockSlot = gathers === expand.name ? { from: "item" } : { from: "block", index: indexInBlock.get(gathers)! };
  const names = { collect: collect.name, expand: expand.name };
  const itemFailed = (step: number, index: number, error: unknown) => blockItemFailed(order[step]!.name, index, error, names);
  const fns = order.map((node) => node.fn as AnyFunction);
  const collectFn = collect.fn as AnyFunction;
  const finish = (gathered: unknown[], args: readonly unknown[]) =>
    collectFn(...collectSlots.map((slot) => (slot === undefined ? gathered : args[slot])));
  const fn = (items: unknown, ...outerValues: unknown[]): unknown => {
    const args = [items, ...outerValues];
    const gathered = runBlockItems(fns, stepSlots, gatheredSlot, toList(items, expand.name), args, itemFailed);
    return Array.isArray(gathered) ? finish(gathered, args) : gathered.then((list) => finish(list, args));
  };
  blocksByFunction.set(fn, {
    collect: collect.name,
    expand: expand.name,
    steps: order.map((node) => node.name),
    wiring: stepSlots,
    gathered: gatheredSlot,
    items: (value) => toList(value, expand.name),
    finish,
    itemFailed,
  });
  return {
    ...collect,
    fn: fn as NodeSpec["fn"],
    params: outer,
    isAsync: collect.isAsync || order.some((node) => node.isAsync),
    parallel: { kind: "collect", param: gathers, gathers, items: expand.name },
  };
}

function toList(items: unknown, expand: string): readonly unknown[] {
  if (Array.isArray(items)) return items;
  if (items !== null && typeof items === "object" && Symbol.iterator in items) return Array.from(items as Iterable<unknown>);
  throw new FuncflowError("node_failed", `The items of "${expand}" must be a list or an iterable, got ${items === null ? "null" : typeof items}.`, { node: expand });
}

function blockItemFailed(node: string, index: number, error: unknown, names: { collect: string; expand: string }): FuncflowError {
  return error instanceof FuncflowError && error.code === "node_failed"
    ? error
    : new FuncflowError(
        "node_failed",
        `Node "${node}" failed for item ${index} of "${names.expand}" (collected by "${names.collect}"): ${error instanceof Error ? error.message : String(error)}. The original error is the cause.`,
        { node, cause: error, details: { item: index, expand: names.expand, collect: names.collect } },
      );
}

/**
 * Runs a block's functions for every item, in item order (synchronously while they return
 * values; items whose functions are async run concurrently) and returns the gathered values, or
 * a promise of them. `firstIndex` is the index of `items[0]` among all the block's items (a worker
 * runs a slice); `failed` turns an item's error into what is thrown. Worker threads run this too.
 * @example runBlockItems([double], [[{ from: "item" }]], { from: "block", index: 0 }, [1, 2], [], (s, i, e) => e as Error); // [2, 4]
 */
export function runBlockItems(
  fns: readonly ((...args: unknown[]) => unknown)[],
  wiring: readonly (readonly BlockSlot[])[],
  gathered: BlockSlot,
  items: readonly unknown[],
  outer: readonly unknown[],
  failed: (step: number, index: number, error: unknown) => unknown,
  firstIndex = 0,
): unknown[] | Promise<unknown[]> {
  const read = (slot: BlockSlot, item: unknown, values: unknown[]) =>
    slot.from === "item" ? item : slot.from === "block" ? values[slot.index] : outer[slot.index];
  const runItem = (item: unknown, index: number, values: unknown[], from: number): unknown => {
    for (let step = from; step < fns.length; step++) {
      let result: unknown;
      try {
        result = fns[step]!(...wiring[step]!.map((slot) => read(slot, item, values)));
      } catch (error) {
        throw failed(step, index, error);
      }
      if (isThenable(result)) {
        return Promise.resolve(result).then(
          (settled) => {
            values[step] = settled;
            return runItem(item, index, values, step + 1);
          },
          (error: unknown) => {
            throw failed(step, index, error);
          },
        );
      }
      values[step] = result;
    }
    return read(gathered, item, values);
  };
  const results = new Array<unknown>(items.length);
  let pending: Promise<unknown>[] | undefined;
  for (let i = 0; i < items.length; i++) {
    let result: unknown;
    try {
      result = runItem(items[i], firstIndex + i, new Array<unknown>(fns.length), 0);
    } catch (error) {
      // Items already waiting may still fail; their rejections must not go unhandled.
      for (const promise of pending ?? []) promise.catch(() => {});
      throw error;
    }
    if (isThenable(result)) (pending ??= []).push(Promise.resolve(result).then((value) => (results[i] = value)));
    else results[i] = result;
  }
  return pending === undefined ? results : Promise.all(pending).then(() => results);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as PromiseLike<unknown>).then === "function";
}
