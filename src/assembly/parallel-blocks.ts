/**
 * Parallel fan-out without a special executor: each block (the nodes downstream of a
 * `parallelizable` node and upstream of a `collect` node) is compiled into the collecting node,
 * whose function runs the block's functions once per item, in topological order (synchronously
 * while they return values, awaiting them once one returns a promise; items whose functions are
 * async run concurrently), then calls the collecting function with the gathered list. The block's
 * nodes stay in the graph for listNodes and DOT (`role: "parallel-item"`); the planner refuses to
 * run or override them on their own, unless an override cuts them off from their items (then
 * they run once, as plain nodes, as in Hamilton).
 */
import { FuncflowError, listNames } from "../errors/index.ts";
import { blockItemFailed, currentBlockContext, stepsTakingSentinels, describeSource, blockItemsOf, PARALLEL_ITEM_ROLE, reachable, registerParallelBlock, runBlockItems, toList, type BlockObserver, type BlockSlot, type BlockStepObserver, type NodeParam, type NodeSpec } from "../graph/index.ts";
import type { ResolvedNodes } from "./resolve-variants.ts";
import { ERROR_SENTINELS_TAG } from "../decorators/index.ts";
import { NodeCallHookError } from "../hooks/index.ts";


type AnyFunction = (...args: unknown[]) => unknown;
type StepRecovery = (step: number, index: number, error: unknown) => { readonly value: unknown } | undefined;

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
  refuseNestedFanOuts(resolved.specs, consumers);
  const blocks = collects.map((collect) => findBlock(collect, byName, consumers));
  const deadEnds = checkContainment(resolved.specs, blocks, consumers);
  const compiled = new Map(blocks.map((block) => [block.collect, compileBlock(block)]));
  const inBlock = new Map(blocks.flatMap((block) => block.order.map((node) => [node, block.expand] as const)));
  const specs = resolved.specs.map((spec) => {
    const compound = compiled.get(spec);
    if (compound !== undefined) return compound;
    const expand = inBlock.get(spec) ?? deadEnds.get(spec);
    return expand === undefined ? spec : { ...spec, role: PARALLEL_ITEM_ROLE, group: `for each ${expand.name}` };
  });
  return { ...resolved, specs };
}

function fail(node: NodeSpec, message: string): never {
  throw new FuncflowError("invalid_modifier", `${describeSource(node.source)}: ${message}`, { node: node.name });
}

/**
 * A fan-out reached from another one's per-item values before any collect closes it is nested.
 * Checked before the blocks are looked for, since a collect of such an inner block's collect
 * would otherwise be told it has no parallelizable node upstream (the walk stops at collects).
 */
function refuseNestedFanOuts(specs: readonly NodeSpec[], consumers: ReadonlyMap<string, readonly NodeSpec[]>): void {
  for (const expand of specs.filter((spec) => spec.parallel?.kind === "expand")) {
    const stack: NodeSpec[] = [expand];
    const seen = new Set<NodeSpec>(stack);
    while (stack.length > 0) {
      const perItem = stack.pop()!;
      for (const reader of consumers.get(perItem.name) ?? []) {
        if (seen.has(reader) || reader.parallel?.kind === "collect") continue;
        if (reader.parallel?.kind === "expand") {
          fail(reader, `"${reader.name}" reads "${perItem.name}", a per-item value of parallelizable "${expand.name}", and is itself parallelizable; nested fan-outs are not supported. Collect "${perItem.name}" first and fan out over the collected list, or make the inner items a plain list inside one node.`);
        }
        seen.add(reader);
        stack.push(reader);
      }
    }
  }
}

/** The `parallelizable` node upstream of `collect`'s gathered parameter, and the nodes between. */
function findBlock(collect: NodeSpec, byName: ReadonlyMap<string, NodeSpec>, consumers: ReadonlyMap<string, readonly NodeSpec[]>): Block {
  const gathers = (collect.parallel as { param: string }).param;
  // A block ends upstream at its parallelizable node; a collect before it closed an earlier
  // block and yields one plain value, so blocks in a row (collect → parallelizable → collect,
  // as in Hamilton's examples/parallelism/star_counting) are separate blocks.
  const upstream = reachable([gathers], (name) => {
    const spec = byName.get(name);
    return spec === undefined || spec.parallel !== undefined ? [] : spec.params.map((param) => param.name);
  });
  const expands = [...upstream].map((name) => byName.get(name)).filter((spec): spec is NodeSpec => spec?.parallel?.kind === "expand");
  if (expands.length === 0) {
    fail(collect, `collect gathers "${gathers}", but no parallelizable node lies upstream of it. Mark the node that yields the items with parallelizable(…).`);
  }
  if (expands.length > 1) {
    fail(collect, `collect gathers "${gathers}", which lies downstream of several parallelizable nodes (${listNames(expands.map((e) => e.name))}); nested or joined fan-outs are not supported.`);
  }
  const expand = expands[0]!;
  const downstream = reachable([expand.name], (name) => (consumers.get(name) ?? []).map((spec) => spec.name));
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

/**
 * Per-item values stay per item: a node reading one is in a block of the same fan-out, is the
 * collect gathering it, or leads to no collect at all. Such a dead end (a column extracted in
 * the block that nothing reads, as in Hamilton's examples/parallelism/file_processing) is kept,
 * as Hamilton keeps it, and marked per-item, so it can never be requested or run on its own.
 * Returns those dead-end nodes with their fan-out. A collect reading a per-item value through a
 * parameter other than its collected one would see one item's value, so it is refused.
 */
function checkContainment(specs: readonly NodeSpec[], blocks: readonly Block[], consumers: ReadonlyMap<string, readonly NodeSpec[]>): Map<NodeSpec, NodeSpec> {
  const deadEnds = new Map<NodeSpec, NodeSpec>();
  for (const expand of specs.filter((spec) => spec.parallel?.kind === "expand")) {
    const mine = blocks.filter((block) => block.expand === expand);
    const members = new Set(mine.flatMap((block) => block.order));
    const collectors = new Set(mine.map((block) => block.collect));
    const stack: NodeSpec[] = [expand, ...members];
    const seen = new Set<NodeSpec>(stack);
    while (stack.length > 0) {
      const perItem = stack.pop()!;
      for (const reader of consumers.get(perItem.name) ?? []) {
        // findBlock checked what a collect reads from its own block.
        if (members.has(reader) || seen.has(reader) || (collectors.has(reader) && !deadEnds.has(perItem))) continue;
        if (reader.parallel?.kind === "collect") {
          fail(
            reader,
            `"${reader.name}" reads "${perItem.name}", a per-item value of parallelizable "${expand.name}", but does not collect it. Make "${perItem.name}" feed the collected parameter, or read the collected list instead.`,
          );
        }
        if (reader.parallel?.kind === "expand") {
          fail(reader, `"${reader.name}" reads "${perItem.name}", a per-item value of parallelizable "${expand.name}", and is itself parallelizable; nested fan-outs are not supported.`);
        }
        seen.add(reader);
        deadEnds.set(reader, expand);
        stack.push(reader);
      }
    }
  }
  return deadEnds;
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
  // A hook's own error leaves the block as it is: the engine reports it as the adapter's.
  const itemFailedOrHook = (step: number, index: number, error: unknown) => (error instanceof NodeCallHookError ? error : itemFailed(step, index, error));
  /**
   * Runs the block with the run's node hooks around each step of each item. A failure is
   * decided (graceful errors) inside the observer, before the node's afterNode, so its
   * `recovered` is known; the block's own recovery step then takes that decision rather than
   * asking again. A hook's error is never recovered.
   */
  const runObserved = <T>(observer: BlockObserver, recover: StepRecovery | undefined, run: (recoverOnce: StepRecovery | undefined, observe: BlockStepObserver) => T): T => {
    const decided = new Map<string, { readonly value: unknown } | undefined>();
    const observe: BlockStepObserver = {
      call: (step, index, stepArgs) =>
        observer.run(order[step]!.name, index, stepArgs, () => fns[step]!(...stepArgs), recover && ((error) => {
          const decision = recover(step, index, error);
          decided.set(`${step}:${index}`, decision);
          return decision;
        })),
      skipped: (step, index, because) => observer.skipped(order[step]!.name, index, because.from === "block" ? order[because.index]!.name : expand.name),
    };
    const recoverOnce: StepRecovery | undefined =
      recover &&
      ((step, index, error) => {
        if (error instanceof NodeCallHookError) return undefined;
        const key = `${step}:${index}`;
        if (!decided.has(key)) return recover(step, index, error);
        const decision = decided.get(key);
        decided.delete(key);
        return decision;
      });
    return run(recoverOnce, observe);
  };
  const acceptsSentinels = order.map((node) => node.tags[ERROR_SENTINELS_TAG] !== undefined);
  const collectFn = collect.fn as AnyFunction;
  const finish = (gathered: unknown[], args: readonly unknown[]) =>
    collectFn(...collectSlots.map((slot) => (slot === undefined ? gathered : args[slot])));
  const fn = (items: unknown, ...outerValues: unknown[]): unknown => {
    const args = [items, ...outerValues];
    // A graceful-error adapter of the run (if any) decides each item's failures.
    const context = currentBlockContext();
    const recoverNode = context?.recover;
    const recover: StepRecovery | undefined = recoverNode && ((step, index, error) => recoverNode(order[step]!.name, index, error));
    const { list, failed } = blockItemsOf(items, expand.name);
    const observer = context?.observer;
    const gathered =
      observer === undefined
        ? runBlockItems(fns, stepSlots, gatheredSlot, list, args, itemFailed, 0, recover, stepsTakingSentinels(acceptsSentinels, recoverNode), failed)
        : runObserved(observer, recover, (recoverOnce, observe) => runBlockItems(fns, stepSlots, gatheredSlot, list, args, itemFailedOrHook, 0, recoverOnce, stepsTakingSentinels(acceptsSentinels, recoverNode), failed, observe));
    return Array.isArray(gathered) ? finish(gathered, args) : gathered.then((list) => finish(list, args));
  };
  registerParallelBlock(fn, {
    collect: collect.name,
    expand: expand.name,
    steps: order.map((node) => node.name),
    wiring: stepSlots,
    gathered: gatheredSlot,
    acceptsSentinels,
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

