/**
 * The errors kernels throw. Kernels receive values, not names, so operands are named by their
 * position ("left operand", "right operand", "input"); when a kernel runs inside a node, the
 * driver's `node_failed` error adds the node name, so no per-call naming option is needed and the
 * hot path carries nothing extra.
 */
import { FuncflowError, requireOptions } from "../errors/index.ts";
import { Vector } from "apache-arrow";

/** A short description of a value's type for messages: "Utf8 vector", "Int32Array", "string". */
export function describeType(value: unknown): string {
  if (value instanceof Vector) return `${String(value.type)} vector`;
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (value === null) return "null";
  if (Array.isArray(value)) return "plain array";
  return typeof value;
}

/** An operand whose type the kernel cannot read. */
export function typeMismatch(kernel: string, operand: string, value: unknown, expectedType: string): FuncflowError {
  const actualType = describeType(value);
  return new FuncflowError(
    "type_mismatch",
    `${kernel}: ${operand} has type ${actualType}, expected ${expectedType}. Cast or convert it first.`,
    { details: { kernel, operand, actualType, expectedType } },
  );
}

/** Two operands with different row counts. */
export function lengthMismatch(
  kernel: string,
  left: string,
  leftLength: number,
  right: string,
  rightLength: number,
): FuncflowError {
  return new FuncflowError(
    "length_mismatch",
    `${kernel}: ${left} has ${leftLength} rows but ${right} has ${rightLength}. ` +
      "Pass columns of the same length (align or join them first).",
    { details: { kernel, left, leftLength, right, rightLength } },
  );
}

/** Throws `length_mismatch` unless both lengths agree. */
export function checkSameLength(
  kernel: string,
  left: string,
  leftLength: number,
  right: string,
  rightLength: number,
): void {
  if (leftLength !== rightLength) throw lengthMismatch(kernel, left, leftLength, right, rightLength);
}

/** A parameter (window size, quantile, cast target…) outside its allowed values. */
export function invalidArgument(kernel: string, argument: string, value: unknown, expected: string): FuncflowError {
  return new FuncflowError(
    "invalid_argument",
    `${kernel}: ${argument} is ${formatValue(value)}, expected ${expected}.`,
    { details: { kernel, argument, value, expected } },
  );
}

/** Throws `invalid_argument` unless `value` is an integer in [min, max]. */
export function checkInteger(kernel: string, argument: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range =
      min === -Infinity ? "an integer" : max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw invalidArgument(kernel, argument, value, range);
  }
  return value;
}

/**
 * Throws `invalid_argument` unless `options` is undefined or a plain object with only `known` keys.
 * Kernels run once per node per request, so the common case (a `{ … }` literal of known keys) is
 * a prototype check and a key loop with no allocation; only a suspect value takes the full check,
 * whose errors are the shared ones (`requireOptions`).
 * @example checkOptions("variance", options, VARIANCE_OPTION_KEYS, "{ ddof: 0 }");
 */
export function checkOptions(kernel: string, options: unknown, known: readonly string[], example: string): void {
  if (options === undefined) return;
  if (typeof options === "object" && options !== null && Object.getPrototypeOf(options) === Object.prototype && onlyKnownKeys(options, known)) return;
  requireOptions(kernel, "options", options, known, example);
}

function onlyKnownKeys(options: object, known: readonly string[]): boolean {
  for (const key in options) if (!known.includes(key)) return false;
  return true;
}

function formatValue(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}
