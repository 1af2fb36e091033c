export type {
  LifecycleAdapter,
  GraphView,
  ValidationResult,
  GraphStartEvent,
  GraphEndEvent,
  NodeStartEvent,
  NodeEndEvent,
  NodeStatus,
  NodeCall,
  NodeRecovery,
  NodeTags,
} from "./lifecycle-adapter.ts";
export { composeAdapters } from "./compose-adapters.ts";
export type { ComposedAdapters } from "./compose-adapters.ts";
export { runValidators } from "./run-validators.ts";
export type { ValidationProblem } from "./run-validators.ts";
export { hookFailed } from "./hook-failed.ts";
export { progressBar } from "./progress-bar.ts";
export type { ProgressBarOptions, ProgressStream } from "./progress-bar.ts";
export { structuredLogging, silentLogger } from "./structured-logging.ts";
export type { StructuredLogger, StructuredLoggingOptions } from "./structured-logging.ts";
export { timingReport, formatTimingReport } from "./timing-report.ts";
export type { TimingReport, TimingReporter, TimingReportOptions } from "./timing-report.ts";
export { criticalPath } from "./critical-path.ts";
export type { CriticalPath } from "./critical-path.ts";
export { gracefulErrors, NODE_FAILED } from "./graceful-errors.ts";
export type { GracefulErrors, GracefulErrorOptions, GracefulErrorReport } from "./graceful-errors.ts";
export { typeCheck } from "./type-check.ts";
export type { TypeCheckOptions } from "./type-check.ts";
export { typeCheckerFor } from "./type-checker-for.ts";
export type { TypeChecker } from "./type-checker-for.ts";
