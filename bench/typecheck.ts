/**
 * Static edge checking cost, each run in a fresh process (the budgets are for a cold start):
 * checking generated pipelines of 5,000 exported functions with typed edges, from an empty
 * cache and again with nothing changed. Baseline: the syntax-only scan the check builds on.
 * Run: `npx tsx bench/typecheck.ts [runs]`. Writes bench/results/typecheck.json.
 * Budgets: a cold check of 5,000 functions ≤ 5 s (ts-morph's import included); checking an
 * unchanged module again ≤ 200 ms.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, printTable, writeResults } from "./report.ts";

const FUNCTIONS = 5_000;
const COLD_BUDGET_MS = 5_000;
const RESCAN_BUDGET_MS = 200;

type ChildTask = "check" | "scan";

interface ChildTiming {
  readonly importMs: number;
  readonly workMs: number;
  /** CPU time (user + system) of import and work: less sensitive than wall time to other load on the machine. */
  readonly cpuMs: number;
  readonly checkedEdges: number;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// ---------------------------------------------------------------- generated pipelines

/** Modifiers as funcflow declares them (generic, returning the function), without funcflow itself. */
const MODIFIERS = `export type Fn = (...args: never[]) => unknown;
export function configWhen<F extends Fn>(condition: Record<string, string>, fn: F): F { void condition; return fn; }
export function tag<F extends Fn>(tags: Record<string, string>, fn: F): F { void tags; return fn; }
`;

const TYPES = `export interface Row { readonly id: string; readonly value: number }
export type Level = "low" | "high";
`;

/**
 * Node \`index\` of module \`module\`: it reads the previous node (crossing into the previous
 * module at a module's start), a shared input, and an optional one; return types cycle through
 * numbers, Row arrays, unions and async values, so the checker compares real structures.
 */
function renderNode(module: number, index: number, perModule: number): string {
  const global = module * perModule + index;
  const name = `n${global}`;
  const previous = global === 0 ? "seed" : `n${global - 1}`;
  const kind = global % 4; // what this node returns: 0 number, 1 Row[], 2 Level | number, 3 Promise<number>
  const previousKind = global === 0 ? 0 : (global - 1) % 4;
  const previousType = ["number", "readonly Row[]", "Level | number", "number"][previousKind]!;
  const value = previousKind === 1 ? `${previous}.length` : previousKind === 2 ? `(typeof ${previous} === "number" ? ${previous} : 1)` : previous;
  const params = `${previous}: ${previousType}, scale: number = 2, label?: string`;
  const body = `${value} * scale + (label === undefined ? 0 : 1)`;
  const doc = `/** Node ${global}: derived from ${previous}. */\n`;
  const returns = ["number", "Row[]", "Level | number", "Promise<number>"][kind]!;
  const expression = [body, `[{ id: "${name}", value: ${body} }]`, `(${body} > 10 ? "high" : ${body})`, body][kind]!;
  switch (global % 5) {
    case 0:
      return `${doc}export function ${name}(${params}): ${returns} {\n  return ${kind === 3 ? `Promise.resolve(${expression})` : expression};\n}`;
    case 1:
      return `${doc}export const ${name} = ${kind === 3 ? "async " : ""}(${params}): ${returns} => ${expression};`;
    case 2:
      return `${doc}export const ${name} = ${kind === 3 ? "async " : ""}function (${params}): ${returns} {\n  return ${expression};\n};`;
    case 3:
      return `${doc}export const ${name} = tag({ owner: "team${global % 7}" }, ${kind === 3 ? "async " : ""}(${params}): ${returns} => ${expression});`;
    default:
      return `${doc}export const ${name} = configWhen({ region: "US" }, ${kind === 3 ? "async " : ""}(${params}): ${returns} => ${expression});`;
  }
}

function renderModule(module: number, perModule: number): string {
  const header = `import { configWhen, tag } from "./modifiers.ts";\nimport type { Level, Row } from "./types.ts";\n${module > 0 ? `export type { Row };\n` : ""}\n`;
  const nodes = Array.from({ length: perModule }, (_, index) => renderNode(module, index, perModule));
  return `${header}${nodes.join("\n\n")}\nvoid configWhen; void tag; export type { Level };\n`;
}

/** Writes a pipeline of `modules` files × `perModule` functions into `folder`, with a tsconfig. */
export async function writePipeline(folder: string, modules: number, perModule: number): Promise<string[]> {
  const tsconfig = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2023"], types: [], strict: true, allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true } };
  await writeFile(join(folder, "tsconfig.json"), JSON.stringify(tsconfig));
  await writeFile(join(folder, "modifiers.ts"), MODIFIERS);
  await writeFile(join(folder, "types.ts"), TYPES);
  const files = Array.from({ length: modules }, (_, module) => join(folder, `m${module}.ts`));
  await Promise.all(files.map((file, module) => writeFile(file, renderModule(module, perModule))));
  return files;
}

// ---------------------------------------------------------------- child: one measurement

async function runChild(task: ChildTask, cacheDir: string, files: readonly string[]): Promise<ChildTiming> {
  const started = performance.now();
  const cpuStarted = cpuMs();
  if (task === "scan") {
    const { scanFile } = await import("../src/scanner.ts");
    const imported = performance.now();
    for (const file of files) await scanFile(file);
    return { importMs: imported - started, workMs: performance.now() - imported, cpuMs: cpuMs() - cpuStarted, checkedEdges: 0 };
  }
  const { checkEdgeTypes, edgeTypeError } = await import("../src/typecheck/index.ts");
  const imported = performance.now();
  const report = await checkEdgeTypes(files, { cacheDir });
  const workMs = performance.now() - imported;
  const error = edgeTypeError(report);
  if (error !== undefined) throw error;
  return { importMs: imported - started, workMs, cpuMs: cpuMs() - cpuStarted, checkedEdges: report.checkedEdges };
}

// ---------------------------------------------------------------- parent: scenarios and table

interface Scenario {
  readonly name: string;
  readonly task: ChildTask;
  readonly pipeline: "one" | "many";
  /** Empty the cache before each run (a cold check) or keep it (a rescan). */
  readonly cache: "cold" | "warm";
}

const SCENARIOS: readonly Scenario[] = [
  { name: "baseline: syntax scan, 1 module", task: "scan", pipeline: "one", cache: "cold" },
  { name: "check cold, 1 module (budget)", task: "check", pipeline: "one", cache: "cold" },
  { name: "check cold, 50 modules × 100", task: "check", pipeline: "many", cache: "cold" },
  { name: "check unchanged, 1 module (budget)", task: "check", pipeline: "one", cache: "warm" },
  { name: "check unchanged, 50 modules", task: "check", pipeline: "many", cache: "warm" },
];

function measureOnce(task: ChildTask, cacheDir: string, files: readonly string[]): ChildTiming & { processMs: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", task, cacheDir, ...files], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  const processMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`child ${task} failed:\n${child.stderr}`);
  const timing = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "") as ChildTiming;
  return { ...timing, processMs };
}

const round = (ms: number) => Math.round(ms);

async function runParent(runs: number): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "funcflow-bench-typecheck-"));
  try {
    const one = join(root, "one");
    const many = join(root, "many");
    await Promise.all([one, many].map((folder) => import("node:fs/promises").then(({ mkdir }) => mkdir(folder))));
    const pipelines = { one: await writePipeline(one, 1, FUNCTIONS), many: await writePipeline(many, 50, FUNCTIONS / 50) };
    const rows = [];
    for (const { name, task, pipeline, cache } of SCENARIOS) {
      const cacheDir = join(root, `cache-${pipeline}`);
      if (cache === "warm") measureOnce(task, cacheDir, pipelines[pipeline]); // fills the cache
      const samples = Array.from({ length: runs }, () => {
        if (cache === "cold") spawnSync("rm", ["-rf", cacheDir]);
        return measureOnce(task, cacheDir, pipelines[pipeline]);
      });
      const totals = samples.map((sample) => sample.importMs + sample.workMs);
      rows.push({
        scenario: name,
        functions: FUNCTIONS,
        edges: samples[0]?.checkedEdges ?? 0,
        importMs: round(median(samples.map((sample) => sample.importMs))),
        workMs: round(median(samples.map((sample) => sample.workMs))),
        totalMs: round(median(totals)),
        maxTotalMs: round(Math.max(...totals)),
        maxWorkMs: round(Math.max(...samples.map((sample) => sample.workMs))),
        cpuMs: round(median(samples.map((sample) => sample.cpuMs))),
        processMs: round(median(samples.map((sample) => sample.processMs))),
      });
    }
    printTable(`Edge type checks (${FUNCTIONS} exported functions), median of ${runs} fresh processes (ms)`, rows);
    const cold = rows.find((row) => row.scenario === "check cold, 1 module (budget)");
    const warm = rows.find((row) => row.scenario === "check unchanged, 1 module (budget)");
    const coldMet = cold !== undefined && cold.maxTotalMs <= COLD_BUDGET_MS;
    const warmMet = warm !== undefined && warm.maxWorkMs <= RESCAN_BUDGET_MS;
    console.log(`\nBudget: cold check (import + check) ≤ ${COLD_BUDGET_MS} ms in every run: ${coldMet ? "met" : "MISSED"}.`);
    console.log(`Budget: unchanged module checked again ≤ ${RESCAN_BUDGET_MS} ms in every run: ${warmMet ? "met" : "MISSED"}.`);
    console.log("processMs adds node and the tsx loader starting up; it is not part of the checker's cost.");
    console.log("cpuMs (import + work) is a cross-check when the machine is busy: wall times grow with other load, CPU time much less.");
    const file = await writeResults("typecheck", {
      runs,
      functions: FUNCTIONS,
      budgets: { coldMs: COLD_BUDGET_MS, rescanMs: RESCAN_BUDGET_MS },
      withinBudget: { cold: coldMet, rescan: warmMet },
      scenarios: rows,
    });
    console.log(`Wrote ${file}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const [, script, flag, task, cacheDir, ...files] = process.argv;
if (script !== undefined && fileURLToPath(import.meta.url) === script) {
  if (flag === "--child" && task !== undefined && cacheDir !== undefined) {
    console.log(JSON.stringify(await runChild(task as ChildTask, cacheDir, files)));
  } else {
    await runParent(Number(flag ?? 5));
  }
}
