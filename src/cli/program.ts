/**
 * The command tree: one file per command under `commands/`, each adding itself to the program.
 * Settings made here (errors thrown instead of exiting, help after a usage error) are set
 * before the commands are added, so every command inherits them.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerBatch } from "./commands/batch.ts";
import { registerBuild } from "./commands/build.ts";
import { registerDiff } from "./commands/diff.ts";
import { registerEnvelope } from "./commands/envelope.ts";
import { registerList } from "./commands/list.ts";
import { registerRun } from "./commands/run.ts";
import { registerServe } from "./commands/serve.ts";
import { registerUi } from "./commands/ui.ts";
import { registerValidate } from "./commands/validate.ts";
import { registerView } from "./commands/view.ts";
import { registerWorker } from "./commands/worker.ts";
import { rejectMissingOptionValues } from "./support/check-option-values.ts";
import { hideUrlPasswords } from "./support/hide-url-passwords.ts";

/** Where a command leaves a non-zero exit code that is not an error (e.g. `diff --exit-code`). */
export interface CommandOutcome {
  exitCode: number;
}

/** `funcflow --version`: package.json sits two folders up from both src/cli and dist/cli. */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * The `funcflow` program with every command.
 * @example await createProgram({ exitCode: 0 }).parseAsync(["node", "funcflow", "list", "src/transforms.ts"]);
 */
export function createProgram(outcome: CommandOutcome): Command {
  const program = new Command("funcflow")
    .description("Build, check, draw and run funcflow pipelines: plain exported TypeScript functions whose parameter names are their dependencies.")
    .version(packageVersion(), "--version", "print the funcflow version")
    .option("--verbose", "on failure, print the stack and every cause")
    .exitOverride()
    // Commander quotes a refused option value as typed: a URL's password must not reach the log.
    .configureOutput({ outputError: (text, write) => write(hideUrlPasswords(text)) })
    .showHelpAfterError("(add --help for usage)")
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .hook("preAction", rejectMissingOptionValues);
  program.addHelpText(
    "after",
    `
Examples:
  $ funcflow build examples/hello-world/transforms.ts
  $ funcflow run examples/hello-world/transforms.ts --inputs data.csv --outputs spendMean,spendZeroMeanUnitVariance

Run \`funcflow <command> --help\` for a command's options and an example.`,
  );
  registerBuild(program);
  registerList(program);
  registerValidate(program);
  registerView(program);
  registerRun(program);
  registerDiff(program, outcome);
  registerServe(program);
  registerEnvelope(program);
  registerBatch(program);
  registerUi(program);
  registerWorker(program);
  return program;
}
