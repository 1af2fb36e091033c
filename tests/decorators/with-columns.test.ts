/**
 * `withColumns` is Hamilton's `@with_columns` over tables: column functions from modules run as
 * real, namespaced nodes on columns of the table the function takes, and the columns they compute
 * are appended (or replace a column of the same name) before the function receives it. Values are
 * computed here by hand from the input columns.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, type Table } from "apache-arrow";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { buildSource, caught, fixture, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const pipeline = new URL("../fixtures/modifiers/with-columns/pipeline.ts", import.meta.url);
const columnsModule = fixture("with-columns/columns").href;
const dr = await new Builder().withModules(pipeline).withManifestCache(false).build();
const columnsOf = (table: unknown) => Object.fromEntries((table as Table).schema.fields.map((field) => [field.name, Array.from((table as Table).getChild(field.name)!, Number)]));
const wiring = (name: string) => dr.node(name).dependencies.map((d) => d.name);

describe("withColumns", () => {
  it("appends every column function returning a vector (default select), in module order", async () => {
    const { enriched } = await dr.execute(["enriched"]);
    const revenue = [10, 40, 90, 160];
    const mean = revenue.reduce((a, b) => a + b) / 4;
    expect(columnsOf(enriched)).toEqual({
      price: [1, 2, 3, 4],
      qty: [10, 20, 30, 40],
      revenue,
      revenueCentered: revenue.map((r) => r - mean),
      price2: [2, 4, 6, 8],
      taxed: revenue.map((r) => r * 1.5),
    });
  });

  it("names the nodes as Hamilton: <ns>.<column> per passed column and column function, <ns>._append; the function reads <ns>._append", () => {
    expect(wiring("enriched")).toEqual(["enriched._append"]);
    expect(wiring("enriched._append")).toEqual(["sales", "enriched.revenue", "enriched.revenueCentered", "enriched.price2", "enriched.taxed"]);
    expect(wiring("enriched.price")).toEqual(["sales"]);
    expect(wiring("enriched.revenueCentered")).toEqual(["enriched.revenue", "enriched.revenueMean"]);
    // A name the modules neither define nor receive stays global.
    expect(wiring("enriched.taxed")).toEqual(["enriched.revenue", "taxRate"]);
    expect(dr.node("enriched.revenue").doc).toBe("Price times quantity.");
    expect(dr.node("enriched.revenue").group).toBe("enriched");
    expect(dr.node("enriched").tags).toMatchObject({ owner: "sales" });
    expect(dr.toDot()).toContain('"enriched.revenueCentered"');
  });

  it("with select, runs only what the selected columns need, under the namespace given", async () => {
    const names = dr.listNodes().map((node) => node.name).filter((name) => name.startsWith("c."));
    expect(names.sort()).toEqual(["c._append", "c.price", "c.qty", "c.revenue", "c.revenueCentered", "c.revenueMean"]);
    expect(await dr.execute(["centered"])).toEqual({ centered: 3 });
  });

  it("without select, every passed column is a node, even one no function reads (as Hamilton prunes only with a select)", async () => {
    const built = await buildSource(`export const wide = ff.withColumns({ modules: [${JSON.stringify(columnsModule)}], columnsToPass: ["price", "qty", "note"] }, (sales: unknown): unknown => sales);`);
    expect(built.listNodes().map((node) => node.name)).toContain("wide.note");
    expect(built.node("wide._append").dependencies.map((d) => d.name)).not.toContain("wide.note");
  });

  it("column nodes are real nodes: requested, overridden and cached like any other", async () => {
    const overridden = await dr.execute(["enriched"], { overrides: { "enriched.revenue": tableFromArrays({ v: new Float64Array([1, 1, 1, 1]) }).getChild("v")! } });
    expect(columnsOf(overridden.enriched).revenueCentered).toEqual([0, 0, 0, 0]);
    const { "enriched.revenueMean": revenueMean } = await dr.execute(["enriched.revenueMean"]);
    expect(revenueMean).toBe(75);
  });

  it("column nodes are cached like any other: a second run of the same request hits every node", async () => {
    const dir = mkdtempSync(join(tmpdir(), "funcflow-with-columns-"));
    try {
      const cached = () => new Builder().withModules(pipeline).withManifestCache(false).withCache({ dir, onWarning: () => {} }).build();
      const first = await cached();
      const computed = await first.execute(["enriched"]);
      expect(first.lastCacheRun()!.misses).toContain("enriched.revenue");
      const second = await cached();
      expect(columnsOf((await second.execute(["enriched"])).enriched)).toEqual(columnsOf(computed.enriched));
      expect(second.lastCacheRun()!.misses).toEqual([]);
      expect(second.lastCacheRun()!.hits).toEqual(expect.arrayContaining(["enriched.revenue", "enriched._append", "enriched"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passDataframeAs gives the column functions the table under that name; a computed column replaces the column of its name", async () => {
    expect(wiring("halved.df")).toEqual(["sales"]);
    expect(wiring("halved.price")).toEqual(["halved.df"]);
    expect(columnsOf((await dr.execute(["halved"])).halved)).toEqual({ price: [0.5, 1, 1.5, 2], qty: [10, 20, 30, 40] });
  });

  it("onInput picks the table parameter; alone, the column functions read the table by that name", async () => {
    expect(wiring("second")).toEqual(["taxRate", "second._append"]);
    expect(wiring("second.revenueOf")).toEqual(["sales"]);
    expect(columnsOf((await dr.execute(["second"])).second).revenueOf).toEqual([10, 40, 90, 160]);
  });

  it("a passed column the table lacks fails at run time naming the column node and the columns that exist", async () => {
    const error = await caught(dr.execute(["enriched"], { overrides: { sales: tableFromArrays({ price: new Float64Array([1]), qtty: new Float64Array([1]) }) } }));
    expect(error).toMatchObject({ code: "node_failed", node: "enriched.qty" });
    expect(error.cause).toMatchObject({ code: "missing_column", details: { column: "qty", columns: ["price", "qtty"] } });
  });

  it("a value that is not a table fails at run time as type_mismatch, in the node that reads it", async () => {
    const column = await caught(dr.execute(["enriched"], { overrides: { sales: [1, 2] } }));
    expect(column).toMatchObject({ code: "node_failed", node: "enriched.price" });
    // The cause names the column node too, not a global "price" the graph may also have.
    expect(column.cause).toMatchObject({ code: "type_mismatch", node: "enriched.price" });
    expect((column.cause as Error).message).toContain('withColumns enriched: the value of "sales" is');
    const vector = tableFromArrays({ v: new Float64Array([1, 2]) }).getChild("v")!;
    const append = await caught(dr.execute(["centered"], { overrides: { sales: [1, 2], "c.revenueCentered": vector } }));
    expect(append).toMatchObject({ code: "node_failed", node: "c._append" });
    expect(append.cause).toMatchObject({ code: "type_mismatch", node: "c._append", input: "sales" });
  });

  it("a computed column of another length fails naming the columns and their lengths", async () => {
    const error = await caught(dr.execute(["enriched"], { overrides: { "enriched.taxed": tableFromArrays({ v: new Float64Array([1]) }).getChild("v")! } }));
    expect(error).toMatchObject({ code: "node_failed", node: "enriched._append" });
    expect(error.cause).toMatchObject({ code: "length_mismatch" });
  });

  const body = (options: string, fn = "(sales: unknown): unknown => sales") => `export const bad = ff.withColumns(${options}, ${fn});`;
  const modules = `modules: [${JSON.stringify(columnsModule)}]`;
  it.each([
    ["no options object", `undefined as never`, "the first argument must be an options object"],
    ["no modules", `{ columnsToPass: ["price"] } as never`, "withColumns needs { modules:"],
    ["a module that is a number", `{ modules: [${JSON.stringify(columnsModule)}, 3] as never, columnsToPass: ["price"] }`, "withColumns: modules[1] must be a module's URL or path"],
    ["a column passed twice", `{ ${modules}, columnsToPass: ["price", "qty", "price"] }`, `columnsToPass names "price" twice`],
    ["neither columnsToPass, passDataframeAs nor onInput", `{ ${modules} }`, "needs columnsToPass"],
    ["columnsToPass with passDataframeAs", `{ ${modules}, columnsToPass: ["price"], passDataframeAs: "df" }`, "not both"],
    ["an empty columnsToPass", `{ ${modules}, columnsToPass: [] }`, "columnsToPass must be a non-empty list"],
    ["a select naming no function", `{ ${modules}, columnsToPass: ["price", "qty"], select: ["revenu"] }`, `selects "revenu", which is neither a column function nor a passed column (did you mean "revenue"`],
    ["a passed column a function also defines", `{ ${modules}, columnsToPass: ["price", "qty", "revenue"] }`, `passes column "revenue", which a column function also defines`],
    ["an onInput that is no parameter", `{ ${modules}, onInput: "sale" }`, `onInput names "sale", which is not a parameter of "bad" (did you mean "sales"?)`],
    ["a misspelt option", `{ ${modules}, columnsToPass: ["price"], selct: ["revenue"] } as never`, `did you mean "select"`],
    ["a non-string namespace", `{ ${modules}, columnsToPass: ["price"], namespace: 3 } as never`, "namespace must be a non-empty string"],
  ])("refuses %s at build with invalid_modifier naming the node", async (_, options, text) => {
    const error = await caught(buildSource(body(options)));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(text);
  });

  it.each([
    ["number", "(sales: number): number => sales"],
    ["string", "(sales: string): string => sales"],
    ["boolean", "(sales: boolean): boolean => sales"],
    ["number[]", "(sales: number[]): number => sales.length"],
    ["readonly string[]", "(sales: readonly string[]): number => sales.length"],
    ["Array<boolean>", "(sales: Array<boolean>): number => sales.length"],
  ])("refuses a table parameter declared %s at build (Hamilton's validate_dataframe)", async (declared, fn) => {
    const error = await caught(buildSource(body(`{ ${modules}, columnsToPass: ["price", "qty"] }`, fn)));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`withColumns appends columns to the table parameter "sales" of "bad", but it is declared \`${declared}\`, which is not a table.`);
  });

  it("refuses a scalar table parameter named by onInput, and leaves the other parameters' types alone", async () => {
    const onInput = await caught(buildSource(body(`{ ${modules}, columnsToPass: ["price", "qty"], onInput: "rate" }`, "(sales: unknown, rate: number): unknown => sales")));
    expect(onInput.message).toContain(`table parameter "rate" of "bad", but it is declared \`number\``);
    const built = await buildSource(`${body(`{ ${modules}, columnsToPass: ["price", "qty"], onInput: "sales" }`, "(rate: number, sales: Table): Table => sales")}\nexport const sales = (): unknown => undefined;\nexport const rate = (): number => 0;\nexport const taxRate = (): number => 0;\ntype Table = unknown;`);
    expect(built.node("bad").dependencies.map((d) => d.name)).toEqual(["rate", "bad._append"]);
  });

  it("appends a column selected twice once, as Hamilton's with_columns (a dict of columns to assign) does", async () => {
    const built = await buildSource(`export const twice = ff.withColumns({ ${modules}, columnsToPass: ["price", "qty"], select: ["revenue", "price2", "revenue"] }, (sales: unknown): unknown => sales);\nexport const sales = (): unknown => undefined;\nexport const taxRate = (): number => 0;`);
    expect(built.node("twice._append").dependencies.map((d) => d.name)).toEqual(["sales", "twice.revenue", "twice.price2"]);
    const { twice } = await built.execute(["twice"], { overrides: { sales: tableFromArrays({ price: new Float64Array([1, 2]), qty: new Float64Array([3, 4]) }) } });
    expect(columnsOf(twice)).toEqual({ price: [1, 2], qty: [3, 4], revenue: [3, 8], price2: [2, 4] });
  });

  it("takes columnsToPass with onInput (Hamilton refuses the pair): the columns come from the onInput table; a selected scalar is broadcast as df.assign does", async () => {
    const built = await buildSource(`export const both = ff.withColumns({ ${modules}, columnsToPass: ["price", "qty"], onInput: "sales", select: ["revenueMean"] }, (taxRate: number, sales: unknown): unknown => sales);\nexport const sales = (): unknown => undefined;\nexport const taxRate = (): number => 0;`);
    expect(built.node("both.price").dependencies.map((d) => d.name)).toEqual(["sales"]);
    const { both } = await built.execute(["both"], { overrides: { sales: tableFromArrays({ price: new Float64Array([1, 2]), qty: new Float64Array([3, 5]) }) } });
    expect(columnsOf(both)).toEqual({ price: [1, 2], qty: [3, 5], revenueMean: [6.5, 6.5] });
  });

  it("refuses a function without parameters", async () => {
    const error = await caught(buildSource(body(`{ ${modules}, columnsToPass: ["price"] }`, "(): unknown => 1")));
    expect(error.message).toContain(`"bad" takes no parameter`);
  });

  it("property: the appended table holds the input columns, then the computed ones, for any prices and quantities", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }).chain((n) => {
          const column = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n });
          return fc.tuple(column, column);
        }),
        async ([price, qty]) => {
          const sales = tableFromArrays({ price: Float64Array.from(price), qty: Float64Array.from(qty) });
          const { enriched } = await dr.execute(["enriched"], { overrides: { sales } });
          const revenue = price.map((p, i) => p * qty[i]!);
          const mean = revenue.reduce((a, b) => a + b) / revenue.length;
          const got = columnsOf(enriched);
          expect(got.price).toEqual(price);
          expect(got.qty).toEqual(qty);
          expect(got.revenue).toEqual(revenue);
          got.revenueCentered!.forEach((v, i) => expect(v).toBeCloseTo(revenue[i]! - mean, 9));
          expect(got.price2).toEqual(price.map((p) => p * 2));
          expect(got.taxed).toEqual(revenue.map((r) => r * 1.5));
        },
      ),
      { numRuns: 30 },
    );
  });
});
