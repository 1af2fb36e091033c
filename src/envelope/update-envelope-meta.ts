/** Tags and metrics: the only things that change after an envelope is saved. */
import { FuncflowError, invalidArgument, requirePlainRecord } from "../errors/index.ts";
import { requireEnvelopeReference, requireRegistry } from "./envelope-arguments.ts";
import type { EnvelopeMeta } from "./envelope-format.ts";
import { folderRegistry } from "./folder-registry.ts";
import type { Registry } from "./registry.ts";

/**
 * Sets tags (a value of `null` removes the tag) on the envelope `reference`; its id stays.
 * @throws FuncflowError `invalid_argument` for a tag value that is not a string or null; `envelope_not_found`, `envelope_tampered` (a damaged meta.json), `registry_invalid`.
 * @example await tagEnvelope("hello@1", { stage: "production" });
 */
export async function tagEnvelope(reference: string, tags: Readonly<Record<string, string | null>>, registry?: Registry | string): Promise<EnvelopeMeta> {
  requireEnvelopeReference("tagEnvelope", reference);
  requirePlainRecord("tagEnvelope", "tags", tags, `{ stage: "prod" } (null removes a tag)`);
  requireRegistry("tagEnvelope", registry);
  // A number or boolean here used to be saved as the tag's value, which registry lists compare as text.
  for (const [key, value] of Object.entries(tags)) {
    if (value !== null && typeof value !== "string") throw invalidArgument("tagEnvelope", `tags.${key}`, value, `a string such as "prod", or null to remove the tag`);
  }
  return change(reference, registry, (meta) => ({ ...meta, tags: merge(meta.tags, tags) }));
}

/**
 * Sets metrics (numbers; `null` removes one) on the envelope `reference`; its id stays.
 * @throws FuncflowError `invalid_argument` for a metric that is not a finite number, and as tagEnvelope.
 * @example await setEnvelopeMetrics("hello@1", { rmse: 0.12 });
 */
export async function setEnvelopeMetrics(reference: string, metrics: Readonly<Record<string, number | null>>, registry?: Registry | string): Promise<EnvelopeMeta> {
  requireEnvelopeReference("setEnvelopeMetrics", reference);
  requirePlainRecord("setEnvelopeMetrics", "metrics", metrics, `{ auc: 0.93 } (null removes a metric)`);
  requireRegistry("setEnvelopeMetrics", registry);
  for (const [key, value] of Object.entries(metrics)) {
    if (value !== null && !Number.isFinite(value)) throw new FuncflowError("invalid_argument", `metric "${key}": ${String(value)} is not a finite number. Give e.g. ${key}=0.93.`, { details: { metric: key } });
  }
  return change(reference, registry, (meta) => ({ ...meta, metrics: merge(meta.metrics, metrics) }));
}

async function change(reference: string, registry: Registry | string | undefined, update: (meta: EnvelopeMeta) => EnvelopeMeta): Promise<EnvelopeMeta> {
  const store = typeof registry === "object" ? registry : folderRegistry(registry);
  const entry = await store.resolve(reference);
  return store.updateMeta(entry.id, update);
}

function merge<T>(current: Readonly<Record<string, T>>, changes: Readonly<Record<string, T | null>>): Record<string, T> {
  const next: Record<string, T> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
