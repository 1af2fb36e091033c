/**
 * Operations declared by functions (`get`/`post`/`endpoint`): each is a node served at its own
 * method and path. Parameters named in the path come from the path, the others from the query
 * (GET) or the body; parameters that name nodes are computed by the DAG from those inputs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ENDPOINT_TAGS } from "../decorators/index.ts";
import { type NodeInfo } from "../graph/index.ts";
import { FuncflowError } from "../errors/index.ts";
import type { JsonSchema } from "../schema/index.ts";
import { ERROR_BODY } from "./route-schemas.ts";
import type { ServedOutput, ServicePlan } from "./service-plan.ts";
import { valueToJson } from "./value-to-json.ts";

/** One declared operation. */
export interface EndpointRoute {
  readonly node: string;
  readonly method: string;
  /** The path as declared (`/users/{id}`), and as fastify routes it (`/users/:id`). */
  readonly path: string;
  readonly routePath: string;
  readonly pathParams: readonly string[];
  readonly tags: readonly string[];
}

/**
 * The endpoints among `nodes`, checked against what each node needs.
 * @throws FuncflowError `invalid_modifier` when a path parameter is not an input the node needs,
 *   or two endpoints share a method and path.
 */
export function readEndpoints(nodes: readonly NodeInfo[], plan: ServicePlan): EndpointRoute[] {
  const routes: EndpointRoute[] = [];
  for (const node of nodes) {
    const method = node.tags[ENDPOINT_TAGS.method];
    const path = node.tags[ENDPOINT_TAGS.path];
    if (typeof method !== "string" || typeof path !== "string") continue;
    const served = plan.outputs.get(node.name);
    if (served === undefined) {
      const reason = plan.skipped.find((entry) => entry.name === node.name)?.reason ?? "it is not among the served outputs";
      throw new FuncflowError("invalid_modifier", `${node.name}: the endpoint ${method} ${path} cannot be served: ${reason}`, { node: node.name });
    }
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    const stray = pathParams.filter((param) => !served.inputs.includes(param));
    if (stray.length > 0) {
      throw new FuncflowError(
        "invalid_modifier",
        `${node.name}: the path ${path} names ${stray.map((name) => `{${name}}`).join(", ")}, which ${stray.length > 1 ? "are not inputs" : "is not an input"} it needs (it needs ${served.inputs.join(", ") || "none"}). Rename the path parameter or the function's parameter.`,
        { node: node.name, details: { path, stray } },
      );
    }
    const duplicate = routes.find((route) => route.method === method && route.path === path);
    if (duplicate !== undefined) {
      throw new FuncflowError("invalid_modifier", `${node.name}: ${method} ${path} is already the endpoint of ${duplicate.node}. Give each endpoint its own path.`, { node: node.name });
    }
    const tags = ([] as string[]).concat(node.tags[ENDPOINT_TAGS.tags] ?? ["endpoints"]);
    routes.push({ node: node.name, method, path, routePath: path.replace(/\{(\w+)\}/g, ":$1"), pathParams, tags });
  }
  return routes;
}

function objectOf(names: readonly string[], served: ServedOutput, plan: ServicePlan): JsonSchema {
  const required = served.required.filter((name) => names.includes(name));
  return {
    type: "object",
    properties: Object.fromEntries(names.map((name) => [name, plan.inputs.get(name)!])),
    ...(required.length > 0 && { required }),
    additionalProperties: false,
  };
}

/**
 * Registers every endpoint's route on `app`.
 * @param compute converts the validated JSON inputs (params, query or body) to their declared
 *   types and runs the Driver for one node under the server's gate (with Server-Timing when the request asks for timings).
 */
export function registerEndpoints(
  app: FastifyInstance,
  routes: readonly EndpointRoute[],
  plan: ServicePlan,
  compute: (node: string, given: Readonly<Record<string, unknown>>, request: FastifyRequest, reply: FastifyReply) => Promise<Readonly<Record<string, unknown>>>,
): void {
  for (const route of routes) {
    const served = plan.outputs.get(route.node)!;
    const rest = served.inputs.filter((name) => !route.pathParams.includes(name));
    const fromQuery = route.method === "GET" || route.method === "DELETE";
    const schema = {
      summary: served.description?.split("\n")[0] ?? route.node,
      description: `${served.description ?? ""}\n\nThe node \`${route.node}\`; nodes it reads are computed from the inputs.`.trim(),
      operationId: route.node.replace(/[^A-Za-z0-9_]/g, "_"),
      tags: route.tags,
      ...(route.pathParams.length > 0 && { params: objectOf(route.pathParams, served, plan) }),
      ...(fromQuery ? { querystring: objectOf(rest, served, plan) } : { body: objectOf(rest, served, plan) }),
      response: {
        200: { description: `The value of ${route.node}.`, content: { "application/json": { schema: served.schema } } },
        422: { description: "The request is invalid.", content: { "application/json": { schema: ERROR_BODY } } },
        500: { description: "A node failed.", content: { "application/json": { schema: ERROR_BODY } } },
      },
    };
    app.route({
      method: route.method as "GET",
      url: route.routePath,
      schema,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const given = { ...(request.params as object), ...((fromQuery ? request.query : request.body) as object) } as Record<string, unknown>;
        const record = await compute(route.node, given, request, reply);
        return valueToJson(record[route.node]);
      },
    });
  }
}


