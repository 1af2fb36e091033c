/**
 * Worker code from an envelope: a `funcflow worker` on a machine without the pipeline's source
 * runs the envelope's bundle. Envelope modules have stable URLs, `funcflow-envelope://<id>/<source>`,
 * which a Driver loaded from the same envelope also gives its nodes: a job then names its module
 * exactly, and the code versions on both sides come from the same saved manifests.
 */
import { requireOptions } from "../errors/index.ts";
import type { CodeMismatch, WorkerCode, WorkerFunction } from "../bullmq/index.ts";
import type { ModuleAddress } from "../executors/index.ts";
import { readNodeMetadata, type NodeFunction } from "../graph/index.ts";
import type { ModuleManifest } from "../manifest/index.ts";
import { ENVELOPE_URL_SCHEME, envelopeBundleUrl, envelopeModuleUrl } from "./envelope-urls.ts";
import { folderRegistry } from "./folder-registry.ts";
import { loadEnvelope, LOAD_ENVELOPE_OPTION_KEYS, type LoadEnvelopeOptions } from "./load-envelope.ts";

/** A module of the envelope, ready to serve jobs. */
interface EnvelopeModuleCode {
  readonly source: string;
  readonly url: string;
  readonly namespace: Readonly<Record<string, unknown>>;
  readonly versions: ReadonlyMap<string, string | undefined>;
}

/**
 * Loads an envelope (verified, from its bundle alone) as the code of a worker: pass the result
 * as `startWorker({ code })`, or use `startWorker({ envelope })` / `funcflow worker <envelope>`.
 * A job from a Driver loaded from the same envelope runs; a job from another envelope is refused
 * (`version_mismatch` naming both); a job from a Driver built from source runs when its module
 * path ends like an envelope module's and its code version matches.
 * @throws FuncflowError `envelope_not_found`, `envelope_tampered`, `envelope_invalid`, `registry_invalid`.
 * @example const worker = await startWorker({ connection, code: await envelopeWorkerCode("features@1") });
 */
export async function envelopeWorkerCode(reference: string, options: LoadEnvelopeOptions = {}): Promise<WorkerCode & { readonly envelope: { readonly id: string; readonly name: string; readonly version: number | undefined } }> {
  requireOptions("envelopeWorkerCode", "options", options, LOAD_ENVELOPE_OPTION_KEYS, `{ registry: ".funcflow/registry" }`);
  const envelope = await loadEnvelope(reference, options);
  // Already imported by loadEnvelope under this URL: the same module instance.
  const bundle = (await import(envelopeBundleUrl(envelope.dir, envelope.id))) as Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  // The modules subdags and listed functions load while building hold nodes too.
  const modules: EnvelopeModuleCode[] = [...envelope.manifest.modules, ...(envelope.manifest.buildModules ?? [])].map((module) => ({
    source: module.source,
    url: envelopeModuleUrl(envelope.id, module.source),
    namespace: bundle[module.exportName]!,
    versions: new Map((module.manifest as ModuleManifest).functions.map((fn) => [fn.exportName, fn.codeVersion])),
  }));
  const version = envelope.entry?.version;
  const label = `envelope ${envelope.manifest.name}${version === undefined ? "" : `@${version}`} (${envelope.id.slice(0, 12)})`;
  const known = await knownEnvelopes(options.registry);
  const labelOf = (id: string) => (known.has(id) ? `envelope ${known.get(id)} (${id.slice(0, 12)})` : `envelope ${id.slice(0, 12)}`);
  return {
    envelope: { id: envelope.id, name: envelope.manifest.name, version },
    modules: [`${label}: ${modules.map((module) => module.source).join(", ")}`],
    resolve(address: ModuleAddress): WorkerFunction | CodeMismatch {
      let module: EnvelopeModuleCode | undefined;
      if (address.url.startsWith(ENVELOPE_URL_SCHEME)) {
        const id = new URL(address.url).host;
        if (id !== envelope.id) return { mismatch: { driver: labelOf(id), worker: label } };
        module = modules.find((candidate) => candidate.url === address.url);
      } else {
        module = longestEnding(modules, address.url);
      }
      if (module === undefined) throw new Error(`${label} has no module for ${address.url}; it holds ${modules.map((candidate) => candidate.source).join(", ")}`);
      const exported = module.namespace[address.exportName];
      if (typeof exported !== "function") throw new Error(`${label}: ${module.source} has no exported function "${address.exportName}"`);
      return { fn: readNodeMetadata(exported as NodeFunction).fn as (...args: unknown[]) => unknown, codeVersion: module.versions.get(address.exportName) };
    },
  };
}

/** `name@version` of every envelope in the registry, by id, to name a job's envelope in a refusal; empty when the registry cannot be listed. */
async function knownEnvelopes(registry: LoadEnvelopeOptions["registry"]): Promise<ReadonlyMap<string, string>> {
  try {
    const entries = await (typeof registry === "object" ? registry : folderRegistry(registry)).list();
    return new Map([...entries].reverse().map((entry) => [entry.id, `${entry.name}@${entry.version}`]));
  } catch {
    return new Map();
  }
}

/** For a job from a Driver built from source: the module whose saved path shares the longest ending with the job's. */
function longestEnding(modules: readonly EnvelopeModuleCode[], url: string): EnvelopeModuleCode | undefined {
  const wanted = decodeURIComponent(new URL(url).pathname).split("/");
  let best: EnvelopeModuleCode | undefined;
  let bestLength = 0;
  for (const module of modules) {
    const parts = module.source.split(/[\\/]/);
    let length = 0;
    while (length < parts.length && length < wanted.length && parts[parts.length - 1 - length] === wanted[wanted.length - 1 - length]) length++;
    if (length > bestLength) [best, bestLength] = [module, length];
  }
  return best;
}
