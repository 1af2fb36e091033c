export { toDot } from "./to-dot.ts";
export type { DotOptions, GivenNames } from "./to-dot.ts";
