/**
 * Savers and loaders: how `driver.materialize` writes a node's value to a file and reads an
 * input from one. Each declares the formats it handles; a saver also says which values it
 * accepts. When several match, the one registered last wins, so a custom saver can take over
 * a format for the values it knows.
 */

/** Writes values of some type to files of some formats. */
export interface Saver {
  readonly name: string;
  /** File formats, e.g. `["csv", "parquet"]`. */
  readonly formats: readonly string[];
  /** True for the values it can write, e.g. Arrow Tables. */
  accepts(value: unknown): boolean;
  /**
   * Writes `value` to `path`; `node` names the value, e.g. for a column. `path` is a staging path
   * with the target's file name (in a hidden folder beside the target): `materialize` moves it
   * onto the target once every save of the call succeeded, and removes it if any failed.
   */
  save(value: unknown, path: string, format: string, node: string): Promise<void>;
}

/** Reads files of some formats into values. */
export interface Loader {
  readonly name: string;
  readonly formats: readonly string[];
  /** What it produces: `table` (an Arrow Table) or `value` (plain data). */
  readonly produces: "table" | "value";
  load(path: string, format: string): Promise<unknown>;
}

/** What `materialize` reports for each file it wrote or read. */
export interface MaterializedFile {
  /** The node saved (`<id>_build_result` for a combined save), or the input loaded. */
  readonly node: string;
  /** A saved file's key in `save` (Hamilton's materializer id); absent for a loaded file. */
  readonly id?: string;
  /** The nodes a combined save joined into the file, in order. */
  readonly dependencies?: readonly string[];
  /** The name of the result builder that joined them. */
  readonly combine?: string;
  /** Absolute path. */
  readonly path: string;
  readonly format: string;
  /** The saver or loader used. */
  readonly by: string;
  /** File size in bytes; undefined for a load whose path is no local file (a custom loader may read a key or a URL). */
  readonly bytes: number | undefined;
  /** Rows of a table, length of a column or array; undefined for other values. */
  readonly rows: number | undefined;
  /** Column names and Arrow types of a table (one column for a vector); undefined otherwise. */
  readonly schema: readonly { readonly name: string; readonly type: string }[] | undefined;
}
