/** Runs a TypeScript script in a fresh Node process (tsx's loader), from any working folder. */
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";

export const repo = fileURLToPath(new URL("../../..", import.meta.url));
const tsx = pathToFileURL(join(repo, "node_modules/tsx/dist/loader.mjs")).href;

/** What a child printed and how it ended. */
export interface ChildResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `node [...nodeOptions] --import tsx <script> ...args` in `cwd`; never rejects on a non-zero exit.
 * @example const { stdout } = await runChild("tests/envelope/support/load-and-run.ts", [registry, "hello@1"], tmp);
 */
export function runChild(script: string, args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}, nodeOptions: readonly string[] = []): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeOptions, "--import", tsx, join(repo, script), ...args], { cwd, env: { ...process.env, ...env, FORCE_COLOR: "0" }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

/** The funcflow CLI in a child process. */
export function runCli(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<ChildResult> {
  return runChild("src/cli.ts", args, cwd, env);
}
