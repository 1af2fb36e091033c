/**
 * Port of Hamilton's examples/materialization/datasaver_dataloader_example
 * (tests/fixtures/ports/datasaver-dataloader): `dataloader` makes `raw_data.loader` (the
 * [data, metadata] pair) and `raw_data` (the data), `datasaver` writes the file at the
 * `filepath` input and returns its metadata. The written CSV is read back here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { FEATURES, ROWS } from "../fixtures/ports/datasaver-dataloader/simple_etl.ts";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/ports/datasaver-dataloader/simple_etl.ts", import.meta.url);
const build = () => new Builder().withModules(module).withConfig({}).build();
const dir = mkdtempSync(join(tmpdir(), "funcflow-ports-etl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cell = (row: number, feature: number) => (row * FEATURES + feature) % 17;

describe("ports/materialization/datasaver_dataloader_example", () => {
  it("has Hamilton's nodes: raw_data.loader → raw_data → transformed_data → saved_data, filepath an input, io tags on loader and saver", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring).toEqual({ "raw_data.loader": [], raw_data: ["raw_data.loader"], transformed_data: ["raw_data"], saved_data: ["transformed_data", "filepath"], filepath: [] });
    expect(dr.node("raw_data").type).toBe("Table");
    expect(dr.node("raw_data.loader").tags).toMatchObject({ "funcflow.io": "dataloader" });
    expect(dr.node("saved_data").tags).toMatchObject({ "funcflow.io": "datasaver" });
  });

  it("builds with withTypeCheck(): transformed_data(raw_data: Table) takes the loader's data, not its [data, metadata]", async () => {
    const dr = await new Builder().withModules(module).withTypeCheck().build();
    expect(dr.node("raw_data").type).toBe("Table");
  }, 20_000);

  it("run.py: execute(['saved_data'], inputs={'filepath': …}) writes the table and returns the file's and the frame's metadata", async () => {
    const dr = await build();
    const filepath = join(dir, "data.csv");
    const { saved_data } = await dr.execute(["saved_data"], { inputs: { filepath } });
    const text = readFileSync(filepath, "utf8");
    const [header, ...rows] = text.trim().split("\n");
    expect(header!.split(",")).toEqual(Array.from({ length: FEATURES }, (_, i) => `feature_${i}`));
    expect(rows.map((row) => row.split(",").map(Number))).toEqual(Array.from({ length: ROWS }, (_, row) => Array.from({ length: FEATURES }, (_, i) => cell(row, i))));
    expect(saved_data).toEqual({
      file: { path: filepath, size: Buffer.byteLength(text) },
      dataframe: { rows: ROWS, columns: header!.split(","), datatypes: Array(FEATURES).fill("Float64") },
    });
  });

  it("the loader's metadata is reachable as raw_data.loader's second element, as in Hamilton", async () => {
    const { "raw_data.loader": pair, raw_data } = await (await build()).execute(["raw_data.loader", "raw_data"]);
    expect(Array.isArray(pair) && pair.length).toBe(2);
    expect((pair as unknown[])[0]).toBe(raw_data);
    expect((pair as unknown[])[1]).toMatchObject({ rows: ROWS });
  });

  it("without filepath: a missing input named with saved_data, and nothing is written", async () => {
    const error = await rejection((await build()).execute(["saved_data"]));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain("filepath");
    expect(error.message).toContain("saved_data");
  });
});
