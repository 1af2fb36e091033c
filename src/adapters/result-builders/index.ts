// Arrow-free on purpose: the root entry imports this folder and must not load apache-arrow.
// `arrowTableResult` is exported from `funcflow/arrow` (src/arrow.ts).
export type { ResultBuilder } from "./result-builder.ts";
export { recordResult } from "./record-result.ts";
export { frameResult } from "./frame-result.ts";
