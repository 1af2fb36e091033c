/// <reference lib="dom" />
/** The details of the selected node: what it is, where it is defined, its code, its neighbours and its run. */
import type { ExplorerModel, ExplorerNode } from "../explorer-model.ts";
import { escapeHtml, nodeLinks } from "./html.ts";
import type { PathRole } from "./model-index.ts";
import { ms, type RunOverlay } from "./run-overlay.ts";
import type { VisibleNode } from "./visible-graph.ts";

export interface DetailsInput {
  readonly model: ExplorerModel;
  readonly node: ExplorerNode | undefined;
  readonly visible: VisibleNode;
  readonly hops: number;
  readonly upstream: ReadonlyMap<number, number>;
  readonly downstream: ReadonlyMap<number, number>;
  readonly role: PathRole | undefined;
  readonly overlay: RunOverlay | undefined;
  readonly expanded: boolean;
}

const row = (label: string, value: string | undefined) => (value === undefined || value === "" ? "" : `<tr><th>${label}</th><td>${value}</td></tr>`);

export function detailsHtml(input: DetailsInput): string {
  const { model, node, visible } = input;
  const parts: string[] = [];
  if (visible.kind === "module") {
    parts.push(`<h2>${escapeHtml(visible.label)}</h2><p>Module, collapsed: ${visible.members.length} nodes.</p>`);
    parts.push(`<button data-expand-module="${escapeHtml(visible.key!)}">Expand module</button>`);
    return parts.join("");
  }
  parts.push(`<h2 id="details-name">${escapeHtml(node?.name ?? visible.label)}</h2>`);
  if (node?.doc) parts.push(`<p class="doc">${escapeHtml(node.doc)}</p>`);
  const tags = node?.tags === undefined ? "" : Object.entries(node.tags).map(([key, value]) => `<code>${escapeHtml(key)}: ${escapeHtml(([] as string[]).concat(value).join(", "))}</code>`).join(" ");
  parts.push(
    `<table class="facts">${[
      row("kind", escapeHtml(node?.kind ?? "group") + (node?.role ? ` (${escapeHtml(node.role)})` : "") + (input.role && input.role !== "computed" ? ` · ${escapeHtml(input.role)}` : "")),
      row("type", node ? `<code>${escapeHtml(node.type)}</code>` : undefined),
      row("tags", tags),
      row("source", node?.module ? `<code>${escapeHtml(node.module)}:${node.line}</code>${node.exportName && node.exportName !== node.name ? ` (export <code>${escapeHtml(node.exportName)}</code>)` : ""}` : undefined),
      row("config", node?.condition ? `chosen when <code>${escapeHtml(node.condition)}</code>` : undefined),
      row("value", node?.value ? `<code>${escapeHtml(node.value)}</code>` : undefined),
      row("made by", node?.group && node.group !== node.name ? `modifiers of <code>${escapeHtml(node.group)}</code>` : undefined),
      row("code version", node?.codeVersion ? `<code>${escapeHtml(node.codeVersion.slice(0, 16))}</code>` : undefined),
      row("async", node?.isAsync ? "yes" : undefined),
    ].join("")}</table>`,
  );
  if (node?.excluded !== undefined) {
    parts.push(
      `<h3>Config variants left out</h3><ul class="excluded">${node.excluded
        .map((variant) => `<li><code>${escapeHtml(variant.exportName)}</code> needs <code>${escapeHtml(variant.condition)}</code>; config has ${escapeHtml(JSON.stringify(variant.configValues))}</li>`)
        .join("")}</ul>`,
    );
  }
  if (node?.otherVariants !== undefined) {
    parts.push(
      `<h3>Variants config did not choose</h3><ul class="variants">${node.otherVariants
        .map((variant) => `<li><code>${escapeHtml(variant.exportName)}</code> (${escapeHtml(variant.module)}:${variant.line}): <code>${escapeHtml(variant.modifiers)}</code>; config has ${escapeHtml(JSON.stringify(variant.configValues))}${node.condition ? `, and <code>${escapeHtml(node.condition)}</code> chose this one` : ""}</li>`)
        .join("")}</ul>`,
    );
  }
  if (visible.kind === "group") {
    const names = visible.members.map((member) => model.nodes[member]!.name).filter((name) => name !== node?.name);
    parts.push(`<h3>Made by its modifiers (${names.length})</h3><ul class="members">${nodeLinks(names)}</ul>`);
    parts.push(`<button data-expand-group="${escapeHtml(visible.key!)}">Expand group</button>`);
  } else if (input.expanded && node?.group !== undefined) {
    parts.push(`<button data-collapse-group="${escapeHtml(node.group)}">Collapse into ${escapeHtml(node.group)}</button>`);
  } else if (input.expanded && node !== undefined) {
    parts.push(`<button data-collapse-group="${escapeHtml(node.name)}">Collapse made nodes</button>`);
  }
  parts.push(runHtml(node, input.overlay));
  const note = (distances: ReadonlyMap<number, number>) => {
    const byName = new Map([...distances].map(([index, distance]) => [model.nodes[index]!.name, distance]));
    return (name: string) => (input.hops > 1 ? ` <span class="hop">${byName.get(name)}</span>` : "");
  };
  const namesOf = (distances: ReadonlyMap<number, number>) => [...distances.keys()].sort((a, b) => distances.get(a)! - distances.get(b)! || a - b).map((index) => model.nodes[index]!.name);
  parts.push(`<h3>Upstream within ${input.hops} hop(s): <span id="upstream-count">${input.upstream.size}</span></h3><ul id="upstream">${nodeLinks(namesOf(input.upstream).slice(0, 200), note(input.upstream))}</ul>`);
  parts.push(`<h3>Downstream within ${input.hops} hop(s): <span id="downstream-count">${input.downstream.size}</span></h3><ul id="downstream">${nodeLinks(namesOf(input.downstream).slice(0, 200), note(input.downstream))}</ul>`);
  if (node?.code !== undefined) parts.push(`<h3>Code</h3><pre class="code">${escapeHtml(model.codes[node.code]!)}</pre>`);
  return parts.join("");
}

function runHtml(node: ExplorerNode | undefined, overlay: RunOverlay | undefined): string {
  if (overlay === undefined || node === undefined) return "";
  const record = overlay.byName.get(node.name);
  if (record === undefined) return `<h3>In run ${escapeHtml(overlay.record.runId)}</h3><p>Not run.</p>`;
  const cache = record.cache;
  return `<h3>In run ${escapeHtml(overlay.record.runId)}</h3><table class="facts" id="run-facts">${[
    row("status", `<span class="status-${record.status}">${record.status}</span>`),
    row("duration", ms(record.durationMs)),
    row("cache", cache === undefined ? undefined : `${escapeHtml(cache.kind)}${cache.reason ? ` (${escapeHtml(cache.reason)}${cache.changed ? `: ${escapeHtml(cache.changed.join(", "))}` : ""})` : ""}`),
    row("error", record.error === undefined ? undefined : `<code>${escapeHtml(record.error)}</code>`),
    row("skipped because", record.skippedBecause === undefined ? undefined : escapeHtml(record.skippedBecause)),
    row("critical path", overlay.critical.has(node.name) ? "on it" : undefined),
  ].join("")}</table>`;
}
