/**
 * The one error type funcflow throws. Callers and tests branch on `code` and read the
 * structured fields; the message is made from them and reads `<where>: <what>. <how to fix>`.
 */

/** Every reason funcflow can fail, as a closed set. */
export type FuncflowErrorCode =
  // graph construction
  | "cycle"
  | "duplicate_node"
  | "config_conflict"
  | "config_unsatisfied"
  | "invalid_signature"
  | "invalid_export"
  | "invalid_modifier"
  | "stale_manifest"
  | "module_not_found"
  | "module_load_failed"
  | "scan_failed"
  | "edge_type_mismatch"
  | "unsupported_type"
  // execution requests
  | "missing_input"
  | "unknown_output"
  | "unknown_node"
  | "config_input_overlap"
  | "input_is_node"
  | "invalid_argument"
  | "node_failed"
  | "timeout"
  // execution engine: adapters, executors, cache
  | "hook_failed"
  | "validation_failed"
  | "adapter_conflict"
  | "worker_failed"
  // distributed execution (funcflow/bullmq): the queue's Redis, a worker's code (a job's deadline is "timeout")
  | "queue_unavailable"
  | "version_mismatch"
  // columnar values and kernels
  | "length_mismatch"
  | "type_mismatch"
  | "missing_column"
  | "missing_field"
  | "check_failed"
  | "schema_mismatch"
  | "io_failed"
  // envelopes and their registry
  | "envelope_invalid"
  | "envelope_tampered"
  | "envelope_not_found"
  | "registry_invalid";

/** Structured facts about what went wrong; which fields are set depends on the code. */
export interface FuncflowErrorFields {
  /** The node at fault (or being built/executed). */
  readonly node?: string;
  /** The external input at fault. */
  readonly input?: string;
  /** The config key at fault. */
  readonly configKey?: string;
  /** Nodes that need the missing thing. */
  readonly neededBy?: readonly string[];
  /** The nearest existing names, for "did you mean". */
  readonly suggestion?: readonly string[];
  /** Code-specific details (e.g. the cycle path, every missing input). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The original error, kept as `cause`. */
  readonly cause?: unknown;
}

/** Marks funcflow's errors across copies of funcflow (two installed versions, `dist/` beside `src/`). */
const IS_FUNCFLOW_ERROR = Symbol.for("funcflow.error");

export class FuncflowError extends Error {
  static {
    Object.defineProperty(FuncflowError.prototype, IS_FUNCFLOW_ERROR, { value: true });
  }

  /** `instanceof FuncflowError` holds for an error from any copy of funcflow, not only this one. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[IS_FUNCFLOW_ERROR] === true;
  }

  override readonly name = "FuncflowError";
  readonly code: FuncflowErrorCode;
  readonly node: string | undefined;
  readonly input: string | undefined;
  readonly configKey: string | undefined;
  readonly neededBy: readonly string[] | undefined;
  readonly suggestion: readonly string[] | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: FuncflowErrorCode, message: string, fields: FuncflowErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = code;
    this.node = fields.node;
    this.input = fields.input;
    this.configKey = fields.configKey;
    this.neededBy = fields.neededBy;
    this.suggestion = fields.suggestion;
    this.details = fields.details;
  }
}

/** True when `error` is a FuncflowError, optionally with the given code. */
export function isFuncflowError(error: unknown, code?: FuncflowErrorCode): error is FuncflowError {
  return error instanceof FuncflowError && (code === undefined || error.code === code);
}

/** Formats a list of names for a message: `a`, `b` and `c`. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
