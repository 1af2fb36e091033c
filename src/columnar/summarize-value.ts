/**
 * Short descriptions of result values for the summary table `funcflow run` prints: what kind
 * of value it is, how many rows, and the first few values, without loading Arrow to find out.
 */

/** One output's line in the summary. */
export interface ValueSummary {
  readonly kind: string;
  /** Rows for a column or table, items for an array; empty for a scalar. */
  readonly size: string;
  readonly preview: string;
}

const PREVIEW_ITEMS = 5;

/**
 * Describes `value`: Arrow vectors and tables, typed arrays, arrays, scalars, objects.
 * @example summarizeValue(28.3); // { kind: "number", size: "", preview: "28.3" }
 */
export function summarizeValue(value: unknown): ValueSummary {
  if (value === null || value === undefined) return { kind: String(value), size: "", preview: "" };
  if (typeof value !== "object") return { kind: typeof value, size: "", preview: scalarText(value) };
  if (isArrowVector(value)) {
    return { kind: `Vector<${String(value.type)}>`, size: String(value.length), preview: previewOf(Array.from({ length: Math.min(value.length, PREVIEW_ITEMS) }, (_, i) => value.get(i)), value.length) };
  }
  if (isArrowTable(value)) {
    return { kind: "Table", size: String(value.numRows), preview: value.schema.fields.map((field) => field.name).join(", ") };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number | bigint>);
    return { kind: value.constructor.name, size: String(items.length), preview: previewOf(items.slice(0, PREVIEW_ITEMS), items.length) };
  }
  if (Array.isArray(value)) return { kind: "Array", size: String(value.length), preview: previewOf(value.slice(0, PREVIEW_ITEMS), value.length) };
  if (value instanceof Set) return { kind: "Set", size: String(value.size), preview: previewOf([...value].slice(0, PREVIEW_ITEMS), value.size) };
  if (value instanceof Date) return { kind: "Date", size: "", preview: Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString() };
  const name = value.constructor?.name ?? "Object";
  return { kind: name, size: "", preview: jsonText(value) };
}

/**
 * A JSON-safe copy of `value` for `--json` output: vectors and typed arrays become arrays,
 * bigints strings, tables arrays of row objects, sets arrays, and an object with a `toJSON` method what it
 * returns, as `JSON.stringify` does (a `Date` its ISO string, not `{}`). An object inside itself
 * (a client holding itself) becomes `"[Circular]"`, as `util.inspect` shows it, where copying it
 * would never end.
 * @example toJsonValue(makeVector(new Float64Array([1, 2]))); // [1, 2]
 */
export function toJsonValue(value: unknown): unknown {
  return jsonCopy(value, new Set());
}

/** `ancestors`: the objects being copied around `value`; a value shared by siblings is copied each time. */
function jsonCopy(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (ancestors.has(value)) return "[Circular]";
  ancestors.add(value);
  try {
    return jsonCopyOf(value, (item) => jsonCopy(item, ancestors));
  } finally {
    ancestors.delete(value);
  }
}

function jsonCopyOf(value: object, copy: (item: unknown) => unknown): unknown {
  if (isArrowVector(value)) return Array.from({ length: value.length }, (_, i) => copy(value.get(i)));
  if (isArrowTable(value)) return Array.from({ length: value.numRows }, (_, i) => copy(value.get(i)?.toJSON()));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>, copy);
  if (Array.isArray(value)) return value.map(copy);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), copy(item)]));
  if (value instanceof Set) return [...value].map(copy);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    const json: unknown = toJSON.call(value);
    if (json !== value) return copy(json);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)]));
}

interface VectorLike {
  readonly length: number;
  readonly type: unknown;
  get(index: number): unknown;
}

interface TableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  get(index: number): { toJSON(): unknown } | null;
}

/** Arrow by shape, so summarizing never imports apache-arrow. */
function isArrowVector(value: object): value is VectorLike {
  const candidate = value as Partial<VectorLike> & { data?: unknown };
  return typeof candidate.get === "function" && typeof candidate.length === "number" && candidate.type !== undefined && Array.isArray(candidate.data);
}

function isArrowTable(value: object): value is TableLike {
  const candidate = value as Partial<TableLike>;
  return typeof candidate.numRows === "number" && candidate.schema !== undefined && typeof candidate.get === "function";
}

function previewOf(items: readonly unknown[], total: number): string {
  const shown = items.map((item) => (item !== null && typeof item === "object" ? jsonText(item) : scalarText(item)));
  return `[${shown.join(", ")}${total > items.length ? ", …" : ""}]`;
}

function scalarText(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(toJsonValue(value)) ?? String(value);
  } catch {
    return String(value);
  }
}
