/**
 * The `funcflow` command line: parses the arguments, runs one command, and turns any failure
 * into one message on stderr and a non-zero exit code.
 */
import { CommanderError } from "commander";
import { createProgram } from "./program.ts";
import { hideUrlPasswords } from "./support/hide-url-passwords.ts";
import { describeError, EXIT_FAILURE, EXIT_USAGE } from "./support/report-error.ts";

/**
 * Runs the CLI on `argv` (as `process.argv`: node, script, then arguments) and resolves to
 * the exit code; it never calls `process.exit`, so output is flushed and tests can call it.
 * @example process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[]): Promise<number> {
  const outcome = { exitCode: 0 };
  const program = createProgram(outcome);
  try {
    await program.parseAsync([...argv]);
    return outcome.exitCode;
  } catch (error) {
    // Commander has printed its own message (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const command = program.commands.find((candidate) => argv.slice(2).includes(candidate.name()))?.name();
    process.stderr.write(hideUrlPasswords(describeError(error, { command, verbose: argv.includes("--verbose") })));
    return EXIT_FAILURE;
  }
}
