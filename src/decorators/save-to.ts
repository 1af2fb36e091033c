/**
 * `saveTo`: adds a node that writes the function's output to a file (Arrow IPC, CSV, JSON
 * records, Parquet through `writeTable`, or any value as JSON through `writeJson`) and returns
 * what it wrote. Named `save.<fn>` as in Hamilton (or `outputName`); request it to save.
 *
 * Each save is whole (an atomic write) and belongs to its node, as a cache entry does: a saver
 * node may run in a worker or on another machine, and later nodes may read its file, so one
 * `execute` cannot hold its saves back until the end. An `execute` that fails after some saver
 * nodes ran keeps their files; `driver.materialize` is the call that saves all files or none.
 */
import { optionKeys } from "../errors/index.ts";
import type { TableFormat } from "../io/index.ts";
import { type NodeSpec, applyModifier, type NodeFunction, type ModifierContext, type NodeModifier } from "../graph/index.ts";
import { pathProblem, type PathSpec } from "./load-from.ts";
import { selectTargets, targetProblem, type NodeTarget, groupOf } from "./node-targets.ts";
import { optionsProblem } from "./options-problem.ts";

/** `saveTo`'s options. */
export interface SaveToOptions {
  readonly path: PathSpec;
  /** The file format (default: from the extension). */
  readonly format?: TableFormat;
  /** `"table"` (default): an Arrow Table via `writeTable`; `"json"`: any value via `writeJson`. */
  readonly as?: "table" | "json";
  /** The saver node's name (default `save.<node>`). */
  readonly outputName?: string;
  /** The node to save (default: the function's final node); one node per saveTo, since they share the path. */
  readonly target?: NodeTarget;
}

/** The keys of SaveToOptions, checked against the interface by the compiler. */
export const SAVE_TO_OPTION_KEYS = optionKeys<SaveToOptions>({ path: true, format: true, as: true, outputName: true, target: true });

/** What a save returns. */
export interface SaveMetadata {
  readonly path: string;
  readonly format: string;
  readonly rows?: number;
}

/**
 * Adds a saver node after the function's output.
 * @throws FuncflowError `invalid_modifier` at build without a path, or with several targets (one
 *   path would be written over by each); at run time `io_failed` naming the path.
 * @example export const report = saveTo({ path: "out/report.parquet" }, (sales: Table) => summarize(sales));
 */
export function saveTo<F extends NodeFunction>(options: SaveToOptions, fn: F): F {
  const problem =
    optionsProblem("saveTo", options, SAVE_TO_OPTION_KEYS) ??
    pathProblem(options?.path, "saveTo") ??
    targetProblem(options?.target, "saveTo") ??
    (options?.as !== undefined && options.as !== "table" && options.as !== "json" ? `saveTo: as must be "table" or "json"` : undefined);
  const modifier: NodeModifier = {
    kind: "saveTo",
    phase: "transform",
    repeatable: true,
    configKeys: [],
    ...(problem && { problem }),
    apply(nodes: readonly NodeSpec[], context: ModifierContext) {
      const targets = selectTargets(nodes, options.target, context, "saveTo");
      // One path for several nodes (a parameterized function's outputs, extracted columns): each
      // write would replace the one before, leaving the last node's data under every saver.
      if (targets.length > 1) {
        context.fail(`saveTo saves ${targets.length} nodes (${targets.map((t) => `"${t.name}"`).join(", ")}) to one path, so each write would replace the one before${options.outputName === undefined ? "" : ` (and outputName "${options.outputName}" would name them all)`}. Set one target, e.g. { target: "${targets[0]!.name}" }, with one saveTo per node.`);
      }
      const path = options.path;
      const pathParam = typeof path === "object" && path.kind === "source" ? [{ name: path.node, type: "string", optional: false }] : [];
      const fixedPath = typeof path === "string" ? path : path.kind === "value" ? path.value : undefined;
      const savers = targets.map((target): NodeSpec => ({
        ...target,
        name: options.outputName ?? `save.${target.name}`,
        fn: ((data: unknown, given?: string) => saveFile(fixedPath ?? (given as string), data, options)) as NodeSpec["fn"],
        params: [{ name: target.name, type: target.type, optional: false }, ...pathParam],
        type: "SaveMetadata",
        doc: `Saves ${target.name} to ${fixedPath ?? `the path in "${pathParam[0]!.name}"`}.`,
        tags: {},
        isAsync: true,
        role: "saver",
        group: groupOf(target, context),
        schema: undefined,
        parallel: undefined,
      }));
      const grouped = nodes.map((node) => (targets.includes(node) ? { ...node, group: groupOf(node, context) } : node));
      return [...grouped, ...savers];
    },
  };
  return applyModifier(modifier, fn);
}

async function saveFile(path: string, data: unknown, options: SaveToOptions): Promise<SaveMetadata> {
  const io = await import("../io/index.ts");
  if (options.as === "json") {
    await io.writeJson(path, data);
    return { path, format: "json" };
  }
  await io.writeTable(path, data as Parameters<typeof io.writeTable>[1], options.format === undefined ? {} : { format: options.format });
  return { path, format: io.tableFormatOf(path, options.format), rows: (data as { numRows?: number }).numRows };
}
