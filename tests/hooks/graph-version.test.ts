/**
 * The graph's version (Hamilton's `HamiltonGraph.version`), as `afterBuild`, validators and each
 * run's `beforeGraph`/`afterGraph` see it: one digest of the nodes' versions that changes with a
 * function's code, not with its comments or the order modules are given in.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type GraphView, type LifecycleAdapter } from "funcflow";

const dir = fileURLToPath(new URL(`./tmp/graph-version-${process.pid}/`, import.meta.url));
const SALES = `/** Sales doubled. */\nexport function doubled(sales: number): number {\n  return sales * 2;\n}\n`;
const TAX = `export function tax(doubled: number, rate: number): number {\n  return doubled * rate;\n}\n`;

/** Writes each module under a fresh name (a new URL, so no import is reused) and returns its URL. */
let written = 0;
async function moduleOf(source: string): Promise<URL> {
  const path = `${dir}m${written++}.ts`;
  await writeFile(path, source);
  return pathToFileURL(path);
}

interface Seen {
  built?: string;
  validated?: string;
  runs: { before: string; after: string; nodes: number }[];
}

function versionRecorder(seen: Seen): LifecycleAdapter {
  return {
    name: "version-recorder",
    validateGraph(graph: GraphView) {
      seen.validated = graph.version;
    },
    afterBuild(event) {
      seen.built = event.version;
    },
    beforeGraph(event) {
      seen.runs.push({ before: event.graph.version, after: "", nodes: event.graph.nodes.length });
    },
    afterGraph(event) {
      seen.runs.at(-1)!.after = event.graph.version;
    },
  };
}

async function versionOf(...sources: string[]): Promise<string> {
  const seen: Seen = { runs: [] };
  const modules = await Promise.all(sources.map(moduleOf));
  const dr = await new Builder().withModules(...modules).withAdapters(versionRecorder(seen)).build();
  await dr.execute(["doubled"], { inputs: { sales: 2 } });
  return seen.built!;
}

beforeAll(() => mkdir(dir, { recursive: true }));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the graph's version", () => {
  it("is one value for validators, afterBuild and every run's graph hooks, the whole graph's even when a run computes part of it", async () => {
    const seen: Seen = { runs: [] };
    const dr = await new Builder().withModules(await moduleOf(SALES), await moduleOf(TAX)).withAdapters(versionRecorder(seen)).build();
    await dr.execute(["doubled"], { inputs: { sales: 2 } });
    await dr.execute(["tax"], { inputs: { sales: 2, rate: 0.1 } });
    await dr.execute(["tax"], { inputs: { sales: 2 } }).catch(() => undefined); // refused: missing rate
    expect(seen.built).toMatch(/^[0-9a-f]{64}$/);
    expect(seen.validated).toBe(seen.built);
    expect(seen.runs).toEqual(Array.from({ length: 3 }, () => ({ before: seen.built, after: seen.built, nodes: dr.listNodes().length })));
  });

  it("changes with a function's code, not with its comments, formatting or the order of the modules", async () => {
    const base = await versionOf(SALES, TAX);
    expect(await versionOf(TAX, SALES)).toBe(base);
    expect(await versionOf(SALES.replace("/** Sales doubled. */", "// twice the sales"), TAX.replace("return doubled * rate;", "return   doubled*rate ;"))).toBe(base);
    expect(await versionOf(SALES.replace("sales * 2", "sales * 3"), TAX)).not.toBe(base);
  });

  it("changes when a node is added or removed, or an input renamed", async () => {
    const base = await versionOf(SALES, TAX);
    expect(await versionOf(SALES)).not.toBe(base);
    expect(await versionOf(SALES, TAX.replaceAll("rate", "taxRate"))).not.toBe(base);
  });
});
