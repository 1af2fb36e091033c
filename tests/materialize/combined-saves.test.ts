/**
 * A save that names several nodes and a result builder (Hamilton's
 * `to.csv(id="df_to_csv", dependencies=["a", "b"], combine=PandasDataFrameResult())`): the nodes
 * joined into one file, the joined value returned as `<id>_build_result`, bad requests refused
 * before anything runs, and a combined save that fails keeping every target of the call as it was.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeVector, type Table } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, recordResult as rootRecordResult, type Driver, type ResultBuilder, type Saver } from "funcflow";
import { arrowTableResult, recordResult } from "funcflow/arrow";
import { readJson, readTable } from "funcflow/io";
import { rejection } from "../support/caught.ts";

const scratch = join(fileURLToPath(new URL("./tmp/", import.meta.url)), randomUUID());
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const helloWorld = new URL("../fixtures/ports/pandas-materialization/my_functions.ts", import.meta.url);
const sales = new URL("../fixtures/engine/sales-pipeline.ts", import.meta.url);
const salesCsv = join(scratch, "sales.csv");
writeFileSync(salesCsv, "region,amount\nnorth,10\nsouth,20\nnorth,30\n");
/** Every node of the sales fixture that ran, in order (the fixture appends to it). */
const salesCalls = ((globalThis as { __salesCalls?: string[] }).__salesCalls ??= []);

const inputs = () => ({ spend: makeVector(new Float64Array([10, 10, 20, 40, 40, 50])), signups: makeVector(new Float64Array([1, 10, 50, 100, 200, 400])) });
const COLUMNS = ["spend", "signups", "spend_per_signup", "avg_3wk_spend"];

const columnsOf = (table: Table) => Object.fromEntries(table.schema.fields.map((field) => [field.name, [...table.getChild(field.name)!].map((cell) => (cell === null ? null : Number(cell)))]));

/** Every file under `root` with its bytes (folders marked), to compare a folder before and after a call. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name).slice(root.length + 1);
    entries[path] = entry.isDirectory() ? "<folder>" : await readFile(join(root, path), "utf8");
  }
  return entries;
}

let hello: Driver;
let salesDriver: Driver;
beforeAll(async () => {
  hello = await new Builder().withModules(helloWorld).withManifestCache(false).build();
  salesDriver = await new Builder().withModules(sales).withConfig({ taxRate: 0.1 }).withManifestCache(false).build();
});

describe("materialize: several nodes combined into one file", () => {
  it("joins the dependencies with combine, writes the table in each format, and returns it as <id>_build_result beside single saves", async () => {
    const out = await mkdtemp(join(scratch, "combined-"));
    const { saved, results } = await hello.materialize({
      save: {
        df_to_csv: { path: join(out, "df.csv"), dependencies: COLUMNS, combine: arrowTableResult },
        df_to_parquet: { path: join(out, "df.parquet"), dependencies: COLUMNS, combine: arrowTableResult },
        df_to_json: { path: join(out, "nested", "df.json"), dependencies: ["spend", "spend_mean"], combine: arrowTableResult },
        spend_mean: join(out, "spend_mean.json"),
      },
      // A combined save's value can be asked for by name, as Hamilton's additional_vars can.
      outputs: ["spend_std_dev", "df_to_csv_build_result"],
      inputs: inputs(),
    });
    expect(saved.map(({ id, node, dependencies, combine, by, rows }) => ({ id, node, dependencies, combine, by, rows }))).toEqual([
      { id: "df_to_csv", node: "df_to_csv_build_result", dependencies: COLUMNS, combine: "arrowTableResult", by: "arrowTable", rows: 6 },
      { id: "df_to_parquet", node: "df_to_parquet_build_result", dependencies: COLUMNS, combine: "arrowTableResult", by: "arrowTable", rows: 6 },
      { id: "df_to_json", node: "df_to_json_build_result", dependencies: ["spend", "spend_mean"], combine: "arrowTableResult", by: "arrowTable", rows: 6 },
      { id: "spend_mean", node: "spend_mean", dependencies: undefined, combine: undefined, by: "jsonValue", rows: undefined },
    ]);
    expect(saved[0]!.schema?.map((field) => field.name)).toEqual(COLUMNS);
    const built = results.df_to_csv_build_result as Table;
    expect(built.schema.fields.map((field) => field.name)).toEqual(COLUMNS);
    expect(columnsOf(built).spend_per_signup).toEqual([10, 1, 0.4, 0.4, 0.2, 0.125]);
    for (const file of ["df.csv", "df.parquet"]) expect(columnsOf(await readTable(join(out, file))), file).toEqual(columnsOf(built));
    // A scalar dependency is repeated on every row, as arrowTableResult does for execute.
    expect(await readJson(join(out, "nested", "df.json"))).toEqual([10, 10, 20, 40, 40, 50].map((spend) => ({ spend, spend_mean: 170 / 6 })));
    expect(Object.keys(results).sort()).toEqual(
      ["avg_3wk_spend", "df_to_csv_build_result", "df_to_json_build_result", "df_to_parquet_build_result", "signups", "spend", "spend_mean", "spend_per_signup", "spend_std_dev"].sort(),
    );
  });

  it("property: any ordered set of columns in any table format reads back as execute + arrowTableResult gives it", async () => {
    const nodes = ["spend", "signups", "spend_per_signup", "avg_3wk_spend", "spend_zero_mean", "spend_mean"];
    const viaExecute = await new Builder().withModules(helloWorld).withManifestCache(false).withResultBuilder(arrowTableResult).build();
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(nodes, { minLength: 1 }), fc.constantFrom("csv", "parquet", "arrow", "arrows"), async (dependencies, extension) => {
        const out = await mkdtemp(join(scratch, "property-"));
        const path = join(out, `df.${extension}`);
        const { results } = await hello.materialize({ save: { df: { path, dependencies, combine: arrowTableResult } }, inputs: inputs() });
        const expected = columnsOf(await viaExecute.execute(dependencies, { inputs: inputs() }));
        expect(columnsOf(results.df_build_result as Table)).toEqual(expected);
        expect(columnsOf(await readTable(path))).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it("one dependency needs no combine: it is saved as it is under the save's id, so one node can go to two files", async () => {
    const out = await mkdtemp(join(scratch, "single-"));
    const { saved, results } = await hello.materialize({
      save: { spend_per_signup: join(out, "per.csv"), per_signup_parquet: { path: join(out, "per.parquet"), dependencies: ["spend_per_signup"] } },
      inputs: inputs(),
    });
    expect(saved.map(({ id, node, by }) => [id, node, by])).toEqual([
      ["spend_per_signup", "spend_per_signup", "arrowColumn"],
      ["per_signup_parquet", "spend_per_signup", "arrowColumn"],
    ]);
    expect(columnsOf(await readTable(join(out, "per.parquet")))).toEqual(columnsOf(await readTable(join(out, "per.csv"))));
    expect(Object.keys(results)).toEqual(["spend_per_signup"]);
  });

  it("recordResult combines into a JSON object of the dependencies", async () => {
    const out = await mkdtemp(join(scratch, "record-"));
    await salesDriver.materialize({ load: { sales: salesCsv }, save: { report: { path: join(out, "report.json"), dependencies: ["summary", "taxRate"], combine: recordResult } } });
    expect(await readJson(join(out, "report.json"))).toEqual({ summary: { rows: 3, total: 66, regions: ["north", "south"] }, taxRate: 0.1 });
  });
});

describe("materialize: a bad combined save is refused before anything runs", () => {
  const notABuilder = { name: "notABuilder" } as unknown as ResultBuilder<unknown>;
  const cases: [string, (out: string) => Parameters<Driver["materialize"]>[0], Record<string, unknown>, string][] = [
    [
      "an unknown dependency (with did-you-mean)",
      (out) => ({ save: { df: { path: join(out, "df.csv"), dependencies: ["enriched", "taxedAmount"], combine: arrowTableResult } } }),
      { code: "unknown_output", node: "taxedAmount", suggestion: ["taxedAmounts"], details: { saveId: "df", argument: "request.save.df.dependencies[1]" } },
      `request.save.df.dependencies[1] names "taxedAmount", which is no node (did you mean "taxedAmounts"?)`,
    ],
    ["an empty list", (out) => ({ save: { df: { path: join(out, "df.csv"), dependencies: [], combine: arrowTableResult } } }), { code: "invalid_argument" }, "request.save.df.dependencies must be a non-empty array"],
    [
      "a name given twice",
      (out) => ({ save: { df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts", "taxedAmounts"], combine: arrowTableResult } } }),
      { code: "invalid_argument", node: "taxedAmounts" },
      `request.save.df.dependencies names "taxedAmounts" twice`,
    ],
    ["a combine that is not a result builder", (out) => ({ save: { df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts"], combine: notABuilder } } }), { code: "invalid_argument" }, "request.save.df.combine must be a result builder"],
    ["several dependencies without combine", (out) => ({ save: { df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts", "summary"] } } }), { code: "invalid_argument", details: { saveId: "df" } }, "request.save.df saves 2 nodes to one file but has no combine"],
    ["combine without dependencies", (out) => ({ save: { summary: { path: join(out, "s.json"), combine: recordResult } } }), { code: "invalid_argument" }, "request.save.summary.combine must be given with dependencies"],
    [
      "a record combined into CSV",
      (out) => ({ save: { df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts", "summary"], combine: recordResult } } }),
      { code: "invalid_argument", details: { saveId: "df", argument: "request.save.df.combine", format: "csv" } },
      "request.save.df.combine (recordResult) builds a plain object, and no saver writes that as csv",
    ],
    [
      "an id whose <id>_build_result is another save's name",
      (out) => ({ save: { df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts"], combine: arrowTableResult }, df_build_result: join(out, "other.json") } }),
      { code: "invalid_argument", node: "df_build_result" },
      `returns its combined value as "df_build_result", which is another save's name`,
    ],
  ];
  for (const [what, request, fields, message] of cases) {
    it(what, async () => {
      const out = await mkdtemp(join(scratch, "bad-"));
      const ran = salesCalls.length;
      const error = await rejection(salesDriver.materialize({ load: { sales: salesCsv }, ...request(out) }));
      expect(error).toMatchObject(fields);
      expect(error.message).toContain(message);
      expect(salesCalls.length, "no node ran").toBe(ran);
      expect(await snapshot(out)).toEqual({});
    });
  }

  it("a table combined into a format whose savers refuse tables", async () => {
    const textOnly: Saver = { name: "text", formats: ["txt"], accepts: (value) => typeof value === "string", save: (value, path) => writeFile(path, String(value)) };
    const dr = await new Builder().withModules(sales).withConfig({ taxRate: 0.1 }).withManifestCache(false).withMaterializers(textOnly).build();
    const out = await mkdtemp(join(scratch, "txt-"));
    const ran = salesCalls.length;
    const error = await rejection(dr.materialize({ load: { sales: salesCsv }, save: { df: { path: join(out, "df.txt"), dependencies: ["taxedAmounts"], combine: arrowTableResult } } }));
    expect(error).toMatchObject({ code: "invalid_argument", details: { saveId: "df", combine: "arrowTableResult", format: "txt" } });
    expect(error.message).toContain("builds an Arrow Table, and no saver writes that as txt");
    expect(salesCalls.length).toBe(ran);
  });
});

describe("materialize: a result builder's own code runs only on the real outputs", () => {
  it("build is called once, with the dependencies, never on an empty request to find out what it builds", async () => {
    const calls: string[][] = [];
    const counting: ResultBuilder<Record<string, unknown>> = { name: "counting", build: (outputs, requested) => (calls.push([...requested]), { ...outputs }) };
    const out = await mkdtemp(join(scratch, "calls-"));
    await salesDriver.materialize({ load: { sales: salesCsv }, save: { both: { path: join(out, "both.json"), dependencies: ["summary", "taxRate"], combine: counting } } });
    expect(calls).toEqual([["summary", "taxRate"]]);
  });

  it("a builder's declared emptyResult decides the format check before anything runs", async () => {
    const declared: ResultBuilder<Record<string, unknown>> = { name: "declared", build: (outputs) => ({ ...outputs }), emptyResult: () => ({}) };
    const out = await mkdtemp(join(scratch, "declared-"));
    const ran = salesCalls.length;
    const error = await rejection(salesDriver.materialize({ load: { sales: salesCsv }, save: { df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts", "summary"], combine: declared } } }));
    expect(error).toMatchObject({ code: "invalid_argument", details: { saveId: "df", argument: "request.save.df.combine", format: "csv" } });
    expect(error.message).toContain("request.save.df.combine (declared) builds a plain object, and no saver writes that as csv");
    expect(salesCalls.length, "no node ran").toBe(ran);
  });

  it("recordResult comes from the root entry too (as the README's table says), the same builder as funcflow/arrow's", () => {
    expect(rootRecordResult).toBe(recordResult);
    expect(rootRecordResult.emptyResult?.()).toEqual({});
  });

  it("an emptyResult that is not a function is refused, named", async () => {
    const wrong = { name: "wrong", build: () => ({}), emptyResult: {} } as unknown as ResultBuilder<unknown>;
    const out = await mkdtemp(join(scratch, "wrong-"));
    const error = await rejection(salesDriver.materialize({ load: { sales: salesCsv }, save: { df: { path: join(out, "df.json"), dependencies: ["summary"], combine: wrong } } }));
    expect(error).toMatchObject({ code: "invalid_argument" });
    expect(error.message).toContain("request.save.df.combine.emptyResult");
  });
});

describe("materialize: a failing combined save keeps every target of the call as it was", () => {
  it("a combine that throws (after every node ran): hook_failed naming the save, no file written, old files keep their bytes", async () => {
    const out = await mkdtemp(join(scratch, "throws-"));
    await writeFile(join(out, "summary.json"), "old summary");
    const before = await snapshot(out);
    const broken: ResultBuilder<unknown> = {
      name: "broken",
      build: () => {
        throw new Error("cannot join a Map");
      },
    };
    const error = await rejection(
      salesDriver.materialize({
        load: { sales: salesCsv },
        save: { summary: join(out, "summary.json"), both: { path: join(out, "both.json"), dependencies: ["summary", "lookup"], combine: broken } },
      }),
    );
    expect(error).toMatchObject({ code: "hook_failed", details: { saveId: "both", resultBuilder: "broken" } });
    expect(error.message).toContain(`combining "summary", "lookup" for request.save.both with broken failed: cannot join a Map`);
    expect(await snapshot(out)).toEqual(before);
  });

  it("columns of different lengths: arrowTableResult's length_mismatch keeps its code, no file written", async () => {
    const out = await mkdtemp(join(scratch, "lengths-"));
    const mismatch = await rejection(
      salesDriver.materialize({
        load: { sales: salesCsv },
        save: { taxedAmounts: join(out, "taxed.csv"), df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts", "enriched"], combine: arrowTableResult } },
        overrides: { taxedAmounts: new Float64Array([1, 2]) },
      }),
    );
    expect(mismatch).toMatchObject({ code: "length_mismatch", details: { saveId: "df" } });
    expect(await snapshot(out)).toEqual({});
  });

  it("the combined file's saver fails: the single saves of the call are not kept either", async () => {
    const out = await mkdtemp(join(scratch, "saver-"));
    await writeFile(join(out, "taxed.csv"), "old taxed");
    const before = await snapshot(out);
    const failingTables: Saver = {
      name: "failingTables",
      formats: ["csv"],
      accepts: (value) => typeof value === "object" && value !== null && "numRows" in value && "batches" in value,
      save: async (_value, path, _format, node) => {
        await writeFile(path, "half");
        if (node === "df_build_result") throw new Error("disk full");
      },
    };
    const dr = await new Builder().withModules(sales).withConfig({ taxRate: 0.1 }).withManifestCache(false).withMaterializers(failingTables).build();
    const error = await rejection(
      dr.materialize({
        load: { sales: salesCsv },
        save: { taxedAmounts: join(out, "taxed.csv"), summary: join(out, "new", "summary.json"), df: { path: join(out, "df.csv"), dependencies: ["taxedAmounts"], combine: arrowTableResult } },
      }),
    );
    expect(error).toMatchObject({ code: "io_failed", node: "df_build_result", details: { saveId: "df" } });
    expect(error.message).toContain(`saving save "df" of "taxedAmounts" to ${join(out, "df.csv")} (csv, by failingTables) failed: disk full`);
    expect(await snapshot(out)).toEqual(before);
  });
});
