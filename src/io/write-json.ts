import { isArrowTable } from "../adapters/arrow/index.ts";
import { tableToJsonChunks } from "./table-to-json-chunks.ts";
import { writeFileAtomic } from "./write-file-atomic.ts";
import { optionKeys, requirePath, requireOptions } from "../errors/index.ts";

/** Options for {@link writeJson}. */
export interface WriteJsonOptions {
  /** Indentation passed to `JSON.stringify` (plain values only). */
  readonly space?: number | string;
}

/** The keys of WriteJsonOptions, checked against the interface by the compiler. */
export const WRITE_JSON_OPTION_KEYS = optionKeys<WriteJsonOptions>({ space: true });


/**
 * Writes `value` as JSON to `path`, atomically. An Arrow Table is written as an array of records
 * (row by row, see {@link tableToJsonChunks}); inside other values, typed arrays become arrays,
 * Arrow vectors arrays and Arrow tables arrays of records.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string (nothing is written).
 * @throws FuncflowError `io_failed` naming `path` when the value cannot be serialised (a bigint,
 *   a cycle) or the file cannot be written; no file is left behind either way.
 * @example await writeJson("summary.json", { total: 3, ids: new Int32Array([1, 2]) });
 */
export async function writeJson(path: string, value: unknown, options: WriteJsonOptions = {}): Promise<void> {
  requirePath("writeJson", "path", path, '"out/report.json"');
  requireOptions("writeJson", "options", options, WRITE_JSON_OPTION_KEYS, "{ space: 2 }");
  const content = isArrowTable(value) ? tableToJsonChunks(value) : plainJsonChunks(value, options.space);
  await writeFileAtomic(path, content, { where: "writeJson" });
}

/** A generator, so a serialisation error surfaces inside writeFileAtomic and is reported as io_failed. */
function* plainJsonChunks(value: unknown, space: number | string | undefined): Generator<string> {
  const text = JSON.stringify(value, jsonReplacer, space);
  // JSON.stringify returns undefined for undefined and functions; write null rather than nothing.
  yield `${text ?? "null"}\n`;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (isArrowTable(value)) return value.toArray().map((row) => (row as { toJSON(): unknown }).toJSON());
  return value;
}
