/**
 * `--null-value <text>` (pandas' `na_values`): CSV fields equal to a marker read as null in
 * `--inputs` and `--overrides` tables, so a numeric column with `?` for missing values is numeric.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.ts";

const module = "tests/cli/fixtures/horsepower.ts";
const outputs = ["--outputs", "missingHorsepower,meanHorsepower", "--json"];

describe("funcflow run --null-value", () => {
  let dir: string;
  let csv: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "funcflow-null-values-"));
    csv = join(dir, "auto.csv");
    await writeFile(csv, "horsepower\n130\n?\n150\nNA\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads each marker as null, so the column is numeric", async () => {
    const { code, stdout, stderr } = await runCliInProcess(["run", module, "--inputs", csv, "--null-value", "?", "--null-value", "NA", ...outputs]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outputs).toEqual({ missingHorsepower: 2, meanHorsepower: 140 });
  });

  it("without it the markers are text: nothing is missing and the column is not numbers", async () => {
    const { code, stdout } = await runCliInProcess(["run", module, "--inputs", csv, ...outputs]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outputs.missingHorsepower).toBe(0);
  });
});
