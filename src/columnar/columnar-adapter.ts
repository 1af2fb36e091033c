/**
 * The one interface every columnar library (Arrow, Danfo, …) is reached through. `extractColumns`
 * and the frame result builders speak only this interface, so a new library is one new file
 * that implements it plus one explicit registration; nothing registers itself on import.
 */

/** A column to put in a frame: its name and its value (a column, an array or a scalar). */
export type NamedColumn = readonly [name: string, value: unknown];

/** Options for {@link ColumnarAdapter.getColumn}. */
export interface GetColumnOptions {
  /**
   * When set (even to `null`), a missing column is not an error: the adapter returns a column
   * of the frame's length holding this value.
   */
  readonly fill?: unknown;
}

/**
 * What funcflow needs from a columnar library: recognise its frames and columns, read columns
 * by name, and build a frame from ordered named columns.
 * @example
 * const adapter: ColumnarAdapter<Table, Vector> = arrowAdapter;
 * adapter.getColumn(table, "price"); // Vector
 */
export interface ColumnarAdapter<Frame = unknown, Column = unknown> {
  /** The library's name, e.g. `"arrow"`; used in messages. */
  readonly name: string;
  /** True when `value` is a frame (table) of this library. */
  isFrame(value: unknown): value is Frame;
  /** True when `value` is a column of this library. */
  isColumn(value: unknown): value is Column;
  /** The frame's column names, in order. */
  columnNames(frame: Frame): readonly string[];
  /**
   * The column called `name`.
   * @throws FuncflowError `missing_column` naming the column and the ones that exist, unless
   *   `options.fill` is given: then a column of that value, as long as the frame.
   */
  getColumn(frame: Frame, name: string, options?: GetColumnOptions): Column;
  /** Number of rows. */
  frameLength(frame: Frame): number;
  /** Number of values. */
  columnLength(column: Column): number;
  /**
   * A frame holding `columns` in the given order. Values may be columns of this library, Arrow
   * vectors, typed arrays, plain arrays, or scalars (broadcast to the common length; a frame of
   * scalars only has one row).
   * @param where Names the caller in error messages.
   * @throws FuncflowError `length_mismatch` naming every column and its length; `type_mismatch`
   *   for a value that is neither a column nor a scalar; `invalid_argument` for a repeated name.
   */
  buildFrame(columns: readonly NamedColumn[], where?: string): Frame;
}
