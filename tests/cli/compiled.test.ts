/**
 * The compiled binary (`tsc -p tsconfig.build.json`, as `npm run build` makes dist/cli.js) on
 * plain Node: it loads TypeScript modules through tsx's loader and behaves as the source does.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repo } from "./support/run-cli.ts";

const run = promisify(execFile);
let outDir: string;

beforeAll(async () => {
  await mkdir(join(repo, "tests/cli/tmp"), { recursive: true });
  // Inside the repository, so the compiled files resolve node_modules as an installed package would.
  outDir = await mkdtemp(join(repo, "tests/cli/tmp/dist-"));
  // tsc exits non-zero on any type error anywhere in src; the files are emitted all the same.
  await run(join(repo, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", "--outDir", outDir], { cwd: repo }).catch(() => undefined);
}, 180_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe("dist/cli.js", () => {
  it("starts with a shebang so npm can link it as the funcflow bin", async () => {
    const { readFile } = await import("node:fs/promises");
    expect(existsSync(join(outDir, "cli.js"))).toBe(true);
    expect((await readFile(join(outDir, "cli.js"), "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("runs a TypeScript pipeline on plain Node", async () => {
    const { stdout } = await run(
      process.execPath,
      [join(outDir, "cli.js"), "run", "examples/hello-world/transforms.ts", "--inputs", "tests/cli/fixtures/hello-data.csv", "--outputs", "spendMean", "--json"],
      { cwd: repo },
    );
    expect(JSON.parse(stdout).outputs.spendMean).toBeCloseTo(28.333333333333332, 12);
  });

  it("type-checks and builds as the source does", async () => {
    const { stdout } = await run(process.execPath, [join(outDir, "cli.js"), "build", "tests/fixtures/typecheck/pipeline.ts", "--out-dir", join(outDir, "built")], { cwd: repo });
    expect(stdout).toContain("funcflow build: 1 module(s), 4 node(s), 3 input(s); 6 edge(s) type-checked");
    const failed = await run(process.execPath, [join(outDir, "cli.js"), "validate", "tests/fixtures/typecheck/mismatches.ts"], { cwd: repo }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain("5 type mismatches between nodes");
  });
});
