/**
 * Serving an envelope answers like serving its module: the same requests get the same statuses
 * and bodies from both services; the CLI serves `hello@1` from a registry.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "../../src/index.ts";
import { serve, type RunningService } from "../../src/serve.ts";
import { saveEnvelope, serveEnvelope } from "../../src/envelope.ts";
import { startServeProcess } from "../serve/support/serve-process.ts";
import { repo } from "./support/child.ts";

let sandbox: string;
let registry: string;
let fromModule: RunningService;
let fromEnvelope: RunningService;
const OUTPUTS = ["spendPerSignup", "spendZeroMean", "spendMean"];

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-serve-"));
  registry = join(sandbox, "registry");
  const module = join(repo, "examples/hello-world/transforms.ts");
  await saveEnvelope({ name: "hello", modules: [module], outputs: OUTPUTS, registry, root: repo, sbom: false });
  const driver = await new Builder().withModules(module).build();
  [fromModule, fromEnvelope] = await Promise.all([
    serve(driver, { port: 0, outputs: OUTPUTS, logLevel: false }),
    serveEnvelope("hello@1", { registry, port: 0, logLevel: false }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([fromModule?.close(), fromEnvelope?.close()]);
  await rm(sandbox, { recursive: true, force: true });
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
