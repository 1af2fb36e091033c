/**
 * `funcflow envelope save|list|show|tag|metric|export|import`: envelopes (funcflow/envelope) and
 * their registry from the command line.
 */
import { Argument, InvalidArgumentError, type Command } from "commander";
import { configFrom, listOption, withConfigOptions, withOutputsOption, type SharedOptions } from "../support/common-options.ts";
import { formatTable } from "../support/format-table.ts";
import { collectFiles, collectNumberPairs, collectPairs, TABLE_EXTENSIONS } from "../support/parse-options.ts";
import { readValues } from "../support/read-values.ts";
import { registryFrom, withRegistryOption } from "../support/registry-option.ts";
import { ensureTypeScriptLoader } from "../support/typescript-loader.ts";

type Pairs = readonly (readonly [string, string])[];

interface SaveOptions extends Pick<SharedOptions, "config" | "set" | "outputs"> {
  readonly name: string;
  readonly description?: string;
  readonly example: readonly string[];
  readonly tag: Pairs;
  readonly metric: readonly (readonly [string, number])[];
  readonly registry?: string;
  readonly sbom: boolean;
  readonly allowModuleOverrides?: boolean;
}

// Loaded when a command runs: esbuild, apache-arrow and ts-morph are not needed by other commands.
const envelopes = () => import("../../envelope/index.ts");

/**
 * Adds `envelope` and its subcommands to `program`.
 * @example registerEnvelope(new Command("funcflow"));
 */
export function registerEnvelope(program: Command): void {
  const envelope = program.command("envelope").description("save a pipeline as an immutable envelope (code, schema, environment) and manage the registry");
  registerSave(envelope);
  registerList(envelope);
  registerShow(envelope);
  registerChange(envelope, "tag", "set tags (key=value; key= removes one); the id stays", collectPairs, async (reference, pairs, registry) => {
    const { tagEnvelope } = await envelopes();
    return (await tagEnvelope(reference, Object.fromEntries(pairs.map(([key, value]) => [key, value === "" ? null : value])), registry)).tags;
  });
  registerChange(envelope, "metric", "set metrics (key=number; key= removes one); the id stays", collectMetricChanges, async (reference, pairs, registry) => {
    const { setEnvelopeMetrics } = await envelopes();
    return (await setEnvelopeMetrics(reference, Object.fromEntries(pairs.map(([key, value]) => [key, value === "" ? null : Number(value)])), registry)).metrics;
  });
  withRegistryOption(envelope.command("export").description("write one envelope as a .tgz").argument("<envelope>", "id, name or name@version").argument("<file>", "the .tgz to write")).action(
    async (reference: string, file: string, options: { registry?: string }) => {
      const entry = await (await envelopes()).exportEnvelope(reference, file, registryFrom(options));
      process.stdout.write(`${entry.id}\n`);
      process.stderr.write(`funcflow envelope export: ${entry.name}@${entry.version} → ${file}\n`);
    },
  );
  withRegistryOption(envelope.command("import").description("add an exported envelope (.tgz) to the registry, after checking its hash").argument("<file>", "the .tgz")).action(
    async (file: string, options: { registry?: string }) => {
      const entry = await (await envelopes()).importEnvelope(file, registryFrom(options));
      process.stdout.write(`${entry.id}\n`);
      process.stderr.write(`funcflow envelope import: ${entry.name}@${entry.version}\n`);
    },
  );
}

function registerSave(envelope: Command): void {
  const command = envelope
    .command("save")
    .description("bundle a pipeline with its schema, examples and environment into the registry; prints the id")
    .argument("<modules...>", "the pipeline's module files")
    .requiredOption("--name <name>", "the envelope's name (letters, digits, . _ -)")
    .option("--description <text>", "what it is for")
    .option("--no-sbom", "skip the CycloneDX SBOM (npm sbom)")
    .option("--allow-module-overrides", "a later module's node replaces an earlier module's node of the same name (Builder.allowModuleOverrides())");
  withRegistryOption(withOutputsOption(withConfigOptions(command), "outputs the envelope serves"));
  listOption(command, "--example <file>", "example inputs: a table (.csv, .arrow, .parquet, .json records) or a .json object (repeatable)", collectFiles(TABLE_EXTENSIONS));
  listOption(command, "--tag <key=value>", "a tag (repeatable)", collectPairs);
  listOption(command, "--metric <key=value>", "a metric, a number (repeatable)", collectNumberPairs);
  command.addHelpText(
    "after",
    `
Example:
  $ funcflow envelope save examples/hello-world/transforms.ts --name hello --outputs spendPerSignup --tag stage=dev`,
  );
  command.action(async (modules: string[], options: SaveOptions) => {
    const config = await configFrom(options);
    const exampleInputs = options.example.length === 0 ? undefined : await readValues(options.example, [], "--example");
    await ensureTypeScriptLoader(modules);
    const { saveEnvelope } = await envelopes();
    const saved = await saveEnvelope({
      name: options.name,
      modules,
      outputs: options.outputs,
      config,
      registry: registryFrom(options),
      sbom: options.sbom,
      ...(options.allowModuleOverrides === true && { allowModuleOverrides: true }),
      tags: Object.fromEntries(options.tag),
      metrics: Object.fromEntries(options.metric),
      ...(options.description !== undefined && { description: options.description }),
      ...(exampleInputs !== undefined && { exampleInputs }),
    });
    process.stdout.write(`${saved.id}\n`);
    process.stderr.write(`funcflow envelope save: ${saved.name}@${saved.version} in ${saved.registry}\n`);
  });
}

function registerList(envelope: Command): void {
  const command = envelope.command("list").description("list envelopes, newest first").option("--name <name>", "only this name").option("--json", "print JSON");
  withRegistryOption(command);
  listOption(command, "--tag <key=value>", "only envelopes with this tag (repeatable)", collectPairs);
  command.action(async (options: { name?: string; tag: Pairs; json?: boolean; registry?: string }) => {
    const { folderRegistry } = await envelopes();
    const registry = folderRegistry(registryFrom(options));
    const entries = await registry.list({ ...(options.name !== undefined && { name: options.name }), tags: Object.fromEntries(options.tag) });
    const { readMetaOf } = await metaReader();
    const rows = await Promise.all(entries.map(async (entry) => ({ ...entry, ...(await readMetaOf(registry, entry.id)) })));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const pairs = (record: Readonly<Record<string, unknown>>) => Object.entries(record).map(([key, value]) => `${key}=${String(value)}`).join(" ");
    process.stdout.write(`${formatTable(["name", "version", "id", "created", "tags", "metrics"], rows.map((row) => [row.name, String(row.version), row.id.slice(0, 12), row.createdAt, pairs(row.tags), pairs(row.metrics)]))}\n`);
  });
}

function registerShow(envelope: Command): void {
  const command = envelope.command("show").description("show one envelope: outputs, inputs and their schemas, environment, tags, metrics").argument("<envelope>", "id, name, name@version or a folder").option("--json", "print JSON");
  withRegistryOption(command);
  command.action(async (reference: string, options: { json?: boolean; registry?: string }) => {
    const { loadEnvelope } = await envelopes();
    const loaded = await loadEnvelope(reference, { registry: registryFrom(options), onDrift: (message) => process.stderr.write(`warning: ${message}\n`) });
    const summary = {
      id: loaded.id,
      name: loaded.manifest.name,
      version: loaded.entry?.version,
      description: loaded.manifest.description,
      createdAt: loaded.manifest.createdAt,
      outputs: loaded.schema.outputs,
      inputs: loaded.schema.inputs,
      config: loaded.manifest.config,
      environment: loaded.environment,
      tags: loaded.meta.tags,
      metrics: loaded.meta.metrics,
      folder: loaded.dir,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const typeOf = (schema: { readonly type?: unknown; readonly items?: unknown; readonly "x-arrow-type"?: unknown }) => String(schema["x-arrow-type"] ?? schema.type ?? "any");
    const lines = [
      `${summary.name}@${summary.version ?? "?"}  ${summary.id}`,
      summary.description === "" ? undefined : summary.description,
      `created   ${summary.createdAt}`,
      `outputs   ${Object.entries(summary.outputs).map(([name, entry]) => `${name}: ${typeOf(entry.schema)} (needs ${entry.inputs.join(", ") || "nothing"})`).join("; ")}`,
      `inputs    ${Object.entries(summary.inputs).map(([name, entry]) => `${name}${entry.required ? "" : "?"}: ${typeOf(entry.schema)} [from ${entry.from}]`).join("; ")}`,
      `env       Node ${summary.environment.node} ${summary.environment.platform}-${summary.environment.arch}, funcflow ${summary.environment.funcflow}${summary.environment.git === undefined ? "" : `, git ${summary.environment.git.commit.slice(0, 12)}${summary.environment.git.dirty ? " (dirty)" : ""}`}`,
      `lock      ${summary.environment.lockFile === undefined ? "none" : `${summary.environment.lockFile.path} sha256 ${summary.environment.lockFile.sha256.slice(0, 16)}…`}; SBOM ${summary.environment.sbom === undefined ? "none" : `${summary.environment.sbom.components} components`}`,
      `tags      ${Object.entries(summary.tags).map(([key, value]) => `${key}=${value}`).join(" ") || "-"}`,
      `metrics   ${Object.entries(summary.metrics).map(([key, value]) => `${key}=${value}`).join(" ") || "-"}`,
      `folder    ${summary.folder}`,
    ];
    process.stdout.write(`${lines.filter((line) => line !== undefined).join("\n")}\n`);
  });
}

function registerChange(
  envelope: Command,
  name: string,
  description: string,
  parsePair: (value: string, previous: [string, string][]) => [string, string][],
  apply: (reference: string, pairs: Pairs, registry: string) => Promise<Readonly<Record<string, unknown>>>,
): void {
  // Pairs are checked as the command line is parsed: a bad one exits 2 before the registry is read.
  const command = envelope.command(name).description(description).argument("<envelope>", "id, name or name@version").addArgument(new Argument("<pairs...>", "key=value").argParser(parsePair));
  withRegistryOption(command);
  command.action(async (reference: string, pairs: Pairs, options: { registry?: string }) => {
    const result = await apply(reference, pairs, registryFrom(options));
    process.stdout.write(`${Object.entries(result).map(([key, value]) => `${key}=${String(value)}`).join("\n")}\n`);
  });
}

/** `key=number`, or `key=` to remove the metric. */
function collectMetricChanges(value: string, previous: [string, string][] = []): [string, string][] {
  const pairs = collectPairs(value, previous);
  const [key, text] = pairs[pairs.length - 1]!;
  if (text !== "" && (text.trim() === "" || !Number.isFinite(Number(text)))) throw new InvalidArgumentError(`"${text}" is not a number. Write e.g. ${key}=0.12, or ${key}= to remove the metric.`);
  return pairs;
}

async function metaReader(): Promise<{ readMetaOf: (registry: { open(id: string): Promise<string> }, id: string) => Promise<{ tags: Record<string, string>; metrics: Record<string, number> }> }> {
  const { verifyEnvelope } = await envelopes();
  return {
    readMetaOf: async (registry, id) => {
      const meta = await verifyEnvelope(await registry.open(id), id);
      return { tags: { ...meta.tags }, metrics: { ...meta.metrics } };
    },
  };
}
