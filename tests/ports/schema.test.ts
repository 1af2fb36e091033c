/**
 * Port of Hamilton's examples/schema (tests/fixtures/ports/schema): h_schema's SchemaValidator is
 * funcflow's built-in schemaValidator() (funcflow/adapters), over dataflow.py's three tables and
 * multi_dataflow.py's config-chosen versions. The expected schemas and diffs are written out
 * here from the tables the functions build.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { schemaValidator, type SchemaValidator, type SchemaValidatorOptions, type SchemaWarning } from "funcflow/adapters";
import { rejection } from "../support/caught.ts";

const fixture = (name: string) => new URL(`../fixtures/ports/schema/${name}.ts`, import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), "funcflow-schema-port-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const field = (name: string, type: string, nullable: boolean) => ({ name, type, nullable, metadata: {} });
/** Hamilton's SchemaValidator(schema_dir, …), its warnings kept instead of logged. */
const validatorIn = (dir: string, options: SchemaValidatorOptions = {}) => {
  const warnings: SchemaWarning[] = [];
  return Object.assign(schemaValidator({ dir, onWarning: (warning) => warnings.push(warning), ...options }), { warnings });
};
const schemasOf = (validator: SchemaValidator) => validator.lastRun()!.schemas;
const diffsOf = (validator: SchemaValidator) => validator.lastRun()!.diffs;
const multi = (version: string, validator: SchemaValidator) => new Builder().withModules(fixture("multi_dataflow")).withConfig({ version }).withAdapters(validator).build();

describe("ports/schema", () => {
  it("dataflow.py: every table's schema is tracked, stored as an Arrow IPC .schema file with name, doc and code version, and written as schemas.json", async () => {
    const dir = join(scratch, "schemas");
    const validator = validatorIn(dir);
    const dr = await new Builder().withModules(fixture("dataflow")).withAdapters(validator).build();
    const { df_with_renamed_cols } = await dr.execute(["df_with_renamed_cols"]);
    expect(Object.keys(schemasOf(validator))).toEqual(["df", "df_with_new_cols", "df_with_renamed_cols"]);
    const renamed = schemasOf(validator).df_with_renamed_cols!;
    expect(Object.keys(renamed)).toEqual(["__metadata", "aa", "B", "c", "x", "y"]);
    expect(renamed.aa).toEqual(field("aa", "Int64", false));
    expect(renamed.B).toEqual(field("B", "Bool", true));
    expect(renamed.x).toEqual(field("x", "Float64", false));
    expect((renamed.y as { type: string }).type).toBe("Null");
    expect(renamed.__metadata).toMatchObject({ name: "df_with_renamed_cols", documentation: "" });
    expect(schemasOf(validator).df!.__metadata).toEqual({ name: "df", documentation: "Create a pandas dataframe", version: dr.node("df").version });
    expect(dr.node("df").version).toMatch(/^[0-9a-f]{32}$/);
    expect((df_with_renamed_cols as { numRows: number }).numRows).toBe(4);

    const stored = tableFromIPC(readFileSync(join(dir, "df_with_new_cols.schema"))).schema;
    expect(stored.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(["a:Int64", "b:Bool", "c:Utf8", "x:Float64", "y:Null"]);
    expect(stored.metadata.get("documentation")).toBe("Adding columns");
    expect(JSON.parse(readFileSync(join(dir, "schemas.json"), "utf8"))).toEqual(schemasOf(validator));

    // A second run compares against what the first stored: nothing differs.
    const again = validatorIn(dir);
    await (await new Builder().withModules(fixture("dataflow")).withAdapters(again).build()).execute(["df_with_renamed_cols"]);
    expect(diffsOf(again)).toEqual({});
    expect(again.warnings).toEqual([]);
  });

  it("multi_dataflow.py --version 1, 2, 3: version 2 adds col_b, version 3 changes col_a from Bool to Float64 (warnings)", async () => {
    const dir = join(scratch, "multi_schemas");
    const first = validatorIn(dir);
    const { pandas_new_col } = await (await multi("1", first)).execute(["pandas_new_col"]);
    expect((pandas_new_col as { schema: { fields: { name: string }[] } }).schema.fields.map((f) => f.name)).toEqual(["object", "price", "number", "col_a"]);
    expect(diffsOf(first)).toEqual({});

    const second = validatorIn(dir);
    await (await multi("2", second)).execute(["pandas_new_col"]);
    expect(diffsOf(second)).toEqual({ pandas_new_col: { col_b: "+" } });
    expect(second.warnings).toHaveLength(1);
    // Hamilton's log line: "Schema diff:" and the readable diff as JSON.
    expect(second.warnings[0]!.message).toContain(`Schema diff:\n${JSON.stringify({ pandas_new_col: { col_b: "+" } }, null, 2)}`);

    const third = validatorIn(dir);
    await (await multi("3", third)).execute(["pandas_new_col"]);
    expect(diffsOf(third)).toEqual({ pandas_new_col: { col_a: { type: { cur: "Float64", ref: "Bool" } } } });
    // The node name is pandas_new_col whatever the variant's suffix (__v4 for version 3).
    expect((await multi("3", validatorIn(join(scratch, "other")))).node("pandas_new_col").condition).toContain("version");
  });

  it("importance fail: the run stops with schema_mismatch naming the node and the added column; unlike Hamilton, schemas.json is not written by a failed run", async () => {
    const dir = join(scratch, "fail_schemas");
    await (await multi("1", validatorIn(dir, { check: false }))).execute(["pandas_new_col"]);
    rmSync(join(dir, "schemas.json"));
    const failing = validatorIn(dir, { importance: "fail" });
    const error = await rejection((await multi("2", failing)).execute(["pandas_new_col"]));
    expect(error.code).toBe("schema_mismatch");
    expect(error.node).toBe("pandas_new_col");
    expect(error.details).toMatchObject({ added: ["col_b"], diff: { col_b: "+" } });
    expect(error.message).toContain(`column "col_b" added`);
    expect(existsSync(join(dir, "schemas.json"))).toBe(false);
    // --no-check stores the new schema; checking version 2 again then passes.
    await (await multi("2", validatorIn(dir, { check: false }))).execute(["pandas_new_col"]);
    const passes = validatorIn(dir, { importance: "fail" });
    await (await multi("2", passes)).execute(["pandas_new_col"]);
    expect(diffsOf(passes)).toEqual({});
  });

  it("mustExist: a table with no stored schema fails; inputs and overrides given to a run are tracked too", async () => {
    const dir = join(scratch, "must_exist");
    const error = await rejection((await multi("1", validatorIn(dir, { mustExist: true }))).execute(["pandas_new_col"]));
    expect(error.code).toBe("schema_mismatch");
    expect(error.node).toBe("pyarrow_table");
    expect(error.details).toMatchObject({ missing: true, file: join(dir, "pyarrow_table.schema") });

    const tracked = validatorIn(join(scratch, "overrides"));
    const table = tableFromArrays({ item: ["nails"], value: new Float64Array([1.5]), count: new Int32Array([9]) });
    const dr = await multi("1", tracked);
    await dr.execute(["pandas_new_col"], { overrides: { pyarrow_table: table } });
    expect(Object.keys(schemasOf(tracked))).toEqual(["pyarrow_table", "ibis_rename", "pandas_new_col"]);
    expect(schemasOf(tracked).pyarrow_table!.item).toEqual(field("item", "Dictionary<Int32, Utf8>", true));
    // An overridden node keeps its documentation and version, as Hamilton reads them from the graph.
    expect(schemasOf(tracked).pyarrow_table!.__metadata).toMatchObject({ name: "pyarrow_table", version: dr.node("pyarrow_table").version });
  });

  it("without a version in config, pandas_new_col has no variant: config_unsatisfied naming the three versions", async () => {
    const dr = await new Builder().withModules(fixture("multi_dataflow")).build();
    const error = await rejection(dr.execute(["pandas_new_col"]));
    expect(error.code).toBe("config_unsatisfied");
    for (const variant of ["pandas_new_col__v1", "pandas_new_col__v2", "pandas_new_col__v4"]) expect(error.message).toContain(variant);
  });
});
