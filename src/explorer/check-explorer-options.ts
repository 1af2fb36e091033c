/**
 * The values of the explorer's options: a page embeds them as they are, so a wrong one (a string
 * for `inputs`, a number for `config`, a run that is no run record) would draw a wrong page
 * without a word. Each is refused here, naming `options.<key>`.
 */
import { didYouMean, FuncflowError, invalidArgument, isPlainRecord, requireNameList, requireOptionalBoolean, requireOptionalMap, requireOptionalRecord, suggestNames } from "../errors/index.ts";
import type { ExplorerOptions } from "./build-explorer-model.ts";
import { isRunRecord } from "./run-record.ts";

/**
 * Asserts the explorer options' values, for `where` (the function the user called); `nodes` are
 * the graph's node names, which `inputs` and `overrides` must name.
 * @throws FuncflowError `invalid_argument` naming the option (and, for a name no node has, the nearest ones).
 * @example checkExplorerOptions("explorerPage", options, new Set(nodes.map((node) => node.name)));
 */
export function checkExplorerOptions(where: string, options: ExplorerOptions, nodes: ReadonlySet<string>): void {
  const { title, outputs, inputs, overrides, config, codeVersions, otherVariants, run, collapseModulesAbove, includeCode, live } = options;
  if (title !== undefined && typeof title !== "string") throw invalidArgument(where, "options.title", title, 'a string such as "Sales pipeline"');
  if (outputs !== undefined) requireNameList(where, "options.outputs", outputs, '["report"]');
  requireGivenNames(where, "options.inputs", inputs, nodes);
  requireGivenNames(where, "options.overrides", overrides, nodes);
  requireOptionalRecord(where, "options.config", config, '{ region: "eu" }, the config the Builder was given');
  requireOptionalMap(where, "options.codeVersions", codeVersions, "a Map from node name to code version, as scannedFacts(nodes, config) returns it");
  requireOptionalMap(where, "options.otherVariants", otherVariants, "a Map from node name to its other variants, as scannedFacts(nodes, config) returns it");
  if (run !== undefined && !isRunRecord(run)) throw invalidArgument(where, "options.run", run, "a run record, as readRun(dir, runId) or runRecorder().lastRecord()?.record gives it");
  if (collapseModulesAbove !== undefined && !(Number.isInteger(collapseModulesAbove) && collapseModulesAbove >= 0)) {
    throw invalidArgument(where, "options.collapseModulesAbove", collapseModulesAbove, "a whole number of nodes, 0 or more, such as 20000");
  }
  requireOptionalBoolean(where, "options.includeCode", includeCode);
  requireOptionalBoolean(where, "options.live", live);
}

/** Inputs or overrides as `execute` takes them (a list of names, or a record of values by name), each naming a node. */
function requireGivenNames(where: string, argument: string, given: unknown, nodes: ReadonlySet<string>): void {
  if (given === undefined) return;
  if (!Array.isArray(given) && !isPlainRecord(given)) throw invalidArgument(where, argument, given, 'the names given to execute: a list such as ["spend"], or a record of values such as { spend: 100 }');
  if (Array.isArray(given)) requireNameList(where, argument, given, '["spend"]');
  const names: readonly string[] = Array.isArray(given) ? given : Object.keys(given);
  const unknown = names.filter((name) => !nodes.has(name));
  if (unknown.length === 0) return;
  const suggestion = suggestNames(unknown[0]!, nodes);
  const listed = unknown.map((name) => `"${name}"`).join(", ");
  throw new FuncflowError("invalid_argument", `${where}: ${argument} names no node ${listed}${didYouMean(suggestion)}. Name nodes of the graph; driver.listNodes() lists them.`, {
    suggestion,
    details: { function: where, argument, unknown },
  });
}
