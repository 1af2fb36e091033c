// Envelopes: a pipeline saved with its schema, examples and environment, verified by its content hash, kept in a registry, deployed as a service or a batch job.
export { saveEnvelope } from "./save-envelope.ts";
export type { SaveEnvelopeOptions, SavedEnvelope } from "./save-envelope.ts";
export { loadEnvelope } from "./load-envelope.ts";
export type { LoadEnvelopeOptions, LoadedEnvelope } from "./load-envelope.ts";
export { verifyEnvelope } from "./verify-envelope.ts";
export { locateEnvelope } from "./open-envelope.ts";
export type { EnvelopeLocation } from "./open-envelope.ts";
export { tagEnvelope, setEnvelopeMetrics } from "./update-envelope-meta.ts";
export { folderRegistry, DEFAULT_REGISTRY } from "./folder-registry.ts";
export type { Registry, RegistryEntry, RegistryFilter } from "./registry.ts";
export { checkEnvelopeName } from "./envelope-name.ts";
export { provideSharedModules, SHARED_SPECIFIERS } from "./shared-modules.ts";
export type { SharedModuleLoaders } from "./shared-modules.ts";
export { ENVELOPE_FILES, ENVELOPE_FORMAT_VERSION } from "./envelope-format.ts";
export type { EnvelopeManifest, EnvelopeSchema, EnvelopeEnvironment, EnvelopeMeta, EnvelopeModule, ExampleFile, SchemaSource } from "./envelope-format.ts";
export { runBatch } from "./run-batch.ts";
export type { BatchOptions, InferenceLogLine } from "./run-batch.ts";
export { serveEnvelope, envelopeNodeSchemas } from "./serve-envelope.ts";
