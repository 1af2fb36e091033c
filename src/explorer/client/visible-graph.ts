/// <reference lib="dom" />
/**
 * What is drawn: model nodes folded into their modifier group's function (unless expanded)
 * and into their module (when collapsed), with edges between what remains.
 */
import type { ModelIndex } from "./model-index.ts";

export interface VisibleNode {
  readonly id: number;
  readonly label: string;
  /** `node`: one model node; `group`: a function with the nodes its modifiers made; `module`: a collapsed module. */
  readonly kind: "node" | "group" | "module";
  /** The model node whose look and details stand for it (-1 for a group or module without one). */
  readonly primary: number;
  readonly members: number[];
  /** The module band it is drawn in. */
  readonly module: string | undefined;
  /** The group key (for `group`) or module (for `module`), to expand it. */
  readonly key: string | undefined;
}

export interface VisibleGraph {
  readonly nodes: readonly VisibleNode[];
  /** Per model node, the visible node standing for it. */
  readonly rep: Int32Array;
  /** Flat `[from, to, from, to, …]`, without duplicates or self-loops. */
  readonly edges: Int32Array;
}

export interface FoldState {
  /** Groups whose made nodes are shown one by one. */
  readonly expandedGroups: ReadonlySet<string>;
  /** Modules drawn as one node. */
  readonly collapsedModules: ReadonlySet<string>;
}

/** The visible graph of `index` under `state`. */
export function visibleGraph(index: ModelIndex, state: FoldState): VisibleGraph {
  const { nodes } = index.model;
  const rep = new Int32Array(nodes.length).fill(-1);
  const visible: VisibleNode[] = [];
  const byKey = new Map<string, VisibleNode>();
  const add = (key: string, make: (id: number) => VisibleNode): VisibleNode => {
    let node = byKey.get(key);
    if (node === undefined) {
      node = make(visible.length);
      visible.push(node);
      byKey.set(key, node);
    }
    return node;
  };
  // Owners first, so a group's function keeps its own place (and name) when its made nodes fold into it.
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.module !== undefined && state.collapsedModules.has(node.module)) {
      const module = node.module;
      const target = add(`m\u0000${module}`, (id) => ({ id, label: module, kind: "module", primary: -1, members: [], module, key: module }));
      target.members.push(i);
      rep[i] = target.id;
      continue;
    }
    const group = node.group;
    if (group !== undefined && !state.expandedGroups.has(group)) {
      const ownerIndex = index.indexOf.get(group);
      const owner = ownerIndex !== undefined && (nodes[ownerIndex]!.group === undefined || nodes[ownerIndex]!.group === group) ? ownerIndex : -1;
      const module = owner >= 0 ? nodes[owner]!.module : node.module;
      const target = add(`g\u0000${group}`, (id) => ({ id, label: group, kind: "group", primary: owner, members: [], module, key: group }));
      target.members.push(i);
      rep[i] = target.id;
      continue;
    }
    // A function whose made nodes are folded into it is drawn as that group.
    const groupOfOwner = group === undefined && !state.expandedGroups.has(node.name) && hasMadeNodes(index, node.name) ? node.name : undefined;
    if (groupOfOwner !== undefined) {
      const target = add(`g\u0000${groupOfOwner}`, (id) => ({ id, label: groupOfOwner, kind: "group", primary: i, members: [], module: node.module, key: groupOfOwner }));
      target.members.push(i);
      rep[i] = target.id;
      continue;
    }
    const own = add(`n\u0000${i}`, (id) => ({ id, label: node.name, kind: "node", primary: i, members: [i], module: node.module, key: undefined }));
    rep[i] = own.id;
  }
  return { nodes: visible, rep, edges: foldEdges(index, rep) };
}

const madeNodesCache = new WeakMap<ModelIndex, Set<string>>();

/** Whether some node names `name` as the group a modifier made it in. */
export function hasMadeNodes(index: ModelIndex, name: string): boolean {
  let groups = madeNodesCache.get(index);
  if (groups === undefined) {
    groups = new Set(index.model.nodes.flatMap((node) => (node.group === undefined ? [] : [node.group])));
    madeNodesCache.set(index, groups);
  }
  return groups.has(name);
}

function foldEdges(index: ModelIndex, rep: Int32Array): Int32Array {
  const seen = new Set<number>();
  const out: number[] = [];
  const width = rep.length + 1;
  for (const [from, to] of index.model.edges) {
    const a = rep[from]!;
    const b = rep[to]!;
    if (a === b) continue;
    const key = a * width + b;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a, b);
  }
  return Int32Array.from(out);
}
