/**
 * How modifiers attach to functions. A modifier returns a thin callable wrapper that carries
 * the original function and the modifiers applied to it under a private symbol, so the Driver
 * calls the original directly (no wrapper on the hot path) and the user's function is never
 * mutated.
 */
import { FuncflowError } from "../errors/index.ts";
import type { Modifier } from "./modifier.ts";

/** Any function a node may be made from; `never[]` parameters accept every signature. */
export type NodeFunction = (...args: never[]) => unknown;

const NODE_METADATA = Symbol.for("funcflow.node-metadata");

/** What a wrapped function carries: the user's function and its modifiers, outermost first. */
export interface NodeMetadata {
  readonly fn: NodeFunction;
  readonly modifiers: readonly Modifier[];
}

/** Shared by every plain function: a build reads 100,000 of them and keeps none of these arrays. */
const NO_MODIFIERS: readonly Modifier[] = Object.freeze([]);

type Wrapped = NodeFunction & { readonly [NODE_METADATA]?: NodeMetadata };

/** Reads the metadata of a (possibly wrapped) function: a plain function has no modifiers. */
export function readNodeMetadata(value: NodeFunction): NodeMetadata {
  return (value as Wrapped)[NODE_METADATA] ?? { fn: value, modifiers: NO_MODIFIERS };
}

/**
 * Wraps `fn` with one more modifier (outermost first, matching the source order the scanner
 * records). The wrapper keeps `fn`'s type, arity and name, so modules stay type-checked and a
 * user can still call the node function directly.
 */
export function applyModifier<F extends NodeFunction>(modifier: Modifier, fn: F): F {
  if (typeof fn !== "function") {
    throw new FuncflowError(
      "invalid_modifier",
      `${modifier.kind}: the last argument must be the function to wrap, but it is ${fn === null ? "null" : typeof fn}. Pass the node function last, e.g. ${modifier.kind}(…, (x: number) => x).`,
    );
  }
  const inner = readNodeMetadata(fn);
  const call = inner.fn as (...args: unknown[]) => unknown;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    return call.apply(this, args);
  };
  Object.defineProperty(wrapper, "length", { value: call.length });
  Object.defineProperty(wrapper, "name", { value: call.name });
  const metadata: NodeMetadata = { fn: inner.fn, modifiers: [modifier, ...inner.modifiers] };
  Object.defineProperty(wrapper, NODE_METADATA, { value: metadata });
  return wrapper as unknown as F;
}
