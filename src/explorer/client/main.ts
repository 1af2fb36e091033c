/// <reference lib="dom" />
/**
 * The explorer page's entry: reads the embedded model, folds and lays out the graph, draws it,
 * and wires search, selection, hop-limited neighbourhoods, the execution path, the run overlay
 * and (served by `funcflow ui`) run history. `window.funcflowExplorer` exposes the page's model
 * and actions, for scripts and tests.
 */
import type { ExplorerModel } from "../explorer-model.ts";
import type { RunRecord } from "../run-record.ts";
import { detailsHtml } from "./details-panel.ts";
import { escapeHtml, nodeLinks } from "./html.ts";
import { layoutGraph, type Layout } from "./layout.ts";
import { baseStroke, CRITICAL, FILL, fillOf, LEGEND, STATUS_STROKE } from "./looks.ts";
import { executionPath, indexModel, neighborhood, type PathRole } from "./model-index.ts";
import { Renderer, type NodeLook } from "./renderer.ts";
import { compareRuns, ms, overlayOf, type RunDifference, type RunOverlay } from "./run-overlay.ts";
import { searchNames } from "./search.ts";
import { hasMadeNodes, visibleGraph, type VisibleGraph } from "./visible-graph.ts";

const model = JSON.parse(document.getElementById("funcflow-model")!.textContent!) as ExplorerModel;
const index = indexModel(model);
const names = model.nodes.map((node) => node.name);
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const state = {
  expandedGroups: new Set<string>(),
  collapsedModules: new Set<string>(),
  graph: undefined as unknown as VisibleGraph,
  layout: undefined as unknown as Layout,
  selected: -1,
  hops: 1,
  up: new Map<number, number>(),
  down: new Map<number, number>(),
  outputs: [...model.outputs],
  path: new Map<number, PathRole>(),
  overlay: undefined as RunOverlay | undefined,
  changed: new Set<string>(),
  matches: new Set<number>(),
};

const renderer = new Renderer(element<HTMLCanvasElement>("graph"));

// ---- folding and layout -------------------------------------------------------------------
function refold(): void {
  state.graph = visibleGraph(index, state);
  state.layout = layoutGraph(state.graph);
  renderer.setScene({ graph: state.graph, layout: state.layout, look, edgeHighlight, selected: state.selected < 0 ? -1 : state.graph.rep[state.selected]! });
  element("visible-count").textContent = `${state.graph.nodes.length.toLocaleString()} shown of ${model.nodes.length.toLocaleString()} nodes`;
}

function showNode(modelIndex: number): void {
  const node = model.nodes[modelIndex]!;
  let changed = false;
  if (node.module !== undefined && state.collapsedModules.delete(node.module)) changed = true;
  if (node.group !== undefined && node.group !== node.name && !state.expandedGroups.has(node.group)) {
    state.expandedGroups.add(node.group);
    changed = true;
  }
  if (changed) refold();
}

// ---- how each visible node looks ------------------------------------------------------------
function look(v: number): NodeLook {
  const visible = state.graph.nodes[v]!;
  const primary = visible.primary >= 0 ? model.nodes[visible.primary]! : undefined;
  const role = visible.primary >= 0 ? state.path.get(visible.primary) : undefined;
  let fill: string = visible.kind === "module" || primary === undefined ? FILL.module : fillOf(primary, role);
  let { stroke, dashed } = primary === undefined ? { stroke: "#6e7781", dashed: false } : baseStroke(primary, role);
  let lineWidth = visible.kind === "node" ? 1 : 2;
  let detail = primary === undefined ? `${visible.members.length} nodes` : primary.kind === "config" && primary.value ? `= ${primary.value}` : `: ${primary.type}`;
  const overlay = state.overlay;
  if (overlay !== undefined) {
    const ran = visible.members.map((member) => overlay.byName.get(model.nodes[member]!.name)).filter((record) => record !== undefined);
    let status: string | undefined;
    if (ran.length > 0) {
      status = ran.some((r) => r.status === "failed") ? "failed" : ran.some((r) => r.status === "skipped" || r.status === "cancelled") ? "skipped" : ran.every((r) => r.status === "cached") ? "cached" : "ok";
      stroke = STATUS_STROKE[status]!;
      dashed = status === "skipped";
      lineWidth = 2.5;
      const total = ran.reduce((sum, r) => sum + r.durationMs, 0);
      const cache = ran.length === 1 && ran[0]!.cache !== undefined ? ` · cache ${ran[0]!.cache.kind}` : "";
      detail = `${ms(total)} · ${status}${cache}`;
    }
    // A failure or skip stays visible on the critical path: only the edges mark the path there.
    if (status !== "failed" && status !== "skipped" && visible.members.some((member) => overlay.critical.has(model.nodes[member]!.name))) {
      stroke = CRITICAL;
      lineWidth = 3.5;
    }
  }
  if (state.matches.has(v)) fill = "#fff3a3";
  const badge = visible.kind === "group" ? `+${visible.members.length - (visible.primary >= 0 ? 1 : 0)}` : visible.kind === "module" ? "module" : "";
  return { fill, stroke, lineWidth, dashed, dimmed: !inFocus(v), detail, badge };
}

function inFocus(v: number): boolean {
  const visible = state.graph.nodes[v]!;
  const any = (test: (member: number) => boolean) => visible.members.some(test);
  if (state.selected >= 0) return any((m) => m === state.selected || state.up.has(m) || state.down.has(m));
  if (state.changed.size > 0) return any((m) => state.changed.has(model.nodes[m]!.name));
  if (state.path.size > 0) return any((m) => state.path.has(m));
  return true;
}

/** Critical-path edges as visible `from,to` pairs, recomputed when folding or the run changes. */
let criticalPairs = new Set<number>();
let criticalFor: { graph: VisibleGraph; overlay: RunOverlay | undefined } | undefined;

function edgeHighlight(from: number, to: number): string | undefined {
  if (state.overlay === undefined) return undefined;
  if (criticalFor?.graph !== state.graph || criticalFor.overlay !== state.overlay) {
    criticalPairs = new Set();
    const path = state.overlay.record.criticalPath.nodes;
    for (let i = 1; i < path.length; i++) {
      const a = index.indexOf.get(path[i - 1]!);
      const b = index.indexOf.get(path[i]!);
      if (a !== undefined && b !== undefined) criticalPairs.add(state.graph.rep[a]! * state.graph.nodes.length + state.graph.rep[b]!);
    }
    criticalFor = { graph: state.graph, overlay: state.overlay };
  }
  return criticalPairs.has(from * state.graph.nodes.length + to) ? CRITICAL : undefined;
}

// ---- selection and details ------------------------------------------------------------------
function select(modelIndex: number, options: { focus?: boolean } = {}): void {
  state.selected = modelIndex;
  if (modelIndex < 0) {
    state.up = new Map();
    state.down = new Map();
    element("details").innerHTML = `<p class="hint">Click a node for its details. Drag to pan, scroll to zoom.</p>`;
    refreshScene();
    return;
  }
  const { up, down } = neighborhood(index, modelIndex, state.hops);
  state.up = up;
  state.down = down;
  const v = state.graph.rep[modelIndex]!;
  const visible = state.graph.nodes[v]!;
  const node = visible.kind === "module" ? undefined : model.nodes[modelIndex];
  const expanded = node !== undefined && (state.expandedGroups.has(node.group ?? "") || state.expandedGroups.has(node.name)) && (node.group !== undefined || hasMadeNodes(index, node.name));
  element("details").innerHTML = detailsHtml({ model, node, visible, hops: state.hops, upstream: up, downstream: down, role: state.path.get(modelIndex), overlay: state.overlay, expanded });
  refreshScene();
  if (options.focus) renderer.focus(v);
}

function selectVisible(v: number): void {
  if (v < 0) return select(-1);
  const visible = state.graph.nodes[v]!;
  select(visible.primary >= 0 ? visible.primary : visible.members[0]!);
}

function selectByName(name: string): boolean {
  const at = index.indexOf.get(name);
  if (at === undefined) return false;
  showNode(at);
  select(at, { focus: true });
  return true;
}

function refreshScene(): void {
  renderer.setScene({ graph: state.graph, layout: state.layout, look, edgeHighlight, selected: state.selected < 0 ? -1 : state.graph.rep[state.selected]! });
}

// ---- execution path -------------------------------------------------------------------------
function setOutputs(outputs: readonly string[]): string[] {
  const unknown = outputs.filter((name) => !index.indexOf.has(name));
  state.outputs = outputs.filter((name) => index.indexOf.has(name));
  state.path = state.outputs.length === 0 ? new Map() : executionPath(index, state.outputs, model.inputs, model.overrides);
  const missing = [...state.path].filter(([, role]) => role === "missing-input").map(([at]) => model.nodes[at]!.name);
  const lines = unknown.map((name) => {
    const { suggestions } = searchNames(names, name);
    return `<p class="error">No node is named <code>${escapeHtml(name)}</code>${suggestions.length ? `; did you mean ${suggestions.map((s) => `<code>${escapeHtml(s)}</code>`).join(" or ")}?` : "."}</p>`;
  });
  if (state.outputs.length > 0) {
    lines.push(`<p>Path of ${state.outputs.map((o) => `<code>${escapeHtml(o)}</code>`).join(", ")}: <span id="path-count">${state.path.size}</span> nodes${model.overrides.length ? `, overrides: ${escapeHtml(model.overrides.join(", "))}` : ""}.</p>`);
    if (missing.length > 0) lines.push(`<p class="error">Missing inputs: ${escapeHtml(missing.join(", "))}</p>`);
  }
  element("path").innerHTML = lines.join("");
  refreshScene();
  return unknown;
}

// ---- run overlay and history ----------------------------------------------------------------
function loadRun(record: RunRecord | undefined): void {
  state.overlay = record === undefined ? undefined : overlayOf(record);
  const panel = element("run");
  if (record === undefined) {
    panel.innerHTML = "";
  } else {
    const slowest = [...record.nodes].sort((a, b) => b.durationMs - a.durationMs).slice(0, 8);
    const hits = record.nodes.filter((node) => node.cache?.kind === "hit").length;
    const misses = record.nodes.filter((node) => node.cache?.kind === "miss").length;
    panel.innerHTML = `<h2>Run <code id="run-id">${escapeHtml(record.runId)}</code></h2>
      <p><span class="status-${record.status}" id="run-status">${record.status}</span> · ${record.durationMs === undefined ? "running" : ms(record.durationMs)} · ${record.nodes.length} nodes · cache ${hits} hit(s), ${misses} miss(es)</p>
      ${record.error ? `<p class="error">${escapeHtml(record.error.message)}</p>` : ""}
      <h3>Critical path (${ms(record.criticalPath.durationMs)})</h3><ol id="critical-path">${nodeLinks(record.criticalPath.nodes)}</ol>
      <h3>Slowest</h3><ul>${nodeLinks(slowest.map((n) => n.name), (name) => ` ${ms(record.nodes.find((n) => n.name === name)!.durationMs)}`)}</ul>`;
  }
  if (state.selected >= 0) select(state.selected);
  else refreshScene();
}

async function loadHistory(): Promise<void> {
  const panel = element("history");
  const runs = (await (await fetch("api/runs")).json()) as { runId: string; startedAt: string; status: string; durationMs?: number; outputs: string[] }[];
  panel.innerHTML = `<h2>Runs (${runs.length})</h2><p class="hint">Open one, or tick two to compare. <a href="#" data-refresh-runs>Refresh</a></p><ul id="run-list">${runs
    .map((run) => `<li><label><input type="checkbox" data-compare="${escapeHtml(run.runId)}"></label> <a href="#" data-run="${escapeHtml(run.runId)}">${escapeHtml(run.startedAt.replace("T", " ").slice(0, 19))}</a> <span class="status-${escapeHtml(run.status)}">${escapeHtml(run.status)}</span> ${run.durationMs === undefined ? "" : ms(run.durationMs)} <small>${escapeHtml(run.outputs.join(", "))}</small></li>`)
    .join("")}</ul><div id="comparison"></div>`;
}

async function fetchRun(runId: string): Promise<RunRecord> {
  return (await (await fetch(`api/runs/${encodeURIComponent(runId)}`)).json()) as RunRecord;
}

function showComparison(before: RunRecord, after: RunRecord): RunDifference[] {
  const differences = compareRuns(before, after);
  state.changed = new Set(differences.map((d) => d.name));
  element("comparison").innerHTML = `<button data-clear-comparison>Clear comparison</button><h3>${escapeHtml(before.runId)} → ${escapeHtml(after.runId)}: <span id="changed-count">${differences.length}</span> node(s) changed</h3><table class="facts" id="comparison-table">${differences
    .slice(0, 300)
    .map((d) => `<tr><th><a href="#" data-node="${escapeHtml(d.name)}">${escapeHtml(d.name)}</a></th><td>${escapeHtml(d.reasons.join("; "))}</td></tr>`)
    .join("")}</table>`;
  refreshScene();
  return differences;
}

// ---- wiring ---------------------------------------------------------------------------------
function wire(): void {
  const canvas = renderer.canvas;
  let drag: { x: number; y: number; moved: boolean } | undefined;
  canvas.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, moved: false };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (drag === undefined) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    renderer.view.x += dx;
    renderer.view.y += dy;
    drag.x = event.clientX;
    drag.y = event.clientY;
    renderer.requestDraw();
  });
  canvas.addEventListener("pointerup", (event) => {
    const wasDrag = drag?.moved === true;
    drag = undefined;
    if (wasDrag) return;
    const box = canvas.getBoundingClientRect();
    const band = renderer.hitBandLabel(event.clientX - box.left, event.clientY - box.top);
    const hit = renderer.hit(event.clientX - box.left, event.clientY - box.top);
    if (hit < 0 && band !== undefined) {
      state.collapsedModules.add(band);
      refold();
      return;
    }
    selectVisible(hit);
  });
  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    const box = canvas.getBoundingClientRect();
    renderer.zoomAt(event.clientX - box.left, event.clientY - box.top, Math.exp(-event.deltaY * 0.0015));
  }, { passive: false });
  window.addEventListener("resize", () => renderer.requestDraw());

  const search = element<HTMLInputElement>("search");
  const results = element("search-results");
  search.addEventListener("input", () => {
    const { matches, suggestions } = searchNames(names, search.value);
    state.matches = new Set(matches.map((name) => state.graph.rep[index.indexOf.get(name)!]!));
    results.innerHTML =
      search.value.trim() === ""
        ? ""
        : matches.length > 0
          ? `<ul>${nodeLinks(matches)}</ul>`
          : `<p class="none">No node matches <code>${escapeHtml(search.value)}</code>.${suggestions.length ? ` Did you mean ${suggestions.map((s) => `<a href="#" data-node="${escapeHtml(s)}">${escapeHtml(s)}</a>`).join(" or ")}?` : ""}</p>`;
    refreshScene();
  });
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const first = results.querySelector<HTMLElement>("[data-node]");
    if (first) selectByName(first.dataset.node!);
  });
  element<HTMLInputElement>("hops").addEventListener("change", (event) => {
    state.hops = Math.max(1, Math.min(50, Number((event.target as HTMLInputElement).value) || 1));
    if (state.selected >= 0) select(state.selected);
  });
  const outputs = element<HTMLInputElement>("outputs");
  outputs.value = state.outputs.join(", ");
  outputs.addEventListener("change", () => setOutputs(outputs.value.split(",").map((s) => s.trim()).filter(Boolean)));
  element("fit").addEventListener("click", () => renderer.fit());
  element("expand-all").addEventListener("click", () => {
    for (const node of model.nodes) if (node.group !== undefined) state.expandedGroups.add(node.group);
    state.collapsedModules.clear();
    refold();
  });
  element("collapse-all").addEventListener("click", () => {
    state.expandedGroups.clear();
    refold();
  });
  document.body.addEventListener("click", async (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>("[data-node],[data-expand-group],[data-collapse-group],[data-expand-module],[data-run],[data-compare],[data-refresh-runs],[data-clear-comparison]");
    if (target === null) return;
    const data = target.dataset;
    if (data.compare !== undefined) {
      const ticked = [...document.querySelectorAll<HTMLInputElement>("[data-compare]:checked")].map((box) => box.dataset.compare!);
      if (ticked.length === 2) {
        const [a, b] = await Promise.all(ticked.map(fetchRun));
        const [before, after] = a!.startedAt <= b!.startedAt ? [a!, b!] : [b!, a!];
        showComparison(before, after);
      }
      return;
    }
    event.preventDefault();
    if (data.refreshRuns !== undefined) await loadHistory();
    else if (data.clearComparison !== undefined) {
      state.changed = new Set();
      element("comparison").innerHTML = "";
      for (const box of document.querySelectorAll<HTMLInputElement>("[data-compare]")) box.checked = false;
      refreshScene();
    } else if (data.node !== undefined) selectByName(data.node);
    else if (data.expandGroup !== undefined) {
      state.expandedGroups.add(data.expandGroup);
      refold();
      select(state.selected);
    } else if (data.collapseGroup !== undefined) {
      state.expandedGroups.delete(data.collapseGroup);
      refold();
      select(state.selected);
    } else if (data.expandModule !== undefined) {
      state.collapsedModules.delete(data.expandModule);
      refold();
      select(state.selected);
    } else if (data.run !== undefined) loadRun(await fetchRun(data.run));
  });
  element("legend").innerHTML = LEGEND.map(([label, fill, stroke]) => `<span><i style="background:${fill};border-color:${stroke}"></i>${escapeHtml(label)}</span>`).join("");
}

// ---- start ----------------------------------------------------------------------------------
const api = {
  ready: false,
  openedInMs: 0,
  model,
  nodeCount: () => model.nodes.length,
  visibleCount: () => state.graph.nodes.length,
  isDrawnAlone: (name: string) => state.graph.nodes[state.graph.rep[index.indexOf.get(name) ?? -1] ?? -1]?.kind === "node",
  search: (query: string) => searchNames(names, query),
  select: (name: string) => selectByName(name),
  selected: () => (state.selected < 0 ? undefined : model.nodes[state.selected]!.name),
  setHops: (hops: number) => {
    element<HTMLInputElement>("hops").value = String(hops);
    state.hops = hops;
    if (state.selected >= 0) select(state.selected);
  },
  neighborhood: (name: string, hops: number) => {
    const { up, down } = neighborhood(index, index.indexOf.get(name)!, hops);
    return { upstream: [...up.keys()].map((i) => model.nodes[i]!.name), downstream: [...down.keys()].map((i) => model.nodes[i]!.name) };
  },
  expandGroup: (group: string) => (state.expandedGroups.add(group), refold()),
  collapseGroup: (group: string) => (state.expandedGroups.delete(group), refold()),
  collapseModule: (module: string) => (state.collapsedModules.add(module), refold()),
  expandModule: (module: string) => (state.collapsedModules.delete(module), refold()),
  screenPosition: (name: string) => renderer.screenPosition(state.graph.rep[index.indexOf.get(name) ?? -1] ?? -1),
  setOutputs: (outputs: string[]) => setOutputs(outputs),
  pathNodes: () => [...state.path.keys()].map((i) => model.nodes[i]!.name),
  pathRole: (name: string) => state.path.get(index.indexOf.get(name) ?? -1),
  loadRun: (record: RunRecord | undefined) => loadRun(record),
  runStatus: (name: string) => state.overlay?.byName.get(name)?.status,
  /** The colour the edge between the nodes standing for `from` and `to` is drawn in, when highlighted. */
  edgeColor: (from: string, to: string) => edgeHighlight(state.graph.rep[index.indexOf.get(from) ?? -1] ?? -1, state.graph.rep[index.indexOf.get(to) ?? -1] ?? -1),
  nodeLook: (name: string) => look(state.graph.rep[index.indexOf.get(name) ?? -1]!),
  compare: (before: RunRecord, after: RunRecord) => showComparison(before, after),
  compareRuns,
};
declare global {
  interface Window {
    funcflowExplorer: typeof api;
  }
}
window.funcflowExplorer = api;

element("title").textContent = model.title;
document.title = `${model.title} · funcflow explorer`;
wire();
state.graph = visibleGraph(index, state);
if (state.graph.nodes.length > model.collapseModulesAbove) {
  for (const node of model.nodes) if (node.module !== undefined) state.collapsedModules.add(node.module);
}
refold();
setOutputs(state.outputs);
loadRun(model.run);
select(-1);
renderer.fit();
renderer.onFrame = () => {
  if (api.ready) return;
  api.openedInMs = performance.now();
  api.ready = true;
  document.body.dataset.ready = "true";
};
if (model.live === true) void loadHistory();
