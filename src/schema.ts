/**
 * `funcflow/schema`: JSON Schema (2020-12, as OpenAPI 3.1 uses) for every input and node of a
 * pipeline, walked from the TypeScript checker, and `inferSchema` for an example value. A subpath
 * of its own because it loads ts-morph.
 */
export * from "./schema/index.ts";
