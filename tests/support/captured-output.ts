/**
 * What the in-process CLI (`main()` from src/cli/index.ts) writes, captured per test instead of
 * printed. Call at the top level of a file or inside a `describe`, before its tests.
 */
import { afterEach, beforeEach, vi } from "vitest";

export interface CapturedOutput {
  /** What the current test wrote to stdout (a test may reset it). */
  stdout: string;
  /** What the current test wrote to stderr. */
  stderr: string;
}

export function captureOutput(): CapturedOutput {
  const captured = { stdout: "", stderr: "" };
  beforeEach(() => {
    captured.stdout = "";
    captured.stderr = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((captured.stdout += String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((captured.stderr += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  return captured;
}
