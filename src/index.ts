/**
 * funcflow: dataflow pipelines written as plain exported TypeScript functions.
 * The root entry stays light (no ts-morph, no danfo); heavy parts live behind subpath exports.
 */
export { Builder, Driver } from "./driver/index.ts";
export type {
  ResultBuilder,
  NodeFilter,
  RecordResult,
  ExecuteResult,
  ExecuteOptions,
  ModuleSource,
  PrebuiltModule,
  NodeValues,
  NodesOfModule,
  NodeNameOf,
} from "./driver/index.ts";
export { configWhen, configWhenNot, configWhenIn, configWhenNotIn, configDefault, tag } from "./decorators/index.ts";
export type { ConfigCondition, ConfigSetCondition, TagValues, Config, ConfigScalar } from "./decorators/index.ts";
export { FuncflowError, isFuncflowError } from "./errors.ts";
export type { FuncflowErrorCode, FuncflowErrorFields } from "./errors.ts";
export type { NodeInfo, NodeKind, NodeParam, NodeSource, ExcludedVariant, ModuleManifest } from "./graph/index.ts";
export type { DotOptions } from "./graph/dot/index.ts";
