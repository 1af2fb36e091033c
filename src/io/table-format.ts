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
  if (explicit !== undefined) {
    if (!TABLE_FORMATS.includes(explicit)) throw invalidArgument("tableFormatOf", "explicit (the format)", explicit, `one of ${TABLE_FORMATS.join(", ")}`);
    return explicit;
  }
  const extension = extname(path).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (format) return format;
  throw new FuncflowError(
    "invalid_argument",
    `tableFormatOf: cannot tell the format of "${path}" from its extension "${extension}". ` +
      `Pass { format: "arrow" | "arrows" | "csv" | "json" | "parquet" }, or use one of ${Object.keys(FORMAT_BY_EXTENSION).join(", ")}.`,
    { details: { path } },
  );
}
