/**
 * The CLI on examples/hello-world: list, build, validate, view and run, checking exit codes, what
 * is printed and the files written. Commands run through main() in process; the real binary
 * (tsx src/cli.ts, as a user's shell runs it) is spawned where it is the subject: listing, and
 * the progress bar on a terminal.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanFile } from "funcflow/scanner";
import { funcflow, funcflowInProcess, repo } from "./support/run-cli.ts";

const example = "examples/hello-world/transforms.ts";
const data = "tests/cli/fixtures/hello-data.csv";
let out: string;
/** `out` relative to the repository, as a user would type it. */
const outPath = (name: string) => relative(repo, join(out, name));

beforeAll(async () => {
  await mkdir(join(repo, "tests/cli/tmp"), { recursive: true });
  out = await mkdtemp(join(repo, "tests/cli/tmp/hello-"));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe("funcflow list", () => {
  it("funcflow list (the real binary) prints every node with kind, type and doc", async () => {
    const { code, stdout } = await funcflow(["list", example]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^spendMean\s+function\s+number\s+Mean weekly spend\.\s+examples\/hello-world\/transforms\.ts:19$/m);
    expect(stdout).toMatch(/^spend\s+input\s+Vector<Float64>/m);
    expect(stdout).toContain("8 node(s) (6 function(s), 2 input(s), 0 config key(s))");
  });

  it("funcflow list --json --kind input prints the inputs as data", async () => {
    const { code, stdout } = await funcflowInProcess(["list", example, "--json", "--kind", "input"]);
    expect(code).toBe(0);
    const nodes = JSON.parse(stdout) as { name: string; kind: string; type: string; dependents: string[] }[];
    expect(nodes.map((node) => [node.name, node.kind, node.type])).toEqual([
      ["spend", "input", "Vector<Float64>"],
      ["signups", "input", "Vector<Float64>"],
    ]);
    expect(nodes[1]?.dependents).toEqual(["spendPerSignup"]);
    expect(nodes.map((node) => (node as { version?: unknown }).version)).toEqual([null, null]);
  });

  it("funcflow list --json gives each function its code version, the manifest's (what the cache keys on)", async () => {
    const { code, stdout } = await funcflowInProcess(["list", example, "--json", "--kind", "function"]);
    expect(code).toBe(0);
    const nodes = JSON.parse(stdout) as { name: string; version: string | null }[];
    const manifest = await scanFile(join(repo, example));
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node.version).toBe(manifest.functions.find((fn) => fn.exportName === node.name)?.codeVersion);
  });
});

describe("funcflow build", () => {
  it("funcflow build writes the manifest and the typings and reports the checked edges", async () => {
    const { code, stdout, stderr } = await funcflowInProcess(["build", example, "--out-dir", outPath("build")]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("funcflow build: 1 module(s), 8 node(s) (6 function(s), 2 input(s), 0 config key(s)); 3 edge(s) type-checked");
    const manifest = JSON.parse(await readFile(join(out, "build/transforms.funcflow.json"), "utf8"));
    expect(manifest).toEqual(await scanFile(join(repo, example)));
    const typings = await readFile(join(out, "build/transforms.funcflow.d.ts"), "utf8");
    expect(typings).toContain(`import type * as M0 from "../../../../../examples/hello-world/transforms.js";`);
    expect(typings).toContain("readonly spendMean: Awaited<ReturnType<typeof M0.spendMean>>;");
    expect(typings).toContain("readonly signups: Parameters<typeof M0.spendPerSignup>[1];");
  });

  it("funcflow build --check passes when the typings committed for a fixture are current", async () => {
    // The manifest goes to a scratch folder; the typings checked are the committed ones the type tests use.
    const args = ["build", "tests/fixtures/typecheck/pipeline.ts", "--out-dir", outPath("pipeline"), "--types", "tests/fixtures/typecheck/pipeline.funcflow.d.ts"];
    expect((await funcflowInProcess(args.slice(0, 4))).code).toBe(0);
    const { code, stdout, stderr } = await funcflowInProcess([...args, "--check"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("funcflow build --check: 2 file(s) up to date");
  });

  it("funcflow build --check fails when a file is missing", async () => {
    const { code, stderr } = await funcflowInProcess(["build", example, "--out-dir", outPath("never-written"), "--check"]);
    expect(code).toBe(1);
    expect(stderr).toContain("2 file(s) differ from what build would write");
  });

  it("funcflow build lists every type mismatch, writes nothing and exits 1", async () => {
    const { code, stderr } = await funcflowInProcess(["build", "tests/fixtures/typecheck/mismatches.ts", "--out-dir", outPath("mismatches")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^funcflow build: 5 type mismatches between nodes:/);
    expect(stderr).toContain("tests/fixtures/typecheck/mismatches.ts:8:17  count returns string");
    expect(stderr).toContain("tests/fixtures/typecheck/mismatches.ts:12:25 doubled(count) takes number");
    expect(stderr).toContain("(error code: edge_type_mismatch; add --verbose for the stack)");
    await expect(readFile(join(out, "mismatches/mismatches.funcflow.json"))).rejects.toThrow();
  });
});

describe("funcflow validate", () => {
  it("funcflow validate passes a request that has its inputs", async () => {
    const { code, stdout } = await funcflowInProcess(["validate", example, "--outputs", "spendZeroMeanUnitVariance", "--inputs", data]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^funcflow validate: ok: graph of 8 node\(s\) \(6 function\(s\), 2 input\(s\), 0 config key\(s\)\) is valid; 3 edge\(s\) type-checked; spendZeroMeanUnitVariance can run with the given inputs$/m);
  });

  it("funcflow validate names every missing input and exits 1", async () => {
    const { code, stderr } = await funcflowInProcess(["validate", example, "--outputs", "spendPerSignup,spendMean", "--no-typecheck"]);
    expect(code).toBe(1);
    expect(stderr).toContain("(error code: missing_input");
    expect(stderr).toContain('"spend"');
    expect(stderr).toContain('"signups"');
  });

  it("funcflow validate suggests the nearest name for a misspelled output", async () => {
    const { code, stderr } = await funcflowInProcess(["validate", example, "--outputs", "spendMaen", "--no-typecheck"]);
    expect(code).toBe(1);
    expect(stderr).toContain("spendMean");
    expect(stderr).toContain("(error code: unknown_output");
  });
});

describe("funcflow view", () => {
  it("funcflow view prints DOT on stdout", async () => {
    const { code, stdout } = await funcflowInProcess(["view", example, "--orient", "TB", "--hide-inputs"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^digraph funcflow \{/);
    expect(stdout).toContain('rankdir="TB"');
    expect(stdout).not.toMatch(/^\s*"spend" \[/m);
    expect(stdout).toMatch(/^\s*"spendMean" -> "spendZeroMean";$/m);
  });

  it("funcflow view --around --hops draws only the nodes near the chosen ones", async () => {
    const { code, stdout } = await funcflowInProcess(["view", example, "--around", "spendMean", "--hops", "1", "--no-legend"]);
    expect(code).toBe(0);
    const drawn = [...stdout.matchAll(/^\s*"([^"]+)" \[/gm)].map((match) => match[1]).sort();
    expect(drawn).toEqual(["spend", "spendMean", "spendZeroMean"]);
    expect(stdout).not.toContain("Legend");
  });

  it("funcflow view --downstream-of / --upstream-of draw what depends on a node, what it depends on, and both the paths between", async () => {
    const drawn = (stdout: string) => [...stdout.matchAll(/^\s*"([^"]+)" \[/gm)].map((match) => match[1]).sort();
    const downstream = await funcflowInProcess(["view", example, "--downstream-of", "spendMean", "--no-legend"]);
    expect(downstream.code).toBe(0);
    // With the parents of each drawn node, as display_downstream_of: spend, and spendStdDev of the last.
    expect(drawn(downstream.stdout)).toEqual(["spend", "spendMean", "spendStdDev", "spendZeroMean", "spendZeroMeanUnitVariance"]);
    const between = await funcflowInProcess(["view", example, "--upstream-of", "spendZeroMeanUnitVariance", "--downstream-of", "spendMean", "--no-legend"]);
    expect(drawn(between.stdout)).toEqual(["spend", "spendMean", "spendStdDev", "spendZeroMean", "spendZeroMeanUnitVariance"]);
    const strict = await funcflowInProcess(["view", example, "--upstream-of", "spendZeroMeanUnitVariance", "--downstream-of", "spendMean", "--strict-path", "--no-legend"]);
    expect(drawn(strict.stdout)).toEqual(["spendMean", "spendZeroMean", "spendZeroMeanUnitVariance"]);
    const alone = await funcflowInProcess(["view", example, "--downstream-of", "spendMean", "--strict-path"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("option '--strict-path' needs --upstream-of and --downstream-of");
    const unknown = await funcflowInProcess(["view", example, "--downstream-of", "spendMaen"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("spendMean");
    const refused = await funcflowInProcess(["view", example, "--downstream-of", "spend", "--html", outPath("page.html")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--downstream-of");
  });

  it("funcflow view writes SVG and PNG files rendered without a system Graphviz", async () => {
    const [svg, png] = await Promise.all([
      funcflow(["view", example, "--outputs", "spendMean", "--inputs", data, "-o", outPath("path.svg")]),
      funcflow(["view", example, "-o", outPath("graph.png")]),
    ]);
    expect([svg.code, png.code]).toEqual([0, 0]);
    expect(svg.stdout).toContain(`funcflow view: wrote ${outPath("path.svg")} (svg)`);
    const svgText = await readFile(join(out, "path.svg"), "utf8");
    expect(svgText).toContain("<svg");
    expect(svgText).toContain("spendMean");
    expect(svgText).not.toContain("spendPerSignup"); // one execution path only
    const pngBytes = await readFile(join(out, "graph.png"));
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe("funcflow run", () => {
  it("funcflow run prints a summary table of the outputs", async () => {
    const { code, stdout, stderr } = await funcflowInProcess(["run", example, "--inputs", data, "--outputs", "spendMean,spendZeroMeanUnitVariance"]);
    expect(stderr).toBe(""); // no progress bar off a terminal
    expect(code).toBe(0);
    expect(stdout).toMatch(/^output\s+value\s+rows\s+time\s+preview$/m);
    expect(stdout).toMatch(/^spendMean\s+number\s+[\d.]+ ms\s+28\.3333$/m);
    expect(stdout).toMatch(/^spendZeroMeanUnitVariance\s+Vector<Float64>\s+6\s+[\d.]+ ms\s+\[-1\.06441, -1\.06441, -0\.483821, 0\.677349, 0\.677349, …\]$/m);
    expect(stdout).toMatch(/^4 node\(s\) ran in [\d.]+ ms$/m);
  });

  // util-linux `script` gives the binary a terminal, where the progress bar is drawn.
  it.skipIf(!existsSync("/usr/bin/script"))("funcflow run draws a progress bar on a terminal", async () => {
    const command = `node_modules/.bin/tsx src/cli.ts run ${example} --inputs ${data} --outputs spendZeroMeanUnitVariance`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile("/usr/bin/script", ["-qc", command, "/dev/null"], { cwd: repo, env: { ...process.env, CI: "" } }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
    expect(output).toMatch(/\rrun \[#+\] 4\/4 done in \d+ ms/);
    expect(output).toMatch(/4 node\(s\) ran in/);
  });

  it("funcflow run --out writes the outputs as a table", async () => {
    const { code, stdout } = await funcflowInProcess(["run", example, "--inputs", data, "--outputs", "spendPerSignup,spendMean", "--out", outPath("result.csv")]);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${outPath("result.csv")}`);
    const csv = await readFile(join(out, "result.csv"), "utf8");
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toBe("spendPerSignup,spendMean");
    expect(rows.map((row) => Number(row.split(",")[0]))).toEqual([10, 1, 0.4, 0.4, 0.2, 0.125]);
    expect(rows).toHaveLength(6);
  });

  it("funcflow run --out makes missing folders, and refuses a folder or a path below a file before running", async () => {
    const nested = outPath(join("made", "for", "run", "result.parquet"));
    const made = await funcflowInProcess(["run", example, "--inputs", data, "--outputs", "spendPerSignup", "--out", nested, "--no-type-check"]);
    expect(made.stderr).toBe("");
    expect(existsSync(join(out, "made", "for", "run", "result.parquet"))).toBe(true);
    await mkdir(join(out, "folder.csv"), { recursive: true });
    for (const [target, message] of [
      [outPath("folder.csv"), "is a folder"],
      [outPath(join("made", "for", "run", "result.parquet", "below.csv")), "is a file, not a folder"],
    ] as const) {
      const refused = await funcflowInProcess(["run", example, "--inputs", data, "--outputs", "spendPerSignup", "--out", target, "--no-type-check"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(message);
      expect(refused.stderr).toContain("io_failed");
      // Refused before the run: no summary of computed outputs.
      expect(refused.stdout).toBe("");
    }
  });

  it("funcflow run --out goes through materialize's combined save: an unknown output is named as one of --outputs, and nothing is written", async () => {
    const target = outPath(join("unknown", "result.csv"));
    const refused = await funcflowInProcess(["run", example, "--inputs", data, "--outputs", "spendPerSignup,spendMaen", "--out", target, "--no-type-check"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`funcflow run: --outputs names "spendMaen", which is no node (did you mean "spendMean"`);
    expect(refused.stderr).not.toContain("request.save");
    expect(existsSync(join(out, "unknown"))).toBe(false);
  });

  it("funcflow run --json prints the values and each node's time", async () => {
    const { code, stdout } = await funcflowInProcess(["run", example, "--outputs", "spendMean,spendPerSignup", "--inputs", data, "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { outputs: Record<string, unknown>; nodes: { name: string; status: string }[] };
    expect(parsed.outputs["spendMean"]).toBeCloseTo(28.333333333333332, 12);
    expect(parsed.outputs["spendPerSignup"]).toEqual([10, 1, 0.4, 0.4, 0.2, 0.125]);
    expect(parsed.nodes.map((node) => [node.name, node.status]).sort()).toEqual([["spendMean", "ok"], ["spendPerSignup", "ok"]]);
  });

  it("funcflow run reads a JSON object of inputs, a config and --input values", async () => {
    const common = ["run", "tests/fixtures/typecheck/pipeline.ts", "--inputs", "tests/cli/fixtures/orders.json", "--outputs", "tax,label", "--json"];
    const [us, other] = await Promise.all([
      funcflow([...common, "--config", '{"region":"US"}', "--input", "threshold=100"]),
      funcflow([...common, "--set", "region=EU", "--input", "threshold=0"]),
    ]);
    expect([us.code, other.code]).toEqual([0, 0]);
    expect(JSON.parse(us.stdout).outputs).toEqual({ tax: 28.000000000000004, label: "428.00 EUR" });
    expect(JSON.parse(other.stdout).outputs).toEqual({ tax: 90, label: "540.00 EUR" });
  });

  it("funcflow run without --outputs says what to pass", async () => {
    const { code, stderr } = await funcflowInProcess(["run", example, "--inputs", data]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^funcflow run: run: no outputs\. Name the nodes to compute with --outputs/);
  });
});
