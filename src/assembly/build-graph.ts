/**
 * Builds the function graph from resolved node specs: edges from parameter names, external
 * inputs for names nothing produces, config values for names config provides, and a cycle
 * check with the cycle's path.
 */
import { FuncflowError } from "../errors/index.ts";
import { type Config, type NodeFunction, findCycle, type FunctionGraph, type HiddenFunction, type NodeInfo, describeSource, type NodeSpec } from "../graph/index.ts";
import type { ManifestNonFunctionExport } from "../manifest/index.ts";
import type { ResolvedNodes } from "./resolve-variants.ts";

/** An exported non-function, so a parameter asking for it gets a clear error. */
export interface NonFunctionExport extends ManifestNonFunctionExport {
  readonly module: string;
}

/**
 * Builds and validates the graph; throws `cycle` or `invalid_export`. `hiddenFunctions` (functions
 * the modules do not export by name) are kept so a missing input named like one is explained.
 */
export function buildGraph(
  { specs, excluded }: ResolvedNodes,
  config: Config,
  nonFunctionExports: readonly NonFunctionExport[] = [],
  hiddenFunctions: readonly HiddenFunction[] = [],
): FunctionGraph {
  // Hamilton's rule: a config key named like a function replaces that function.
  const functionSpecs = specs.filter((spec) => !Object.hasOwn(config, spec.name));
  const names = functionSpecs.map((spec) => spec.name);
  const indexOf = new Map<string, number>();
  for (let index = 0; index < names.length; index++) indexOf.set(names[index]!, index);
  if (indexOf.size < names.length) rejectDuplicates(functionSpecs, indexOf);
  const externals: NodeInfo[] = [];
  const nonFunctions = new Map(nonFunctionExports.map((entry) => [entry.exportName, entry]));

  const indexFor = (name: string, consumer: NodeSpec): number => {
    const known = indexOf.get(name);
    if (known !== undefined) return known;
    if (!Object.hasOwn(config, name)) rejectNonFunction(nonFunctions.get(name), consumer);
    externals.push(externalNode(name, consumer, config, excluded.get(name)));
    names.push(name);
    indexOf.set(name, names.length - 1);
    return names.length - 1;
  };
  // Every node's dependencies are views into one buffer: one allocation per node instead of
  // three (view, buffer, backing store), which the profile showed as garbage-collector time.
  let edgeCount = 0;
  for (const spec of functionSpecs) edgeCount += spec.params.length;
  const edges = new Int32Array(edgeCount);
  const dependencies: Int32Array[] = new Array(functionSpecs.length);
  let at = 0;
  for (let index = 0; index < functionSpecs.length; index++) {
    const spec = functionSpecs[index]!;
    for (let i = 0; i < spec.params.length; i++) edges[at + i] = indexFor(spec.params[i]!.name, spec);
    dependencies[index] = edges.subarray(at, (at += spec.params.length));
  }
  for (let index = functionSpecs.length; index < names.length; index++) dependencies.push(NO_EDGES);
  const consumers = consumersOf(dependencies);
  // Frozen, so the nodes `listNodes` hands out cannot be used to change the graph.
  const dependentNames = (index: number) => {
    const readers = consumers[index]!;
    const list = new Array<string>(readers.length);
    for (let i = 0; i < readers.length; i++) list[i] = names[readers[i]!]!;
    return Object.freeze(list);
  };
  const nodes = Object.freeze([
    ...functionSpecs.map((spec, index) => functionNode(spec, dependentNames(index))),
    ...externals.map((node, offset) => Object.freeze({ ...node, dependents: dependentNames(functionSpecs.length + offset) })),
  ]);
  return {
    nodes,
    indexOf,
    dependencies,
    consumers,
    optional: dependencies.map((deps, index) => optionalFlags(index < functionSpecs.length ? functionSpecs[index]!.params : [])),
    functions: dependencies.map((_, index): NodeFunction | undefined => functionSpecs[index]?.fn),
    topologicalOrder: orderTopologically(dependencies, consumers, nodes),
    config,
    excluded,
    ...(hiddenFunctions.length > 0 ? { hiddenFunctions: new Map(hiddenFunctions.map((hidden) => [hidden.name, hidden])) } : {}),
  };
}

/** Shared by every node without dependencies (or consumers); never written. */
const NO_EDGES = new Int32Array(0);

/** All-zero flags shared by every node of that many parameters, none optional (nearly all nodes). */
const NONE_OPTIONAL: Uint8Array[] = [];

/** Per parameter, 1 where it is optional; read-only. */
function optionalFlags(params: readonly NodeSpec["params"][number][]): Uint8Array {
  if (!params.some((param) => param.optional)) return (NONE_OPTIONAL[params.length] ??= new Uint8Array(params.length));
  const flags = new Uint8Array(params.length);
  for (let i = 0; i < params.length; i++) flags[i] = params[i]!.optional ? 1 : 0;
  return flags;
}

/** The reverse adjacency: for every node, the nodes that read it. */
function consumersOf(dependencies: readonly Int32Array[]): Int32Array[] {
  const counts = new Int32Array(dependencies.length);
  for (const deps of dependencies) for (const dep of deps) counts[dep]!++;
  // Plain loops: typed-array and Array `from` with a mapper go through the iterator protocol.
  // Views into one buffer, as for dependencies.
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  const edges = new Int32Array(total);
  const consumers = new Array<Int32Array>(counts.length);
  for (let i = 0, at = 0; i < counts.length; i++) consumers[i] = counts[i] === 0 ? NO_EDGES : edges.subarray(at, (at += counts[i]!));
  counts.fill(0);
  dependencies.forEach((deps, consumer) => {
    for (const dep of deps) consumers[dep]![counts[dep]!++] = consumer;
  });
  return consumers;
}

/**
 * The `module` tag every function node carries, as Hamilton's does: the module's file name
 * without folder or extension (`examples/hello-world/transforms.ts` → `transforms`).
 */
export function moduleTagOf(location: string): string {
  const file = location.split(/[\\/]/).pop() ?? location;
  return file.replace(/(\.d)?\.(m|c)?[jt]sx?$/, "");
}

function functionNode(spec: NodeSpec, dependents: readonly string[]): NodeInfo {
  // A user's own `module` tag (allowed only with bypassReservedNamespaces) wins.
  const tags = spec.source?.module === undefined ? spec.tags : Object.freeze({ module: moduleTagOf(spec.source.module), ...spec.tags });
  return Object.freeze({
    name: spec.name,
    kind: "function",
    type: spec.type,
    doc: spec.doc,
    tags,
    isExternalInput: false,
    // `boundFrom` stays: the static check maps a `source(…)`-renamed dependency to the parameter it fills.
    dependencies: spec.params,
    dependents,
    isAsync: spec.isAsync,
    source: spec.source,
    condition: spec.condition,
    group: spec.group,
    role: spec.role,
    excludedVariants: undefined,
    schema: spec.schema,
    parallel: spec.parallel?.kind,
    gathers: spec.parallel?.kind === "collect" ? spec.parallel.gathers : undefined,
  });
}

function externalNode(name: string, consumer: NodeSpec, config: Config, excludedVariants: NodeInfo["excludedVariants"]): NodeInfo {
  const isConfig = Object.hasOwn(config, name);
  return {
    name,
    kind: isConfig ? "config" : "input",
    type: consumer.params.find((param) => param.name === name)?.type ?? "unknown",
    doc: isConfig ? "Config value." : undefined,
    tags: {},
    isExternalInput: !isConfig,
    dependencies: [],
    dependents: [],
    isAsync: false,
    source: undefined,
    condition: undefined,
    group: undefined,
    role: undefined,
    excludedVariants: isConfig ? undefined : excludedVariants,
  };
}

/** Two functions whose modifiers made nodes of one name (plain duplicates are caught earlier). */
function rejectDuplicates(specs: readonly NodeSpec[], indexOf: ReadonlyMap<string, number>): never {
  const index = specs.findIndex((spec, position) => indexOf.get(spec.name) !== position);
  const first = specs[index]!;
  const second = specs[indexOf.get(first.name)!]!;
  const where = [first, second].map((spec) => describeSource(spec.source));
  if (isPipeNode(first) || isPipeNode(second)) rejectStepNamespace(first, second, where);
  throw new FuncflowError(
    "duplicate_node",
    `Node "${first.name}" is defined twice: by ${where[0]} and by ${where[1]}. Rename one of them (or the nodes a modifier makes).`,
    { node: first.name, details: { definitions: where } },
  );
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

/** Kahn's algorithm over integer adjacency; nodes left over lie on or behind a cycle. */
function orderTopologically(dependencies: readonly Int32Array[], consumersOf: readonly Int32Array[], nodes: readonly NodeInfo[]): Int32Array {
  const count = dependencies.length;
  const waitingOn = new Int32Array(count);
  for (let index = 0; index < count; index++) waitingOn[index] = dependencies[index]!.length;
  const order = new Int32Array(count);
  let ordered = 0;
  for (let index = 0; index < count; index++) if (waitingOn[index] === 0) order[ordered++] = index;
  for (let head = 0; head < ordered; head++) {
    for (const consumer of consumersOf[order[head]!]!) if (--waitingOn[consumer]! === 0) order[ordered++] = consumer;
  }
  if (ordered < count) {
    const stuck = new Set<number>();
    waitingOn.forEach((waiting, index) => waiting > 0 && stuck.add(index));
    const path = findCycle(dependencies, stuck).map((index) => nodes[index]!.name);
    throw new FuncflowError(
      "cycle",
      `The graph has a cycle: ${path.join(" → ")}. A node cannot depend on itself, directly or through others; rename a parameter or split a function to break it.`,
      { node: path[0], details: { cycle: path } },
    );
  }
  return order;
}
