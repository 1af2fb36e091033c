/**
 * One module, four ways to run it: in vitest, under tsx, as plain tsc output (read through
 * its .d.ts), and as an esbuild-minified bundle with a prebuilt manifest. All must agree.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build as esbuild } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { writeManifest } from "funcflow/scanner";
import { describeRun } from "../fixtures/runtime/describe-run.ts";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => join(repo, "tests/fixtures/runtime", name);
const bin = (name: string) => join(repo, "node_modules/.bin", name);

let workDir: string;
let inVitest: string;
beforeAll(async () => {
  // Inside the repository, so compiled code resolves node_modules as it would in a project.
  await mkdir(join(repo, "tests/runtimes/tmp"), { recursive: true });
  workDir = await mkdtemp(join(repo, "tests/runtimes/tmp/run-"));
  const dr = await new Builder()
    .withModules(new URL("../fixtures/runtime/transforms.ts", import.meta.url))
    .withConfig({ mode: "product" })
    .withManifestCache(false)
    .build();
  inVitest = await describeRun(dr);
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

describe("the same module under every runtime", () => {
  it("computes the expected graph and results in vitest", () => {
    const { nodes, result } = JSON.parse(inVitest);
    expect(result).toEqual({ a: 10, b: 11, c: 110, d: 330 });
    expect(nodes.find((node: { name: string }) => node.name === "b").dependencies).toEqual(["a"]);
    expect(nodes.find((node: { name: string }) => node.name === "d").dependencies).toEqual(["c", "factor?"]);
  });

  it("agrees under tsx", async () => {
    const { stdout } = await run(bin("tsx"), [fixture("main.ts")], { cwd: repo });
    expect(stdout.trim()).toBe(inVitest);
  });

  it("agrees as plain tsc output, read through its declaration files", async () => {
    const outDir = join(workDir, "tsc");
    await run(bin("tsc"), [
      fixture("main.ts"),
      fixture("transforms.ts"), // loaded by URL, not imported: a project's tsconfig "include" would list it
      ...["--outDir", outDir, "--rootDir", repo, "--module", "nodenext", "--target", "es2022", "--lib", "es2023"],
      ...["--declaration", "--rewriteRelativeImportExtensions", "--skipLibCheck", "--types", "node", "--ignoreConfig"],
    ], { cwd: repo });
    const { stdout } = await run(process.execPath, [join(outDir, "tests/fixtures/runtime/main.js")], { cwd: repo });
    expect(stdout.trim()).toBe(inVitest);
  }, 60_000);

  it("agrees as an esbuild-minified bundle with a prebuilt manifest", async () => {
    const manifestFile = await writeManifest(fixture("transforms.ts"), join(workDir, "transforms.funcflow.json"));
    const bundle = join(workDir, "bundle.mjs");
    await esbuild({
      entryPoints: [fixture("bundle-entry.ts")],
      outfile: bundle,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "node",
      external: ["ts-morph"],
      logLevel: "silent",
    });
    const code = await readFile(bundle, "utf8");
    expect(code).not.toMatch(/function \w+\(seed\)/); // parameter names really are gone
    const { stdout } = await run(process.execPath, [bundle, manifestFile], { cwd: repo });
    expect(stdout.trim()).toBe(inVitest);
  });
});
