/**
 * Every exported function that takes an options object, called as a user would (valid arguments)
 * plus one misspelt option key: each call fails with an `invalid_argument` FuncflowError that
 * names the function and the unknown key and suggests the real one, before it does anything (no
 * file written, no server listening). A typo in an option would otherwise silently do nothing.
 * Which functions take options is found from the exports themselves (a parameter named
 * `options` or `request`), so a new one fails here until it is added below.
 */
import { readdir } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { makeVector, tableFromArrays, vectorFromArray } from "apache-arrow";
import { Builder, FuncflowError, type Driver } from "funcflow";
import { parameterNames } from "../support/parameter-names.ts";
import { syntheticModule } from "../support/synthetic-module.ts";
import { basicDriver, exportedFunctions, importEntries, isGenerator, listeningServers, useScratchFolder } from "../support/package-exports.ts";
import { optionKeys } from "../../src/errors/index.ts";

type Options = Readonly<Record<string, unknown>>;

interface OptionsCase {
  /** A valid call with `options` merged into (or passed as) its options argument. */
  readonly call: (options: Options, module: Readonly<Record<string, Function>>) => unknown;
  /** A real option key; the probe misspells it by one letter. */
  readonly key: string;
  /** Modifiers report their problems when the graph is built, as invalid_modifier naming the node. */
  readonly code?: "invalid_modifier";
}

const node = (x: number) => x + 1;

/** Builds a one-node graph of `wrapped` (a modifier's result): where a modifier's problem surfaces. */
async function buildWith(wrapped: unknown): Promise<unknown> {
  return new Builder().withModules(syntheticModule([{ name: "y", params: [{ name: "x" }], fn: wrapped as never }])).build();
}

const vector = makeVector(new Float64Array([1, 2, 3]));
const table = tableFromArrays({ a: new Float64Array([1, 2]) });
const timing = { runId: "r", success: true, totalMs: 1, nodes: [], criticalPath: { nodes: [], durationMs: 0 } };
const redis = "redis://127.0.0.1:1";
const emptyReport = { version: "", modules: [], tsconfig: undefined, checkedEdges: 0, checkedBindings: 0, unchecked: [], mismatches: [], inputConflicts: [], nodes: [], inputs: [] };
let driver: Driver | undefined;
let danfo: { Series: new (values: unknown[]) => unknown; DataFrame: new (data: Options) => unknown } | undefined;

/**
 * Each `<entry> <export>` whose last-but-none argument is an options object, called validly. Paths
 * name nothing in the scratch folder: a call that went ahead would fail for another reason or
 * leave a file the test sees.
 */
const CASES: Readonly<Record<string, OptionsCase>> = {
  // funcflow: modifiers
  ". tag": { call: (o, m) => buildWith(m.tag!({ owner: "growth" }, o, node)), key: "target", code: "invalid_modifier" },
  ". extractFields": { call: (o, m) => buildWith(m.extractFields!(["a"], o, node)), key: "fillWith", code: "invalid_modifier" },
  ". extractColumns": { call: (o, m) => buildWith(m.extractColumns!(["a"], o, node)), key: "fillWith", code: "invalid_modifier" },
  ". parameterizeValues": { call: (o, m) => buildWith(m.parameterizeValues!("x", { one: 1 }, o, node)), key: "docs", code: "invalid_modifier" },
  ". checkOutput": { call: (o, m) => buildWith(m.checkOutput!({ range: [0, 10], ...o }, node)), key: "importance", code: "invalid_modifier" },
  ". checkOutputCustom": { call: (o, m) => buildWith(m.checkOutputCustom!([{ name: "positive", importance: "warn", validate: () => ({ passes: true, message: "" }) }], o, node)), key: "target", code: "invalid_modifier" },
  ". subdag": { call: (o, m) => buildWith(m.subdag!({ modules: [new URL("../fixtures/modules/basic.ts", import.meta.url)], ...o }, node)), key: "namespace", code: "invalid_modifier" },
  ". schema": { call: (o, m) => buildWith(m.schema!({ a: "float64" }, o, node)), key: "target", code: "invalid_modifier" },
  ". loadFrom": { call: (o, m) => buildWith(m.loadFrom!({ path: "missing.csv", ...o }, node)), key: "delimiter", code: "invalid_modifier" },
  ". saveTo": { call: (o, m) => buildWith(m.saveTo!({ path: "out.csv", ...o }, node)), key: "format", code: "invalid_modifier" },
  ". pipeInput": { call: (o, m) => buildWith(m.pipeInput!(o, m.step!(Math.abs), node)), key: "onInput", code: "invalid_modifier" },
  ". pipeOutput": { call: (o, m) => buildWith(m.pipeOutput!(o, m.step!(Math.abs), node)), key: "namespace", code: "invalid_modifier" },
  ". parameterizeExtractColumns": { call: (o, m) => buildWith(m.parameterizeExtractColumns!(o, new (m.ParameterizedExtract as unknown as new (...args: unknown[]) => unknown)(["a"], {}), node)), key: "reassignColumns", code: "invalid_modifier" },
  ". withColumns": { call: (o, m) => buildWith(m.withColumns!({ modules: [new URL("../fixtures/modules/basic.ts", import.meta.url)], onInput: "x", ...o }, node)), key: "select", code: "invalid_modifier" },
  ". endpoint": { call: (o, m) => buildWith(m.endpoint!({ method: "GET", path: "/v0/y", ...o }, node)), key: "tags", code: "invalid_modifier" },
  // funcflow/arrow
  "arrow variance": { call: (o, m) => m.variance!(vector, o), key: "ddof" },
  "arrow std": { call: (o, m) => m.std!(vector, o), key: "ddof" },
  "arrow rollingSum": { call: (o, m) => m.rollingSum!(vector, 2, o), key: "minPeriods" },
  "arrow rollingMean": { call: (o, m) => m.rollingMean!(vector, 2, o), key: "minPeriods" },
  "arrow rollingStd": { call: (o, m) => m.rollingStd!(vector, 2, o), key: "minPeriods" },
  "arrow rollingMin": { call: (o, m) => m.rollingMin!(vector, 2, o), key: "minPeriods" },
  "arrow rollingMax": { call: (o, m) => m.rollingMax!(vector, 2, o), key: "minPeriods" },
  "arrow groupBy": { call: (o, m) => m.groupBy!(vectorFromArray(["x", "y", "x"]), { v: vector }, { v: ["sum"] }, o), key: "keyName" },
  // funcflow/danfo
  "danfo seriesToVector": { call: (o, m) => m.seriesToVector!(new danfo!.Series([1, Number.NaN]), o), key: "nanAsNull" },
  "danfo dataFrameToTable": { call: (o, m) => m.dataFrameToTable!(new danfo!.DataFrame({ a: [1, 2] }), o), key: "nanAsNull" },
  // funcflow/io
  "io readTable": { call: (o, m) => m.readTable!("missing.csv", o), key: "format" },
  "io readTable csv": { call: (o, m) => m.readTable!("missing.csv", { csv: o }), key: "delimiter" },
  "io writeTable": { call: (o, m) => m.writeTable!("out.csv", table, o), key: "format" },
  "io writeTable parquet": { call: (o, m) => m.writeTable!("out.parquet", table, { parquet: o }), key: "compression" },
  "io readParquetBatches": { call: (o, m) => m.readParquetBatches!("missing.parquet", o), key: "batchSize" },
  "io readCsvBatches": { call: (o, m) => m.readCsvBatches!("missing.csv", o), key: "delimiter" },
  "io readJsonBatches": { call: (o, m) => m.readJsonBatches!("missing.json", o), key: "batchRows" },
  "io writeJson": { call: (o, m) => m.writeJson!("out.json", { a: 1 }, o), key: "space" },
  "io tableFromCsv": { call: (o, m) => m.tableFromCsv!("a;b\n1;2\n", o), key: "delimiter" },
  "io tableToCsv": { call: (o, m) => m.tableToCsv!(table, o), key: "delimiter" },
  "io tableToCsvChunks": { call: (o, m) => m.tableToCsvChunks!(table, o), key: "rowsPerChunk" },
  "io tableToParquet": { call: (o, m) => m.tableToParquet!(table, o), key: "compression" },
  "io writeFileAtomic": { call: (o, m) => m.writeFileAtomic!("out.txt", "text", o), key: "createFolder" },
  // funcflow/adapters
  "adapters progressBar": { call: (o, m) => m.progressBar!(o), key: "label" },
  "adapters structuredLogging": { call: (o, m) => m.structuredLogging!(o), key: "logger" },
  "adapters timingReport": { call: (o, m) => m.timingReport!(o), key: "onReport" },
  "adapters formatTimingReport": { call: (o, m) => m.formatTimingReport!(timing, o), key: "top" },
  "adapters gracefulErrors": { call: (o, m) => m.gracefulErrors!(o), key: "sentinel" },
  "adapters typeCheck": { call: (o, m) => m.typeCheck!(o), key: "inputs" },
  "adapters schemaValidator": { call: (o, m) => m.schemaValidator!({ dir: "schemas-nowhere", ...o }), key: "mustExist" },
  // funcflow/workers
  "workers workerExecutor": { call: (o, m) => m.workerExecutor!(o), key: "threads" },
  // funcflow/schema
  "schema readPipelineSchemas": { call: (o, m) => m.readPipelineSchemas!([], o), key: "tsconfig" },
  "schema readPipelineSchemasWithFiles": { call: (o, m) => m.readPipelineSchemasWithFiles!([], o), key: "tsconfig" },
  "schema loadPipelineSchemas": { call: (o, m) => m.loadPipelineSchemas!([], o), key: "cacheDir" },
  // funcflow/serve
  "serve serve": { call: (o, m) => m.serve!(driver, { port: 0, logLevel: false, ...o }), key: "port" },
  "serve createServeApp": { call: (o, m) => m.createServeApp!(driver, { logLevel: false, ...o }), key: "outputs" },
  // funcflow/envelope
  "envelope saveEnvelope": { call: (o, m) => m.saveEnvelope!({ name: "hello", outputs: ["greeting"], driver, ...o }), key: "description" },
  "envelope loadEnvelope": { call: (o, m) => m.loadEnvelope!("hello@1", o), key: "registry" },
  "envelope runBatch": { call: (o, m) => m.runBatch!("hello@1", { inputs: "in.csv", out: "out.csv", ...o }), key: "batchRows" },
  "envelope serveEnvelope": { call: (o, m) => m.serveEnvelope!("hello@1", { port: 0, ...o }), key: "registry" },
  "envelope envelopeWorkerCode": { call: (o, m) => m.envelopeWorkerCode!("hello@1", o), key: "onDrift" },
  // funcflow/graphology
  "graphology toGraphology": { call: (o, m) => m.toGraphology!(driver, o), key: "outputs" },
  "graphology executionPath": { call: (o, m) => m.executionPath!(new Map(), { outputs: [], ...o }), key: "overrides" },
  // funcflow/explorer
  "explorer runRecorder": { call: (o, m) => m.runRecorder!(o), key: "onRecord" },
  "explorer explorerPage": { call: (o, m) => m.explorerPage!([], o), key: "title" },
  "explorer buildExplorerModel": { call: (o, m) => m.buildExplorerModel!([], o), key: "includeCode" },
  "explorer startExplorerServer": { call: (o, m) => m.startExplorerServer!([], { port: 0, ...o }), key: "runsDir" },
  // funcflow/bullmq: nothing listens on port 1, so a call that went ahead would fail to connect.
  "bullmq bullmqExecutor": { call: (o, m) => m.bullmqExecutor!({ connection: redis, ...o }), key: "attempts" },
  "bullmq startWorker": { call: (o, m) => m.startWorker!({ connection: redis, modules: ["missing.ts"], ...o }), key: "concurrency" },
  "bullmq startWorker envelope": { call: (o, m) => m.startWorker!({ connection: redis, envelope: "hello@1", ...o }), key: "registry" },
  // funcflow/scanner
  "scanner scanSource": { call: (o, m) => m.scanSource!("export const a = 1;", "m.ts", o), key: "readFile" },
  "scanner checkEdgeTypes": { call: (o, m) => m.checkEdgeTypes!([], o), key: "tsconfig" },
  "scanner edgeTypeError": { call: (o, m) => m.edgeTypeError!(emptyReport, o), key: "cwd" },
  "scanner describeTypeProblems": { call: (o, m) => m.describeTypeProblems!(emptyReport, o), key: "cwd" },
  "scanner renderTypings": { call: (o, m) => m.renderTypings!(emptyReport, { outFile: "typings.d.ts", ...o }), key: "command" },
};

/**
 * Exports with an options parameter that are not probed here, each with why. (None today.) An open
 * map (tags, metrics, inputs, config, bindings, column types) is not an options object: every key
 * is the user's own, so there is nothing to misspell, and it takes no entry here.
 */
const NOT_PROBED: Readonly<Record<string, string>> = {};

/** Parameter names that mark an options object (executionPath's `request` is `{ outputs, inputs, overrides }`). */
const OPTIONS_PARAMETERS: readonly string[] = ["options", "request"];

/** One letter changed near the middle: close enough that the real key is the suggestion. */
function misspell(key: string): string {
  const at = Math.floor(key.length / 2);
  return `${key.slice(0, at)}${key[at] === "x" ? "q" : "x"}${key.slice(at + 1)}`;
}

/** Runs the call to its first effect: awaits a promise, and steps a generator once (its body starts there). */
async function run(call: () => unknown): Promise<unknown> {
  const result = await call();
  if (isGenerator(result)) {
    try {
      await result.next();
    } finally {
      await result.return(undefined);
    }
  }
  return result;
}

/** The error a call failed with, or a line saying what it did instead. */
async function failure(call: () => unknown): Promise<FuncflowError | string> {
  try {
    const result = await run(call);
    await (result as { close?: () => Promise<void> } | undefined)?.close?.();
    return "returned normally";
  } catch (error) {
    return error instanceof FuncflowError ? error : `threw ${String(error).slice(0, 160)}`;
  }
}

function functionName(label: string): string {
  return label.split(" ")[1]!;
}

const scratch = useScratchFolder("funcflow-unknown-options-");
let modules = new Map<string, Readonly<Record<string, Function>>>();

beforeAll(async () => {
  driver = await basicDriver();
  danfo = (await import("danfojs-node")) as unknown as typeof danfo;
  modules = (await importEntries()) as Map<string, Readonly<Record<string, Function>>>;
});

describe("every exported function's options object, given a misspelt key", () => {
  it("every export with an options parameter is probed below, or listed with why not", () => {
    const found: string[] = [];
    for (const [entry, module] of modules) {
      for (const [name, fn] of exportedFunctions(module)) {
        if (parameterNames(fn).some((parameter) => OPTIONS_PARAMETERS.includes(parameter))) found.push(`${entry} ${name}`);
      }
    }
    const probed = new Set(Object.keys(CASES).map((label) => label.split(" ").slice(0, 2).join(" ")));
    expect(found.filter((label) => !probed.has(label) && NOT_PROBED[label] === undefined)).toEqual([]);
    // Variadic decorators (`tag(values, options?, fn)`) show no `options` parameter; a listed export must still exist.
    const exists = (label: string) => typeof modules.get(label.split(" ")[0]!)?.[label.split(" ")[1]!] === "function";
    expect(Object.keys(NOT_PROBED).filter((label) => !exists(label))).toEqual([]);
  });

  it.each(Object.keys(CASES))("%s refuses it (invalid_argument, or invalid_modifier at build) naming the key and the real one", async (label) => {
    const { call, key, code = "invalid_argument" } = CASES[label]!;
    const module = modules.get(label.split(" ")[0]!)!;
    const typo = misspell(key);
    const listening = listeningServers();
    for (const [options, unknown] of [[{ [typo]: 1 }, typo], [{ bogus: 1 }, "bogus"]] as const) {
      const error = await failure(() => call(options, module));
      expect(error, `${label} with ${JSON.stringify(options)}`).toBeInstanceOf(FuncflowError);
      const { message, suggestion } = error as FuncflowError;
      expect((error as FuncflowError).code).toBe(code);
      expect(message).toContain(`${functionName(label)}:`);
      expect(message).toContain(`has no option "${unknown}"`);
      if (unknown === typo) {
        // A modifier's problem reaches the user as the build error's message only.
        if (code === "invalid_argument") expect(suggestion).toContain(key);
        expect(message).toContain(`did you mean "${key}"`);
      }
    }
    expect(listeningServers()).toBe(listening);
    expect(await readdir(scratch())).toEqual([]);
  });

  it("a real option key is accepted: the refusal is for unknown keys only", async () => {
    const module = modules.get("io")!;
    const table = module.tableFromCsv!("a;b\n1;2\n", { delimiter: ";" }) as { numCols: number };
    expect(table.numCols).toBe(2);
  });

  it("optionKeys keeps a key list and its interface in step: tsc refuses a missing or an extra key", () => {
    interface Two {
      readonly a?: number;
      readonly b?: string;
    }
    // @ts-expect-error "b" is missing: an option added to the interface must be added to the list
    optionKeys<Two>({ a: true });
    // @ts-expect-error "c" is not an option of Two
    optionKeys<Two>({ a: true, b: true, c: true });
    expect(optionKeys<Two>({ a: true, b: true })).toEqual(["a", "b"]);
  });

  it("names every unknown key at once, each with its suggestion", async () => {
    const error = await failure(() => modules.get("io")!.tableFromCsv!("a\n1\n", { delimitr: ";", headr: false }));
    expect((error as FuncflowError).message).toMatchInlineSnapshot(`"tableFromCsv: options has no options "delimitr" (did you mean "delimiter"?) and "headr" (did you mean "header"?). Known options: delimiter, inferTypes, header, columns, types, nullValues, source; fix the spelling or remove them."`);
  });
});
