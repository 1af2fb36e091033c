/**
 * funcflow: dataflow pipelines written as plain exported TypeScript functions.
 * The root entry stays light (no ts-morph, no danfo); heavy parts live behind subpath exports.
 */
export { Builder, Driver, TIMEOUT_TAG } from "./driver/index.ts";
export { recordResult } from "./results/index.ts";
export type { TimeoutOptions } from "./driver/index.ts";
export type { ResultBuilder, NodeFilter, RecordResult, ExecuteResult, PrepareNames, PreparedExecution, ExecuteOptions, NodeTimedListener, ModuleSource, PrebuiltModule, NodeValues, NodesOfModule, NodeNameOf, NodesWithConfig, PipelineWithConfig, PipelineTypes, TypedExecuteOptions, TypedDriver, TypedBuilder, TypeCheckOptions, ModuleResolver } from "./driver/index.ts";
export { configWhen, configWhenNot, configWhenIn, configWhenNotIn, configDefault, tag } from "./decorators/index.ts";
export type { ConfigCondition, ConfigSetCondition, ConfigPredicate, ConfigWhenOptions, NamedNode, TagValues } from "./decorators/index.ts";
export type { Config, ConfigScalar } from "./graph/index.ts";
export { tagOutputs, source, value, group, configuration, parameterize, parameterizeSources, parameterizeValues, parameterizeExtractColumns, ParameterizedExtract, withColumns, inject, extractFields, unpackFields, extractColumns, does, step, pipeInput, pipeOutput, mutate, applyTo, checkOutput, checkOutputCustom, subdag, parameterizedSubdag, resolve, schema, loadFrom, saveTo, dataloader, datasaver, parallelizable, collect, endpoint, get, post, ENDPOINT_TAGS } from "./decorators/index.ts";
export type { TagOptions, Dependency, SourceDependency, ValueDependency, GroupDependency, ConfigurationDependency, Bindings, NodeTarget, Parameterization, FieldList, ExtractFieldsOptions, ColumnSpec, ExtractColumnsOptions, ParameterizeExtractColumnsOptions, WithColumnsOptions, ArgumentMapping, Step, PipeInputOptions, PipeOutputOptions, MutationTarget, CheckOutputOptions, DataValidator, DataValidationResult, Importance, BuiltInChecks, SubdagOptions, SubgraphSettings, SchemaColumns, LoadFromOptions, LoadMetadata, PathSpec, SaveToOptions, SaveMetadata, Parallelizable, Collect, EndpointOptions, EndpointMethod } from "./decorators/index.ts";
export { FuncflowError, isFuncflowError } from "./errors/index.ts";
export type { FuncflowErrorCode, FuncflowErrorFields } from "./errors/index.ts";
export type { NodeInfo, NodeKind, NodeParam, NodeSource, ExcludedVariant, DataQualityWarning } from "./graph/index.ts";
export type { ModuleManifest, ModuleManifestJson } from "./manifest/index.ts";
export type { DotOptions } from "./graph/dot/index.ts";
export type { LifecycleAdapter, GraphView, BuildEvent, ValidationResult, GraphStartEvent, GraphEndEvent, NodeStartEvent, NodeEndEvent, NodeStatus, NodeCall, NodeRecovery, NodeTags } from "./hooks/index.ts";
export type { NodeExecutor, NodeTask, ModuleAddress } from "./executors/index.ts";
export { cacheBehavior, acceptErrorSentinels } from "./decorators/index.ts";
export type { CacheBehavior } from "./decorators/index.ts";
export type { CacheOptions, CacheEvent, CacheMissReason, CacheRunReport, CacheStore, StoredEntry } from "./cache/index.ts";
export { diskStore } from "./cache/index.ts";
export type { MaterializeRequest, MaterializeResult, MaterializedFile, SaveTarget, LoadSource, Saver, Loader } from "./materialize/index.ts";
