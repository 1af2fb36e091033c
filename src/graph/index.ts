/** The graph model: node specs, the modifier protocol they are made with, and the built function graph (with its DOT view). */
export type { FunctionGraph, HiddenFunction, NodeInfo, NodeKind } from "./function-graph.ts";
export type { NodeSpec, NodeParam, NodeSource, ExcludedVariant, SchemaColumn, ParallelMark } from "./node-spec.ts";
export { describeSource } from "./node-spec.ts";
export { findCycle } from "./find-cycle.ts";
export { readNodeMetadata, applyModifier } from "./metadata.ts";
export type { NodeFunction, NodeMetadata } from "./metadata.ts";
export { MODIFIER_PHASES, SINGLE_MODIFIER_PHASES } from "./modifier.ts";
export type { Modifier, ModifierPhase, ModifierContext, NodePhase, NodeModifier, ResolveModifier, Config, ConfigScalar } from "./modifier.ts";
export type { ModuleSource, PrebuiltModule } from "./module-source.ts";
export { BlockItemFailure, PARALLEL_ITEM_ROLE, parallelBlockOf, registerParallelBlock, runBlockItems, toList, blockItemFailed } from "./parallel-block.ts";
export type { BlockSlot, ParallelBlock } from "./parallel-block.ts";
export { toDot } from "./dot/index.ts";
export type { DotOptions, GivenNames } from "./dot/index.ts";
export { isThenable } from "./is-thenable.ts";
export { reportDataQualityWarning, withDataQualityReceiver } from "./data-quality-warnings.ts";
export type { DataQualityWarning } from "./data-quality-warnings.ts";
export { nameSteps, stepBaseName } from "./step-names.ts";
export type { StepNameCollision, StepNameOwner, StepNamePlan, StepNameRequest, StepNaming } from "./step-names.ts";
