/**
 * Options several commands share, declared once so they read and behave the same everywhere:
 * config (`--config`, `--set`), values (`--inputs`, `--input`, `--overrides`), outputs, and
 * the tsconfig used for type checking.
 */
import { Option, type Command } from "commander";
import { collectFiles, collectNames, collectPairs, collectTexts, csvDelimiterOf, csvDelimiterOption, parseConfigArgument, TABLE_EXTENSIONS } from "./parse-options.ts";
import { readConfig } from "./read-config.ts";
import { readValues, type DeclaredTypeOf } from "./read-values.ts";

/** Parsed values of the shared options. */
export interface SharedOptions {
  readonly config?: string;
  readonly set: readonly (readonly [string, string])[];
  readonly outputs: readonly string[];
  readonly inputs: readonly string[];
  readonly input: readonly (readonly [string, string])[];
  readonly overrides: readonly string[];
  readonly override: readonly (readonly [string, string])[];
  /** CSV fields that read as null in `--inputs`/`--overrides` tables (`--null-value`). */
  readonly nullValue?: readonly string[];
  /** The field delimiter of `--inputs`/`--overrides` CSV tables (`--csv-delimiter`). */
  readonly csvDelimiter?: string;
  readonly tsconfig?: string;
}

/**
 * `--config <file|json>` and repeatable `--set key=value`.
 * @example withConfigOptions(program.command("list"))
 */
export function withConfigOptions(command: Command): Command {
  command.option("--config <file|json>", "config: a JSON file, or inline JSON such as '{\"region\":\"US\"}'", parseConfigArgument);
  return listOption(command, "--set <key=value>", "one config value (repeatable; a later one wins)", collectPairs);
}

/**
 * A repeatable option whose values accumulate into a list, empty when it is not given. The
 * empty default is filled in before the action runs rather than declared, so help does not
 * print "(default: [])" after every such option.
 * @example listOption(command, "--tag <key=value>", "only nodes with this tag", collectPairs)
 */
export function listOption<T>(command: Command, flags: string, description: string, parse: (value: string, previous: T[]) => T[]): Command {
  const option = new Option(flags, description).argParser(parse);
  const key = option.attributeName();
  return command.addOption(option).hook("preAction", (_command, action) => {
    if (action.getOptionValue(key) === undefined) action.setOptionValue(key, []);
  });
}

/**
 * Repeatable `--outputs <names>` (comma-separated).
 * @example withOutputsOption(command, "outputs to compute")
 */
export function withOutputsOption(command: Command, description: string): Command {
  return listOption(command, "--outputs <names>", `${description} (comma-separated, repeatable)`, collectNames);
}

/**
 * `--inputs <file>` (a table's columns or a JSON object), `--input name=value`, the same for
 * overrides, and how their CSV tables are read: `--null-value <text>` (missing-value markers) and
 * `--csv-delimiter <char>`.
 * @example withValueOptions(command)
 */
export function withValueOptions(command: Command): Command {
  listOption(command, "--inputs <file>", "input values: a table (.csv, .arrow, .parquet, .json records; one input per column) or a .json object (repeatable)", collectFiles(TABLE_EXTENSIONS));
  listOption(command, "--input <name=value>", "one input value, read as JSON when it parses (repeatable)", collectPairs);
  listOption(command, "--overrides <file>", "values replacing nodes, in the same formats as --inputs (repeatable)", collectFiles(TABLE_EXTENSIONS));
  listOption(command, "--override <name=value>", "one override value (repeatable)", collectPairs);
  listOption(command, "--null-value <text>", "a CSV field that reads as null in --inputs/--overrides tables, e.g. '?' or NA (pandas' na_values; repeatable)", collectTexts);
  return command.option("--csv-delimiter <char>", "the field delimiter of --inputs/--overrides CSV tables: one character, e.g. ';', or '\\t' for a tab (default ',')", csvDelimiterOption);
}

/**
 * `--tsconfig <path>`.
 * @example withTsconfigOption(command)
 */
export function withTsconfigOption(command: Command): Command {
  return command.option("--tsconfig <path>", "compiler options for type checking (default: the nearest tsconfig.json)");
}

/** What `withTypeCheckOption` adds to a command's options. */
export interface TypeCheckOptions {
  /** False after `--no-type-check`. */
  readonly typeCheck?: boolean;
  /** False after `--no-typecheck`, the spelling build and validate once documented. */
  readonly typecheck?: boolean;
}

/**
 * Adds `--no-type-check`, and the same switch spelled `--no-typecheck` (hidden), so every
 * command that checks types takes either spelling.
 * @example withTypeCheckOption(command, "skip the static check of every edge's types");
 */
export function withTypeCheckOption(command: Command, description: string): Command {
  return command.option("--no-type-check", description).addOption(new Option("--no-typecheck", description).hideHelp());
}

/** Whether types are to be checked: neither spelling of the switch was given. */
export function typeCheckWanted(options: TypeCheckOptions): boolean {
  return options.typeCheck !== false && options.typecheck !== false;
}

/**
 * The config the shared options describe.
 * @example const config = await configFrom(options);
 */
export function configFrom(options: Pick<SharedOptions, "config" | "set">): Promise<Record<string, unknown>> {
  return readConfig(options.config, options.set);
}

/**
 * The inputs and overrides the shared options describe; with the pipeline's nodes, each
 * `name=value` pair is read as its node's declared type (and refused when it does not fit).
 * @example const { inputs, overrides } = await valuesFrom(options, driver.listNodes());
 */
export async function valuesFrom(
  options: Pick<SharedOptions, "inputs" | "input" | "overrides" | "override" | "nullValue" | "csvDelimiter">,
  nodes?: readonly { readonly name: string; readonly type: string }[],
): Promise<{ inputs: Record<string, unknown>; overrides: Record<string, unknown> }> {
  const types = nodes === undefined ? undefined : new Map(nodes.map((node) => [node.name, node.type]));
  const typeOf: DeclaredTypeOf | undefined = types === undefined ? undefined : (name) => types.get(name);
  const csv = { ...(options.nullValue !== undefined && { nullValues: options.nullValue }), ...(options.csvDelimiter !== undefined && { delimiter: csvDelimiterOf(options.csvDelimiter)! }) };
  const [inputs, overrides] = await Promise.all([
    readValues(options.inputs, options.input, "--inputs", typeOf, csv),
    readValues(options.overrides, options.override, "--overrides", typeOf, csv),
  ]);
  return { inputs, overrides };
}
