/**
 * Bridge for code written before the restructure (src/schema, src/serve on the `serve` branch
 * import `../errors.ts`): the errors folder's public API. Remove once they import
 * `errors/index.ts`.
 */
export * from "./errors/index.ts";
