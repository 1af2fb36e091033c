export { configWhen, configWhenNot, configWhenIn, configWhenNotIn, configDefault } from "./config-when.ts";
export type { ConfigCondition, ConfigSetCondition } from "./config-when.ts";
export { tag } from "./tag.ts";
export type { TagValues } from "./tag.ts";
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
