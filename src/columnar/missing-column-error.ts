import { FuncflowError, listNames, didYouMean, suggestNames, requireNameList, requireString } from "../errors/index.ts";

/**
 * The `missing_column` error for `column` absent from a frame with `existing` columns: names
 * both, suggests near names, and says how to fix it.
 * @param where The caller, for the message prefix (e.g. `arrowAdapter.getColumn`).
 * @throws FuncflowError `invalid_argument` (rather than returning the error) when an argument has the wrong type.
 * @example throw missingColumnError("extractColumns(sales)", "prce", ["price", "qty"]);
 */
export function missingColumnError(where: string, column: string, existing: readonly string[]): FuncflowError {
  requireString("missingColumnError", "where", where, 'the caller, for the message prefix, such as "arrowAdapter.getColumn"');
  requireString("missingColumnError", "column", column, 'the missing column\'s name such as "price"');
  requireNameList("missingColumnError", "existing", existing, '["price", "qty"]');
  const suggestion = suggestNames(column, existing);
  const known = existing.length === 0 ? "the frame has no columns" : `it has ${listNames(existing)}`;
  return new FuncflowError(
    "missing_column",
    `${where}: no column "${column}"${didYouMean(suggestion)}; ${known}. ` +
      `Request one of the existing columns, or pass a fill value to get a constant column.`,
    { suggestion, details: { column, columns: [...existing] } },
  );
}
