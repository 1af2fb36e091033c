/**
 * schemaValidator() (Hamilton's h_schema.SchemaValidator) on tests/fixtures/hooks/schema-tables.ts:
 * references written on the first run, an identical run passing, a changed column warned about or
 * failing with nothing written, mustExist, inputs and overrides checked, bad options refused.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Builder } from "funcflow";
import { schemaValidator, type SchemaValidator, type SchemaWarning } from "funcflow/adapters";
import { caught, rejection } from "../support/caught.ts";
import { folderSnapshot } from "../support/folder-snapshot.ts";

const fixture = new URL("../fixtures/hooks/schema-tables.ts", import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), "funcflow-schema-validator-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => join(scratch, `schemas-${folders++}`);

const driver = (validator: SchemaValidator) => new Builder().withModules(fixture).withAdapters(validator).build();
const inputs = (changes: Record<string, unknown> = {}) => ({ amountType: "float", withTaxColumn: false, explode: false, ...changes });
const everything = ["sales", "rowCount", "taxed"];
const storedFields = (file: string) => tableFromIPC(readFileSync(file)).schema.fields.map((field) => `${field.name}:${String(field.type)}`);

describe("schemaValidator", () => {
  it("the first run writes a reference per table node and schemas.json; a non-table node is ignored", async () => {
    const dir = freshDir();
    const validator = schemaValidator({ dir });
    const dr = await driver(validator);
    await dr.execute(everything, { inputs: inputs() });
    expect(existsSync(join(dir, "rowCount.schema"))).toBe(false);
    expect(storedFields(join(dir, "sales.schema"))).toEqual(["region:Dictionary<Int32, Utf8>", "amount:Float64"]);
    const stored = tableFromIPC(readFileSync(join(dir, "sales.schema"))).schema;
    expect(Object.fromEntries(stored.metadata)).toEqual({ name: "sales", documentation: "Sales by region.", version: dr.node("sales").version });
    expect(dr.node("sales").version).toMatch(/^[0-9a-f]{32}$/);

    const summary = JSON.parse(readFileSync(join(dir, "schemas.json"), "utf8"));
    expect(Object.keys(summary)).toEqual(["sales", "taxed"]);
    expect(summary.sales).toEqual({
      __metadata: { name: "sales", documentation: "Sales by region.", version: dr.node("sales").version },
      region: { name: "region", type: "Dictionary<Int32, Utf8>", nullable: true, metadata: {} },
      amount: { name: "amount", type: "Float64", nullable: false, metadata: {} },
    });
    expect(summary).toEqual(validator.lastRun()!.schemas);
    expect(validator.lastRun()).toMatchObject({ success: true, diffs: {}, written: [join(dir, "sales.schema"), join(dir, "taxed.schema"), join(dir, "schemas.json")] });
  });

  it("a second identical run passes: no diff, no warning, the references are not rewritten", async () => {
    const dir = freshDir();
    await (await driver(schemaValidator({ dir }))).execute(everything, { inputs: inputs() });
    const warnings: SchemaWarning[] = [];
    const again = schemaValidator({ dir, importance: "fail", onWarning: (warning) => warnings.push(warning) });
    await (await driver(again)).execute(everything, { inputs: inputs() });
    expect(warnings).toEqual([]);
    expect(again.lastRun()).toMatchObject({ success: true, diffs: {}, written: [join(dir, "schemas.json")] });
  });

  it("a changed column type warns (the node, the file, the diff) and the run goes on; the reference stays", async () => {
    const dir = freshDir();
    await (await driver(schemaValidator({ dir }))).execute(everything, { inputs: inputs() });
    const warnings: SchemaWarning[] = [];
    const validator = schemaValidator({ dir, onWarning: (warning) => warnings.push(warning) });
    const { rowCount } = await (await driver(validator)).execute(everything, { inputs: inputs({ amountType: "int" }) });
    expect(rowCount).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ node: "sales", file: join(dir, "sales.schema"), diff: { amount: { type: { cur: "Int32", ref: "Float64" } } } });
    expect(warnings[0]!.message).toContain(`column "amount": type Int32 (was Float64)`);
    expect(warnings[0]!.message).toContain(`delete ${join(dir, "sales.schema")}`);
    expect(storedFields(join(dir, "sales.schema"))).toEqual(["region:Dictionary<Int32, Utf8>", "amount:Float64"]);
    expect(validator.lastRun()!.diffs).toEqual({ sales: { amount: { type: { cur: "Int32", ref: "Float64" } } } });

    // Without onWarning, console.warn hears it.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await (await driver(schemaValidator({ dir }))).execute(["sales"], { inputs: inputs({ amountType: "int" }) });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^schemaValidator: the schema of node "sales" differs/);
    } finally {
      warn.mockRestore();
    }
  });

  it('importance "fail": a changed column stops the run with schema_mismatch, and nothing is written', async () => {
    const dir = freshDir();
    await (await driver(schemaValidator({ dir }))).execute(["sales"], { inputs: inputs() });
    const before = await folderSnapshot(dir);
    const validator = schemaValidator({ dir, importance: "fail" });
    const error = await rejection((await driver(validator)).execute(everything, { inputs: inputs({ amountType: "int", withTaxColumn: true }) }));
    expect(error.code).toBe("schema_mismatch");
    expect(error.node).toBe("sales");
    expect(error.details).toMatchObject({ file: join(dir, "sales.schema"), added: [], removed: [], changed: ["amount"] });
    expect(error.message).toBe(
      `schemaValidator: the schema of node "sales" differs from its reference ${join(dir, "sales.schema")}: column "amount": type Int32 (was Float64). To accept the new schema, delete ${join(dir, "sales.schema")} or run once with schemaValidator({ check: false }).`,
    );
    // taxed never ran, and its new reference and schemas.json were not written.
    expect(await folderSnapshot(dir)).toEqual(before);
    expect(validator.lastRun()).toMatchObject({ success: false, written: [] });

    // Added and removed columns are named too.
    await (await driver(schemaValidator({ dir, check: false }))).execute(["taxed"], { inputs: inputs({ withTaxColumn: true }) });
    const removed = await rejection((await driver(schemaValidator({ dir, importance: "fail" }))).execute(["taxed"], { inputs: inputs() }));
    expect(removed.details).toMatchObject({ added: [], removed: ["tax"], changed: [] });
    expect(removed.message).toContain(`column "tax" removed`);
  });

  it("check: false stores the new schema as the reference, which later checks pass", async () => {
    const dir = freshDir();
    await (await driver(schemaValidator({ dir }))).execute(["sales"], { inputs: inputs() });
    await (await driver(schemaValidator({ dir, check: false }))).execute(["sales"], { inputs: inputs({ amountType: "int" }) });
    expect(storedFields(join(dir, "sales.schema"))).toEqual(["region:Dictionary<Int32, Utf8>", "amount:Int32"]);
    const passes = schemaValidator({ dir, importance: "fail" });
    await (await driver(passes)).execute(["sales"], { inputs: inputs({ amountType: "int" }) });
    expect(passes.lastRun()!.diffs).toEqual({});
  });

  it("mustExist: a table without a reference fails the run, naming the node and the file; nothing is written", async () => {
    const dir = freshDir();
    const error = await rejection((await driver(schemaValidator({ dir, mustExist: true }))).execute(["sales"], { inputs: inputs() }));
    expect(error.code).toBe("schema_mismatch");
    expect(error.node).toBe("sales");
    expect(error.details).toMatchObject({ file: join(dir, "sales.schema"), missing: true });
    expect(error.message).toContain("mustExist");
    expect(existsSync(dir)).toBe(false);
  });

  it("a run that fails for another reason writes nothing", async () => {
    const dir = freshDir();
    const validator = schemaValidator({ dir });
    const error = await rejection((await driver(validator)).execute(everything, { inputs: inputs({ explode: true }) }));
    expect(error.code).toBe("node_failed");
    expect(existsSync(dir)).toBe(false);
    expect(validator.lastRun()).toMatchObject({ success: false, written: [] });
    expect(Object.keys(validator.lastRun()!.schemas)).toEqual(["sales"]);
  });

  it("inputs and overrides that are tables are checked before the run, as Hamilton's run_before_graph_execution does", async () => {
    const dir = freshDir();
    await (await driver(schemaValidator({ dir }))).execute(["sales"], { inputs: inputs() });
    const override = tableFromArrays({ region: ["east"], amount: new Float64Array([1]), note: ["x"] });
    const error = await rejection((await driver(schemaValidator({ dir, importance: "fail" }))).execute(["rowCount"], { inputs: inputs(), overrides: { sales: override } }));
    expect(error.code).toBe("schema_mismatch");
    expect(error.node).toBe("sales");
    expect(error.details).toMatchObject({ added: ["note"] });
  });

  it("keeps the reference of a node named like a path (an extractFields field \"../up\") inside dir", async () => {
    const root = freshDir();
    const dir = join(root, "schemas");
    const validator = schemaValidator({ dir });
    const dr = await new Builder().withModules(new URL("../fixtures/hooks/schema-odd-names.ts", import.meta.url)).withAdapters(validator).build();
    await dr.execute(["../up"]);
    const [reference] = validator.lastRun()!.written;
    expect(reference!.startsWith(join(dir, "~"))).toBe(true);
    expect(existsSync(join(root, "up.schema"))).toBe(false);
    expect(storedFields(reference!)).toEqual(["a:Float64"]);
    // The encoded name is found again: a second run compares with it and passes.
    const again = schemaValidator({ dir, importance: "fail", mustExist: true });
    await (await new Builder().withModules(new URL("../fixtures/hooks/schema-odd-names.ts", import.meta.url)).withAdapters(again).build()).execute(["../up"]);
    expect(again.lastRun()).toMatchObject({ success: true, diffs: {} });
  });

  it("refuses bad options with invalid_argument naming the option", () => {
    const cases: [unknown, RegExp][] = [
      [{ importance: "error" }, /options\.importance/],
      [{ dir: "" }, /options\.dir/],
      [{ check: "yes" }, /options\.check/],
      [{ mustExist: 1 }, /options\.mustExist/],
      [{ onWarning: "log" }, /options\.onWarning/],
      [{ mustexist: true }, /mustexist/],
      [5, /options/],
    ];
    for (const [options, named] of cases) {
      const error = caught(() => schemaValidator(options as never));
      expect(error.code, JSON.stringify(options)).toBe("invalid_argument");
      expect(error.message).toMatch(named);
      expect(error.message).toMatch(/^schemaValidator/);
    }
  });
});
