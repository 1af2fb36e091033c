import type { ResultBuilder } from "./result-builder.ts";

/**
 * The default result builder: a fresh plain object holding the requested outputs, keys in
 * request order. Loads no columnar library.
 * @example recordResult.build({ b: 2, a: 1 }, ["a", "b"]); // { a: 1, b: 2 }
 */
export const recordResult: ResultBuilder<Record<string, unknown>> = Object.freeze({
  name: "recordResult",
  build(outputs: Readonly<Record<string, unknown>>, requested: readonly string[]): Record<string, unknown> {
    // A null prototype would surprise callers; defineProperty keeps a "__proto__" output a plain key.
    const record: Record<string, unknown> = {};
    for (const name of requested) {
      Object.defineProperty(record, name, { value: outputs[name], enumerable: true, writable: true, configurable: true });
    }
    return record;
  },
  emptyResult: (): Record<string, unknown> => ({}),
});
