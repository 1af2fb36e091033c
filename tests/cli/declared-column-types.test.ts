/**
 * A CSV or JSON-records `--inputs`/`--overrides` table's column is read as the Arrow type its input declares
 * (`zip: Vector<Utf8>` keeps `02134`), not as CSV inference guesses, as `funcflow batch` reads an
 * envelope's columns by its schema. A column no input types keeps its inferred type.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector, Table, Utf8, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTable } from "../../src/io.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const module = "tests/cli/fixtures/declared-columns.ts";

describe("funcflow run reads CSV and JSON columns as their inputs declare", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "funcflow-declared-columns-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function run(name: string, csv: string, outputs: string, ...extra: string[]) {
    const file = join(dir, name);
    await writeFile(file, csv);
    return runCliInProcess(["run", module, "--inputs", file, "--outputs", outputs, "--json", ...extra]);
  }

  it("reads each declared column as its type, where inference would read another", async () => {
    const csv = "zip,count,id,flag,day,amount,note\n02134,1,7,true,2024-01-31,2,007\n10001,2,9007199254740993,false,2024-02-01,3,8\n";
    const { code, stdout, stderr } = await run("all.csv", csv, "zips,counts,ids,flags,days,amounts,notes");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outputs).toEqual({
      zips: "Utf8:02134|10001",
      counts: "Int32:1|2",
      ids: "Int64:7|9007199254740993",
      flags: "Bool:true|false",
      days: "Date32<DAY>:2024-01-31|2024-02-01",
      amounts: "Float64:2|3",
      // Not declared as a column type: inferred, so the leading zeros go, as pandas' read_csv does.
      notes: "Float64:7|8",
    });
  });

  it("applies to --overrides tables and with --csv-delimiter and --null-value", async () => {
    const file = join(dir, "over.csv");
    await writeFile(file, "zip;count\n00501;?\n02134;4\n");
    const { code, stdout, stderr } = await runCliInProcess(["run", module, "--overrides", file, "--csv-delimiter", ";", "--null-value", "?", "--outputs", "zips,counts", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outputs).toEqual({ zips: "Utf8:00501|02134", counts: "Int32:null|4" });
  });

  it("reads a JSON array of records' columns as declared too", async () => {
    const rows = [
      { zip: "02134", count: 1, id: 7, flag: true, day: "2024-01-31", amount: 2, note: 7 },
      { zip: "10001", count: null, id: "9007199254740993", flag: false, day: "2024-02-01", amount: 3.5, note: 8 },
    ];
    const file = join(dir, "all.json");
    await writeFile(file, JSON.stringify(rows));
    const { code, stdout, stderr } = await runCliInProcess(["run", module, "--inputs", file, "--outputs", "zips,counts,ids,flags,days,amounts,notes", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outputs).toEqual({
      zips: "Utf8:02134|10001",
      counts: "Int32:1|null",
      ids: "Int64:7|9007199254740993",
      flags: "Bool:true|false",
      days: "Date32<DAY>:2024-01-31|2024-02-01",
      amounts: "Float64:2|3.5",
      // Not declared as a column type: as JSON infers it.
      notes: "Float64:7|8",
    });
  });

  it("refuses a JSON value that does not fit the declared type, naming the file, row, line, column and declaration", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, '[\n{"count": 1},\n{"count": 1.5}\n]\n');
    const { code, stderr } = await runCliInProcess(["run", module, "--inputs", file, "--outputs", "counts", "--json"]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`--inputs ${file} line 3 (row 1), column "count": 1.5 is not a whole number`);
    expect(stderr).toContain('the input "count" is declared Vector<Int32>');
    expect(stderr).toContain("error code: invalid_argument");
    const days = join(dir, "bad-days.json");
    await writeFile(days, JSON.stringify([{ day: "2024-02-30" }]));
    const refused = await runCliInProcess(["run", module, "--inputs", days, "--outputs", "days", "--json"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`column "day": "2024-02-30" is not`);
    expect(refused.stderr).toContain("declared Vector<DateDay>");
  });

  it("leaves an Arrow or Parquet table's columns as read: only CSV and JSON values are read again as declared", async () => {
    const table = new Table({ count: makeVector(new Float64Array([1, 2])), zip: vectorFromArray(["02134", "10001"], new Utf8()) });
    const arrow = join(dir, "rows.arrow");
    const parquet = join(dir, "rows.parquet");
    await writeTable(arrow, table);
    await writeTable(parquet, table);
    for (const file of [arrow, parquet]) {
      const { code, stdout, stderr } = await runCliInProcess(["run", module, "--inputs", file, "--outputs", "counts,zips", "--json"]);
      expect(stderr, file).toBe("");
      expect(code, file).toBe(0);
      expect(JSON.parse(stdout).outputs, file).toEqual({ counts: "Float64:1|2", zips: "Utf8:02134|10001" });
    }
  });

  it("refuses a field that does not fit the declared type, naming the file, column and line", async () => {
    const { code, stderr } = await run("bad.csv", "count\n1\ntwo\n", "counts");
    expect(code).not.toBe(0);
    expect(stderr).toContain("bad.csv");
    expect(stderr).toContain('"count"');
    expect(stderr).toContain("line 3");
    expect(stderr).toContain("two");
  });

  it("keeps any digit text of a Vector<Utf8> column exactly as written", async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[0-9]{1,12}$/), { minLength: 1, maxLength: 8 }), async (zipCodes) => {
        const { code, stdout, stderr } = await run(`zips-${file++}.csv`, `zip\n${zipCodes.join("\n")}\n`, "zips");
        expect(stderr).toBe("");
        expect(code).toBe(0);
        expect(JSON.parse(stdout).outputs.zips).toBe(`Utf8:${zipCodes.join("|")}`);
      }),
      { numRuns: 25 },
    );
  });
});
