/** The error for a type that has no JSON form: it names the node, the path inside the type and the type. */
import { FuncflowError, invalidArgument, requireString } from "../errors/index.ts";

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
  requireTypeSite("unsupportedType", site);
  requireString("unsupportedType", "typeText", typeText, 'the type as written, such as "Map<string, number>"');
  requireString("unsupportedType", "reason", reason, 'why it has no JSON form, such as "a Map has no JSON form"');
  const where = [site.node, ...site.path.map(String)].join(".");
  return new FuncflowError(
    "unsupported_type",
    `${where}: the type \`${typeText}\` has no JSON form (${reason}). Declare a JSON-shaped type (numbers, strings, booleans, arrays, records, Date, Arrow vectors or typed tables), or leave this node out of the served outputs.`,
    { node: site.node, details: { type: typeText, path: site.path, reason } },
  );
}

/**
 * Asserts a TypeSite (`{ node, path }`).
 * @throws FuncflowError `invalid_argument` naming `where` and the argument `site`.
 */
export function requireTypeSite(where: string, site: unknown): asserts site is TypeSite {
  const candidate = site as Partial<TypeSite> | null;
  const isSite = typeof site === "object" && candidate !== null && typeof candidate.node === "string" && Array.isArray(candidate.path);
  if (!isSite) throw invalidArgument(where, "site", site, '{ node, path } such as { node: "lookup", path: [] }');
}
