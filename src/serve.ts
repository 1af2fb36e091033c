/**
 * `funcflow/serve`: a pipeline as a validated HTTP service (fastify), its OpenAPI 3.1 document and
 * request validation read from the TypeScript types. A subpath of its own: it loads fastify and ts-morph.
 */
export * from "./serve/index.ts";
