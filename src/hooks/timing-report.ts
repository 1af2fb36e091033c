import type { NodeStatus, LifecycleAdapter } from "./lifecycle-adapter.ts";
import { criticalPath, type CriticalPath } from "./critical-path.ts";
import { invalidArgument, optionKeys, requireObject, requireOptions } from "../errors/index.ts";

/** How long one run took, node by node. */
export interface TimingReport {
  readonly runId: string;
  readonly success: boolean;
  /** Wall time of the whole run, hooks included. */
  readonly totalMs: number;
  /** Every node that ended, in the order it ended, with its duration and how it ended. */
  readonly nodes: readonly { readonly name: string; readonly durationMs: number; readonly status: NodeStatus }[];
  /** The dependency chain with the largest total duration. */
  readonly criticalPath: CriticalPath;
}

export interface TimingReportOptions {
  /** Called with the report after each run (e.g. `(r) => console.log(formatTimingReport(r))`). */
  readonly onReport?: (report: TimingReport) => void;
}

/** The keys of TimingReportOptions, checked against the interface by the compiler. */
export const TIMING_REPORT_OPTION_KEYS = optionKeys<TimingReportOptions>({ onReport: true });

/** The timing adapter, with the last run's report. */
export interface TimingReporter extends LifecycleAdapter {
  lastReport(): TimingReport | undefined;
}

/**
 * Records each node's duration and, after the run, the critical path: the chain of dependent
 * nodes that bounds the run's length however many cores it gets.
 * @example
 * const timing = timingReport();
 * const dr = await new Builder().withModules(url).withAdapters(timing).build();
 * await dr.execute(["report"]);
 * console.log(formatTimingReport(timing.lastReport()!));
 */
export function timingReport(options: TimingReportOptions = {}): TimingReporter {
  requireOptions("timingReport", "options", options, TIMING_REPORT_OPTION_KEYS, "{ onReport: (report) => console.log(formatTimingReport(report)) }");
  // Checked here, not when the first run ends: by then the run's work is done.
  if (options.onReport !== undefined && typeof options.onReport !== "function") throw invalidArgument("timingReport", "options.onReport", options.onReport, "a function called with each run's report");
  const runs = new Map<string, TimingReport["nodes"][number][]>();
  let last: TimingReport | undefined;
  return {
    name: "timingReport",
    readsValues: false,
    beforeGraph: (event) => void runs.set(event.runId, []),
    // A block's per-item nodes are timed within its collecting node, the step the critical path goes through.
    perItem: false,
    afterNode: (event) => void runs.get(event.runId)?.push({ name: event.name, durationMs: event.durationMs, status: event.status }),
    afterGraph: (event) => {
      const nodes = runs.get(event.runId) ?? [];
      runs.delete(event.runId);
      const durations = new Map(nodes.map((node) => [node.name, node.durationMs]));
      last = { runId: event.runId, success: event.success, totalMs: event.durationMs, nodes, criticalPath: criticalPath(event.nodes, durations) };
      options.onReport?.(last);
    },
    lastReport: () => last,
  };
}

const FORMAT_TIMING_REPORT_OPTION_KEYS = optionKeys<NonNullable<Parameters<typeof formatTimingReport>[1]>>({ top: true });

/**
 * The report as text: the slowest nodes first, then the critical path.
 * @example console.log(formatTimingReport(timing.lastReport()!, { top: 5 }));
 */
export function formatTimingReport(report: TimingReport, options: { readonly top?: number } = {}): string {
  requireObject("formatTimingReport", "report", report, "a TimingReport, as timingReport() hands to onReport or returns from lastReport()");
  if (!Array.isArray(report.nodes)) throw invalidArgument("formatTimingReport", "report.nodes", report.nodes, "an array of { name, durationMs, status }");
  requireOptions("formatTimingReport", "options", options, FORMAT_TIMING_REPORT_OPTION_KEYS, "{ top: 5 }");
  // slice() would read "5" as 5, and "x", -1 or 2.5 as some other count without a word.
  if (options.top !== undefined && !(Number.isInteger(options.top) && options.top > 0)) throw invalidArgument("formatTimingReport", "options.top", options.top, "a whole number of nodes above 0, such as 5");
  const slowest = [...report.nodes].sort((a, b) => b.durationMs - a.durationMs).slice(0, options.top ?? 10);
  const width = Math.max(4, ...slowest.map((node) => node.name.length));
  const lines = slowest.map((node) => `  ${node.name.padEnd(width)}  ${ms(node.durationMs).padStart(10)}${node.status === "ok" ? "" : `  (${node.status})`}`);
  return [
    `Run ${report.runId}: ${ms(report.totalMs)} total, ${report.nodes.length} nodes${report.success ? "" : " (failed)"}`,
    ...lines,
    `Critical path (${ms(report.criticalPath.durationMs)}): ${report.criticalPath.nodes.join(" → ") || "none"}`,
  ].join("\n");
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
