import { FuncflowError, isFuncflowError } from "../errors/index.ts";

/**
 * The `io_failed` error for `action` on `path`, keeping the original error as `cause` and its
 * system code (ENOENT, EACCES…) in `details.systemCode`. A FuncflowError passes through as is.
 * @example throw ioFailed("readTable", "reading", "data/missing.csv", error);
 */
export function ioFailed(where: string, action: string, path: string, cause: unknown): FuncflowError {
  if (isFuncflowError(cause)) return cause;
  const systemCode = (cause as { code?: unknown } | null)?.code;
  const reason = systemCode === "ENOENT" ? "the file or its directory does not exist" : String((cause as Error)?.message ?? cause);
  return new FuncflowError(
    "io_failed",
    `${where}: ${action} "${path}" failed: ${reason}. Check the path and its permissions.`,
    { cause, details: { path, ...(typeof systemCode === "string" ? { systemCode } : {}) } },
  );
}
