/**
 * `funcflow view --format gexf|json` (or `-o graph.gexf|graph.json`): the graph as data, through
 * `funcflow/graphology`, which loads graphology only when these formats are asked for.
 */
import { extname } from "node:path";
import type { Driver } from "../../driver/index.ts";

/** The data formats `view` writes besides the drawn ones. */
export type GraphDataFormat = "gexf" | "json";

/**
 * `gexf` or `json` when `explicit` or `file`'s extension names one, else undefined (a drawn format).
 * @example graphDataFormatOf(undefined, "graph.gexf"); // "gexf"
 */
export function graphDataFormatOf(explicit: string | undefined, file: string | undefined): GraphDataFormat | undefined {
  const named = explicit ?? (file === undefined ? undefined : extname(file).slice(1).toLowerCase());
  return named === "gexf" || named === "json" ? named : undefined;
}

/** What to cut the graph to: the path of `outputs`, as `toGraphology` takes it. */
export interface GraphDataRequest {
  readonly outputs: readonly string[];
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly overrides: Readonly<Record<string, unknown>>;
}

/**
 * The graph of `driver` as GEXF or graphology JSON text, with each function node's code version.
 * @throws FuncflowError `unknown_output`.
 * @example await graphDataText(driver, "gexf", { outputs: [], inputs: {}, overrides: {} });
 */
export async function graphDataText(driver: Driver, format: GraphDataFormat, request: GraphDataRequest): Promise<string> {
  // The Driver's nodes carry their code versions: nothing to scan.
  const { toGraphology, toGexf, toGraphJson } = await import("../../graphology/index.ts");
  const graph = toGraphology(driver, request.outputs.length > 0 ? { outputs: request.outputs, inputs: request.inputs, overrides: request.overrides } : {});
  return format === "gexf" ? toGexf(graph) : `${JSON.stringify(toGraphJson(graph), null, 2)}\n`;
}
