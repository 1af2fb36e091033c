import { isFuncflowError, optionKeys, requireObjectWith, requireOptions } from "../errors/index.ts";
import type { LifecycleAdapter } from "./lifecycle-adapter.ts";

/** The part of pino's interface funcflow logs through: `(fields, message)` per level. */
export interface StructuredLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const noop = () => {};

/** A logger that drops everything: the default, so logging is opt-in. */
export const silentLogger: StructuredLogger = { debug: noop, info: noop, warn: noop, error: noop };

export interface StructuredLoggingOptions {
  /** A pino logger (or anything with its debug/info/warn/error methods); default silent. */
  readonly logger?: StructuredLogger;
}

/** The keys of StructuredLoggingOptions, checked against the interface by the compiler. */
export const STRUCTURED_LOGGING_OPTION_KEYS = optionKeys<StructuredLoggingOptions>({ logger: true });

/**
 * Structured logs of each run: `info` when a run starts and ends, `debug` per node start and
 * end, `warn` for a skipped node, `error` for a failed node or run. Every entry carries `runId`,
 * and node entries `node`, so a log aggregator can follow one run or one node.
 * @example new Builder().withModules(url).withAdapters(structuredLogging({ logger: pino() }))
 */
export function structuredLogging(options: StructuredLoggingOptions = {}): LifecycleAdapter {
  requireOptions("structuredLogging", "options", options, STRUCTURED_LOGGING_OPTION_KEYS, "{ logger: pino() }");
  // Checked here, not at the first log line: that would fail a run already under way.
  if (options.logger !== undefined) requireObjectWith("structuredLogging", "options.logger", options.logger, ["debug", "info", "warn", "error"], "a logger with debug, info, warn and error methods, such as pino()");
  const logger = options.logger ?? silentLogger;
  return {
    name: "structuredLogging",
    readsValues: false,
    beforeGraph: (event) => logger.info({ runId: event.runId, outputs: event.outputs, nodeCount: event.nodes.length }, "run started"),
    beforeNode: (event) => logger.debug({ runId: event.runId, node: event.name, ...(event.item !== undefined && { item: event.item }), inputs: event.inputNames }, "node started"),
    afterNode: (event) => {
      const fields = { runId: event.runId, node: event.name, ...(event.item !== undefined && { item: event.item }), status: event.status, durationMs: event.durationMs };
      if (event.status === "failed") logger.error({ ...fields, err: event.error, recovered: event.recovered }, "node failed");
      else if (event.status === "skipped") logger.warn({ ...fields, because: event.skippedBecause }, "node skipped");
      else if (event.status === "cancelled") logger.warn(fields, "node cancelled: the run failed while it ran");
      else logger.debug(fields, "node finished");
    },
    onDataQualityWarning: (warning) => logger.warn({ node: warning.node, validator: warning.validator, validatorNode: warning.validatorNode, diagnostics: warning.diagnostics }, `data-quality check failed (warn): ${warning.message}`),
    afterGraph: (event) => {
      const fields = { runId: event.runId, success: event.success, durationMs: event.durationMs };
      if (event.success) logger.info(fields, "run finished");
      else logger.error({ ...fields, err: event.error, code: isFuncflowError(event.error) ? event.error.code : undefined }, "run failed");
    },
  };
}
