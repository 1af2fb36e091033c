/**
 * Turns the requested outputs of one `execute` call into the value the caller receives.
 * @example
 * const countResult: ResultBuilder<number> = { name: "count", build: (_outputs, requested) => requested.length };
 */
export interface ResultBuilder<R> {
  /** Names the builder in messages, e.g. `"arrowTableResult"`. */
  readonly name: string;
  /**
   * @param outputs Each requested name's value.
   * @param requested The requested names, in request order.
   */
  build(outputs: Readonly<Record<string, unknown>>, requested: readonly string[]): R;
  /**
   * Optional: a value of the kind `build` returns, holding nothing (an empty table, `{}`); what
   * Hamilton's result builders tell with `output_type()`. `materialize` asks it before anything
   * runs, to check that a saver writes a combined save's value in the format asked for. Leave it
   * out when the kind depends on the outputs: the check then happens once the value is built,
   * still before any file is written. funcflow never calls `build` to find out.
   */
  emptyResult?(): R;
}
