import { FuncflowError, optionKeys, requireOptions } from "../errors/index.ts";
import { describeValue } from "../columnar/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import type { LifecycleAdapter, NodeEndEvent, NodeStartEvent } from "./lifecycle-adapter.ts";
import { typeCheckerFor, type TypeChecker } from "./type-checker-for.ts";

export interface TypeCheckOptions {
  /** Check each node's arguments against its parameter types (default true). */
  readonly inputs?: boolean;
  /** Check each node's result against its return type (default true). */
  readonly outputs?: boolean;
}

/** The keys of TypeCheckOptions, checked against the interface by the compiler. */
export const TYPE_CHECK_OPTION_KEYS = optionKeys<TypeCheckOptions>({ inputs: true, outputs: true });

/**
 * Checks, at run time, each node's inputs and output against the types declared in the source:
 * number, string, boolean, bigint, null, undefined, literals, Date, typed arrays, Arrow Table,
 * Vector (with its column type, e.g. `Vector<Float64>`) and RecordBatch, arrays of these and
 * unions of these. Other declared types are not checked. A mismatch stops the run.
 * @throws FuncflowError `type_mismatch` from `execute`, naming the node and the input (or
 *   "output"), with `details.expected` and `details.actual`.
 * @example new Builder().withModules(url).withAdapters(typeCheck({ outputs: true }))
 */
export function typeCheck(options: TypeCheckOptions = {}): LifecycleAdapter {
  requireOptions("typeCheck", "options", options, TYPE_CHECK_OPTION_KEYS, "{ inputs: false }");
  const checkers = new Map<string, TypeChecker | undefined>();
  const checkerFor = (typeText: string) => {
    if (!checkers.has(typeText)) checkers.set(typeText, typeCheckerFor(typeText));
    return checkers.get(typeText);
  };
  const adapter: { -readonly [K in keyof LifecycleAdapter]: LifecycleAdapter[K] } = { name: "typeCheck" };
  if (options.inputs !== false) {
    adapter.beforeNode = (event: NodeStartEvent) => {
      const params = event.node.dependencies;
      for (let i = 0; i < params.length; i++) {
        const param = params[i]!;
        const value = event.inputValues[i];
        if (value === undefined && param.optional) continue; // the default applies
        const check = checkerFor(param.type);
        if (check !== undefined && !check(value)) throw mismatch(event.node, `input "${param.name}"`, param.type, value, param.name);
      }
    };
  }
  if (options.outputs !== false) {
    adapter.afterNode = (event: NodeEndEvent) => {
      if (!event.success) return;
      const check = checkerFor(event.node.type);
      if (check !== undefined && !check(event.result)) throw mismatch(event.node, "output", event.node.type, event.result, undefined);
    };
  }
  return adapter;
}

function mismatch(node: NodeInfo, what: string, expected: string, value: unknown, input: string | undefined): FuncflowError {
  const actual = describeValue(value);
  const fix = input === undefined ? `Return a ${expected} from "${node.name}", or change its declared return type.` : `Fix what produces "${input}", or the parameter's declared type.`;
  return new FuncflowError("type_mismatch", `Node "${node.name}": ${what} should be ${expected} but is ${actual}. ${fix}`, {
    node: node.name,
    input,
    details: { adapter: "typeCheck", direction: input === undefined ? "output" : "input", expected, actual },
  });
}
