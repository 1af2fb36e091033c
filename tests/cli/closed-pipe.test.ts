/**
 * `funcflow list big.ts | head -1`: the reader closes the pipe after the first line, and the
 * command must end quietly (exit 0, no EPIPE stack), as any shell tool does. The real binary,
 * because the pipe and its error are the process's own.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { repo } from "./support/run-cli.ts";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "funcflow-closed-pipe-"));
  // Enough output to outgrow a pipe's buffer, so writes continue after the reader is gone.
  const functions = Array.from({ length: 3_000 }, (_, i) => `/** Node ${i}. */\nexport function n${i}(seed: number): number {\n  return seed + ${i};\n}\n`);
  await writeFile(join(scratch, "big.ts"), functions.join(""));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

it("funcflow list piped into a reader that stops after its first chunk exits 0 without a stack", async () => {
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
  const child = spawn(tsx, ["src/cli.ts", "list", join(scratch, "big.ts")], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  let first = "";
  child.stdout.once("data", (chunk: Buffer) => {
    first = chunk.toString();
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(first).toMatch(/^node\s+kind/);
  expect(stderr).not.toContain("EPIPE");
  expect(code).toBe(0);
}, 60_000);
