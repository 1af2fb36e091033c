/**
 * Envelopes of pipelines whose Builder loads modules by path while it builds: subdag and
 * parameterizedSubdag modules, withColumns modules, functions imported from another file and
 * listed by name, and a subdag over a module with subdags of its own. Saved from a copy of the
 * fixtures that is deleted before anything is loaded (no source can be read), the envelope loads
 * in a fresh Driver, a fresh process, on worker threads, served over HTTP and as a batch, with the
 * original's results and code versions. A module missing from a damaged or format-1 envelope is
 * `envelope_invalid` naming it and the node that needs it; a format-1 envelope still loads.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "../../src/index.ts";
import { ENVELOPE_FILES, folderRegistry, loadEnvelope, runBatch, saveEnvelope, serveEnvelope, type SavedEnvelope } from "../../src/envelope.ts";
import { sealMeta } from "../../src/envelope/envelope-meta.ts";
import { hashContent } from "../../src/envelope/hash-content.ts";
import { workerExecutor } from "../../src/workers.ts";
import { rejection } from "../support/caught.ts";
import { repo, runChild } from "./support/child.ts";
import { funcflowInProcess } from "./support/cli-in-process.ts";

const OUTPUTS = ["partScore", "low", "high", "listedSum", "nestedScore", "enrichedRevenue"];
const X = [1, 2, 3.5, -4];
const BUILD_MODULES = ["part.ts", "listed.ts", "middle.ts", "inner.ts", "columns.ts"];

let sandbox: string;
let registry: string;
let copy: string;
let fromModules: SavedEnvelope;
let fromDriver: SavedEnvelope;
let expected: Record<string, number[]>;
let expectedNodes: readonly (readonly [string, string | undefined, string | undefined])[];

const arraysOf = (values: Record<string, unknown>): Record<string, number[]> => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Array.from(value as Iterable<number>)]));
const inputs = () => ({ x: makeVector(new Float64Array(X)) });
const nodesOf = (nodes: readonly { name: string; version?: string | undefined; source?: { module: string } | undefined }[]) => nodes.map((node) => [node.name, node.version, node.source?.module] as const);

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-build-modules-"));
  registry = join(sandbox, "registry");
  // Saved from a copy inside the repo (its imports of funcflow resolve there), deleted before any load.
  copy = join(repo, "tests/envelope/tmp", `build-modules-${process.pid}`);
  await mkdir(copy, { recursive: true });
  await cp(join(repo, "tests/envelope/fixtures/build-modules"), copy, { recursive: true });
  try {
    const driver = await new Builder().withModules(join(copy, "pipeline.ts")).build();
    expected = arraysOf(await driver.execute(OUTPUTS, { inputs: inputs() }));
    expectedNodes = nodesOf(driver.listNodes());
    fromModules = await saveEnvelope({ name: "build-modules", modules: [join(copy, "pipeline.ts")], outputs: OUTPUTS, registry, root: repo, sbom: false });
    fromDriver = await saveEnvelope({ name: "build-modules-driver", driver, outputs: OUTPUTS, registry, root: repo, sbom: false });
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}, 120_000);

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

const contentOf = (saved: { id: string }) => join(registry, "envelopes", saved.id, ENVELOPE_FILES.content);
const storedManifest = async (saved: { id: string }) => JSON.parse(await readFile(join(contentOf(saved), ENVELOPE_FILES.manifest), "utf8")) as Record<string, unknown> & { modules: { source: string }[]; buildModules?: { source: string; exportName: string; manifest: unknown }[] };

/** Writes `content` (changed by `change`) as a new envelope `name` of the registry: hashed and sealed as saveEnvelope would. */
async function savedWith(saved: { id: string }, name: string, change: (manifest: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
  const folder = folderRegistry(registry);
  const staged = await folder.stage();
  await cp(contentOf(saved), join(staged, ENVELOPE_FILES.content), { recursive: true });
  await writeFile(join(staged, ENVELOPE_FILES.content, ENVELOPE_FILES.manifest), JSON.stringify(change(await storedManifest(saved)), null, 1));
  const id = await hashContent(join(staged, ENVELOPE_FILES.content));
  await writeFile(join(staged, ENVELOPE_FILES.meta), sealMeta({ id, tags: {}, metrics: {} }));
  return (await folder.add(staged, id, name)).id;
}

describe("envelopes of pipelines that load modules while building", () => {
  it("bundle every module the Builder loaded, each with its manifest, apart from the pipeline's own modules", async () => {
    for (const saved of [fromModules, fromDriver]) {
      const manifest = await storedManifest(saved);
      expect(manifest.formatVersion).toBe(2);
      expect(manifest.modules.map((module) => module.source)).toEqual([`tests/envelope/tmp/build-modules-${process.pid}/pipeline.ts`]);
      expect(manifest.buildModules?.map((module) => module.source.split("/").at(-1)).sort()).toEqual([...BUILD_MODULES].sort());
      for (const module of manifest.buildModules ?? []) expect(module.manifest).toMatchObject({ functions: expect.any(Array) });
      const metafile = JSON.parse(await readFile(join(contentOf(saved), ENVELOPE_FILES.metafile), "utf8")) as { localSources: string[] };
      for (const file of ["pipeline.ts", ...BUILD_MODULES]) expect(metafile.localSources.some((path) => path.endsWith(`/${file}`))).toBe(true);
    }
  });

  it("load in a fresh Driver without the source, with the original's results, nodes and code versions", async () => {
    for (const saved of [fromModules, fromDriver]) {
      const envelope = await loadEnvelope(saved.id, { registry });
      expect(arraysOf(await envelope.execute(inputs()))).toEqual(expected);
      expect(nodesOf(envelope.driver.listNodes())).toEqual(expectedNodes);
      const codeVersions = (await storedManifest(saved)).codeVersions as Record<string, string>;
      for (const [name, version] of expectedNodes) if (version !== undefined) expect(codeVersions[name]).toBe(version);
    }
  });

  it("load and run in a fresh process in another folder", async () => {
    const elsewhere = await mkdtemp(join(sandbox, "elsewhere-"));
    const child = await runChild("tests/envelope/support/load-and-run.ts", [registry, "build-modules@1", JSON.stringify({ x: X })], elsewhere);
    expect(child.stderr).not.toContain("Error");
    expect(child.code).toBe(0);
    expect((JSON.parse(child.stdout) as { outputs: unknown }).outputs).toEqual(expected);
  }, 60_000);

  it("run with worker threads, with the same results", async () => {
    const envelope = await loadEnvelope("build-modules@1", { registry, executor: workerExecutor({ threads: 1, select: "all" }) });
    try {
      expect(arraysOf(await envelope.execute(inputs()))).toEqual(expected);
    } finally {
      await envelope.driver.close();
    }
  });

  it("the nodes of modules loaded while building run on worker threads when built from the source (they are addressed like the pipeline's own)", async () => {
    const threads = workerExecutor({ threads: 1, select: "all" });
    const driver = await new Builder().withModules(join(repo, "tests/envelope/fixtures/build-modules/pipeline.ts")).withExecutor(threads).build();
    try {
      // low.raw and low.factor are bound inputs (run here); part.ts's cleaned and score run on the thread.
      expect(arraysOf(await driver.execute(["low.score"], { inputs: inputs() }))).toEqual({ "low.score": expected.low });
      expect(threads.stats().onWorkers).toBe(2);
    } finally {
      await driver.close();
    }
  });

  it("serve over HTTP on loopback with the original's results", async () => {
    const service = await serveEnvelope("build-modules@1", { registry, host: "127.0.0.1", port: 0, logLevel: false });
    try {
      const response = await fetch(`${service.url}/execute`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outputs: OUTPUTS, inputs: { x: X } }) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(expected);
    } finally {
      await service.close();
    }
  });

  it("run as a batch job with the original's results", async () => {
    const folder = await mkdtemp(join(sandbox, "batch-"));
    await writeFile(join(folder, "in.csv"), `x\n${X.join("\n")}\n`);
    const log = await runBatch("build-modules@1", { inputs: join(folder, "in.csv"), out: join(folder, "out.csv"), batchRows: 3, registry, log: join(folder, "log.jsonl") });
    expect(log).toMatchObject({ status: "ok", rows: X.length, batches: 2 });
    const [header, ...rows] = (await readFile(join(folder, "out.csv"), "utf8")).trim().split("\n");
    const columns = header!.split(",");
    const read = Object.fromEntries(columns.map((column, at) => [column, rows.map((row) => Number(row.split(",")[at]))]));
    expect(read).toEqual(Object.fromEntries(OUTPUTS.map((output) => [output, expected[output]])));
  });

  it("funcflow envelope save and funcflow batch do the same from the command line", async () => {
    const folder = await mkdtemp(join(sandbox, "cli-"));
    await writeFile(join(folder, "in.csv"), `x\n${X.join("\n")}\n`);
    const saved = await funcflowInProcess(["envelope", "save", join(repo, "tests/envelope/fixtures/build-modules/pipeline.ts"), "--name", "build-modules-cli", "--outputs", OUTPUTS.join(","), "--registry", registry, "--no-sbom"]);
    expect(saved.code, saved.stderr).toBe(0);
    const batch = await funcflowInProcess(["batch", "build-modules-cli@1", "--inputs", join(folder, "in.csv"), "--out", join(folder, "out.csv"), "--registry", registry]);
    expect(batch.code, batch.stderr).toBe(0);
    expect((await readFile(join(folder, "out.csv"), "utf8")).trim().split("\n")[1]!.split(",").map(Number)).toEqual(OUTPUTS.map((output) => expected[output]![0]));
  });

  it("a module missing from a damaged envelope is envelope_invalid naming it and the node that needs it", async () => {
    const drop = (file: string) => (manifest: Record<string, unknown>) => ({ ...manifest, buildModules: (manifest.buildModules as { source: string }[]).filter((module) => !module.source.endsWith(`/${file}`)) });
    const cases = [
      ["part.ts", "partScore"],
      ["listed.ts", "listedSum"],
      ["inner.ts", "middleScore"],
      ["columns.ts", "enriched"],
    ] as const;
    for (const [file, node] of cases) {
      const id = await savedWith(fromModules, `damaged-${file.replace(".ts", "")}`, drop(file));
      const error = await rejection(loadEnvelope(id, { registry }));
      expect(error).toMatchObject({ code: "envelope_invalid", node, details: { module: expect.stringMatching(new RegExp(`${file.replace(".", "\\.")}$`)) } });
      expect(error.message).toContain(file);
      expect(error.message).toContain(`"${node}"`);
    }
  });

  it("a format-1 envelope (before build modules were bundled) still loads; one whose pipeline needs them names the module", async () => {
    const hello = await saveEnvelope({ name: "plain", modules: [join(repo, "examples/hello-world/transforms.ts")], outputs: ["spendPerSignup"], registry, root: repo, sbom: false });
    const formatOne = ({ buildModules: _dropped, ...manifest }: Record<string, unknown>) => ({ ...manifest, formatVersion: 1 });
    const plainId = await savedWith(hello, "plain-format-1", formatOne);
    const plain = await loadEnvelope(plainId, { registry });
    expect(plain.manifest.formatVersion).toBe(1);
    expect(Array.from((await plain.execute({ spend: new Float64Array([10, 20]), signups: new Float64Array([2, 5]) })).spendPerSignup as Iterable<number>)).toEqual([5, 4]);
    const needing = await rejection(loadEnvelope(await savedWith(fromModules, "build-modules-format-1", formatOne), { registry }));
    expect(needing).toMatchObject({ code: "envelope_invalid", node: "partScore" });
    expect(needing.message).toContain("part.ts");
    expect(needing.message).toMatch(/format 1|saved again/);
  });
});
