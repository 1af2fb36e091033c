/** The error for a type that has no JSON form: it names the node, the path inside the type and the type. */
import { FuncflowError } from "../errors.ts";

/** Where a type was met: the node or input, and the path inside its type (`report.forecast.us`). */
export interface TypeSite {
  readonly node: string;
  readonly path: readonly (string | number)[];
}

/**
 * A FuncflowError `unsupported_type` for `typeText` at `site`, saying why.
 * @example throw unsupportedType({ node: "lookup", path: [] }, "Map<string, number>", "a Map has no JSON form");
 */
export function unsupportedType(site: TypeSite, typeText: string, reason: string): FuncflowError {
  const where = [site.node, ...site.path.map(String)].join(".");
  return new FuncflowError(
    "unsupported_type",
    `${where}: the type \`${typeText}\` has no JSON form (${reason}). Declare a JSON-shaped type (numbers, strings, booleans, arrays, records, Date, Arrow vectors or typed tables), or leave this node out of the served outputs.`,
    { node: site.node, details: { type: typeText, path: site.path, reason } },
  );
}
