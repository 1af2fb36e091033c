/**
 * The Driver: a read-only view of a built graph that executes the nodes requested outputs
 * need. Made by `Builder.build()`; safe to share, since nothing it holds can be changed.
 */
import { FuncflowError, didYouMean, invalidArgument, isPlainRecord, listNames, optionKeys, requireName, requireNameList, suggestNames, requireKnownRecord } from "../errors/index.ts";
import type { ResultBuilder } from "../results/index.ts";
import { isThenable, reachable, type FunctionGraph, type NodeInfo, toDot, type DotOptions, type MaterializationDrawing } from "../graph/index.ts";
import { planExecution, Given, type Plan } from "./plan.ts";
import { runPlan } from "./run-plan.ts";
import { buildResult } from "./build-result.ts";
import { timedPlan } from "./timed-plan.ts";
import { runWithEngine } from "./run-engine.ts";
import { announceRefusedRun } from "./refused-run.ts";
import { settleGiven } from "./settle-given.ts";
import type { Engine } from "./engine.ts";
import type { CacheRunReport } from "../cache/index.ts";
import { BUILT_IN_LOADERS, BUILT_IN_SAVERS, checkMaterializeRequest, materialize, outlineRequest, validateMaterialization, type Loader, type MaterializeContext, type MaterializeRequest, type MaterializeResult, type Saver } from "../materialize/index.ts";
import type { ExecuteOptions, NodeValues, RecordOf, ValuesByName } from "./types.ts";
import { checkDotOptions, checkExecuteOptions, checkNodeFilter } from "./check-arguments.ts";

export type { ResultBuilder };

/** Marks the default result: a record of the requested outputs. */
export interface RecordResult {
  readonly __recordResult: true;
}

/** What `execute` resolves to: the record of outputs, or the result builder's value. */
export type ExecuteResult<Nodes, Output extends string, Result> = [Result] extends [RecordResult] ? RecordOf<Nodes, Output> : Result;

/** The names `prepare` takes (its second argument). */
export interface PrepareNames {
  /** External inputs every run will give. */
  readonly inputs?: readonly string[];
  /** Nodes every run will override. */
  readonly overrides?: readonly string[];
}

const PREPARE_NAME_KEYS = optionKeys<PrepareNames>({ inputs: true, overrides: true });

/** Selects nodes in `listNodes`. */
export interface NodeFilter {
  readonly tags?: Readonly<Record<string, string | readonly string[] | null>>;
}

function matchesTags(tags: NodeInfo["tags"], wanted: NonNullable<NodeFilter["tags"]>): boolean {
  return Object.entries(wanted).every(([key, accepted]) => {
    if (!Object.hasOwn(tags, key)) return false;
    if (accepted === null) return true;
    const present = ([] as string[]).concat(tags[key]!);
    return ([] as string[]).concat(accepted).some((value) => present.includes(value));
  });
}

/**
 * One request shape planned once: fixed outputs, and the names of the inputs and overrides every
 * run gives. Made by `dr.prepare(…)`.
 */
export interface PreparedExecution<Result = Record<string, unknown>> {
  readonly outputs: readonly string[];
  readonly inputNames: readonly string[];
  readonly overrideNames: readonly string[];
  /**
   * Runs the plan with these values, as `execute(outputs, { inputs, overrides })` would. Only the
   * prepared names are read: each must be an own key; other keys are not looked at.
   * @throws FuncflowError `invalid_argument` for a prepared name left out, `node_failed`.
   */
  execute(inputs: ValuesByName, overrides?: ValuesByName): Promise<Result>;
  /**
   * As `execute`, but the result itself, not a promise, when the run was synchronous (every node
   * it ran returned a value, no input or override was a promise, and the Driver has no adapters,
   * executor or cache): for callers that
   * must not spend a promise per run (a server's hot path).
   * @throws FuncflowError as `execute` rejects, thrown when the run was synchronous.
   */
  run(inputs: ValuesByName, overrides?: ValuesByName): Result | Promise<Result>;
}

const NO_VALUES: ValuesByName = Object.freeze({});
const PLAN_CACHE_LIMIT = 64;

export class Driver<Nodes extends object = NodeValues, Result = RecordResult> {
  readonly #graph: FunctionGraph;
  readonly #resultBuilder: ResultBuilder<unknown> | undefined;
  readonly #plans = new Map<string, Plan>();
  /** Adapters, executor, concurrency limit, cache; undefined: the lean loop runs. */
  readonly #engine: Engine | undefined;
  /** Savers and loaders for `materialize`: built-ins first, so the Builder's win. */
  readonly #materializers: { readonly savers: readonly Saver[]; readonly loaders: readonly Loader[] };
  /** The Builder's savers and loaders, as given (for `recordResults`). */
  readonly #materializerEntries: readonly (Saver | Loader)[];
  /** Made on first use; typed loosely so that the field does not make Driver invariant in `Nodes`. */
  #recordDriver: unknown;

  /** @internal Use `new Builder()…build()`. */
  constructor(graph: FunctionGraph, resultBuilder?: ResultBuilder<unknown>, engine?: Engine, materializers: readonly (Saver | Loader)[] = []) {
    this.#graph = graph;
    this.#resultBuilder = resultBuilder;
    this.#engine = engine;
    this.#materializerEntries = materializers;
    this.#materializers = {
      savers: [...BUILT_IN_SAVERS, ...materializers.filter((entry): entry is Saver => "save" in entry)],
      loaders: [...BUILT_IN_LOADERS, ...materializers.filter((entry): entry is Loader => "load" in entry)],
    };
  }

  /**
   * @internal This Driver's graph, adapters, executor and cache returning the record of outputs,
   * whatever result builder it was built with: what `serve` replies from (one value per output),
   * as `materialize` saves per output. This Driver itself when it has no result builder.
   */
  recordResults(): Driver<Nodes> {
    if (this.#resultBuilder === undefined) return this as unknown as Driver<Nodes>;
    this.#recordDriver ??= new Driver<Nodes>(this.#graph, undefined, this.#engine, this.#materializerEntries);
    return this.#recordDriver as Driver<Nodes>;
  }

  /**
   * Runs the nodes `outputs` need, each once, and returns the outputs. An output that is a config
   * key, or an input given in `inputs` (a node or not), is returned as given. `onNodeTimed` hears
   * each node's wall time as it settles (the lean loop runs untouched without it).
   * @throws FuncflowError `unknown_output`, `missing_input`, `config_unsatisfied`, `config_input_overlap`,
   *   `input_is_node`, `unknown_node`, `node_failed`.
   * @example const { spendMean } = await dr.execute(["spendMean"], { inputs: { spend } });
   */
  async execute<const Output extends keyof Nodes & string>(
    outputs: readonly Output[],
    options: ExecuteOptions = {},
  ): Promise<ExecuteResult<Nodes, Output, Result>> {
    let prepared;
    try {
      prepared = this.#prepare(outputs, options);
    } catch (refusal) {
      // Awaited only on a refusal: a run that plans pays no extra await.
      throw await this.#announceRefused(outputs, options, refusal);
    }
    const { plan, values, collect, request, promised } = prepared;
    if (promised) await settleGiven(plan, values, "execute");
    const { onNodeTimed } = options;
    let record: Record<string, unknown>;
    // The lean loop is called right here, not through #run: no extra await on the hot path.
    if (this.#engine === undefined) {
      const running = runPlan(onNodeTimed === undefined ? plan : timedPlan(plan, onNodeTimed), values);
      if (running !== undefined) await running;
      record = collect();
    } else {
      record = await runWithEngine(this.#engine, this.#graph, plan, values, request, collect, onNodeTimed);
    }
    const result = this.#resultBuilder ? buildResult(this.#resultBuilder, record, plan.outputs) : record;
    return result as ExecuteResult<Nodes, Output, Result>;
  }

  /**
   * Plans `outputs` for runs that always give the inputs (and overrides) named here, for code that
   * runs one request shape many times, such as a server's operation: each run then skips the
   * option checks and the plan lookup `execute` does per call.
   * @throws FuncflowError now, the request errors `execute` would throw for these names:
   *   `unknown_output`, `missing_input`, `config_input_overlap`, `input_is_node`, `unknown_node`, `invalid_argument`.
   * @example
   * const perSignup = dr.prepare(["spendPerSignup"], { inputs: ["spend", "signups"] });
   * const { spendPerSignup } = await perSignup.execute({ spend, signups });
   */
  prepare<const Output extends keyof Nodes & string>(
    outputs: readonly Output[],
    names: PrepareNames = {},
  ): PreparedExecution<ExecuteResult<Nodes, Output, Result>> {
    requireNameList("prepare", "outputs", outputs, `["spendMean"]`);
    requireKnownRecord("prepare", "names", names, PREPARE_NAME_KEYS, `{ inputs: ["spend"], overrides: ["spendMean"] }`);
    const given = { inputs: names.inputs === undefined ? [] : names.inputs, overrides: names.overrides === undefined ? [] : names.overrides };
    requireNameList("prepare", "names.inputs", given.inputs, `["spend", "signups"]`);
    requireNameList("prepare", "names.overrides", given.overrides, `["spendMean"]`);
    // Copied: the caller's lists may change later; the plan may not.
    const inputNames = [...given.inputs];
    const overrideNames = [...given.overrides];
    const asValues = (list: readonly string[]) => Object.fromEntries(list.map((name) => [name, undefined]));
    const plan = this.#planFor(outputs, asValues(inputNames), asValues(overrideNames), "prepare");
    const resultBuilder = this.#resultBuilder;
    const finish = resultBuilder === undefined ? undefined : (record: Record<string, unknown>) => buildResult(resultBuilder, record, plan.outputs);
    const run = (inputs: ValuesByName, overrides: ValuesByName = NO_VALUES): unknown => {
      // The common call passes literals: one prototype check each.
      if (!isPlainRecord(inputs)) throw invalidArgument("prepare(…).execute", "inputs", inputs, `an object with ${listNames(inputNames)}`);
      if (overrides !== NO_VALUES && !isPlainRecord(overrides)) throw invalidArgument("prepare(…).execute", "overrides", overrides, `an object with ${listNames(overrideNames)}`);
      const values = new Array<unknown>(plan.slotCount);
      // A promise among the values is awaited first, so the run itself sees only values.
      if (fillGiven(plan, values, inputs, overrides, this.#graph.config, "prepare(…).execute")) return settleGiven(plan, values, "prepare(…).execute").then(() => runSettled(values, inputs, overrides));
      return runSettled(values, inputs, overrides);
    };
    const runSettled = (values: unknown[], inputs: ValuesByName, overrides: ValuesByName): unknown => {
      if (this.#engine !== undefined) {
        const request = { inputNames, overrideNames, inputs, overrides };
        const running = runWithEngine(this.#engine, this.#graph, plan, values, request, () => collectOutputs(plan, values));
        return finish === undefined ? running : running.then(finish);
      }
      // The lean loop, called right here: a run of sync nodes makes no promise at all.
      const running = runPlan(plan, values);
      if (running === undefined) {
        const record = collectOutputs(plan, values);
        return finish === undefined ? record : finish(record);
      }
      const collected = running.then(() => collectOutputs(plan, values));
      return finish === undefined ? collected : collected.then(finish);
    };
    type Built = ExecuteResult<Nodes, Output, Result>;
    return {
      outputs: plan.outputs,
      inputNames,
      overrideNames,
      run: run as (inputs: ValuesByName, overrides?: ValuesByName) => Built | Promise<Built>,
      execute: (inputs, overrides) => {
        try {
          return Promise.resolve(run(inputs, overrides)) as Promise<Built>;
        } catch (error) {
          return Promise.reject(error);
        }
      },
    };
  }

  /**
   * Loads inputs from files, runs what the chosen outputs need, and saves those outputs to files
   * (Arrow IPC, CSV, JSON, Parquet; the format from the extension or given). Returns, per file,
   * its path, size, rows and schema, and the outputs themselves.
   * @throws FuncflowError `invalid_argument` for a format nothing handles (before anything runs),
   *   `io_failed`, and the errors of `execute`.
   * @example
   * const { saved } = await dr.materialize({
   *   load: { sales: "data/sales.csv" },
   *   save: { features: "out/features.parquet", summary: "out/summary.json" },
   * });
   */
  materialize(request: MaterializeRequest): Promise<MaterializeResult> {
    return materialize(request, this.#materializeContext());
  }

  /**
   * Checks that `materialize(request)` would run (Hamilton's `validate_materialization`), with
   * the very checks `materialize` makes before it runs a node: the request's shape, unknown
   * nodes (with did-you-mean), missing inputs naming who needs them (loaded names count as
   * given), formats no saver or loader handles, combined saves, save targets and two saves to one
   * file. Reads no file (a missing file to load fails only when `materialize` loads it), runs no
   * node, writes nothing; the errors start with "materialize:", as `materialize` throws them.
   * @throws FuncflowError the errors `materialize` throws before running anything.
   * @example await dr.validateMaterialization({ load: { sales: "data/sales.csv" }, save: { summary: "out/summary.json" } });
   */
  validateMaterialization(request: MaterializeRequest): Promise<void> {
    return validateMaterialization(request, this.#materializeContext());
  }

  /** True for a node a function computes (not an input or config key): loading it overrides it. */
  #isFunctionNode(name: string): boolean {
    return (this.#graph.indexOf.get(name) ?? Infinity) < this.#graph.functionCount;
  }

  #materializeContext(): MaterializeContext {
    return {
      ...this.#materializers,
      isFunctionNode: (name) => this.#isFunctionNode(name),
      nodeNames: () => this.#graph.indexOf.keys(),
      execute: (outputs, options) => this.#run(outputs, options),
      validate: (outputs, options) => void this.#prepare(outputs, options, "materialize"),
    };
  }

  /** Runs the plan for `outputs` and returns them as a record (before any result builder). */
  async #run(outputs: readonly string[], options: ExecuteOptions): Promise<Record<string, unknown>> {
    let prepared;
    try {
      prepared = this.#prepare(outputs, options, "materialize");
    } catch (refusal) {
      throw await this.#announceRefused(outputs, options, refusal);
    }
    const { plan, values, collect, request, promised } = prepared;
    if (promised) await settleGiven(plan, values, "materialize");
    const { onNodeTimed } = options;
    if (this.#engine !== undefined) return runWithEngine(this.#engine, this.#graph, plan, values, request, collect, onNodeTimed);
    const running = runPlan(onNodeTimed === undefined ? plan : timedPlan(plan, onNodeTimed), values);
    if (running !== undefined) await running;
    return collect();
  }

  /** A request `#prepare` refused, announced to the adapters as a failed run; returns the refusal to throw. */
  #announceRefused(outputs: readonly string[], options: ExecuteOptions, refusal: unknown): Promise<unknown> {
    return announceRefusedRun(this.#engine?.adapters, this.#graph, outputs, options, refusal);
  }

  /** The plan for a request, its value slots with the given values filled in, and how to read the outputs. */
  #prepare(outputs: readonly string[], options: ExecuteOptions, where = "execute") {
    checkExecuteOptions(where, options);
    const inputs = options.inputs ?? NO_VALUES;
    const overrides = options.overrides ?? NO_VALUES;
    const plan = this.#planFor(outputs, inputs, overrides, where);
    const values = new Array<unknown>(plan.slotCount);
    const promised = fillGiven(plan, values, inputs, overrides, this.#graph.config);
    const collect = () => collectOutputs(plan, values);
    // Only the hooked path reads the names; the lean path never builds them.
    const request = {
      get inputNames() {
        return Object.keys(inputs);
      },
      get overrideNames() {
        return Object.keys(overrides);
      },
      inputs,
      overrides,
    };
    return { plan, values, collect, request, promised };
  }

  /**
   * What the cache did in the last run that finished: the nodes read from it (`hits`), those
   * computed (`misses`), and every event with its reason. Undefined without a cache or before a run.
   * @example dr.lastCacheRun()?.events.filter((event) => event.kind === "miss").map((event) => [event.node, event.reason]);
   */
  lastCacheRun(): CacheRunReport | undefined {
    return this.#engine?.cache?.lastRun();
  }

  /**
   * Releases what the Driver's executor holds (worker threads); the Driver can still run
   * afterwards, the executor starting again if it needs to.
   * @example await dr.close();
   */
  async close(): Promise<void> {
    await this.#engine?.executor?.close?.();
  }

  /**
   * Checks that `execute(outputs, options)` could run, computing nothing.
   * @throws the same request errors as `execute`, never `node_failed`.
   */
  validateExecution(outputs: readonly (keyof Nodes & string)[], options: ExecuteOptions = {}): void {
    checkExecuteOptions("validateExecution", options);
    this.#planFor(outputs, options.inputs ?? NO_VALUES, options.overrides ?? NO_VALUES, "validateExecution");
  }

  /**
   * Every node: functions, external inputs and every config value (read or not); with `tags`,
   * only nodes matching every key (a list matches any of its values; null: the key is present).
   * @example dr.listNodes({ tags: { stage: ["report", "daily"], owner: null } })
   */
  listNodes(filter: NodeFilter = {}): readonly NodeInfo[] {
    checkNodeFilter(filter);
    const { tags } = filter;
    if (tags === undefined) return this.#graph.nodes;
    return this.#graph.nodes.filter((node) => matchesTags(node.tags, tags));
  }

  /** One node by name. @throws FuncflowError `unknown_node` with suggestions, `invalid_argument` for a name that is not a string. */
  node(name: string): NodeInfo {
    requireName("node", "name", name, `"spendMean"`);
    return this.#graph.nodes[this.#indexOf(name)]!;
  }

  /** The named nodes and everything they depend on, in topological order. @throws FuncflowError `unknown_node`, `invalid_argument`. */
  upstreamOf(...names: string[]): string[] {
    names.forEach((name, index) => requireName("upstreamOf", `names[${index}]`, name, `"spendMean"`));
    return this.#closure(names, this.#graph.dependencies);
  }

  /** The named nodes and everything that depends on them, in topological order. @throws FuncflowError `unknown_node`, `invalid_argument`. */
  downstreamOf(...names: string[]): string[] {
    names.forEach((name, index) => requireName("downstreamOf", `names[${index}]`, name, `"spend"`));
    return this.#closure(names, this.#graph.consumers);
  }

  /**
   * The nodes on any path from `from` to `to`, both included, in topological order; empty when
   * both exist but no path joins them.
   * @throws FuncflowError `unknown_node` for a name the graph lacks, `invalid_argument` for a non-string.
   */
  pathBetween(from: string, to: string): string[] {
    requireName("pathBetween", "from", from, `"spend"`);
    requireName("pathBetween", "to", to, `"spendMean"`);
    this.#indexOf(to);
    const downstream = new Set(this.downstreamOf(from));
    if (!downstream.has(to)) return [];
    return this.upstreamOf(to).filter((name) => downstream.has(name));
  }

  /**
   * The graph in Graphviz DOT: the whole graph, or with `outputs` the path one execution takes,
   * with `upstreamOf`/`downstreamOf` what is up or downstream of nodes (both: the paths between).
   * @throws FuncflowError `unknown_output` for an unknown output, `unknown_node` for an unknown
   *   name in `upstreamOf`/`downstreamOf`, `invalid_argument` for a malformed option (or a
   *   `nodeStyle` result that is not attributes), `hook_failed` when `nodeStyle` throws.
   */
  toDot(options: DotOptions = {}): string {
    checkDotOptions(options);
    for (const output of options.outputs ?? []) this.#indexOf(output, "unknown_output", "toDot: options.outputs");
    for (const key of ["upstreamOf", "downstreamOf"] as const) for (const name of options[key] ?? []) this.#indexOf(name, "unknown_node", `toDot: options.${key}`);
    return toDot(this.#graph, options);
  }

  /**
   * The execution path of a `materialize` request in Graphviz DOT (Hamilton's
   * `visualize_materialization`): what its saves and `outputs` need, with each save drawn as a
   * node `save:<id>` (a cylinder, labelled with its file) fed by its node, a combined save's
   * dependencies joined in `<id>_build_result` first, and each load as a node `load:<input>`
   * feeding the input (or, for a function node, the override) it gives. `options` are `toDot`'s,
   * but for `outputs`, `inputs` and `overrides`, which the request gives. Reads no file.
   * @throws FuncflowError `invalid_argument` for a malformed request or option or a combined
   *   save whose `<id>_build_result` is a node's name, `unknown_output` for a save, dependency or
   *   output that is no node (with did-you-mean).
   * @example writeFileSync("run.dot", dr.materializeToDot({ load: { sales: "sales.csv" }, save: { summary: "out/summary.json" } }));
   */
  materializeToDot(request: MaterializeRequest, options: Omit<DotOptions, "outputs" | "inputs" | "overrides"> = {}): string {
    checkMaterializeRequest(request);
    checkDotOptions(options);
    for (const key of ["outputs", "inputs", "overrides"] as const) {
      if ((options as DotOptions)[key] !== undefined) {
        throw invalidArgument("materializeToDot", `options.${key}`, (options as DotOptions)[key], `left out: the request gives them (request.${key})`);
      }
    }
    const outline = outlineRequest(request, this.#graph.indexOf.keys(), "materializeToDot");
    const drawing: MaterializationDrawing = {
      saves: outline.saves.map(({ id, path, format, combined }) => ({ id, path, ...(format !== undefined && { format }), dependencies: combined?.dependencies ?? [id], ...(combined?.combine !== undefined && { combine: combined.combine.name }) })),
      loads: outline.loads.map(({ input, path, format }) => ({ input, path, ...(format !== undefined && { format }) })),
    };
    for (const { id } of outline.saves) {
      if (typeof request.save![id] === "string") this.#indexOf(id, "unknown_output", "materializeToDot: request.save");
    }
    for (const name of outline.outputs) this.#indexOf(name, "unknown_output", "materializeToDot: request.outputs");
    const loaded = drawing.loads.map((load) => load.input);
    return toDot(
      this.#graph,
      {
        ...options,
        outputs: outline.outputs,
        inputs: [...Object.keys(request.inputs ?? {}), ...loaded.filter((name) => !this.#isFunctionNode(name))],
        overrides: [...Object.keys(request.overrides ?? {}), ...loaded.filter((name) => this.#isFunctionNode(name))],
      },
      drawing,
    );
  }

  /** The plan for a request; `where` (the public call it came through) starts its error messages. */
  #planFor(outputs: readonly string[], inputs: ValuesByName, overrides: ValuesByName, where = "execute"): Plan {
    if (!Array.isArray(outputs) || outputs.some((output) => typeof output !== "string")) {
      throw new FuncflowError("invalid_argument", `${where}: outputs must be an array of node names, e.g. ["spendMean"].`);
    }
    for (const [option, values] of [["inputs", inputs], ["overrides", overrides]] as const) {
      if (typeof values !== "object" || values === null || Array.isArray(values)) {
        throw new FuncflowError("invalid_argument", `${where}: ${option} must be an object of values by name, e.g. { ${option}: { spend } }; got ${Array.isArray(values) ? "an array" : typeof values}.`);
      }
    }
    const inputNames = Object.keys(inputs);
    const overrideNames = Object.keys(overrides);
    const key = `${outputs.join("\u0000")}\u0001${inputNames.join("\u0000")}\u0001${overrideNames.join("\u0000")}`;
    let plan = this.#plans.get(key);
    if (plan === undefined) {
      plan = planExecution(this.#graph, { outputs, inputNames, overrideNames, where });
      if (this.#plans.size >= PLAN_CACHE_LIMIT) this.#plans.delete(this.#plans.keys().next().value!);
      this.#plans.set(key, plan);
    }
    return plan;
  }

  /** The node's index; `where` (the call and option the name came through) starts the message. */
  #indexOf(name: string, code: "unknown_node" | "unknown_output" = "unknown_node", where?: string): number {
    const index = this.#graph.indexOf.get(name);
    if (index !== undefined) return index;
    const suggestion = suggestNames(name, this.#graph.indexOf.keys());
    throw new FuncflowError(code, `${where === undefined ? "No" : `${where}: no`} node is named "${name}"${didYouMean(suggestion)}. dr.listNodes() lists every node.`, {
      node: name,
      suggestion,
    });
  }

  #closure(names: readonly string[], edges: readonly Int32Array[]): string[] {
    const seen = reachable(names.map((name) => this.#indexOf(name)), (index) => edges[index]!);
    return Array.from(this.#graph.topologicalOrder)
      .filter((index) => seen.has(index))
      .map((index) => this.#graph.names[index]!);
  }
}

/**
 * Puts the given values (overrides, inputs, config) in their slots, and says whether one is a
 * promise the run must await first (`settleGiven`). With `checkedBy`, a value the plan reads from
 * inputs or overrides must be an own key there (a prepared run's names are fixed).
 */
function fillGiven(plan: Plan, values: unknown[], inputs: ValuesByName, overrides: ValuesByName, config: ValuesByName, checkedBy?: string): boolean {
  let promised = false;
  let undefinedInputs: number[] | undefined;
  for (let i = 0; i < plan.givenSlots.length; i++) {
    const name = plan.givenNames[i]!;
    const from = plan.givenFrom[i];
    const source = from === Given.Override ? overrides : from === Given.Input ? inputs : config;
    if (checkedBy !== undefined && from !== Given.Config && !Object.hasOwn(source, name)) {
      const option = from === Given.Override ? "overrides" : "inputs";
      throw invalidArgument(checkedBy, option, source, `an object with a value for "${name}" (it was prepared with ${option} ${listNames(plan.givenNames.filter((_, j) => plan.givenFrom[j] === from))})`);
    }
    const value = source[name];
    values[plan.givenSlots[i]!] = value;
    if (value === undefined && from === Given.Input) (undefinedInputs ??= []).push(i);
    else if (from !== Given.Config && isThenable(value)) promised = true;
  }
  if (undefinedInputs !== undefined) rejectUndefinedInputs(plan, undefinedInputs, checkedBy ?? "execute");
  return promised;
}

/**
 * An input given as `undefined` is not given: a required parameter would run on `undefined`
 * (`a + 1` is NaN). Refused like a missing input, naming who needs it; an optional parameter
 * takes its default, as JavaScript passes it.
 */
function rejectUndefinedInputs(plan: Plan, given: readonly number[], where: string): void {
  const needed = given.map((i) => [plan.givenNames[i]!, plan.requiredBy(plan.givenSlots[i]!)] as const).filter(([, neededBy]) => neededBy.length > 0);
  if (needed.length === 0) return;
  const lines = needed.map(([name, neededBy]) => `  - "${name}", needed by ${neededBy.map((n) => (n.startsWith("(") ? n : `"${n}"`)).join(", ")}.`);
  throw new FuncflowError(
    "missing_input",
    `${where}: ${needed.length === 1 ? "an input is" : `${needed.length} inputs are`} given as undefined, which counts as not given:\n${lines.join("\n")}\nPass a value (null for "no value"), or give the parameter a default to make it optional.`,
    { input: needed[0]![0], neededBy: needed[0]![1], details: { missing: Object.fromEntries(needed), undefined: true } },
  );
}

/** The requested outputs as a record. */
function collectOutputs(plan: Plan, values: readonly unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < plan.outputs.length; i++) {
    const name = plan.outputs[i]!;
    const value = values[plan.outputSlots[i]!];
    // Assigned (defineProperty per key cost ~1.7 us a request in the serve profile), except an
    // output named "__proto__", which is defined so it stays an own key.
    if (name === "__proto__") Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
    else record[name] = value;
  }
  return record;
}
