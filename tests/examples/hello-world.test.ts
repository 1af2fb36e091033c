import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { makeVector, type Vector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";

const run = promisify(execFile);
const example = (file: string) => new URL(`../../examples/hello-world/${file}`, import.meta.url);

const inputs = {
  spend: makeVector(new Float64Array([10, 10, 20, 40, 40, 50])),
  signups: makeVector(new Float64Array([1, 10, 50, 100, 200, 400])),
};

describe("examples/hello-world", () => {
  it("computes Hamilton's hello-world numbers", async () => {
    const dr = await new Builder().withModules(example("transforms.ts")).build();
    const result = await dr.execute(
      ["avg3wkSpend", "spendPerSignup", "spendMean", "spendStdDev", "spendZeroMeanUnitVariance"],
      { inputs },
    );
    const values = (vector: unknown) => (vector as Vector).toArray() as Float64Array;
    const nulls = (vector: unknown) => Array.from({ length: 6 }, (_, i) => (vector as Vector).isValid(i));
    expect(result.spendMean).toBeCloseTo(28.333333333333332, 12);
    expect(result.spendStdDev).toBeCloseTo(17.224014243685083, 12);
    expect(Array.from(values(result.spendPerSignup))).toEqual([10, 1, 0.4, 0.4, 0.2, 0.125]);
    expect(nulls(result.avg3wkSpend)).toEqual([false, false, true, true, true, true]);
    const rolling = Array.from(values(result.avg3wkSpend)).slice(2);
    [13.3333333333, 23.3333333333, 33.3333333333, 43.3333333333].forEach((mean, i) => expect(rolling[i]).toBeCloseTo(mean, 9));
    const scaled = [-1.0644053746, -1.0644053746, -0.4838206248, 0.6773488748, 0.6773488748, 1.2579336245];
    Array.from(values(result.spendZeroMeanUnitVariance)).forEach((value, i) => expect(value).toBeCloseTo(scaled[i]!, 9));
  });

  it("has the graph Hamilton draws: six functions and two inputs", async () => {
    const dr = await new Builder().withModules(example("transforms.ts")).build();
    const nodes = dr.listNodes();
    expect(nodes.filter((node) => node.kind === "function")).toHaveLength(6);
    expect(nodes.filter((node) => node.isExternalInput).map((node) => node.name).sort()).toEqual(["signups", "spend"]);
  });

  it("npm run demo prints the table and writes the DOT file", async () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const { stdout } = await run("npm", ["run", "--silent", "demo"], { cwd: root });
    expect(stdout).toContain("spendZeroMeanUnitVariance");
    expect(stdout).toContain("-1.06440537");
    const dot = await readFile(example("hello-world.dot"), "utf8");
    expect(dot).toMatch(/^digraph funcflow \{/);
    expect(dot).toContain(`"spendZeroMeanUnitVariance" [shape="box", style="rounded,filled", fillcolor="#ffc857"`);
  });
});

describe("examples/hello-world with Danfo", () => {
  it("gives the same numbers from Danfo Series inputs, as a DataFrame", async () => {
    const { helloWorldWithDanfo } = await import("../../examples/hello-world/run-danfo.ts");
    const frame = await helloWorldWithDanfo();
    expect(frame.columns).toEqual(["avg3wkSpend", "spendPerSignup", "spendZeroMeanUnitVariance"]);
    const column = (name: string) => frame.column(name).values as number[];
    expect(column("spendPerSignup")).toEqual([10, 1, 0.4, 0.4, 0.2, 0.125]);
    const scaled = [-1.0644053746, -1.0644053746, -0.4838206248, 0.6773488748, 0.6773488748, 1.2579336245];
    column("spendZeroMeanUnitVariance").forEach((value, i) => expect(value).toBeCloseTo(scaled[i]!, 9));
    expect(column("avg3wkSpend").slice(0, 2).every(Number.isNaN)).toBe(true); // Arrow null → NaN in danfo
    expect(column("avg3wkSpend")[2]).toBeCloseTo(13.3333333333, 9);
  });
});
