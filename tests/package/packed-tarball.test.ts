/**
 * The package as a user gets it: `npm pack`, then installed into an empty project. The machine
 * has no registry access, so `npm install --offline` cannot fetch the dependencies; the tarball
 * is extracted into the project's node_modules/funcflow instead, and each of its declared
 * runtime `dependencies` (only those: a package that is only a devDependency stays missing, as
 * for a real user) is linked from this checkout's node_modules. The project then reads and
 * writes every table format through `funcflow/io`, runs a pipeline through `funcflow`, and runs
 * the `funcflow` bin on plain Node (TypeScript modules through tsx, edge types checked against the
 * shipped .d.ts files). One `npm pack` (its prepack builds dist/) serves every test here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const project = mkdtempSync(join(tmpdir(), "funcflow-packed-"));
const installed = join(project, "node_modules", "funcflow");

beforeAll(() => {
  // prepack builds dist/ first.
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", project], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [{ filename }] = JSON.parse(output.slice(output.indexOf("["))) as [{ filename: string }];
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["xzf", join(project, filename), "-C", installed, "--strip-components=1"]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", version: "1.0.0", type: "module" }));
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const own = join(installed, "node_modules");
  for (const dependency of Object.keys(manifest.dependencies)) {
    const link = join(own, dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, "node_modules", dependency), link, "dir");
  }
}, 240_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Links packages the user's project would have installed itself (tsx, to run TypeScript) from this checkout. */
function linkFromCheckout(names: readonly string[]): void {
  for (const name of names) {
    const link = join(project, "node_modules", name);
    if (!existsSync(link) && existsSync(join(root, "node_modules", name))) symlinkSync(join(root, "node_modules", name), link, "dir");
  }
}

describe("the packed tarball installed into an empty project", () => {
  it("reads and writes CSV, JSON, Arrow IPC and Parquet through funcflow/io, and runs a pipeline", () => {
    writeFileSync(
      join(project, "use.mjs"),
      `import { readTable, writeTable } from "funcflow/io";
import { tableFromArrays } from "apache-arrow";
import { Builder } from "funcflow";
const table = tableFromArrays({ id: Int32Array.from([1, 2, 3]), amount: Float64Array.from([1.5, 2.5, 3.5]) });
const out = {};
for (const format of ["csv", "json", "arrow", "parquet"]) {
  const path = "out." + format;
  await writeTable(path, table);
  const back = await readTable(path);
  out[format] = [back.numRows, back.getChild("amount").toArray().join(",")];
}
const dr = await new Builder().withModules(new URL("./pipeline.js", import.meta.url)).build();
out.pipeline = (await dr.execute(["doubled"], { inputs: { x: 21 } })).doubled;
process.stdout.write(JSON.stringify(out));
`,
    );
    writeFileSync(join(project, "pipeline.js"), "/** Twice x. */\nexport function doubled(x) {\n  return x * 2;\n}\n");
    // apache-arrow is the user's own dependency here, as it would be in a real project.
    symlinkSync(join(root, "node_modules", "apache-arrow"), join(project, "node_modules", "apache-arrow"), "dir");
    const run = spawnSync(process.execPath, ["use.mjs"], { cwd: project, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      csv: [3, "1.5,2.5,3.5"],
      json: [3, "1.5,2.5,3.5"],
      arrow: [3, "1.5,2.5,3.5"],
      parquet: [3, "1.5,2.5,3.5"],
      pipeline: 42,
    });
  }, 60_000);

  it("a TypeScript module runs on worker threads when the app registered tsx by API: the workers get tsx's loader without execArgv", () => {
    // tsx registered by API reaches the main thread only (Node 20), as in an app that calls register();
    // funcflow adds tsx's loader to the workers itself, resolved from the module's project.
    linkFromCheckout(["tsx", "get-tsconfig", "resolve-pkg-maps", "esbuild", "@esbuild"]);
    writeFileSync(join(project, "heavy.ts"), `import { tag } from "funcflow";\nimport { isMainThread } from "node:worker_threads";\nexport const heavy = tag({ executor: "worker" }, (x: number): string => \`\${x * 2} on \${isMainThread ? "main" : "worker"}\`);\n`);
    writeFileSync(
      join(project, "workers.mjs"),
      `import { register } from "tsx/esm/api";
register();
const { Builder } = await import("funcflow");
const { workerExecutor } = await import("funcflow/workers");
const executor = workerExecutor({ threads: 1 });
const dr = await new Builder().withModules(new URL("./heavy.ts", import.meta.url)).withExecutor(executor).build();
try {
  const { heavy } = await dr.execute(["heavy"], { inputs: { x: 2 } });
  process.stdout.write(JSON.stringify({ heavy, execArgv: process.execArgv, stats: executor.stats() }));
} catch (error) {
  process.stdout.write(JSON.stringify({ code: error.code, message: error.message }));
} finally {
  await dr.close();
}
`,
    );
    const run = spawnSync(process.execPath, ["workers.mjs"], { cwd: project, encoding: "utf8" });
    expect(JSON.parse(run.stdout)).toEqual({ heavy: "4 on worker", execArgv: [], stats: { onWorkers: 1, inMainThread: 0, blockItemsOnWorkers: 0 } });
  }, 60_000);

  it("its bin (dist/cli.js) starts with a shebang, and runs a TypeScript pipeline through tsx's loader on plain Node", () => {
    const cli = join(installed, "dist", "cli.js");
    expect(readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    linkFromCheckout(["tsx", "get-tsconfig", "resolve-pkg-maps", "esbuild", "@esbuild"]);
    mkdirSync(join(project, "hello"), { recursive: true });
    for (const file of ["transforms.ts", "data.csv"]) copyFileSync(join(root, "examples/hello-world", file), join(project, "hello", file));
    const run = spawnSync(process.execPath, [cli, "run", "hello/transforms.ts", "--inputs", "hello/data.csv", "--outputs", "spendMean", "--json"], { cwd: project, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).outputs.spendMean).toBeCloseTo(28.333333333333332, 12);
  }, 60_000);

  it("its bin type-checks edges against the shipped .d.ts files, as the source does", () => {
    const cli = join(installed, "dist", "cli.js");
    linkFromCheckout(["tsx", "get-tsconfig", "resolve-pkg-maps", "esbuild", "@esbuild"]);
    writeFileSync(join(project, "typed.ts"), `import { tag } from "funcflow";\n/** Spend per signup. */\nexport const ratio = tag({ owner: "growth" }, (spend: number, signups: number): number => spend / signups);\nexport function label(ratio: number): string {\n  return ratio.toFixed(2);\n}\n`);
    writeFileSync(join(project, "mistyped.ts"), `export function count(): string {\n  return "3";\n}\nexport function doubled(count: number): number {\n  return count * 2;\n}\n`);
    const built = spawnSync(process.execPath, [cli, "build", "typed.ts", "--out-dir", "built"], { cwd: project, encoding: "utf8" });
    expect(built.stderr).toBe("");
    expect(built.stdout).toContain("1 edge(s) type-checked");
    const failed = spawnSync(process.execPath, [cli, "validate", "mistyped.ts"], { cwd: project, encoding: "utf8" });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("1 type mismatch between nodes:\n  count → doubled(count)");
    expect(failed.stderr).toContain("mistyped.ts:1:17 count returns string");
  }, 60_000);

  it("ships LICENSE (MIT) and source maps that carry their sources (src/ is not shipped)", () => {
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toContain("MIT License");
    expect(existsSync(join(installed, "src"))).toBe(false);
    const maps = readdirSync(join(installed, "dist"), { recursive: true }).map(String).filter((file) => file.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const parsed = JSON.parse(readFileSync(join(installed, "dist", map), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      parsed.sources.forEach((source, i) => {
        const shipped = existsSync(resolve(dirname(join(installed, "dist", map)), source));
        expect(shipped || typeof parsed.sourcesContent?.[i] === "string", `${map} → ${source}`).toBe(true);
      });
    }
  });

  it("declares parquet-wasm as a runtime dependency", () => {
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toContain("parquet-wasm");
    expect(Object.keys(manifest.devDependencies ?? {})).not.toContain("parquet-wasm");
  });
});

