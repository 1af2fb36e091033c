/**
 * `funcflow/explorer`: `runRecorder()` writes each run as a JSON record; `explorerPage()` makes
 * the self-contained HTML explorer of a graph and its runs; `startExplorerServer()` serves it
 * live with run history. The recorder is light; the page and server load esbuild, graphology
 * and fastify only when called.
 */
export * from "./explorer/index.ts";
