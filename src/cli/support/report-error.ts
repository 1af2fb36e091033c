/**
 * How the CLI reports a failure: one clear message and a non-zero exit code; the stack (and
 * the chain of causes) only with `--verbose`.
 */
import { isFuncflowError } from "../../errors/index.ts";

/** Exit codes: 1 for a pipeline or file problem, 2 for a command line that cannot be parsed. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * The text to print on stderr for `error`.
 * @example process.stderr.write(describeError(error, { command: "run", verbose: false }));
 */
export function describeError(error: unknown, options: { readonly command: string | undefined; readonly verbose: boolean }): string {
  const prefix = `funcflow${options.command === undefined ? "" : ` ${options.command}`}: `;
  const known = isFuncflowError(error);
  const message = error instanceof Error ? error.message : String(error);
  // Not "unexpected error": an error that is not funcflow's is most often thrown by the user's
  // own module (at import, or in a modifier's argument), so say where to look.
  const lines = [`${prefix}${known ? "" : `${error instanceof Error ? error.name : "Error"}: `}${message}`];
  if (known) lines.push(`(error code: ${error.code}${options.verbose ? "" : "; add --verbose for the stack"})`);
  else lines.push(`(thrown by code funcflow ran: your module or a package it imports, or funcflow itself${options.verbose ? "" : "; add --verbose for the stack, which shows where"})`);
  if (options.verbose) lines.push(...stackLines(error));
  return `${lines.join("\n")}\n`;
}

/** The stack of `error` and of each of its causes. */
function stackLines(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const stack = current instanceof Error ? (current.stack ?? current.message) : String(current);
    lines.push(depth === 0 ? stack : `Caused by: ${stack}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines;
}
