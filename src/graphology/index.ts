// The graph as graphology, for analysis, export (GEXF, JSON) and the explorer's layers.
export { toGraphology, graphLayers } from "./to-graphology.ts";
export type { FuncflowGraph, GraphSource, ToGraphologyOptions } from "./to-graphology.ts";
export { toGexf, toGraphJson } from "./graph-formats.ts";
export { scannedCodeVersions, scanNodeModules } from "./scanned-code-versions.ts";
export { executionPath } from "./execution-path.ts";
export type { ExecutionRequest } from "./execution-path.ts";
export type { FuncflowNodeAttributes, FuncflowEdgeAttributes, FuncflowGraphAttributes, PathRole } from "./node-attributes.ts";
