import { FuncflowError } from "../errors/index.ts";

/**
 * The error for a hook, method or validator that threw: reported as the adapter's, never the
 * node's. A FuncflowError the hook threw on purpose (e.g. `type_mismatch` from `typeCheck`)
 * keeps its own code; anything else becomes `hook_failed` with the original as `cause`.
 * @example throw hookFailed("progressBar", "afterNode", "spendMean", error);
 */
export function hookFailed(adapter: string, hook: string, node: string | undefined, error: unknown): FuncflowError {
  if (error instanceof FuncflowError && error.code !== "node_failed") return error;
  const reason = error instanceof Error ? error.message : String(error);
  const where = node === undefined ? "" : ` while running node "${node}"`;
  return new FuncflowError(
    "hook_failed",
    `Adapter "${adapter}": its ${hook} hook threw${where}: ${reason}. The node itself did not fail; fix the adapter or leave it out of withAdapters(…). (An adapter that stops a run on purpose, as a validator does, throws a FuncflowError, whose code is kept.)`,
    { node, cause: error, details: { adapter, hook } },
  );
}
