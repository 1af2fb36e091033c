/** Real `funcflow worker` processes, started from source with tsx's loader. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../../..", import.meta.url));
const cli = fileURLToPath(new URL("../../../src/cli.ts", import.meta.url));

export interface WorkerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  output(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
  /** SIGKILL, then waits for it to exit. */
  kill(): Promise<void>;
}

/**
 * `funcflow worker <modules> --redis url ...extra`, resolved once it says it is ready.
 * @example const worker = await startWorkerProcess(redis.url, [module], ["--lock-ms", "2000"]);
 */
export async function startWorkerProcess(url: string, modules: readonly string[], extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", cli, "worker", ...modules, "--redis", url, ...extra], {
    cwd: repo,
    env: { ...process.env, FORCE_COLOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start within 90 s:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes(": ready on queue")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
    await exited;
  };
  return { pid: child.pid!, child, output: () => output, stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}
