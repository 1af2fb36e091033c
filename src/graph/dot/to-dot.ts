/**
 * Renders a function graph as Graphviz DOT: the whole graph, or (with `outputs`) the part one
 * execution would run, with its inputs, overrides and config. Labels carry name and type.
 */
import { describeArgument, FuncflowError, isPlainRecord } from "../../errors/index.ts";
import type { FunctionGraph, NodeInfo } from "../function-graph.ts";
import { reachable } from "../reachable.ts";
import { configValueText } from "../config-value-text.ts";
import { attributes, quote } from "./escape.ts";
import { LEGEND_LABELS, STYLES, type DrawnKind } from "./styles.ts";

/** Names given to `execute`, as a record of values or a list of names. */
export type GivenNames = Readonly<Record<string, unknown>> | readonly string[];

export interface DotOptions {
  /** Draw only what these outputs need (cut at overrides), highlighting them. */
  readonly outputs?: readonly string[];
  /** Inputs that will be passed; inputs the path needs but not listed are drawn as missing. */
  readonly inputs?: GivenNames;
  /** Overridden nodes: drawn as given, with nothing upstream of them. */
  readonly overrides?: GivenNames;
  /** Graph direction (default "LR"). */
  readonly orient?: "LR" | "TB" | "RL" | "BT";
  /** Leave out external inputs and config. */
  readonly hideInputs?: boolean;
  /** Draw a legend of the node kinds shown (default true). */
  readonly showLegend?: boolean;
  /** List each node's declared columns (`schema`) under its name (default true; Hamilton's `display_fields`). */
  readonly showFields?: boolean;
  /** Longest type text in a label before it is cut (default 60). */
  readonly maxTypeLength?: number;
  /** Draw only these nodes and what they depend on, directly or not (Hamilton's `display_upstream_of`). */
  readonly upstreamOf?: readonly string[];
  /**
   * Draw only these nodes and what depends on them, with the parents (direct dependencies) of
   * each, so every drawn node shows all it is computed from (Hamilton's `display_downstream_of`).
   * With `upstreamOf`, the nodes on a path from one of these to one of those, outlined in red
   * with the edges between them, and their parents (`visualize_path_between`); each of
   * `outputs`, `upstreamOf` and `downstreamOf` narrows the drawing.
   */
  readonly downstreamOf?: readonly string[];
  /**
   * With `upstreamOf` and `downstreamOf`: draw only the path's nodes, not their parents
   * (Hamilton's `strict_path_visualization=True`). Default false; true without both is
   * `invalid_argument` (it would draw another view than the one asked for).
   */
  readonly strictPath?: boolean;
  /**
   * Graphviz attributes to add to a node over its kind's style (Hamilton's
   * `custom_style_function`), e.g. colour by tag; undefined keeps the style. As in Hamilton,
   * they come before an execution's marks: a requested output keeps its fill and an override
   * its diagonals. The key `legend` is not an attribute: it names a legend entry drawn in the
   * node's class style with these attributes (Hamilton's legend name); such a node is then not
   * counted as a plain function in the legend.
   * @example { nodeStyle: (node) => (node.tags.owner === "data" ? { fillcolor: "#ffd166" } : undefined) }
   */
  readonly nodeStyle?: (node: NodeInfo) => Readonly<Record<string, string | number>> | undefined;
}

/**
 * What a materialization adds to the drawing of its execution path (`dr.materializeToDot`): one
 * node per save (`save:<id>`, Hamilton's saver node `<id>`), fed by its node or, for a combined
 * save, by `<id>_build_result` joining its dependencies; one node per load (`load:<input>`)
 * feeding the input or overridden node it gives.
 */
export interface MaterializationDrawing {
  readonly saves: readonly { readonly id: string; readonly path: string; readonly format?: string; readonly dependencies: readonly string[]; readonly combine?: string }[];
  readonly loads: readonly { readonly input: string; readonly path: string; readonly format?: string }[];
}

/** Hamilton's colour for the nodes and edges of a path (`PATH_COLOR` in hamilton/graph.py). */
const PATH_COLOR = "red";
const PATH_EDGE = attributes({ color: PATH_COLOR });

const namesOf = (given: GivenNames | undefined): ReadonlySet<string> =>
  new Set(given === undefined ? [] : Array.isArray(given) ? (given as readonly string[]) : Object.keys(given));

/** The DOT text for `graph`. */
export function toDot(graph: FunctionGraph, options: DotOptions = {}, materialization?: MaterializationDrawing): string {
  const overrides = namesOf(options.overrides);
  const inputs = namesOf(options.inputs);
  const outputs = new Set(options.outputs ?? []);
  const core = selected(graph, options.outputs ? pathNodes(graph, options.outputs, overrides) : new Set(graph.nodes.keys()), options);
  const isPathView = options.upstreamOf !== undefined && options.downstreamOf !== undefined;
  const withParents = options.downstreamOf !== undefined && !(isPathView && options.strictPath === true);
  const shown = withConfig(graph, withParents ? parentsAdded(graph, core, overrides) : core);
  // Hamilton outlines the path in red (a kind that has an outline colour keeps it), and its edges.
  const onPath = isPathView ? core : undefined;
  const required = requiredInputs(graph, shown, overrides);
  const kindOf = (node: NodeInfo): DrawnKind => {
    if (overrides.has(node.name)) return "override";
    if (outputs.has(node.name)) return "output";
    return baseKindOf(node);
  };
  // What a node is, apart from how this execution marks it (output, override): the class
  // Hamilton's custom_style_function is given and its legend entries are drawn in.
  const baseKindOf = (node: NodeInfo): DrawnKind => {
    if (node.kind === "config") return "config";
    if (node.kind === "input") return options.outputs && !inputs.has(node.name) && required.has(node.name) ? "missing" : "input";
    if (node.role === "loader" || node.role === "saver" || node.tags["funcflow.io"] !== undefined) return "io";
    if (node.parallel !== undefined) return node.parallel;
    if (node.role !== undefined) return "helper";
    return node.condition ? "variant" : "function";
  };
  const visible = [...shown].filter((index) => !(options.hideInputs && graph.nodes[index]!.kind !== "function"));
  const visibleSet = new Set(visible);
  const used = new Set<DrawnKind>();
  // Legend entries `nodeStyle` named (its `legend` key), each drawn with the first such node's style.
  const customLegend = new Map<string, Record<string, string>>();
  const lines = [`digraph funcflow {`, `  graph${attributes({ rankdir: options.orient ?? "LR", ranksep: "0.4", fontname: "Helvetica" })};`];
  lines.push(`  node${attributes({ fontname: "Helvetica", fontsize: "11" })};`);
  const groups = new Map<string | undefined, number[]>();
  for (const index of visible) {
    const group = graph.nodes[index]!.group;
    // Appending in place keeps this linear; copying the list per node made 32k nodes take 75 s.
    const members = groups.get(group);
    if (members === undefined) groups.set(group, [index]);
    else members.push(index);
  }
  // Each kind's style attributes, quoted once rather than once per node.
  const styleText = new Map<DrawnKind, string>();
  const styleOf = (kind: DrawnKind) => {
    let text = styleText.get(kind);
    if (text === undefined) styleText.set(kind, (text = attributes(STYLES[kind]).slice(2, -1)));
    return text;
  };
  const maxTypeLength = options.maxTypeLength ?? 60;
  for (const [group, members] of groups) {
    // Nodes one modifier expanded from a function sit in a cluster named after it.
    const indent = group === undefined ? "  " : "    ";
    if (group !== undefined) lines.push(`  subgraph ${quote(`cluster_${group}`)} {`, `    graph${attributes({ label: group, style: "rounded,dotted", fontsize: "10" })};`);
    for (const index of members) {
      const node = graph.nodes[index]!;
      const kind = kindOf(node);
      const tooltip = node.doc === undefined ? "" : `, tooltip=${quote(node.doc)}`;
      const custom = options.nodeStyle === undefined ? NO_CUSTOM_STYLE : customStyle(options.nodeStyle, node, baseKindOf(node), customLegend);
      // As in Hamilton, a node the style function files under a legend entry of its own is not
      // also counted as a plain function in the legend; the kinds that mark something (output,
      // override, parallel, config variant, I/O) still are.
      if (!(custom.legend && kind === "function")) used.add(kind);
      // Hamilton applies the style function before the execution's marks: an output keeps its
      // fill and an override its diagonals, whatever colour the function gives the node.
      const mark = custom.text === "" ? "" : (EXECUTION_MARKS[kind] ?? "");
      const path = onPath?.has(index) === true && STYLES[kind].color === undefined ? `, color=${quote(PATH_COLOR)}` : "";
      lines.push(`${indent}${quote(node.name)} [${styleOf(kind)}${path}, label=${quote(label(graph, node, maxTypeLength, options.showFields !== false))}${tooltip}${custom.text}${mark}];`);
    }
    if (group !== undefined) lines.push("  }");
  }
  for (const consumer of visible) {
    if (overrides.has(graph.nodes[consumer]!.name)) continue;
    const { gathers, name } = graph.nodes[consumer]!;
    graph.dependencies[consumer]!.forEach((dep, position) => {
      if (!visibleSet.has(dep)) return;
      const from = graph.nodes[dep]!.name;
      // A collecting node's per-item input reaches it through its compiled block.
      const red = onPath !== undefined && onPath.has(dep) && onPath.has(consumer);
      const style =
        from === gathers
          ? attributes({ style: "dashed", arrowhead: "crow", tooltip: "gathered per item", ...(red && { color: PATH_COLOR }) })
          : graph.optional[consumer]![position] === 1
            ? attributes({ style: "dashed", ...(red && { color: PATH_COLOR }) })
            : red
              ? PATH_EDGE
              : "";
      lines.push(`  ${quote(from)} -> ${quote(name)}${style};`);
    });
  }
  if (materialization !== undefined) {
    const drawn = new Set([...visibleSet].map((index) => graph.nodes[index]!.name));
    lines.push(...materializationLines(materialization, drawn, used, styleOf));
  }
  if (options.showLegend !== false && used.size > 0) lines.push(...legend(used, customLegend));
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/**
 * The save, combine and load nodes of a materialization and their edges; an edge to or from a node
 * the drawing leaves out (an input under `hideInputs`) is left out with it.
 */
function materializationLines({ saves, loads }: MaterializationDrawing, drawn: ReadonlySet<string>, used: Set<DrawnKind>, styleOf: (kind: DrawnKind) => string): string[] {
  const lines: string[] = [];
  const node = (name: string, kind: DrawnKind, text: string) => {
    used.add(kind);
    lines.push(`  ${quote(name)} [${styleOf(kind)}, label=${quote(text)}];`);
  };
  const edge = (from: string, to: string) => lines.push(`  ${quote(from)} -> ${quote(to)};`);
  const file = (path: string, format: string | undefined) => (format === undefined ? path : `${path} (${format})`);
  for (const { input, path, format } of loads) {
    if (!drawn.has(input)) continue;
    node(`load:${input}`, "load", `load ${input}\n← ${file(path, format)}`);
    edge(`load:${input}`, input);
  }
  for (const { id, path, format, dependencies, combine } of saves) {
    const saver = `save:${id}`;
    node(saver, "save", `${id}\n→ ${file(path, format)}`);
    if (combine === undefined) {
      for (const dependency of dependencies) if (drawn.has(dependency)) edge(dependency, saver);
      continue;
    }
    const built = `${id}_build_result`;
    node(built, "combine", `${built}\n: ${combine}`);
    for (const dependency of dependencies) if (drawn.has(dependency)) edge(dependency, built);
    edge(built, saver);
  }
  return lines;
}

function label(graph: FunctionGraph, node: NodeInfo, maxTypeLength: number, showFields: boolean): string {
  const type = node.type.length > maxTypeLength ? `${node.type.slice(0, maxTypeLength - 1)}…` : node.type;
  if (node.kind === "config") return `${node.name}\n= ${configValueText(graph.config[node.name])}`;
  // Declared columns (`schema`) are listed under the node, one per line.
  const columns = (showFields && node.schema?.map((column) => `${column.name}: ${column.type}`)) || [];
  return [node.name, `: ${type}`, node.condition ? `when ${node.condition}` : "", ...(columns.length > 0 ? ["───", ...columns] : [])].filter(Boolean).join("\n");
}

/** `shown` narrowed to the closures `upstreamOf` and `downstreamOf` ask for, in its order. */
function selected(graph: FunctionGraph, shown: Set<number>, { upstreamOf, downstreamOf }: DotOptions): Set<number> {
  if (upstreamOf === undefined && downstreamOf === undefined) return shown;
  const within = [upstreamOf && closure(graph, upstreamOf, graph.dependencies), downstreamOf && closure(graph, downstreamOf, graph.consumers)];
  return new Set([...shown].filter((index) => within.every((set) => set === undefined || set.has(index))));
}

/**
 * `core` plus the parents of each of its nodes (an overridden node has none: nothing upstream of
 * it is drawn), in graph order: as Hamilton's `display_downstream_of` and (not strict)
 * `visualize_path_between` add `n.dependencies` of every node they draw.
 */
function parentsAdded(graph: FunctionGraph, core: ReadonlySet<number>, overrides: ReadonlySet<string>): Set<number> {
  const shown = new Set(core);
  for (const index of core) {
    if (overrides.has(graph.nodes[index]!.name)) continue;
    for (const parent of graph.dependencies[index]!) shown.add(parent);
  }
  return new Set([...graph.nodes.keys()].filter((index) => shown.has(index)));
}

/**
 * `shown` plus every config value: as in Hamilton's views, the config a graph was built with is
 * drawn in each of them (the whole graph, an execution, what is up or downstream of nodes).
 */
function withConfig(graph: FunctionGraph, shown: Set<number>): Set<number> {
  for (let index = graph.functionCount; index < graph.names.length; index++) {
    if (!shown.has(index) && Object.hasOwn(graph.config, graph.names[index]!)) shown.add(index);
  }
  return shown;
}

function closure(graph: FunctionGraph, names: readonly string[], edges: readonly Int32Array[]): Set<number> {
  return reachable(names.map((name) => graph.indexOf.get(name)!), (index) => edges[index]!);
}

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The attributes an execution's mark sets, repeated after a `nodeStyle`'s so that they win (Hamilton's
 * `_get_function_modifier_style("output" | "override")`, applied after `custom_style_function`).
 */
const EXECUTION_MARKS: Partial<Record<DrawnKind, string>> = {
  output: `, ${attributes({ fillcolor: STYLES.output.fillcolor! }).slice(2, -1)}`,
  override: `, ${attributes({ style: STYLES.override.style! }).slice(2, -1)}`,
};

/** What `nodeStyle` adds to a node: the tail of its attribute list, and whether it named a legend entry. */
interface CustomStyle {
  readonly text: string;
  readonly legend: boolean;
}

const NO_CUSTOM_STYLE: CustomStyle = { text: "", legend: false };

/** The attributes `nodeStyle` gives `node` (drawn as `kind` apart from the execution's marks). */
function customStyle(nodeStyle: NonNullable<DotOptions["nodeStyle"]>, node: NodeInfo, kind: DrawnKind, customLegend: Map<string, Record<string, string>>): CustomStyle {
  let style: unknown;
  try {
    style = nodeStyle(node);
  } catch (error) {
    throw new FuncflowError("hook_failed", `toDot: options.nodeStyle failed for node "${node.name}": ${error instanceof Error ? error.message : String(error)}. The original error is the cause.`, { node: node.name, cause: error });
  }
  if (style === undefined || style === null) return NO_CUSTOM_STYLE;
  const entries = isPlainRecord(style) ? Object.entries(style) : undefined;
  // Keys are written bare: one that is not a Graphviz identifier would make the file unreadable.
  const badKey = entries?.find(([key]) => !ATTRIBUTE_NAME.test(key))?.[0];
  if (badKey !== undefined) {
    throw new FuncflowError(
      "invalid_argument",
      `toDot: options.nodeStyle returned the attribute name ${JSON.stringify(badKey)} for node "${node.name}", which is not a Graphviz attribute name (letters, digits and _, e.g. fillcolor or penwidth).`,
      { node: node.name },
    );
  }
  const bad = entries === undefined ? undefined : entries.find(([, value]) => typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value)));
  if (entries === undefined || bad !== undefined) {
    const what = entries === undefined ? describeArgument(style) : `${bad![0]}: ${describeArgument(bad![1])}`;
    throw new FuncflowError(
      "invalid_argument",
      `toDot: options.nodeStyle returned ${what} for node "${node.name}". Return Graphviz attributes with string or number values, e.g. { fillcolor: "#ffd166", penwidth: 2 }, or undefined to keep the node's style.`,
      { node: node.name },
    );
  }
  // `legend` is no Graphviz attribute: it names a legend entry drawn in this style (Hamilton's
  // custom_style_function returns a legend name beside the style).
  const legendName = entries.find(([key]) => key === "legend")?.[1];
  const styling = entries.filter(([key]) => key !== "legend").map(([key, value]) => [key, String(value)] as const);
  if (legendName !== undefined && !customLegend.has(String(legendName))) customLegend.set(String(legendName), { ...STYLES[kind], ...Object.fromEntries(styling) });
  // Graphviz keeps the last value of a repeated attribute: these follow the kind's style.
  return { text: styling.length === 0 ? "" : `, ${attributes(Object.fromEntries(styling)).slice(2, -1)}`, legend: legendName !== undefined };
}

/** The upstream closure of `outputs`, not walking past overridden nodes. */
function pathNodes(graph: FunctionGraph, outputs: readonly string[], overrides: ReadonlySet<string>): Set<number> {
  const seen = reachable(outputs.map((name) => graph.indexOf.get(name)!), (index) => (overrides.has(graph.nodes[index]!.name) ? [] : graph.dependencies[index]!));
  return new Set(Array.from(graph.topologicalOrder).filter((index) => seen.has(index)));
}

/** Inputs some shown, non-overridden function needs without a default. */
function requiredInputs(graph: FunctionGraph, shown: ReadonlySet<number>, overrides: ReadonlySet<string>): Set<string> {
  const required = new Set<string>();
  for (const consumer of shown) {
    if (overrides.has(graph.nodes[consumer]!.name)) continue;
    graph.dependencies[consumer]!.forEach((dep, position) => {
      if (graph.optional[consumer]![position] === 0) required.add(graph.nodes[dep]!.name);
    });
  }
  return required;
}

function legend(used: ReadonlySet<DrawnKind>, custom: ReadonlyMap<string, Record<string, string>>): string[] {
  const kinds = (Object.keys(STYLES) as DrawnKind[]).filter((kind) => used.has(kind));
  return [
    `  subgraph cluster_legend {`,
    `    graph${attributes({ label: "Legend", style: "dashed", fontsize: "10" })};`,
    ...kinds.map((kind) => `    ${quote(`legend:${kind}`)}${attributes({ ...STYLES[kind], label: LEGEND_LABELS[kind] })};`),
    ...[...custom].map(([name, style]) => `    ${quote(`legend:custom:${name}`)}${attributes({ ...style, label: name })};`),
    `  }`,
  ];
}
