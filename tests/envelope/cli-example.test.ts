/**
 * `funcflow envelope save --example <file>`: the example inputs read from a table file are stored
 * in the envelope (Arrow IPC per column) with the outputs computed from them.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTable } from "../../src/io.ts";
import { repo, runCli } from "./support/child.ts";

let sandbox: string;
beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-cli-example-"));
});
afterAll(() => rm(sandbox, { recursive: true, force: true }));

/** Every file below `dir`, relative to it. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe("funcflow envelope save --example", () => {
  it("stores the example inputs read from a CSV file, and refuses a missing example file naming it", async () => {
    const env = { FUNCFLOW_REGISTRY: join(sandbox, "registry") };
    const save = await runCli(
      ["envelope", "save", "examples/hello-world/transforms.ts", "--name", "hello", "--outputs", "spendPerSignup", "--example", "examples/hello-world/data.csv", "--no-sbom"],
      repo,
      env,
    );
    expect(save.stderr).toContain("hello@1");
    const id = save.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const stored = (await filesBelow(join(sandbox, "registry"))).filter((path) => path.includes(id));
    const spendFile = stored.find((path) => /examples\/inputs\/spend\.arrow$/.test(path));
    expect(spendFile, stored.join("\n")).toBeDefined();
    const spend = await readTable(join(sandbox, "registry", spendFile!));
    const data = await readTable(join(repo, "examples/hello-world/data.csv"));
    expect(spend.numRows).toBe(data.numRows);
    expect(stored.some((path) => /examples\/outputs\/spendPerSignup\.arrow$/.test(path))).toBe(true);

    const missing = await runCli(["envelope", "save", "examples/hello-world/transforms.ts", "--name", "hello", "--outputs", "spendPerSignup", "--example", "no/such/file.csv", "--no-sbom"], repo, env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("no/such/file.csv");
  }, 120_000);
});
