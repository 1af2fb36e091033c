export { toDot } from "./to-dot.ts";
export type { DotOptions, GivenNames, MaterializationDrawing } from "./to-dot.ts";
