/// <reference lib="dom" />
/** A run record as the overlay reads it, and the comparison of two runs. */
import type { RunNodeRecord, RunRecord } from "../run-record.ts";

export interface RunOverlay {
  readonly record: RunRecord;
  readonly byName: ReadonlyMap<string, RunNodeRecord>;
  readonly critical: ReadonlySet<string>;
  /** Consecutive critical-path pairs, `from\u0000to`. */
  readonly criticalEdges: ReadonlySet<string>;
}

export function overlayOf(record: RunRecord): RunOverlay {
  const path = record.criticalPath.nodes;
  return {
    record,
    byName: new Map(record.nodes.map((node) => [node.name, node])),
    critical: new Set(path),
    criticalEdges: new Set(path.slice(1).map((name, i) => `${path[i]}\u0000${name}`)),
  };
}

/** One node whose duration or cache status differs between two runs. */
export interface RunDifference {
  readonly name: string;
  readonly before: RunNodeRecord | undefined;
  readonly after: RunNodeRecord | undefined;
  readonly durationChange: number;
  readonly reasons: string[];
}

/**
 * Nodes that changed between `before` and `after`: status or cache status differs, it ran in
 * only one of them, or its duration changed by more than 25 % and 1 ms. Biggest change first.
 */
export function compareRuns(before: RunRecord, after: RunRecord): RunDifference[] {
  const a = new Map(before.nodes.map((node) => [node.name, node]));
  const b = new Map(after.nodes.map((node) => [node.name, node]));
  const differences: RunDifference[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(name);
    const y = b.get(name);
    const reasons: string[] = [];
    if (x === undefined) reasons.push("only in the second run");
    else if (y === undefined) reasons.push("only in the first run");
    else {
      if (x.status !== y.status) reasons.push(`status ${x.status} → ${y.status}`);
      if ((x.cache?.kind ?? "none") !== (y.cache?.kind ?? "none")) reasons.push(`cache ${x.cache?.kind ?? "none"} → ${y.cache?.kind ?? "none"}${y.cache?.reason ? ` (${y.cache.reason})` : ""}`);
      const change = y.durationMs - x.durationMs;
      if (Math.abs(change) > 1 && Math.abs(change) > 0.25 * Math.max(x.durationMs, y.durationMs)) reasons.push(`duration ${ms(x.durationMs)} → ${ms(y.durationMs)}`);
    }
    if (reasons.length > 0) differences.push({ name, before: x, after: y, durationChange: (y?.durationMs ?? 0) - (x?.durationMs ?? 0), reasons });
  }
  return differences.sort((p, q) => Math.abs(q.durationChange) - Math.abs(p.durationChange) || p.name.localeCompare(q.name));
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}
