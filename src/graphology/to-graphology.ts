/**
 * `toGraphology`: the graph as a graphology `DirectedGraph`, for analysis, export and drawing.
 * Built on demand from the Driver's node list: the Driver itself never holds graphology.
 */
import graphology from "graphology";
import { topologicalGenerations } from "graphology-dag";
import { didYouMean, FuncflowError, invalidArgument, optionKeys, requireNameList, requireNodeList, requireOptionalMap, suggestNames, requireOptions } from "../errors/index.ts";
import { type Driver } from "../driver/index.ts";
import { type NodeInfo } from "../graph/index.ts";
import { executionPath, requireNamesOrRecord, type ExecutionRequest } from "./execution-path.ts";
import type { FuncflowEdgeAttributes, FuncflowGraphAttributes, FuncflowNodeAttributes, PathRole } from "./node-attributes.ts";

/** A funcflow graph as graphology holds it. */
export type FuncflowGraph = InstanceType<typeof graphology.DirectedGraph<FuncflowNodeAttributes, FuncflowEdgeAttributes, FuncflowGraphAttributes>>;

/** A Driver, or any object listing nodes as `listNodes()` does (e.g. a validator's `GraphView`). */
export type GraphSource = Pick<Driver, "listNodes"> | { readonly nodes: readonly NodeInfo[] };

/** Options of `toGraphology`. */
export interface ToGraphologyOptions {
  /** Keep only what these outputs need (cut at overrides) and every config value, marking each node's `pathRole`. */
  readonly outputs?: readonly string[];
  /** Inputs that will be given (names or a record); the path's other inputs are `missing-input`. */
  readonly inputs?: ExecutionRequest["inputs"];
  /** Overridden nodes: kept, with nothing upstream of them. */
  readonly overrides?: ExecutionRequest["overrides"];
  /**
   * Code versions by node name, for node lists that lack `version` (`scannedCodeVersions` reads
   * them from the modules' source); a node's own `version` is used otherwise.
   */
  readonly codeVersions?: ReadonlyMap<string, string>;
}

/** The keys of ToGraphologyOptions, checked against the interface by the compiler. */
export const TO_GRAPHOLOGY_OPTION_KEYS = optionKeys<ToGraphologyOptions>({ outputs: true, inputs: true, overrides: true, codeVersions: true });

/**
 * The graph as a graphology `DirectedGraph`: nodes keyed by name carrying kind, type, doc,
 * tags, module and line, code version and topological `layer`; an edge per parameter, from
 * the node read to the node reading it, carrying the parameter's name and type.
 * @throws FuncflowError `unknown_output` (with suggestions) for an output no node has;
 *   `invalid_argument` when `source` is neither a Driver nor a node list.
 * @example
 * const graph = toGraphology(dr, { outputs: ["report"] });
 * graph.getNodeAttribute("report", "layer"); // 4
 */
export function toGraphology(source: GraphSource, options: ToGraphologyOptions = {}): FuncflowGraph {
  const nodes = nodesOf(source);
  requireOptions("toGraphology", "options", options, TO_GRAPHOLOGY_OPTION_KEYS, '{ outputs: ["report"] }');
  if (options.outputs !== undefined) requireNameList("toGraphology", "options.outputs", options.outputs, '["report"]');
  requireNamesOrRecord("toGraphology", "options.inputs", options.inputs);
  requireNamesOrRecord("toGraphology", "options.overrides", options.overrides);
  requireOptionalMap("toGraphology", "options.codeVersions", options.codeVersions, "a Map from node name to code version, as scannedCodeVersions returns");
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const path = options.outputs === undefined ? undefined : pathOf(byName, options);
  const graph: FuncflowGraph = new graphology.DirectedGraph<FuncflowNodeAttributes, FuncflowEdgeAttributes, FuncflowGraphAttributes>();
  graph.replaceAttributes({ name: "funcflow", ...(options.outputs !== undefined && { outputs: options.outputs.join(",") }) });
  for (const node of nodes) {
    if (path !== undefined && !path.has(node.name)) continue;
    graph.addNode(node.name, nodeAttributes(node, options.codeVersions?.get(node.name) ?? node.version, path?.get(node.name)));
  }
  for (const node of nodes) {
    if (!graph.hasNode(node.name) || path?.get(node.name) === "override") continue;
    for (const dependency of node.dependencies) {
      if (!graph.hasNode(dependency.name) || graph.hasEdge(dependency.name, node.name)) continue;
      graph.addDirectedEdge(dependency.name, node.name, { parameter: dependency.name, type: dependency.type, optional: dependency.optional });
    }
    if (node.gathers !== undefined && graph.hasNode(node.gathers) && !graph.hasEdge(node.gathers, node.name)) {
      graph.addDirectedEdge(node.gathers, node.name, { parameter: node.gathers, type: byName.get(node.gathers)?.type ?? "unknown", optional: false, gathered: true });
    }
  }
  topologicalGenerations(graph).forEach((generation, layer) => {
    for (const name of generation) graph.mergeNodeAttributes(name, { layer });
  });
  return graph;
}

/**
 * The node names of each topological generation of `graph`, first generation first (the
 * `layer` attribute of its nodes), as graphology-dag computes them.
 * @throws FuncflowError `invalid_argument` when `graph` is not a graphology graph.
 * @example graphLayers(toGraphology(dr))[0]; // the inputs, config and sources
 */
export function graphLayers(graph: FuncflowGraph): string[][] {
  requireGraph("graphLayers", graph);
  return topologicalGenerations(graph);
}

/**
 * Asserts a graphology graph (as `toGraphology` returns), so a wrong argument is named here
 * rather than by a graphology library's own uncoded error or a TypeError.
 * @throws FuncflowError `invalid_argument`.
 */
export function requireGraph(where: string, graph: unknown): asserts graph is FuncflowGraph {
  const candidate = graph as Partial<Record<"export" | "forEachNode" | "dropNode", unknown>> | null;
  if (typeof candidate !== "object" || candidate === null || typeof candidate.export !== "function" || typeof candidate.forEachNode !== "function" || typeof candidate.dropNode !== "function") {
    throw invalidArgument(where, "graph", graph, "a graphology graph", `Make one with toGraphology(driver), e.g. ${where}(toGraphology(await builder.build())).`);
  }
}

function nodesOf(source: GraphSource): readonly NodeInfo[] {
  if (typeof source === "object" && source !== null) {
    if ("listNodes" in source && typeof source.listNodes === "function") return source.listNodes();
    if ("nodes" in source && Array.isArray(source.nodes)) {
      requireNodeList("toGraphology", "source.nodes", source.nodes);
      return source.nodes;
    }
  }
  throw invalidArgument("toGraphology", "source", source, "a Driver or { nodes } as listNodes() returns them", "Pass the built Driver, e.g. toGraphology(await builder.build()).");
}

function pathOf(byName: ReadonlyMap<string, NodeInfo>, options: ToGraphologyOptions) {
  for (const output of options.outputs ?? []) {
    if (byName.has(output)) continue;
    const suggestion = suggestNames(output, byName.keys());
    throw new FuncflowError("unknown_output", `toGraphology: no node is named "${output}"${didYouMean(suggestion)}. dr.listNodes() lists every node.`, { node: output, suggestion });
  }
  return executionPath(byName, { outputs: options.outputs ?? [], ...(options.inputs !== undefined && { inputs: options.inputs }), ...(options.overrides !== undefined && { overrides: options.overrides }) });
}

function nodeAttributes(node: NodeInfo, codeVersion: string | undefined, pathRole: PathRole | undefined): FuncflowNodeAttributes {
  // Unset facts are left out, not stored as undefined, so JSON and GEXF carry only what is known.
  return {
    kind: node.kind,
    type: node.type,
    tags: node.tags,
    isAsync: node.isAsync,
    layer: 0,
    ...(node.doc !== undefined && { doc: node.doc }),
    ...(node.source !== undefined && { module: node.source.module, line: node.source.line, exportName: node.source.exportName }),
    ...(codeVersion !== undefined && { codeVersion }),
    ...(node.condition !== undefined && { condition: node.condition }),
    ...(node.group !== undefined && { group: node.group }),
    ...(node.role !== undefined && { role: node.role }),
    ...(pathRole !== undefined && { pathRole }),
  };
}
