/**
 * The per-node descriptions users see (`listNodes`, DOT, validators): made from the specs and
 * the edges on first use, not by the build, which needs only names and integer edges.
 */
import type { Config, NodeInfo, NodeSpec } from "../graph/index.ts";
import type { CodeVersionOf } from "./code-version-lookup.ts";

/** What an input or config node is made from: its name, the first function that reads it (none for a config key no function reads), and what config left out. */
export interface ExternalNode {
  readonly name: string;
  readonly consumer: NodeSpec | undefined;
  readonly excludedVariants: NodeInfo["excludedVariants"];
  /** The type every consumer accepts, when consumers declare different ones; absent: the first consumer's. */
  readonly type?: string;
}

/**
 * Every node's description, frozen so the nodes `listNodes` hands out cannot be used to change
 * the graph. `dependentsOf(i)` lists the names of the functions reading node `i`; `codeVersionOf`
 * gives a function node its `version`.
 */
export function nodeInfos(
  specs: readonly NodeSpec[],
  externals: readonly ExternalNode[],
  config: Config,
  dependentsOf: (index: number) => readonly string[],
  codeVersionOf?: CodeVersionOf,
): readonly NodeInfo[] {
  const nodes = new Array<NodeInfo>(specs.length + externals.length);
  for (let index = 0; index < specs.length; index++) {
    const spec = specs[index]!;
    nodes[index] = functionNode(spec, dependentsOf(index), codeVersionOf?.(spec.source));
  }
  for (let offset = 0; offset < externals.length; offset++) {
    nodes[specs.length + offset] = externalNode(externals[offset]!, config, dependentsOf(specs.length + offset));
  }
  return Object.freeze(nodes);
}

/**
 * The `module` tag every function node carries, as Hamilton's does: the module's file name
 * without folder or extension (`examples/hello-world/transforms.ts` → `transforms`).
 */
export function moduleTagOf(location: string): string {
  const file = location.split(/[\\/]/).pop() ?? location;
  return file.replace(/(\.d)?\.(m|c)?[jt]sx?$/, "");
}

function functionNode(spec: NodeSpec, dependents: readonly string[], version: string | undefined): NodeInfo {
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
    version,
  });
}

function externalNode({ name, consumer, excludedVariants, type }: ExternalNode, config: Config, dependents: readonly string[]): NodeInfo {
  const isConfig = Object.hasOwn(config, name);
  return Object.freeze({
    name,
    kind: isConfig ? "config" : "input",
    type: type ?? consumer?.params.find((param) => param.name === name)?.type ?? "unknown",
    doc: isConfig ? "Config value." : undefined,
    tags: {},
    isExternalInput: !isConfig,
    dependencies: [],
    dependents,
    isAsync: false,
    source: undefined,
    condition: undefined,
    group: undefined,
    role: undefined,
    excludedVariants: isConfig ? undefined : excludedVariants,
  });
}
