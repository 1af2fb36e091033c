/**
 * materialize saves a plain array of scalars to a table format as a one-column table, as it
 * does a typed array (a port's `predicted_labels: string[]` to `labels.csv`, Hamilton's to.csv of
 * a 1-d array); JSON keeps writing the array as it is, and an array of objects is still refused.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FuncflowError } from "funcflow";
import { readJson, readTable } from "funcflow/io";
import { buildSource, removeInlineModules } from "../decorators/support/build.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-materialize-arrays-"));
afterAll(() => {
  removeInlineModules();
  rmSync(dir, { recursive: true, force: true });
});

const SOURCE = `
export function labels(): string[] { return ["cat", "dog", "cat"]; }
export function scores(): (number | null)[] { return [0.5, null, 2]; }
export function flags(): boolean[] { return [true, false]; }
export function days(): Date[] { return [new Date(Date.UTC(2024, 0, 1))]; }
export function rows(): { a: number }[] { return [{ a: 1 }]; }
`;

describe("materialize with plain arrays", () => {
  it.each([
    ["labels", "csv", ["cat", "dog", "cat"]],
    ["scores", "parquet", [0.5, null, 2]],
    ["flags", "arrow", [true, false]],
    ["days", "arrow", [Date.UTC(2024, 0, 1)]],
  ] as const)("%s saves to .%s as a one-column table named for the node", async (node, extension, values) => {
    const dr = await buildSource(SOURCE);
    const path = join(dir, `${node}.${extension}`);
    const { saved } = await dr.materialize({ save: { [node]: path } });
    expect(saved[0]).toMatchObject({ node, format: extension, by: "arrayColumn", rows: values.length });
    const table = await readTable(path);
    expect(table.schema.fields.map((field) => field.name)).toEqual([node]);
    expect([...table.getChild(node)!].map((cell) => (cell instanceof Date ? cell.getTime() : cell))).toEqual(values);
  });

  it("to JSON an array stays an array (jsonValue), and an array of objects has no table saver", async () => {
    const dr = await buildSource(SOURCE);
    await dr.materialize({ save: { labels: join(dir, "labels.json") } });
    expect(await readJson(join(dir, "labels.json"))).toEqual(["cat", "dog", "cat"]);
    const error = await dr.materialize({ save: { rows: join(dir, "rows.csv") } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ code: "invalid_argument", node: "rows" });
  });
});
