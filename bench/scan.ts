/**
 * Scanner cost, each run in a fresh process (the budget is for a cold start): importing
 * ts-morph, then scanning generated modules of 5,000 exported functions as TypeScript (annotated
 * and not), tsc's `.d.ts` and plain `.js`. Baselines: the bare parse the scanner is built on,
 * and the same walk through ts-morph's wrapped-node API.
 * Run: `npx tsx bench/scan.ts [runs]`. Writes bench/results/scan.json.
 * Budget: a cold scan of 5,000 annotated functions ≤ 2 s, ts-morph's import included.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, printTable, writeResults } from "./report.ts";

const FUNCTIONS = 5_000;
const BUDGET_MS = 2_000;

/** How a generated module is written; `one-unannotated` leaves only its first return type out. */
export type Language = "annotated" | "one-unannotated" | "unannotated" | "declaration" | "javascript";
type ChildTask = "import-ts-morph" | "scan" | "parse-only" | "ts-morph-walk" | "phases";

/** What a child process measured, in milliseconds from its first line of work. */
interface ChildTiming {
  readonly importMs: number;
  readonly workMs: number;
  readonly functions: number;
  /** For `phases`: each stage of `scanSource`, in milliseconds, in the order it runs. */
  readonly phases?: Readonly<Record<Phase, number>>;
}

const PHASES = ["read", "parse", "exports", "codeVersions", "signatures", "contentHash"] as const;
type Phase = (typeof PHASES)[number];

// ---------------------------------------------------------------- generated modules

/** Node `i`: a declaration, an arrow, an async arrow, a function expression or a 2-deep wrapped arrow. */
function renderNode(index: number, language: Language): string {
  const previous = index === 0 ? "seed" : `n${index - 1}`;
  const typed = language !== "javascript";
  const param = (name: string, type: string) => (typed ? `${name}: ${type}` : name);
  const annotated = language === "annotated" || (language === "one-unannotated" && index > 0);
  const returns = (type: string) => (annotated ? `: ${type}` : "");
  const params = `${param(previous, "number")}, ${param("scale", "number")} = 2, ${param("label", "string")}${typed ? "?" : ""}`;
  const doc = `/**\n * Node ${index}: scales ${previous}.\n * @param scale the factor\n */\n`;
  if (language === "declaration") {
    const declaredParams = `${previous}: number, scale?: number, label?: string`;
    const isAsync = index % 5 === 2;
    return index % 5 === 0
      ? `${doc}export declare function n${index}(${declaredParams}): number;`
      : `${doc}export declare const n${index}: (${declaredParams}) => ${isAsync ? "Promise<number>" : "number"};`;
  }
  const body = `${previous} * scale + (label === undefined ? 0 : 1)`;
  switch (index % 5) {
    case 0:
      return `${doc}export function n${index}(${params})${returns("number")} {\n  return ${body};\n}`;
    case 1:
      return `${doc}export const n${index} = (${params})${returns("number")} => ${body};`;
    case 2:
      return `${doc}export const n${index} = async (${params})${returns("Promise<number>")} => ${body};`;
    case 3:
      return `${doc}export const n${index} = function (${params})${returns("number")} {\n  return ${body};\n};`;
    default:
      return `${doc}export const n${index} = ff.tag({ owner: "team${index % 7}" }, configWhen({ region: "US" }, (${params})${returns("number")} => ${body}));`;
  }
}

/** A module of `count` exported node functions, written the way `language` writes them. */
export function generateModule(language: Language, count: number): string {
  const header =
    language === "declaration"
      ? ""
      : `import * as ff from "funcflow";\nimport { configWhen } from "funcflow";\n\n`;
  return `${header}${Array.from({ length: count }, (_, index) => renderNode(index, language)).join("\n\n")}\n`;
}

/** The modules the scenarios scan, generated into a temporary folder. */
const MODULES = {
  annotated: { file: "annotated.ts", language: "annotated", count: FUNCTIONS },
  unannotated: { file: "unannotated.ts", language: "unannotated", count: FUNCTIONS },
  declaration: { file: "compiled.d.ts", language: "declaration", count: FUNCTIONS },
  javascript: { file: "compiled.js", language: "javascript", count: FUNCTIONS },
  small: { file: "small.ts", language: "annotated", count: 50 },
  smallInferred: { file: "small-inferred.ts", language: "one-unannotated", count: 50 },
} as const satisfies Record<string, { file: string; language: Language; count: number }>;
type ModuleKey = keyof typeof MODULES;

// ---------------------------------------------------------------- child: one cold measurement

async function runChild(task: ChildTask, file: string): Promise<ChildTiming> {
  const started = performance.now();
  if (task === "import-ts-morph") {
    await import("ts-morph");
    return { importMs: performance.now() - started, workMs: 0, functions: 0 };
  }
  if (task === "scan") {
    const { scanFile } = await import("../src/scanner.ts");
    const imported = performance.now();
    const manifest = await scanFile(file);
    return { importMs: imported - started, workMs: performance.now() - imported, functions: manifest.functions.length };
  }
  if (task === "phases") return runPhases(file, started);
  const { readFile } = await import("node:fs/promises");
  const { Project, ts } = await import("ts-morph");
  const imported = performance.now();
  const text = await readFile(file, "utf8");
  if (task === "parse-only") {
    const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
    const sourceFile = ts.createSourceFile(file, text, options, false, ts.ScriptKind.TS);
    return { importMs: imported - started, workMs: performance.now() - imported, functions: sourceFile.statements.length };
  }
  // The same reading through ts-morph's wrapped nodes: names and parameter names and types.
  const sourceFile = new Project({ useInMemoryFileSystem: true }).createSourceFile("/m.ts", text);
  const seen = sourceFile.getFunctions().map((fn) => fn.getParameters().map((p) => [p.getName(), p.getTypeNode()?.getText()]));
  for (const statement of sourceFile.getVariableStatements()) {
    for (const declaration of statement.getDeclarations()) {
      const initializer = declaration.getInitializer();
      seen.push([[declaration.getName(), initializer?.getKindName()]]);
    }
  }
  return { importMs: imported - started, workMs: performance.now() - imported, functions: seen.length };
}

/**
 * `scanSource`'s stages run one after another as it runs them, each timed: where a cold scan's
 * work beyond the parse goes (issue 13's scan ratio).
 */
async function runPhases(file: string, started: number): Promise<ChildTiming> {
  const { readFile } = await import("node:fs/promises");
  const scanner = await import("../src/scanner/index.ts");
  const { codeVersions } = await import("../src/scanner/code-versions.ts");
  const { TypeFiles } = await import("../src/scanner/type-files.ts");
  const { contentHash } = await import("../src/manifest/index.ts");
  const imported = performance.now();
  const marks = [imported];
  const text = await readFile(file, "utf8");
  marks.push(performance.now());
  const module = scanner.parseModule(text, file);
  marks.push(performance.now());
  const sites = scanner.collectExports(module);
  marks.push(performance.now());
  const versions = codeVersions(module, sites.functions, sites.locals);
  marks.push(performance.now());
  let functions = 0;
  // As scanSource: the type files of relative imports, opened only when a field reader needs one.
  const files = new TypeFiles(file);
  for (const site of sites.functions) if (scanner.readSignature(site, module, versions.get(site.exportName), files).kind === "function") functions++;
  files.sources();
  marks.push(performance.now());
  contentHash(text);
  marks.push(performance.now());
  const phases = Object.fromEntries(PHASES.map((phase, index) => [phase, marks[index + 1]! - marks[index]!])) as Record<Phase, number>;
  return { importMs: imported - started, workMs: marks.at(-1)! - imported, functions, phases };
}

// ---------------------------------------------------------------- parent: scenarios and table

interface Scenario {
  readonly name: string;
  readonly task: ChildTask;
  readonly module: ModuleKey;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "import ts-morph only", task: "import-ts-morph", module: "annotated" },
  { name: "baseline: ts.createSourceFile only", task: "parse-only", module: "annotated" },
  { name: "baseline: ts-morph wrapped-node walk", task: "ts-morph-walk", module: "annotated" },
  { name: "scanFile .ts, annotated (budget)", task: "scan", module: "annotated" },
  { name: "scanFile .ts, no return annotations", task: "scan", module: "unannotated" },
  { name: "scanFile .d.ts (tsc output)", task: "scan", module: "declaration" },
  { name: "scanFile .js", task: "scan", module: "javascript" },
  { name: "scanFile .ts, 50 annotated", task: "scan", module: "small" },
  { name: "scanFile .ts, 50 with 1 unannotated", task: "scan", module: "smallInferred" },
];

function measureOnce(task: ChildTask, file: string): ChildTiming & { processMs: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", task, file], {
    encoding: "utf8",
  });
  const processMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`child ${task} ${file} failed:\n${child.stderr}`);
  const timing = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "") as ChildTiming;
  return { ...timing, processMs };
}

const round = (ms: number) => Math.round(ms);

/**
 * The issue-13 targets of a cold scan of 5,000 annotated functions, each sample a fresh
 * process: the scan's total (ts-morph's import included) and its work beyond the import against
 * the bare `ts.createSourceFile` parse's, the two interleaved so both see the same machine.
 */
export async function measureColdScan(runs: number): Promise<{ totalMs: number; maxTotalMs: number; scanWorkMs: number; parseWorkMs: number; workRatio: number }> {
  const folder = await mkdtemp(join(tmpdir(), "funcflow-bench-scan-"));
  try {
    const file = join(folder, MODULES.annotated.file);
    await writeFile(file, generateModule("annotated", FUNCTIONS));
    const scans: ChildTiming[] = [];
    const parses: ChildTiming[] = [];
    for (let run = 0; run < runs; run++) {
      scans.push(measureOnce("scan", file));
      parses.push(measureOnce("parse-only", file));
    }
    const totals = scans.map((sample) => sample.importMs + sample.workMs);
    const scanWorkMs = median(scans.map((sample) => sample.workMs));
    const parseWorkMs = median(parses.map((sample) => sample.workMs));
    return { totalMs: round(median(totals)), maxTotalMs: round(Math.max(...totals)), scanWorkMs: round(scanWorkMs), parseWorkMs: round(parseWorkMs), workRatio: Math.round((scanWorkMs / parseWorkMs) * 100) / 100 };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Each stage's median, and the scan's work against the parse's with and without code versions. */
function wherePhasesGo(samples: readonly ChildTiming[]): Record<string, number> {
  const medians = Object.fromEntries(PHASES.map((phase) => [phase, median(samples.map((sample) => sample.phases![phase]))])) as Record<Phase, number>;
  const total = PHASES.reduce((sum, phase) => sum + medians[phase], 0);
  const parsed = medians.read + medians.parse;
  const ratio = (ms: number) => Math.round((ms / parsed) * 100) / 100;
  return { ...Object.fromEntries(PHASES.map((phase) => [`${phase}Ms`, round(medians[phase])])), ratio: ratio(total), ratioWithoutCodeVersions: ratio(total - medians.codeVersions) };
}

async function runParent(runs: number): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "funcflow-bench-scan-"));
  try {
    for (const { file, language, count } of Object.values(MODULES)) {
      await writeFile(join(folder, file), generateModule(language, count));
    }
    const rows = SCENARIOS.map(({ name, task, module }) => {
      const samples = Array.from({ length: runs }, () => measureOnce(task, join(folder, MODULES[module].file)));
      const totals = samples.map((sample) => sample.importMs + sample.workMs);
      return {
        scenario: name,
        functions: samples[0]?.functions ?? 0,
        importMs: round(median(samples.map((sample) => sample.importMs))),
        workMs: round(median(samples.map((sample) => sample.workMs))),
        totalMs: round(median(totals)),
        maxTotalMs: round(Math.max(...totals)),
        processMs: round(median(samples.map((sample) => sample.processMs))),
      };
    });
    printTable(`Cold scans (${FUNCTIONS} exported functions unless stated), median of ${runs} fresh processes (ms)`, rows);
    const phases = wherePhasesGo(Array.from({ length: runs }, () => measureOnce("phases", join(folder, MODULES.annotated.file))));
    printTable(`Where a cold scan of ${FUNCTIONS} annotated functions spends its work: scanSource's stages in one fresh process, median of ${runs} (ms)`, [phases]);
    console.log("ratio = the whole scan ÷ read + parse; ratioWithoutCodeVersions leaves the code-version stage out, as if it cost nothing.");
    const budgetRow = rows.find((row) => row.scenario.includes("(budget)"));
    const withinBudget = budgetRow !== undefined && budgetRow.maxTotalMs <= BUDGET_MS;
    console.log(`\nBudget: annotated cold scan (import + scan) ≤ ${BUDGET_MS} ms in every run: ${withinBudget ? "met" : "MISSED"}.`);
    console.log("processMs adds node and the tsx loader starting up; it is not part of the scanner's cost.");
    const file = await writeResults("scan", { runs, functions: FUNCTIONS, budgetMs: BUDGET_MS, withinBudget, scenarios: rows, phases });
    console.log(`Wrote ${file}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const [, script, flag, task, file] = process.argv;
if (script !== undefined && fileURLToPath(import.meta.url) === script) {
  if (flag === "--child" && task !== undefined && file !== undefined) {
    console.log(JSON.stringify(await runChild(task as ChildTask, file)));
  } else {
    await runParent(Number(flag ?? 5));
  }
}
