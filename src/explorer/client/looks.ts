/// <reference lib="dom" />
/** Colours, as the DOT views use them, so the page and `funcflow view` read alike. */
import type { ExplorerNode } from "../explorer-model.ts";
import type { PathRole } from "./model-index.ts";

export const FILL = {
  function: "#b4d8e4",
  variant: "#d7ecf2",
  helper: "#f4f6f8",
  io: "#e3eef7",
  input: "#ffffff",
  config: "#f3f3f3",
  output: "#ffc857",
  override: "#e8d5f2",
  module: "#dde4ee",
} as const;

export const STATUS_STROKE: Readonly<Record<string, string>> = {
  ok: "#2e7d32",
  cached: "#1565c0",
  failed: "#c62828",
  skipped: "#9e9e9e",
};

export const CRITICAL = "#ef6c00";

export function fillOf(node: ExplorerNode, role: PathRole | undefined): string {
  if (role === "output") return FILL.output;
  if (role === "override") return FILL.override;
  if (node.kind === "config") return FILL.config;
  if (node.kind === "input") return FILL.input;
  if (node.role === "loader" || node.role === "saver") return FILL.io;
  if (node.role !== undefined) return FILL.helper;
  return node.condition !== undefined ? FILL.variant : FILL.function;
}

export function baseStroke(node: ExplorerNode, role: PathRole | undefined): { stroke: string; dashed: boolean } {
  if (role === "missing-input") return { stroke: "#c0392b", dashed: true };
  if (node.kind === "input") return { stroke: "#6e7781", dashed: true };
  if (node.parallel === "expand") return { stroke: "#2e7d32", dashed: false };
  if (node.parallel === "collect") return { stroke: "#c62828", dashed: false };
  return { stroke: "#6e7781", dashed: node.role !== undefined && node.role !== "loader" && node.role !== "saver" };
}

export const LEGEND: readonly [string, string, string][] = [
  ["function", FILL.function, "#6e7781"],
  ["config variant", FILL.variant, "#6e7781"],
  ["modifier step", FILL.helper, "#6e7781"],
  ["load / save", FILL.io, "#6e7781"],
  ["input", FILL.input, "#6e7781"],
  ["missing input", FILL.input, "#c0392b"],
  ["config", FILL.config, "#6e7781"],
  ["output", FILL.output, "#6e7781"],
  ["override", FILL.override, "#6e7781"],
  ["run: ok", "#ffffff", STATUS_STROKE.ok!],
  ["run: cached", "#ffffff", STATUS_STROKE.cached!],
  ["run: failed", "#ffffff", STATUS_STROKE.failed!],
  ["run: skipped", "#ffffff", STATUS_STROKE.skipped!],
  ["critical path", "#ffffff", CRITICAL],
];
