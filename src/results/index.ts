/** Result builders: how a run's outputs are assembled (a record, or a frame through a columnar adapter). Arrow-free on purpose: the root entry imports this folder. */
export type { ResultBuilder } from "./result-builder.ts";
export { recordResult } from "./record-result.ts";
export { frameResult } from "./frame-result.ts";
