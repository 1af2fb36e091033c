/**
 * Planning: turns a request (outputs, the names of given inputs and overrides) into an
 * integer-indexed program for the executor, after checking everything about the request and
 * reporting every problem at once. A plan depends only on names, never on values, so the
 * Driver caches it per request shape.
 */
import { FuncflowError, listNames, didYouMean, suggestNames, extendsByWords } from "../errors/index.ts";
import { splitTopLevel } from "../manifest/index.ts";
import { type NodeFunction, PARALLEL_ITEM_ROLE, parallelBlockOf, reachable, type ExcludedVariant, type FunctionGraph, type HiddenFunction } from "../graph/index.ts";

/** Where a value that is not computed comes from. */
export const Given = { Override: 0, Input: 1, Config: 2 } as const;

/**
 * A program for `runPlan`: steps in topological order over numbered value slots. Per-step and
 * per-slot lists are flat (compressed rows: `argumentStart[step]` to `argumentStart[step + 1]`
 * in `argumentSlots`), so planning 100,000 nodes allocates a handful of arrays, not 100,000.
 */
export interface Plan {
  readonly outputs: readonly string[];
  readonly outputSlots: Int32Array;
  readonly slotCount: number;
  /** Slots filled before running, the node name to read and where from. */
  readonly givenSlots: Int32Array;
  readonly givenNames: readonly string[];
  readonly givenFrom: Uint8Array;
  /** Per step: its node's name, function and slot. */
  readonly stepNames: readonly string[];
  readonly stepFunctions: readonly NodeFunction[];
  readonly stepSlots: Int32Array;
  /** Step `s` reads slots `argumentSlots[argumentStart[s] .. argumentStart[s + 1]]` (-1: argument left out). */
  readonly argumentStart: Int32Array;
  readonly argumentSlots: Int32Array;
  /** Per step, its argument slots as one array each: built on first use (hooks, cache), never by the lean loop. */
  readonly stepArguments: readonly Int32Array[];
  /** Per step, its parameter names: built on first use (hooks, cache, errors). */
  readonly stepArgumentNames: readonly (readonly string[])[];
  /** Per slot: how many steps read it; outputs are never released. */
  readonly readersPerSlot: Int32Array;
  /** Slot `x` is read by steps `readerSteps[readerStart[x] .. readerStart[x + 1]]`, in step order. */
  readonly readerStart: Int32Array;
  readonly readerSteps: Int32Array;
  /** Per slot: the step that computes it, or -1 when it is given. */
  readonly producerOfSlot: Int32Array;
  /** The graph's node index of every step, for hooks and errors. */
  readonly stepNodes: Int32Array;
  /**
   * The steps that read `slot` without a default (and "(requested output)" when it is one): who
   * needs a given value. Worked out on demand, for errors only.
   */
  requiredBy(slot: number): string[];
}

export interface PlanRequest {
  readonly outputs: readonly string[];
  readonly inputNames: readonly string[];
  readonly overrideNames: readonly string[];
  /** The call the request came through, which starts every message (default `execute`). */
  readonly where?: string;
}

/** Checks a request and plans it; throws a FuncflowError describing every problem found. */
export function planExecution(graph: FunctionGraph, request: PlanRequest): Plan {
  const where = request.where ?? "execute";
  const outputs = checkRequest(graph, request, where);
  const inputs = new Set(request.inputNames);
  const overrides = new Set(request.overrideNames);
  // As in Hamilton, an output no node has but the inputs give is returned as given.
  const passThrough = outputs.filter((name) => !graph.indexOf.has(name));
  const { steps, leaves } = collectNeeded(graph, passThrough.length === 0 ? outputs : outputs.filter((name) => graph.indexOf.has(name)), overrides);
  rejectPerItemNodes(graph, request, where, steps, overrides);
  const slots = new Int32Array(graph.names.length).fill(-1);
  const givenSlots: number[] = [];
  const givenNames: string[] = [];
  const givenFrom: number[] = [];
  let slotCount = 0;
  const missing = new Map<string, string[]>();
  for (const node of leaves) {
    const name = graph.names[node]!;
    const isConfig = node >= graph.functionCount && Object.hasOwn(graph.config, name);
    const from = overrides.has(name) ? Given.Override : isConfig ? Given.Config : inputs.has(name) ? Given.Input : undefined;
    if (from === undefined) continue;
    slots[node] = slotCount++;
    givenSlots.push(slots[node]!);
    givenNames.push(name);
    givenFrom.push(from);
  }
  const passThroughSlots = new Map<string, number>();
  for (const name of passThrough) {
    passThroughSlots.set(name, slotCount);
    givenSlots.push(slotCount++);
    givenNames.push(name);
    givenFrom.push(Given.Input);
  }
  for (const node of steps) slots[node] = slotCount++;
  const { argumentStart, argumentSlots } = collectArguments(graph, steps, slots, missing);
  for (const output of outputs) {
    const node = graph.indexOf.get(output);
    if (node !== undefined && slots[node] === -1) missing.set(output, ["(requested output)", ...(missing.get(output) ?? [])]);
  }
  if (missing.size > 0) throw missingInputs(graph, missing, request, where);
  const outputSlots = Int32Array.from(outputs, (name) => passThroughSlots.get(name) ?? slots[graph.indexOf.get(name)!]!);
  return assemble(graph, outputs, outputSlots, steps, slots, slotCount, { argumentStart, argumentSlots }, { givenSlots, givenNames, givenFrom });
}

/** Unknown outputs, overrides of unknown nodes, inputs that shadow functions or config. */
function checkRequest(graph: FunctionGraph, request: PlanRequest, where: string): string[] {
  const given = new Set(request.inputNames);
  const unknown = request.outputs.filter((name) => !graph.indexOf.has(name) && !given.has(name));
  const leftOut = unknown.filter((name) => graph.excluded.has(name));
  if (leftOut.length > 0) throw leftOutByConfig(graph, leftOut, where);
  if (unknown.length > 0) {
    const names = [...graph.indexOf.keys()];
    const hints = unknown.map((name) => `"${name}"${didYouMean(suggestNames(name, names))}`);
    throw new FuncflowError(
      "unknown_output",
      `${where}: unknown output${unknown.length > 1 ? "s" : ""} ${hints.join("; ")}. Ask for nodes the modules define; dr.listNodes() lists them.`,
      { node: unknown[0], suggestion: suggestNames(unknown[0]!, names), details: { unknown } },
    );
  }
  const overlap = request.inputNames.filter((name) => Object.hasOwn(graph.config, name));
  if (overlap.length > 0) {
    throw new FuncflowError(
      "config_input_overlap",
      `${where}: ${listNames(overlap)} ${overlap.length > 1 ? "are" : "is"} given both as config and as input. Config and inputs must not share names: pass ${overlap.length > 1 ? "them" : "it"} in one place only.`,
      { input: overlap[0], configKey: overlap[0], details: { names: overlap } },
    );
  }
  const shadowing = request.inputNames.filter((name) => (graph.indexOf.get(name) ?? Infinity) < graph.functionCount);
  if (shadowing.length > 0) {
    throw new FuncflowError(
      "input_is_node",
      `${where}: input ${listNames(shadowing)} names a function node, so it would be ignored. To replace a node's value, pass it in overrides instead: { overrides: { ${shadowing[0]}: … } }.`,
      { input: shadowing[0], node: shadowing[0], details: { names: shadowing } },
    );
  }
  const unknownOverrides = request.overrideNames.filter((name) => !graph.indexOf.has(name));
  if (unknownOverrides.length > 0) {
    const names = [...graph.indexOf.keys()];
    const [first] = unknownOverrides;
    throw new FuncflowError(
      "unknown_node",
      `${where}: override ${listNames(unknownOverrides)} names no node${didYouMean(suggestNames(first!, names))}. Overrides replace nodes the modules define; dr.listNodes() lists them.`,
      { node: first, suggestion: suggestNames(first!, names), details: { unknown: unknownOverrides } },
    );
  }
  return [...new Set(request.outputs)];
}

/**
 * Nodes inside a parallel block have one value per item, not one value: requesting one whose
 * items the run would make, or overriding one of a block the run computes, has no meaning, so
 * both are refused. As in Hamilton, a chain whose parallelizable node is overridden (or cut off
 * by an override inside the block) runs once, as plain nodes: `execute(["joke_response"],
 * { overrides: { topic: "lettuce" } })` (examples/LLM_Workflows/langchain_comparison).
 */
function rejectPerItemNodes(graph: FunctionGraph, request: PlanRequest, where: string, steps: Int32Array, overrides: ReadonlySet<string>): void {
  const perItem = (name: string) => graph.specs[graph.indexOf.get(name) ?? -1]?.role === PARALLEL_ITEM_ROLE;
  const requestedPerItem = request.outputs.filter(perItem);
  const overriddenPerItem = request.overrideNames.filter(perItem);
  if (requestedPerItem.length === 0 && overriddenPerItem.length === 0) return;
  const computedBlocks = Array.from(steps, (step) => parallelBlockOf(graph.functions[step])).filter((block) => block !== undefined);
  const inComputedBlock = (name: string) => computedBlocks.some((block) => block.steps.includes(name));
  const requested = requestedPerItem.filter((name) => inComputedBlock(name) || reachesItems(graph, name, overrides));
  const overridden = overriddenPerItem.filter(inComputedBlock);
  if (requested.length === 0 && overridden.length === 0) return;
  const names = [...requested, ...overridden];
  const collectors = graph.nodes.filter((node) => node.parallel === "collect").map((node) => node.name);
  const what = [requested.length > 0 ? `requests ${listNames(requested)}` : "", overridden.length > 0 ? `overrides ${listNames(overridden)}` : ""].filter(Boolean).join(" and ");
  throw new FuncflowError(
    "invalid_argument",
    `${where}: the request ${what}, which ${names.length > 1 ? "run" : "runs"} once per item of a parallelizable node, so there is no single value to return or replace. Request or override the collecting node instead${collectors.length > 0 ? ` (${listNames(collectors)})` : ""}, or the parallelizable node's items; to run the chain once, override the parallelizable node with one item and leave its collecting node out of the request.`,
    { node: names[0], details: { requested, overridden, collectors } },
  );
}

/** Whether `name`'s upstream, cut at overrides, holds a parallelizable node the run would compute. */
function reachesItems(graph: FunctionGraph, name: string, overrides: ReadonlySet<string>): boolean {
  // Config, inputs and overrides are where the run stops: their upstream is never computed.
  const computed = (node: number) => node < graph.functionCount && !overrides.has(graph.names[node]!);
  const dependencies = (node: number) => (computed(node) ? graph.dependencyEdges.subarray(graph.dependencyStart[node]!, graph.dependencyStart[node + 1]!) : []);
  for (const node of reachable([graph.indexOf.get(name)!], dependencies)) if (computed(node) && graph.specs[node]!.parallel?.kind === "expand") return true;
  return false;
}

/**
 * The upstream closure of the outputs, cut at overrides: function nodes to run in topological
 * order (iterative post-order, so a 100,000-node chain needs no deep stack), and leaves.
 */
function collectNeeded(graph: FunctionGraph, outputs: readonly string[], overrides: ReadonlySet<string>) {
  const { names, functionCount, dependencyStart, dependencyEdges } = graph;
  const state = new Uint8Array(names.length); // 0 unseen, 1 dependencies pending, 2 done
  // Most requests override nothing: then no name is looked up per node.
  const cut = overrides.size > 0;
  // Sized up front (a node is a step or a leaf once; the stack holds at most every edge plus
  // the outputs): growing arrays by pushing allocated twice what the plan keeps.
  const steps = new Int32Array(names.length);
  const leaves = new Int32Array(names.length);
  const stack = new Int32Array(dependencyEdges.length + outputs.length);
  let stepCount = 0;
  let leafCount = 0;
  let top = 0;
  for (const output of outputs) {
    stack[top++] = graph.indexOf.get(output)!;
    while (top > 0) {
      const node = stack[top - 1]!;
      if (state[node] === 2) {
        top--;
      } else if (state[node] === 1) {
        state[node] = 2;
        steps[stepCount++] = node;
        top--;
      } else if (node >= functionCount || (cut && overrides.has(names[node]!))) {
        state[node] = 2;
        leaves[leafCount++] = node;
        top--;
      } else {
        state[node] = 1;
        for (let i = dependencyStart[node + 1]! - 1; i >= dependencyStart[node]!; i--) if (state[dependencyEdges[i]!] === 0) stack[top++] = dependencyEdges[i]!;
      }
    }
  }
  return { steps: steps.subarray(0, stepCount), leaves: leaves.subarray(0, leafCount) };
}

/** Every step's argument slots in one flat array; a required argument nothing provides is recorded as missing. */
function collectArguments(graph: FunctionGraph, steps: Int32Array, slots: Int32Array, missing: Map<string, string[]>) {
  const { names, dependencyStart, dependencyEdges, optionalEdges } = graph;
  const argumentStart = new Int32Array(steps.length + 1);
  for (let step = 0; step < steps.length; step++) argumentStart[step + 1] = argumentStart[step]! + dependencyStart[steps[step]! + 1]! - dependencyStart[steps[step]!]!;
  const argumentSlots = new Int32Array(argumentStart[steps.length]!);
  for (let step = 0; step < steps.length; step++) {
    const node = steps[step]!;
    const first = dependencyStart[node]!;
    const at = argumentStart[step]! - first;
    for (let edge = first; edge < dependencyStart[node + 1]!; edge++) {
      const slot = slots[dependencyEdges[edge]!]!;
      argumentSlots[at + edge] = slot;
      if (slot === -1 && optionalEdges[edge] === 0) {
        const name = names[dependencyEdges[edge]!]!;
        const neededBy = missing.get(name);
        if (neededBy === undefined) missing.set(name, [names[node]!]);
        else neededBy.push(names[node]!);
      }
    }
  }
  return { argumentStart, argumentSlots };
}

/**
 * A compiled collect node asks for every value its parallel block reads; the nodes to name are
 * the block's nodes that declare the input (Hamilton's `star_count` needs `github_api_key`, not
 * the collect `stars_by_repo` after it). A collect whose block declares none keeps its name.
 */
function blockReaders(graph: FunctionGraph, input: string, neededBy: readonly string[]): string[] {
  const inputIndex = graph.indexOf.get(input);
  const named = neededBy.flatMap((needer) => {
    const at = graph.indexOf.get(needer);
    const block = at === undefined ? undefined : parallelBlockOf(graph.functions[at]);
    if (block === undefined || inputIndex === undefined) return [needer];
    const readers = block.steps.filter((step) => {
      const index = graph.indexOf.get(step);
      if (index === undefined) return false;
      for (let edge = graph.dependencyStart[index]!; edge < graph.dependencyStart[index + 1]!; edge++) if (graph.dependencyEdges[edge] === inputIndex) return true;
      return false;
    });
    return readers.length > 0 ? readers : [needer];
  });
  return [...new Set(named)];
}

function missingInputs(graph: FunctionGraph, missing: ReadonlyMap<string, string[]>, request: PlanRequest, where: string): FuncflowError {
  const unused = request.inputNames.filter((name) => !graph.indexOf.has(name));
  const entries = [...missing].sort(([a], [b]) => a.localeCompare(b)).map(([name, neededBy]) => [name, blockReaders(graph, name, neededBy)] as [string, string[]]);
  const unsatisfied = entries.filter(([name]) => graph.nodes[graph.indexOf.get(name)!]!.excludedVariants !== undefined);
  const lines = entries.map(([name, neededBy]) => {
    const variants = graph.nodes[graph.indexOf.get(name)!]!.excludedVariants;
    const why = variants ? explainExclusion(name, variants) : missingHint(graph, name, unused);
    return `  - "${name}", needed by ${neededBy.map((n) => (n.startsWith("(") ? n : `"${n}"`)).join(", ")}.${why}`;
  });
  const code = unsatisfied.length > 0 ? "config_unsatisfied" : "missing_input";
  const headline =
    code === "config_unsatisfied"
      ? `${where}: ${unsatisfied.length === 1 ? "a node" : `${unsatisfied.length} nodes`} the request needs ${unsatisfied.length === 1 ? "is" : "are"} left out by the config`
      : `${where}: ${entries.length} required input${entries.length > 1 ? "s are" : " is"} missing`;
  const [first] = code === "config_unsatisfied" ? unsatisfied : entries;
  const plainMissing = entries.length - unsatisfied.length;
  const advice =
    code === "missing_input"
      ? `Pass each missing value in \`inputs\` (or override a node downstream of it).${settingsAdvice(entries.map(([name]) => name).filter((name) => isScalarType(graph.nodes[graph.indexOf.get(name)!]!.type)))}`
      : `Set the config keys named above (Builder.withConfig, or --config on the command line) so a variant is active${plainMissing > 0 ? "; pass the other missing values in `inputs`" : ""}.`;
  return new FuncflowError(code, `${headline}:\n${lines.join("\n")}\n${advice}`, {
    input: first![0],
    neededBy: first![1],
    details: { missing: Object.fromEntries(entries) },
  });
}

/**
 * For missing inputs declared as scalars: a Hamilton port often carries settings (a `penalty`, a
 * `gamma`) as config, and config keys are read as parameters, so such an input may be meant as one.
 */
function settingsAdvice(names: readonly string[]): string {
  if (names.length === 0) return "";
  const keys = names.map((name) => `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: …`).join(", ");
  const sets = names.map((name) => `--set ${name}=…`).join(" ");
  return ` A setting can also come from config, which functions read as parameters too: \`withConfig({ ${keys} })\` (\`${sets}\` on the command line).`;
}

/** Scalar types a setting has: number, string, boolean, bigint, their literals and unions of these, `| null`/`| undefined` aside. */
function isScalarType(typeText: string): boolean {
  const members = splitTopLevel(typeText.trim(), "|").filter((member) => member !== "undefined" && member !== "null");
  return members.length > 0 && members.every((member) => SCALAR_MEMBER.test(member));
}

/** `number`, `string`, `boolean`, `bigint`, `true`/`false`, a quoted string or a number literal. */
const SCALAR_MEMBER = /^(?:number|string|boolean|bigint|true|false|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?n?)$/;

/**
 * Why a missing input is probably not meant as one: close to an input the caller passed, to a
 * node's name (a typo in a parameter name), or to a config variant's export name (`salesTax_us`
 * for `salesTax__us`, whose node is `salesTax`).
 */
function missingHint(graph: FunctionGraph, name: string, unusedInputs: readonly string[]): string {
  const hidden = graph.hiddenFunctions?.get(name);
  if (hidden !== undefined) return hiddenFunctionHint(hidden);
  const passed = suggestNames(name, unusedInputs);
  if (passed.length > 0) return didYouMean(passed).replace("did you mean", "an input you passed is close; did you mean");
  const named = namedExportHint(graph, name);
  if (named !== "") return named;
  const variants = new Map<string, string>();
  for (const node of graph.nodes) {
    const exportName = node.source?.exportName;
    if (exportName !== undefined && exportName !== node.name && exportName.includes("__")) variants.set(exportName, node.name);
  }
  for (const [node, excluded] of graph.excluded) for (const variant of excluded) if (variant.exportName.includes("__")) variants.set(variant.exportName, node);
  const [variant] = suggestNames(name, variants.keys(), 1).filter((candidate) => candidate !== name);
  if (variant !== undefined && name.split("__").length !== variant.split("__").length) {
    const node = variants.get(variant)!;
    return ` It looks like the config variant "${variant}" (two underscores), whose node is "${node}": name the parameter "${node}".`;
  }
  // Short names are near everything: "a" is one edit from "b".
  if (name.length < 4) return "";
  const functions = graph.nodes.filter((node) => node.kind === "function" && node.name !== name).map((node) => node.name);
  // `after_lock_date` next to a node `after_lock` is an input of its own, not a typo of the node.
  const near = suggestNames(name, functions).filter((candidate) => !extendsByWords(name, candidate));
  if (near.length > 0) return ` No node has this name; a parameter typo? Nodes with close names: ${near.map((n) => `"${n}"`).join(", ")}.`;
  return "";
}

/** A missing input spelt as the export of a node its config wrapper names otherwise (`configWhen(…, { name }, fn)`). */
function namedExportHint(graph: FunctionGraph, name: string): string {
  if (name.includes("__")) return "";
  let node = graph.nodes.find((candidate) => candidate.source?.exportName === name && candidate.name !== name)?.name;
  for (const [excludedNode, excluded] of graph.excluded) if (node === undefined && excluded.some((variant) => variant.exportName === name)) node = excludedNode;
  return node === undefined || node === name ? "" : ` "${name}" is the export of a config variant of the node "${node}" (its options.name): name the parameter "${node}".`;
}

/** A missing input that is a function its module declares but does not export by name. */
function hiddenFunctionHint({ name, module, line, reason }: HiddenFunction): string {
  return reason === "not-exported"
    ? ` "${name}" is a function in ${module}:${line} but not exported, so it is not a node: add \`export\` to make it one.`
    : ` "${name}" is the default export of ${module}:${line}, and a default export is not a node: export it by name (\`export function ${name}\`).`;
}

function leftOutByConfig(graph: FunctionGraph, names: readonly string[], where: string): FuncflowError {
  const lines = names.map((name) => `  - "${name}" (requested output).${explainExclusion(name, graph.excluded.get(name)!)}`);
  return new FuncflowError(
    "config_unsatisfied",
    `${where}: ${names.length === 1 ? "an output is" : `${names.length} outputs are`} left out by the config:\n${lines.join("\n")}`,
    { input: names[0], node: names[0], neededBy: ["(requested output)"], details: { leftOut: names } },
  );
}

function explainExclusion(name: string, variants: readonly ExcludedVariant[]): string {
  const reasons = variants.map((v) => `${v.exportName} needs ${v.condition} (${v.subgraph === undefined ? "config" : `subdag ${v.subgraph}'s config`} has ${formatValues(v.configValues)})`);
  return ` No variant of "${name}" is active under the config: ${reasons.join("; ")}. Change the config, add a configDefault variant, or pass "${name}" as an input.`;
}

function formatValues(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values).map(([key, value]) => `${key}=${value === undefined ? "unset" : JSON.stringify(value)}`).join(", ") || "nothing";
}

function assemble(
  graph: FunctionGraph,
  outputs: readonly string[],
  outputSlots: Int32Array,
  steps: Int32Array,
  slots: Int32Array,
  slotCount: number,
  { argumentStart, argumentSlots }: { argumentStart: Int32Array; argumentSlots: Int32Array },
  given: { givenSlots: number[]; givenNames: string[]; givenFrom: number[] },
): Plan {
  const stepCount = steps.length;
  // Readers per slot as compressed rows: count, prefix-sum, fill (steps ascend, so rows are in step order).
  const readersPerSlot = new Int32Array(slotCount);
  for (let i = 0; i < argumentSlots.length; i++) if (argumentSlots[i]! >= 0) readersPerSlot[argumentSlots[i]!]!++;
  const readerStart = new Int32Array(slotCount + 1);
  for (let slot = 0; slot < slotCount; slot++) readerStart[slot + 1] = readerStart[slot]! + readersPerSlot[slot]!;
  const readerSteps = new Int32Array(readerStart[slotCount]!);
  const filled = readerStart.slice(0, slotCount);
  for (let step = 0; step < stepCount; step++) {
    for (let i = argumentStart[step]!; i < argumentStart[step + 1]!; i++) {
      const slot = argumentSlots[i]!;
      if (slot >= 0) readerSteps[filled[slot]!++] = step;
    }
  }
  // Outputs are kept to the end, so their reader count never reaches zero.
  for (const slot of outputSlots) readersPerSlot[slot] = 0x3fffffff;
  const producerOfSlot = new Int32Array(slotCount).fill(-1);
  const stepSlots = new Int32Array(stepCount);
  const stepNodes = new Int32Array(stepCount);
  const stepNames = new Array<string>(stepCount);
  const stepFunctions = new Array<NodeFunction>(stepCount);
  for (let step = 0; step < stepCount; step++) {
    const node = steps[step]!;
    stepSlots[step] = slots[node]!;
    stepNodes[step] = node;
    stepNames[step] = graph.names[node]!;
    stepFunctions[step] = graph.specs[node]!.fn;
    producerOfSlot[slots[node]!] = step;
  }
  let stepArguments: Int32Array[] | undefined;
  let stepArgumentNames: (readonly string[])[] | undefined;
  return {
    outputs,
    outputSlots,
    slotCount,
    givenSlots: Int32Array.from(given.givenSlots),
    givenNames: given.givenNames,
    givenFrom: Uint8Array.from(given.givenFrom),
    stepNames,
    stepFunctions,
    stepSlots,
    argumentStart,
    argumentSlots,
    // Only the hooked path and errors read these, so a lean run never builds them.
    get stepArguments() {
      return (stepArguments ??= Array.from(stepNodes, (_, step) => argumentSlots.subarray(argumentStart[step]!, argumentStart[step + 1]!)));
    },
    get stepArgumentNames() {
      return (stepArgumentNames ??= Array.from(stepNodes, (node) => graph.specs[node]!.params.map((param) => param.name)));
    },
    readersPerSlot,
    readerStart,
    readerSteps,
    producerOfSlot,
    stepNodes,
    requiredBy(slot: number): string[] {
      const readers: string[] = [];
      for (let i = readerStart[slot]!; i < readerStart[slot + 1]!; i++) {
        const step = readerSteps[i]!;
        const node = stepNodes[step]!;
        for (let k = argumentStart[step]!; k < argumentStart[step + 1]!; k++) {
          if (argumentSlots[k] === slot && graph.optionalEdges[graph.dependencyStart[node]! + k - argumentStart[step]!] === 0) {
            readers.push(stepNames[step]!);
            break;
          }
        }
      }
      return outputSlots.includes(slot) ? ["(requested output)", ...readers] : readers;
    },
  };
}
