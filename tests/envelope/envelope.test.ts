/**
 * saveEnvelope → loadEnvelope: the same results in a fresh process from another folder without
 * the pipeline's source; every byte covered; tags and metrics outside the id; the environment
 * captured; export and import between registries; serving the envelope answers like serving its
 * module. One saved envelope serves every test.
 */
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "../../src/index.ts";
import { serve, type RunningService } from "../../src/serve.ts";
import {
  ENVELOPE_FILES,
  exportEnvelope,
  folderRegistry,
  importEnvelope,
  loadEnvelope,
  saveEnvelope,
  serveEnvelope,
  setEnvelopeMetrics,
  tagEnvelope,
  verifyEnvelope,
  type SavedEnvelope,
} from "../../src/envelope.ts";
import { listFiles } from "../../src/envelope/hash-content.ts";
import { rejection } from "../support/caught.ts";
import { startServeProcess } from "../serve/support/serve-process.ts";
import { repo, runChild } from "./support/child.ts";

let sandbox: string;
let registry: string;
let saved: SavedEnvelope;
const spend = [10, 10, 20, 40, 40, 50];
const signups = [1, 10, 50, 100, 200, 400];
const OUTPUTS = ["spendPerSignup", "spendZeroMean", "spendMean"];

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-"));
  registry = join(sandbox, "registry");
  // The pipeline is saved from a copy that is deleted afterwards: loading must not need it.
  const source = join(repo, "tests/envelope/tmp", `pipeline-${process.pid}`);
  await mkdir(source, { recursive: true });
  await cp(join(repo, "examples/hello-world/transforms.ts"), join(source, "transforms.ts"));
  try {
    saved = await saveEnvelope({
      name: "hello",
      description: "spend per signup",
      modules: [join(source, "transforms.ts")],
      outputs: OUTPUTS,
      exampleInputs: { spend: new Float64Array(spend), signups: new Float64Array(signups) },
      tags: { stage: "dev" },
      metrics: { rmse: 0.5 },
      registry,
      root: repo,
    });
  } finally {
    await rm(source, { recursive: true, force: true });
  }
}, 120_000);

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

describe("saveEnvelope", () => {
  it("writes the bundle, metafile, manifests, schema, examples, DAG, environment and SBOM under one id", async () => {
    expect(saved).toMatchObject({ name: "hello", version: 1, registry });
    expect(saved.id).toMatch(/^[0-9a-f]{64}$/);
    const content = join(registry, "envelopes", saved.id, ENVELOPE_FILES.content);
    const files = await listFiles(content);
    expect(files).toEqual(expect.arrayContaining(["code/pipeline.mjs", "code/metafile.json", "envelope.json", "schema.json", "dag.json", "dag.dot", "environment.json", "sbom.cdx.json", "examples/inputs/spend.arrow", "examples/outputs/spendPerSignup.arrow"]));
    const bundle = await readFile(join(content, "code/pipeline.mjs"), "utf8");
    expect(bundle).not.toMatch(/from\s+["']apache-arrow["']/);
    const metafile = JSON.parse(await readFile(join(content, "code/metafile.json"), "utf8")) as { localSources: string[] };
    expect(metafile.localSources.some((path) => path.endsWith("transforms.ts"))).toBe(true);
    const manifest = JSON.parse(await readFile(join(content, "envelope.json"), "utf8")) as { inputs: string[]; codeVersions: Record<string, string>; modules: { manifest: { functions: unknown[] } }[] };
    expect(manifest.inputs).toEqual(["spend", "signups"]);
    expect(Object.keys(manifest.codeVersions)).toEqual(expect.arrayContaining(["spendPerSignup", "spendZeroMean", "spendMean"]));
    // The versions the cache keys the nodes on, as listNodes() shows them.
    const built = await new Builder().withModules(join(repo, "examples/hello-world/transforms.ts")).build();
    for (const name of ["spendPerSignup", "spendZeroMean", "spendMean"]) expect(manifest.codeVersions[name], name).toBe(built.node(name).version);
    expect(manifest.modules[0]!.manifest.functions.length).toBeGreaterThan(3);
    expect(await readFile(join(content, "dag.dot"), "utf8")).toContain("spendPerSignup");
    const schema = JSON.parse(await readFile(join(content, "schema.json"), "utf8")) as { inputs: Record<string, { from: string; required: boolean }>; outputs: Record<string, { inputs: string[] }> };
    expect(schema.inputs.spend).toMatchObject({ from: "code", required: true });
    expect(schema.outputs.spendZeroMean!.inputs).toEqual(["spend"]);
  });

  it("records the lock file's hash and a CycloneDX SBOM that match the project", async () => {
    const content = join(registry, "envelopes", saved.id, ENVELOPE_FILES.content);
    const environment = JSON.parse(await readFile(join(content, "environment.json"), "utf8")) as {
      node: string;
      funcflow: string;
      lockFile: { sha256: string };
      sbom: { sha256: string; components: number };
      git?: { commit: string };
    };
    const sha = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
    expect(environment.node).toBe(process.version);
    expect(environment.lockFile.sha256).toBe(sha(await readFile(join(repo, "package-lock.json"))));
    const sbomText = await readFile(join(content, "sbom.cdx.json"), "utf8");
    expect(environment.sbom.sha256).toBe(sha(sbomText));
    const sbom = JSON.parse(sbomText) as { bomFormat: string; components: { name: string; version: string }[] };
    expect(sbom.bomFormat).toBe("CycloneDX");
    expect(sbom.components.length).toBe(environment.sbom.components);
    const arrowVersion = (JSON.parse(await readFile(join(repo, "node_modules/apache-arrow/package.json"), "utf8")) as { version: string }).version;
    expect(sbom.components.find((component) => component.name === "apache-arrow")?.version).toBe(arrowVersion);
    expect(sbom.components.some((component) => component.name === "vitest")).toBe(false);
  });
});

describe("loadEnvelope", () => {
  it("gives the same results in a fresh process, from another folder, without the pipeline's source", async () => {
    const driver = await new Builder().withModules(join(repo, "examples/hello-world/transforms.ts")).build();
    const expected = (await driver.execute(["spendPerSignup", "spendZeroMean"], { inputs: { spend: new Float64Array(spend), signups: new Float64Array(signups) } })) as Record<string, Iterable<number>>;
    const elsewhere = await mkdtemp(join(sandbox, "elsewhere-"));
    const child = await runChild("tests/envelope/support/load-and-run.ts", [registry, "hello@1", JSON.stringify({ spend, signups })], elsewhere);
    expect(child.stderr).not.toContain("Error");
    expect(child.code).toBe(0);
    const result = JSON.parse(child.stdout) as { id: string; outputs: Record<string, number[]> };
    expect(result.id).toBe(saved.id);
    expect(result.outputs.spendPerSignup).toEqual(Array.from(expected.spendPerSignup!));
    expect(result.outputs.spendZeroMean).toEqual(Array.from(expected.spendZeroMean!));
  }, 60_000);

  it("keeps the example inputs and outputs, which reproduce", async () => {
    const envelope = await loadEnvelope(saved.id.slice(0, 10), { registry });
    const { inputs, outputs } = await envelope.examples();
    const again = await envelope.execute(inputs);
    expect(Array.from(again.spendPerSignup as Iterable<number>)).toEqual(Array.from(outputs.spendPerSignup as Iterable<number>));
    expect(envelope.drift).toEqual([]);
  });

  it("warns on environment drift (another Node major, another funcflow version)", async () => {
    const warnings: string[] = [];
    const envelope = await loadEnvelope("hello@1", { registry, runtime: { node: "v22.3.0", funcflow: "9.9.9" }, onDrift: (message) => warnings.push(message) });
    expect(envelope.drift).toHaveLength(2);
    expect(warnings).toEqual([expect.stringContaining(`saved with Node ${process.version}, running on v22.3.0`), expect.stringContaining("running 9.9.9")]);
    expect((await loadEnvelope("hello@1", { registry, runtime: { node: process.version.replace(/\.\d+\.\d+$/, ".99.0") } })).drift).toEqual([]);
  });

  it("refuses an unknown name or version, suggesting names and listing versions", async () => {
    const error = await rejection(loadEnvelope("helo@1", { registry }));
    expect(error).toMatchObject({ code: "envelope_not_found", suggestion: ["hello"] });
    expect((await rejection(loadEnvelope("hello@7", { registry }))).message).toContain("versions 1");
  });

  it("refuses a saved environment edited after saving", async () => {
    const copy = join(sandbox, "drifted");
    await cp(join(registry, "envelopes", saved.id), copy, { recursive: true });
    const path = join(copy, ENVELOPE_FILES.content, ENVELOPE_FILES.environment);
    const environment = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...environment, node: "v18.0.0", funcflow: "0.0.1" }));
    // A changed environment is a changed envelope: it is refused first.
    expect((await rejection(loadEnvelope(copy))).code).toBe("envelope_tampered");
  });
});

describe("immutability", () => {
  it("tags and metrics change while the id and content stay", async () => {
    const dir = join(registry, "envelopes", saved.id);
    await tagEnvelope("hello@1", { stage: "production", owner: "growth" }, registry);
    await tagEnvelope("hello", { owner: null }, registry);
    await setEnvelopeMetrics("hello@1", { rmse: 0.25, auc: 0.9 }, registry);
    const meta = await verifyEnvelope(dir, saved.id);
    expect(meta).toEqual({ id: saved.id, tags: { stage: "production" }, metrics: { rmse: 0.25, auc: 0.9 } });
    const listed = await folderRegistry(registry).list({ tags: { stage: "production" } });
    expect(listed.map((entry) => entry.id)).toEqual([saved.id]);
    expect(await folderRegistry(registry).list({ tags: { stage: "dev" } })).toEqual([]);
  });

  it("refuses a tag value that is not a string or null, naming the tag, and changes nothing", async () => {
    const before = await verifyEnvelope(join(registry, "envelopes", saved.id), saved.id);
    const error = await rejection(tagEnvelope("hello@1", { stage: 2 as unknown as string }, registry));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain("tagEnvelope: tags.stage must be a string");
    expect(await verifyEnvelope(join(registry, "envelopes", saved.id), saved.id)).toEqual(before);
  });

  it("refuses an envelope with any flipped byte, in any file", async () => {
    const original = join(registry, "envelopes", saved.id);
    const files = [ENVELOPE_FILES.meta, ...(await listFiles(join(original, ENVELOPE_FILES.content))).map((path) => `${ENVELOPE_FILES.content}/${path}`)];
    const sizes = await Promise.all(files.map(async (file) => (await readFile(join(original, file))).length));
    const copy = join(sandbox, "flipped");
    await cp(original, copy, { recursive: true });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: files.length - 1 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 }), async (fileIndex, where, mask) => {
        const path = join(copy, files[fileIndex]!);
        const bytes = await readFile(path);
        const position = Math.floor(where * sizes[fileIndex]!);
        bytes[position] = bytes[position]! ^ mask;
        await writeFile(path, bytes);
        try {
          const error = await rejection(verifyEnvelope(copy, saved.id));
          expect(error.code).toBe("envelope_tampered");
          expect(error.message).toContain(copy);
        } finally {
          bytes[position] = bytes[position]! ^ mask;
          await writeFile(path, bytes);
        }
      }),
      { numRuns: 60 },
    );
    // Restored: accepted again; an added file is refused too.
    await expect(verifyEnvelope(copy, saved.id)).resolves.toMatchObject({ id: saved.id });
    await writeFile(join(copy, ENVELOPE_FILES.content, "extra.txt"), "x");
    expect((await rejection(verifyEnvelope(copy, saved.id))).code).toBe("envelope_tampered");
    expect((await rejection(loadEnvelope(copy))).code).toBe("envelope_tampered");
  }, 60_000);
});

describe("export and import", () => {
  it("moves an envelope to another registry under the same id", async () => {
    const archive = join(sandbox, "hello.tgz");
    await exportEnvelope("hello@1", archive, registry);
    const other = join(sandbox, "other-registry");
    const entry = await importEnvelope(archive, other);
    expect(entry).toMatchObject({ id: saved.id, name: "hello", version: 1 });
    const envelope = await loadEnvelope("hello@1", { registry: other });
    expect(envelope.meta.tags).toEqual({ stage: "production" });
  });

  it("refuses a tarball whose content does not match its id, naming the file", async () => {
    const archive = join(sandbox, "hello.tgz");
    const tar = gunzipSync(await readFile(archive));
    const at = tar.indexOf(Buffer.from("spend per signup"));
    expect(at).toBeGreaterThan(0);
    tar.write("SPEND", at, "utf8");
    const bad = join(sandbox, "bad.tgz");
    await writeFile(bad, gzipSync(tar));
    const target = join(sandbox, "third-registry");
    const error = await rejection(importEnvelope(bad, target));
    expect(error.code).toBe("envelope_tampered");
    expect(error.message).toContain(bad);
    expect(await folderRegistry(target).list()).toEqual([]);
    const garbage = join(sandbox, "garbage.tgz");
    await writeFile(garbage, "not a tarball");
    expect((await rejection(importEnvelope(garbage, target))).code).toBe("envelope_tampered");
  });
});

const REQUESTS: readonly { readonly path: string; readonly body: unknown }[] = [
  { path: "/execute", body: { outputs: ["spendPerSignup"], inputs: { spend: [10, 10, 20], signups: [1, 10, 50] } } },
  { path: "/execute", body: { outputs: ["spendPerSignup", "spendMean", "spendZeroMean"], inputs: { spend: [1, 2, 3, 4], signups: [1, 1, 1, 2] } } },
  { path: "/outputs/spendMean", body: { spend: [2, 4] } },
  { path: "/execute", body: { outputs: ["spendPerSignup"], inputs: { spend: [1] } } },
  { path: "/execute", body: { outputs: ["spendPerSignup"], inputs: { spend: ["a"], signups: [1] } } },
  { path: "/execute", body: { outputs: ["spendPerSignupp"], inputs: { spend: [1], signups: [1] } } },
  { path: "/execute", body: { inputs: {} } },
  { path: "/outputs/nothing", body: {} },
  { path: "/execute", body: { outputs: ["spendMean"], inputs: { spend: [1], extra: 1 } } },
];

async function post(service: RunningService, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe("serveEnvelope", () => {
  let fromModule: RunningService;
  let fromEnvelope: RunningService;
  beforeAll(async () => {
    const driver = await new Builder().withModules(join(repo, "examples/hello-world/transforms.ts")).build();
    [fromModule, fromEnvelope] = await Promise.all([serve(driver, { port: 0, outputs: OUTPUTS, logLevel: false }), serveEnvelope("hello@1", { registry, port: 0, logLevel: false })]);
  });
  afterAll(async () => {
    await Promise.all([fromModule?.close(), fromEnvelope?.close()]);
  });

  it.each(REQUESTS.map((request, index) => [index, request] as const))("request %i gets the same answer as from the module", async (_index, request) => {
    const [expected, actual] = await Promise.all([post(fromModule, request.path, request.body), post(fromEnvelope, request.path, request.body)]);
    expect(actual).toEqual(expected);
  });

  it("documents the same operations and schemas, titled with the envelope", async () => {
    const [expected, actual] = await Promise.all([fromModule, fromEnvelope].map(async (service) => (await fetch(`${service.url}/openapi.json`)).json() as Promise<{ info: { title: string }; paths: Record<string, unknown> }>));
    expect(Object.keys(actual!.paths).sort()).toEqual(Object.keys(expected!.paths).sort());
    expect(actual!.paths["/outputs/spendPerSignup"]).toEqual(expected!.paths["/outputs/spendPerSignup"]);
    expect(actual!.info.title).toMatch(/^hello@1 \(envelope [0-9a-f]{12}\)$/);
    expect((await fetch(`${fromEnvelope.url}/docs/`)).status).toBe(200);
  });

  describe("funcflow serve <envelope>", () => {
    it("serves hello@1 from the registry and answers POST /execute as the module does", async () => {
      const service = await startServeProcess(["hello@1", "--registry", registry]);
      try {
        const body = REQUESTS[0]!.body;
        const [expected, actual] = await Promise.all([post(fromModule, "/execute", body), fetch(`${service.url}/execute`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (response) => ({ status: response.status, body: await response.json() }))]);
        expect(actual).toEqual(expected);
        expect(actual.body).toEqual({ spendPerSignup: [10, 1, 0.4] });
      } finally {
        service.child.kill("SIGTERM");
        await service.exited;
      }
    }, 90_000);
  });
});
