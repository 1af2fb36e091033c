export { Builder } from "./builder.ts";
export { Driver } from "./driver.ts";
export type { ResultBuilder, RecordResult, ExecuteResult, NodeFilter } from "./driver.ts";
export type { ModuleSource, PrebuiltModule } from "./module-source.ts";
export type { ExecuteOptions, NodeValues, NodesOfModule, NodeNameOf, RecordOf, ValuesByName } from "./types.ts";
export type { PipelineTypes, PipelineValues, PipelineOutput, TypedExecuteOptions, TypedDriver, TypedDriverMethods, TypedBuilder } from "./types.ts";
