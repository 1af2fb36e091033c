export { configWhen, configWhenNot, configWhenIn, configWhenNotIn, configDefault } from "./config-when.ts";
export type { ConfigCondition, ConfigSetCondition } from "./config-when.ts";
export { tag } from "./tag.ts";
export { endpoint, get, post, ENDPOINT_TAGS } from "./endpoint.ts";
export type { EndpointOptions, EndpointMethod } from "./endpoint.ts";
export type { TagValues, TagOptions } from "./tag.ts";
export { tagOutputs, RESERVED_TAG_NAMESPACES } from "./tag-outputs.ts";
export { source, value, group, configuration, isDependency } from "./dependency.ts";
export type { Dependency, SingleDependency, SourceDependency, ValueDependency, GroupDependency, ConfigurationDependency } from "./dependency.ts";
export type { Bindings } from "./bind-parameters.ts";
export type { NodeTarget } from "./node-targets.ts";
export { parameterize, parameterizeSources, parameterizeValues } from "./parameterize.ts";
export type { Parameterization } from "./parameterize.ts";
export { inject } from "./inject.ts";
export { extractFields, unpackFields } from "./extract-fields.ts";
export type { FieldList, ExtractFieldsOptions } from "./extract-fields.ts";
export { extractColumns } from "./extract-columns.ts";
export type { ColumnSpec, ExtractColumnsOptions } from "./extract-columns.ts";
export { does } from "./does.ts";
export type { ArgumentMapping } from "./does.ts";
export { step, Step } from "./step.ts";
export { pipeInput } from "./pipe-input.ts";
export type { PipeInputOptions } from "./pipe-input.ts";
export { pipeOutput, outputPipe } from "./pipe-output.ts";
export type { PipeOutputOptions } from "./pipe-output.ts";
export { mutate, applyTo, isMutateModifier, MutationTarget } from "./mutate.ts";
export type { MutationTargetRef, MutateModifier } from "./mutate.ts";
export { checkOutput, checkOutputCustom } from "./check-output.ts";
export type { CheckOutputOptions } from "./check-output.ts";
export type { DataValidator, DataValidationResult, Importance, BuiltInChecks } from "./data-validators.ts";
export { subdag, parameterizedSubdag } from "./subdag.ts";
export type { SubdagOptions, SubgraphSettings, SubdagModifier, SubgraphContext } from "./subdag.ts";
export { resolve, isDynamicModifier } from "./resolve.ts";
export type { DynamicModifier } from "./resolve.ts";
export { schema } from "./schema.ts";
export type { SchemaColumns } from "./schema.ts";
export { loadFrom } from "./load-from.ts";
export type { LoadFromOptions, LoadMetadata, PathSpec } from "./load-from.ts";
export { saveTo } from "./save-to.ts";
export type { SaveToOptions, SaveMetadata } from "./save-to.ts";
export { dataloader, datasaver } from "./dataloader.ts";
export { parallelizable, collect } from "./parallelizable.ts";
export type { Parallelizable, Collect } from "./parallelizable.ts";
export { readNodeMetadata, applyModifier } from "./metadata.ts";
export type { NodeFunction, NodeMetadata } from "./metadata.ts";
export { MODIFIER_PHASES, SINGLE_MODIFIER_PHASES } from "./modifier.ts";
export type {
  Modifier,
  ModifierPhase,
  ModifierContext,
  NodePhase,
  NodeModifier,
  ResolveModifier,
  Config,
  ConfigScalar,
} from "./modifier.ts";
