import { FuncflowError } from "../errors/index.ts";
import type { ResultBuilder } from "../results/index.ts";

/**
 * Runs the result builder over the outputs. A builder is user code, as Hamilton's
 * `do_build_result` adapter method is: a FuncflowError it throws on purpose (`length_mismatch`
 * from `arrowTableResult`) keeps its code, anything else becomes `hook_failed` naming the builder,
 * with the original as `cause`, never a bare error the caller cannot tell from a node's.
 * @example buildResult(arrowTableResult, { spend }, ["spend"]);
 */
export function buildResult(builder: ResultBuilder<unknown>, record: Readonly<Record<string, unknown>>, outputs: readonly string[]): unknown {
  try {
    return builder.build(record, outputs);
  } catch (error) {
    if (error instanceof FuncflowError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FuncflowError(
      "hook_failed",
      `Result builder "${builder.name}" threw while building the result of ${outputs.map((name) => `"${name}"`).join(", ")}: ${reason}. Every node ran; fix the builder, or leave it out of withResultBuilder(…) to get the record.`,
      { cause: error, details: { resultBuilder: builder.name, outputs: [...outputs] } },
    );
  }
}
