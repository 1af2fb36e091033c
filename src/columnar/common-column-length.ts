import { FuncflowError, invalidArgument, listNames, requireArray, requireName } from "../errors/index.ts";

/** A column's name and length; `undefined` length marks a scalar to broadcast. */
export interface MeasuredColumn {
  readonly name: string;
  readonly length: number | undefined;
}

/**
 * The row count shared by `columns`: the length of every non-scalar column, or 1 when all are
 * scalars (a one-row frame), or 0 when there are none. Also rejects repeated names, since a
 * frame addresses columns by name.
 * @param where The caller, for the message prefix.
 * @throws FuncflowError `invalid_argument` when `where` is not a string or `columns` not an array of { name, length }.
 * @throws FuncflowError `length_mismatch` naming every column and its length
 *   (`details.lengths`); `invalid_argument` for a repeated name (`details.column`), or for
 *   `where` or `columns` of the wrong type.
 * @example commonColumnLength("arrowTableResult", [{ name: "a", length: 3 }, { name: "k", length: undefined }]); // 3
 */
export function commonColumnLength(where: string, columns: readonly MeasuredColumn[]): number {
  requireName("commonColumnLength", "where", where, '"arrowTableResult" (the caller, for messages)');
  requireArray("commonColumnLength", "columns", columns, '[{ name: "a", length: 3 }, { name: "k", length: undefined }]');
  const bad = columns.findIndex((column: unknown) => typeof column !== "object" || column === null || typeof (column as MeasuredColumn).name !== "string");
  if (bad >= 0) throw invalidArgument("commonColumnLength", `columns[${bad}]`, columns[bad], '{ name, length } such as { name: "a", length: 3 }');
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) {
      throw new FuncflowError(
        "invalid_argument",
        `${where}: the column name "${name}" appears twice. Rename one of them so every column name is unique.`,
        { details: { column: name } },
      );
    }
    seen.add(name);
  }
  const sized = columns.filter((column): column is { name: string; length: number } => column.length !== undefined);
  if (sized.length === 0) return columns.length === 0 ? 0 : 1;
  const length = sized[0]!.length;
  if (sized.every((column) => column.length === length)) return length;
  const lengths = Object.fromEntries(sized.map((column) => [column.name, column.length]));
  const listed = sized.map((column) => `"${column.name}" has ${column.length}`).join(", ");
  throw new FuncflowError(
    "length_mismatch",
    `${where}: columns ${listNames(sized.map((column) => column.name))} differ in length (${listed}). ` +
      `Make them the same length, or return a scalar to repeat one value on every row.`,
    { details: { lengths } },
  );
}

