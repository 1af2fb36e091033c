/**
 * The architecture rules must be able to fail: each is run against a small tree that breaks it,
 * and against src/ itself, which must keep them all.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise as depcruise } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const layersConfig = join(repo, ".dependency-cruiser.cjs");
const rootEntryConfig = join(repo, ".dependency-cruiser-root-entry.cjs");

interface Cruise {
  readonly exitCode: number;
  readonly output: string;
}

/**
 * What `depcruise <target> --config <config>` run in `cwd` reports (its exit code and text), in
 * this process: a depcruise process per case spent most of its ~5 s loading dependency-cruiser
 * and TypeScript; the API with the CLI's default reporter ("err") prints the same lines.
 */
async function cruise(cwd: string, config: string, target: string): Promise<Cruise> {
  const options = await extractDepcruiseOptions(config);
  const tsConfig = extractTSConfig(join(cwd, "tsconfig.json"));
  const result = await depcruise([target], { ...options, baseDir: cwd, outputType: "err" }, {}, { tsConfig });
  return { exitCode: result.exitCode, output: String(result.output) };
}

let sandbox: string;

/** Writes a throwaway source tree (with the tsconfig the rules read) and returns its root. */
async function tree(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await mkdtemp(join(sandbox, "tree-"));
  const all = { "tsconfig.json": JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }), ...files };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-architecture-"));
});
afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

describe("dependency-cruiser rules", () => {
  it("src/ keeps every rule (layers, no folder cycles, index-only entry, light root entry)", async () => {
    const layers = await cruise(repo, layersConfig, "src");
    expect(layers.output).toContain("no dependency violations found");
    expect(layers.exitCode).toBe(0);
    const root = await cruise(repo, rootEntryConfig, "src/index.ts");
    expect(root.output).toContain("no dependency violations found");
    expect(root.exitCode).toBe(0);
    // Two cruises of all of src/ (each a process parsing ~200 modules): under a full suite on two
    // cores this took over the 30 s default once.
  }, 120_000);

  it("layer rules fail a lower folder that imports a higher one, naming the rule and the import", async () => {
    const root = await tree({
      "src/graph/index.ts": 'export { plan } from "./uses-driver.ts";\n',
      "src/graph/uses-driver.ts": 'import { run } from "../driver/index.ts";\nexport const plan = () => run();\n',
      "src/driver/index.ts": "export const run = () => 1;\n",
    });
    const result = await cruise(root, layersConfig, "src");
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/layer-graph: src\/graph\/uses-driver\.ts → src\/driver\/index\.ts/);
  });

  it("an import cycle between folders fails no-folder-cycles", async () => {
    const root = await tree({
      "src/hooks/index.ts": 'import { b } from "../cache/index.ts";\nexport const a = () => b;\n',
      "src/cache/index.ts": 'import { a } from "../hooks/index.ts";\nexport const b = () => a;\n',
    });
    const result = await cruise(root, layersConfig, "src");
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain("no-folder-cycles");
  });

  it("a deep import into another folder fails through-index-only", async () => {
    const root = await tree({
      "src/driver/index.ts": 'import { cycleOf } from "../graph/find-cycle.ts";\nexport const run = cycleOf;\n',
      "src/graph/index.ts": 'export { cycleOf } from "./find-cycle.ts";\n',
      "src/graph/find-cycle.ts": "export const cycleOf = () => [];\n",
    });
    const result = await cruise(root, layersConfig, "src");
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/through-index-only: src\/driver\/index\.ts → src\/graph\/find-cycle\.ts/);
  });

  it("a folder missing from the layer table fails unknown-folder", async () => {
    const root = await tree({
      "src/gadgets/index.ts": 'import { x } from "../errors/index.ts";\nexport const y = x;\n',
      "src/errors/index.ts": "export const x = 1;\n",
    });
    const result = await cruise(root, layersConfig, "src");
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain("unknown-folder");
  });

  it("a heavy package reached statically from the root entry fails root-entry-light; a dynamic import does not", async () => {
    const heavy = await tree({
      "src/index.ts": 'export { scan } from "./scanner/index.ts";\n',
      "src/scanner/index.ts": 'import { Project } from "ts-morph";\nexport const scan = () => new Project();\n',
      "node_modules/ts-morph/package.json": JSON.stringify({ name: "ts-morph", main: "index.js" }),
      "node_modules/ts-morph/index.js": "exports.Project = class {};\n",
    });
    const staticResult = await cruise(heavy, rootEntryConfig, "src/index.ts");
    expect(staticResult.exitCode).not.toBe(0);
    expect(staticResult.output).toMatch(/root-entry-light: src\/index\.ts → node_modules\/ts-morph/);

    const lazy = await tree({
      "src/index.ts": 'export const scan = async () => (await import("./scanner/index.ts")).scan();\n',
      "src/scanner/index.ts": 'import { Project } from "ts-morph";\nexport const scan = () => new Project();\n',
      "node_modules/ts-morph/package.json": JSON.stringify({ name: "ts-morph", main: "index.js" }),
      "node_modules/ts-morph/index.js": "exports.Project = class {};\n",
    });
    const lazyResult = await cruise(lazy, rootEntryConfig, "src/index.ts");
    expect(lazyResult.exitCode).toBe(0);
  });
});
