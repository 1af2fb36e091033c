/**
 * The Fastify app of a served pipeline: health and readiness, the OpenAPI document and Swagger UI,
 * `POST /execute` and one `POST /outputs/<name>` per served output, JSON or Arrow IPC both ways.
 */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Driver, ExecuteOptions, NodeValues } from "../driver/index.ts";
import { didYouMean, FuncflowError, invalidArgument, pickKeys, requireObjectWith, suggestNames, requireKnownRecord } from "../errors/index.ts";
import { loadPipelineSchemas, SCHEMA_CACHE_OPTION_KEYS, type JsonSchema } from "../schema/index.ts";
import { readArrowBody } from "./arrow-body.ts";
import { ARROW_STREAM, inputsFromArrow, outputsToArrow, wantsArrow, type ArrowInput } from "./arrow-wire.ts";
import { errorResponse, ServeRefusal, validationDetails, type ErrorDetail } from "./error-response.ts";
import { createRequestValidator, type ValidationIssue } from "./request-validator.ts";
import { createRequestGate, type RequestGate } from "./request-gate.ts";
import { readEndpoints, registerEndpoints } from "./endpoint-routes.ts";
import { executeRouteSchema, outputRouteSchema } from "./route-schemas.ts";
import { SERVE_DEFAULTS, SERVE_OPTION_KEYS, type ServeOptions } from "./serve-options.ts";
import { planService, type ServicePlan } from "./service-plan.ts";
import { compileValueFromJson, type ValueConverter } from "./values-from-json.ts";
import { jsonText, valueToJson } from "./value-to-json.ts";
import { serverTiming, wantsTimings } from "./node-timings.ts";

const JSON_TYPE = "application/json; charset=utf-8";

interface ExecuteBody {
  readonly outputs: readonly string[];
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/** What a handler needs besides the request. */
interface Service {
  readonly driver: Driver;
  readonly plan: ServicePlan;
  readonly gate: RequestGate;
  readonly arrowInputs: ReadonlyMap<string, ArrowInput>;
  /** JSON values to declared types, decided once per input and override. */
  readonly inputConverters: ReadonlyMap<string, ValueConverter | undefined>;
  readonly overrideConverters: ReadonlyMap<string, ValueConverter | undefined>;
  readonly state: { closing: boolean };
  /** Sets the reply's request id (and `connection: close` during shutdown). */
  readonly stamp: (request: FastifyRequest, reply: FastifyReply) => void;
}

/**
 * The app for `driver`, routes registered and ready to `listen`.
 * @throws FuncflowError `invalid_argument` when `driver` is not a built Driver or an option has the wrong type.
 * @throws FuncflowError `unknown_output` or `unsupported_type` for an asked-for output that cannot be served;
 *   `invalid_argument` for options that are not an object, or a bodyLimit, concurrency, queue or
 *   timeoutMs that is not a whole number in range.
 * @example const app = await createServeApp(driver, { outputs: ["spendPerSignup"] }); await app.listen({ port: 0 });
 */
export async function createServeApp(driver: ServableDriver, options: ServeOptions = {}): Promise<FastifyInstance> {
  checkServeArguments("createServeApp", driver, options, SERVE_OPTION_KEYS);
  return buildServeApp(driver, options);
}

/**
 * A built Driver, with any result builder: the routes reply one value per output, so they run
 * it for its record of outputs (`withResultBuilder(arrowTableResult)` still shapes the Driver's
 * own `execute`, e.g. in a route added to the app).
 */
export type ServableDriver = Driver<NodeValues, unknown>;

/** The Driver the routes run: `driver` returning its record of outputs. */
function recordDriver(driver: ServableDriver): Driver {
  // A stand-in without the method (an older build, a test double) is run as it is.
  const withRecord = driver as Partial<Pick<ServableDriver, "recordResults">>;
  return (typeof withRecord.recordResults === "function" ? withRecord.recordResults.call(driver) : driver) as Driver;
}

/**
 * createServeApp once `checkServeArguments` has passed: how `serve` builds its app without the
 * driver and options being checked a second time under another function's name. Keys of
 * `options` that are not ServeOptions' are ignored.
 */
export async function buildServeApp(servable: ServableDriver, options: ServeOptions): Promise<FastifyInstance> {
  const driver = recordDriver(servable);
  const schemas = options.schemas ?? (await loadPipelineSchemas(driver.listNodes(), pickKeys(options, SCHEMA_CACHE_OPTION_KEYS)));
  const plan = planService(driver, schemas, options.outputs);
  const verbose = options.verbose ?? false;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? SERVE_DEFAULTS.bodyLimit,
    logger: options.logLevel === false ? false : { level: options.logLevel ?? "info", ...(options.logStream && { stream: options.logStream }) },
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    return503OnClosing: true,
  });
  const validator = createRequestValidator();
  const urlValidator = createRequestValidator({ urlText: true });
  app.setValidatorCompiler(({ schema, contentType, httpPart }) => {
    if (contentType === ARROW_STREAM) return () => true;
    const chosen = httpPart === "querystring" || httpPart === "params" ? urlValidator : validator;
    return chosen.compile(schema as object) as (data: unknown) => boolean;
  });
  // Response schemas document the operations; values are made JSON-safe before they are sent.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser(ARROW_STREAM, (request, payload, done) => readArrowBody(request, payload as Readable, done));
  const state = { closing: false };
  /** Every reply carries its request's id; during shutdown it also closes its keep-alive connection. */
  const stamp = (request: FastifyRequest, reply: FastifyReply): void => {
    reply.header("x-request-id", request.id);
    // A keep-alive connection busy when shutdown began would otherwise hold the close open until it times out.
    if (state.closing) reply.header("connection", "close");
  };
  app.setErrorHandler((error: Error & { validation?: ValidationIssue[]; validationContext?: string }, request, reply) => {
    stamp(request, reply);
    if (error.validation !== undefined) return reply.code(422).send({ detail: explainOverrides(validationDetails(error.validation, error.validationContext ?? "body"), plan) });
    const { status, body } = errorResponse(error, verbose);
    if (status >= 500) request.log.error({ err: error, code: body.code }, "request failed");
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    stamp(request, reply);
    reply.code(404).send(notFound(request.url, plan));
  });
  // The computing routes stamp their replies themselves (see registerRoutes); every other route,
  // the plugins' included, gets a route-level onSend hook. No app-wide hook: fastify runs one on
  // every reply, and on the hot path its runner was measurable.
  const stampOnSend = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void => {
    stamp(request, reply);
    done(null, payload);
  };
  app.addHook("onRoute", (route) => {
    if ((route.config as { stamped?: boolean } | undefined)?.stamped) return;
    route.onSend = route.onSend === undefined ? [stampOnSend] : [...(Array.isArray(route.onSend) ? route.onSend : [route.onSend]), stampOnSend];
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: options.title ?? "funcflow service",
        version: "1.0.0",
        description: `Outputs of a funcflow pipeline: ${[...plan.outputs.keys()].join(", ")}. Schemas are read from the TypeScript types; descriptions from the doc comments.`,
      },
      tags: [
        { name: "outputs", description: "One operation per served output, taking exactly the inputs it needs." },
        { name: "execute", description: "Several outputs at once." },
        { name: "endpoints", description: "Operations declared by functions (get, post, endpoint)." },
        { name: "operations", description: "Health and readiness." },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  const service: Service = {
    driver,
    plan,
    gate: createRequestGate(gateOptions(options)),
    stamp,
    arrowInputs: arrowInputsOf(plan, validator),
    inputConverters: convertersOf(plan.inputs),
    overrideConverters: convertersOf(plan.overrides),
    state,
  };
  app.addHook("preClose", async () => {
    service.state.closing = true;
  });
  registerRoutes(app, service, plan);
  const endpoints = readEndpoints(driver.listNodes(), plan);
  registerEndpoints(app, endpoints, plan, (node, given, request, reply) => compute(service, [node], convert(given, service.inputConverters), undefined, request, reply));
  for (const { name, reason } of plan.skipped) app.log.warn({ output: name }, `not served: ${reason}`);
  if (plan.notOverridable.size > 0) {
    const names = [...plan.notOverridable.keys()];
    app.log.info({ nodes: names }, `not overridable over HTTP (their types have no JSON schema): ${names.join(", ")}`);
  }
  return app;
}

/**
 * A request overriding a node whose type has no JSON schema meets the body schema's closed
 * `overrides` object; the plain "extra field" message would hide that the field is a real node.
 */
function explainOverrides(details: readonly ErrorDetail[], plan: ServicePlan): ErrorDetail[] {
  return details.map((detail) => {
    const [part, field, name] = detail.loc;
    const reason = part === "body" && field === "overrides" && detail.type === "extra_forbidden" && typeof name === "string" ? plan.notOverridable.get(name) : undefined;
    if (reason === undefined) return detail;
    return { ...detail, msg: `Extra field not permitted: "${name}" is a node, but its type has no JSON schema, so it cannot be overridden over HTTP: ${reason}` };
  });
}

function registerRoutes(app: FastifyInstance, service: Service, plan: ServicePlan): void {
  const operations = { tags: ["operations"] };
  app.get("/healthz", { schema: { ...operations, summary: "Liveness", response: { 200: { type: "object", properties: { status: { type: "string" } } } } } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { ...operations, summary: "Readiness: the Driver is built and the server is not shutting down" } }, async (_request, reply) =>
    service.state.closing ? reply.code(503).send({ status: "closing" }) : { status: "ready", outputs: [...plan.outputs.keys()] },
  );
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  const stamped = { stamped: true };
  // Stamped when the reply is ready, not when the request came: shutdown may begin in between.
  app.post("/execute", { schema: executeRouteSchema(plan), config: stamped }, async (request, reply) => {
    const result = await executeHandler(service, request, reply);
    service.stamp(request, reply);
    return result;
  });
  for (const output of plan.outputs.values()) {
    const outputs = [output.name];
    // Planned once for requests giving every input the operation takes (optional ones included),
    // as most do; a request leaving an optional input out, or asking for timings, goes through execute.
    const prepared = service.driver.prepare(outputs, { inputs: output.inputs });
    const send = (request: FastifyRequest, reply: FastifyReply, record: Readonly<Record<string, unknown>>): void => {
      service.stamp(request, reply);
      if (wantsArrow(request.headers.accept)) sendArrow(reply, record, outputs);
      // Serialized here, typed as JSON: fastify sends the string as it is, skipping its
      // per-reply serializer lookup by status and content type.
      else reply.type(JSON_TYPE).send(jsonText(record[output.name]));
    };
    // Not an async handler and no promise returned: fastify would chain one more on it per request.
    // The reply is sent when the computation settles; a failure goes to the error handler.
    app.post(`/outputs/${output.name}`, { schema: outputRouteSchema(output, plan), config: stamped }, (request, reply) => {
      let computing: Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>;
      try {
        const inputs = readInputs(service, request, output.inputs, output.required);
        computing =
          hasEvery(inputs, output.inputs) && !wantsTimings(request)
            ? (service.gate.runNow(() => prepared.run(inputs)) as Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>)
            : compute(service, outputs, inputs, undefined, request, reply);
        // A pipeline of sync nodes computed in place: no promise, no microtask before the reply.
        if (!(computing instanceof Promise)) {
          send(request, reply, computing);
          return;
        }
      } catch (error) {
        reply.send(error);
        return;
      }
      computing.then(
        (record) => {
          try {
            send(request, reply, record);
          } catch (error) {
            reply.send(error);
          }
        },
        (error: unknown) => void reply.send(error),
      );
    });
  }
}

async function executeHandler(service: Service, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const arrow = Buffer.isBuffer(request.body);
  const body = arrow ? undefined : (request.body as ExecuteBody);
  const outputs = arrow ? outputsFromQuery(request) : body!.outputs;
  checkServed(outputs, service.plan);
  const inputs = arrow ? inputsFromArrow(request.body as Buffer, service.arrowInputs, []) : convert(body!.inputs ?? {}, service.inputConverters);
  const overrides = convert(body?.overrides ?? {}, service.overrideConverters);
  const record = await compute(service, outputs, inputs, overrides, request, reply);
  if (wantsArrow(request.headers.accept)) return sendArrow(reply, record, outputs);
  return Object.fromEntries(outputs.map((name) => [name, valueToJson(record[name])]));
}

/**
 * Runs the Driver under the gate. A request that asks for timings gets a Server-Timing header
 * (the Driver's total and one entry per node) and a log line; the others pay for no clock reads,
 * no timing callbacks and no header (fastify's request log already has each request's time).
 */
function compute(
  service: Service,
  outputs: readonly string[],
  inputs: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Readonly<Record<string, unknown>>> {
  // Only the options a request uses: the Driver checks and keys its plan cache on each one given.
  const options: ExecuteOptions = overrides === undefined || Object.keys(overrides).length === 0 ? { inputs } : { inputs, overrides };
  if (!wantsTimings(request)) return service.gate.run(() => service.driver.execute(outputs, options) as Promise<Record<string, unknown>>);
  const nodes: [string, number][] = [];
  const timed: ExecuteOptions = { ...options, onNodeTimed: (node: string, ms: number) => void nodes.push([node, ms]) };
  const started = performance.now();
  // A plain promise chain, not async/await: every await on this path is a microtask per request.
  return service.gate
    .run(() => service.driver.execute(outputs, timed) as Promise<Record<string, unknown>>)
    .then((record) => {
      const executeMs = performance.now() - started;
      reply.header("server-timing", serverTiming(executeMs, nodes));
      request.log.info({ executeMs, nodeTimings: Object.fromEntries(nodes) }, "node timings");
      return record;
    });
}

function readInputs(service: Service, request: FastifyRequest, accepted: readonly string[], required: readonly string[]): Record<string, unknown> {
  if (Buffer.isBuffer(request.body)) {
    const allowed = new Map(accepted.map((name) => [name, service.arrowInputs.get(name)!]));
    return inputsFromArrow(request.body, allowed, required);
  }
  return convert((request.body ?? {}) as Record<string, unknown>, service.inputConverters);
}

function hasEvery(record: Readonly<Record<string, unknown>>, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if (!Object.hasOwn(record, names[i]!)) return false;
  return true;
}

/** Validated JSON values converted by the converters compiled at start-up (a name without one passes as it is). */
function convert(values: Readonly<Record<string, unknown>>, converters: ReadonlyMap<string, ValueConverter | undefined>): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const name of Object.keys(values)) {
    const converter = converters.get(name);
    converted[name] = converter === undefined ? values[name] : converter(values[name]);
  }
  return converted;
}

function convertersOf(schemas: ReadonlyMap<string, JsonSchema>): Map<string, ValueConverter | undefined> {
  return new Map([...schemas].map(([name, schema]) => [name, compileValueFromJson(schema)]));
}

/** The outputs as Arrow IPC, written chunk by chunk: the columns' buffers go to the socket as they are. */
function sendArrow(reply: FastifyReply, record: Readonly<Record<string, unknown>>, outputs: readonly string[]): FastifyReply {
  const { chunks, byteLength } = outputsToArrow(record, outputs);
  return reply.type(ARROW_STREAM).header("content-length", byteLength).send(Readable.from(chunks, { objectMode: false }));
}

function outputsFromQuery(request: FastifyRequest): string[] {
  const text = (request.query as { outputs?: string }).outputs;
  const outputs = text?.split(",").map((name) => name.trim()).filter((name) => name !== "") ?? [];
  if (outputs.length === 0) {
    throw new ServeRefusal(422, [{ loc: ["query", "outputs"], msg: "Name the outputs to compute, e.g. ?outputs=spendPerSignup (an Arrow body carries only inputs).", type: "missing" }]);
  }
  return outputs;
}

/** Every requested output must be served: the nearest served names are suggested. */
function checkServed(outputs: readonly string[], plan: ServicePlan): void {
  const unknown = outputs.filter((name) => !plan.outputs.has(name));
  if (unknown.length === 0) return;
  const [first] = unknown;
  const skipped = plan.skipped.find((entry) => entry.name === first);
  const suggestion = suggestNames(first!, plan.outputs.keys());
  throw new FuncflowError(
    "unknown_output",
    skipped !== undefined
      ? `execute: "${first}" is not served: ${skipped.reason}`
      : `execute: unknown output${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => `"${name}"`).join(", ")}${didYouMean(suggestion)}. Served outputs: ${[...plan.outputs.keys()].join(", ")}.`,
    { node: first, suggestion, details: { unknown } },
  );
}

function notFound(url: string, plan: ServicePlan): object {
  const path = url.split("?")[0]!;
  const output = /^\/outputs\/([^/]+)$/.exec(path)?.[1];
  if (output !== undefined) {
    const suggestion = suggestNames(decodeURIComponent(output), plan.outputs.keys());
    return { detail: [{ loc: ["path", "name"], msg: `Unknown output "${output}"${didYouMean(suggestion)}. Served outputs: ${[...plan.outputs.keys()].join(", ")}.`, type: "unknown_output", suggestion }], code: "unknown_output" };
  }
  return { detail: [{ loc: ["path"], msg: `No operation at ${path}. See /docs or /openapi.json for the operations.`, type: "not_found" }] };
}

function arrowInputsOf(plan: ServicePlan, validator: ReturnType<typeof createRequestValidator>): Map<string, ArrowInput> {
  return new Map([...plan.inputs].map(([name, schema]) => [name, { schema, validate: validator.compile(schema as object) }]));
}

/**
 * The arguments of `where` (serve or createServeApp), checked before anything starts. The numeric
 * limits too: a timeoutMs that is not a number would make every deadline NaN (each request
 * answered 504 at once), a string concurrency would compare as text.
 */
export function checkServeArguments(where: string, driver: unknown, options: ServeOptions, known: readonly string[]): void {
  requireObjectWith(where, "driver", driver, ["listNodes", "execute"], "a built Driver (await builder.build())");
  requireKnownRecord(where, "options", options as unknown, known, "{ port: 8080 }");
  const limits = [
    ["bodyLimit", 1, "bytes"],
    ["concurrency", 1, "requests"],
    ["queue", 0, "requests"],
    ["timeoutMs", 1, "milliseconds"],
  ] as const;
  for (const [key, least, unit] of limits) {
    const value = options[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= least)) throw invalidArgument(where, key, value, `a whole number of ${unit}, at least ${least}`);
  }
}

function gateOptions(options: ServeOptions): { concurrency: number; queue: number; timeoutMs: number } {
  return {
    concurrency: options.concurrency ?? SERVE_DEFAULTS.concurrency,
    queue: options.queue ?? SERVE_DEFAULTS.queue,
    timeoutMs: options.timeoutMs ?? SERVE_DEFAULTS.timeoutMs,
  };
}
