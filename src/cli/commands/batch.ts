/**
 * `funcflow batch <envelope> --inputs <file> --out <file>`: runs an envelope over a table in
 * record batches and appends one line to the inference log.
 */
import type { Command } from "commander";
import { listOption } from "../support/common-options.ts";
import { collectPairs, collectTexts, csvDelimiterOf, csvDelimiterOption, fileWithExtension, parseCount, parseLooseValue, TABLE_EXTENSIONS } from "../support/parse-options.ts";
import { registryFrom, withRegistryOption } from "../support/registry-option.ts";
import { remoteExecutorFrom, withRemoteOptions, type RemoteCommandOptions } from "../support/remote-options.ts";

interface BatchCommandOptions extends RemoteCommandOptions {
  readonly inputs: string;
  readonly out: string;
  readonly batchRows?: number;
  readonly log?: string;
  readonly input: readonly (readonly [string, string])[];
  readonly nullValue: readonly string[];
  readonly csvDelimiter?: string;
  readonly registry?: string;
}

/** Batch inputs: any table file, and JSON lines, which the batch reader splits itself. */
const BATCH_INPUTS = [...TABLE_EXTENSIONS, ".jsonl", ".ndjson"];

/**
 * Adds `batch` to `program`.
 * @example registerBatch(new Command("funcflow"));
 */
export function registerBatch(program: Command): void {
  const command = program
    .command("batch")
    .description("run an envelope over a table file in record batches, writing its outputs and an inference log line")
    .argument("<envelope>", "id, name, name@version or an envelope folder")
    .requiredOption("--inputs <file>", "the input table, read batch by batch: .parquet, .arrow/.arrows, .csv, .json (an array of records) or .jsonl", fileWithExtension(BATCH_INPUTS))
    .requiredOption("--out <file>", "the output table: .parquet, .arrow, .arrows or .csv", fileWithExtension(TABLE_EXTENSIONS))
    .option("--batch-rows <n>", "rows per batch (default 65536)", (text) => parseCount(text, 1))
    .option("--log <file>", "the inference log, JSON lines (default .funcflow/inference-log.jsonl beside the registry)");
  withRemoteOptions(withRegistryOption(command));
  listOption(command, "--input <name=value>", "a value for an input that is not a column, the same for every batch (repeatable)", collectPairs);
  listOption(command, "--null-value <text>", "a CSV field that reads as null, e.g. '?' or NA (pandas' na_values; repeatable)", collectTexts);
  command.option("--csv-delimiter <char>", "the field delimiter of a CSV --inputs table, e.g. ';' or '\\t' (default ',')", csvDelimiterOption);
  command.addHelpText(
    "after",
    `
Example:
  $ funcflow batch hello@1 --inputs examples/hello-world/data.csv --out out.parquet
  $ funcflow batch features@1 --inputs orders.parquet --out features.parquet --redis redis://10.0.0.5:6379`,
  );
  command.action(async (reference: string, options: BatchCommandOptions) => {
    const { runBatch } = await import("../../envelope/index.ts");
    const executor = await remoteExecutorFrom(options);
    const line = await runBatch(reference, {
      ...(executor !== undefined && { executor }),
      inputs: options.inputs,
      out: options.out,
      registry: registryFrom(options),
      constants: Object.fromEntries(options.input.map(([name, value]) => [name, parseLooseValue(value)])),
      onDrift: (message) => process.stderr.write(`warning: ${message}\n`),
      ...(options.batchRows !== undefined && { batchRows: options.batchRows }),
      ...(options.nullValue.length > 0 && { nullValues: options.nullValue }),
      ...(options.csvDelimiter !== undefined && { delimiter: csvDelimiterOf(options.csvDelimiter)! }),
      ...(options.log !== undefined && { log: options.log }),
    }).finally(() => executor?.close());
    process.stderr.write(`funcflow batch: ${line.rows} rows in ${line.batches} batches, ${line.durationMs} ms → ${options.out}\n`);
  });
}
