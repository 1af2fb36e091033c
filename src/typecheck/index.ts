/** Static type checking: every edge's producer and consumer types compared with the TypeScript checker, and the typings funcflow build writes. */
export { checkEdgeTypes } from "./check-edge-types.ts";
export type { CheckEdgeTypesOptions } from "./check-edge-types.ts";
export { edgeTypeError, describeTypeProblems } from "./edge-type-error.ts";
export type { EdgeTypeErrorOptions } from "./edge-type-error.ts";
export { renderTypings } from "./render-typings.ts";
export type { RenderTypingsOptions, ExtraName } from "./render-typings.ts";
export { TYPECHECK_VERSION } from "./typecheck-version.ts";
export type { EdgeTypeReport, EdgeMismatch, InputConflict, CheckedNode, CheckedInput, UncheckedEdge, UncheckedReason, FunctionRef, ProducerSide, ConsumerSide, SourcePosition } from "./edge-type-report.ts";
export { raiseScannerProblems } from "./raise-scanner-problems.ts";
export { cachedManifest } from "./cached-manifest.ts";
export { resolvedNodesOf } from "./resolved-node.ts";
export type { ResolvedNode, ResolvedParam, ResolvedModule } from "./resolved-node.ts";
