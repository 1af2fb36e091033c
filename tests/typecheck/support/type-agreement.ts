/**
 * Compares, node by node, the three places a pipeline's types show: `funcflow list --json` (the
 * type column, as written in the source), the typings `funcflow build` writes, and the results
 * of `execute` on a Builder `typed<Pipeline>()` with them. A probe module is compiled in the
 * pipeline module's own scope (a copy of its source, so the names `list` prints resolve) with
 * one assignment per node that holds only when the types are mutually assignable; every
 * compile error is a disagreement. The CLI runs in process.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ts } from "ts-morph";
import { createCheckProgram } from "../../../src/typecheck/check-program.ts";
import { checkEdgeTypes, type EdgeTypeReport } from "../../../src/typecheck/index.ts";
import { Builder } from "../../../src/index.ts";
import { FuncflowError } from "../../../src/errors/index.ts";
import { pipelineTypeReport } from "../../../src/driver/index.ts";
import { runCliInProcess as runCli } from "../../support/cli-in-process.ts";

/** Names funcflow's own node types use in `list`, imported into the probe when the module does not mention them. */
const FUNCFLOW_TYPES = ["DataValidationResult", "LoadMetadata", "SaveMetadata", "Parallelizable", "Collect"];

/** One disagreement: the node, and what the compiler said. */
export interface Disagreement {
  readonly node: string;
  readonly message: string;
}

/** `funcflow …args` in process: its exit code and what it printed. */
export { runCli };

/** What `list` and the typings say about one module, and the probe that compares them. */
interface Probe {
  readonly probePath: string;
  readonly typingsPath: string;
  /** Line (0-based) of each node's checks in the probe. */
  readonly lines: ReadonlyMap<number, string>;
  /** Nodes one side has and the other lacks. */
  readonly missing: Disagreement[];
}

/**
 * Writes the typings and the probe for `module` beside it (hidden, removed by the caller with
 * {@link removeProbe}); `set` are `--set key=value` config pairs.
 */
export async function writeProbe(module: string, set: readonly string[] = [], tag = `${process.pid}`): Promise<Probe> {
  const dir = dirname(module);
  const stem = `.agree-${tag}-${basename(module).replace(/\.ts$/, "")}`;
  const typingsPath = join(dir, `${stem}.funcflow.d.ts`);
  const probePath = join(dir, `${stem}.ts`);
  const config = set.flatMap((pair) => ["--set", pair]);
  const outDir = join(dir, `${stem}-out`);
  const built = await runCli(["build", module, "--out-dir", outDir, "--types", typingsPath, ...config]);
  await rm(outDir, { recursive: true, force: true });
  if (built.code !== 0) throw new Error(`funcflow build ${module} failed:\n${built.stderr}`);
  const listed = await runCli(["list", module, "--json", ...config]);
  if (listed.code !== 0) throw new Error(`funcflow list ${module} failed:\n${listed.stderr}`);
  const entries = JSON.parse(listed.stdout) as { name: string; kind: string; type: string; dependencies: { name: string }[] }[];
  const inputs = entries.filter((entry) => entry.kind === "input");
  const nodes = entries.filter((entry) => entry.kind === "function").map(({ name, type, dependencies }) => ({
    name,
    type,
    dependencies: new Set(dependencies.map((dependency) => dependency.name)),
  }));
  const typings = await readFile(typingsPath, "utf8");
  const typed = typingNames(typings, "Nodes", "Inputs");
  const typedInputs = typingNames(typings, "Inputs", "Pipeline");
  // Config keys are nodes the typings declare too, typed by their values (tests/cli/typings-config.test.ts).
  const listedNames = new Set([...nodes.map((node) => node.name), ...entries.filter((entry) => entry.kind === "config").map((entry) => entry.name)]);
  const missing = [
    ...nodes.filter((node) => !typed.has(node.name)).map((node) => ({ node: node.name, message: "listed, but not in the typings" })),
    ...inputs.filter((input) => !typedInputs.has(input.name)).map((input) => ({ node: input.name, message: "an input listed, but not in the typings' Inputs" })),
    ...[...typed].filter((name) => !listedNames.has(name)).map((name) => ({ node: name, message: "in the typings, but not listed" })),
    ...(await staticEdgeProblems(module, set)),
  ];
  const source = await readFile(module, "utf8");
  const present = nodes.filter((node) => typed.has(node.name));
  const typingsImport = `./${stem}.funcflow.js`;
  const header = [
    "",
    "// ── agreement probe ──",
    `import type { Inputs as __Inputs, Nodes as __Nodes, Pipeline as __Pipeline } from ${JSON.stringify(typingsImport)};`,
    `import { Builder as __Builder } from "funcflow";`,
    ...FUNCFLOW_TYPES.filter((name) => !new RegExp(`\\b${name}\\b`).test(source)).map((name) => `import type { ${name} } from "funcflow";`),
    ...(/\bVector\b/.test(source) ? [] : ['import type { Vector } from "apache-arrow";']),
    "type __Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
    "export async function __probe(): Promise<void> {",
    `  const __dr = await new __Builder().withModules(new URL(${JSON.stringify(`./${basename(module)}`)}, import.meta.url)).typed<__Pipeline>().build();`,
    `  const __r = await __dr.execute(${JSON.stringify(present.map((node) => node.name))});`,
  ];
  const base = source.split("\n").length + header.length;
  const lines = new Map<number, string>();
  const checks = present.map((node, index) => {
    lines.set(base + index, node.name);
    const key = JSON.stringify(node.name);
    // list ↔ typings, and typings ↔ typed execute, on one line per node.
    return `  { const __list: __Same<__Nodes[${key}], ${node.type}> = true; const __exec: __Same<(typeof __r)[${key}], __Nodes[${key}]> = true; void __list; void __exec; }`;
  });
  // Inputs: the type list shows (the consumers') and the typings' Inputs.
  const inputChecks = inputs.filter((input) => typedInputs.has(input.name)).map((input, index) => {
    lines.set(base + checks.length + index, `input ${input.name}`);
    return `  { const __input: __Same<Required<__Inputs>[${JSON.stringify(input.name)}], ${input.type}> = true; void __input; }`;
  });
  await writeFile(probePath, `${source}\n${[...header, ...checks, ...inputChecks, "}"].join("\n")}\n`);
  return { probePath, typingsPath, lines, missing };
}

/** The exports the static check left unchecked because their pipe steps' names collide. */
export function stepNameCollisions(report: EdgeTypeReport): string[] {
  const producers = report.nodes.flatMap((node) => node.producers).filter((producer) => producer.opaqueReason === "step-name-collision");
  return [...new Set(producers.map((producer) => producer.exportName))].sort();
}

/**
 * When the graph refuses `module` under `set` because pipe steps' names collide: the error's
 * message, and the exports the static check (alone, without the graph) refused to name steps
 * for. Undefined when the graph builds; any other build error is thrown.
 */
export async function stepNameRefusals(module: string, set: readonly string[] = []): Promise<{ message: string; collided: string[] } | undefined> {
  try {
    await new Builder().withModules(module).withConfig(configOf(set)).withManifestCache(false).build();
    return undefined;
  } catch (error) {
    if (!(error instanceof FuncflowError) || error.code !== "invalid_modifier" || !/collides with|would be the node/.test(error.message)) throw error;
    return { message: error.message, collided: stepNameCollisions(await checkEdgeTypes([module], { cacheDir: false })) };
  }
}

function configOf(set: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(set.map((pair) => [pair.slice(0, pair.indexOf("=")), parseValue(pair.slice(pair.indexOf("=") + 1))]));
}

/**
 * The static check's view of the same graph: each node made once (config variants aside), and
 * every edge it checked into a node is one the built graph has. The report of the build's own
 * check is read back from the cache.
 */
async function staticEdgeProblems(module: string, set: readonly string[]): Promise<Disagreement[]> {
  const driver = await new Builder().withModules(module).withConfig(configOf(set)).build();
  const report = (await pipelineTypeReport(driver))!;
  const refused = stepNameCollisions(report).map((exportName) => ({ node: exportName, message: "the static check refuses a step name the graph gave" }));
  const byName = new Map(driver.listNodes().map((node) => [node.name, node]));
  // An edge the static check takes straight through a pass-through node (a subdag input) or
  // into a parallel block's collecting node (the graph folds the block into its dependencies).
  const reachable = (name: string, from: string): boolean => {
    const node = byName.get(from)!;
    return node.gathers === name || node.dependencies.some((dependency) => dependency.name === name || byName.get(dependency.name)?.dependencies.some((next) => next.name === name) === true);
  };
  return [...refused, ...report.nodes.flatMap((node): Disagreement[] => {
    if (!byName.has(node.name)) return [];
    const variants = new Set(node.producers.map((producer) => producer.exportName));
    if (variants.size < node.producers.length) return [{ node: node.name, message: `made ${node.producers.length} times by the static check` }];
    return node.producers.flatMap((producer) =>
      (producer.reads ?? []).filter((name) => !reachable(name, node.name)).map((name) => ({ node: node.name, message: `the static check reads "${name}", the graph does not` })),
    );
  })];
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Removes what {@link writeProbe} wrote. */
export async function removeProbe(probe: Probe): Promise<void> {
  await Promise.all([rm(probe.probePath, { force: true }), rm(probe.typingsPath, { force: true })]);
}

/** Compiles the probes together (one Program, `oldProgram` reused) and returns every disagreement, by probe. */
export function disagreements(probes: readonly Probe[], oldProgram?: ts.Program): { found: Disagreement[][]; program: ts.Program } {
  const { program } = createCheckProgram(probes.map((probe) => probe.probePath), {}, oldProgram);
  const found = probes.map((probe) => {
    const sourceFile = program.getSourceFile(probe.probePath)!;
    const diagnostics = [...program.getSemanticDiagnostics(sourceFile), ...program.getSyntacticDiagnostics(sourceFile)];
    const problems = diagnostics.map((diagnostic): Disagreement => {
      const line = diagnostic.start === undefined ? -1 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
      return { node: probe.lines.get(line) ?? `(probe line ${line + 1})`, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n") };
    });
    return [...probe.missing, ...problems];
  });
  return { found, program };
}

/** The member names of the typings' interface `name` (up to the interface `next`). */
function typingNames(typings: string, name: string, next: string): Set<string> {
  const body = typings.slice(typings.indexOf(`export interface ${name} {`), typings.indexOf(`export interface ${next} {`));
  const names = [...body.matchAll(/^ {2}readonly ("(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*)\??:/gm)].map(([, key]) => (key!.startsWith('"') ? (JSON.parse(key!) as string) : key!));
  return new Set(names);
}
