/**
 * The built graph: node descriptions for people, plus integer-indexed adjacency for the
 * planner, which never looks names up on its hot path.
 */
import type { FuncflowError } from "../errors/index.ts";
import type { NodeFunction } from "./metadata.ts";
import type { Config } from "./modifier.ts";
import type { ExcludedVariant, NodeParam, NodeSource, NodeSpec, SchemaColumn } from "./node-spec.ts";

/** `function`: computed by a function; `input`: supplied at execute; `config`: a config value. */
export type NodeKind = "function" | "input" | "config";

/** A node as users see it (`listNodes`). */
export interface NodeInfo {
  readonly name: string;
  readonly kind: NodeKind;
  /** The declared type text: the function's return type, or the consumers' parameter type. */
  readonly type: string;
  readonly doc: string | undefined;
  readonly tags: Readonly<Record<string, string | readonly string[]>>;
  readonly isExternalInput: boolean;
  /**
   * What the node's function is called with, in parameter order (functions only). A compiled
   * collect is called with its block's inputs; the per-item node it gathers is `gathers`
   * (`viewDependencyNames` lists both, as the graph's views draw them).
   */
  readonly dependencies: readonly NodeParam[];
  /** The functions that ask for this node, or gather it per item (`viewDependencyNames` inverted). */
  readonly dependents: readonly string[];
  readonly isAsync: boolean;
  /** Where it was defined (functions only). */
  readonly source: NodeSource | undefined;
  /** The config condition that chose this variant, when it is one. */
  readonly condition: string | undefined;
  /** The function a modifier expanded this node from, when one did. */
  readonly group: string | undefined;
  /** A helper node's role (e.g. "raw", "step", "validator"), drawn as secondary. */
  readonly role: string | undefined;
  /** For an input standing in for config variants that config left out: those variants. */
  readonly excludedVariants: readonly ExcludedVariant[] | undefined;
  /** Declared output columns (`schema`). */
  readonly schema?: readonly SchemaColumn[] | undefined;
  /** Parallel fan-out: `expand` yields items, `collect` gathers per-item values. */
  readonly parallel?: "expand" | "collect" | undefined;
  /** For a `collect` node: the per-item node whose values it gathers. */
  readonly gathers?: string | undefined;
  /**
   * The code version the cache keys the node on (Hamilton's `HamiltonNode.version`): the
   * scanner's hash of the defining export's source and of the module-local helpers it reaches,
   * comments and formatting ignored. Nodes a modifier made from an export share its version.
   * Absent for inputs and config keys, and for functions whose source the scanner could not
   * read (a declaration file's).
   */
  readonly version?: string | undefined;
}

/**
 * The graph as the planner reads it: names and compressed rows of integer edges, a handful of
 * arrays whatever the size. The per-node views (`nodes`, `dependencies`, `consumers`,
 * `optional`, `functions`) are made on first use, so a build and a lean run never make them.
 */
export interface FunctionGraph {
  /** Per node, its description; made on first use. */
  readonly nodes: readonly NodeInfo[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Per node, its name. */
  readonly names: readonly string[];
  /** Nodes `0 .. functionCount - 1` are the functions, `specs[i]` describing node `i`; the rest are inputs and config values. */
  readonly functionCount: number;
  readonly specs: readonly NodeSpec[];
  /** Node `i` reads nodes `dependencyEdges[dependencyStart[i] .. dependencyStart[i + 1]]`, in parameter order. */
  readonly dependencyStart: Int32Array;
  readonly dependencyEdges: Int32Array;
  /** Per dependency edge, 1 where the parameter is optional. */
  readonly optionalEdges: Uint8Array;
  /** Node `i` is read by nodes `consumerEdges[consumerStart[i] .. consumerStart[i + 1]]`. */
  readonly consumerStart: Int32Array;
  readonly consumerEdges: Int32Array;
  /**
   * Per node, the indices of its dependencies as users see the graph (views, made on first use):
   * its parameters in order, then, for a compiled collect, the per-item node it gathers, which
   * its function reaches through its block rather than as an argument.
   */
  readonly dependencies: readonly Int32Array[];
  /** Per node, the indices of the nodes that depend on it, as `dependencies` has them (views, made on first use). */
  readonly consumers: readonly Int32Array[];
  /** Per node, 1 where that dependency is optional, as `dependencies` has them (views, made on first use). */
  readonly optional: readonly Uint8Array[];
  /** Per node, its function (undefined for inputs and config). */
  readonly functions: readonly (NodeFunction | undefined)[];
  /** Node indices in a topological order (of `dependencies`: a block's per-item nodes come before their collect). */
  readonly topologicalOrder: Int32Array;
  readonly config: Config;
  /** Names only config variants define, left out under this config, with why. */
  readonly excluded: ReadonlyMap<string, readonly ExcludedVariant[]>;
  /** Functions the modules declare without exporting them by name, by name: a missing input named like one is explained. */
  readonly hiddenFunctions?: ReadonlyMap<string, HiddenFunction>;
  /**
   * The inputs whose consumers declare types that share no value, as one `edge_type_mismatch`: the
   * Builder throws it, after the static check when one runs, so that check's list of every
   * mismatch comes first.
   */
  readonly inputTypeConflict?: FuncflowError | undefined;
}

/** A function that is not a node because its module does not export it by name. */
export interface HiddenFunction {
  readonly name: string;
  /** The module's path or label. */
  readonly module: string;
  readonly line: number;
  readonly reason: "not-exported" | "default-export";
}

/**
 * The names `node` depends on as the graph's views draw it (`upstreamOf`, DOT, graphology, the
 * explorer): its parameters, then, for a compiled collect, the per-item node it gathers.
 * @example viewDependencyNames(dr.node("stars_by_repo")); // ["starcount_url", "github_api_key", "star_count"]
 */
export function viewDependencyNames(node: NodeInfo): string[] {
  const names = node.dependencies.map((dependency) => dependency.name);
  if (node.gathers !== undefined && !names.includes(node.gathers)) names.push(node.gathers);
  return names;
}
