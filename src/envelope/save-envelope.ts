/**
 * `saveEnvelope`: a pipeline, its chosen outputs and config, packed with its API schema, examples
 * and environment into an immutable, content-addressed envelope in a registry.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Builder, builtWithModuleOverrides, modulesOfBuild, type BuiltModule, type Driver } from "../driver/index.ts";
import { didYouMean, FuncflowError, invalidArgument, optionKeys, requireString, suggestNames, requireKnownRecord } from "../errors/index.ts";
import type { Config, NodeInfo } from "../graph/index.ts";
import { bundlePipeline } from "./bundle-pipeline.ts";
import { captureEnvironment } from "./capture-environment.ts";
import { ENVELOPE_FILES, ENVELOPE_FORMAT_VERSION, type EnvelopeManifest, type EnvelopeModule } from "./envelope-format.ts";
import { checkEnvelopeName } from "./envelope-name.ts";
import { sealMeta } from "./envelope-meta.ts";
import { readSchemas } from "./envelope-schema.ts";
import { writeExampleValues } from "./example-values.ts";
import { folderRegistry } from "./folder-registry.ts";
import { hashContent } from "./hash-content.ts";
import type { Registry, RegistryEntry } from "./registry.ts";
import { SHARED_SPECIFIERS } from "./shared-modules.ts";

/** What to save. Give `modules` (paths or URLs of the pipeline's modules) or a built `driver`. */
export interface SaveEnvelopeOptions {
  readonly name: string;
  readonly description?: string;
  readonly modules?: readonly (string | URL)[];
  readonly driver?: Driver;
  /** The outputs the envelope serves. */
  readonly outputs: readonly string[];
  readonly config?: Config;
  /** Input values to run once at save time: stored as examples, and the source of schemas the types do not give. */
  readonly exampleInputs?: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly metrics?: Readonly<Record<string, number>>;
  /** A Registry or a registry folder; default `.funcflow/registry`. */
  readonly registry?: Registry | string;
  /** The folder module paths are relative to, and the project whose environment is captured; default the working directory. */
  readonly root?: string;
  /** false skips the SBOM (`npm sbom` takes a few seconds). */
  readonly sbom?: boolean;
  /** With `modules`: build them with `Builder.allowModuleOverrides()`, a later module's node replacing an earlier one's (a `driver` was built as it was). */
  readonly allowModuleOverrides?: boolean;
}

/** The keys of SaveEnvelopeOptions, checked against the interface by the compiler. */
export const SAVE_ENVELOPE_OPTION_KEYS = optionKeys<SaveEnvelopeOptions>({ name: true, description: true, modules: true, driver: true, outputs: true, config: true, exampleInputs: true, tags: true, metrics: true, registry: true, root: true, sbom: true, allowModuleOverrides: true });

/** A saved envelope. */
export interface SavedEnvelope extends RegistryEntry {
  /** The registry's location. */
  readonly registry: string;
}

/**
 * Saves an envelope and returns its id, name and version.
 * @throws FuncflowError `invalid_argument` when `options` is not a plain object or `options.name` not a string.
 * @throws FuncflowError `envelope_invalid` (a bad name, no outputs, an input with neither a typed
 *   schema nor an example, a module esbuild cannot bundle), `unknown_output`, `registry_invalid`,
 *   and the Builder's errors (`module_not_found`, …). Nothing is left behind on failure.
 * @example const saved = await saveEnvelope({ name: "hello", modules: ["examples/hello-world/transforms.ts"], outputs: ["spendPerSignup"] });
 */
export async function saveEnvelope(options: SaveEnvelopeOptions): Promise<SavedEnvelope> {
  requireKnownRecord("saveEnvelope", "options", options, SAVE_ENVELOPE_OPTION_KEYS, `{ name: "churn-model", modules: ["./src/features.ts"], outputs: ["score"] }`);
  requireString("saveEnvelope", "options.name", options.name, `the envelope's name such as "churn-model"`);
  checkEnvelopeName(options.name);
  if (!Array.isArray(options.outputs) || options.outputs.length === 0) {
    throw new FuncflowError("envelope_invalid", `saveEnvelope "${options.name}": no outputs given. Name the outputs the envelope serves, e.g. outputs: ["spendPerSignup"].`, { details: { name: options.name } });
  }
  const registry = typeof options.registry === "object" ? options.registry : folderRegistry(options.registry);
  // A registry that cannot be used is named before the pipeline is built and scanned.
  await registry.list({ name: options.name });
  const root = resolve(options.root ?? process.cwd());
  const config = options.config ?? {};
  const { driver, modules } = await pipelineOf(options, root, config);
  const buildModules = loadedWhileBuilding(driver, modules);
  const nodes = driver.listNodes();
  checkOutputs(options.outputs, nodes);
  const inputs = neededInputs(driver, options.outputs, nodes);
  const exampleOutputs = options.exampleInputs === undefined ? undefined : ((await driver.execute([...options.outputs], { inputs: { ...options.exampleInputs } })) as Record<string, unknown>);
  const schema = await readSchemas({ nodes, outputs: options.outputs, inputs, root, exampleInputs: options.exampleInputs, exampleOutputs, driver });
  const staged = await registry.stage();
  try {
    const content = join(staged, ENVELOPE_FILES.content);
    const write = async (file: string, text: string | Uint8Array): Promise<void> => {
      await mkdir(dirname(join(content, file)), { recursive: true });
      await writeFile(join(content, file), text);
    };
    const bundled = [...modules, ...buildModules];
    const [bundle, captured, manifests] = await Promise.all([bundlePipeline(bundled, root), captureEnvironment(root, options.sbom ?? true), scanManifests(bundled)]);
    await write(ENVELOPE_FILES.bundle, bundle.code);
    await write(ENVELOPE_FILES.metafile, JSON.stringify({ ...bundle.metafile, localSources: bundle.localSources }, null, 1));
    await write(ENVELOPE_FILES.schema, JSON.stringify(schema, null, 1));
    await write(ENVELOPE_FILES.dag, JSON.stringify(dagOf(nodes), null, 1));
    await write(ENVELOPE_FILES.dot, driver.toDot());
    await write(ENVELOPE_FILES.environment, JSON.stringify(captured.environment, null, 1));
    if (captured.sbom !== undefined) await write(ENVELOPE_FILES.sbom, captured.sbom);
    const examplesDir = join(content, ENVELOPE_FILES.examples);
    const examples = {
      inputs: options.exampleInputs === undefined ? {} : await writeExampleValues(examplesDir, "inputs", pick(options.exampleInputs, inputs)),
      outputs: exampleOutputs === undefined ? {} : await writeExampleValues(examplesDir, "outputs", exampleOutputs),
    };
    const envelopeModules: EnvelopeModule[] = bundled.map((module, index) => ({ exportName: `m${index}`, source: relative(root, module), manifest: manifests[index] }));
    const manifest: EnvelopeManifest = {
      formatVersion: ENVELOPE_FORMAT_VERSION,
      name: options.name,
      description: options.description ?? "",
      createdAt: new Date().toISOString(),
      outputs: [...options.outputs],
      inputs,
      config,
      modules: envelopeModules.slice(0, modules.length),
      ...(buildModules.length > 0 && { buildModules: envelopeModules.slice(modules.length) }),
      shared: SHARED_SPECIFIERS,
      codeVersions: codeVersionsOf(nodes, envelopeModules, root),
      examples,
      ...(builtWithModuleOverrides(driver) && { moduleOverrides: true as const }),
    };
    await write(ENVELOPE_FILES.manifest, JSON.stringify(manifest, null, 1));
    const id = await hashContent(content);
    await writeFile(join(staged, ENVELOPE_FILES.meta), sealMeta({ id, tags: { ...options.tags }, metrics: { ...options.metrics } }));
    const entry = await registry.add(staged, id, options.name);
    return { ...entry, registry: registry.location };
  } catch (error) {
    await registry.discard(staged);
    throw error;
  }
}

async function pipelineOf(options: SaveEnvelopeOptions, root: string, config: Config): Promise<{ driver: Driver; modules: string[] }> {
  if (options.driver !== undefined) {
    // The modules the Builder was given; the nodes' own modules (which include those subdags
    // embed) only for a Driver whose modules were not all files.
    const given = filesOf(modulesOfBuild(options.driver)?.given ?? []);
    const modules = given ?? [...new Set(options.driver.listNodes().flatMap((node) => (node.source === undefined ? [] : [resolve(root, node.source.module)])))];
    return { driver: options.driver, modules };
  }
  if (options.modules === undefined || options.modules.length === 0) {
    throw new FuncflowError("envelope_invalid", `saveEnvelope "${options.name}": give the pipeline as modules (paths) or a built driver.`, { details: { name: options.name } });
  }
  const modules = options.modules.map((module) => (module instanceof URL || module.startsWith("file:") ? fileURLToPath(module) : resolve(root, module)));
  if (options.allowModuleOverrides !== undefined && typeof options.allowModuleOverrides !== "boolean") {
    throw invalidArgument("saveEnvelope", "options.allowModuleOverrides", options.allowModuleOverrides, "true or false");
  }
  const builder = new Builder().withModules(...modules).withConfig(config);
  const driver = await (options.allowModuleOverrides === true ? builder.allowModuleOverrides() : builder).build();
  return { driver, modules };
}

/** The file a built module was loaded from (its URL without query or hash), or undefined for a prebuilt module. */
function fileOf(module: BuiltModule): string | undefined {
  return module.url?.startsWith("file:") === true ? fileURLToPath(module.url.replace(/[?#].*$/, "")) : undefined;
}

/** The files of `modules`, or undefined when there are none or one is not a file (a prebuilt module). */
function filesOf(modules: readonly BuiltModule[]): string[] | undefined {
  const files = modules.map(fileOf);
  return files.length === 0 || files.includes(undefined) ? undefined : [...new Set(files as string[])];
}

/**
 * The files the Builder loaded while building `driver` (subdag, parameterizedSubdag and
 * withColumns modules, the modules listed functions are imported from), apart from `modules`:
 * the envelope bundles them too, as a bundle holds no files to load them from.
 */
function loadedWhileBuilding(driver: Driver, modules: readonly string[]): string[] {
  const given = new Set(modules);
  const files = modulesOfBuild(driver)?.loadedWhileBuilding.flatMap((module) => fileOf(module) ?? []) ?? [];
  return [...new Set(files)].filter((file) => !given.has(file));
}

function checkOutputs(outputs: readonly string[], nodes: readonly NodeInfo[]): void {
  const known = new Map(nodes.map((node) => [node.name, node]));
  for (const output of outputs) {
    const node = known.get(output);
    // Every config key is a node, but its value is fixed at build: an envelope computes none.
    if (node?.kind === "config") {
      throw new FuncflowError("unknown_output", `saveEnvelope: "${output}" is a config value, fixed when the pipeline is built, not an output the envelope computes. Leave it out of the outputs (\`funcflow list <module>\` shows each node's kind).`, { node: output });
    }
    if (node === undefined) {
      const suggestion = suggestNames(output, [...known.keys()]);
      throw new FuncflowError("unknown_output", `saveEnvelope: the pipeline has no output "${output}"${didYouMean(suggestion)}. \`funcflow list <module>\` shows its nodes.`, { node: output, suggestion });
    }
  }
}

/** The external inputs the outputs need, required ones first. */
function neededInputs(driver: Driver, outputs: readonly string[], nodes: readonly NodeInfo[]): string[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const needed = [...new Set(driver.upstreamOf(...outputs))].filter((name) => byName.get(name)?.isExternalInput);
  const optional = (name: string): boolean =>
    byName.get(name)!.dependents.every((dependent) => byName.get(dependent)?.dependencies.find((param) => param.name === name)?.optional === true);
  return [...needed.filter((name) => !optional(name)), ...needed.filter(optional)];
}

async function scanManifests(modules: readonly string[]): Promise<unknown[]> {
  // The scanner (ts-morph) is loaded only to save; loading an envelope never needs it.
  const { scanFile } = await import("../scanner/index.ts");
  return Promise.all(modules.map((module) => scanFile(module)));
}

function dagOf(nodes: readonly NodeInfo[]): object {
  return {
    nodes: nodes.map((node) => ({
      name: node.name,
      kind: node.kind,
      type: node.type,
      doc: node.doc,
      tags: node.tags,
      dependencies: node.dependencies.map((param) => param.name),
      source: node.source,
    })),
    edges: nodes.flatMap((node) => node.dependencies.map((param) => [param.name, node.name])),
  };
}

/**
 * Per function node, its code version: the node's own `version`, which the cache keys it on; a
 * node without one gets the version its module's manifest in the envelope records, each module's
 * looked up by name once (searching the manifest per node made a 30,000-node save spend 5 s here).
 */
function codeVersionsOf(nodes: readonly NodeInfo[], modules: readonly EnvelopeModule[], root: string): Record<string, string> {
  const versions: Record<string, string> = {};
  const byModule = new Map<string, ReadonlyMap<string, string | undefined>>();
  const versionsIn = (location: string) => {
    const path = resolve(root, location);
    let found = byModule.get(path);
    if (found === undefined) {
      type Versioned = { exportName: string; codeVersion?: string };
      const manifest = modules.find((candidate) => resolve(root, candidate.source) === path)?.manifest as { functions?: Versioned[]; listedFunctions?: Versioned[] } | undefined;
      // A node of a function that a subdag or withColumns lists by name may come from an unexported
      // declaration; an export of the same name wins (set last).
      found = new Map([...(manifest?.listedFunctions ?? []), ...(manifest?.functions ?? [])].map((fn) => [fn.exportName, fn.codeVersion]));
      byModule.set(path, found);
    }
    return found;
  };
  for (const node of nodes) {
    if (node.source === undefined) continue;
    const version = node.version ?? versionsIn(node.source.module).get(node.source.exportName);
    if (version !== undefined) versions[node.name] = version;
  }
  return versions;
}

function pick(values: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => name in values).map((name) => [name, values[name]]));
}
