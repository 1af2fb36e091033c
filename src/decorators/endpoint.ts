/**
 * `get` / `post` / `endpoint`: make a function an HTTP operation of `funcflow serve`. The function
 * stays an ordinary node; the method and path travel as tags (`http.method`, `http.path`), so the
 * modifier is light and the pipeline runs the same without a server. When served, its parameters
 * are read from the path, the query (GET) or the body (POST), validated by their types, unless
 * they name a node: those the DAG computes from the request's inputs.
 */
import { describeArgument, FuncflowError, isPlainRecord, optionKeys } from "../errors/index.ts";
import type { NodeFunction } from "../graph/index.ts";
import { tag } from "./tag.ts";
import { optionsProblem } from "./options-problem.ts";

/** The HTTP methods an endpoint may use. */
export type EndpointMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Where and how an endpoint is served. */
export interface EndpointOptions {
  readonly method: EndpointMethod;
  /** The path, with parameters in braces: `/v0/users/{userId}/recommendations`. */
  readonly path: string;
  /** OpenAPI tags grouping the operation in the docs. */
  readonly tags?: readonly string[];
}

/** The keys of EndpointOptions, checked against the interface by the compiler. */
export const ENDPOINT_OPTION_KEYS = optionKeys<EndpointOptions>({ method: true, path: true, tags: true });

/** The tag keys an endpoint is recorded under. */
export const ENDPOINT_TAGS = { method: "http.method", path: "http.path", tags: "http.tags" } as const;

const PATH = /^(\/[A-Za-z0-9._~-]*(\{[A-Za-z_$][\w$]*\})?[A-Za-z0-9._~-]*)+$/;

/**
 * Makes `fn` the operation `options.method options.path`.
 * @throws FuncflowError `invalid_modifier` at once for a path that is not `/segment/{param}/…`.
 * @example export const recommendations = endpoint({ method: "GET", path: "/v0/recommendations/{userId}" }, (userId: string, scores: number[]) => …);
 */
export function endpoint<F extends NodeFunction>(options: EndpointOptions, fn: F): F {
  checkEndpointOptions(options);
  if (!PATH.test(options.path)) {
    throw new FuncflowError(
      "invalid_modifier",
      `endpoint: the path "${options.path}" is not a URL path. Write it as /segment/{param}/…, with parameters in braces.`,
      { details: { path: options.path } },
    );
  }
  const values: Record<string, string | readonly string[]> = { [ENDPOINT_TAGS.method]: options.method, [ENDPOINT_TAGS.path]: options.path };
  if (options.tags !== undefined && options.tags.length > 0) values[ENDPOINT_TAGS.tags] = options.tags;
  return tag(values, fn);
}

const METHODS: readonly EndpointMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Refuses options a caller could pass by mistake (a bare path, a lower-case or unknown method, tags that are not strings). */
function checkEndpointOptions(options: unknown): asserts options is EndpointOptions {
  const fail = (message: string): never => {
    throw new FuncflowError("invalid_modifier", `endpoint: ${message} Pass e.g. endpoint({ method: "GET", path: "/v0/items/{id}" }, fn), or get(path, fn) / post(path, fn).`);
  };
  if (!isPlainRecord(options)) fail(`the options must be { method, path, tags? }, got ${describeArgument(options)}.`);
  const unknown = optionsProblem("endpoint", options, ENDPOINT_OPTION_KEYS);
  if (unknown !== undefined) fail(`${unknown.replace(/^endpoint: /, "")}.`);
  const { method, path, tags } = options as Record<string, unknown>;
  if (!METHODS.includes(method as EndpointMethod)) fail(`method must be one of ${METHODS.join(", ")}, got ${describeArgument(method)}.`);
  if (typeof path !== "string") fail(`path must be a string such as "/v0/items/{id}", got ${describeArgument(path)}.`);
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((item) => typeof item === "string"))) fail(`tags must be a list of strings, got ${describeArgument(tags)}.`);
}

/**
 * Makes `fn` a `GET` operation: its parameters come from the path and the query string.
 * @throws FuncflowError `invalid_modifier` for a malformed path.
 * @example export const greeting = get("/v0/greeting/{name}", (name: string): string => `Hello, ${name}`);
 */
export function get<F extends NodeFunction>(path: string, fn: F): F {
  return endpoint({ method: "GET", path }, fn);
}

/**
 * Makes `fn` a `POST` operation: its parameters come from the path and the JSON (or Arrow) body.
 * @throws FuncflowError `invalid_modifier` for a malformed path.
 * @example export const score = post("/v0/score", (features: number[], spendMean: number): number => …);
 */
export function post<F extends NodeFunction>(path: string, fn: F): F {
  return endpoint({ method: "POST", path }, fn);
}
