/**
 * A service started from the schema cache never loads ts-morph: TypeScript is ~30 MB of heap
 * that every full collection of the serving process would trace (a 1M-row Arrow request starts
 * one or two). Checked in fresh processes: importing funcflow/serve, then serving a module
 * whose schemas the cache holds.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../..", import.meta.url));
const hello = join(repo, "examples/hello-world/transforms.ts");
let cacheDir: string;

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "funcflow-light-start-"));
});
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

/** Runs `body` (top-level await allowed) in a fresh process and returns whether ts-morph was loaded by then. */
async function loadsTsMorph(body: string): Promise<boolean> {
  const script = `
    import { createRequire } from "node:module";
    ${body}
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/node_modules/ts-morph/"));
    console.log(JSON.stringify({ loaded }));
    process.exit(0);
  `;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repo });
  return (JSON.parse(stdout.trim().split("\n").at(-1)!) as { loaded: boolean }).loaded;
}

const serveHello = () => `
  const { Builder } = await import(${JSON.stringify(join(repo, "src/index.ts"))});
  const { serve } = await import(${JSON.stringify(join(repo, "src/serve.ts"))});
  const driver = await new Builder().withModules(${JSON.stringify(hello)}).build();
  const service = await serve(driver, { port: 0, logLevel: false, cacheDir: ${JSON.stringify(cacheDir)} });
  await service.close();
`;

it("importing funcflow/serve loads no ts-morph", async () => {
  expect(await loadsTsMorph(`await import(${JSON.stringify(join(repo, "src/serve.ts"))});`)).toBe(false);
}, 60_000);

it("serving from a warm schema cache loads no ts-morph; a cold cache does (the checker reads the types)", async () => {
  expect(await loadsTsMorph(serveHello())).toBe(true);
  expect(await loadsTsMorph(serveHello())).toBe(false);
}, 90_000);
