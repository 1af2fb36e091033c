/**
 * Every function and class exported by every entry of package.json's `exports`, called with
 * each wrong-typed value as its first argument (and as its second, after a valid first where
 * the table below gives one): each call returns normally, or fails with a FuncflowError whose
 * message names the function's argument. Never a raw TypeError, never a hang, and nothing left
 * behind (no server listening, no file written by a failed call).
 */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeVector, tableFromArrays, vectorFromArray } from "apache-arrow";
import { FuncflowError, type Driver, type FuncflowErrorCode } from "funcflow";
import { parameterNames } from "../support/parameter-names.ts";
import { basicDriver, ENTRY_SUBPATHS, exportedFunctions, importEntry, isGenerator, listeningServers, useScratchFolder } from "../support/package-exports.ts";

/** One wrong value of each kind a caller can pass by mistake. */
const WRONG: ReadonlyArray<readonly [string, unknown]> = [
  ["null", null],
  ["number", 42],
  ["symbol", Symbol("s")],
  ["array", [1]],
  ["object", { bogus: 1 }],
  ["function", () => 1],
];

/**
 * Wrong-typed values that are valid at an export's argument (`name#position`, 0-based), each
 * kind listed with why: there any FuncflowError is fine (the call goes on and fails for
 * another reason, e.g. no such envelope), but never a raw TypeError or a hang.
 */
const ACCEPTED: Readonly<Record<string, { readonly kinds: readonly string[]; readonly reason: string }>> = {
  "tagEnvelope#1": { kinds: ["object"], reason: "tags are an object of tag → value" },
  "setEnvelopeMetrics#1": { kinds: ["object"], reason: "metrics are an object of metric → number (a non-number value is invalid_argument)" },
};

/**
 * Calls not made, each with why. (None today: `{ bogus: 1 }` is refused as an unknown option by
 * every options object, tests/package/unknown-options.test.ts, so no probe starts a server.)
 */
const NOT_PROBED: Readonly<Record<string, string>> = {};

/**
 * Codes more specific than invalid_argument that are right for a wrong-typed argument: a
 * modifier's misuse, a value of the wrong columnar or schema type, a name an envelope cannot take.
 */
const MORE_SPECIFIC: readonly FuncflowErrorCode[] = ["invalid_modifier", "type_mismatch", "unsupported_type", "envelope_invalid"];

/** Cheap valid values for the table below, made once (the driver is built in beforeAll). */
const vector = makeVector(new Float64Array([1, 2]));
const table = tableFromArrays({ a: new Float64Array([1, 2]) });
const emptyReport = { version: "", modules: [], tsconfig: undefined, checkedEdges: 0, checkedBindings: 0, unchecked: [], mismatches: [], inputConflicts: [], nodes: [], inputs: [] };
let driver: Driver | undefined;

/**
 * A valid first argument per export, so the second can be probed with wrong values. Optional:
 * only where a valid first argument is cheap to make. Paths are relative to the scratch folder
 * and name nothing there, so a call that wrongly went ahead would fail or write a file we see.
 */
const VALID_FIRST: Readonly<Record<string, () => unknown>> = {
  // funcflow
  configWhen: () => ({ region: "eu" }),
  configWhenNot: () => ({ region: "eu" }),
  configWhenIn: () => ({ region: ["eu"] }),
  configWhenNotIn: () => ({ region: ["eu"] }),
  tag: () => ({ owner: "growth" }),
  tagOutputs: () => ({ a: { owner: "growth" } }),
  // funcflow/scanner
  scanSource: () => "export const a = (): number => 1;\n",
  writeManifest: () => "missing.ts",
  cachedManifest: () => "missing.ts",
  edgeTypeError: () => emptyReport,
  describeTypeProblems: () => emptyReport,
  renderTypings: () => emptyReport,
  raiseScannerProblems: () => [],
  // funcflow/arrow
  add: () => vector,
  where: () => vectorFromArray([true, false]),
  toVector: () => [1, 2],
  repeatScalarVector: () => 1,
  commonColumnLength: () => "probe",
  missingColumnError: () => "probe",
  // funcflow/io
  readTable: () => "missing.csv",
  readCsvBatches: () => "missing.csv",
  readJsonBatches: () => "missing.json",
  readParquetBatches: () => "missing.parquet",
  tableFormatOf: () => "out.csv",
  tableFromCsv: () => "a\n1\n",
  scanCsv: () => "a\n1\n",
  writeFileAtomic: () => "out.txt",
  writeTable: () => "out.csv",
  tableToCsv: () => table,
  tableToCsvChunks: () => table,
  tableToJsonChunks: () => table,
  tableToParquet: () => table,
  // funcflow/adapters
  criticalPath: () => [],
  formatTimingReport: () => ({ runId: "r", success: true, totalMs: 1, nodes: [], criticalPath: { nodes: [], durationMs: 0 } }),
  // funcflow/schema
  readPipelineSchemas: () => [],
  readPipelineSchemasWithFiles: () => [],
  loadPipelineSchemas: () => [],
  // funcflow/serve
  serve: () => driver,
  createServeApp: () => driver,
  planService: () => driver,
  validationDetails: () => [],
  // funcflow/envelope
  exportEnvelope: () => "hello@1",
  importEnvelope: () => "missing.tar",
  locateEnvelope: () => "hello@1",
  tagEnvelope: () => "hello@1",
  setEnvelopeMetrics: () => "hello@1",
  verifyEnvelope: () => "missing-envelope",
  loadEnvelope: () => "hello@1",
  runBatch: () => "hello@1",
  serveEnvelope: () => "hello@1",
  envelopeWorkerCode: () => "hello@1",
  envelopeModuleUrl: () => "0".repeat(64),
  // funcflow/graphology
  executionPath: () => new Map(),
  toGraphology: () => driver,
  scanNodeModules: () => [],
  scannedCodeVersions: () => [],
  // funcflow/explorer
  buildExplorerModel: () => [],
  explorerPage: () => [],
  startExplorerServer: () => [],
  readRun: () => "runs",
  otherVariants: () => [],
  scannedFacts: () => [],
  // funcflow/bullmq
  RemoteError: () => ({ name: "Error", message: "remote" }),
};

const CALL_TIMEOUT_MS = 2_000;

interface Outcome {
  readonly call: string;
  readonly problem: string;
}

function isClass(fn: Function): boolean {
  return /^class\b/.test(Function.prototype.toString.call(fn));
}

async function settle(value: unknown): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve(value), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A generator's work starts at its first `next()`, so that is where a wrong argument shows. */
async function firstStep(result: unknown): Promise<unknown> {
  if (!isGenerator(result)) return result;
  try {
    return await settle(result.next());
  } finally {
    await settle(result.return(undefined));
  }
}

/** What a call did: a problem to report, or undefined when it is fine. */
async function callOutcome(exportName: string, fn: Function, args: readonly unknown[], position: number, kind: string): Promise<{ threw: boolean; problem: string | undefined }> {
  const serversBefore = listeningServers();
  try {
    const result = isClass(fn) ? Reflect.construct(fn, args) : Reflect.apply(fn, undefined, args);
    const settled = await settle(result);
    if (settled === "hang") return { threw: false, problem: `hung for ${CALL_TIMEOUT_MS} ms` };
    if ((await firstStep(settled)) === "hang") return { threw: false, problem: `its generator hung for ${CALL_TIMEOUT_MS} ms` };
    if (listeningServers() > serversBefore) {
      // It went ahead and started a server: close it (a service or explorer server has close()).
      await (settled as { close?: () => Promise<void> }).close?.();
      if (!ACCEPTED[`${exportName}#${position}`]?.kinds.includes(kind)) return { threw: false, problem: "started a server" };
    }
    return { threw: false, problem: undefined };
  } catch (error) {
    if (!(error instanceof FuncflowError)) return { threw: true, problem: `threw ${(error as Error)?.constructor?.name ?? typeof error}: ${String((error as Error)?.message ?? error).slice(0, 140)}` };
    // A value valid there may fail later for another reason, as long as that is a FuncflowError too.
    if (ACCEPTED[`${exportName}#${position}`]?.kinds.includes(kind)) return { threw: true, problem: undefined };
    const codes: readonly FuncflowErrorCode[] = ["invalid_argument", ...MORE_SPECIFIC];
    if (!codes.includes(error.code)) return { threw: true, problem: `threw FuncflowError with code ${error.code}: ${error.message.slice(0, 140)}` };
    // The probed argument, or one after it: the probe leaves those undefined, and a function may
    // check them first. Modifiers name their function argument "the last argument".
    const names = [...parameterNames(fn).slice(position), "the last argument"].filter((name) => name !== "");
    if (!names.some((name) => error.message.includes(name))) return { threw: true, problem: `message names none of ${JSON.stringify(names)}: ${error.message.slice(0, 140)}` };
    return { threw: true, problem: undefined };
  }
}

/** Calls `fn` with `args`; a failed call must also leave the scratch folder as it was (empty). */
async function probe(exportName: string, fn: Function, args: readonly unknown[], position: number, kind: string): Promise<string | undefined> {
  if (NOT_PROBED[`${exportName}#${position}#${kind}`] !== undefined) return undefined;
  const { threw, problem } = await callOutcome(exportName, fn, args, position, kind);
  const left = await readdir(scratch());
  if (left.length === 0) return problem;
  // A call that went ahead (a valid options object) may write its cache; start the next call clean.
  for (const name of left) await rm(join(scratch(), name), { recursive: true, force: true });
  return threw ? `${problem ?? "failed"}, and left ${left.join(", ")} behind` : problem;
}

// Relative paths (a registry's default folder, a manifest beside a module) land in a scratch folder we can check is empty.
const scratch = useScratchFolder("funcflow-wrong-arguments-");
let resourcesBefore = new Map<string, number>();

/** How many active handles of each kind (TCPServerWrap, Timeout, …) the process holds. */
function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of process.getActiveResourcesInfo()) counts.set(resource, (counts.get(resource) ?? 0) + 1);
  return counts;
}

beforeAll(async () => {
  driver = await basicDriver();
  resourcesBefore = countResources();
});

describe("every exported function, given a wrong-typed argument", () => {
  it.each(ENTRY_SUBPATHS)("%s fails with a FuncflowError naming the argument, or returns", async (subpath) => {
    const problems: Outcome[] = [];
    for (const [name, fn] of exportedFunctions(await importEntry(subpath))) {
      const arity = Math.max(parameterNames(fn).length, 1);
      const validFirst = VALID_FIRST[name];
      for (const [kind, wrong] of WRONG) {
        const problem = await probe(name, fn, [wrong], 0, kind);
        if (problem !== undefined) problems.push({ call: `${name}(${kind})`, problem });
        if (validFirst !== undefined && arity > 1) {
          const secondProblem = await probe(name, fn, [validFirst(), wrong], 1, kind);
          if (secondProblem !== undefined) problems.push({ call: `${name}(valid, ${kind})`, problem: secondProblem });
        }
      }
    }
    expect(problems.map(({ call, problem }) => `${call} → ${problem}`)).toEqual([]);
  });

  it("leaves nothing listening", async () => {
    const started = [...countResources()].filter(([resource, count]) => /TCP|Pipe|Server|Process|FSEvent|StatWatcher/.test(resource) && count > (resourcesBefore.get(resource) ?? 0));
    expect(started).toEqual([]);
  });
});
