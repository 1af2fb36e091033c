/**
 * Checks a `materialize` request before anything is read, computed or written: its shape
 * (every argument named with what it got), that it asks for something, and that every save
 * target can be a file (no regular file where a folder must be).
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { FuncflowError, invalidArgument, isPlainRecord, optionKeys, rejectUnknownKeys, requireNameList, requireObjectWith, requireOptionalRecord, requireKnownRecord } from "../errors/index.ts";
import type { LoadSource, MaterializeRequest, SaveTarget } from "./materialize.ts";

const WHERE = "materialize";
const MATERIALIZE_REQUEST_KEYS = optionKeys<MaterializeRequest>({ save: true, load: true, outputs: true, inputs: true, overrides: true });
const LOAD_SOURCE_KEYS = optionKeys<Exclude<LoadSource, string>>({ path: true, format: true, as: true });
const SAVE_TARGET_KEYS = optionKeys<Exclude<SaveTarget, string>>({ path: true, format: true, dependencies: true, combine: true });

/**
 * Throws for a malformed request or one with nothing to save or return.
 * @throws FuncflowError `invalid_argument`.
 */
export function checkMaterializeRequest(request: unknown): asserts request is MaterializeRequest {
  requireKnownRecord(WHERE, "request", request, MATERIALIZE_REQUEST_KEYS, `{ save: { features: "out/features.parquet" }, load: { sales: "data/sales.csv" } }`);
  const { save, load, outputs, inputs, overrides } = request;
  requireOptionalRecord(WHERE, "request.save", save, `{ features: "out/features.parquet" }`);
  requireOptionalRecord(WHERE, "request.load", load, `{ sales: "data/sales.csv" }`);
  requireOptionalRecord(WHERE, "request.inputs", inputs, `{ threshold: 3 }`);
  requireOptionalRecord(WHERE, "request.overrides", overrides, `{ spendMean: 2 }`);
  if (outputs !== undefined) requireNameList(WHERE, "request.outputs", outputs, `["summary"]`);
  for (const [node, target] of Object.entries(save ?? {})) {
    checkFileSpec(`request.save.${node}`, target, `"out/${node}.parquet"`);
    // A misspelt key ({ path, fromat }) would otherwise save in the extension's format, silently.
    if (isPlainRecord(target)) {
      rejectUnknownKeys(WHERE, `request.save.${node}`, target, SAVE_TARGET_KEYS);
      checkCombinedSave(node, target);
    }
  }
  for (const [input, source] of Object.entries(load ?? {})) {
    checkFileSpec(`request.load.${input}`, source, `"data/${input}.csv"`);
    if (isPlainRecord(source)) rejectUnknownKeys(WHERE, `request.load.${input}`, source, LOAD_SOURCE_KEYS);
    const as = isPlainRecord(source) ? source.as : undefined;
    if (as !== undefined && as !== "table" && as !== "value") throw invalidArgument(WHERE, `request.load.${input}.as`, as, `"table" or "value"`);
  }
  if (Object.keys(save ?? {}).length === 0 && (outputs ?? []).length === 0) {
    throw new FuncflowError(
      "invalid_argument",
      `materialize: the request saves nothing and returns nothing. Name what to save ({ save: { features: "out/features.parquet" } }) or what to return ({ outputs: ["summary"] }); to only compute, use execute.`,
      { details: { function: WHERE } },
    );
  }
}

/**
 * A save naming several nodes (Hamilton's `to.<format>(id, dependencies, combine)`): a non-empty
 * list of distinct names, and a result builder to join them unless there is only one.
 */
function checkCombinedSave(id: string, target: Readonly<Record<string, unknown>>): void {
  const { dependencies, combine } = target;
  const argument = `request.save.${id}`;
  if (dependencies === undefined) {
    if (combine !== undefined) throw invalidArgument(WHERE, `${argument}.combine`, combine, "given with dependencies", `Name the nodes to combine: { path, dependencies: ["a", "b"], combine }.`);
    return;
  }
  requireNameList(WHERE, `${argument}.dependencies`, dependencies, `["spend", "signups"]`);
  if (dependencies.length === 0) throw invalidArgument(WHERE, `${argument}.dependencies`, dependencies, `a non-empty array of node names such as ["spend", "signups"]`);
  const repeated = dependencies.find((name, at) => dependencies.indexOf(name) !== at);
  if (repeated !== undefined) {
    throw new FuncflowError("invalid_argument", `materialize: ${argument}.dependencies names "${repeated}" twice; name each node once.`, {
      node: repeated,
      details: { function: WHERE, argument: `${argument}.dependencies`, saveId: id },
    });
  }
  if (combine !== undefined) {
    requireObjectWith(WHERE, `${argument}.combine`, combine, ["build"], "a result builder: an object with a build(outputs, requested) method, such as arrowTableResult from funcflow/arrow");
    if (typeof (combine as { name?: unknown }).name !== "string") throw invalidArgument(WHERE, `${argument}.combine.name`, (combine as { name?: unknown }).name, "a string naming the result builder");
    const { emptyResult } = combine as { emptyResult?: unknown };
    if (emptyResult !== undefined && typeof emptyResult !== "function") {
      throw invalidArgument(WHERE, `${argument}.combine.emptyResult`, emptyResult, "a function returning the empty value the builder builds (an empty table, {}), or left out");
    }
  } else if (dependencies.length > 1) {
    throw new FuncflowError(
      "invalid_argument",
      `materialize: ${argument} saves ${dependencies.length} nodes to one file but has no combine to join them. Add a result builder, e.g. { path, dependencies, combine: arrowTableResult } (from funcflow/arrow) for a table.`,
      { details: { function: WHERE, argument: `${argument}.combine`, saveId: id } },
    );
  }
}

function checkFileSpec(argument: string, spec: unknown, example: string): void {
  if (typeof spec === "string" && spec !== "") return;
  if (isPlainRecord(spec) && typeof spec.path === "string" && spec.path !== "" && (spec.format === undefined || typeof spec.format === "string")) return;
  throw invalidArgument(WHERE, argument, spec, `a file path such as ${example}, or { path, format }`);
}

/**
 * Throws when `path` cannot become a file: it is a folder, or a regular file stands where one
 * of its folders must be. Checked before anything runs, so nothing is computed for nothing.
 * @throws FuncflowError `io_failed` naming the path and the file in the way.
 */
export function checkSaveTarget(node: string, path: string): void {
  const target = resolve(path);
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new FuncflowError("io_failed", `materialize: cannot save "${node}" to ${target}: it is a folder. Give a file path such as ${target}/${node}.parquet.`, {
      node,
      details: { path: target },
    });
  }
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    if (existsSync(folder)) {
      if (statSync(folder).isDirectory()) return;
      throw new FuncflowError("io_failed", `materialize: cannot save "${node}" to ${target}: ${folder} is a file, not a folder. Choose a path whose folders are folders, or move that file.`, {
        node,
        details: { path: target, blockedBy: folder },
      });
    }
    if (dirname(folder) === folder) return;
  }
}
