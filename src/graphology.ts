/**
 * `funcflow/graphology`: the graph as a graphology `DirectedGraph` with layers from
 * graphology-dag, and its export to GEXF and JSON. graphology, graphology-dag and
 * graphology-gexf are optional peer dependencies, loaded only by this entry.
 */
export * from "./graphology/index.ts";
