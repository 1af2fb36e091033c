/**
 * funcflow/adapters: the built-in lifecycle adapters, passed to `Builder.withAdapters(…)`:
 * a progress bar, structured logging, a timing report with the critical path, graceful-error
 * mode, a run-time type check and a schema validator of Arrow tables. None loads a heavy
 * library at import (the schema validator loads apache-arrow when a table turns up).
 */
export { progressBar, structuredLogging, silentLogger, timingReport, formatTimingReport, criticalPath, gracefulErrors, NODE_FAILED, typeCheck, typeCheckerFor, schemaValidator } from "./hooks/index.ts";
export type { ProgressBarOptions, ProgressStream, StructuredLogger, StructuredLoggingOptions, TimingReport, TimingReporter, TimingReportOptions, CriticalPath, GracefulErrors, GracefulErrorOptions, GracefulErrorReport, TypeCheckOptions, TypeChecker, SchemaValidator, SchemaValidatorOptions, SchemaWarning, SchemaRunReport, SchemaDiff, SchemaJson, FieldJson, ValueChange, LifecycleAdapter, GraphView, BuildEvent, ValidationResult, GraphStartEvent, GraphEndEvent, NodeStartEvent, NodeEndEvent, NodeStatus, NodeCall, NodeRecovery } from "./hooks/index.ts";
// The types adapter hooks receive, so an adapter module needs no second import.
export type { NodeInfo, DataQualityWarning } from "./graph/index.ts";
