/**
 * Arrow schemas as plain JSON, and the difference between two of them, in the forms Hamilton's
 * `h_schema` uses (`pyarrow_schema_to_json`, `human_readable_diff`), so a port's `schemas.json`
 * and its diffs read the same. Tables are read by shape (no apache-arrow import), so any copy of
 * apache-arrow makes a table this recognises.
 */
import { isTableLike } from "../columnar/index.ts";

/** The key under which a schema's own metadata sits in its JSON form (Hamilton's `__metadata`). */
export const SCHEMA_METADATA_KEY = "__metadata";

/** One field as JSON: its Arrow type as apache-arrow prints it (`Float64`, `Dictionary<Int32, Utf8>`). */
export interface FieldJson {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A schema as JSON: `__metadata` (node name, documentation, version) when it has any, then each field by name, in order. */
export type SchemaJson = Readonly<Record<string, FieldJson | Readonly<Record<string, string>>>>;

/** What changed in one key: the current value and the stored reference's. */
export interface ValueChange {
  readonly cur: unknown;
  readonly ref: unknown;
}

/**
 * Only what differs, sorted by key: `"+"` a field the current schema added, `"-"` one it
 * removed, else per property (`type`, `nullable`, `metadata` keys) the `{ cur, ref }` pair.
 * `__metadata` holds the schema metadata's changes when they are checked. Empty: no difference.
 */
export type SchemaDiff = Readonly<Record<string, "+" | "-" | Readonly<Record<string, ValueChange | "+" | "-" | Readonly<Record<string, unknown>>>>>>;

/** The parts of an Arrow field and schema read here. */
interface ArrowFieldLike {
  readonly name: string;
  readonly type: unknown;
  readonly nullable: boolean;
  readonly metadata: ReadonlyMap<string, string>;
}
interface ArrowSchemaLike {
  readonly fields: readonly ArrowFieldLike[];
  readonly metadata: ReadonlyMap<string, string>;
}

/**
 * The schema of `value` when it is an Arrow Table (of any apache-arrow copy), else undefined.
 * @example tableSchemaOf(tableFromArrays({ a: new Float64Array(1) }))?.fields[0]?.name; // "a"
 */
export function tableSchemaOf(value: unknown): ArrowSchemaLike | undefined {
  return isTableLike(value) ? (value.schema as ArrowSchemaLike) : undefined;
}

/**
 * A schema as JSON, its own metadata replaced by `metadata` when given.
 * @example schemaToJson(table.schema, { name: "df" }); // { __metadata: { name: "df" }, a: { name: "a", type: "Float64", … } }
 */
export function schemaToJson(schema: ArrowSchemaLike, metadata?: Readonly<Record<string, string>>): SchemaJson {
  const json: Record<string, FieldJson | Readonly<Record<string, string>>> = {};
  const own = metadata ?? Object.fromEntries(schema.metadata ?? []);
  if (Object.keys(own).length > 0) json[SCHEMA_METADATA_KEY] = own;
  for (const field of schema.fields) {
    // Defined, not assigned: a column named "__proto__" would otherwise set the prototype and vanish.
    const value = { name: field.name, type: String(field.type), nullable: field.nullable, metadata: Object.fromEntries(field.metadata ?? []) };
    Object.defineProperty(json, field.name, { value, enumerable: true, writable: true, configurable: true });
  }
  return json;
}

/** Which metadata to compare besides names, types and nullability (Hamilton's defaults: neither). */
export interface DiffOptions {
  readonly schemaMetadata: boolean;
  readonly fieldMetadata: boolean;
}

/**
 * What differs between the current schema and the stored reference, as Hamilton's
 * `human_readable_diff(diff_schemas(…))` reports it. Fields are matched by name: an order change
 * alone is no difference.
 * @example diffSchemas(current, reference, { schemaMetadata: false, fieldMetadata: false }); // { col_b: "+", col_a: { type: { cur: "Float64", ref: "Bool" } } }
 */
export function diffSchemas(current: SchemaJson, reference: SchemaJson, options: DiffOptions): SchemaDiff {
  // A Map, then entries: a column named "__proto__" assigned into an object would set its prototype.
  const diff = new Map<string, SchemaDiff[string]>();
  const fieldNames = (schema: SchemaJson) => Object.keys(schema).filter((key) => key !== SCHEMA_METADATA_KEY);
  // Own keys only: a column named "constructor" or "toString" is no inherited member of the other schema.
  for (const name of fieldNames(current)) {
    const ref = Object.hasOwn(reference, name) ? (reference[name] as FieldJson) : undefined;
    if (ref === undefined) {
      diff.set(name, "+");
      continue;
    }
    const cur = current[name] as FieldJson;
    const changes: Record<string, ValueChange | Readonly<Record<string, unknown>>> = {};
    if (cur.type !== ref.type) changes["type"] = { cur: cur.type, ref: ref.type };
    if (cur.nullable !== ref.nullable) changes["nullable"] = { cur: cur.nullable, ref: ref.nullable };
    if (options.fieldMetadata) {
      const metadata = diffRecords(cur.metadata, ref.metadata);
      if (Object.keys(metadata).length > 0) changes["metadata"] = metadata;
    }
    if (Object.keys(changes).length > 0) diff.set(name, changes);
  }
  for (const name of fieldNames(reference)) if (!Object.hasOwn(current, name)) diff.set(name, "-");
  if (options.schemaMetadata) {
    const metadata = diffRecords((current[SCHEMA_METADATA_KEY] ?? {}) as Record<string, string>, (reference[SCHEMA_METADATA_KEY] ?? {}) as Record<string, string>);
    if (Object.keys(metadata).length > 0) diff.set(SCHEMA_METADATA_KEY, metadata);
  }
  return Object.fromEntries([...diff].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function diffRecords(current: Readonly<Record<string, string>>, reference: Readonly<Record<string, string>>): Record<string, ValueChange | "+" | "-"> {
  const diff: Record<string, ValueChange | "+" | "-"> = {};
  for (const [key, value] of Object.entries(current)) {
    if (!Object.hasOwn(reference, key)) diff[key] = "+";
    else if (reference[key] !== value) diff[key] = { cur: value, ref: reference[key] };
  }
  for (const key of Object.keys(reference)) if (!Object.hasOwn(current, key)) diff[key] = "-";
  return diff;
}

/**
 * The diff in words, for messages: `column "col_b" added; column "col_a": type Float64 (was Bool)`.
 * @example describeDiff({ col_b: "+" }); // 'column "col_b" added'
 */
export function describeDiff(diff: SchemaDiff): string {
  return Object.entries(diff)
    .map(([name, change]) => {
      if (name === SCHEMA_METADATA_KEY) return `schema metadata ${describeChanges(change as Readonly<Record<string, unknown>>)}`;
      if (change === "+") return `column "${name}" added`;
      if (change === "-") return `column "${name}" removed`;
      return `column "${name}": ${describeChanges(change)}`;
    })
    .join("; ");
}

function describeChanges(changes: Readonly<Record<string, unknown>>): string {
  return Object.entries(changes)
    .map(([key, change]) => {
      if (change === "+") return `${key} added`;
      if (change === "-") return `${key} removed`;
      if (typeof change === "object" && change !== null && "cur" in change) return `${key} ${String((change as ValueChange).cur)} (was ${String((change as ValueChange).ref)})`;
      return `${key} ${describeChanges(change as Readonly<Record<string, unknown>>)}`;
    })
    .join(", ");
}
