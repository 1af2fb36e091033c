/** Materialization: saving outputs to files and loading inputs from them through savers and loaders. Light on purpose: funcflow/io (and apache-arrow) load on the first save or load only. */
export { materialize, outlineRequest, validateMaterialization } from "./materialize.ts";
export type { MaterializeRequest, MaterializeResult, MaterializeContext, SaveTarget, LoadSource } from "./materialize.ts";
export type { Saver, Loader, MaterializedFile } from "./materializer.ts";
export { BUILT_IN_SAVERS, BUILT_IN_LOADERS } from "./built-in-materializers.ts";
export { checkMaterializeRequest } from "./check-request.ts";
