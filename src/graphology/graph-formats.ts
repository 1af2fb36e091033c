/**
 * The graph as files: GEXF (Gephi and most graph tools read it) and graphology's JSON
 * serialisation (`graph.import(json)` reads it back).
 */
import { write } from "graphology-gexf";
import type { SerializedGraph } from "graphology-types";
import type { FuncflowEdgeAttributes, FuncflowGraphAttributes, FuncflowNodeAttributes } from "./node-attributes.ts";
import { requireGraph, type FuncflowGraph } from "./to-graphology.ts";

/**
 * GEXF 1.3 text. Tags become one `tags` attribute holding their JSON, since GEXF attributes are
 * flat values; everything else is written as it is.
 * @throws FuncflowError `invalid_argument` when `graph` is not a graphology graph.
 * @example await writeFile("graph.gexf", toGexf(toGraphology(dr)));
 */
export function toGexf(graph: FuncflowGraph): string {
  requireGraph("toGexf", graph);
  return write(graph, {
    version: "1.3",
    formatNode: (key, attributes) => ({ label: key, attributes: { ...attributes, tags: JSON.stringify(attributes.tags) } }),
    formatEdge: (_key, attributes) => ({ label: attributes.parameter, attributes: { ...attributes } }),
  });
}

/**
 * graphology's serialisation of the graph (`{ attributes, options, nodes, edges }`).
 * @throws FuncflowError `invalid_argument` when `graph` is not a graphology graph.
 * @example JSON.stringify(toGraphJson(toGraphology(dr)));
 */
export function toGraphJson(graph: FuncflowGraph): SerializedGraph<FuncflowNodeAttributes, FuncflowEdgeAttributes, FuncflowGraphAttributes> {
  requireGraph("toGraphJson", graph);
  return graph.export();
}
