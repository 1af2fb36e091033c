/**
 * `funcflow build <modules...>`: scans the modules, checks the graph and every edge's types,
 * and writes each module's manifest and the pipeline's typings (`Builder.typed<Pipeline>()`).
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { FuncflowError } from "../../errors/index.ts";
import { FileSetCommitError, rejectSharedPaths, writeFileSet } from "../../files/index.ts";
import { defaultManifestCacheDir, type ModuleManifest } from "../../manifest/index.ts";
import { pipelineTypeReport } from "../../driver/index.ts";
import { cachedManifest, edgeTypeError, raiseScannerProblems, renderTypings, type EdgeTypeReport } from "../../typecheck/index.ts";
import { configFrom, withConfigOptions, withTsconfigOption, typeCheckWanted, withTypeCheckOption, type SharedOptions, type TypeCheckOptions } from "../support/common-options.ts";
import { loadDriver } from "../support/load-driver.ts";
import { describeNodeCount } from "../support/node-count.ts";
import { configValueType } from "../support/config-value-type.ts";

interface BuildOptions extends Pick<SharedOptions, "config" | "set" | "tsconfig">, TypeCheckOptions {
  readonly outDir?: string;
  readonly types?: string;
  readonly check: boolean;
  readonly json?: boolean;
}

/** One file `build` writes, and its content. */
interface Output {
  readonly path: string;
  readonly content: string;
  /** What the file is, for a message about it: "the manifest of <module>", "the typings". */
  readonly what: string;
}

/**
 * Adds `build` to `program`.
 * @example registerBuild(new Command("funcflow"));
 */
export function registerBuild(program: Command): void {
  const command = program
    .command("build")
    .description("scan modules, check the graph and every edge's types, then write each manifest and the pipeline's typings")
    .argument("<modules...>", "the pipeline's module files (.ts, .d.ts, .js)")
    .option("--out-dir <dir>", "write manifests and typings here (default: beside each module)")
    .option("--types <file>", "where to write the typings (default: <first module>.funcflow.d.ts)")
    .option("--check", "write nothing; fail when a file build would write is missing or out of date (for CI)")
    .option("--json", "print what was checked and written as JSON: edges checked, edges left unchecked with their reasons, files");
  withTsconfigOption(withTypeCheckOption(withConfigOptions(command), "skip static edge type checking (no typings are written then)"));
  command.addHelpText(
    "after",
    `
Writes <module>.funcflow.json per module (for bundles: new Builder().withModules({ module, manifest }))
and <first module>.funcflow.d.ts, whose Pipeline type makes execute typed:
  import type { Pipeline } from "./transforms.funcflow.js";
  const dr = await new Builder().withModules(new URL("./transforms.ts", import.meta.url)).typed<Pipeline>().build();

Example:
  $ funcflow build examples/hello-world/transforms.ts
  $ funcflow build src/*.ts --types src/pipeline.funcflow.d.ts --check`,
  );
  command.action(async (modules: string[], options: BuildOptions) => runBuild(modules, options));
}

async function runBuild(modules: readonly string[], options: BuildOptions): Promise<void> {
  const paths = modules.map((module) => resolve(module));
  // Phase 1: scan (every unreadable function at once); an unchanged module comes from the cache.
  const manifests = await Promise.all(paths.map((path) => cachedManifest(path, defaultManifestCacheDir())));
  raiseScannerProblems(paths, manifests.map((manifest) => manifest.problems));
  // Phase 2: the graph under the config (cycles, duplicates, config conflicts, stale exports).
  const config = await configFrom(options);
  const driver = await loadDriver(paths, config, typeCheckWanted(options) ? { typeCheckOnConflict: options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig } } : {});
  // Phase 3: types of every edge, every mismatch at once.
  const report = typeCheckWanted(options) ? await pipelineTypeReport(driver, options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig }) : undefined;
  const typeError = report === undefined ? undefined : edgeTypeError(report);
  if (typeError !== undefined) throw typeError;
  const outputs = [...manifests.map((manifest, index) => manifestOutput(paths[index]!, manifest, options))];
  if (report !== undefined) outputs.push(typingsOutput(paths, report, driver, config, options));
  await rejectSharedPaths(outputs.map(({ what, path }) => ({ claimant: what, path })), {
    fix: "Give --types another path, or build modules of one file name into different --out-dir folders (or next to each module, without --out-dir).",
  });
  if (options.check) return checkOutputs(outputs);
  await writeOutputs(outputs);
  if (options.json) printJson(paths, driver, report, outputs);
  else printSummary(paths, driver, report, outputs);
}

/**
 * Writes the manifests and typings as one set: a build that cannot write one of them writes
 * none, so no manifest is left newer than the typings made beside it (see files/writeFileSet).
 * @throws FuncflowError `io_failed` naming the file that could not be written; every file is then as it was.
 */
async function writeOutputs(outputs: readonly Output[]): Promise<void> {
  // Worded as io's writes word theirs (`<where>: writing "<path>" failed: …`, the CLI printing
  // "funcflow build: " as <where>), with the system code.
  const failed = (path: string, error: unknown, reason = error instanceof Error ? error.message : String(error)) => {
    const systemCode = ((error instanceof FileSetCommitError ? error.cause : error) as { code?: unknown } | null)?.code;
    return new FuncflowError("io_failed", `writing "${path}" failed: ${reason}. No file was written (every file is as it was); check the path (--out-dir, --types) and the disk.`, {
      cause: error,
      details: { path, ...(typeof systemCode === "string" && { systemCode }) },
    });
  };
  try {
    await writeFileSet(async (set) => {
      for (const output of outputs) {
        try {
          await writeFile(await set.stage(output.path, output.what), output.content, { flag: "wx" });
        } catch (error) {
          throw failed(output.path, error);
        }
      }
    });
  } catch (error) {
    throw error instanceof FileSetCommitError ? failed(error.target, error, error.reason) : error;
  }
}

function manifestOutput(path: string, manifest: ModuleManifest, options: BuildOptions): Output {
  const file = `${basename(path).replace(/(\.d)?\.(m|c)?[jt]sx?$/, "")}.funcflow.json`;
  return { path: join(options.outDir === undefined ? dirname(path) : resolve(options.outDir), file), content: `${JSON.stringify(manifest, null, 2)}\n`, what: `the manifest of ${relative(process.cwd(), path)}` };
}

function typingsOutput(paths: readonly string[], report: EdgeTypeReport, driver: Awaited<ReturnType<typeof loadDriver>>, config: Readonly<Record<string, unknown>>, options: BuildOptions): Output {
  const first = paths[0]!;
  const file = `${basename(first).replace(/(\.d)?\.(m|c)?[jt]sx?$/, "")}.funcflow.d.ts`;
  const path = options.types !== undefined ? resolve(options.types) : join(options.outDir === undefined ? dirname(first) : resolve(options.outDir), file);
  // Nodes and inputs only the built graph knows: made by modifiers the source does not show,
  // and every config key, typed by its value (as `withConfig` types it in code).
  const nodes = driver.listNodes();
  const extraNodes = [
    ...nodes.filter((node) => node.kind === "config").map((node) => ({ name: node.name, doc: "A config value (--config, --set).", type: configValueType(config[node.name]) })),
    ...nodes.filter((node) => node.kind === "function").map((node) => ({ name: node.name, doc: node.doc })),
  ];
  const extraInputs = nodes.filter((node) => node.kind === "input").map((node) => ({ name: node.name, doc: node.doc }));
  // And the reverse: a function behind node-rewriting modifiers may define no node of its own
  // name (parameterize), and its parameters may be bound rather than inputs (inject); a
  // function a config key replaces is no node (the config value is).
  // A name the graph gives a function or config value is not an input, whatever the source suggests.
  const kindOf = new Map(nodes.map((node) => [node.name, node.kind]));
  const seen = {
    ...report,
    nodes: report.nodes.filter((node) => kindOf.get(node.name) !== "config" && (node.producers.some((producer) => producer.transparent) || kindOf.has(node.name))),
    inputs: report.inputs.filter((input) => (kindOf.get(input.name) ?? "input") === "input" && (input.typedBy !== undefined || input.sharedBy !== undefined || kindOf.has(input.name))),
  };
  // The typings hold the config's keys and value types: the header says which config made them.
  const configured = Object.keys(config).length === 0 ? "" : ` --config '${JSON.stringify(config)}'`;
  const command = `funcflow build ${report.modules.map((module) => relative(dirname(path), module)).join(" ")}${configured}`;
  return { path, content: renderTypings(seen, { outFile: path, extraNodes, extraInputs, command }), what: "the typings" };
}

async function checkOutputs(outputs: readonly Output[]): Promise<void> {
  const stale: string[] = [];
  for (const output of outputs) {
    const current = await readFile(output.path, "utf8").catch(() => undefined);
    if (current !== output.content) stale.push(relative(process.cwd(), output.path));
  }
  if (stale.length > 0) {
    throw new FuncflowError(
      "stale_manifest",
      `${stale.length} file(s) differ from what build would write: ${stale.join(", ")}. Run the same command without --check to rewrite them.`,
      { details: { stale } },
    );
  }
  process.stdout.write(`funcflow build --check: ${outputs.length} file(s) up to date\n`);
}

function printSummary(paths: readonly string[], driver: Awaited<ReturnType<typeof loadDriver>>, report: EdgeTypeReport | undefined, outputs: readonly Output[]): void {
  const types = report === undefined ? "types not checked (--no-type-check)" : describeChecks(report);
  const lines = [
    `funcflow build: ${paths.length} module(s), ${describeNodeCount(driver.listNodes())}; ${types}`,
    ...outputs.map((output) => `  wrote ${relative(process.cwd(), output.path)}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** The build as data: what a CI step or an editor integration reads. */
function printJson(paths: readonly string[], driver: Awaited<ReturnType<typeof loadDriver>>, report: EdgeTypeReport | undefined, outputs: readonly Output[]): void {
  const nodes = driver.listNodes();
  const summary = {
    modules: paths,
    // Counted as the text summary and `funcflow list` count them: every node, then by kind.
    nodes: nodes.length,
    functions: nodes.filter((node) => node.kind === "function").length,
    inputs: nodes.filter((node) => node.kind === "input").length,
    config: nodes.filter((node) => node.kind === "config").length,
    types:
      report === undefined
        ? null
        : {
            checkedEdges: report.checkedEdges,
            checkedBindings: report.checkedBindings,
            unchecked: report.unchecked.map(({ reason, name, consumer }) => ({ reason, from: name, to: consumer.node, exportName: consumer.exportName, module: consumer.module })),
          },
    wrote: outputs.map((output) => output.path),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

function describeChecks(report: EdgeTypeReport): string {
  const reasons = new Map<string, number>();
  for (const edge of report.unchecked) reasons.set(edge.reason, (reasons.get(edge.reason) ?? 0) + 1);
  const unchecked = reasons.size === 0 ? "" : ` (${[...reasons].map(([reason, n]) => `${n} unchecked: ${reason}`).join(", ")})`;
  const bindings = report.checkedBindings > 0 ? `, ${report.checkedBindings} bound value(s)` : "";
  return `${report.checkedEdges} edge(s) type-checked${bindings}${unchecked}`;
}
