/**
 * Every command that checks edge types takes the switch that turns the check off in both
 * spellings: `--no-type-check` (run and serve's) and `--no-typecheck` (build and validate's, once).
 * In-process, through the CLI's exported main().
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureOutput } from "../support/captured-output.ts";
import { main } from "../../src/cli/index.ts";

const mismatches = "tests/fixtures/typecheck/mismatches.ts";
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "funcflow-type-check-switch-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));
const output = captureOutput();

// `region`, read as a string and as a number, is given as config: an input whose readers' types
// share no value fails the graph itself, with or without the static check.
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  build: [mismatches, "--set", "region=eu"],
  validate: [mismatches, "--set", "region=eu"],
  run: [mismatches, "--set", "region=eu", "--input", 'rows=["a","b"]', "--outputs", "doubled"],
};

describe.each(Object.entries(COMMANDS))("funcflow %s", (command, args) => {
  const withOutDir = (extra: readonly string[], name: string) => (command === "build" ? [...extra, "--out-dir", join(scratch, name)] : extra);

  it("refuses the mismatched edges by default", async () => {
    expect(await main(["node", "funcflow", command, ...withOutDir(args, `${command}-checked`)])).toBe(1);
    expect(output.stderr).toContain("edge_type_mismatch");
  });

  it.each(["--no-type-check", "--no-typecheck"])("skips the check with %s", async (flag) => {
    expect(await main(["node", "funcflow", command, ...withOutDir([...args, flag], `${command}${flag}`)]), output.stderr).toBe(0);
    expect(output.stderr).not.toContain("edge_type_mismatch");
  });
});
