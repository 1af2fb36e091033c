/**
 * `funcflow view --format gexf|json`: the command writes the graph as data that graphology reads
 * back. It runs through the CLI's main() in this process (tests/support/cli-in-process.ts): the
 * data, not the process, is the subject.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import graphology from "graphology";
import { parse } from "graphology-gexf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { funcflowInProcess, repo } from "../cli/support/run-cli.ts";

const example = "examples/hello-world/transforms.ts";
let out: string;

beforeAll(async () => {
  await mkdir(join(repo, "tests/graphology/tmp"), { recursive: true });
  out = await mkdtemp(join(repo, "tests/graphology/tmp/view-"));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe("funcflow view as data", { timeout: 120_000 }, () => {
  it("funcflow view -o graph.gexf writes GEXF with every node and its code version", async () => {
    const file = join(out, "graph.gexf");
    const { code, stdout, stderr } = await funcflowInProcess(["view", example, "-o", file]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote .*graph\.gexf \(gexf\)/);
    const graph = parse(graphology.DirectedGraph, await readFile(file, "utf8"));
    expect(graph.order).toBe(8);
    expect(graph.getNodeAttribute("spendMean", "codeVersion")).toMatch(/^[0-9a-f]+$/);
    expect(graph.getEdgeAttribute(graph.edge("spendMean", "spendZeroMean")!, "parameter")).toBe("spendMean");
  });

  it("funcflow view --format json --outputs prints the path's graph as graphology JSON", async () => {
    const { code, stdout } = await funcflowInProcess(["view", example, "--format", "json", "--outputs", "spendZeroMean", "--input", "spend=[1,2]"]);
    expect(code).toBe(0);
    const graph = new graphology.DirectedGraph();
    graph.import(JSON.parse(stdout));
    expect(graph.nodes().sort()).toEqual(["spend", "spendMean", "spendZeroMean"]);
    expect(graph.getNodeAttribute("spend", "pathRole")).toBe("given-input");
    expect(graph.getNodeAttribute("spendZeroMean", "layer")).toBe(2);
  });

  it("funcflow view --format json names an unknown output", async () => {
    const { code, stderr } = await funcflowInProcess(["view", example, "--format", "json", "--outputs", "spendMaen"]);
    expect(code).not.toBe(0);
    expect(stderr).toContain('did you mean "spendMean"');
  });
});
