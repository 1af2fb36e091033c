/**
 * `withColumns` over column functions listed by name (Hamilton's `@with_columns(f1, f2, …)`):
 * the same nodes, edges and columns as over the module holding them, select pruning, local
 * functions mixed with a module, config variants among them, and bad entries refused.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Table } from "apache-arrow";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { checkEdgeTypes } from "funcflow/scanner";
import { buildSource, caught, fixture, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const build = (name: string, config: Record<string, unknown> = {}) => new Builder().withModules(fixture(name)).withConfig(config).withManifestCache(false).build();
const viaModule = await build("with-columns/pipeline");
const viaFunctions = await build("with-columns/pipeline-functions", { tier: "high" });
type Built = typeof viaModule;
const columnsOf = (table: unknown) => Object.fromEntries((table as Table).schema.fields.map((field) => [field.name, Array.from((table as Table).getChild(field.name)!, Number)]));
/** Each node of the given namespaces with what it reads, its type and declaring export; a column function's doc and module too (the outer modules differ by name and docs). */
const shape = (dr: Built, prefixes: readonly string[]) =>
  dr
    .listNodes()
    .filter((node) => prefixes.some((prefix) => node.name === prefix || node.name.startsWith(`${prefix}.`)))
    .map((node) => {
      const column = node.source?.module.endsWith("columns.ts") === true;
      return { name: node.name, reads: node.dependencies.map((d) => d.name), type: node.type, exportName: node.source?.exportName, ...(column && { doc: node.doc, module: node.source?.module, tags: node.tags }) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

describe("withColumns over listed functions", () => {
  it("makes the nodes and edges the module of those functions makes, in list order, with and without a select", () => {
    expect(shape(viaFunctions, ["enriched", "c"])).toEqual(shape(viaModule, ["enriched", "c"]));
    expect(viaFunctions.node("enriched._append").dependencies.map((d) => d.name)).toEqual(["sales", "enriched.revenue", "enriched.revenueCentered", "enriched.price2", "enriched.taxed"]);
  });

  it("computes the same tables", async () => {
    const [fromModule, fromFunctions] = await Promise.all([viaModule.execute(["enriched", "centered"]), viaFunctions.execute(["enriched", "centered"])]);
    expect(columnsOf(fromFunctions.enriched)).toEqual(columnsOf(fromModule.enriched));
    expect(fromFunctions.centered).toBe(fromModule.centered);
  });

  it("mixes local functions (function or const, not exported) with a module's, and takes the variant the config picks", async () => {
    expect(viaFunctions.node("mixed.margin").dependencies.map((d) => d.name)).toEqual(["mixed.revenue"]);
    expect(viaFunctions.node("mixed.halfQty").source?.exportName).toBe("halfQty");
    expect(viaFunctions.node("mixed.discount").source?.exportName).toBe("discount__high");
    expect(columnsOf((await viaFunctions.execute(["mixed"])).mixed)).toEqual({ price: [1, 2, 3, 4], qty: [10, 20, 30, 40], margin: [2.5, 10, 22.5, 40], halfQty: [5, 10, 15, 20], discount: [0.5, 1, 1.5, 2] });
    const low = await build("with-columns/pipeline-functions", { tier: "low" });
    expect(columnsOf((await low.execute(["mixed"])).mixed).discount).toEqual([0.9, 1.8, 2.7, 3.6].map((v) => expect.closeTo(v, 12)));
  });
});

describe("withColumns over functions is withColumns over a module holding them", () => {
  const folder = new URL(`./tmp/listed-columns-${process.pid}/`, import.meta.url);
  let written = 0;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Random column functions: c<i> adds some earlier ones and some passed columns a, b, and a constant; a select or none. */
  const columns = fc.integer({ min: 1, max: 5 }).chain((size) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: size }, (_, i) => fc.subarray([...Array.from({ length: i }, (_, j) => `c${j}`), "a", "b"], { minLength: 1 }))),
      fc.option(fc.subarray(Array.from({ length: size }, (_, i) => `c${i}`), { minLength: 1 }), { nil: undefined }),
    ),
  );
  const columnText = (reads: readonly string[], i: number, exported: boolean) =>
    `${exported ? "export " : ""}const c${i} = (${reads.map((name) => `${name}: Vector<Float64>`).join(", ")}): Vector<Float64> => add(${reads.reduce((sum, name) => `add(${sum}, ${name})`)}, ${i + 1});`;

  async function shapeOf(url: URL) {
    const built = await new Builder().withModules(url).withManifestCache(false).build();
    const nodes = built.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)] as const);
    return { nodes, table: columnsOf((await built.execute(["out"])).out) };
  }

  it("gives the same node names, edges and table for functions declared here, imported, and the module itself, with or without a select", async () => {
    mkdirSync(folder, { recursive: true });
    await fc.assert(
      fc.asyncProperty(columns, async ([reads, select]) => {
        const id = ++written;
        const names = reads.map((_, i) => `c${i}`);
        const header = `import { tableFromArrays, type Float64, type Table, type Vector } from "apache-arrow";\nimport { withColumns } from "funcflow";\nimport { add } from "funcflow/arrow";\n`;
        const source = `export const sales = (): Table => tableFromArrays({ a: new Float64Array([1, 2, 3]), b: new Float64Array([10, 20, 30]) });\n`;
        const options = `columnsToPass: ["a", "b"]${select === undefined ? "" : `, select: ${JSON.stringify(select)}`}`;
        const write = (name: string, text: string) => {
          const url = new URL(`${name}-${id}.ts`, folder);
          writeFileSync(url, `${header}${text}\n`);
          return url;
        };
        write("cols", reads.map((r, i) => columnText(r, i, true)).join("\n"));
        const viaModule = write("via-module", `${source}export const out = withColumns({ modules: [new URL("./cols-${id}.ts", import.meta.url)], ${options} }, (sales: Table): Table => sales);`);
        const viaLocal = write("via-local", `${source}${reads.map((r, i) => columnText(r, i, false)).join("\n")}\nexport const out = withColumns({ functions: [${names.join(", ")}], ${options} }, (sales: Table): Table => sales);`);
        const viaImport = write("via-import", `import { ${names.join(", ")} } from "./cols-${id}.ts";\n${source}export const out = withColumns({ functions: [${names.join(", ")}], ${options} }, (sales: Table): Table => sales);`);
        const expected = await shapeOf(viaModule);
        expect(await shapeOf(viaLocal)).toEqual(expected);
        expect(await shapeOf(viaImport)).toEqual(expected);
      }),
      { numRuns: 10 },
    );
  }, 60_000);
});

describe("withColumns over listed functions in the static check", () => {
  it("expands them into the nodes the run-time graph builds, reading what the graph's nodes read, with no mismatch", async () => {
    const report = await checkEdgeTypes([fileURLToPath(fixture("with-columns/pipeline-functions"))], { cacheDir: false });
    expect(report.mismatches).toEqual([]);
    expect(report.unchecked.filter((entry) => entry.reason === "subdag")).toEqual([]);
    const namespaced = /^(enriched|c|mixed)\./;
    const statically = report.nodes
      .filter((node) => namespaced.test(node.name))
      .map((node) => ({ name: node.name, reads: node.producers.length === 1 ? node.producers[0]!.reads : node.producers.map((producer) => producer.reads) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    // Both variants of mixed.discount are producers statically (the graph keeps the one config
    // chose), and a passed column's node is typed from the table's declared type, reading nothing.
    const readsOf = (node: { name: string; dependencies: readonly { name: string }[] }) =>
      node.name === "mixed.discount" ? [["mixed.price"], ["mixed.price"]] : /\.(price|qty)$/.test(node.name) ? [] : node.dependencies.map((d) => d.name);
    const built = viaFunctions
      .listNodes()
      .filter((node) => namespaced.test(node.name))
      .map((node) => ({ name: node.name, reads: readsOf(node) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(statically).toEqual(built);
  });
});

describe("withColumns functions misuse", () => {
  it.each([
    ["a call", "make()", "is made by a call"],
    ["a spread", "...all", "is a spread"],
  ])("refuses %s as invalid_modifier naming the module, the export and the entry", async (_, entry, expected) => {
    const error = await caught(
      buildSource(`
        const make = () => (price: number): number => price;
        const twice = (price: number): number => price * 2;
        const all = [make()];
        export const bad = ff.withColumns({ functions: [twice, ${entry}], columnsToPass: ["price"], select: ["twice"] }, (sales: unknown): unknown => sales);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad", details: { modifier: "withColumns", index: 1 } });
    expect(error.message).toMatch(/inline-\d+\.ts:\d+ \(bad\): withColumns's functions\[1\] /);
    expect(error.message).toContain(expected);
  });

  it("refuses a non-function entry, a function listed twice, and neither modules nor functions", async () => {
    const notAFunction = await caught(buildSource(`export const bad = ff.withColumns({ functions: ["twice" as never], columnsToPass: ["price"] }, (sales: unknown): unknown => sales);`));
    expect(notAFunction.message).toContain(`withColumns: functions[0] must be a function declared in this module or imported from another, got the string "twice"`);
    const twice = await caught(buildSource(`const f = (price: number): number => price;\nexport const bad = ff.withColumns({ functions: [f, f], columnsToPass: ["price"] }, (sales: unknown): unknown => sales);`));
    expect(twice.message).toContain(`functions[0] and functions[1] are the same function "f"`);
    const none = await caught(buildSource(`export const bad = ff.withColumns({ columnsToPass: ["price"] } as never, (sales: unknown): unknown => sales);`));
    expect(none).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(none.message).toContain("withColumns needs { modules:");
    expect(none.message).toContain("or { functions: [spendPerSignup] }");
  });
});
