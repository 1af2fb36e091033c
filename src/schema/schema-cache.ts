/**
 * Pipeline schemas cached on disk, so serving an unchanged pipeline again skips the TypeScript
 * checker. An entry is keyed by the nodes' type texts and the tsconfig choice, and records a
 * fingerprint of every file the checker read: a project file by its content hash, a file under
 * node_modules by size and modification time. Any difference is a miss.
 *
 * This file must not import ts-morph: a cache hit is the fast path.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { FuncflowError, optionKeys, requireNodeList, type FuncflowErrorCode, requireOptions } from "../errors/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import type { NodeSchema, PipelineSchemaOptions } from "./pipeline-schemas.ts";

/** Bump when the walk's output changes, so older entries are misses. */
export const SCHEMA_VERSION = "2";

type Fingerprint = readonly [path: string, fingerprint: string];

interface StoredSchema {
  readonly name: string;
  readonly kind: NodeSchema["kind"];
  readonly schema?: NodeSchema["schema"];
  readonly problem?: { readonly code: FuncflowErrorCode; readonly message: string; readonly node?: string; readonly details?: Record<string, unknown> };
}

interface CacheEntry {
  readonly version: string;
  readonly key: string;
  readonly files: readonly Fingerprint[];
  readonly schemas: readonly StoredSchema[];
}

/** Where and whether schemas are cached. */
export interface SchemaCacheOptions extends PipelineSchemaOptions {
  /** The cache folder; default `.funcflow/schema-cache` under the root; false turns caching off. */
  readonly cacheDir?: string | false;
}

/** The keys of SchemaCacheOptions, checked against the interface by the compiler. */
export const SCHEMA_CACHE_OPTION_KEYS = optionKeys<SchemaCacheOptions>({ root: true, tsconfig: true, cacheDir: true });

const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * The schemas of `nodes`, from the cache when every file they were read from is unchanged, else
 * read with the checker (loaded only then) and stored.
 * @throws FuncflowError `invalid_argument` when a tsconfig cannot be read.
 * @example const schemas = await loadPipelineSchemas(driver.listNodes(), { root: process.cwd() });
 */
export async function loadPipelineSchemas(nodes: readonly NodeInfo[], options: SchemaCacheOptions = {}): Promise<ReadonlyMap<string, NodeSchema>> {
  requireNodeList("loadPipelineSchemas", "nodes", nodes, ["dependencies", "dependents"]);
  requireOptions("loadPipelineSchemas", "options", options, SCHEMA_CACHE_OPTION_KEYS, '{ root: ".", cacheDir: false }');
  const root = options.root ?? process.cwd();
  const dir = options.cacheDir === undefined ? join(root, ".funcflow", "schema-cache") : options.cacheDir;
  const key = hash([SCHEMA_VERSION, String(options.tsconfig), root, ...nodes.map(describeNode)].join("\u0000")).slice(0, 40);
  const cached = dir === false ? undefined : readEntry(dir, key);
  if (cached !== undefined) return cached;
  const { collectPipelineSchemas } = await import("./pipeline-schemas.ts");
  const { schemas, files } = collectPipelineSchemas(nodes, options);
  if (dir !== false) writeEntry(dir, { version: SCHEMA_VERSION, key, files: files.map((file) => [file, fingerprint(file)]), schemas: [...schemas.values()].map(store) });
  return schemas;
}

function describeNode(node: NodeInfo): string {
  return JSON.stringify([node.name, node.kind, node.type, node.doc, node.source, node.dependents, node.dependencies]);
}

function readEntry(dir: string, key: string): ReadonlyMap<string, NodeSchema> | undefined {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8")) as CacheEntry;
  } catch {
    return undefined;
  }
  if (entry.version !== SCHEMA_VERSION || entry.key !== key) return undefined;
  if (!entry.files.every(([file, print]) => fingerprint(file) === print)) return undefined;
  return new Map(entry.schemas.map((stored) => [stored.name, restore(stored)]));
}

function writeEntry(dir: string, entry: CacheEntry): void {
  try {
    mkdirSync(dir, { recursive: true });
    // Written whole, then renamed: a reader never sees half an entry.
    const path = join(dir, `${entry.key}.json`);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, path);
  } catch {
    // A cache that cannot be written costs the next start-up time, nothing else.
  }
}

function fingerprint(file: string): string {
  try {
    if (file.includes("/node_modules/")) {
      const { size, mtimeMs } = statSync(file);
      return `${size}:${mtimeMs}`;
    }
    return hash(readFileSync(file, "utf8"));
  } catch {
    return "missing";
  }
}

function store(schema: NodeSchema): StoredSchema {
  const { problem } = schema;
  return {
    name: schema.name,
    kind: schema.kind,
    ...(schema.schema !== undefined && { schema: schema.schema }),
    ...(problem !== undefined && {
      problem: { code: problem.code, message: problem.message, ...(problem.node !== undefined && { node: problem.node }), ...(problem.details && { details: { ...problem.details } }) },
    }),
  };
}

function restore(stored: StoredSchema): NodeSchema {
  const problem =
    stored.problem === undefined
      ? undefined
      : new FuncflowError(stored.problem.code, stored.problem.message, { ...(stored.problem.node !== undefined && { node: stored.problem.node }), ...(stored.problem.details && { details: stored.problem.details }) });
  return { name: stored.name, kind: stored.kind, schema: stored.schema, problem };
}
