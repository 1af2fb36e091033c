/**
 * The attributes `toGraphology` puts on nodes, edges and the graph: plain data, so the graph
 * serialises to JSON and GEXF as it is.
 */
import type { NodeKind } from "../graph/index.ts";

/**
 * Where a node stands in the execution `outputs` ask for: requested, given as an override, an
 * input passed to the run, or an input the run needs but was not given.
 */
export type PathRole = "output" | "override" | "given-input" | "missing-input";

/** What each node of a funcflow graphology graph carries. */
export interface FuncflowNodeAttributes {
  readonly kind: NodeKind;
  /** The declared type text. */
  readonly type: string;
  readonly doc?: string;
  readonly tags: Readonly<Record<string, string | readonly string[]>>;
  /** The module file (as the Driver names it) and 1-based line of the defining export. */
  readonly module?: string;
  readonly line?: number;
  readonly exportName?: string;
  /** The code version: `codeVersions`' entry when that option is given, else the node's `version` (the scanner's hash of the function's source and the helpers it calls). */
  readonly codeVersion?: string;
  /** The config condition that chose this variant. */
  readonly condition?: string;
  /** The function a modifier made this node from, and the helper role it plays there. */
  readonly group?: string;
  readonly role?: string;
  readonly isAsync: boolean;
  /** The topological generation: 0 for nodes nothing feeds, else one past the deepest dependency. */
  readonly layer: number;
  /** Set when the graph was cut to the path of `outputs`. */
  readonly pathRole?: PathRole;
}

/** What each edge carries: the consumer's parameter that reads the upstream node. */
export interface FuncflowEdgeAttributes {
  readonly parameter: string;
  /** The parameter's declared type text. */
  readonly type: string;
  readonly optional: boolean;
  /** A `collect` node gathering the per-item values of this node (no parameter of its own). */
  readonly gathered?: boolean;
}

/** Graph-level attributes. */
export interface FuncflowGraphAttributes {
  readonly name: "funcflow";
  /** The outputs the graph was cut to, comma-separated (GEXF keeps only flat values). */
  readonly outputs?: string;
}
