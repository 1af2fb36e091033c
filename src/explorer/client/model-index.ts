/// <reference lib="dom" />
/**
 * Indexes over the page's model: names to indices, and each node's dependencies and
 * dependents as flat arrays (CSR), built once when the page opens.
 */
import type { ExplorerModel } from "../explorer-model.ts";

export interface ModelIndex {
  readonly model: ExplorerModel;
  readonly indexOf: ReadonlyMap<string, number>;
  /** `predecessors.slice(predStart[i], predStart[i + 1])`: what node i reads. */
  readonly predStart: Int32Array;
  readonly predecessors: Int32Array;
  readonly succStart: Int32Array;
  readonly successors: Int32Array;
}

/** The indexes of `model`. */
export function indexModel(model: ExplorerModel): ModelIndex {
  const count = model.nodes.length;
  const indexOf = new Map<string, number>();
  model.nodes.forEach((node, index) => indexOf.set(node.name, index));
  const predStart = new Int32Array(count + 1);
  const succStart = new Int32Array(count + 1);
  for (const [from, to] of model.edges) {
    predStart[to + 1]!++;
    succStart[from + 1]!++;
  }
  for (let i = 0; i < count; i++) {
    predStart[i + 1]! += predStart[i]!;
    succStart[i + 1]! += succStart[i]!;
  }
  const predecessors = new Int32Array(model.edges.length);
  const successors = new Int32Array(model.edges.length);
  const predFill = predStart.slice(0, count);
  const succFill = succStart.slice(0, count);
  for (const [from, to] of model.edges) {
    predecessors[predFill[to]!++] = from;
    successors[succFill[from]!++] = to;
  }
  return { model, indexOf, predStart, predecessors, succStart, successors };
}

/** Calls `visit` for each neighbour of `node` in `direction`. */
export function forEachNeighbor(index: ModelIndex, node: number, direction: "up" | "down", visit: (neighbor: number) => void): void {
  const start = direction === "up" ? index.predStart : index.succStart;
  const list = direction === "up" ? index.predecessors : index.successors;
  for (let at = start[node]!; at < start[node + 1]!; at++) visit(list[at]!);
}

/**
 * The nodes within `hops` edges of `node` upstream and downstream, each with its distance
 * (the node itself excluded).
 */
export function neighborhood(index: ModelIndex, node: number, hops: number): { up: Map<number, number>; down: Map<number, number> } {
  const walk = (direction: "up" | "down") => {
    const distance = new Map<number, number>();
    let frontier = [node];
    for (let hop = 1; hop <= hops && frontier.length > 0; hop++) {
      const next: number[] = [];
      for (const at of frontier) {
        forEachNeighbor(index, at, direction, (neighbor) => {
          if (neighbor === node || distance.has(neighbor)) return;
          distance.set(neighbor, hop);
          next.push(neighbor);
        });
      }
      frontier = next;
    }
    return distance;
  };
  return { up: walk("up"), down: walk("down") };
}

/** Where a node stands on the execution path of the chosen outputs. */
export type PathRole = "output" | "override" | "given-input" | "missing-input" | "computed";

/**
 * The upstream closure of `outputs`, not walking past overrides, with each node's role, plus
 * every config node: the DOT path view and `toGraphology` show the config in each view, as
 * Hamilton's views do.
 */
export function executionPath(index: ModelIndex, outputs: readonly string[], inputs: readonly string[], overrides: readonly string[]): Map<number, PathRole> {
  const path = new Map<number, PathRole>();
  const given = new Set(inputs);
  const overridden = new Set(overrides);
  const wanted = new Set(outputs);
  const stack = outputs.flatMap((name) => (index.indexOf.has(name) ? [index.indexOf.get(name)!] : []));
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (path.has(at)) continue;
    const node = index.model.nodes[at]!;
    const role: PathRole = overridden.has(node.name)
      ? "override"
      : wanted.has(node.name)
        ? "output"
        : node.kind === "input"
          ? given.has(node.name) ? "given-input" : "missing-input"
          : "computed";
    path.set(at, role);
    if (role !== "override") forEachNeighbor(index, at, "up", (neighbor) => stack.push(neighbor));
  }
  index.model.nodes.forEach((node, at) => {
    if (node.kind === "config" && !path.has(at)) path.set(at, overridden.has(node.name) ? "override" : "computed");
  });
  return path;
}
