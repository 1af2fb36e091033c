/**
 * Data-quality warnings (a failed `warn` check) go through the logging adapter when one is
 * present, to console.warn otherwise; two concurrent runs with different loggers each get
 * their own warnings.
 */
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { structuredLogging } from "funcflow/adapters";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Builder } from "funcflow";
import { buildSource, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);
afterEach(() => vi.restoreAllMocks());

const SOURCE = `export async function slow(raw: number): Promise<number> { await new Promise((r) => setTimeout(r, 10)); return raw; }
export const price = ff.checkOutput({ range: [0, 100] }, (slow: number): number => slow);`;

function recordingLogger() {
  const warnings: { fields: object; message?: string }[] = [];
  const noop = () => {};
  return { warnings, logger: { debug: noop, info: noop, error: noop, warn: (fields: object, message?: string) => void warnings.push({ fields, message }) } };
}

describe("data-quality warnings", () => {
  it("go to console.warn without a logging adapter", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const dr = await buildSource(SOURCE);
    expect(await dr.execute(["price"], { inputs: { raw: 500 } })).toEqual({ price: 500 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('check "range" on "price" failed (warn)'));
  });

  it("go through structuredLogging's logger (and not console.warn) when it is present; concurrent runs keep theirs", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const first = recordingLogger();
    const second = recordingLogger();
    const folder = mkdtempSync(join(tmpdir(), "funcflow-dq-"));
    const module = join(folder, "checked.ts");
    writeFileSync(module, `import * as ff from "funcflow";\n${SOURCE}\n`);
    const build = (logger: ReturnType<typeof recordingLogger>["logger"]) =>
      new Builder().withModules(module).withManifestCache(false).withAdapters(structuredLogging({ logger })).build();
    const [a, b] = await Promise.all([build(first.logger), build(second.logger)]);
    await Promise.all([
      (a as unknown as { execute(o: string[], x: object): Promise<unknown> }).execute(["price"], { inputs: { raw: 500 } }),
      (b as unknown as { execute(o: string[], x: object): Promise<unknown> }).execute(["price"], { inputs: { raw: -7 } }),
    ]);
    rmSync(folder, { recursive: true, force: true });
    expect(warn).not.toHaveBeenCalled();
    expect(first.warnings.filter((entry) => entry.message?.startsWith("data-quality"))).toEqual([
      { fields: expect.objectContaining({ node: "price", validator: "range", validatorNode: "price_range_validator" }), message: expect.stringContaining("values span [500, 500]") },
    ]);
    expect(second.warnings.filter((entry) => entry.message?.startsWith("data-quality"))).toEqual([
      { fields: expect.objectContaining({ node: "price" }), message: expect.stringContaining("values span [-7, -7]") },
    ]);
  });
});
