/**
 * funcflow/adapters: the built-in lifecycle adapters, passed to `Builder.withAdapters(…)`:
 * a progress bar, structured logging, a timing report with the critical path, graceful-error
 * mode and a run-time type check. None loads a heavy library.
 */
export { progressBar, structuredLogging, silentLogger, timingReport, formatTimingReport, criticalPath, gracefulErrors, NODE_FAILED, typeCheck, typeCheckerFor } from "./hooks/index.ts";
export type { ProgressBarOptions, ProgressStream, StructuredLogger, StructuredLoggingOptions, TimingReport, TimingReporter, TimingReportOptions, CriticalPath, GracefulErrors, GracefulErrorOptions, GracefulErrorReport, TypeCheckOptions, TypeChecker, LifecycleAdapter, GraphView, ValidationResult, GraphStartEvent, GraphEndEvent, NodeStartEvent, NodeEndEvent, NodeStatus, NodeCall, NodeRecovery } from "./hooks/index.ts";
// The types adapter hooks receive, so an adapter module needs no second import.
export type { NodeInfo, DataQualityWarning } from "./graph/index.ts";
