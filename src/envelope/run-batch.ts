/**
 * `runBatch`: an envelope over a table file, read in record batches whatever its format (memory
 * holds about one batch), its outputs written batch by batch, and one JSON line appended to the
 * inference log per run.
 */
import { appendFile, mkdir, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { makeVector, RecordBatch, Table, Vector, vectorFromArray, type Schema } from "apache-arrow";
import { removeStaleTemporaries, temporaryPathFor } from "../files/index.ts";
import { FuncflowError, isFuncflowError, optionKeys, pickKeys, requireName, requireKnownRecord } from "../errors/index.ts";
import { checkCsvDelimiter, columnTypeOfArrow, csvNullMarkers, DEFAULT_BATCH_ROWS, readArrowBatches, readCsvBatches, readJsonBatches, readParquetBatches, tableFormatFor, type CsvColumnType, type TableFormat } from "../io/index.ts";
import type { JsonSchema } from "../schema/index.ts";
import { writeBatches } from "./batch-writer.ts";
import { loadEnvelope, LOAD_ENVELOPE_OPTION_KEYS, type LoadedEnvelope, type LoadEnvelopeOptions } from "./load-envelope.ts";
import { requireLoadedEnvelope } from "./envelope-arguments.ts";

/** A batch job. */
export interface BatchOptions extends LoadEnvelopeOptions {
  /** The input table: .parquet, .arrow/.arrows, .csv, .json (an array of records) or .jsonl/.ndjson (one column per input). */
  readonly inputs: string;
  /** The output table: .parquet, .arrow, .arrows or .csv. */
  readonly out: string;
  /** Rows per batch; default 65,536. */
  readonly batchRows?: number;
  /** The inference log (JSON lines); default `inference-log.jsonl` beside the registry (`.funcflow/`). */
  readonly log?: string;
  /** Values for inputs that are not columns of the file (e.g. a threshold), the same for every batch. */
  readonly constants?: Readonly<Record<string, unknown>>;
  /** The outputs to write; default the envelope's outputs. */
  readonly outputs?: readonly string[];
  /** CSV fields that read as null (pandas' `na_values`): `["?", "NA"]`. Other formats ignore it. */
  readonly nullValues?: readonly string[];
  /** The CSV field delimiter, one character (`";"`, `"\t"`); default `","`. Other formats ignore it. */
  readonly delimiter?: string;
}

/** The keys of BatchOptions, checked against the interface by the compiler. */
export const BATCH_OPTION_KEYS = optionKeys<BatchOptions>({ inputs: true, out: true, batchRows: true, log: true, constants: true, outputs: true, nullValues: true, delimiter: true, registry: true, onDrift: true, runtime: true, executor: true });

/** One line of the inference log. */
export interface InferenceLogLine {
  readonly time: string;
  readonly envelope: { readonly id: string; readonly name: string; readonly version: number | undefined };
  readonly status: "ok" | "failed";
  readonly rows: number;
  readonly batches: number;
  readonly durationMs: number;
  readonly input: { readonly file: string; readonly schema: Readonly<Record<string, string>> };
  readonly output: { readonly file: string; readonly schema: Readonly<Record<string, string>> };
  readonly errors: readonly { readonly code: string; readonly message: string; readonly batch: number; readonly node?: string | undefined }[];
}

/**
 * Runs the envelope `envelope` (a reference or a loaded envelope) over `options.inputs`, read
 * batch by batch in every format. CSV and JSON columns take the types the envelope's schema
 * gives its inputs (the other columns' types are read from the first batch), so one run has one
 * schema.
 * @throws FuncflowError `invalid_argument` for options that are not an object or lack the
 *   `inputs` or `out` path; `missing_input` when the file lacks a column the outputs need,
 *   `type_mismatch` for a CSV or JSON row that does not fit (naming its line, row and column) or
 *   an output whose type changes between batches, `invalid_argument` for a bad batch size or
 *   format, `node_failed` from a batch, and loadEnvelope's errors. The output file appears only
 *   when every batch succeeded (no partial or temporary file is left, and an existing output
 *   keeps its bytes until then); the log line is appended either way, after the output is in
 *   place: it records the attempt, so a failed job's line is meant to stay.
 * @example await runBatch("hello@1", { inputs: "data.parquet", out: "scores.parquet" });
 */
export async function runBatch(envelope: string | LoadedEnvelope, options: BatchOptions): Promise<InferenceLogLine> {
  if (typeof envelope === "string") requireName("runBatch", "envelope", envelope, `"churn-model@2"`);
  else requireLoadedEnvelope("runBatch", "envelope", envelope);
  requireKnownRecord("runBatch", "options", options, BATCH_OPTION_KEYS, `{ inputs: "data.parquet", out: "scores.parquet" }`);
  requireName("runBatch", "options.inputs", options.inputs, `"data.parquet"`);
  requireName("runBatch", "options.out", options.out, `"scores.parquet"`);
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows <= 0) throw new FuncflowError("invalid_argument", `runBatch: batchRows ${batchRows} is not a positive whole number. Pass e.g. 65536.`, { details: { batchRows } });
  inputFormatOf(options.inputs);
  tableFormatFor("runBatch", options.out, undefined);
  // Checked before the envelope loads, naming runBatch's option rather than the reader's.
  csvNullMarkers("runBatch", "options.nullValues", options.nullValues);
  if (options.delimiter !== undefined) checkCsvDelimiter(options.delimiter, "runBatch (options.delimiter)");
  const loaded = typeof envelope === "string" ? await loadEnvelope(envelope, pickKeys(options, LOAD_ENVELOPE_OPTION_KEYS)) : envelope;
  const outputs = options.outputs ?? loaded.manifest.outputs;
  const started = performance.now();
  const out = resolve(options.out);
  // The output moves in by one rename only when every batch succeeded: an old file keeps its
  // bytes until then. Temporaries of killed jobs beside it are removed first.
  const temporary = temporaryPathFor(out);
  await removeStaleTemporaries(out);
  const state = { rows: 0, batches: 0, inputSchema: {} as Record<string, string>, outputSchema: {} as Record<string, string> };
  const errors: { code: string; message: string; batch: number; node?: string | undefined }[] = [];
  try {
    const needed = neededInputs(loaded, outputs);
    const results = computeBatches(loaded, outputs, needed, inputBatches(options.inputs, batchRows, needed, columnTypes(loaded), options), options.constants ?? {}, state, options.inputs);
    await writeBatches(temporary, results, out, batchRows);
    await rename(temporary, out);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    errors.push({
      code: isFuncflowError(error) ? error.code : "error",
      message: error instanceof Error ? error.message : String(error),
      batch: state.batches,
      node: isFuncflowError(error) ? error.node : undefined,
    });
    await appendLog(options, logLine(loaded, options, state, errors, started));
    throw error;
  }
  const line = logLine(loaded, options, state, errors, started);
  await appendLog(options, line);
  return line;
}

/** The envelope's inputs that `outputs` need (all of them when the schema does not say). */
function neededInputs(loaded: LoadedEnvelope, outputs: readonly string[]): string[] {
  return loaded.manifest.inputs.filter((input) => outputs.some((output) => loaded.schema.outputs[output]?.inputs.includes(input) ?? true));
}

/** Text formats read only the needed columns: a column the envelope ignores can never stop the run. */
async function* inputBatches(
  path: string,
  batchRows: number,
  columns: readonly string[],
  types: Readonly<Record<string, CsvColumnType>>,
  { nullValues, delimiter }: Pick<BatchOptions, "nullValues" | "delimiter">,
): AsyncGenerator<RecordBatch> {
  const format = inputFormatOf(path);
  const source: AsyncIterable<RecordBatch> =
    format === "parquet"
      ? readParquetBatches(path, { batchSize: batchRows })
      : format === "arrow" || format === "arrows"
        ? readArrowBatches(path)
        : format === "csv"
          ? readCsvBatches(path, { batchRows, types, columns, ...(nullValues !== undefined && { nullValues }), ...(delimiter !== undefined && { delimiter }) })
          : readJsonBatches(path, { batchRows, types, columns });
  for await (const batch of source) {
    // Stored batches larger than asked are cut; smaller ones pass as they are.
    for (let start = 0; start < batch.numRows; start += batchRows) yield start === 0 && batch.numRows <= batchRows ? batch : batch.slice(start, Math.min(start + batchRows, batch.numRows));
    // A file without rows still has a schema: it is checked, and the (empty) output written.
    if (batch.numRows === 0) yield batch;
  }
}

/** JSON Lines (`.jsonl`, `.ndjson`) is read by the JSON reader, which tells lines from an array by the first character. */
function inputFormatOf(path: string): TableFormat {
  return /\.(jsonl|ndjson)$/i.test(path) ? "json" : tableFormatFor("runBatch", path, undefined);
}

/**
 * The column types the envelope's schema gives its column inputs: an input declared as an Arrow
 * column (`Vector<Int32>`, the schema's `x-arrow-type`) reads as that type where a column type
 * reads as it (`columnTypeOfArrow`, as `funcflow run --inputs` reads a CSV); other number and
 * integer items read as float64 (what a node's numeric column gets), boolean as bool, string as utf8.
 */
function columnTypes(loaded: LoadedEnvelope): Record<string, CsvColumnType> {
  const types: Record<string, CsvColumnType> = {};
  for (const [name, input] of Object.entries(loaded.schema.inputs)) {
    const arrowType = input.schema["x-arrow-type"];
    const declared = typeof arrowType === "string" ? columnTypeOfArrow(arrowType) : undefined;
    const items = input.schema.type === "array" ? (input.schema.items as JsonSchema | undefined) : undefined;
    const itemTypes = [items?.type].flat();
    const type = itemTypes.find((item): item is keyof typeof SCHEMA_ITEM_TYPES => typeof item === "string" && Object.hasOwn(SCHEMA_ITEM_TYPES, item));
    const columnType = declared ?? (type === undefined ? undefined : SCHEMA_ITEM_TYPES[type]);
    if (columnType !== undefined) types[name] = columnType;
  }
  return types;
}

const SCHEMA_ITEM_TYPES = { number: "float64", integer: "float64", boolean: "bool", string: "utf8" } as const satisfies Readonly<Record<string, CsvColumnType>>;

async function* computeBatches(
  loaded: LoadedEnvelope,
  outputs: readonly string[],
  needed: readonly string[],
  batches: AsyncIterable<RecordBatch>,
  constants: Readonly<Record<string, unknown>>,
  state: { rows: number; batches: number; inputSchema: Record<string, string>; outputSchema: Record<string, string> },
  file: string,
): AsyncGenerator<RecordBatch> {
  for await (const batch of batches) {
    if (state.batches === 0) {
      state.inputSchema = schemaText(batch.schema);
      checkColumns(batch.schema, needed, constants, loaded, file);
    }
    const inputs: Record<string, unknown> = { ...constants };
    for (const name of needed) {
      const column = batch.getChild(name);
      if (column !== null) inputs[name] = column;
    }
    const values = await loaded.driver.execute([...outputs], { inputs });
    const table = outputTable(values as Record<string, unknown>, outputs, batch.numRows);
    if (state.batches === 0) state.outputSchema = schemaText(table.schema);
    else checkSameSchema(state.outputSchema, schemaText(table.schema), state.batches, loaded);
    state.rows += batch.numRows;
    state.batches += 1;
    yield* table.batches;
  }
}

function checkColumns(schema: Schema, needed: readonly string[], constants: Readonly<Record<string, unknown>>, loaded: LoadedEnvelope, file: string): void {
  const columns = new Set(schema.fields.map((field) => field.name));
  const missing = needed.filter((name) => !columns.has(name) && !(name in constants) && loaded.schema.inputs[name]?.required !== false);
  if (missing.length > 0) {
    // CSV and JSON are read for the needed columns only, so the ones found are all that can be listed.
    const found = inputFormatOf(file) === "csv" || inputFormatOf(file) === "json" ? "Needed columns found" : "Columns";
    throw new FuncflowError("missing_input", `${file}: no column ${missing.map((name) => `"${name}"`).join(", ")}, which the envelope ${loaded.manifest.name} needs. ${found}: ${[...columns].join(", ") || "none"}.`, {
      input: missing[0],
      details: { missing, file },
    });
  }
}

/** Arrow's writers start a new file on a batch of another schema: a changed output type is refused instead. */
function checkSameSchema(first: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>, batch: number, loaded: LoadedEnvelope): void {
  const names = new Set([...Object.keys(first), ...Object.keys(now)]);
  for (const name of names) {
    if (first[name] === now[name]) continue;
    throw new FuncflowError(
      "type_mismatch",
      `runBatch: the output column "${name}" of the envelope ${loaded.manifest.name} is ${now[name] ?? "missing"} in batch ${batch} but was ${first[name] ?? "missing"} in the first. Make the output's type the same for every batch (e.g. give the inputs fixed types).`,
      { node: name.split(".")[0], details: { column: name, batch, expected: first[name], actual: now[name] } },
    );
  }
}

/** The outputs as one table: columns as they are, scalars repeated on every row. */
function outputTable(values: Readonly<Record<string, unknown>>, outputs: readonly string[], rows: number): Table {
  const columns: Record<string, Vector> = {};
  for (const name of outputs) {
    const value = values[name];
    if (value instanceof Table) {
      for (const field of value.schema.fields) columns[`${name}.${field.name}`] = value.getChild(field.name)!;
    } else if (value instanceof Vector) columns[name] = value;
    else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) columns[name] = makeVector(value as Float64Array);
    else if (Array.isArray(value)) columns[name] = vectorFromArray(value);
    else columns[name] = vectorFromArray(Array.from({ length: rows }, () => value));
  }
  return new Table(columns);
}

function schemaText(schema: Schema): Record<string, string> {
  return Object.fromEntries(schema.fields.map((field) => [field.name, String(field.type)]));
}

function logLine(
  loaded: LoadedEnvelope,
  options: BatchOptions,
  state: { rows: number; batches: number; inputSchema: Record<string, string>; outputSchema: Record<string, string> },
  errors: InferenceLogLine["errors"],
  started: number,
): InferenceLogLine {
  return {
    time: new Date().toISOString(),
    envelope: { id: loaded.id, name: loaded.manifest.name, version: loaded.entry?.version },
    status: errors.length === 0 ? "ok" : "failed",
    rows: state.rows,
    batches: state.batches,
    durationMs: Math.round(performance.now() - started),
    input: { file: resolve(options.inputs), schema: state.inputSchema },
    output: { file: resolve(options.out), schema: state.outputSchema },
    errors,
  };
}

async function appendLog(options: BatchOptions, line: InferenceLogLine): Promise<void> {
  const path = resolve(options.log ?? join(typeof options.registry === "string" ? dirname(resolve(options.registry)) : ".funcflow", "inference-log.jsonl"));
  await mkdir(dirname(path), { recursive: true });
  // One write with O_APPEND: concurrent jobs' lines do not interleave.
  await appendFile(path, `${JSON.stringify(line)}\n`);
}
