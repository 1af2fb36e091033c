/**
 * Arrow IPC on the wire (`application/vnd.apache.arrow.stream`): a request's columns checked
 * against the operation's input schemas and handed to the Driver without copying, and outputs
 * written back as one Arrow table.
 */
import { AsyncByteQueue, RecordBatchStreamWriter, Table, tableFromIPC, Vector } from "apache-arrow";
import { arrowTableResult } from "../adapters/arrow/index.ts";
import { arrowTypeName, type JsonSchema } from "../schema/index.ts";
import { ServeRefusal, type ErrorDetail, validationDetails } from "./error-response.ts";
import type { CompiledValidator } from "./request-validator.ts";
import { tableFromArrow } from "./table-from-arrow.ts";
import { valueToJson } from "./value-to-json.ts";

/** The Arrow IPC stream media type. */
export const ARROW_STREAM = "application/vnd.apache.arrow.stream";

/** An input the operation accepts: its schema and, for scalars, a compiled validator. */
export interface ArrowInput {
  readonly schema: JsonSchema;
  readonly validate: CompiledValidator;
}

/**
 * The inputs in an Arrow IPC body: one column per input; a scalar input is a one-row column; a
 * table input is a Struct column of its columns, or the whole stream when it is the operation's
 * one input.
 * @throws ServeRefusal 422 listing every unknown, missing or mistyped column, or an unreadable stream.
 */
export function inputsFromArrow(body: Buffer, accepted: ReadonlyMap<string, ArrowInput>, required: readonly string[]): Record<string, unknown> {
  let table: Table;
  try {
    table = tableFromIPC(body);
  } catch (error) {
    throw new ServeRefusal(422, [{ loc: ["body"], msg: `The body is not an Arrow IPC stream: ${(error as Error).message}.`, type: "arrow_invalid" }]);
  }
  // Arrow's reader yields an empty table for bytes that hold no schema message, rather than failing.
  if (table.schema.fields.length === 0) {
    throw new ServeRefusal(422, [{ loc: ["body"], msg: "The body is not an Arrow IPC stream with columns: no schema message was found.", type: "arrow_invalid" }]);
  }
  const whole = wholeTableInput(table, accepted);
  if (whole !== undefined) {
    const read = tableFromArrow(whole, table, accepted.get(whole)!.schema);
    if ("problems" in read) throw new ServeRefusal(422, read.problems);
    return { [whole]: read.value };
  }
  const details: ErrorDetail[] = [];
  const inputs: Record<string, unknown> = {};
  const present = new Set(table.schema.fields.map((field) => field.name));
  for (const name of required) if (!present.has(name)) details.push({ loc: ["body", name], msg: "Column required.", type: "missing" });
  for (const field of table.schema.fields) {
    const input = accepted.get(field.name);
    if (input === undefined) {
      details.push({ loc: ["body", field.name], msg: "Extra column not permitted: the operation does not take it.", type: "extra_forbidden" });
      continue;
    }
    const read = columnValue(field.name, table.getChild(field.name)!, input);
    if ("problems" in read) details.push(...read.problems);
    else inputs[field.name] = read.value;
  }
  if (details.length > 0) throw new ServeRefusal(422, details);
  return inputs;
}

/** The operation's one input, when it is a table and the stream has no column named after it: the stream is that table. */
function wholeTableInput(table: Table, accepted: ReadonlyMap<string, ArrowInput>): string | undefined {
  if (accepted.size !== 1) return undefined;
  const [name, input] = accepted.entries().next().value!;
  if (input.schema["x-arrow-type"] !== "Table" || table.schema.fields.some((field) => field.name === name)) return undefined;
  return name;
}

function columnValue(name: string, column: Vector, input: ArrowInput): { value: unknown } | { problems: ErrorDetail[] } {
  const { schema } = input;
  const actual = arrowTypeName(column.type);
  const declared = schema["x-arrow-type"];
  const mismatch = (expected: string): { problems: ErrorDetail[] } => ({
    problems: [{ loc: ["body", name], msg: `Column should be Arrow ${expected}, got ${actual}.`, type: "arrow_type" }],
  });
  if (declared === "Table") return tableFromArrow(name, column, schema);
  if (declared !== undefined) return declared === "unknown" || declared === actual ? { value: column } : mismatch(declared);
  const typedArray = schema["x-typed-array"];
  if (typedArray !== undefined) {
    if (`${actual}Array` === typedArray && column.data.length === 1) return { value: column.toArray() };
    if (!/^(Float|Int|Uint)/.test(actual)) return mismatch(typedArray.replace(/Array$/, ""));
    const constructor = (globalThis as unknown as Record<string, { from(values: ArrayLike<unknown>): unknown }>)[typedArray]!;
    return { value: constructor.from(column.toArray() as ArrayLike<unknown>) };
  }
  // Anything else travels as JSON values: a plain array column, or a one-row column for a scalar.
  const value = schema.type === "array" ? valueToJson(column) : column.length === 1 ? valueToJson(column.get(0)) : undefined;
  if (value === undefined) return { problems: [{ loc: ["body", name], msg: `A scalar input is a one-row column; got ${column.length} rows.`, type: "arrow_shape" }] };
  if (!input.validate(value)) return { problems: validationDetails(input.validate.errors ?? [], "body").map((detail) => ({ ...detail, loc: ["body", name, ...detail.loc.slice(1)] })) };
  return { value };
}

/**
 * Collects an IPC writer's chunks as they are, unjoined: a column's body buffer stays a view of
 * the column, so a reply of 1M rows is not copied into one buffer before the socket copies it.
 */
class ChunkSink extends AsyncByteQueue {
  readonly chunks: Buffer[] = [];
  byteLength = 0;
  override write(value: Uint8Array): void {
    if (value.byteLength === 0) return;
    this.chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    this.byteLength += value.byteLength;
  }
}

/**
 * `outputs` of `record` as one Arrow IPC stream (scalars repeated on every row), as the writer's
 * chunks (views of the columns' buffers, not a joined copy) and their total length.
 * @example const { chunks, byteLength } = outputsToArrow(record, ["spendPerSignup"]);
 */
export function outputsToArrow(record: Readonly<Record<string, unknown>>, outputs: readonly string[]): { readonly chunks: readonly Buffer[]; readonly byteLength: number } {
  const values = outputs.map((name) => record[name]);
  // Vectors of one length make the table as they are (no copy); anything else goes through the result builder.
  const [first] = values;
  const table =
    first instanceof Vector && values.every((value) => value instanceof Vector && value.length === first.length)
      ? new Table(Object.fromEntries(outputs.map((name) => [name, record[name] as Vector])))
      : arrowTableResult.build(record, outputs);
  const sink = new ChunkSink();
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink);
  writer.write(table);
  writer.finish();
  return sink;
}

/** True when the client's `Accept` prefers Arrow IPC to JSON. */
export function wantsArrow(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const arrowAt = accept.indexOf(ARROW_STREAM);
  if (arrowAt < 0) return false;
  const jsonAt = accept.indexOf("application/json");
  return jsonAt < 0 || arrowAt < jsonAt;
}
