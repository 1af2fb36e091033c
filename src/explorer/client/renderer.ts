/// <reference lib="dom" />
/**
 * Draws the visible graph on a canvas: module bands, edges, nodes and labels, with pan and
 * zoom. Only what is on screen is drawn, and labels only when they are readable, so a frame
 * stays cheap at 10,000 nodes.
 */
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from "./layout.ts";
import type { VisibleGraph } from "./visible-graph.ts";

/** How one visible node looks this frame. */
export interface NodeLook {
  readonly fill: string;
  readonly stroke: string;
  readonly lineWidth: number;
  readonly dashed: boolean;
  readonly dimmed: boolean;
  /** Text under the name (type, duration). */
  readonly detail: string;
  /** A badge in the corner (e.g. "+7" folded nodes). */
  readonly badge: string;
}

export interface Scene {
  readonly graph: VisibleGraph;
  readonly layout: Layout;
  look(node: number): NodeLook;
  /** Edges drawn thick and coloured (critical path, selection). */
  edgeHighlight(from: number, to: number): string | undefined;
  readonly selected: number;
}

export interface View {
  x: number;
  y: number;
  k: number;
}

const LABEL_ZOOM = 0.38;

export class Renderer {
  readonly canvas: HTMLCanvasElement;
  readonly view: View = { x: 0, y: 0, k: 1 };
  #scene: Scene | undefined;
  #pending = false;
  onFrame: (() => void) | undefined;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
  }

  setScene(scene: Scene): void {
    this.#scene = scene;
    this.requestDraw();
  }

  requestDraw(): void {
    if (this.#pending) return;
    this.#pending = true;
    requestAnimationFrame(() => {
      this.#pending = false;
      this.draw();
    });
  }

  /** Fits the whole layout in the canvas. */
  fit(): void {
    const scene = this.#scene;
    if (scene === undefined) return;
    const { width, height } = this.#size();
    const left = -40;
    const top = -NODE_HEIGHT;
    const contentWidth = Math.max(scene.layout.width, NODE_WIDTH) - left;
    const contentHeight = Math.max(scene.layout.height, NODE_HEIGHT) - top;
    this.view.k = Math.min(1.2, (width - 40) / contentWidth, (height - 40) / contentHeight);
    this.view.x = (width - contentWidth * this.view.k) / 2 - left * this.view.k;
    this.view.y = (height - contentHeight * this.view.k) / 2 - top * this.view.k;
    this.requestDraw();
  }

  /** Centres `node` at a readable zoom. */
  focus(node: number): void {
    const scene = this.#scene;
    if (scene === undefined) return;
    const { width, height } = this.#size();
    this.view.k = Math.max(this.view.k, 0.9);
    this.view.x = width / 2 - (scene.layout.x[node]! + NODE_WIDTH / 2) * this.view.k;
    this.view.y = height / 2 - (scene.layout.y[node]! + NODE_HEIGHT / 2) * this.view.k;
    this.requestDraw();
  }

  /** The node under canvas point (px, py), or -1. */
  hit(px: number, py: number): number {
    const scene = this.#scene;
    if (scene === undefined) return -1;
    const gx = (px - this.view.x) / this.view.k;
    const gy = (py - this.view.y) / this.view.k;
    const { x, y } = scene.layout;
    for (let i = 0; i < x.length; i++) {
      if (gx >= x[i]! && gx <= x[i]! + NODE_WIDTH && gy >= y[i]! && gy <= y[i]! + NODE_HEIGHT) return i;
    }
    return -1;
  }

  /** The module band whose label is under (px, py), or undefined. */
  hitBandLabel(px: number, py: number): string | undefined {
    const scene = this.#scene;
    if (scene === undefined) return undefined;
    const gx = (px - this.view.x) / this.view.k;
    const gy = (py - this.view.y) / this.view.k;
    const band = scene.layout.bands.find((b) => b.module !== "" && gy >= b.top && gy <= b.top + 22 && gx >= -30 && gx <= 400);
    return band?.module;
  }

  /** Where `node`'s centre is on the canvas, in CSS pixels. */
  screenPosition(node: number): { x: number; y: number } | undefined {
    const scene = this.#scene;
    if (scene === undefined || node < 0 || node >= scene.layout.x.length) return undefined;
    return { x: this.view.x + (scene.layout.x[node]! + NODE_WIDTH / 2) * this.view.k, y: this.view.y + (scene.layout.y[node]! + NODE_HEIGHT / 2) * this.view.k };
  }

  zoomAt(px: number, py: number, factor: number): void {
    const k = Math.min(3, Math.max(0.002, this.view.k * factor));
    this.view.x = px - ((px - this.view.x) * k) / this.view.k;
    this.view.y = py - ((py - this.view.y) * k) / this.view.k;
    this.view.k = k;
    this.requestDraw();
  }

  #size(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  draw(): void {
    const scene = this.#scene;
    if (scene === undefined) return;
    const { width, height } = this.#size();
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const context = this.canvas.getContext("2d")!;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const { k } = this.view;
    context.setTransform(ratio * k, 0, 0, ratio * k, ratio * this.view.x, ratio * this.view.y);
    const left = -this.view.x / k - NODE_WIDTH;
    const right = (width - this.view.x) / k;
    const top = -this.view.y / k - NODE_HEIGHT;
    const bottom = (height - this.view.y) / k;
    const inView = (i: number) => {
      const nx = scene.layout.x[i]!;
      const ny = scene.layout.y[i]!;
      return nx >= left && nx <= right && ny >= top && ny <= bottom;
    };
    this.#drawBands(context, scene, k);
    this.#drawEdges(context, scene, inView, left, right, top, bottom);
    this.#drawNodes(context, scene, inView, k);
    this.onFrame?.();
  }

  #drawBands(context: CanvasRenderingContext2D, scene: Scene, k: number): void {
    if (scene.layout.bands.length < 2) return;
    scene.layout.bands.forEach((band, index) => {
      context.fillStyle = index % 2 === 0 ? "#f6f8fa" : "#eef2f6";
      context.fillRect(-40, band.top, band.right + 40, band.bottom - band.top + 6);
      // A label only where the band is tall enough on screen to hold it.
      if (band.module === "" || (band.bottom - band.top) * k < 16) return;
      context.fillStyle = "#57606a";
      context.font = `${Math.max(12, 12 / k)}px sans-serif`;
      context.fillText(`▾ ${band.module}`, -30, band.top + Math.max(14, 14 / k));
    });
  }

  #drawEdges(context: CanvasRenderingContext2D, scene: Scene, inView: (i: number) => boolean, left: number, right: number, top: number, bottom: number): void {
    const { edges } = scene.graph;
    const { x, y } = scene.layout;
    const highlighted: [number, number, string][] = [];
    context.lineWidth = 1;
    context.strokeStyle = "rgba(90, 100, 110, 0.45)";
    context.beginPath();
    for (let e = 0; e < edges.length; e += 2) {
      const a = edges[e]!;
      const b = edges[e + 1]!;
      const color = scene.edgeHighlight(a, b);
      if (color !== undefined) {
        highlighted.push([a, b, color]);
        continue;
      }
      const x1 = x[a]! + NODE_WIDTH;
      const y1 = y[a]! + NODE_HEIGHT / 2;
      const x2 = x[b]!;
      const y2 = y[b]! + NODE_HEIGHT / 2;
      // Skip edges wholly outside the view: both ends on the same outer side.
      if ((x1 < left && x2 < left) || (x1 > right && x2 > right) || (y1 < top && y2 < top) || (y1 > bottom && y2 > bottom)) continue;
      if (!inView(a) && !inView(b) && edges.length > 20_000) continue;
      context.moveTo(x1, y1);
      const mid = (x1 + x2) / 2;
      context.bezierCurveTo(mid, y1, mid, y2, x2, y2);
    }
    context.stroke();
    for (const [a, b, color] of highlighted) {
      context.beginPath();
      context.strokeStyle = color;
      context.lineWidth = 3;
      const x1 = x[a]! + NODE_WIDTH;
      const y1 = y[a]! + NODE_HEIGHT / 2;
      const x2 = x[b]!;
      const y2 = y[b]! + NODE_HEIGHT / 2;
      const mid = (x1 + x2) / 2;
      context.moveTo(x1, y1);
      context.bezierCurveTo(mid, y1, mid, y2, x2, y2);
      context.stroke();
    }
  }

  #drawNodes(context: CanvasRenderingContext2D, scene: Scene, inView: (i: number) => boolean, k: number): void {
    const { x, y } = scene.layout;
    const labels = k >= LABEL_ZOOM;
    context.font = "12px sans-serif";
    context.textBaseline = "middle";
    for (let i = 0; i < scene.graph.nodes.length; i++) {
      if (!inView(i)) continue;
      const look = scene.look(i);
      context.globalAlpha = look.dimmed ? 0.25 : 1;
      context.fillStyle = look.fill;
      context.strokeStyle = look.stroke;
      context.lineWidth = i === scene.selected ? 3.5 : look.lineWidth;
      context.setLineDash(look.dashed ? [5, 3] : []);
      context.beginPath();
      context.roundRect(x[i]!, y[i]!, NODE_WIDTH, NODE_HEIGHT, 6);
      context.fill();
      context.stroke();
      if (labels) {
        const node = scene.graph.nodes[i]!;
        context.fillStyle = "#1f2328";
        context.fillText(clip(node.label, look.detail === "" ? 30 : 30), x[i]! + 8, y[i]! + (look.detail === "" ? NODE_HEIGHT / 2 : 10));
        if (look.detail !== "") {
          context.fillStyle = "#57606a";
          context.font = "10px sans-serif";
          context.fillText(clip(look.detail, 36), x[i]! + 8, y[i]! + 22);
          context.font = "12px sans-serif";
        }
        if (look.badge !== "") {
          context.fillStyle = "#57606a";
          context.font = "10px sans-serif";
          context.fillText(look.badge, x[i]! + NODE_WIDTH - 8 - look.badge.length * 6, y[i]! + 10);
          context.font = "12px sans-serif";
        }
      }
    }
    context.globalAlpha = 1;
    context.setLineDash([]);
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
