/**
 * The part of a graph one execution runs: the upstream closure of the requested outputs, not
 * walking past overridden nodes, plus every config value, as the DOT path view draws it.
 */
import { optionKeys, requireMap, requireNameList, requirePlainRecord, requireKnownRecord } from "../errors/index.ts";
import { type NodeInfo, viewDependencyNames } from "../graph/index.ts";
import type { PathRole } from "./node-attributes.ts";

/** A request, as `execute` takes it: output names, and names (or records) of inputs and overrides. */
export interface ExecutionRequest {
  readonly outputs: readonly string[];
  readonly inputs?: readonly string[] | Readonly<Record<string, unknown>>;
  readonly overrides?: readonly string[] | Readonly<Record<string, unknown>>;
}

/** The keys of ExecutionRequest, checked against the interface by the compiler. */
export const EXECUTION_REQUEST_KEYS = optionKeys<ExecutionRequest>({ outputs: true, inputs: true, overrides: true });

/** Asserts inputs or overrides as a request gives them: names, or a record keyed by name. */
export function requireNamesOrRecord(where: string, argument: string, given: unknown): void {
  if (given === undefined || Array.isArray(given)) return;
  requirePlainRecord(where, argument, given, '["spend"] or { spend: 100 }');
}

const namesOf = (given: ExecutionRequest["inputs"]): ReadonlySet<string> =>
  new Set(given === undefined ? [] : Array.isArray(given) ? (given as readonly string[]) : Object.keys(given));

/**
 * For each node on the path of `request`, its role in it (undefined for plain computed nodes),
 * and every config node, on the path or not: as in Hamilton's views (`visualize_execution`,
 * `display_upstream_of`, `visualize_path_between`, …), the config a graph was built with is
 * shown in each of them. Names must exist in `byName`; unknown names are the caller's to report.
 * @example executionPath(byName, { outputs: ["total"], inputs: ["spend"] }).has("spend"); // true
 */
export function executionPath(byName: ReadonlyMap<string, NodeInfo>, request: ExecutionRequest): Map<string, PathRole | undefined> {
  requireMap("executionPath", "byName", byName, "a Map from node name to node, e.g. new Map(driver.listNodes().map((node) => [node.name, node]))");
  requireKnownRecord("executionPath", "request", request, EXECUTION_REQUEST_KEYS, '{ outputs: ["total"], inputs: ["spend"] }');
  requireNameList("executionPath", "request.outputs", request.outputs, '["total"]');
  requireNamesOrRecord("executionPath", "request.inputs", request.inputs);
  requireNamesOrRecord("executionPath", "request.overrides", request.overrides);
  const overrides = namesOf(request.overrides);
  const inputs = namesOf(request.inputs);
  const outputs = new Set(request.outputs);
  const path = new Map<string, PathRole | undefined>();
  const stack = [...request.outputs];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (path.has(name)) continue;
    const node = byName.get(name);
    if (node === undefined) continue;
    path.set(name, roleOf(node, outputs, overrides, inputs));
    if (overrides.has(name)) continue;
    for (const dependency of viewDependencyNames(node)) stack.push(dependency);
  }
  for (const node of byName.values()) {
    if (node.kind === "config" && !path.has(node.name)) path.set(node.name, roleOf(node, outputs, overrides, inputs));
  }
  return path;
}

function roleOf(node: NodeInfo, outputs: ReadonlySet<string>, overrides: ReadonlySet<string>, inputs: ReadonlySet<string>): PathRole | undefined {
  if (overrides.has(node.name)) return "override";
  if (outputs.has(node.name)) return "output";
  if (node.kind === "input") return inputs.has(node.name) ? "given-input" : "missing-input";
  return undefined;
}
