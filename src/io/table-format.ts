import { extname } from "node:path";
import { FuncflowError, invalidArgument, requirePath } from "../errors/index.ts";

/**
 * The file formats funcflow reads and writes tables in: Arrow IPC file (`arrow`), Arrow IPC
 * stream (`arrows`), CSV, JSON (an array of records) and Parquet.
 */
export type TableFormat = "arrow" | "arrows" | "csv" | "json" | "parquet";

const TABLE_FORMATS: readonly TableFormat[] = ["arrow", "arrows", "csv", "json", "parquet"];

const FORMAT_BY_EXTENSION: Readonly<Record<string, TableFormat>> = {
  ".arrow": "arrow",
  ".feather": "arrow",
  ".ipc": "arrow",
  ".arrows": "arrows",
  ".csv": "csv",
  ".json": "json",
  ".parquet": "parquet",
  ".pq": "parquet",
};

/**
 * The format named by `path`'s extension (`.arrow`/`.feather`/`.ipc`, `.arrows`, `.csv`,
 * `.json`, `.parquet`/`.pq`; case-insensitive), or `explicit` when given.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string, `explicit` is
 *   not a format, or the extension is unknown and no format is given.
 * @example tableFormatOf("out/sales.parquet"); // "parquet"
 */
export function tableFormatOf(path: string, explicit?: TableFormat): TableFormat {
  requirePath("tableFormatOf", "path", path, '"out/sales.parquet"');
  return tableFormatFor("tableFormatOf", path, explicit, "explicit (the format)");
}

/**
 * {@link tableFormatOf} inside a function the user called (`readTable`, `runBatch`), whose
 * errors must name that function and, when it has one, the argument that sets the format
 * (`formatArgument`, e.g. `"options.format"`); `path` must already be checked.
 * @throws FuncflowError `invalid_argument` when `explicit` is not a format, or the extension is unknown and no format is given.
 * @example const format = tableFormatFor("readTable", path, options.format, "options.format");
 */
export function tableFormatFor(where: string, path: string, explicit: unknown, formatArgument?: string): TableFormat {
  if (explicit !== undefined) {
    if (!TABLE_FORMATS.includes(explicit as TableFormat)) throw invalidArgument(where, formatArgument ?? "format", explicit, `one of ${TABLE_FORMATS.join(", ")}`);
    return explicit as TableFormat;
  }
  const extension = extname(path).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (format) return format;
  const formats = TABLE_FORMATS.map((name) => `"${name}"`).join(" | ");
  const fix = formatArgument === undefined ? "Use" : `Pass { format: ${formats} }, or use`;
  throw new FuncflowError(
    "invalid_argument",
    `${where}: cannot tell the format of "${path}" from its extension "${extension}". ${fix} one of ${Object.keys(FORMAT_BY_EXTENSION).join(", ")}.`,
    { details: { function: where, path } },
  );
}
