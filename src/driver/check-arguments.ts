/**
 * Argument checks for the Driver's public methods: a wrong-typed argument becomes an
 * `invalid_argument` error naming the method, the argument, what it got and what to pass.
 */
import { FuncflowError, invalidArgument, isPlainRecord, optionKeys, requireNameList, requireOptionalBoolean, requirePlainRecord, requireKnownRecord } from "../errors/index.ts";
import type { DotOptions } from "../graph/index.ts";
import type { NodeFilter } from "./driver.ts";
import type { ExecuteOptions } from "./types.ts";

const EXECUTE_OPTIONS = optionKeys<ExecuteOptions>({ inputs: true, overrides: true, onNodeTimed: true });
const DOT_OPTIONS = optionKeys<DotOptions>({ outputs: true, inputs: true, overrides: true, orient: true, hideInputs: true, showLegend: true, showFields: true, maxTypeLength: true, upstreamOf: true, downstreamOf: true, strictPath: true, nodeStyle: true });
const NODE_FILTER_KEYS = optionKeys<NodeFilter>({ tags: true });

/**
 * `execute` / `validateExecution` options: undefined or `{ inputs?, overrides?, onNodeTimed? }`, the first two plain objects.
 * @throws FuncflowError `invalid_argument`.
 */
export function checkExecuteOptions(where: string, options: unknown): void {
  // The common call passes a literal: one prototype check, then the two fields.
  requireKnownRecord(where, "options", options, EXECUTE_OPTIONS, "{ inputs: { spend }, overrides: { spendMean: 1 } }");
  const { inputs, overrides, onNodeTimed } = options;
  if (inputs !== undefined && !isPlainRecord(inputs)) requirePlainRecord(where, "options.inputs", inputs, "{ spend: [1, 2, 3] }");
  if (overrides !== undefined && !isPlainRecord(overrides)) requirePlainRecord(where, "options.overrides", overrides, "{ spendMean: 2 }");
  if (onNodeTimed !== undefined && typeof onNodeTimed !== "function") {
    throw invalidArgument(where, "options.onNodeTimed", onNodeTimed, "a function (node, durationMs) => void, called as each node settles");
  }
}

/**
 * `listNodes` filter: `{ tags?: { key: value | [values] | null } }`.
 * @throws FuncflowError `invalid_argument`.
 */
export function checkNodeFilter(filter: unknown): void {
  requireKnownRecord("listNodes", "filter", filter, NODE_FILTER_KEYS, `{ tags: { stage: "report" } }`);
  const { tags } = filter;
  if (tags === undefined) return;
  requirePlainRecord("listNodes", "filter.tags", tags, `{ stage: "report", owner: null }`);
  for (const [key, wanted] of Object.entries(tags)) {
    if (wanted === null || typeof wanted === "string") continue;
    const list = Array.isArray(wanted) && wanted.length > 0 && wanted.every((value) => typeof value === "string");
    if (!list) throw invalidArgument("listNodes", `filter.tags.${key}`, wanted, `a tag value (a string), a non-empty list of values (any matches), or null (the tag is present)`);
  }
}

const ORIENTS = ["LR", "TB", "RL", "BT"];

/**
 * `toDot` options.
 * @throws FuncflowError `invalid_argument`.
 */
export function checkDotOptions(options: unknown): void {
  const where = "toDot";
  requireKnownRecord(where, "options", options, DOT_OPTIONS, `{ outputs: ["spendMean"], orient: "TB" }`);
  const { outputs, inputs, overrides, orient, hideInputs, showLegend, showFields, maxTypeLength, upstreamOf, downstreamOf, strictPath, nodeStyle } = options;
  if (outputs !== undefined) requireNameList(where, "options.outputs", outputs, `["spendMean"]`);
  if (upstreamOf !== undefined) requireNameList(where, "options.upstreamOf", upstreamOf, `["spendMean"]`);
  if (downstreamOf !== undefined) requireNameList(where, "options.downstreamOf", downstreamOf, `["spend"]`);
  if (nodeStyle !== undefined && typeof nodeStyle !== "function") {
    throw invalidArgument(where, "options.nodeStyle", nodeStyle, `a function from a node to Graphviz attributes, e.g. (node) => (node.tags.owner === "data" ? { fillcolor: "#ffd166" } : undefined)`);
  }
  for (const [argument, given] of [["options.inputs", inputs], ["options.overrides", overrides]] as const) {
    if (given === undefined || isPlainRecord(given)) continue;
    if (Array.isArray(given)) requireNameList(where, argument, given, `["spend"]`);
    else throw invalidArgument(where, argument, given, `the names given to execute: a list such as ["spend"] or a record of values`);
  }
  if (orient !== undefined && !ORIENTS.includes(orient as string)) throw invalidArgument(where, "options.orient", orient, `one of ${ORIENTS.map((o) => `"${o}"`).join(", ")}`);
  requireOptionalBoolean(where, "options.hideInputs", hideInputs);
  requireOptionalBoolean(where, "options.showLegend", showLegend);
  requireOptionalBoolean(where, "options.showFields", showFields);
  requireOptionalBoolean(where, "options.strictPath", strictPath);
  // As funcflow view's --strict-path: alone it would be ignored, and the drawing not be the one asked for.
  if (strictPath === true && (upstreamOf === undefined || downstreamOf === undefined)) {
    throw new FuncflowError(
      "invalid_argument",
      `${where}: options.strictPath needs options.upstreamOf and options.downstreamOf: it leaves the parents out of the paths between them. Give both, or drop strictPath.`,
      { details: { function: where, argument: "options.strictPath" } },
    );
  }
  if (maxTypeLength !== undefined && !(typeof maxTypeLength === "number" && Number.isInteger(maxTypeLength) && maxTypeLength > 0)) {
    throw invalidArgument(where, "options.maxTypeLength", maxTypeLength, "a whole number of characters above 0");
  }
}
