/**
 * The funcflow CLI's `main()` in this process, with what it writes to stdout and stderr captured:
 * the same commands as the binary without a process start (the binary only adds the shared
 * modules, which importing funcflow/envelope provides too).
 */
import "../../../src/envelope.ts";
import { main } from "../../../src/cli/index.ts";
import type { ChildResult } from "./child.ts";

/**
 * `funcflow ...args`; the exit code and the captured output. Calls must not overlap.
 * @example const { code, stdout } = await funcflowInProcess(["envelope", "list", "--registry", dir]);
 */
export async function funcflowInProcess(args: readonly string[]): Promise<ChildResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (into: string[]) => ((chunk: string | Uint8Array) => (into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString()), true)) as typeof process.stdout.write;
  process.stdout.write = capture(stdout);
  process.stderr.write = capture(stderr);
  let code: number;
  try {
    code = await main(["node", "funcflow", ...args]);
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
