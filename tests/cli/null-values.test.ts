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

  it("without it a marker in a column declared numeric is refused, pointing at --null-value", async () => {
    const { code, stderr } = await runCliInProcess(["run", module, "--inputs", csv, ...outputs]);
    expect(code).toBe(1);
    expect(stderr).toContain(`--inputs ${csv} line 3, column "horsepower": "?" is not a number, and the input "horsepower" is declared Vector<Float64>`);
    expect(stderr).toContain("--null-value '?'");
    expect(stderr).toContain("invalid_argument");
  });
});

describe("funcflow run --csv-delimiter", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "funcflow-csv-delimiter-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads a semicolon- or tab-separated table, with --null-value", async () => {
    const semicolons = join(dir, "auto-semicolons.csv");
    await writeFile(semicolons, "name;horsepower\nchevelle;130\nskylark;?\nsatellite;150\n");
    const read = await runCliInProcess(["run", module, "--inputs", semicolons, "--csv-delimiter", ";", "--null-value", "?", ...outputs]);
    expect(read.stderr).toBe("");
    expect(JSON.parse(read.stdout).outputs).toEqual({ missingHorsepower: 1, meanHorsepower: 140 });
    const tabs = join(dir, "auto.tsv.csv");
    await writeFile(tabs, "name\thorsepower\nchevelle\t130\nsatellite\t150\n");
    const tabbed = await runCliInProcess(["run", module, "--inputs", tabs, "--csv-delimiter", "\\t", ...outputs]);
    expect(tabbed.stderr).toBe("");
    expect(JSON.parse(tabbed.stdout).outputs).toEqual({ missingHorsepower: 0, meanHorsepower: 140 });
  });

  it("refuses a delimiter that is not one usable character, naming the option", async () => {
    const { code, stderr } = await runCliInProcess(["run", module, "--inputs", join(dir, "any.csv"), "--csv-delimiter", ";;", ...outputs]);
    expect(code).toBe(2);
    expect(stderr).toContain("--csv-delimiter");
    expect(stderr).toContain("not usable");
  });
});
