import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { readJson, readTable, writeTable } from "funcflow/io";
import { Builder, FuncflowError, type Saver } from "funcflow";

const module = new URL("../fixtures/engine/sales-pipeline.ts", import.meta.url);
const scratch = join(fileURLToPath(new URL("./tmp/", import.meta.url)), randomUUID());
const calls = () => [...((globalThis as { __salesCalls?: string[] }).__salesCalls ?? [])];
const build = (builder = new Builder()) => builder.withModules(module).withConfig({ taxRate: 0.1 }).withManifestCache(false).build();

mkdirSync(scratch, { recursive: true });
const salesCsv = join(scratch, "sales.csv");
writeFileSync(salesCsv, "region,amount\nnorth,10\nsouth,20\nnorth,30\n");

beforeEach(() => void (globalThis as { __salesCalls?: string[] }).__salesCalls?.splice(0));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("driver.materialize", () => {
  it("loads an input from CSV and saves outputs as Parquet, Arrow IPC, CSV and JSON, returning each file's metadata", async () => {
    const dr = await build();
    const out = (name: string) => join(scratch, "out", name);
    const { saved, loaded, results } = await dr.materialize({
      load: { sales: salesCsv },
      save: {
        enriched: out("enriched.parquet"),
        taxedAmounts: out("taxed.arrow"),
        summary: out("summary.json"),
      },
    });
    expect(loaded).toEqual([
      { node: "sales", path: salesCsv, format: "csv", by: "arrowTable", bytes: statSync(salesCsv).size, rows: 3, schema: [{ name: "region", type: expect.any(String) }, { name: "amount", type: expect.any(String) }] },
    ]);
    expect(saved.map(({ node, format, by, rows }) => ({ node, format, by, rows }))).toEqual([
      { node: "enriched", format: "parquet", by: "arrowTable", rows: 3 },
      { node: "taxedAmounts", format: "arrow", by: "arrowColumn", rows: 3 },
      { node: "summary", format: "json", by: "jsonValue", rows: undefined },
    ]);
    for (const file of saved) expect(file.bytes).toBe(statSync(file.path).size);
    expect(saved[0]!.schema!.map((field) => field.name)).toEqual(["region", "amount", "taxed"]);
    expect(saved[1]!.schema).toEqual([{ name: "taxedAmounts", type: "Float64" }]);

    const parquet = await readTable(out("enriched.parquet"));
    expect(Array.from(parquet.getChild("taxed")!.toArray() as Float64Array)).toEqual([10, 20, 30].map((amount) => amount * (1 + 0.1)));
    const column = await readTable(out("taxed.arrow"));
    expect(Array.from(column.getChild("taxedAmounts")!.toArray() as Float64Array)).toEqual([10, 20, 30].map((amount) => amount * (1 + 0.1)));
    expect(await readJson(out("summary.json"))).toEqual({ rows: 3, total: 66, regions: ["north", "south"] });
    expect(results["summary"]).toEqual({ rows: 3, total: 66, regions: ["north", "south"] });
  });

  it("loads a function node's value from a file in its place, so nothing upstream runs", async () => {
    const enrichedFile = join(scratch, "enriched-input.arrow");
    const dr = await build();
    const { results } = await dr.materialize({ load: { sales: salesCsv }, outputs: ["enriched"] });
    await writeTable(enrichedFile, results["enriched"] as never);
    (globalThis as { __salesCalls?: string[] }).__salesCalls?.splice(0);
    const { results: again, loaded } = await dr.materialize({ load: { enriched: enrichedFile }, outputs: ["summary"] });
    expect(calls()).toEqual(["summary"]);
    expect(again["summary"]).toMatchObject({ rows: 3 });
    expect(loaded[0]).toMatchObject({ node: "enriched", format: "arrow", rows: 3 });
  });

  it("rejects a format nothing handles before running anything (invalid_argument)", async () => {
    const dr = await build();
    const target = join(scratch, "never", "summary.xlsx");
    const error = await dr.materialize({ load: { sales: salesCsv }, save: { summary: { path: target, format: "xlsx" } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ code: "invalid_argument", node: "summary" });
    expect((error as Error).message).toContain('no saver handles the format "xlsx"');
    expect(calls()).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });

  it("rejects a value no saver of its format accepts, naming the node", async () => {
    const dr = await build();
    const error = await dr.materialize({ load: { sales: salesCsv }, save: { lookup: join(scratch, "lookup.csv") } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "invalid_argument", node: "lookup" });
    expect((error as Error).message).toContain("no saver writes a Map");
  });

  it.each([
    ["save", { save: { summary: { path: join(scratch, "typo", "summary.json"), fromat: "csv" } } }, "request.save.summary", "format"],
    ["load", { load: { sales: { path: salesCsv, formt: "csv" } }, outputs: ["summary"] }, "request.load.sales", "format"],
  ])("a misspelt key in a %s target is refused before anything runs, naming it with the real key", async (_, request, where, real) => {
    const dr = await build();
    const error = await dr.materialize(request as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("invalid_argument");
    expect((error as Error).message).toContain(where);
    expect((error as Error).message).toContain(`did you mean "${real}"`);
    expect(calls()).toEqual([]);
    expect(existsSync(join(scratch, "typo"))).toBe(false);
  });

  it("a value no saver takes fails the call before any of its files is written", async () => {
    const dr = await build();
    const summary = join(scratch, "partial", "summary.json");
    const error = await dr.materialize({ load: { sales: salesCsv }, save: { summary, lookup: join(scratch, "partial", "lookup.csv") } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "invalid_argument", node: "lookup" });
    // A save started beside the failing one would finish after the rejection: give it the time.
    await new Promise((settle) => setTimeout(settle, 300));
    expect(existsSync(summary)).toBe(false);
  });

  it.each([
    ["a missing file", () => new Builder(), join(scratch, "absent", "sales.csv"), "io_failed", "does not exist"],
    [
      "a custom loader that throws",
      () => new Builder().withMaterializers({ name: "broken", formats: ["sales"], produces: "table", load: async () => Promise.reject(new Error("bad header")) }),
      salesCsv.replace(/\.csv$/, ".sales"),
      "io_failed",
      "bad header",
    ],
  ] as const)("a failed load names the input it was loading: %s", async (_, builder, path, code, reason) => {
    const dr = await build(builder());
    const error = await dr.materialize({ load: { sales: path }, outputs: ["summary"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ code, input: "sales" });
    expect((error as Error).message).toContain(`materialize: loading "sales" from ${path}`);
    expect((error as Error).message).toContain(reason);
    expect((error as Error).cause).toBeDefined();
    expect(calls()).toEqual([]);
  });

  it("uses savers registered on the Builder: a new format, and a format taken over for one value type", async () => {
    const written: string[] = [];
    const textSaver: Saver = {
      name: "text",
      formats: ["txt"],
      accepts: (value) => typeof value === "object",
      save: async (value, path) => {
        writeFileSync(path, JSON.stringify(value));
        written.push(path);
      },
    };
    const mapAsCsv: Saver = {
      name: "mapCsv",
      formats: ["csv"],
      accepts: (value) => value instanceof Map,
      save: async (value, path) => writeFileSync(path, [...(value as Map<string, number>)].map((pair) => pair.join(",")).join("\n")),
    };
    const dr = await build(new Builder().withMaterializers(textSaver, mapAsCsv));
    const { saved } = await dr.materialize({
      load: { sales: salesCsv },
      save: { summary: { path: join(scratch, "summary.txt"), format: "txt" }, lookup: join(scratch, "lookup.csv"), enriched: join(scratch, "enriched.csv") },
    });
    expect(saved.map((file) => `${file.node}:${file.by}`)).toEqual(["summary:text", "lookup:mapCsv", "enriched:arrowTable"]);
    // The saver wrote a staging file of the target's name beside it, which became the target.
    expect(written).toHaveLength(1);
    expect(basename(written[0]!)).toBe("summary.txt");
    expect(dirname(dirname(written[0]!))).toBe(scratch);
    expect(existsSync(written[0]!)).toBe(false);
    expect(readFileSync(join(scratch, "summary.txt"), "utf8")).toContain('"regions"');
    expect(() => new Builder().withMaterializers({ name: "broken" } as never)).toThrow(/a saver/);
  });
});
