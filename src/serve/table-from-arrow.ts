/**
 * A typed `Table<{…}>` input from Arrow IPC, without copying: either the whole stream (when the
 * operation's one input is that table) or a Struct column named after the input, whose children
 * are the table's columns. Every column is checked against the declared one: missing, extra and
 * mistyped columns are all listed, each named.
 */
import { RecordBatch, Schema, Struct, Table, type Vector } from "apache-arrow";
import { arrowTypeName, type JsonSchema } from "../schema/index.ts";
import type { ErrorDetail } from "./error-response.ts";

/**
 * `source` as the table the schema of input `name` declares, or the problems with it.
 * @param source the whole request table, or the input's Struct column.
 */
export function tableFromArrow(name: string, source: Table | Vector, schema: JsonSchema): { value: Table } | { problems: ErrorDetail[] } {
  const table = source instanceof Table ? source : structToTable(source);
  if (table === undefined) {
    const got = arrowTypeName((source as Vector).type);
    return { problems: [{ loc: ["body", name], msg: `A table input travels as a Struct column whose children are its columns, got ${got}.`, type: "arrow_type" }] };
  }
  const problems = columnProblems(name, table, schema);
  return problems.length > 0 ? { problems } : { value: table };
}

/** The record batches of a Struct column are the table's batches: the same buffers, no copy. */
function structToTable(column: Vector): Table | undefined {
  if (!(column.type instanceof Struct)) return undefined;
  const schema = new Schema((column.type as Struct).children);
  return new Table(schema, column.data.map((data) => new RecordBatch(schema, data as never)));
}

function columnProblems(name: string, table: Table, schema: JsonSchema): ErrorDetail[] {
  const declared = schema.properties ?? {};
  const problems: ErrorDetail[] = [];
  const present = new Set(table.schema.fields.map((field) => field.name));
  for (const column of schema.required ?? []) {
    if (!present.has(column)) problems.push({ loc: ["body", name, column], msg: `Column required: the table declares ${column}.`, type: "missing" });
  }
  for (const field of table.schema.fields) {
    const columnSchema = declared[field.name];
    if (columnSchema === undefined) {
      if (schema.additionalProperties === false) {
        problems.push({ loc: ["body", name, field.name], msg: `Extra column not permitted: the table declares ${Object.keys(declared).join(", ")}.`, type: "extra_forbidden" });
      }
      continue;
    }
    const expected = columnSchema["x-arrow-type"];
    const actual = arrowTypeName(field.type);
    if (expected !== undefined && expected !== "unknown" && expected !== actual) {
      problems.push({ loc: ["body", name, field.name], msg: `Column ${field.name} should be Arrow ${expected}, got ${actual}.`, type: "arrow_type" });
    }
  }
  return problems;
}
