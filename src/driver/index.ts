/** The driver: the immutable Builder that loads modules and builds a graph, and the Driver that plans and runs requests over it. */
export { Builder } from "./builder.ts";
export { Driver } from "./driver.ts";
export type { ResultBuilder } from "../results/index.ts";
export type { RecordResult, ExecuteResult, NodeFilter, PrepareNames, PreparedExecution } from "./driver.ts";
export type { ModuleSource, PrebuiltModule } from "../graph/index.ts";
export type { ExecuteOptions, NodeTimedListener, NodeValues, NodesOfModule, NodeNameOf, RecordOf, ValuesByName, MergedConfig, NodesWithConfig, PipelineWithConfig } from "./types.ts";
export type { PipelineTypes, PipelineValues, PipelineOutput, TypedExecuteOptions, TypedDriver, TypedDriverMethods, TypedBuilder } from "./types.ts";
export { builtWithModuleOverrides, modulesOfBuild, pipelineTypeReport } from "./pipeline-type-report.ts";
export type { BuiltModule, TypeCheckOptions } from "./pipeline-type-report.ts";
export type { ModuleResolver } from "./builder.ts";
export { TIMEOUT_TAG } from "./timeouts.ts";
export type { TimeoutOptions } from "./timeouts.ts";
