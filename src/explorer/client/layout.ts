/// <reference lib="dom" />
/**
 * Layered layout, fast enough for the page to run on every fold: layers are topological
 * generations (longest path from the sources), each module gets a horizontal band as tall as
 * its widest layer, and nodes within a band are ordered by the mean position of their
 * neighbours (one sweep down, one up). Linear in nodes and edges, so 10,000 nodes take
 * tens of milliseconds where elkjs and Graphviz take seconds (see docs/explorer.md).
 */
import type { VisibleGraph } from "./visible-graph.ts";

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 30;
export const COLUMN = 250;
export const ROW = 42;
const BAND_GAP = 1.2;

export interface Band {
  readonly module: string;
  readonly top: number;
  readonly bottom: number;
  readonly right: number;
}

export interface Layout {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly layer: Int32Array;
  readonly bands: readonly Band[];
  readonly width: number;
  readonly height: number;
}

/** Positions for every visible node (top-left corners). */
export function layoutGraph(graph: VisibleGraph): Layout {
  const count = graph.nodes.length;
  const { preds, succs } = adjacency(graph);
  const layer = layers(count, preds, succs);
  const band = bandsOf(graph, preds, succs);
  // Group nodes by (band, layer); order each group by neighbour barycentres.
  const bandNames = [...new Set(band)];
  const bandIndex = new Map(bandNames.map((name, index) => [name, index]));
  let layerCount = 0;
  for (let i = 0; i < count; i++) layerCount = Math.max(layerCount, layer[i]! + 1);
  const cells = new Map<number, number[]>();
  const cellKey = (b: number, l: number) => b * (layerCount + 1) + l;
  for (let i = 0; i < count; i++) {
    const key = cellKey(bandIndex.get(band[i]!)!, layer[i]!);
    let cell = cells.get(key);
    if (cell === undefined) cells.set(key, (cell = []));
    cell.push(i);
  }
  const bandHeight = new Array<number>(bandNames.length).fill(0);
  for (const [key, cell] of cells) {
    const b = Math.floor(key / (layerCount + 1));
    bandHeight[b] = Math.max(bandHeight[b]!, cell.length);
  }
  const bandTop: number[] = [];
  let top = 0;
  for (let b = 0; b < bandNames.length; b++) {
    bandTop.push(top);
    top += bandHeight[b]! + BAND_GAP;
  }
  const position = new Float64Array(count);
  const place = () => {
    for (const [key, cell] of cells) {
      const b = Math.floor(key / (layerCount + 1));
      // Centre short columns in their band so edges run straighter.
      const offset = bandTop[b]! + (bandHeight[b]! - cell.length) / 2;
      cell.forEach((node, rank) => (position[node] = offset + rank));
    }
  };
  place();
  const layerOrder = [...cells.entries()].sort((a, b) => (a[0] % (layerCount + 1)) - (b[0] % (layerCount + 1)));
  for (const [neighbours, order] of [[preds, layerOrder], [succs, [...layerOrder].reverse()]] as const) {
    for (const [, cell] of order) {
      const barycentre = new Map<number, number>();
      for (const node of cell) {
        const list = neighbours[node]!;
        barycentre.set(node, list.length === 0 ? position[node]! : list.reduce((sum, other) => sum + position[other]!, 0) / list.length);
      }
      cell.sort((a, b) => barycentre.get(a)! - barycentre.get(b)!);
      const b = bandIndex.get(band[cell[0]!]!)!;
      const offset = bandTop[b]! + (bandHeight[b]! - cell.length) / 2;
      cell.forEach((node, rank) => (position[node] = offset + rank));
    }
  }
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = layer[i]! * COLUMN;
    y[i] = position[i]! * ROW;
  }
  const bands = bandNames.map((module, b) => ({ module, top: bandTop[b]! * ROW - ROW * 0.6, bottom: (bandTop[b]! + bandHeight[b]!) * ROW, right: layerCount * COLUMN }));
  return { x, y, layer, bands, width: layerCount * COLUMN, height: top * ROW };
}

function adjacency(graph: VisibleGraph): { preds: number[][]; succs: number[][] } {
  const preds: number[][] = graph.nodes.map(() => []);
  const succs: number[][] = graph.nodes.map(() => []);
  for (let e = 0; e < graph.edges.length; e += 2) {
    preds[graph.edges[e + 1]!]!.push(graph.edges[e]!);
    succs[graph.edges[e]!]!.push(graph.edges[e + 1]!);
  }
  return { preds, succs };
}

/** Longest path from the sources (Kahn's order); nodes on a cycle folding made are placed after what they read. */
function layers(count: number, preds: number[][], succs: number[][]): Int32Array {
  const layer = new Int32Array(count);
  const waiting = Int32Array.from(preds, (list) => list.length);
  const queue: number[] = [];
  for (let i = 0; i < count; i++) if (waiting[i] === 0) queue.push(i);
  const done = new Uint8Array(count);
  for (let head = 0; head < count; head++) {
    if (head >= queue.length) {
      // Folding can close a cycle (a group read by a node it also feeds): break it at the first node left.
      const next = done.findIndex((flag) => flag === 0);
      queue.push(next);
      waiting[next] = 0;
    }
    const node = queue[head]!;
    done[node] = 1;
    for (const succ of succs[node]!) {
      if (done[succ]) continue;
      layer[succ] = Math.max(layer[succ]!, layer[node]! + 1);
      if (--waiting[succ]! === 0) queue.push(succ);
    }
  }
  return layer;
}

/** Each node's band: its module; inputs and config sit in the band of the first node reading them. */
function bandsOf(graph: VisibleGraph, preds: number[][], succs: number[][]): string[] {
  return graph.nodes.map((node, i) => {
    if (node.module !== undefined) return node.module;
    const reader = succs[i]!.find((succ) => graph.nodes[succ]!.module !== undefined) ?? preds[i]!.find((pred) => graph.nodes[pred]!.module !== undefined);
    return reader === undefined ? "" : graph.nodes[reader]!.module!;
  });
}
