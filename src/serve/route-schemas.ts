/**
 * The Fastify route schemas of a service: request bodies per media type (JSON validated by the
 * schemas walked from the code, Arrow IPC checked column by column), responses and error bodies.
 * @fastify/swagger turns them into the OpenAPI 3.1 document.
 */
import type { JsonSchema } from "../schema/index.ts";
import { ARROW_STREAM } from "./arrow-wire.ts";
import { exampleValue } from "./example-value.ts";
import { TIMINGS_QUERY } from "./node-timings.ts";
import type { ServedOutput, ServicePlan } from "./service-plan.ts";

const ARROW_BODY = {
  type: "string",
  contentMediaType: ARROW_STREAM,
  description: "An Arrow IPC stream: one column per input (a scalar input is a one-row column; a table input a Struct column of its columns, or the whole stream when it is the one input).",
};
const ARROW_RESULT = { type: "string", contentMediaType: ARROW_STREAM, description: "The outputs as one Arrow IPC table (scalars repeated on every row)." };

/** The error body every failure uses (FastAPI's shape). */
export const ERROR_BODY: JsonSchema = {
  type: "object",
  properties: {
    detail: {
      type: "array",
      items: {
        type: "object",
        properties: {
          loc: { type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] }, description: "Where: the request part, then the path inside it." },
          msg: { type: "string" },
          type: { type: "string", description: "A machine-readable kind: missing, extra_forbidden, number_type, unknown_output, node_failed, …" },
        },
        required: ["loc", "msg", "type"],
      },
    },
    code: { type: "string", description: "funcflow's error code, when one caused the failure." },
  },
  required: ["detail"],
};

function errorResponses(extra: Readonly<Record<number, string>>): Record<number, object> {
  const statuses: Record<number, string> = {
    413: "The body is larger than the server's limit.",
    415: "The content type is neither JSON nor Arrow IPC.",
    422: "The request is invalid: every problem is listed with its location.",
    500: "A node failed; the message names it.",
    503: "The server is busy or shutting down.",
    504: "The request took longer than the server's time limit.",
    ...extra,
  };
  return Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, { description, content: { "application/json": { schema: ERROR_BODY } } }]));
}

function jsonAndArrow(schema: JsonSchema, arrow: object, example?: unknown): object {
  // @fastify/swagger moves a one-element `examples` to the media type's `example`.
  return { "application/json": { schema: example === undefined ? schema : { ...schema, examples: [example] } }, [ARROW_STREAM]: { schema: arrow } };
}

/** The body schema of `POST /outputs/<name>`: exactly the inputs it needs. */
export function outputBodySchema(output: ServedOutput, plan: ServicePlan): JsonSchema {
  const properties = Object.fromEntries(output.inputs.map((input) => [input, plan.inputs.get(input)!]));
  return { type: "object", properties, ...(output.required.length > 0 && { required: output.required }), additionalProperties: false };
}

/** The route schema of `POST /outputs/<name>`. */
export function outputRouteSchema(output: ServedOutput, plan: ServicePlan): object {
  const body = outputBodySchema(output, plan);
  return {
    summary: output.description?.split("\n")[0] ?? `Compute ${output.name}`,
    description: `${output.description ?? `The node ${output.name}.`}\n\nNeeds ${output.inputs.length === 0 ? "no inputs" : output.inputs.map((input) => `\`${input}\``).join(", ")}.`,
    operationId: `output_${output.name.replace(/[^A-Za-z0-9_]/g, "_")}`,
    tags: ["outputs"],
    querystring: { type: "object", properties: { timings: TIMINGS_QUERY }, additionalProperties: false },
    body: { content: jsonAndArrow(body, ARROW_BODY, exampleValue(body)) },
    response: {
      200: { description: `The value of ${output.name}.`, content: jsonAndArrow(output.schema, ARROW_RESULT) },
      ...errorResponses({}),
    },
  };
}

/** The body schema of `POST /execute` with JSON. */
export function executeBodySchema(plan: ServicePlan): JsonSchema {
  const outputs = [...plan.outputs.keys()];
  return {
    type: "object",
    properties: {
      outputs: { type: "array", items: { type: "string", examples: outputs.slice(0, 5) }, minItems: 1, description: `Nodes to compute: ${outputs.join(", ")}.` },
      inputs: { type: "object", properties: Object.fromEntries(plan.inputs), additionalProperties: false, description: "Values of the pipeline's inputs, by name." },
      overrides: { type: "object", properties: Object.fromEntries(plan.overrides), additionalProperties: false, description: "Values replacing nodes, by name: their upstream is not computed." },
    },
    required: ["outputs"],
    additionalProperties: false,
  };
}

/** The route schema of `POST /execute`. */
export function executeRouteSchema(plan: ServicePlan): object {
  const body = executeBodySchema(plan);
  const [first] = plan.outputs.values();
  const example = first === undefined ? undefined : { outputs: [first.name], inputs: exampleValue(outputBodySchema(first, plan)) };
  const results: JsonSchema = { type: "object", properties: Object.fromEntries([...plan.outputs].map(([name, output]) => [name, output.schema])), additionalProperties: false };
  return {
    summary: "Compute several outputs",
    description: "Computes the requested outputs from the inputs (and overrides), each node once. With an Arrow IPC body, name the outputs in the `outputs` query parameter.",
    operationId: "execute",
    tags: ["execute"],
    querystring: {
      type: "object",
      properties: { outputs: { type: "string", description: "Comma-separated outputs, for Arrow IPC bodies." }, timings: TIMINGS_QUERY },
      additionalProperties: false,
    },
    body: { content: jsonAndArrow(body, ARROW_BODY, example) },
    response: {
      200: { description: "The requested outputs, by name.", content: jsonAndArrow(results, ARROW_RESULT) },
      ...errorResponses({ 404: "An output the service does not serve; the message suggests the nearest." }),
    },
  };
}
