/**
 * loadFrom's reader options take what Hamilton's loader arguments take: a literal, `value(x)`, or
 * `source("node")` read when the load runs (`@load_from.csv(path=source("location"),
 * sep=value(";"))` in examples/data_quality/simple). Each option, given each way, loads the
 * same table; a sourced option of the wrong kind is a coded error naming the load node.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "./support/build.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-loadfrom-specs-"));
const path = join(dir, "sales.csv");
writeFileSync(path, "id;region;amount\n1;EU;2.5\n2;US;007\n");
afterAll(() => {
  removeInlineModules();
  rmSync(dir, { recursive: true, force: true });
});

/** Each option with a value that changes what is read, so an ignored option fails the test. */
const OPTIONS: readonly [string, unknown][] = [
  ["delimiter", ";"],
  ["inferTypes", false],
  ["columns", ["amount", "id"]],
  ["types", { id: "int64" }],
  ["format", "csv"],
];

async function load(options: string, inputs: Record<string, unknown> = {}): Promise<Table> {
  const dr = await buildSource(`export const sales = ff.loadFrom({ path: ff.source("location"), ${options} }, (table: import("apache-arrow").Table) => table);`);
  return (await dr.execute(["sales"], { inputs: { location: path, ...inputs } })).sales as Table;
}

const shape = (table: Table) => ({ columns: table.schema.fields.map((field) => `${field.name}:${String(field.type)}`), rows: table.toArray().map((row) => JSON.stringify(row.toJSON(), (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))) });

describe("loadFrom reader options as value(…) and source(…)", () => {
  it.each(OPTIONS)("%s: a literal, value(x) and source(node) load the same table", async (option, literal) => {
    const base = option === "delimiter" ? "" : `delimiter: ";", `;
    const asLiteral = shape(await load(`${base}${option}: ${JSON.stringify(literal)}`));
    expect(shape(await load(`${base}${option}: ff.value(${JSON.stringify(literal)})`))).toEqual(asLiteral);
    expect(shape(await load(`${base}${option}: ff.source("chosen")`, { chosen: literal }))).toEqual(asLiteral);
    // The option mattered: without it the table differs.
    if (option !== "format") expect(shape(await load(option === "delimiter" ? "" : `delimiter: ";"`))).not.toEqual(asLiteral);
  });

  it("a sourced option is a dependency of the load node, so a missing one is a missing input", async () => {
    const dr = await buildSource(`export const sales = ff.loadFrom({ path: ff.source("location"), delimiter: ff.source("sep") }, (table: import("apache-arrow").Table) => table);`);
    expect(dr.node("sales.load_data.table").dependencies.map((d) => d.name)).toEqual(["location", "sep"]);
    const error = await caught(dr.execute(["sales"], { inputs: { location: path } }));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain("sep");
  });

  it("a sourced option of the wrong kind fails the load with invalid_argument naming the node and option", async () => {
    const error = await caught(load(`delimiter: ff.source("sep")`, { sep: ";;" }));
    expect(error.code).toBe("node_failed");
    expect((error.cause as { code?: string }).code).toBe("invalid_argument");
    expect(error.message).toContain('delimiter from "sep"');
    expect(error.message).toContain("sales.load_data.table");
  });

  it("a value(…) of the wrong kind is a build error, as the literal is", async () => {
    const error = await caught(buildSource(`export const sales = ff.loadFrom({ path: "x.csv", delimiter: ff.value(";;") }, (table: import("apache-arrow").Table) => table);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("delimiter must be one character");
  });

  it("as must be a literal: it decides the nodes' types", async () => {
    const error = await caught(buildSource(`export const sales = ff.loadFrom({ path: "x.csv", as: ff.source("kind") as never }, (table: import("apache-arrow").Table) => table);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("as decides the nodes' types");
  });
});
