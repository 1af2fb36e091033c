/**
 * Builds the explorer's model from a Driver's nodes: attributes, edges, code texts and code
 * versions, the execution path to show, and a run to overlay.
 */
import { didYouMean, FuncflowError, optionKeys, requireNodeList, requireOptions, suggestNames } from "../errors/index.ts";
import { configValueText, type NodeInfo } from "../graph/index.ts";
import type { ExplorerModel, ExplorerNode, ExplorerVariant } from "./explorer-model.ts";
import { checkExplorerOptions } from "./check-explorer-options.ts";
import { NodeCodeReader } from "./node-code.ts";
import type { RunRecord } from "./run-record.ts";

/** Options of `buildExplorerModel` and `explorerPage`. */
export interface ExplorerOptions {
  /** The page title (default: the modules' names). */
  readonly title?: string;
  /** Highlight the path these outputs take, with inputs and overrides as the DOT path view shows them. */
  readonly outputs?: readonly string[];
  readonly inputs?: readonly string[] | Readonly<Record<string, unknown>>;
  readonly overrides?: readonly string[] | Readonly<Record<string, unknown>>;
  /** Config values by name, shown on config nodes. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Code versions by node name, for node lists without `version` (`scannedCodeVersions` from funcflow/graphology); a node's own `version` is used otherwise. */
  readonly codeVersions?: ReadonlyMap<string, string>;
  /** Per node chosen among config variants, the variants not chosen (`otherVariants`). */
  readonly otherVariants?: ReadonlyMap<string, readonly ExplorerVariant[]>;
  /** A run record to overlay (durations, status, cache, critical path). */
  readonly run?: RunRecord;
  /** Start with modules collapsed above this many nodes (default 20,000). */
  readonly collapseModulesAbove?: number;
  /** Read function source from module files (default true). */
  readonly includeCode?: boolean;
  /** Fetch run history from the serving UI. */
  readonly live?: boolean;
}

/** The keys of ExplorerOptions, checked against the interface by the compiler. */
export const EXPLORER_OPTION_KEYS = optionKeys<ExplorerOptions>({ title: true, outputs: true, inputs: true, overrides: true, config: true, codeVersions: true, otherVariants: true, run: true, collapseModulesAbove: true, includeCode: true, live: true });

const namesOf = (given: ExplorerOptions["inputs"]): string[] => (given === undefined ? [] : Array.isArray(given) ? [...(given as readonly string[])] : Object.keys(given));

/**
 * The model for `nodes` (as `listNodes()` gives them).
 * @throws FuncflowError `invalid_argument` when `nodes` is not the list driver.listNodes() returns or `options` not a plain object.
 * @throws FuncflowError `unknown_output` (with suggestions) for an output no node has.
 * @example const model = buildExplorerModel(dr.listNodes(), { outputs: ["report"] });
 */
export function buildExplorerModel(nodes: readonly NodeInfo[], options: ExplorerOptions = {}): ExplorerModel {
  requireNodeList("buildExplorerModel", "nodes", nodes);
  requireOptions("buildExplorerModel", "options", options, EXPLORER_OPTION_KEYS, '{ outputs: ["report"] }');
  return explorerModel("buildExplorerModel", nodes, options);
}

/**
 * {@link buildExplorerModel} for the function the user called (`explorerPage`,
 * `startExplorerServer`), whose name its errors carry; `options` must be a plain object already.
 * @throws FuncflowError as buildExplorerModel.
 */
export function explorerModel(where: string, nodes: readonly NodeInfo[], options: ExplorerOptions): ExplorerModel {
  checkExplorerOptions(where, options, new Set(nodes.map((node) => node.name)));
  const indexOf = new Map(nodes.map((node, index) => [node.name, index]));
  for (const output of options.outputs ?? []) {
    if (indexOf.has(output)) continue;
    const suggestion = suggestNames(output, indexOf.keys());
    throw new FuncflowError("unknown_output", `explorer: no node is named "${output}"${didYouMean(suggestion)}. funcflow list shows every node.`, { node: output, suggestion });
  }
  const reader = options.includeCode === false ? undefined : new NodeCodeReader();
  const codes: string[] = [];
  const codeIndex = new Map<string, number>();
  const codeOf = (node: NodeInfo): number | undefined => {
    if (reader === undefined || node.source === undefined) return undefined;
    const key = `${node.source.module}\u0000${node.source.line}`;
    if (!codeIndex.has(key)) {
      const text = reader.codeAt(node.source.module, node.source.line);
      codeIndex.set(key, text === undefined ? -1 : codes.push(text) - 1);
    }
    const index = codeIndex.get(key)!;
    return index < 0 ? undefined : index;
  };
  const edges: [number, number, 0 | 1][] = [];
  nodes.forEach((node, to) => {
    for (const dependency of node.dependencies) {
      const from = indexOf.get(dependency.name);
      if (from !== undefined) edges.push([from, to, dependency.optional ? 1 : 0]);
    }
    const gathered = node.gathers === undefined ? undefined : indexOf.get(node.gathers);
    if (gathered !== undefined && !node.dependencies.some((dependency) => dependency.name === node.gathers)) edges.push([gathered, to, 1]);
  });
  const modules = [...new Set(nodes.flatMap((node) => (node.source === undefined ? [] : [node.source.module])))];
  return {
    version: 1,
    title: options.title ?? titleOf(modules),
    nodes: nodes.map((node) => explorerNode(node, codeOf(node), options)),
    edges,
    codes,
    outputs: [...(options.outputs ?? [])],
    inputs: namesOf(options.inputs),
    overrides: namesOf(options.overrides),
    collapseModulesAbove: options.collapseModulesAbove ?? 20_000,
    ...(options.run !== undefined && { run: options.run }),
    ...(options.live === true && { live: true }),
  };
}

function explorerNode(node: NodeInfo, code: number | undefined, options: ExplorerOptions): ExplorerNode {
  const version = options.codeVersions?.get(node.name) ?? node.version;
  const variants = options.otherVariants?.get(node.name);
  const configValue = node.kind === "config" && options.config !== undefined ? options.config[node.name] : undefined;
  return {
    name: node.name,
    kind: node.kind,
    type: node.type,
    ...(node.doc !== undefined && { doc: node.doc }),
    ...(Object.keys(node.tags).length > 0 && { tags: node.tags }),
    ...(node.source !== undefined && { module: node.source.module, line: node.source.line, exportName: node.source.exportName }),
    ...(version !== undefined && { codeVersion: version }),
    ...(node.condition !== undefined && { condition: node.condition }),
    ...(node.group !== undefined && { group: node.group }),
    ...(node.role !== undefined && { role: node.role }),
    ...(node.parallel !== undefined && { parallel: node.parallel }),
    ...(node.isAsync && { isAsync: true }),
    ...(code !== undefined && { code }),
    ...(configValue !== undefined && { value: configValueText(configValue) }),
    ...(node.excludedVariants !== undefined && node.excludedVariants.length > 0 && { excluded: node.excludedVariants }),
    ...(variants !== undefined && variants.length > 0 && { otherVariants: variants }),
  };
}

function titleOf(modules: readonly string[]): string {
  if (modules.length === 0) return "funcflow graph";
  return modules.length <= 3 ? modules.join(", ") : `${modules.slice(0, 2).join(", ")} and ${modules.length - 2} more modules`;
}
