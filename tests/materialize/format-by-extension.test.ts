/**
 * materialize reads a file's format from its extension for every format something handles: the
 * table formats io knows, and any a registered saver or loader declares (a `.txt` text saver,
 * as Hamilton's `to.file` writes text; a port of examples/materialization saves its
 * classification report that way). An extension nothing handles is materialize's own
 * invalid_argument naming the node, not io's tableFormatOf error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError, type Loader, type Saver } from "funcflow";
import { buildSource, removeInlineModules } from "../decorators/support/build.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-materialize-ext-"));
afterAll(() => {
  removeInlineModules();
  rmSync(dir, { recursive: true, force: true });
});

const text: Saver = { name: "text", formats: ["txt"], accepts: (value) => typeof value === "string", save: async (value, path) => writeFileSync(path, value as string) };
const textLoader: Loader = { name: "text", formats: ["txt"], produces: "value", load: async (path) => readFileSync(path, "utf8") };

const pipeline = (...materializers: (Saver | Loader)[]) =>
  new Builder().withModules(new URL("../fixtures/ports/materialization/report.ts", import.meta.url)).withMaterializers(...materializers).build();

describe("materialize's format from a file's extension", () => {
  it("a registered saver's and loader's format is read from the extension, with no { format }", async () => {
    const dr = await pipeline(text, textLoader);
    const { saved } = await dr.materialize({ save: { classification_report: join(dir, "report.txt") } });
    expect(saved[0]).toMatchObject({ node: "classification_report", format: "txt", by: "text" });
    expect(readFileSync(join(dir, "report.txt"), "utf8")).toBe("precision 0.9");
    const { results } = await dr.materialize({ load: { report: join(dir, "report.txt") }, outputs: ["shout"] });
    expect(results.shout).toBe("PRECISION 0.9");
  });

  it.each([
    ["a save", (dr: Awaited<ReturnType<typeof pipeline>>) => dr.materialize({ save: { classification_report: join(dir, "report.xyz") } }), "classification_report"],
    ["a load", (dr: Awaited<ReturnType<typeof pipeline>>) => dr.materialize({ load: { report: join(dir, "report.xyz") }, outputs: ["shout"] }), "report"],
    ["a save without an extension", (dr: Awaited<ReturnType<typeof pipeline>>) => dr.materialize({ save: { classification_report: join(dir, "report") } }), "classification_report"],
  ])("%s with an extension nothing handles is invalid_argument from materialize naming the node", async (_, run, node) => {
    const dr = await pipeline();
    const error = await run(dr).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("invalid_argument");
    expect((error as FuncflowError).node).toBe(node);
    expect((error as FuncflowError).message).toMatch(/^materialize: cannot tell the format/);
    expect((error as FuncflowError).message).toContain("withMaterializers");
  });

  it("the table formats keep their extensions' meanings (.feather is Arrow IPC)", async () => {
    const dr = await buildSource(`export function numbers(): Float64Array { return new Float64Array([1, 2]); }`);
    const { saved } = await dr.materialize({ save: { numbers: join(dir, "numbers.feather") } });
    expect(saved[0]).toMatchObject({ format: "arrow" });
  });
});
