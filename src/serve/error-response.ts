/**
 * Every failure as an HTTP status and a FastAPI-shaped body, `{ "detail": [{ "loc", "msg", "type" }] }`:
 * validation errors (422), funcflow's coded errors (missing input 422, unknown output 404, a
 * failed node 500), and the transport's (body too large 413, wrong content type 415).
 */
import { FuncflowError, invalidArgument, requireArray, requireString } from "../errors/index.ts";
import type { ValidationIssue } from "./request-validator.ts";

/** One problem: where (`["body","inputs","spend",0]`), what, and a machine-readable type. */
export interface ErrorDetail {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
  readonly [extra: string]: unknown;
}

/** The body of every error response. */
export interface ErrorBody {
  readonly detail: readonly ErrorDetail[];
  /** funcflow's error code, when a FuncflowError caused it. */
  readonly code?: string;
  /** The stack and causes, only when the server runs verbose. */
  readonly stack?: string;
}

/** At most this many validation problems are listed: a million bad numbers make one response, not a million lines. */
export const MAX_DETAILS = 20;

/** A request the server refused on its own (timeout, overload, a bad Arrow body), with its status. */
export class ServeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly details: readonly ErrorDetail[],
  ) {
    if (!Number.isInteger(status) || status < 400 || status > 599) throw invalidArgument("ServeRefusal", "status", status, "an HTTP error status (an integer from 400 to 599) such as 503");
    requireArray("ServeRefusal", "details", details, '[{ loc: [], msg: "…", type: "…" }]');
    super(details.map((detail) => detail.msg).join(" "));
  }
}

/**
 * The status and body for `error`.
 * @param verbose include the stack and causes (never by default: a stack leaks the server's layout).
 */
export function errorResponse(error: unknown, verbose: boolean): { status: number; body: ErrorBody } {
  if (error instanceof ServeRefusal) return { status: error.status, body: { detail: error.details } };
  if (error instanceof FuncflowError) return funcflowResponse(error, verbose);
  const transport = transportResponse(error);
  if (transport !== undefined) return transport;
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { detail: [{ loc: [], msg: `Internal error: ${message}`, type: "internal_error" }], ...(verbose && { stack: stackOf(error) }) } };
}

/** Ajv's issues as FastAPI details, located from the request part (`body`, `querystring`). */
export function validationDetails(issues: readonly ValidationIssue[], part: string): ErrorDetail[] {
  requireArray("validationDetails", "issues", issues, "Ajv's validation issues (validate.errors)");
  requireString("validationDetails", "part", part, 'the request part the issues are in, such as "body" or "querystring"');
  const details = issues.slice(0, MAX_DETAILS).map((issue) => issueDetail(issue, part));
  if (issues.length > MAX_DETAILS) {
    details.push({ loc: [part], msg: `${issues.length - MAX_DETAILS} more problem(s) not listed; fix these first.`, type: "too_many_errors" });
  }
  return details;
}

function issueDetail(issue: ValidationIssue, part: string): ErrorDetail {
  const loc: (string | number)[] = [part, ...pointerSegments(issue.instancePath)];
  const params = issue.params;
  switch (issue.keyword) {
    case "required":
      return { loc: [...loc, String(params.missingProperty)], msg: "Field required.", type: "missing" };
    case "additionalProperties":
      return { loc: [...loc, String(params.additionalProperty)], msg: "Extra field not permitted: the operation does not take it.", type: "extra_forbidden" };
    case "type":
      return { loc, msg: `Input should be ${article(String(params.type))}.`, type: `${String(params.type).split(",")[0]}_type` };
    case "enum":
      return { loc, msg: `Input should be one of ${JSON.stringify(params.allowedValues)}.`, type: "enum" };
    default:
      return { loc, msg: `Input ${issue.message ?? "is invalid"}.`, type: issue.keyword };
  }
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function article(type: string): string {
  const names = type.split(",").map((name) => (name === "integer" ? "an integer" : name === "array" || name === "object" ? `an ${name}` : name === "null" ? "null" : `a ${name}`));
  return names.join(" or ");
}

function funcflowResponse(error: FuncflowError, verbose: boolean): { status: number; body: ErrorBody } {
  const extras = { code: error.code, ...(verbose && { stack: stackOf(error) }) };
  switch (error.code) {
    case "missing_input": {
      const missing = (error.details?.missing ?? {}) as Record<string, readonly string[]>;
      const detail = Object.entries(missing).map(([input, neededBy]) => ({
        loc: ["body", "inputs", input],
        msg: `Field required: input "${input}" is needed by ${neededBy.map((name) => `"${name}"`).join(", ")}.`,
        type: "missing",
        neededBy,
      }));
      return { status: 422, body: { detail, ...extras } };
    }
    case "unknown_output":
      return { status: 404, body: { detail: [{ loc: ["body", "outputs"], msg: firstLine(error.message), type: "unknown_output", suggestion: error.suggestion ?? [] }], ...extras } };
    case "node_failed":
    case "check_failed":
    case "schema_mismatch":
      return { status: 500, body: { detail: [{ loc: ["node", error.node ?? ""], msg: firstLine(error.message), type: error.code, node: error.node }], ...extras } };
    case "timeout":
      // The Driver's own limits (withTimeout, or a node's funcflow.timeoutMs tag): the node that overran, or the run.
      return {
        status: 504,
        body: { detail: [{ loc: error.node === undefined ? [] : ["node", error.node], msg: firstLine(error.message), type: "timeout", ...(error.node !== undefined && { node: error.node }) }], ...extras },
      };
    case "invalid_argument":
    case "input_is_node":
    case "config_input_overlap":
    case "type_mismatch":
    case "length_mismatch":
      return { status: 422, body: { detail: [{ loc: (error.details?.loc as (string | number)[] | undefined) ?? ["body"], msg: error.message, type: error.code }], ...extras } };
    default:
      return { status: 500, body: { detail: [{ loc: [], msg: firstLine(error.message), type: error.code }], ...extras } };
  }
}

/** Fastify's own refusals: body size, media type, unparsable JSON. */
function transportResponse(error: unknown): { status: number; body: ErrorBody } | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "";
  switch (code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { status: 413, body: { detail: [{ loc: ["body"], msg: "Request body is too large. Send fewer rows per request, or raise the server's body limit.", type: "body_too_large" }] } };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        body: { detail: [{ loc: ["header", "content-type"], msg: `${message}. Send application/json or application/vnd.apache.arrow.stream.`, type: "unsupported_media_type" }] },
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return { status: 422, body: { detail: [{ loc: ["body"], msg: "Request body is empty; send a JSON object.", type: "missing" }] } };
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return { status: 422, body: { detail: [{ loc: ["body"], msg: `JSON decode error: ${message}.`, type: "json_invalid" }] } };
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (error instanceof SyntaxError && status === 400) return { status: 422, body: { detail: [{ loc: ["body"], msg: `JSON decode error: ${message}.`, type: "json_invalid" }] } };
  if (typeof status === "number" && status >= 400 && status < 500) return { status, body: { detail: [{ loc: [], msg: message, type: String(code ?? "bad_request") }] } };
  return undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!;
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error && parts.length < 5; current = current.cause) parts.push(current.stack ?? current.message);
  return parts.join("\nCaused by: ");
}
