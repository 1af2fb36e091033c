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

/** `funcflow ...args` in this process, with the same result as {@link funcflow} (see tests/support/cli-in-process.ts). */
export { runCliInProcess as funcflowInProcess } from "../../support/cli-in-process.ts";
