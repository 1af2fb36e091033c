/**
 * Builds the function graph from resolved node specs: edges from parameter names, external
 * inputs for names nothing produces, config values for names config provides, and a cycle
 * check with the cycle's path.
 */
import { FuncflowError } from "../errors/index.ts";
import { type Config, type NodeFunction, findCycle, type FunctionGraph, type HiddenFunction, type NodeInfo, describeSource, type NodeSpec } from "../graph/index.ts";
import { nodeInfos, type ExternalNode } from "./node-infos.ts";
import type { ManifestNonFunctionExport } from "../manifest/index.ts";
import type { ResolvedNodes } from "./resolve-variants.ts";
import { duplicateNode } from "./keep-last-definitions.ts";
import { narrowInputType, type InputUse, type MembersCache } from "./narrow-input-type.ts";
import type { CodeVersionOf } from "./code-version-lookup.ts";

/** An exported non-function, so a parameter asking for it gets a clear error. */
export interface NonFunctionExport extends ManifestNonFunctionExport {
  readonly module: string;
}

/**
 * Builds and validates the graph; throws `cycle` or `invalid_export`. `hiddenFunctions` (functions
 * the modules do not export by name) are kept so a missing input named like one is explained.
 * `codeVersionOf` gives each function node its `version` when the node infos are made.
 */
export function buildGraph(
  { specs, excluded }: ResolvedNodes,
  config: Config,
  nonFunctionExports: readonly NonFunctionExport[] = [],
  hiddenFunctions: readonly HiddenFunction[] = [],
  codeVersionOf?: CodeVersionOf,
): FunctionGraph {
  // Hamilton's rule: a config key named like a function replaces that function.
  const functionSpecs = specs.some((spec) => Object.hasOwn(config, spec.name)) ? specs.filter((spec) => !Object.hasOwn(config, spec.name)) : specs;
  const functionCount = functionSpecs.length;
  const names = new Array<string>(functionCount);
  const indexOf = new Map<string, number>();
  for (let index = 0; index < functionCount; index++) indexOf.set((names[index] = functionSpecs[index]!.name), index);
  if (indexOf.size < functionCount) rejectDuplicates(functionSpecs, indexOf);
  const externals: ExternalNode[] = [];
  // Only inputs whose consumers declare different types: most inputs never get an entry.
  const inputUses = new Map<ExternalNode, InputUse[]>();
  const nonFunctions = new Map(nonFunctionExports.map((entry) => [entry.exportName, entry]));

  // Dependencies as compressed rows: a few arrays for the whole graph, not a few per node
  // (the profile of a 100k-node build showed per-node arrays as garbage-collector time).
  const dependencyStart = new Int32Array(functionCount + 1);
  for (let index = 0; index < functionCount; index++) dependencyStart[index + 1] = dependencyStart[index]! + functionSpecs[index]!.params.length;
  const dependencyEdges = new Int32Array(dependencyStart[functionCount]!);
  const optionalEdges = new Uint8Array(dependencyEdges.length);
  for (let index = 0, at = 0; index < functionCount; index++) {
    const spec = functionSpecs[index]!;
    for (const param of spec.params) {
      let dependency = indexOf.get(param.name);
      if (dependency === undefined) {
        if (!Object.hasOwn(config, param.name)) rejectNonFunction(nonFunctions.get(param.name), spec);
        externals.push({ name: param.name, consumer: spec, excludedVariants: excluded.get(param.name) });
        dependency = names.push(param.name) - 1;
        indexOf.set(param.name, dependency);
      } else if (dependency >= functionCount) {
        noteInputUse(inputUses, externals[dependency - functionCount]!, param.type, spec);
      }
      optionalEdges[at] = param.optional ? 1 : 0;
      dependencyEdges[at++] = dependency;
    }
  }
  const inputTypeConflict = narrowInputTypes(externals, inputUses, config);
  // Hamilton's rule: every config key is a node, read by functions or not, so it can be asked
  // for as an output, listed and drawn (a key that replaced a function stands for it).
  for (const key of Object.keys(config)) {
    if (indexOf.has(key)) continue;
    externals.push({ name: key, consumer: undefined, excludedVariants: undefined });
    indexOf.set(key, names.push(key) - 1);
  }
  const nodeCount = names.length;
  const fullStart = new Int32Array(nodeCount + 1);
  fullStart.set(dependencyStart);
  fullStart.fill(dependencyEdges.length, functionCount + 1);
  const view = withGatheredLinks(functionSpecs, indexOf, fullStart, dependencyEdges, optionalEdges);
  const { consumerStart, consumerEdges } = consumersOf(view.start, view.edges, nodeCount);
  const topologicalOrder = orderTopologically(view.start, view.edges, consumerStart, consumerEdges, names);
  return indexedGraph({
    indexOf,
    names,
    functionCount,
    specs: functionSpecs,
    externals,
    view,
    dependencyStart: fullStart,
    dependencyEdges,
    optionalEdges,
    consumerStart,
    consumerEdges,
    topologicalOrder,
    config,
    excluded,
    hiddenFunctions: hiddenFunctions.length > 0 ? new Map(hiddenFunctions.map((hidden) => [hidden.name, hidden])) : undefined,
    inputTypeConflict,
  }, codeVersionOf);
}

/** Records a later consumer's type of an input, when it differs from the first consumer's. */
function noteInputUse(inputUses: Map<ExternalNode, InputUse[]>, external: ExternalNode, type: string, consumer: NodeSpec): void {
  const uses = inputUses.get(external);
  if (uses !== undefined) uses.push({ type, consumer });
  else if (external.consumer !== undefined) {
    const first = external.consumer.params.find((param) => param.name === external.name)!;
    if (first.type !== type) inputUses.set(external, [{ type: first.type, consumer: external.consumer }, { type, consumer }]);
  }
}

/**
 * Gives each input read with different declared types the one every consumer accepts (see
 * narrowInputType); returns the conflicts as one error, for the Builder to throw (an input in
 * conflict keeps its first consumer's type). Config keys keep their first consumer's type:
 * their value is given, not asked for.
 */
function narrowInputTypes(externals: ExternalNode[], inputUses: ReadonlyMap<ExternalNode, readonly InputUse[]>, config: Config): FuncflowError | undefined {
  const conflicts: FuncflowError[] = [];
  if (inputUses.size === 0) return undefined;
  const membersCache: MembersCache = new Map();
  externals.forEach((external, index) => {
    const uses = inputUses.get(external);
    if (uses === undefined || Object.hasOwn(config, external.name)) return;
    try {
      externals[index] = { ...external, type: narrowInputType(external.name, uses, membersCache) };
    } catch (error) {
      if (!(error instanceof FuncflowError)) throw error;
      conflicts.push(error);
    }
  });
  return conflicts.length <= 1 ? conflicts[0] : everyConflict(conflicts);
}

/**
 * Several inputs in conflict as one error, so one build lists them all: the first one's fields
 * (`input`, `node`, `neededBy`), and each one's in `details.conflicts`.
 */
function everyConflict(conflicts: readonly FuncflowError[]): FuncflowError {
  const [first] = conflicts;
  return new FuncflowError("edge_type_mismatch", `${conflicts.length} inputs have no one type that fits every function asking for them.\n${conflicts.map((conflict) => conflict.message).join("\n")}`, {
    input: first!.input,
    node: first!.node,
    neededBy: first!.neededBy,
    details: { conflicts: conflicts.map((conflict) => ({ input: conflict.input, neededBy: conflict.neededBy, ...conflict.details })) },
  });
}

type GraphParts = Omit<FunctionGraph, "nodes" | "dependencies" | "consumers" | "optional" | "functions"> & {
  readonly externals: readonly ExternalNode[];
  readonly view: ViewEdges;
};

/** The edges as users see the graph, as compressed rows (see `withGatheredLinks`). */
interface ViewEdges {
  readonly start: Int32Array;
  readonly edges: Int32Array;
  readonly optional: Uint8Array;
}

/**
 * The planner's edges plus, for each compiled collect, an edge from the per-item node it
 * gathers (Hamilton's `star_count -> stars_by_repo`). The compiled function reads the block's
 * inputs instead, so without this link the block hangs off the graph: upstreamOf(collect)
 * missed the per-item nodes, downstreamOf(per-item node) missed the collect, and a view of the
 * collect's path left the block out. The rows are the planner's own when there is no such link.
 */
function withGatheredLinks(specs: readonly NodeSpec[], indexOf: ReadonlyMap<string, number>, start: Int32Array, edges: Int32Array, optional: Uint8Array): ViewEdges {
  const links = new Map<number, number>();
  specs.forEach((spec, index) => {
    const gathered = spec.parallel?.kind === "collect" && spec.parallel.gathers !== undefined ? indexOf.get(spec.parallel.gathers) : undefined;
    if (gathered !== undefined && !edges.subarray(start[index]!, start[index + 1]!).includes(gathered)) links.set(index, gathered);
  });
  if (links.size === 0) return { start, edges, optional };
  const viewStart = new Int32Array(start.length);
  const viewEdges = new Int32Array(edges.length + links.size);
  const viewOptional = new Uint8Array(viewEdges.length);
  for (let node = 0, at = 0; node < start.length - 1; node++) {
    viewEdges.set(edges.subarray(start[node]!, start[node + 1]!), at);
    viewOptional.set(optional.subarray(start[node]!, start[node + 1]!), at);
    at += start[node + 1]! - start[node]!;
    const gathered = links.get(node);
    if (gathered !== undefined) viewEdges[at++] = gathered;
    viewStart[node + 1] = at;
  }
  return { start: viewStart, edges: viewEdges, optional: viewOptional };
}

/** The graph with its per-node views made on first use (and kept). */
function indexedGraph({ externals, view, ...parts }: GraphParts, codeVersionOf: CodeVersionOf | undefined): FunctionGraph {
  let nodes: readonly NodeInfo[] | undefined;
  let dependencies: readonly Int32Array[] | undefined;
  let consumers: readonly Int32Array[] | undefined;
  let optional: readonly Uint8Array[] | undefined;
  let functions: readonly (NodeFunction | undefined)[] | undefined;
  const { names, specs, config, consumerStart, consumerEdges } = parts;
  const consumerNames = (index: number) => {
    const list = new Array<string>(consumerStart[index + 1]! - consumerStart[index]!);
    for (let i = 0; i < list.length; i++) list[i] = names[consumerEdges[consumerStart[index]! + i]!]!;
    return Object.freeze(list);
  };
  return {
    ...parts,
    get nodes() {
      return (nodes ??= nodeInfos(specs, externals, config, consumerNames, codeVersionOf));
    },
    get dependencies() {
      return (dependencies ??= rows(view.start, view.edges));
    },
    get consumers() {
      return (consumers ??= rows(consumerStart, consumerEdges));
    },
    get optional() {
      return (optional ??= rows(view.start, view.optional));
    },
    get functions() {
      return (functions ??= Array.from(names, (_, index) => specs[index]?.fn));
    },
  };
}

/** Compressed rows as one view per row. */
function rows<Row extends Int32Array | Uint8Array>(start: Int32Array, values: Row): Row[] {
  const list = new Array<Row>(start.length - 1);
  for (let i = 0; i < list.length; i++) list[i] = values.subarray(start[i]!, start[i + 1]!) as Row;
  return list;
}

/** The reverse adjacency as compressed rows: for every node, the nodes that read it. */
function consumersOf(dependencyStart: Int32Array, dependencyEdges: Int32Array, nodeCount: number) {
  const consumerStart = new Int32Array(nodeCount + 1);
  for (let i = 0; i < dependencyEdges.length; i++) consumerStart[dependencyEdges[i]! + 1]!++;
  for (let i = 0; i < nodeCount; i++) consumerStart[i + 1]! += consumerStart[i]!;
  const consumerEdges = new Int32Array(dependencyEdges.length);
  const filled = consumerStart.slice(0, nodeCount);
  for (let consumer = 0; consumer < nodeCount; consumer++) {
    for (let i = dependencyStart[consumer]!; i < dependencyStart[consumer + 1]!; i++) consumerEdges[filled[dependencyEdges[i]!]!++] = consumer;
  }
  return { consumerStart, consumerEdges };
}

/**
 * Two functions of one node name: plain functions (variant resolution skips its map by name
 * when every function is plain), or nodes a modifier made.
 */
function rejectDuplicates(specs: readonly NodeSpec[], indexOf: ReadonlyMap<string, number>): never {
  const index = specs.findIndex((spec, position) => indexOf.get(spec.name) !== position);
  const first = specs[index]!;
  const second = specs[indexOf.get(first.name)!]!;
  const where = [first, second].map((spec) => describeSource(spec.source));
  if (isPipeNode(first) || isPipeNode(second)) rejectStepNamespace(first, second, where);
  throw duplicateNode(first.name, first.source, second.source, "Rename one of them (or the nodes a modifier makes)");
}

/** A node a pipe made: a step, or the `.raw` output a `pipeOutput`/`mutate` moved its function to. */
function isPipeNode(spec: NodeSpec): boolean {
  return spec.role === "step" || spec.role === "raw";
}

/** Two functions' pipes (or a pipe and a node) whose step namespaces make one name. */
function rejectStepNamespace(first: NodeSpec, second: NodeSpec, where: readonly string[]): never {
  const describe = (spec: NodeSpec, at: string) =>
    spec.role === "step" ? `a pipe step of ${at}` : spec.role === "raw" ? `the raw output of the pipe on ${at}` : at;
  throw new FuncflowError(
    "invalid_modifier",
    `Node "${first.name}" is made twice: by ${describe(first, where[0]!)} and by ${describe(second, where[1]!)}. ` +
      `A step's node is "<namespace>.<step>" (the namespace is the function's name unless the pipe sets one; null means none): give one pipe another namespace ({ namespace: "…" }) or the step another name (.named(…)).`,
    { node: first.name, details: { definitions: where } },
  );
}

function rejectNonFunction(entry: NonFunctionExport | undefined, consumer: NodeSpec): void {
  if (entry === undefined) return;
  const what = { "not-a-function": "a value, not a function", class: "a class", "opaque-function": "made by a call, so its parameters cannot be seen" }[entry.reason];
  throw new FuncflowError(
    "invalid_export",
    `${describeSource(consumer.source)}: parameter "${entry.exportName}" names the export "${entry.exportName}" of ${entry.module}:${entry.line}, which is ${what}, so it is not a node. Make it a function (\`export const ${entry.exportName} = () => …\`), pass "${entry.exportName}" as an input or config value, or rename the export.`,
    { node: consumer.name, input: entry.exportName },
  );
}

/** Kahn's algorithm over compressed rows; nodes left over lie on or behind a cycle. */
function orderTopologically(dependencyStart: Int32Array, dependencyEdges: Int32Array, consumerStart: Int32Array, consumerEdges: Int32Array, names: readonly string[]): Int32Array {
  const count = names.length;
  const waitingOn = new Int32Array(count);
  for (let index = 0; index < count; index++) waitingOn[index] = dependencyStart[index + 1]! - dependencyStart[index]!;
  const order = new Int32Array(count);
  let ordered = 0;
  for (let index = 0; index < count; index++) if (waitingOn[index] === 0) order[ordered++] = index;
  for (let head = 0; head < ordered; head++) {
    const node = order[head]!;
    for (let i = consumerStart[node]!; i < consumerStart[node + 1]!; i++) if (--waitingOn[consumerEdges[i]!]! === 0) order[ordered++] = consumerEdges[i]!;
  }
  if (ordered < count) {
    const stuck = new Set<number>();
    waitingOn.forEach((waiting, index) => waiting > 0 && stuck.add(index));
    const path = findCycle(rows(dependencyStart, dependencyEdges), stuck).map((index) => names[index]!);
    throw new FuncflowError(
      "cycle",
      `The graph has a cycle: ${path.join(" → ")}. A node cannot depend on itself, directly or through others; rename a parameter or split a function to break it.`,
      { node: path[0], details: { cycle: path } },
    );
  }
  return order;
}
