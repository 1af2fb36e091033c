/**
 * A CSV `--inputs`/`--overrides` table's column is read as the Arrow type its input declares
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

describe("funcflow run reads CSV columns as their inputs declare", () => {
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

  it("leaves a JSON, Arrow or Parquet table's columns as read: only CSV text is read again as declared", async () => {
    const json = join(dir, "rows.json");
    await writeFile(json, JSON.stringify([{ count: 1, zip: "02134" }, { count: 2, zip: "10001" }]));
    const table = new Table({ count: makeVector(new Float64Array([1, 2])), zip: vectorFromArray(["02134", "10001"], new Utf8()) });
    const arrow = join(dir, "rows.arrow");
    const parquet = join(dir, "rows.parquet");
    await writeTable(arrow, table);
    await writeTable(parquet, table);
    for (const file of [json, arrow, parquet]) {
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
