/**
 * Plain-text tables for terminals: columns padded to their widest cell, cells cut at a width
 * so one long type or doc cannot push the table off the screen.
 */

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /** Longest cell before it is cut with `…` (default 60). */
  readonly maxCellWidth?: number;
}

/**
 * Renders `rows` under `headers` as aligned text, one line per row, no trailing spaces.
 * @example formatTable(["node", "type"], [["spendMean", "number"]]);
 * // node       type
 * // ---------  ------
 * // spendMean  number
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], options: FormatTableOptions = {}): string {
  const limit = options.maxCellWidth ?? 60;
  const cut = (cell: string) => {
    const flat = cell.replace(/\s*\n\s*/g, " ");
    return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
  };
  const cells = [headers, ...rows].map((row) => headers.map((_, column) => cut(row[column] ?? "")));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  return [line(cells[0]!), line(widths.map((width) => "-".repeat(width))), ...cells.slice(1).map(line)].join("\n");
}
