/**
 * Runs the real `funcflow` binary from source (tsx src/cli.ts), as a user's shell would, and
 * collects its exit code and output.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../../..", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const cli = fileURLToPath(new URL("../../../src/cli.ts", import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `funcflow ...args`, run in `cwd` (default: the repository). */
export function funcflow(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [cli, ...args],
      { cwd: options.cwd ?? repo, env: { ...process.env, FORCE_COLOR: "0", ...options.env }, maxBuffer: 32 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * `funcflow ...args` through the CLI's `main()` in this process, with the same result as
 * {@link funcflow}: a spawned tsx costs ~1.5 s (more on a loaded machine) before the command
 * starts, so only tests of the binary itself (its shebang, a terminal) spawn it. Runs in the
 * current directory; what the command writes to stdout and stderr is captured, not printed.
 */
export async function funcflowInProcess(args: readonly string[]): Promise<CliResult> {
  const { main } = await import("../../../src/cli/index.ts");
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(["node", "funcflow", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}
