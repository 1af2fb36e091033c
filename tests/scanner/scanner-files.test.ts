import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { manifestPathFor, SCANNER_VERSION, scanFile, scanSource, writeManifest } from "funcflow/scanner";
import { isFuncflowError } from "../../src/errors/index.ts";
import { fixturePath } from "./fixtures/scanner/scan-fixture.ts";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "funcflow-scanner-"));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => error,
  );
}

describe("scanFile", () => {
  it("scanFile reads a module file into the manifest scanSource makes of its text", async () => {
    const path = fixturePath("transforms.ts");
    const manifest = await scanFile(path);
    expect(manifest).toEqual(scanSource(await readFile(path, "utf8"), path));
    expect(manifest.functions.length).toBeGreaterThan(10);
  });

  it("scanFile throws module_not_found when there is no file", async () => {
    const error = await failureOf(scanFile(join(folder, "missing.ts")));
    expect(isFuncflowError(error, "module_not_found")).toBe(true);
  });
});

describe("writeManifest", () => {
  it("writeManifest writes the manifest beside the module and leaves no temporary file", async () => {
    const modulePath = join(folder, "steps.mjs");
    await writeFile(modulePath, "export const doubled = (value) => value * 2;\n");
    const written = await writeManifest(modulePath);
    expect(written).toBe(join(folder, "steps.funcflow.json"));
    expect(JSON.parse(await readFile(written, "utf8"))).toEqual(await scanFile(modulePath));
    expect((await readdir(folder)).sort()).toEqual(["steps.funcflow.json", "steps.mjs"]);
  });

  it("writeManifest replaces an existing manifest at the given path", async () => {
    const outFile = join(folder, "custom.json");
    await writeFile(outFile, "stale");
    const written = await writeManifest(fixturePath("transforms-compiled.d.ts"), outFile);
    expect(written).toBe(outFile);
    const manifest = JSON.parse(await readFile(outFile, "utf8")) as { file: string; functions: unknown[] };
    expect(manifest.file).toBe("transforms-compiled.d.ts");
    expect(manifest.functions.length).toBeGreaterThan(10);
    expect(await readdir(folder)).toEqual(["custom.json"]);
  });

  it("writeManifest throws io_failed and leaves nothing behind when the folder does not exist", async () => {
    const outFile = join(folder, "absent", "m.funcflow.json");
    const error = await failureOf(writeManifest(fixturePath("transforms.ts"), outFile));
    expect(isFuncflowError(error, "io_failed")).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe("manifestPathFor", () => {
  it("manifestPathFor replaces the script extension, declaration ones included", () => {
    expect(manifestPathFor("dist/transforms.js")).toBe("dist/transforms.funcflow.json");
    expect(manifestPathFor("dist/transforms.d.ts")).toBe("dist/transforms.funcflow.json");
    expect(manifestPathFor("dist/transforms.d.mts")).toBe("dist/transforms.funcflow.json");
    expect(manifestPathFor("src/view.tsx")).toBe("src/view.funcflow.json");
  });
});

describe("SCANNER_VERSION", () => {

  it("SCANNER_VERSION names the TypeScript that ts-morph bundles, which infers return types", () => {
    expect(SCANNER_VERSION).toMatch(new RegExp(`\\+typescript-${ts.version.replaceAll(".", "\\.")}$`));
  });
});
