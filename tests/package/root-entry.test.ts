/**
 * The root entry must import fast: no ts-morph, Danfo or Arrow may be reachable from it through
 * static imports (the scanner is loaded with a dynamic import, only when a module is scanned).
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

/** Bundles the root entry with packages left external; dynamic imports become separate chunks. */
async function bundleRootEntry() {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    packages: "external",
    logLevel: "silent",
    splitting: true,
    outdir: "/tmp/funcflow-root-entry",
  });
  return metafile;
}

describe("the root entry", () => {
  it("reaches no heavy package through static imports", async () => {
    const metafile = await bundleRootEntry();
    const main = Object.values(metafile.outputs).find((output) => output.entryPoint !== undefined)!;
    const packages = main.imports.filter((i) => i.external && i.kind === "import-statement").map((i) => i.path);
    expect(packages.filter((name) => /ts-morph|danfojs|apache-arrow|@tensorflow|typescript/.test(name))).toEqual([]);
  });

  it("loads the scanner only through a dynamic import", async () => {
    const metafile = await bundleRootEntry();
    const dynamic = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.kind === "dynamic-import"));
    expect(dynamic.some((i) => i.path.endsWith("src/scanner/index.ts"))).toBe(true);
  });
});
