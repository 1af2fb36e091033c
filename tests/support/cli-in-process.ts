/**
 * `funcflow ...args` through the CLI's `main()` in this process: a spawned tsx costs ~1.5 s (more
 * on a loaded machine) before the command starts, so tests spawn the binary only where the binary
 * itself is the subject (its shebang, a terminal). Runs in the current directory, or in `cwd` for
 * the command's duration; what the command writes to stdout and stderr is captured, not printed.
 */
import { main } from "../../src/cli/index.ts";

/** A command's exit code and what it printed. */
export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliInProcess(args: readonly string[], options: { cwd?: string } = {}): Promise<CliOutcome> {
  const home = process.cwd();
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    if (options.cwd !== undefined) process.chdir(options.cwd);
    const code = await main(["node", "funcflow", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.chdir(home);
  }
}
