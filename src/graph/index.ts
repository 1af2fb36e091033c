export { MANIFEST_SCHEMA_VERSION } from "./manifest.ts";
export type {
  ModuleManifest,
  ManifestFunction,
  ManifestParam,
  ManifestModifier,
  ManifestFunctionForm,
  ManifestNonFunctionExport,
  ManifestProblem,
  ManifestField,
} from "./manifest.ts";
export { contentHash } from "./content-hash.ts";
// The version alone, without loading the scanner (and ts-morph) itself.
export { SCANNER_VERSION } from "../scanner/scanner-version.ts";
export type { LoadedModule } from "./loaded-module.ts";
export { collectCandidates } from "./collect-candidates.ts";
export type { Candidate } from "./collect-candidates.ts";
export { resolveVariants } from "./resolve-variants.ts";
export type { ResolvedNodes, ResolveOptions } from "./resolve-variants.ts";
export { compileParallelBlocks, PARALLEL_ITEM_ROLE } from "./parallel-blocks.ts";
export { loadSubdagModules, moduleKey } from "./subdag-modules.ts";
export type { SubdagModules } from "./subdag-modules.ts";
export { buildGraph } from "./build-graph.ts";
export type { NonFunctionExport } from "./build-graph.ts";
export type { FunctionGraph, NodeInfo, NodeKind } from "./function-graph.ts";
export type { NodeSpec, NodeParam, NodeSource, ExcludedVariant, SchemaColumn, ParallelMark } from "./node-spec.ts";
export { describeSource } from "./node-spec.ts";
