/**
 * A config value as one line of text for views (DOT labels, the explorer). Every config key is
 * a node and is drawn, and config may hold what JSON cannot write (a client with cycles, a
 * bigint): those are described rather than failing the drawing.
 */
import { describeArgument } from "../errors/index.ts";

/**
 * The value's JSON; a bigint as its digits; otherwise what it is.
 * @example configValueText({ depth: 3 }); // '{"depth":3}'
 */
export function configValueText(value: unknown): string {
  if (typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle, a bigint inside, or a toJSON that throws.
    return describeArgument(value);
  }
}
