/**
 * `schemaValidator()`: Hamilton's `h_schema.SchemaValidator`. Records the Arrow schema of every
 * table a run sees (inputs and overrides before it starts, each node's result after it), compares
 * it with the reference stored for that node and warns or fails on a difference; the references
 * and a `schemas.json` summary are written when the run succeeds, all files or none.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FuncflowError, invalidArgument, optionKeys, requireOptionalBoolean, requireOptions } from "../errors/index.ts";
import { FileSetCommitError, safeFileName, writeFileSet } from "../files/index.ts";
import { loadArrow } from "../codec/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import type { GraphEndEvent, GraphStartEvent, GraphView, LifecycleAdapter, NodeEndEvent } from "./lifecycle-adapter.ts";
import { describeDiff, diffSchemas, schemaToJson, tableSchemaOf, type DiffOptions, type SchemaDiff, type SchemaJson } from "./schema-diff.ts";

export interface SchemaValidatorOptions {
  /** Where the references (`<node>.schema`) and `schemas.json` are kept (default `./schemas`). */
  readonly dir?: string;
  /** Compare each table with its reference (default true); false stores every schema as the new reference. */
  readonly check?: boolean;
  /** With `check`, a table with no stored reference is an error instead of being recorded (default false). */
  readonly mustExist?: boolean;
  /** On a difference: `"warn"` (default) calls `onWarning` and the run goes on; `"fail"` stops the run with `schema_mismatch`. */
  readonly importance?: "warn" | "fail";
  /** Also compare the schema metadata: node name, documentation and code version (default false, as Hamilton). */
  readonly checkSchemaMetadata?: boolean;
  /** Also compare each field's metadata (default false, as Hamilton). */
  readonly checkFieldMetadata?: boolean;
  /** Hears each difference under `importance: "warn"` (default: `console.warn` of its message). */
  readonly onWarning?: (warning: SchemaWarning) => void;
}

/** The keys of SchemaValidatorOptions, checked against the interface by the compiler. */
export const SCHEMA_VALIDATOR_OPTION_KEYS = optionKeys<SchemaValidatorOptions>({
  dir: true,
  check: true,
  mustExist: true,
  importance: true,
  checkSchemaMetadata: true,
  checkFieldMetadata: true,
  onWarning: true,
});

/** A table whose schema differs from its reference, under `importance: "warn"`. */
export interface SchemaWarning {
  readonly node: string;
  /** The reference file. */
  readonly file: string;
  readonly diff: SchemaDiff;
  readonly message: string;
}

/** What one run saw and did. */
export interface SchemaRunReport {
  readonly runId: string;
  readonly success: boolean;
  /** Every table's schema the run saw, by node, as `schemas.json` holds them. */
  readonly schemas: Readonly<Record<string, SchemaJson>>;
  /** The differences from the references, by node. */
  readonly diffs: Readonly<Record<string, SchemaDiff>>;
  /** The files written: the new references and `schemas.json` (none when the run failed). */
  readonly written: readonly string[];
}

/** The schema adapter, with the last finished run's report. */
export interface SchemaValidator extends LifecycleAdapter {
  /** The folder of the references and `schemas.json`. */
  readonly dir: string;
  /** The report of the last run that finished, or undefined before any. */
  lastRun(): SchemaRunReport | undefined;
}

/** One table seen in a run. */
interface SeenSchema {
  readonly json: SchemaJson;
  readonly fields: readonly unknown[];
  readonly metadata: Readonly<Record<string, string>>;
}

interface RunState {
  readonly schemas: Map<string, SeenSchema>;
  /** Nodes whose schema becomes the reference when the run succeeds. */
  readonly toStore: Set<string>;
  readonly diffs: Map<string, SchemaDiff>;
}

/**
 * Validates the schema of every Arrow Table a run sees against references kept in `dir`, one
 * `<node>.schema` file per node (a name that is not a plain file name, such as `a/b`, is encoded
 * as the cache encodes it, so no file lands outside `dir`): Arrow IPC (stream format) of an empty table with the node's
 * schema, its metadata holding the node's `name`, `documentation` and code `version`
 * (`NodeInfo.version`), as Hamilton stores `schema.serialize()`. A node without a reference gets
 * one; `schemas.json` lists every schema of the last run. Files are written only when the run
 * succeeds, as one set (all or none); a failed run writes nothing. Other values are ignored.
 * @throws FuncflowError `invalid_argument` naming the option, at once; from `execute`:
 *   `schema_mismatch` (importance "fail", or a missing reference under `mustExist`) naming the
 *   node, the file and each added, removed and changed column; `io_failed` naming a reference
 *   that cannot be read or the file that could not be written.
 * @example
 * const schemas = schemaValidator({ dir: "schemas", importance: "fail" });
 * const dr = await new Builder().withModules(url).withAdapters(schemas).build();
 * await dr.execute(["df"]);
 * schemas.lastRun()?.diffs; // {} when every table matched its reference
 */
export function schemaValidator(options: SchemaValidatorOptions = {}): SchemaValidator {
  checkOptions(options);
  const settings: Settings = {
    dir: options.dir ?? "./schemas",
    check: options.check ?? true,
    mustExist: options.mustExist ?? false,
    fail: options.importance === "fail",
    diff: { schemaMetadata: options.checkSchemaMetadata ?? false, fieldMetadata: options.checkFieldMetadata ?? false },
    onWarning: options.onWarning ?? ((warning: SchemaWarning) => console.warn(warning.message)),
  };
  const runs = new Map<string, RunState>();
  // Every node of the graph, for the documentation and version of an overridden node (a run's events carry only the nodes it computes).
  let graphNodes = new Map<string, NodeInfo>();
  let last: SchemaRunReport | undefined;
  return {
    name: "schemaValidator",
    // One reference per node: a block's per-item values are not checked (each item would overwrite it).
    perItem: false,
    dir: settings.dir,
    lastRun: () => last,
    validateGraph(graph: GraphView) {
      graphNodes = new Map(graph.nodes.map((node) => [node.name, node]));
    },
    async beforeGraph(event: GraphStartEvent) {
      const state: RunState = { schemas: new Map(), toStore: new Set(), diffs: new Map() };
      runs.set(event.runId, state);
      try {
        // Hamilton's run_before_graph_execution: inputs and overrides that are tables are checked too.
        for (const values of [event.inputs, event.overrides]) {
          for (const [name, value] of Object.entries(values)) await checkTable(settings, state, name, value, graphNodes.get(name));
        }
      } catch (error) {
        runs.delete(event.runId); // afterGraph is not called when beforeGraph throws
        throw error;
      }
    },
    afterNode(event: NodeEndEvent) {
      const state = runs.get(event.runId);
      // Synchronous for any value that is not a table: the run awaits only what needs it.
      if (state === undefined || !event.success || tableSchemaOf(event.result) === undefined) return undefined;
      return checkTable(settings, state, event.name, event.result, event.node);
    },
    async afterGraph(event: GraphEndEvent) {
      const state = runs.get(event.runId);
      if (state === undefined) return;
      runs.delete(event.runId);
      const schemas = Object.fromEntries([...state.schemas].map(([name, seen]) => [name, seen.json]));
      const references = [...state.toStore].map((name) => [referenceFile(settings.dir, name), state.schemas.get(name)!] as const);
      // A failed run writes nothing, whatever failed.
      const written = event.success ? await writeSchemas(settings.dir, references, schemas) : [];
      last = { runId: event.runId, success: event.success, schemas, diffs: Object.fromEntries(state.diffs), written };
    },
  };
}

/** The options, resolved. */
interface Settings {
  readonly dir: string;
  readonly check: boolean;
  readonly mustExist: boolean;
  readonly fail: boolean;
  readonly diff: DiffOptions;
  readonly onWarning: (warning: SchemaWarning) => void;
}

// A node name may hold any text (an extractFields field "../up"): its file stays in dir.
const referenceFile = (dir: string, node: string) => join(dir, `${safeFileName(node)}.schema`);

/** Records `value`'s schema when it is a table, and compares it with the node's reference. */
async function checkTable(settings: Settings, state: RunState, name: string, value: unknown, node: NodeInfo | undefined): Promise<void> {
  const schema = tableSchemaOf(value);
  if (schema === undefined) return;
  const metadata = { name, documentation: node?.doc ?? "", version: node?.version ?? "" };
  const json = schemaToJson(schema, metadata);
  state.schemas.set(name, { json, fields: schema.fields, metadata });
  if (!settings.check) return void state.toStore.add(name);
  const file = referenceFile(settings.dir, name);
  const reference = await readReference(file);
  if (reference === undefined) {
    if (settings.mustExist) throw missingReference(name, file);
    return void state.toStore.add(name);
  }
  const diff = diffSchemas(json, reference, settings.diff);
  if (Object.keys(diff).length === 0) return;
  state.diffs.set(name, diff);
  if (settings.fail) throw schemaMismatch(name, file, diff);
  settings.onWarning({ node: name, file, diff, message: `schemaValidator: ${mismatchText(name, file, diff)}\nSchema diff:\n${JSON.stringify({ [name]: diff }, null, 2)}` });
}

function checkOptions(options: SchemaValidatorOptions): void {
  const where = "schemaValidator";
  requireOptions(where, "options", options, SCHEMA_VALIDATOR_OPTION_KEYS, '{ dir: "schemas", importance: "fail" }');
  if (options.dir !== undefined && (typeof options.dir !== "string" || options.dir === "")) throw invalidArgument(where, "options.dir", options.dir, 'a folder path such as "./schemas"');
  for (const key of ["check", "mustExist", "checkSchemaMetadata", "checkFieldMetadata"] as const) requireOptionalBoolean(where, `options.${key}`, options[key]);
  if (options.importance !== undefined && options.importance !== "warn" && options.importance !== "fail") throw invalidArgument(where, "options.importance", options.importance, '"warn" or "fail"');
  if (options.onWarning !== undefined && typeof options.onWarning !== "function") throw invalidArgument(where, "options.onWarning", options.onWarning, "a function (warning) => void");
}

/** The stored reference as JSON, or undefined when there is none. */
async function readReference(file: string): Promise<SchemaJson | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw new FuncflowError("io_failed", `schemaValidator: reading the reference schema "${file}" failed: ${(error as Error).message}. Check the path and its permissions.`, { cause: error, details: { path: file } });
  }
  try {
    return schemaToJson((await loadArrow()).tableFromIPC(bytes).schema);
  } catch (error) {
    throw new FuncflowError("io_failed", `schemaValidator: "${file}" is not an Arrow IPC schema file (${(error as Error).message}). Delete it to record the schema again.`, { cause: error, details: { path: file } });
  }
}

/** The references and schemas.json, as one set: all written or none. Returns the paths written. */
async function writeSchemas(dir: string, references: readonly (readonly [string, SeenSchema])[], schemas: Readonly<Record<string, SchemaJson>>): Promise<string[]> {
  const { Schema, Table, tableToIPC } = await loadArrow();
  const summary = join(dir, "schemas.json");
  let current = summary;
  try {
    await writeFileSet(async (set) => {
      for (const [file, seen] of references) {
        current = file;
        const schema = new Schema(seen.fields as ConstructorParameters<typeof Schema>[0], new Map(Object.entries(seen.metadata)));
        await writeFile(await set.stage(file), tableToIPC(new Table(schema), "stream"));
      }
      current = summary;
      await writeFile(await set.stage(summary), JSON.stringify(schemas));
    });
  } catch (error) {
    const path = error instanceof FileSetCommitError ? error.target : current;
    const reason = error instanceof FileSetCommitError ? error.reason : (error as Error).message;
    throw new FuncflowError("io_failed", `schemaValidator: writing "${path}" failed: ${reason}. No schema file was written (every file is as it was); check the dir option and the disk.`, { cause: error, details: { path } });
  }
  return [...references.map(([file]) => file), summary];
}

function mismatchText(node: string, file: string, diff: SchemaDiff): string {
  return `the schema of node "${node}" differs from its reference ${file}: ${describeDiff(diff)}. To accept the new schema, delete ${file} or run once with schemaValidator({ check: false }).`;
}

function schemaMismatch(node: string, file: string, diff: SchemaDiff): FuncflowError {
  const names = (mark: "+" | "-") => Object.keys(diff).filter((name) => diff[name] === mark);
  return new FuncflowError("schema_mismatch", `schemaValidator: ${mismatchText(node, file, diff)}`, {
    node,
    details: { adapter: "schemaValidator", file, diff, added: names("+"), removed: names("-"), changed: Object.keys(diff).filter((name) => typeof diff[name] === "object") },
  });
}

function missingReference(node: string, file: string): FuncflowError {
  return new FuncflowError(
    "schema_mismatch",
    `schemaValidator: node "${node}" has no reference schema at ${file}, and mustExist is set. Run once with schemaValidator({ check: false }) or with mustExist: false to record it.`,
    { node, details: { adapter: "schemaValidator", file, missing: true } },
  );
}
