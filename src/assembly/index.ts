/** Assembly: turns loaded modules and a config into a function graph — variants, modifier phases, mutations, subdags, parallel blocks, validation. */
export type { LoadedModule } from "./loaded-module.ts";
export { collectCandidates } from "./collect-candidates.ts";
export { keepLastDefinitions } from "./keep-last-definitions.ts";
export type { Candidate } from "./collect-candidates.ts";
export { resolveVariants } from "./resolve-variants.ts";
export type { ResolvedNodes, ResolveOptions } from "./resolve-variants.ts";
export { compileParallelBlocks } from "./parallel-blocks.ts";
export { loadSubdagModules, moduleKey } from "./subdag-modules.ts";
export type { SubdagModules } from "./subdag-modules.ts";
export { buildGraph } from "./build-graph.ts";
export type { NonFunctionExport } from "./build-graph.ts";
export { codeVersionLookup } from "./code-version-lookup.ts";
export type { CodeVersionOf } from "./code-version-lookup.ts";
