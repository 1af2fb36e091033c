/**
 * Per-node timings on demand: a request with `x-funcflow-timings: 1` (or `?timings`) gets one
 * `Server-Timing` entry per node it ran and a log line with the same figures. Requests without
 * it run the Driver's lean loop untouched.
 */
import type { FastifyRequest } from "fastify";

/** The request header that asks for per-node timings. */
export const TIMINGS_HEADER = "x-funcflow-timings";

/** The `?timings` query parameter of `/execute` and `/outputs/<name>`, as the OpenAPI document shows it. */
export const TIMINGS_QUERY = {
  type: "string",
  description: `Present (or \`1\`): the reply's \`Server-Timing\` header gets one entry per node, in the order they finished (the \`${TIMINGS_HEADER}: 1\` header does the same).`,
} as const;

const OFF = new Set(["0", "false", "no", "off"]);

/** True when the request asks for per-node timings, by header or query. */
export function wantsTimings(request: FastifyRequest): boolean {
  const header = request.headers[TIMINGS_HEADER];
  if (typeof header === "string") return !OFF.has(header.trim().toLowerCase());
  const query = (request.query as Record<string, unknown> | undefined)?.timings;
  return typeof query === "string" && !OFF.has(query.trim().toLowerCase());
}

// RFC 9110 token characters: a node name that is one becomes the entry's name as it is.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The `Server-Timing` value: `execute` for the Driver's whole run, then one entry per node
 * (`<node>;dur=…;desc="node"`; a name that is not a token goes in `desc`, quoted).
 * @example serverTiming(1.5, [["spendPerSignup", 0.02]]) // 'execute;dur=1.50, spendPerSignup;dur=0.020;desc="node"'
 */
export function serverTiming(executeMs: number, nodes?: readonly (readonly [string, number])[]): string {
  let value = `execute;dur=${executeMs.toFixed(2)}`;
  if (nodes === undefined) return value;
  for (const [node, ms] of nodes) {
    const entry = TOKEN.test(node) && node !== "execute" ? `${node};dur=${ms.toFixed(3)};desc="node"` : `node;dur=${ms.toFixed(3)};desc=${JSON.stringify(node)}`;
    value += `, ${entry}`;
  }
  return value;
}
