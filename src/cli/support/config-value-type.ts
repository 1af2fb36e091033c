/**
 * The TypeScript type of a config value read from `--config`/`--set` (JSON), written into the
 * typings `funcflow build` generates: the type the compiler infers for the same value written as
 * a literal in `withConfig({ … })`, so both spellings of one config type `execute` alike.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * @example configValueType({ horizons: [3, 12], region: "US" }); // "{ horizons: number[]; region: string }"
 */
export function configValueType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return typeof value;
  if (Array.isArray(value)) {
    const members = [...new Set(value.map(configValueType))];
    if (members.length === 0) return "unknown[]";
    return members.length === 1 ? `${members[0]}[]` : `(${members.join(" | ")})[]`;
  }
  if (typeof value === "object") {
    const fields = Object.entries(value).map(([key, field]) => `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${configValueType(field)}`);
    return fields.length === 0 ? "{}" : `{ ${fields.join("; ")} }`;
  }
  return "unknown";
}
