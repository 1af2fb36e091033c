/**
 * Renders DOT without a system Graphviz: SVG with Graphviz compiled to WebAssembly
 * (@hpcc-js/wasm-graphviz), PNG by rasterizing that SVG with resvg. Both load only when asked.
 */
import { extname } from "node:path";
import { FuncflowError } from "../../errors/index.ts";

/** The formats `funcflow view` writes. */
export type GraphFormat = "dot" | "svg" | "png";

const FORMATS: readonly GraphFormat[] = ["dot", "svg", "png"];

/**
 * The format `explicit` names, else the one `file`'s extension names, else DOT.
 * @throws FuncflowError `invalid_argument` for another format or extension.
 * @example graphFormatOf(undefined, "graph.png"); // "png"
 */
export function graphFormatOf(explicit: string | undefined, file: string | undefined): GraphFormat {
  const named = explicit ?? (file === undefined ? "dot" : extname(file).slice(1).toLowerCase() || "dot");
  const format = named === "gv" ? "dot" : named;
  if ((FORMATS as readonly string[]).includes(format)) return format as GraphFormat;
  throw new FuncflowError("invalid_argument", `"${named}" is not a graph format funcflow writes. Use --format dot, svg or png (or a file ending in .dot, .svg or .png).`);
}

/**
 * `dot` in `format`: the text itself, SVG text, or PNG bytes (white background, 2× scale).
 * @example const svg = await renderGraph(driver.toDot(), "svg");
 */
export async function renderGraph(dot: string, format: GraphFormat): Promise<string | Uint8Array> {
  if (format === "dot") return dot;
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const svg = (await Graphviz.load()).layout(dot, "svg", "dot");
  if (format === "svg") return svg;
  const { Resvg } = await import("@resvg/resvg-js");
  // Graphviz sizes boxes with Helvetica's widths; where Helvetica is missing the fallback sans
  // (DejaVu on most Linux systems) is wider, so its condensed face keeps labels inside.
  const condensed = svg.replace("<svg ", '<svg font-stretch="condensed" ');
  const png = new Resvg(condensed, {
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  }).render();
  return png.asPng();
}
