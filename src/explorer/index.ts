// The explorer: run records (runRecorder, history), the self-contained HTML page, and the live UI server.
export { runRecorder, DEFAULT_RUNS_DIR } from "./run-recorder.ts";
export type { RunRecorder, RunRecorderOptions, CacheEventLogger } from "./run-recorder.ts";
export { RUN_RECORD_VERSION } from "./run-record.ts";
export type { RunRecord, RunNodeRecord, RunCacheStatus, RunOutputSummary } from "./run-record.ts";
export { listRuns, readRun, readRunFile } from "./run-history.ts";
export type { RunSummary } from "./run-history.ts";
export { explorerPage, pageHtml } from "./explorer-page.ts";
export type { ExplorerSource } from "./explorer-page.ts";
export { buildExplorerModel } from "./build-explorer-model.ts";
export type { ExplorerOptions } from "./build-explorer-model.ts";
export type { ExplorerModel, ExplorerNode, ExplorerExcludedVariant, ExplorerVariant } from "./explorer-model.ts";
export { otherVariants } from "./other-variants.ts";
export { startExplorerServer } from "./explorer-server.ts";
export type { ExplorerServer, ExplorerServerOptions } from "./explorer-server.ts";
export { scannedFacts } from "./scanned-facts.ts";
export type { ScannedFacts } from "./scanned-facts.ts";
