import type { LifecycleAdapter } from "./lifecycle-adapter.ts";
import { optionKeys, requireObjectWith, requireOptions } from "../errors/index.ts";

/** Where the bar is drawn: a terminal stream (process.stderr by default). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressBarOptions {
  /** Default process.stderr. */
  readonly stream?: ProgressStream;
  /** Default process.env; a set `CI` turns the bar off. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Text before the bar (default "funcflow"). */
  readonly label?: string;
  /** Redraw at most this often, in milliseconds (default 50); the last state is always drawn. */
  readonly intervalMs?: number;
}

/** The keys of ProgressBarOptions, checked against the interface by the compiler. */
export const PROGRESS_BAR_OPTION_KEYS = optionKeys<ProgressBarOptions>({ stream: true, env: true, label: true, intervalMs: true });

/**
 * A terminal progress bar: nodes done out of nodes to run, and the node that just finished.
 * It draws only on a TTY and never when `CI` is set, so logs stay clean; otherwise the adapter
 * has no hooks at all and costs nothing.
 * @example new Builder().withModules(url).withAdapters(progressBar({ label: "features" }))
 */
export function progressBar(options: ProgressBarOptions = {}): LifecycleAdapter {
  requireOptions("progressBar", "options", options, PROGRESS_BAR_OPTION_KEYS, '{ label: "etl" }');
  // A stream without write() would otherwise fail the first redraw, mid-run, or (not a TTY) be dropped without a word.
  if (options.stream !== undefined) requireObjectWith("progressBar", "options.stream", options.stream, ["write"], "a stream with write(), such as process.stderr");
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  if (stream.isTTY !== true || (env["CI"] !== undefined && env["CI"] !== "" && env["CI"] !== "false")) return { name: "progressBar" };
  const label = options.label ?? "funcflow";
  const intervalMs = options.intervalMs ?? 50;
  const runs = new Map<string, { total: number; done: number; drawnAt: number }>();
  const draw = (run: { total: number; done: number }, last: string) => {
    const columns = Math.max(40, stream.columns ?? 80);
    // Never negative: a long label on a narrow terminal gets a shorter (or no) bar, not a crash.
    const width = Math.max(0, Math.min(30, columns - label.length - 30));
    const filled = run.total === 0 ? width : Math.round((run.done / run.total) * width);
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${run.done}/${run.total} ${last}`;
    stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
  };
  return {
    name: "progressBar",
    readsValues: false,
    // A block counts as one step, its collecting node: the bar's total is the graph's steps.
    perItem: false,
    beforeGraph: (event) => {
      const run = { total: event.nodes.length, done: 0, drawnAt: performance.now() };
      runs.set(event.runId, run);
      draw(run, "");
    },
    afterNode: (event) => {
      const run = runs.get(event.runId);
      if (run === undefined) return;
      run.done++;
      const now = performance.now();
      if (now - run.drawnAt < intervalMs && run.done < run.total) return;
      run.drawnAt = now;
      draw(run, event.status === "ok" ? event.name : `${event.name} (${event.status})`);
    },
    afterGraph: (event) => {
      const run = runs.get(event.runId);
      runs.delete(event.runId);
      if (run === undefined) return;
      draw(run, event.success ? `done in ${event.durationMs.toFixed(0)} ms` : "failed");
      stream.write("\n");
    },
  };
}
