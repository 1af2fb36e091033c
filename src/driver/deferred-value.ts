/**
 * A cache hit not read yet. When every node downstream also hits, a value is never needed, so
 * a second run reads only its outputs (and the inputs of nodes it must compute). Read once,
 * when first needed; if the entry proves unusable then, the node is computed again from its
 * own inputs, which the deferred value keeps for that purpose.
 */
export class DeferredValue {
  readonly #read: () => Promise<{ readonly found: true; readonly value: unknown } | { readonly found: false }>;
  readonly #recompute: () => Promise<unknown>;
  #value: Promise<unknown> | undefined;

  constructor(read: () => Promise<{ readonly found: true; readonly value: unknown } | { readonly found: false }>, recompute: () => Promise<unknown>) {
    this.#read = read;
    this.#recompute = recompute;
  }

  get(): Promise<unknown> {
    return (this.#value ??= this.#read().then((read) => (read.found ? read.value : this.#recompute())));
  }
}

/** `value` itself, or the value a deferred hit stands for. */
export function resolveValue(value: unknown): unknown {
  return value instanceof DeferredValue ? value.get() : value;
}

/** Replaces, in place, each deferred value of `values` by what it stands for. */
export async function resolveAll(values: unknown[]): Promise<void> {
  for (let i = 0; i < values.length; i++) if (values[i] instanceof DeferredValue) values[i] = await (values[i] as DeferredValue).get();
}
