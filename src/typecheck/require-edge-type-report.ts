import { invalidArgument } from "../errors/index.ts";
import type { EdgeTypeReport } from "./edge-type-report.ts";

/**
 * Asserts an EdgeTypeReport as checkEdgeTypes returns it, by the array fields `fields` the caller reads.
 * @throws FuncflowError `invalid_argument` naming the function and the argument (or its field).
 */
export function requireEdgeTypeReport(where: string, value: unknown, fields: readonly (keyof EdgeTypeReport)[]): asserts value is EdgeTypeReport {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidArgument(where, "report", value, "the report checkEdgeTypes(modules) returns");
  const bad = fields.find((field) => !Array.isArray((value as Record<string, unknown>)[field]));
  if (bad !== undefined) throw invalidArgument(where, `report.${bad}`, (value as Record<string, unknown>)[bad], "an array, as in the report checkEdgeTypes(modules) returns");
}
