/**
 * The type error a command reports for a pipeline: the edge check's findings, minus input
 * conflicts about names the built graph shows are not inputs. The source alone cannot see
 * nodes that modifiers make (extractColumns, parameterize, subdag), so it reads a parameter
 * naming one as an external input; the graph knows better.
 */
import type { Driver } from "../../driver/index.ts";
import type { FuncflowError } from "../../errors/index.ts";
import { edgeTypeError, type EdgeTypeReport } from "../../typecheck/index.ts";

/**
 * The error for `report` as seen against `driver`'s graph, or undefined when all is well.
 * @example const error = pipelineTypeError(await checkEdgeTypes(paths), driver); if (error) throw error;
 */
export function pipelineTypeError(report: EdgeTypeReport, driver: Driver): FuncflowError | undefined {
  const inputs = new Set(driver.listNodes().filter((node) => node.kind === "input").map((node) => node.name));
  const known = new Set(driver.listNodes().map((node) => node.name));
  const inputConflicts = report.inputConflicts.filter((conflict) => inputs.has(conflict.input) || !known.has(conflict.input));
  return edgeTypeError({ ...report, inputConflicts });
}
