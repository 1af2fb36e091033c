/**
 * `serveEnvelope`: an envelope as an HTTP service (funcflow/serve), its request and response
 * schemas taken from the envelope, so no source tree or TypeScript checker is needed.
 */
import type { NodeSchema } from "../schema/index.ts";
import type { RunningService, ServeOptions } from "../serve/index.ts";
import { loadEnvelope, LOAD_ENVELOPE_OPTION_KEYS, type LoadedEnvelope, type LoadEnvelopeOptions } from "./load-envelope.ts";
import { requireLoadedEnvelope } from "./envelope-arguments.ts";
import { pickKeys, rejectUnknownKeys, requireOptionalRecord } from "../errors/index.ts";

/**
 * Serves the envelope `envelope` (a reference or a loaded envelope) until closed.
 * @throws FuncflowError `invalid_argument` when `envelope` is neither a reference nor a loaded envelope, or `options` is not a plain object.
 * @throws FuncflowError from loadEnvelope; the listen error as it is.
 * @example const service = await serveEnvelope("hello@1", { port: 0 });
 */
export async function serveEnvelope(envelope: string | LoadedEnvelope, options: ServeOptions & LoadEnvelopeOptions & { readonly handleSignals?: boolean } = {}): Promise<RunningService & { readonly envelope: LoadedEnvelope }> {
  if (typeof envelope !== "string") requireLoadedEnvelope("serveEnvelope", "envelope", envelope);
  requireOptionalRecord("serveEnvelope", "options", options, "{ port: 8080 }");
  // Imported here, not at the top: funcflow/envelope must not load fastify until something is served.
  const { serve, SERVE_OPTION_KEYS } = await import("../serve/index.ts");
  rejectUnknownKeys("serveEnvelope", "options", options, [...SERVE_OPTION_KEYS, ...LOAD_ENVELOPE_OPTION_KEYS, "handleSignals"]);
  const loadOptions = pickKeys(options, LOAD_ENVELOPE_OPTION_KEYS);
  const loaded = typeof envelope === "string" ? await loadEnvelope(envelope, loadOptions) : envelope;
  const service = await serve(loaded.driver, {
    ...pickKeys(options, [...SERVE_OPTION_KEYS, "handleSignals"]),
    outputs: options.outputs ?? loaded.manifest.outputs,
    schemas: envelopeNodeSchemas(loaded),
    title: options.title ?? `${loaded.manifest.name}${loaded.entry === undefined ? "" : `@${loaded.entry.version}`} (envelope ${loaded.id.slice(0, 12)})`,
  });
  return { ...service, envelope: loaded };
}

/** The envelope's saved schemas in the shape the service reads. */
export function envelopeNodeSchemas(loaded: LoadedEnvelope): ReadonlyMap<string, NodeSchema> {
  requireLoadedEnvelope("envelopeNodeSchemas", "loaded", loaded);
  const kinds = new Map(loaded.driver.listNodes().map((node) => [node.name, node.kind]));
  const schemas = new Map<string, NodeSchema>();
  for (const [name, { schema }] of Object.entries(loaded.schema.inputs)) schemas.set(name, { name, kind: kinds.get(name) ?? "input", schema, problem: undefined });
  for (const [name, { schema }] of Object.entries(loaded.schema.outputs)) schemas.set(name, { name, kind: kinds.get(name) ?? "function", schema, problem: undefined });
  return schemas;
}
