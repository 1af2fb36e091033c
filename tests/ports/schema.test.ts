/**
 * Port of Hamilton's examples/schema (tests/fixtures/ports/schema): the SchemaValidator adapter
 * (h_schema) written against funcflow's lifecycle API, over dataflow.py's three tables and
 * multi_dataflow.py's config-chosen versions. The expected schemas and diffs are written out
 * here from the tables the functions build.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";
import { SchemaValidator } from "../fixtures/ports/schema/schema_validator.ts";

const fixture = (name: string) => new URL(`../fixtures/ports/schema/${name}.ts`, import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), "funcflow-schema-port-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const field = (name: string, type: string, nullable: boolean) => ({ name, type, nullable, metadata: {} });
const multi = (version: string, validator: SchemaValidator) => new Builder().withModules(fixture("multi_dataflow")).withConfig({ version }).withAdapters(validator).build();

describe("ports/schema", () => {
  it("dataflow.py: every table's schema is tracked, stored as an Arrow IPC .schema file with name, doc and code version, and written as schemas.json", async () => {
    const dir = join(scratch, "schemas");
    const validator = new SchemaValidator(dir);
    const dr = await new Builder().withModules(fixture("dataflow")).withAdapters(validator).build();
    const { df_with_renamed_cols } = await dr.execute(["df_with_renamed_cols"]);
    expect([...validator.schemas.keys()]).toEqual(["df", "df_with_new_cols", "df_with_renamed_cols"]);
    const renamed = validator.jsonSchemas.df_with_renamed_cols!;
    expect(Object.keys(renamed)).toEqual(["__metadata", "aa", "B", "c", "x", "y"]);
    expect(renamed.aa).toEqual(field("aa", "Int64", false));
    expect(renamed.B).toEqual(field("B", "Bool", true));
    expect(renamed.x).toEqual(field("x", "Float64", false));
    expect((renamed.y as { type: string }).type).toBe("Null");
    expect(renamed.__metadata).toMatchObject({ name: "df_with_renamed_cols", documentation: "" });
    expect(validator.jsonSchemas.df!.__metadata).toMatchObject({ name: "df", documentation: "Create a pandas dataframe", version: expect.stringMatching(/^[0-9a-f]{16,}$/) });
    expect((df_with_renamed_cols as { numRows: number }).numRows).toBe(4);

    const stored = tableFromIPC(readFileSync(join(dir, "df_with_new_cols.schema"))).schema;
    expect(stored.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(["a:Int64", "b:Bool", "c:Utf8", "x:Float64", "y:Null"]);
    expect(stored.metadata.get("documentation")).toBe("Adding columns");
    expect(JSON.parse(readFileSync(join(dir, "schemas.json"), "utf8"))).toEqual(validator.jsonSchemas);

    // A second run compares against what the first stored: nothing differs.
    const again = new SchemaValidator(dir);
    await (await new Builder().withModules(fixture("dataflow")).withAdapters(again).build()).execute(["df_with_renamed_cols"]);
    expect(again.schemaDiffs.size).toBe(0);
    expect(again.warnings).toEqual([]);
  });

  it("multi_dataflow.py --version 1, 2, 3: version 2 adds col_b, version 3 changes col_a from Bool to Float64 (warnings)", async () => {
    const dir = join(scratch, "multi_schemas");
    const first = new SchemaValidator(dir);
    const { pandas_new_col } = await (await multi("1", first)).execute(["pandas_new_col"]);
    expect((pandas_new_col as { schema: { fields: { name: string }[] } }).schema.fields.map((f) => f.name)).toEqual(["object", "price", "number", "col_a"]);
    expect(first.schemaDiffs.size).toBe(0);

    const second = new SchemaValidator(dir);
    await (await multi("2", second)).execute(["pandas_new_col"]);
    expect(Object.fromEntries(second.schemaDiffs)).toEqual({ pandas_new_col: { col_b: "+" } });
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toContain(`"col_b": "+"`);

    const third = new SchemaValidator(dir);
    await (await multi("3", third)).execute(["pandas_new_col"]);
    expect(Object.fromEntries(third.schemaDiffs)).toEqual({ pandas_new_col: { col_a: { type: { cur: "Float64", ref: "Bool" } } } });
    // The node name is pandas_new_col whatever the variant's suffix (__v4 for version 3).
    expect((await multi("3", new SchemaValidator(join(scratch, "other")))).node("pandas_new_col").condition).toContain("version");
  });

  it("importance fail: the run stops with the adapter's check_failed naming the node, and afterGraph still writes schemas.json", async () => {
    const dir = join(scratch, "fail_schemas");
    await (await multi("1", new SchemaValidator(dir, { check: false }))).execute(["pandas_new_col"]);
    rmSync(join(dir, "schemas.json"));
    const failing = new SchemaValidator(dir, { importance: "fail" });
    const error = await rejection((await multi("2", failing)).execute(["pandas_new_col"]));
    expect(error.code).toBe("check_failed");
    expect(error.node).toBe("pandas_new_col");
    expect(error.message).toContain(`"col_b": "+"`);
    expect(existsSync(join(dir, "schemas.json"))).toBe(true);
    // --no-check stores the new schema; checking version 2 again then passes.
    await (await multi("2", new SchemaValidator(dir, { check: false }))).execute(["pandas_new_col"]);
    const passes = new SchemaValidator(dir, { importance: "fail" });
    await (await multi("2", passes)).execute(["pandas_new_col"]);
    expect(passes.schemaDiffs.size).toBe(0);
  });

  it("mustExist: a table with no stored schema fails; inputs and overrides given to a run are tracked too", async () => {
    const dir = join(scratch, "must_exist");
    const error = await rejection((await multi("1", new SchemaValidator(dir, { mustExist: true }))).execute(["pandas_new_col"]));
    expect(error.code).toBe("io_failed");
    expect(error.node).toBe("pyarrow_table");

    const tracked = new SchemaValidator(join(scratch, "overrides"));
    const table = tableFromArrays({ item: ["nails"], value: new Float64Array([1.5]), count: new Int32Array([9]) });
    await (await multi("1", tracked)).execute(["pandas_new_col"], { overrides: { pyarrow_table: table } });
    expect([...tracked.schemas.keys()]).toEqual(["pyarrow_table", "ibis_rename", "pandas_new_col"]);
    expect(tracked.jsonSchemas.pyarrow_table!.item).toEqual(field("item", "Dictionary<Int32, Utf8>", true));
  });

  it("without a version in config, pandas_new_col has no variant: config_unsatisfied naming the three versions", async () => {
    const dr = await new Builder().withModules(fixture("multi_dataflow")).build();
    const error = await rejection(dr.execute(["pandas_new_col"]));
    expect(error.code).toBe("config_unsatisfied");
    for (const variant of ["pandas_new_col__v1", "pandas_new_col__v2", "pandas_new_col__v4"]) expect(error.message).toContain(variant);
  });
});
