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
}
