/**
 * `loadEnvelope`: a verified envelope as a built Driver, from its bundle and manifests alone (no
 * source tree, no scanner, no TypeScript loader), with a warning when the environment drifted.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Builder, type Driver, type PrebuiltModule } from "../driver/index.ts";
import { FuncflowError, optionKeys, requireName, requireOptions } from "../errors/index.ts";
import type { ModuleManifest } from "../manifest/index.ts";
import type { Config } from "../graph/index.ts";
import type { NodeExecutor } from "../executors/index.ts";
import { funcflowVersion } from "./capture-environment.ts";
import { bundledModuleResolver } from "./bundled-module-resolver.ts";
import { ENVELOPE_FILES, ENVELOPE_FORMAT_VERSION, READABLE_ENVELOPE_FORMATS, type EnvelopeEnvironment, type EnvelopeManifest, type EnvelopeMeta, type EnvelopeModule, type EnvelopeSchema } from "./envelope-format.ts";
import { envelopeBundleUrl, envelopeModuleUrl } from "./envelope-urls.ts";
import { readExampleValues } from "./example-values.ts";
import { locateEnvelope } from "./open-envelope.ts";
import type { Registry, RegistryEntry } from "./registry.ts";
import { installSharedModules } from "./shared-modules.ts";
import { verifyEnvelope } from "./verify-envelope.ts";

/** How to load. */
export interface LoadEnvelopeOptions {
  /** A Registry or a registry folder; default `.funcflow/registry`. */
  readonly registry?: Registry | string;
  /** Called with each drift between the saving and the loading environment; default `process.emitWarning`. */
  readonly onDrift?: (message: string) => void;
  /** The runtime compared with the saving one; default this process (to check a target ahead of time). */
  readonly runtime?: { readonly node?: string; readonly funcflow?: string; readonly platform?: string; readonly arch?: string };
  /** Where the nodes run, as `Builder.withExecutor` (e.g. `bullmqExecutor`: workers started from the same envelope); `driver.close()` closes it. */
  readonly executor?: NodeExecutor;
}

/** The keys of LoadEnvelopeOptions, checked against the interface by the compiler. */
export const LOAD_ENVELOPE_OPTION_KEYS = optionKeys<LoadEnvelopeOptions>({ registry: true, onDrift: true, runtime: true, executor: true });

/** A loaded, verified envelope. */
export interface LoadedEnvelope {
  readonly id: string;
  readonly dir: string;
  /** The registry entry, when it was found through a registry. */
  readonly entry: RegistryEntry | undefined;
  readonly manifest: EnvelopeManifest;
  readonly schema: EnvelopeSchema;
  readonly environment: EnvelopeEnvironment;
  readonly meta: EnvelopeMeta;
  /** The pipeline, built under the saved config. */
  readonly driver: Driver;
  /** How this environment differs from the saving one (also reported through `onDrift`). */
  readonly drift: readonly string[];
  /** Runs the envelope's outputs (all by default) on `inputs`. */
  execute(inputs: Readonly<Record<string, unknown>>, outputs?: readonly string[]): Promise<Record<string, unknown>>;
  /** The example inputs and outputs saved with it (empty when none were given). */
  examples(): Promise<{ inputs: Record<string, unknown>; outputs: Record<string, unknown> }>;
}

/**
 * Loads the envelope `reference` (a folder, an id or prefix, `name`, `name@version`).
 * @throws FuncflowError `invalid_argument` for a reference that is not a non-empty string or
 *   options that are not an object; `envelope_not_found`, `envelope_tampered` (the content does not hash to
 *   its id), `envelope_invalid` (another format version, an unreadable bundle), `registry_invalid`.
 * @example const envelope = await loadEnvelope("hello@1"); await envelope.execute({ spend, signups });
 */
export async function loadEnvelope(reference: string, options: LoadEnvelopeOptions = {}): Promise<LoadedEnvelope> {
  requireName("loadEnvelope", "reference", reference, `"features@1", an envelope id or an envelope folder`);
  requireOptions("loadEnvelope", "options", options, LOAD_ENVELOPE_OPTION_KEYS, `{ registry: ".funcflow/registry" }`);
  const location = await locateEnvelope(reference, options.registry);
  const meta = await verifyEnvelope(location.dir, location.id);
  const content = join(location.dir, ENVELOPE_FILES.content);
  const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(join(content, file), "utf8")) as T;
  const [manifest, schema, environment] = await Promise.all([
    readJson<EnvelopeManifest>(ENVELOPE_FILES.manifest),
    readJson<EnvelopeSchema>(ENVELOPE_FILES.schema),
    readJson<EnvelopeEnvironment>(ENVELOPE_FILES.environment),
  ]);
  if (!READABLE_ENVELOPE_FORMATS.includes(manifest.formatVersion)) {
    throw new FuncflowError("envelope_invalid", `${location.dir}: envelope format ${manifest.formatVersion}, but this funcflow reads formats ${READABLE_ENVELOPE_FORMATS.join(" and ")} (it saves format ${ENVELOPE_FORMAT_VERSION}). Load it with the funcflow version that saved it (${environment.funcflow}).`, {
      details: { envelope: location.dir },
    });
  }
  const drift = driftOf(environment, options.runtime ?? {});
  const warn = options.onDrift ?? ((message: string) => process.emitWarning(message, { code: "FUNCFLOW_ENVELOPE_DRIFT" }));
  for (const message of drift) warn(`envelope ${manifest.name} (${meta.id.slice(0, 12)}): ${message}`);
  const driver = await buildDriver(location.dir, manifest, meta.id, options.executor);
  return {
    id: meta.id,
    dir: location.dir,
    entry: location.entry,
    manifest,
    schema,
    environment,
    meta: { tags: meta.tags, metrics: meta.metrics },
    driver,
    drift,
    execute: async (inputs, outputs = manifest.outputs) => (await driver.execute([...outputs], { inputs: { ...inputs } })) as Record<string, unknown>,
    examples: async () => ({
      inputs: await readExampleValues(join(content, ENVELOPE_FILES.examples), manifest.examples.inputs),
      outputs: await readExampleValues(join(content, ENVELOPE_FILES.examples), manifest.examples.outputs),
    }),
  };
}

async function buildDriver(dir: string, manifest: EnvelopeManifest, id: string, executor: NodeExecutor | undefined): Promise<Driver> {
  await installSharedModules();
  let bundle: Readonly<Record<string, object>>;
  try {
    bundle = (await import(envelopeBundleUrl(dir, id))) as Readonly<Record<string, object>>;
  } catch (error) {
    throw new FuncflowError("envelope_invalid", `${dir}: importing the envelope's bundle failed: ${error instanceof Error ? error.message : String(error)}. The runtime may lack a package the bundle shares (${manifest.shared.join(", ")}).`, {
      cause: error,
      details: { envelope: dir },
    });
  }
  // The stable URL lets a remote worker started from this envelope find each node's function.
  const prebuilt = (module: EnvelopeModule): PrebuiltModule<object> => ({ module: bundle[module.exportName]!, manifest: module.manifest as ModuleManifest, name: module.source, url: envelopeModuleUrl(id, module.source) });
  const modules = manifest.modules.map(prebuilt);
  // The modules subdags and listed functions name come from the bundle too, never from files.
  const bundled = [...modules, ...(manifest.buildModules ?? []).map(prebuilt)];
  const resolver = bundledModuleResolver({ dir, id, name: manifest.name, formatVersion: manifest.formatVersion, modules: bundled });
  const built = new Builder().withModules(...modules).withConfig(manifest.config as Config).withManifestCache(false).withModuleResolver(resolver);
  const builder = manifest.moduleOverrides === true ? built.allowModuleOverrides() : built;
  return (executor === undefined ? builder : builder.withExecutor(executor)).build();
}

/** What differs from the saving environment in ways that can change results. */
function driftOf(saved: EnvelopeEnvironment, runtime: NonNullable<LoadEnvelopeOptions["runtime"]>): string[] {
  const node = runtime.node ?? process.version;
  const funcflow = runtime.funcflow ?? funcflowVersion();
  const platform = `${runtime.platform ?? process.platform}-${runtime.arch ?? process.arch}`;
  const drift: string[] = [];
  const major = (version: string): string => version.replace(/^v/, "").split(".")[0]!;
  if (major(saved.node) !== major(node)) drift.push(`saved with Node ${saved.node}, running on ${node}`);
  if (saved.funcflow !== funcflow) drift.push(`saved with funcflow ${saved.funcflow}, running ${funcflow}`);
  if (`${saved.platform}-${saved.arch}` !== platform) drift.push(`saved on ${saved.platform}-${saved.arch}, running on ${platform}`);
  return drift;
}
