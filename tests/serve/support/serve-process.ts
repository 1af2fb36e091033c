/** Runs the real `funcflow serve` in a child process (node with tsx's loader) and waits until it listens. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../../..", import.meta.url));
const cli = fileURLToPath(new URL("../../../src/cli.ts", import.meta.url));

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything written so far. */
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** `funcflow serve ...args` on a free port; rejects with its stderr if it exits before listening. */
export function startServeProcess(args: readonly string[]): Promise<ServeProcess> {
  // One process (no tsx wrapper), so a signal reaches the server itself.
  const child = spawn(process.execPath, ["--import", "tsx", cli, "serve", ...args, "--port", "0"], { cwd: repo, env: { ...process.env, FORCE_COLOR: "0" } });
  const output = { stdout: "", stderr: "" };
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`funcflow serve did not listen in 100 s:\n${output.stderr}`)), 60_000);
    child.stderr.on("data", (chunk: Buffer) => {
      output.stderr += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output.stderr)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({ child, url, output, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`funcflow serve exited with ${code} before listening:\n${output.stderr}`));
    });
  });
}
