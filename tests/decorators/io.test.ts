import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, type Table, type Vector } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-io-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeInlineModules();
});

const dr = await buildFixture("io");

describe("loadFrom", () => {
  it("reads the file in <fn>.load_data.<param> and passes the data through <fn>.select_data.<param>", async () => {
    expect(dr.node("salesTable").dependencies.map((d) => d.name)).toEqual(["salesTable.select_data.sales"]);
    expect(dr.node("salesTable.load_data.sales").role).toBe("loader");
    const { salesTable, "salesTable.load_data.sales": loaded } = await dr.execute(["salesTable", "salesTable.load_data.sales"]);
    expect((salesTable as Table).numRows).toBe(3);
    expect((loaded as [Table, { rows: number; columns: string[]; format: string }])[1]).toMatchObject({ rows: 3, columns: ["region", "amount"], format: "csv" });
  });

  it("reports a missing file as io_failed naming the path", async () => {
    const built = await buildSource(`export const bad = ff.loadFrom({ path: "/nowhere/x.csv" }, (data: unknown): unknown => data);`);
    const error = await caught(built.execute(["bad"]));
    expect((error.cause as { code: string }).code).toBe("io_failed");
    expect((error.cause as Error).message).toContain("/nowhere/x.csv");
  });

  it("needs inject when the function has several parameters", async () => {
    const error = await caught(buildSource(`export const bad = ff.loadFrom({ path: "x.csv" }, (a: unknown, b: unknown): unknown => a ?? b);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`loadFrom needs { inject: "<parameter>" }`);
    expect(await caught(buildSource(`export const bad = ff.loadFrom({ path: "" }, (a: unknown): unknown => a);`))).toMatchObject({ code: "invalid_modifier" });
  });
});

describe("extractColumns", () => {
  it("exposes chosen columns of a table as nodes named as the columns", async () => {
    expect(dr.node("amount").doc).toBe("Sale amount.");
    expect(dr.node("region").dependencies.map((d) => d.name)).toEqual(["salesColumns"]);
    const { total } = await dr.execute(["total"]);
    expect(total).toBe(35);
  });

  it("fills a missing column with fillWith", async () => {
    const { discount } = await dr.execute(["discount"]);
    expect(Array.from(discount as Vector)).toEqual([0, 0, 0]);
  });

  it("fails naming the missing column and the columns that exist", async () => {
    const built = await buildSource(`export const frame = ff.extractColumns(["regoin"], (table: unknown): unknown => table);`);
    const error = await caught(built.execute(["regoin"], { inputs: { table: tableFromArrays({ region: ["US"], amount: new Float64Array([1]) }) } }));
    const cause = error.cause as { code: string; details: Record<string, unknown>; message: string };
    expect(cause.code).toBe("missing_column");
    expect(cause.details).toMatchObject({ column: "regoin", columns: ["region", "amount"] });
    expect(cause.message).toContain(`did you mean "region"?`);
  });

  it("fails with type_mismatch for a value that is not a table", async () => {
    const built = await buildSource(`export const frame = ff.extractColumns(["a"], (table: unknown): unknown => table);`);
    const error = await caught(built.execute(["a"], { inputs: { table: { a: [1] } } }));
    expect((error.cause as { code: string }).code).toBe("type_mismatch");
  });
});

describe("saveTo", () => {
  it("adds save.<fn> (or outputName), which writes the output and returns what it wrote", async () => {
    const reportPath = join(dir, "report.json");
    const copyPath = join(dir, "copy.csv");
    const result = await dr.execute(["save.report", "copySaved"], { inputs: { reportPath, copyPath } });
    expect(result["save.report"]).toEqual({ path: reportPath, format: "json" });
    expect(result.copySaved).toEqual({ path: copyPath, format: "csv", rows: 3 });
    expect(JSON.parse(readFileSync(reportPath, "utf8"))).toEqual({ total: 35, regions: 2 });
    expect(readFileSync(copyPath, "utf8").split("\n")[0]).toBe("region,amount");
    expect(dr.node("save.report").role).toBe("saver");
    expect(dr.toDot()).toMatch(/"save\.report" \[shape="cylinder"/);
  });
});

describe("formats", () => {
  it.each(["arrow", "parquet"])("round-trips a table through a .%s file (saveTo, then loadFrom)", async (format) => {
    const path = join(dir, `round-trip.${format}`);
    const writer = await buildSource(`export const table = ff.saveTo({ path: ff.source("path") }, (input: unknown): unknown => input);`);
    const input = tableFromArrays({ id: new Int32Array([1, 2]), score: new Float64Array([0.5, 1.5]) });
    expect(await writer.execute(["save.table"], { inputs: { input, path } })).toEqual({ "save.table": { path, format, rows: 2 } });
    const reader = await buildSource(`export const table = ff.loadFrom({ path: ff.source("path") }, (loaded: unknown): unknown => loaded);`);
    const { table } = await reader.execute(["table"], { inputs: { path } });
    expect((table as Table).toArray().map((row) => row.toJSON())).toEqual([
      { id: 1, score: 0.5 },
      { id: 2, score: 1.5 },
    ]);
  });
});

describe("dataloader and datasaver", () => {
  it("splits a loader's [data, metadata] into <fn>.loader and <fn>", async () => {
    const settingsPath = join(dir, "settings.json");
    const notePath = join(dir, "note.json");
    writeFileSync(settingsPath, JSON.stringify({ mode: "fast" }));
    const result = await dr.execute(["settings", "settings.loader", "savedNote"], { inputs: { settingsPath, notePath } });
    expect(result.settings).toEqual({ mode: "fast" });
    expect(result["settings.loader"]).toEqual([{ mode: "fast" }, { path: settingsPath }]);
    expect(result.savedNote).toEqual({ path: notePath });
    expect(dr.node("savedNote").tags).toEqual({ module: expect.any(String), "funcflow.io": "datasaver" });
    expect(dr.node("settings.loader").tags).toEqual({ module: expect.any(String), "funcflow.io": "dataloader" });
  });
});
