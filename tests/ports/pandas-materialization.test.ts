/**
 * Port of Hamilton's examples/pandas/materialization (tests/fixtures/ports/pandas-materialization):
 * the hello-world outputs combined into one table by `materialize`'s combined saves
 * (`dependencies` + `combine`, Hamilton's `to.<format>(dependencies, combine)`) and saved as JSON,
 * Feather (Arrow IPC), Parquet and CSV in one call, single nodes saved by `materialize`, and the same combine-and-save through
 * `funcflow run --out`. Every file is read back and compared with the table Hamilton's
 * hello_world prints (reference values, not recomputed here).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { readJson, readTable } from "funcflow/io";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";
import { OUTPUT_COLUMNS, SAVES, initialColumns, materializeCombined } from "../fixtures/ports/pandas-materialization/my_script.ts";

const folder = "tests/fixtures/ports/pandas-materialization";
const scratch = mkdtempSync(join(tmpdir(), "funcflow-pandas-materialization-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const build = () => new Builder().withModules(new URL("../fixtures/ports/pandas-materialization/my_functions.ts", import.meta.url)).build();

/** Hamilton's hello_world output (verified by running it), columns in request order; pandas' NaN is a null here. */
const HAMILTON = {
  spend: [10, 10, 20, 40, 40, 50],
  signups: [1, 10, 50, 100, 200, 400],
  avg_3wk_spend: [null, null, 13.3333333333, 23.3333333333, 33.3333333333, 43.3333333333],
  spend_per_signup: [10, 1, 0.4, 0.4, 0.2, 0.125],
  spend_zero_mean_unit_variance: [-1.0644053746, -1.0644053746, -0.4838206248, 0.6773488748, 0.6773488748, 1.2579336245],
};

function expectHamiltonTable(table: Table, columns: readonly string[] = OUTPUT_COLUMNS): void {
  expect(table.schema.fields.map((field) => field.name)).toEqual(columns);
  for (const [name, wanted] of Object.entries(HAMILTON)) {
    const got = [...table.getChild(name)!].map((cell) => (cell === null ? null : Number(cell)));
    wanted.forEach((value, row) => (value === null ? expect(got[row], `${name}[${row}]`).toBeNull() : expect(got[row], `${name}[${row}]`).toBeCloseTo(value, 9)));
  }
}

describe("ports/pandas/materialization", () => {
  it("combine + to.json / to.feather / to.parquet / to.csv: each file holds Hamilton's table, and each <id>_build_result is it", async () => {
    const outDir = join(scratch, "combined");
    const { saved, built } = await materializeCombined(outDir);
    expect(Object.keys(built)).toEqual(Object.keys(SAVES).map((id) => `${id}_build_result`));
    expect(saved.map(({ id, node, format, rows, dependencies }) => ({ id, node, format, rows, dependencies }))).toEqual(
      Object.entries(SAVES).map(([id, { format }]) => ({ id, node: `${id}_build_result`, format, rows: 6, dependencies: OUTPUT_COLUMNS })),
    );
    expectHamiltonTable(built.df_to_csv_build_result!);
    for (const { file, format } of Object.values(SAVES)) expectHamiltonTable(await readTable(join(outDir, file), { format }));
    // JSON is written as records, as pandas' to_json(orient="records") would be read back.
    expect(((await readJson(join(outDir, "df.json"))) as Record<string, unknown>[])[2]).toMatchObject({ spend: 20, signups: 50, spend_per_signup: 0.4 });
  });

  it("materialize saves single nodes: an input (spend) as a one-column CSV, a scalar as JSON; a scalar as CSV is refused before any file is written", async () => {
    const dr = await build();
    const outDir = join(scratch, "single");
    const { saved } = await dr.materialize({ save: { spend: join(outDir, "spend.csv"), spend_mean: join(outDir, "spend_mean.json") }, inputs: initialColumns() });
    expect(saved.map((file) => [file.node, file.by, file.rows])).toEqual([
      ["spend", "arrowColumn", 6],
      ["spend_mean", "jsonValue", undefined],
    ]);
    expect([...(await readTable(join(outDir, "spend.csv"))).getChild("spend")!]).toEqual(HAMILTON.spend);
    expect(await readJson(join(outDir, "spend_mean.json"))).toBeCloseTo(28.333333333333332, 12);

    const refusedDir = join(scratch, "refused");
    const refused = await rejection(dr.materialize({ save: { spend_per_signup: join(refusedDir, "per.csv"), spend_mean: join(refusedDir, "mean.csv") }, inputs: initialColumns() }));
    expect(refused).toMatchObject({ code: "invalid_argument", node: "spend_mean" });
    expect(existsSync(join(refusedDir, "per.csv"))).toBe(false);
  });

  it("without the initial columns: one missing_input naming both, with the nodes that need them", async () => {
    const dr = await build();
    const error = await rejection(dr.materialize({ save: { spend_per_signup: join(scratch, "never.csv") } }));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain(`"spend"`);
    expect(error.message).toContain(`"signups"`);
  });

  it("funcflow run --inputs … --out df.feather combines the outputs (a scalar repeated on every row) and writes them", async () => {
    const inputs = join(scratch, "initial_columns.csv");
    writeFileSync(inputs, `signups,spend\n${HAMILTON.signups.map((s, row) => `${s},${HAMILTON.spend[row]}`).join("\n")}\n`);
    const out = join(scratch, "cli", "df.feather");
    const ran = await runCliInProcess(["run", `${folder}/my_functions.ts`, "--inputs", inputs, "--outputs", [...OUTPUT_COLUMNS, "spend_mean"].join(","), "--out", out, "--no-type-check"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const table = await readTable(out);
    expectHamiltonTable(table, [...OUTPUT_COLUMNS, "spend_mean"]);
    expect([...table.getChild("spend_mean")!]).toEqual(Array(6).fill(28.333333333333332));
  });
});
