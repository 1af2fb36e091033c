// JSON Schema (2020-12) for pipeline nodes and inputs, from the TypeScript checker or an example value.
export { typeToSchema } from "./type-to-schema.ts";
export { inferSchema, arrowTypeName } from "./infer-schema.ts";
export { readPipelineSchemas, readPipelineSchemasWithFiles } from "./pipeline-schemas.ts";
export { loadPipelineSchemas, SCHEMA_VERSION, SCHEMA_CACHE_OPTION_KEYS } from "./schema-cache.ts";
export type { SchemaCacheOptions } from "./schema-cache.ts";
export type { NodeSchema, PipelineSchemaOptions } from "./pipeline-schemas.ts";
export { arrowValueSchema } from "./arrow-type-schema.ts";
export { unsupportedType } from "./unsupported-type.ts";
export type { TypeSite } from "./unsupported-type.ts";
export { FUNCFLOW_KEYWORDS, ANY_ARROW_VALUE } from "./json-schema.ts";
export type { JsonSchema, JsonType } from "./json-schema.ts";
