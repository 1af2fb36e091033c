import { invalidArgument, requireArray } from "../errors/index.ts";
import type { ColumnarAdapter } from "./columnar-adapter.ts";

/**
 * An immutable list of columnar adapters, asked in order which one owns a value. Built
 * explicitly by the caller, so importing an adapter never changes what funcflow recognises.
 */
export interface ColumnarRegistry {
  /** The adapters, in the order they are asked. */
  readonly adapters: readonly ColumnarAdapter[];
  /** A new registry with `adapter` added last (or replacing the one with the same name). */
  with(adapter: ColumnarAdapter): ColumnarRegistry;
  /** The first adapter whose `isFrame` accepts `value`, or `undefined`. */
  adapterForFrame(value: unknown): ColumnarAdapter | undefined;
  /** The first adapter whose `isColumn` accepts `value`, or `undefined`. */
  adapterForColumn(value: unknown): ColumnarAdapter | undefined;
}

/**
 * A registry of the given adapters.
 * @param adapters Asked in this order.
 * @example
 * const registry = createColumnarRegistry([arrowAdapter]).with(danfoAdapter);
 * registry.adapterForFrame(table)?.name; // "arrow"
 * @throws FuncflowError `invalid_argument` when `adapters` is not an array of adapters.
 */
export function createColumnarRegistry(adapters: readonly ColumnarAdapter[] = []): ColumnarRegistry {
  requireArray("createColumnarRegistry", "adapters", adapters, "an array of columnar adapters such as [arrowAdapter]");
  adapters.forEach((adapter, index) => checkAdapter(`adapters[${index}]`, adapter));
  const frozen = Object.freeze([...adapters]);
  return Object.freeze({
    adapters: frozen,
    with(adapter: ColumnarAdapter): ColumnarRegistry {
      checkAdapter("adapter", adapter, "ColumnarRegistry.with");
      return createColumnarRegistry([...frozen.filter((known) => known.name !== adapter.name), adapter]);
    },
    adapterForFrame(value: unknown): ColumnarAdapter | undefined {
      return frozen.find((adapter) => adapter.isFrame(value));
    },
    adapterForColumn(value: unknown): ColumnarAdapter | undefined {
      return frozen.find((adapter) => adapter.isColumn(value));
    },
  });
}

function checkAdapter(argument: string, adapter: unknown, where = "createColumnarRegistry"): void {
  const candidate = adapter as Partial<ColumnarAdapter> | null;
  const isAdapter = typeof adapter === "object" && candidate !== null && typeof candidate.name === "string" && typeof candidate.isFrame === "function" && typeof candidate.isColumn === "function";
  if (!isAdapter) throw invalidArgument(where, argument, adapter, "a columnar adapter (an object with name, isFrame, isColumn, …) such as arrowAdapter");
}
