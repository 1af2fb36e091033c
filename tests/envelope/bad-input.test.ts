/**
 * Saving where types say too little: an input with no schema and no example is refused, an opaque
 * one takes its schema from the example. Bad input to saving, the registry and import: each a
 * coded error naming the culprit, nothing left behind. (An unknown reference: envelope.test.ts.) One file, so ts-morph loads once.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeVector, Table } from "apache-arrow";
import { importEnvelope, loadEnvelope, saveEnvelope, type SaveEnvelopeOptions } from "../../src/envelope.ts";
import { rejection } from "../support/caught.ts";
import { repo } from "./support/child.ts";

let sandbox: string;
const hello = join(repo, "examples/hello-world/transforms.ts");

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-bad-"));
});
afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

function save(options: Partial<SaveEnvelopeOptions>): Promise<unknown> {
  return saveEnvelope({ name: "hello", modules: [hello], outputs: ["spendPerSignup"], registry: join(sandbox, "registry"), root: repo, sbom: false, ...options });
}

describe("saveEnvelope refuses", () => {
  it("no outputs", async () => {
    const error = await rejection(save({ outputs: [] }));
    expect(error.code).toBe("envelope_invalid");
    expect(error.message).toContain("no outputs");
  });

  it("an output the pipeline lacks, suggesting the nearest", async () => {
    const error = await rejection(save({ outputs: ["spendPerSignupp"] }));
    expect(error).toMatchObject({ code: "unknown_output", node: "spendPerSignupp" });
    expect(error.suggestion?.[0]).toBe("spendPerSignup");
  });

  it("a config key as an output, saying it is a config value (config keys are nodes, yet compute nothing)", async () => {
    const error = await rejection(save({ outputs: ["region"], config: { region: "eu" } }));
    expect(error).toMatchObject({ code: "unknown_output", node: "region", message: expect.stringContaining(`"region" is a config value`) });
  });

  it.each(["../evil", "a/b", "a\\b", "..", "", "with space", "x@1", ".hidden"])("the name %j", async (name) => {
    const error = await rejection(save({ name }));
    expect(error.code).toBe("envelope_invalid");
    expect(error.details).toEqual({ name });
    expect(error.message).toContain(JSON.stringify(name));
  });

  it("an output whose input has no schema and no example, naming the input and the output, and leaves no staged folder behind", async () => {
    const registry = join(sandbox, "clean-registry");
    const error = await rejection(save({ registry, modules: [join(repo, "tests/envelope/fixtures/opaque.ts")], outputs: ["weighted"] }));
    expect(error).toMatchObject({ code: "envelope_invalid", input: "weights", neededBy: ["weighted"] });
    expect(error.message).toContain('"weights"');
    await expect(readdir(join(registry, "staging"))).rejects.toThrow();
  });

  it("a registry folder that is a file, naming it; nothing is written", async () => {
    const file = join(sandbox, "not-a-folder");
    await writeFile(file, "x");
    const error = await rejection(save({ registry: file }));
    expect(error.code).toBe("registry_invalid");
    expect(error.message).toContain(file);
    const nested = await rejection(save({ registry: join(file, "registry") }));
    expect(nested.code).toBe("registry_invalid");
  });
});

describe("importing refuses", () => {
  it("a tarball from elsewhere that is not an envelope export", async () => {
    const { gzipSync } = await import("node:zlib");
    const archive = join(sandbox, "empty.tgz");
    await writeFile(archive, gzipSync(Buffer.alloc(1024)));
    const error = await rejection(importEnvelope(archive, join(sandbox, "import-registry")));
    expect(error.code).toBe("envelope_invalid");
    expect(error.message).toContain(archive);
  });
});

describe("saveEnvelope with an opaque input type", () => {
  it("infers the input's schema from the example and keeps the typed output's from the code", async () => {
    const registry = join(sandbox, "infer-registry");
    const data = new Table({ price: makeVector(new Float64Array([1.5, 2])), units: makeVector(new Int32Array([3, 4])) });
    await saveEnvelope({ name: "counts", modules: [join(repo, "tests/envelope/fixtures/untyped-table.ts")], outputs: ["rowCount"], exampleInputs: { data }, registry, root: repo, sbom: false });
    const envelope = await loadEnvelope("counts@1", { registry });
    expect(envelope.schema.inputs.data).toMatchObject({
      from: "example",
      required: true,
      schema: { type: "object", properties: { price: { "x-arrow-type": "Float64" }, units: { "x-arrow-type": "Int32" } }, "x-arrow-type": "Table" },
    });
    expect(envelope.schema.outputs.rowCount).toMatchObject({ from: "code", schema: { type: "number" }, inputs: ["data"] });
    const { inputs, outputs } = await envelope.examples();
    expect((inputs.data as Table).numRows).toBe(2);
    expect(outputs).toEqual({ rowCount: 2 });
    expect(await envelope.execute({ data })).toEqual({ rowCount: 2 });
  }, 120_000);
});
