/**
 * A pipeline built with allowModuleOverrides() (Hamilton's examples/module_overrides: module_b's
 * foo replaces module_a's) saved as an envelope: it loads and runs as it was built, whether saved
 * from the Driver or from the modules with allowModuleOverrides: true. It used to save, then fail
 * every load with duplicate_node, since the envelope rebuilt from both modules without it.
 * Worker threads find each function by module and export, so they run the overriding one too.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "../../src/index.ts";
import { loadEnvelope, saveEnvelope, ENVELOPE_FILES } from "../../src/envelope.ts";
import { workerExecutor } from "../../src/workers.ts";
import { fileURLToPath } from "node:url";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const a = new URL("../fixtures/ports/module-overrides/module_a.ts", import.meta.url);
const b = new URL("../fixtures/ports/module-overrides/module_b.ts", import.meta.url);
let registry: string;
beforeAll(async () => {
  registry = await mkdtemp(join(tmpdir(), "funcflow-envelope-overrides-"));
});
afterAll(async () => {
  await rm(registry, { recursive: true, force: true });
});

const manifestOf = async (saved: { id: string }) => {
  const envelope = await loadEnvelope(saved.id, { registry });
  return { envelope, stored: JSON.parse(await readFile(join(envelope.dir, ENVELOPE_FILES.content, ENVELOPE_FILES.manifest), "utf8")) as Record<string, unknown> };
};

describe("envelopes of a pipeline built with allowModuleOverrides()", () => {
  it("saved from the Driver, loads and runs with module_b's foo, and records why", async () => {
    const dr = await new Builder().withModules(a, b).allowModuleOverrides().build();
    const saved = await saveEnvelope({ name: "overrides-driver", driver: dr, outputs: ["foo", "bar"], registry, sbom: false });
    const { envelope, stored } = await manifestOf(saved);
    expect(stored.moduleOverrides).toBe(true);
    expect(await envelope.execute({})).toEqual({ foo: "This is module b.", bar: "bar sees: This is module b." });
  });

  it("saved from the modules with allowModuleOverrides: true, the same; without it, duplicate_node at save naming the way out", async () => {
    const saved = await saveEnvelope({ name: "overrides-modules", modules: [a, b], allowModuleOverrides: true, outputs: ["bar"], registry, sbom: false });
    expect(await (await manifestOf(saved)).envelope.execute({})).toEqual({ bar: "bar sees: This is module b." });
    const refused = await rejection(saveEnvelope({ name: "overrides-refused", modules: [a, b], outputs: ["bar"], registry, sbom: false }));
    expect(refused).toMatchObject({ code: "duplicate_node", node: "foo" });
    expect(refused.message).toContain("allowModuleOverrides()");
    const bad = await rejection(saveEnvelope({ name: "overrides-bad", modules: [a, b], allowModuleOverrides: "yes" as never, outputs: ["bar"], registry, sbom: false }));
    expect(bad).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("options.allowModuleOverrides") });
  });

  it("funcflow envelope save --allow-module-overrides saves it so; without the flag it fails naming the way out", async () => {
    const args = ["envelope", "save", fileURLToPath(a), fileURLToPath(b), "--outputs", "bar", "--registry", registry, "--no-sbom"];
    const saved = await runCliInProcess([...args, "--name", "overrides-cli", "--allow-module-overrides"]);
    expect(saved.code).toBe(0);
    expect(await (await loadEnvelope("overrides-cli", { registry })).execute({})).toEqual({ bar: "bar sees: This is module b." });
    const refused = await runCliInProcess([...args, "--name", "overrides-cli-refused"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("allowModuleOverrides()");
  });

  it("an envelope of a pipeline without overrides records none", async () => {
    const saved = await saveEnvelope({ name: "no-overrides", modules: [a], outputs: ["bar"], registry, sbom: false });
    expect((await manifestOf(saved)).stored).not.toHaveProperty("moduleOverrides");
  });

  it("worker threads run the overriding function", async () => {
    const dr = await new Builder().withModules(a, b).allowModuleOverrides().withExecutor(workerExecutor({ threads: 1 })).build();
    try {
      expect(await dr.execute(["bar"])).toEqual({ bar: "bar sees: This is module b." });
    } finally {
      await dr.close();
    }
  });
});
