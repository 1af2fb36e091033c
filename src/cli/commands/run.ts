/**
 * `funcflow run <modules...>`: computes the requested outputs from inputs read from files,
 * shows a progress bar on a terminal, writes the outputs as a table (`--out`) and ends with a
 * summary table of what was computed and how long it took.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { progressBar, timingReport, type TimingReport } from "../../hooks/index.ts";
import { FuncflowError, didYouMean } from "../../errors/index.ts";
import type { Driver } from "../../driver/index.ts";
import { fileWithExtension, TABLE_EXTENSIONS } from "../support/parse-options.ts";
import { configFrom, valuesFrom, withConfigOptions, withOutputsOption, withTsconfigOption, withValueOptions, typeCheckWanted, withTypeCheckOption, type SharedOptions, type TypeCheckOptions } from "../support/common-options.ts";
import { formatTable } from "../support/format-table.ts";
import { loadDriver } from "../support/load-driver.ts";
import { summarizeValue, toJsonValue } from "../../columnar/index.ts";

interface RunOptions extends SharedOptions, TypeCheckOptions {
  readonly out?: string;
  readonly json?: boolean;
  readonly record?: string | true;
  readonly cache?: string | true;
}

/**
 * Adds `run` to `program`.
 * @example registerRun(new Command("funcflow"));
 */
export function registerRun(program: Command): void {
  const command = program
    .command("run")
    .description("compute outputs from inputs read from files; write them as a table and print a summary")
    .argument("<modules...>", "the pipeline's module files")
    .option("--out <file>", "write the outputs as one table: .arrow, .arrows, .csv, .json or .parquet (scalars are repeated on every row)", fileWithExtension(TABLE_EXTENSIONS))
    .option("--json", "print the outputs (and timings) as JSON instead of the summary table")
    .option("--record [dir]", "record the run for the explorer (funcflow ui) as JSON under dir (default .funcflow/runs)")
    .option("--cache [dir]", "reuse node results stored by earlier runs, and store new ones, under dir (default .funcflow/cache)");
  withTsconfigOption(withTypeCheckOption(withValueOptions(withOutputsOption(withConfigOptions(command), "outputs to compute (required)")), "skip the static check of every edge's types before running (on by default; cached, ~0.1 s when nothing changed)"));
  command.addHelpText(
    "after",
    `
A progress bar is drawn on stderr when it is a terminal (not when CI is set). Before running,
every edge's types are checked with the TypeScript checker (as funcflow build does); a value
that does not fit its parameter stops the run with edge_type_mismatch. The check is cached by
the files it read: unchanged modules cost a few file reads, a changed one a TypeScript Program
(about 1-3 s). --no-type-check skips it.

Example:
  $ funcflow run examples/hello-world/transforms.ts --inputs data.csv \\
      --outputs spendPerSignup,spendZeroMeanUnitVariance --out result.csv
  $ funcflow run src/transforms.ts --outputs salesTax --config '{"region":"US"}' --input sales=120 --json
  $ funcflow run src/features.ts --inputs data.csv --outputs features --cache --record   # then: funcflow ui src/features.ts`,
  );
  command.action(async (modules: string[], options: RunOptions) => runPipeline(modules, options));
}

async function runPipeline(modules: readonly string[], options: RunOptions): Promise<void> {
  if (options.outputs.length === 0) {
    throw new FuncflowError("invalid_argument", "run: no outputs. Name the nodes to compute with --outputs, e.g. --outputs spendMean,spendStdDev (funcflow list shows every node).");
  }
  // An --out nothing can be written to fails before anything runs.
  if (options.out !== undefined) checkOutFile(resolve(options.out));
  const config = await configFrom(options);
  const timing = timingReport();
  // The recorder's module is light, but only loaded when asked for.
  const recorder = options.record === undefined ? undefined : (await import("../../explorer/index.ts")).runRecorder(options.record === true ? {} : { dir: options.record });
  const cache = options.cache === undefined ? undefined : {
    ...(options.cache !== true && { dir: options.cache }),
    // The recorder notes each hit and miss (and why) beside the node's timing.
    ...(recorder !== undefined && { logger: recorder.cacheLogger }),
  };
  const driver = await loadDriver(modules, config, {
    adapters: [timing, progressBar({ label: "run" }), ...(recorder === undefined ? [] : [recorder])],
    ...(typeCheckWanted(options) && { typeCheck: options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig } }),
    ...(cache !== undefined && { cache }),
  });
  // Read after the build: each name=value pair is parsed as its node's declared type.
  const { inputs, overrides } = await valuesFrom(options, driver.listNodes());
  const started = performance.now();
  const results: Readonly<Record<string, unknown>> =
    options.out === undefined ? await driver.execute(options.outputs, { inputs, overrides }) : await runAndWrite(driver, resolve(options.out), options.outputs, { inputs, overrides });
  const elapsedMs = performance.now() - started;
  const report = timing.lastReport();
  if (options.json) {
    const timings = report?.nodes.map(({ name, durationMs, status }) => ({ name, durationMs, status })) ?? [];
    process.stdout.write(`${JSON.stringify({ outputs: toJsonValue(results), elapsedMs, nodes: timings }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${summary(results, options.outputs, report, elapsedMs, options.out)}\n`);
}

/**
 * Runs the outputs and writes them as one Arrow table in the format `path`'s extension names:
 * materialize's combined save (arrowTableResult over the outputs), so the file is written whole
 * or not at all, and missing folders are made. Returns the outputs as a record.
 */
async function runAndWrite(driver: Driver, path: string, outputs: readonly string[], values: { inputs: Record<string, unknown>; overrides: Record<string, unknown> }): Promise<Record<string, unknown>> {
  // Loaded only for --out: Arrow and the writers are not needed otherwise.
  const { arrowTableResult } = await import("../../adapters/arrow/index.ts");
  const { results } = await driver.materialize({ save: { [OUT]: { path, dependencies: outputs, combine: arrowTableResult } }, ...values }).catch((error: unknown) => {
    // The save is the CLI's own: an unknown name is one of --outputs, not a dependency of a save the user never wrote.
    if (!(error instanceof FuncflowError) || error.code !== "unknown_output" || error.details?.saveId !== OUT) throw error;
    throw new FuncflowError("unknown_output", `--outputs names "${error.node}", which is no node${didYouMean(error.suggestion ?? [])}. funcflow list shows every node.`, {
      ...(error.node !== undefined && { node: error.node }),
      ...(error.suggestion !== undefined && { suggestion: error.suggestion }),
      details: { option: "--outputs" },
    });
  });
  return Object.fromEntries(outputs.map((name) => [name, results[name]]));
}

/** The id of --out's save in the materialize request. */
const OUT = "out";

/**
 * Throws when `path` cannot become a file: it is a folder, or a regular file stands where one of
 * its folders must be.
 * @throws FuncflowError `io_failed` naming --out, the path and what is in the way.
 */
function checkOutFile(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new FuncflowError("io_failed", `run: --out ${path} is a folder. Give a file path such as ${join(path, "outputs.parquet")}.`, { details: { option: "--out", path } });
  }
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    if (existsSync(folder)) {
      if (statSync(folder).isDirectory()) return;
      throw new FuncflowError("io_failed", `run: --out ${path} cannot be written: ${folder} is a file, not a folder. Choose a path whose folders are folders.`, { details: { option: "--out", path, blockedBy: folder } });
    }
    if (dirname(folder) === folder) return;
  }
}

function summary(
  results: Readonly<Record<string, unknown>>,
  outputs: readonly string[],
  report: TimingReport | undefined,
  elapsedMs: number,
  out: string | undefined,
): string {
  const durations = new Map(report?.nodes.map((node) => [node.name, node.durationMs]));
  const rows = outputs.map((name) => {
    const { kind, size, preview } = summarizeValue(results[name]);
    const duration = durations.get(name);
    return [name, kind, size, duration === undefined ? "given" : formatMs(duration), preview];
  });
  const ran = report?.nodes.length ?? 0;
  const lines = [
    formatTable(["output", "value", "rows", "time", "preview"], rows),
    `${ran} node(s) ran in ${formatMs(elapsedMs)}${out === undefined ? "" : `; wrote ${relative(process.cwd(), resolve(out))}`}`,
  ];
  return lines.join("\n");
}

function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}
