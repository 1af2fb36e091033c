/**
 * `driver.materialize`: loads inputs from files, runs what the saved outputs need, and saves
 * them to files: check every file's format against the registered savers and loaders (before
 * anything runs), load, run, pick each value's saver, and save all files as one set (each saver
 * writes to a staging path; the files replace their targets only when every save succeeded, so
 * a failed call leaves every target as it was). Returns what was written and read.
 */
import { stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { FuncflowError } from "../errors/index.ts";
import { FileSetCommitError, writeFileSet } from "../files/index.ts";
import { describeValue } from "../columnar/index.ts";
import type { Loader, MaterializedFile, Saver } from "./materializer.ts";
import { isTableLike, isVectorLike } from "./value-shape.ts";
import { checkMaterializeRequest, checkSaveTarget } from "./check-request.ts";

/** Where to save a node: a path (format from its extension) or a path and a format. */
export type SaveTarget = string | { readonly path: string; readonly format?: string };

/** Where to load an input from; `as` picks a table or plain value loader when a format has both. */
export type LoadSource = string | { readonly path: string; readonly format?: string; readonly as?: "table" | "value" };

export interface MaterializeRequest {
  /** Node name → file to save its value to. */
  readonly save?: Readonly<Record<string, SaveTarget>>;
  /** Input name → file to read it from; a function node's name replaces that node (an override). */
  readonly load?: Readonly<Record<string, LoadSource>>;
  /** More outputs to compute and return without saving them. */
  readonly outputs?: readonly string[];
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly overrides?: Readonly<Record<string, unknown>>;
}

export interface MaterializeResult {
  readonly saved: readonly MaterializedFile[];
  readonly loaded: readonly MaterializedFile[];
  /** Every saved and requested output, by name. */
  readonly results: Readonly<Record<string, unknown>>;
}

/** What `materialize` needs from the Driver. */
export interface MaterializeContext {
  readonly savers: readonly Saver[];
  readonly loaders: readonly Loader[];
  isFunctionNode(name: string): boolean;
  execute(outputs: readonly string[], options: { inputs: Record<string, unknown>; overrides: Record<string, unknown> }): Promise<Record<string, unknown>>;
}

/**
 * Loads, runs and saves as `request` says.
 * @throws FuncflowError `invalid_argument` for a malformed request, one with nothing to save or
 *   return, a format no saver or loader handles (before anything runs) or a value no saver of
 *   its format accepts (before any file is written); `io_failed` for a save path below a regular file (before anything runs); `invalid_argument` for two saves to one path;
 *   `io_failed` from reading or writing (a failed load names the input, a failed save the node and
 *   its target, each keeping the code and error as `cause`); and whatever `execute` throws. When
 *   any save fails, no file of the call is kept: targets it created are removed, targets it would
 *   have replaced keep their bytes, folders it created are removed if empty.
 * @example const { saved } = await materialize({ save: { features: "out/features.arrow" } }, context);
 */
export async function materialize(request: MaterializeRequest, context: MaterializeContext): Promise<MaterializeResult> {
  checkMaterializeRequest(request);
  const { tableFormatOf } = await import("../io/index.ts");
  /**
   * The format a file is saved or loaded in: the one given, else the one its extension names:
   * a table format io knows (`.feather` is Arrow), or any format a registered saver or loader
   * handles (`.txt` for a text saver), so a custom format needs no `format` beside its extension.
   */
  const formatOf = (kind: "saver" | "loader", node: string, path: string, format: string | undefined, handlers: readonly (Saver | Loader)[]): string => {
    if (format !== undefined) return format;
    const extension = extname(path).slice(1).toLowerCase();
    if (extension !== "" && handlers.some((handler) => handler.formats.includes(extension))) return extension;
    try {
      return tableFormatOf(path);
    } catch (error) {
      const known = [...new Set(handlers.flatMap((handler) => handler.formats))].join(", ");
      throw new FuncflowError(
        "invalid_argument",
        `materialize: cannot tell the format of "${path}" (for "${node}") from its extension${extension === "" ? "" : ` ".${extension}"`}. Pass { path, format } with one of ${known}, or register a ${kind} for that format with Builder.withMaterializers(…).`,
        { node, cause: error, details: { path } },
      );
    }
  };

  // Phase 1: every file has a format something handles.
  const saves = Object.entries(request.save ?? {}).map(([node, target]) => {
    const { path, format } = typeof target === "string" ? { path: target, format: undefined } : target;
    const resolved = formatOf("saver", node, path, format, context.savers);
    if (!context.savers.some((saver) => saver.formats.includes(resolved))) throw noHandler("saver", node, path, resolved, context.savers);
    checkSaveTarget(node, path);
    return { node, path: resolve(path), format: resolved };
  });
  checkDistinctPaths(saves);
  const loads = Object.entries(request.load ?? {}).map(([input, source]) => {
    const { path, format, as } = typeof source === "string" ? { path: source, format: undefined, as: undefined } : source;
    const resolved = formatOf("loader", input, path, format, context.loaders);
    const candidates = context.loaders.filter((loader) => loader.formats.includes(resolved) && (as === undefined || loader.produces === as));
    // Without `as`, a table format reads as a table and JSON as plain data.
    const loader = candidates.findLast((candidate) => as !== undefined || candidate.produces === (resolved === "json" ? "value" : "table")) ?? candidates.at(-1);
    if (loader === undefined) throw noHandler("loader", input, path, resolved, context.loaders);
    return { input, path: resolve(path), format: resolved, loader };
  });

  // Phase 2: load inputs, then run what the outputs need.
  const inputs: Record<string, unknown> = { ...request.inputs };
  const overrides: Record<string, unknown> = { ...request.overrides };
  const loaded = await Promise.all(
    loads.map(async ({ input, path, format, loader }) => {
      const value = await loadNaming(input, path, format, loader);
      (context.isFunctionNode(input) ? overrides : inputs)[input] = value;
      return fileMetadata(input, path, format, loader.name, value);
    }),
  );
  const outputs = [...new Set([...saves.map((save) => save.node), ...(request.outputs ?? [])])];
  const results = await context.execute(outputs, { inputs, overrides });

  // Phase 3: pick each value's saver, the last registered of its format that accepts it, before
  // writing anything, so a value no saver takes fails the call with no file of it written.
  const chosen = saves.map(({ node, path, format }) => {
    const value = results[node];
    const saver = context.savers.findLast((candidate) => candidate.formats.includes(format) && candidate.accepts(value));
    if (saver === undefined) {
      throw new FuncflowError(
        "invalid_argument",
        `materialize: no saver writes ${describeValue(value)} (node "${node}") as ${format}. Save it in another format, or register a saver with Builder.withMaterializers(…).`,
        { node, details: { path, format } },
      );
    }
    return { node, path, format, value, saver };
  });
  // Phase 4: the saves as one set: each saver writes to a staging path, and the files move onto
  // their targets only when every save succeeded, so a failed call leaves every target as it was.
  await writeFileSet(async (set) => {
    const outcomes = await Promise.allSettled(
      chosen.map(async ({ node, path, format, value, saver }) => {
        let staged: string;
        try {
          staged = await set.stage(path);
        } catch (error) {
          throw saveFailed(node, path, format, error);
        }
        try {
          await saver.save(value, staged, format, node);
        } catch (error) {
          throw saveFailed(node, path, format, error, saver.name, staged);
        }
      }),
    );
    // Every save has settled: no saver still writes into the staging folders being removed.
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    if (failed !== undefined) throw failed.reason;
  }).catch((error: unknown) => {
    if (!(error instanceof FileSetCommitError)) throw error;
    const save = chosen.find((candidate) => candidate.path === error.target);
    throw new FuncflowError(
      "io_failed",
      `materialize: moving the saved "${save?.node}" onto ${error.target} failed: ${error.reason}. No file of this call was kept and every file it would have replaced is as it was; check the path and the disk.`,
      { ...(save !== undefined && { node: save.node }), cause: error, details: { path: error.target } },
    );
  });
  const saved = await Promise.all(chosen.map(({ node, path, format, value, saver }) => fileMetadata(node, path, format, saver.name, value)));
  return { saved, loaded, results };
}

/**
 * A failed save naming the node and its target: the writer's code is kept (io_failed for other
 * errors), and the staging path its message names is replaced by the target the user gave.
 */
function saveFailed(node: string, path: string, format: string, error: unknown, by?: string, staged?: string): FuncflowError {
  const code = error instanceof FuncflowError ? error.code : "io_failed";
  const said = error instanceof Error ? error.message : String(error);
  const reason = staged === undefined ? said : said.replaceAll(staged, path);
  return new FuncflowError(code, `materialize: saving "${node}" to ${path} (${format}${by === undefined ? "" : `, by ${by}`}) failed: ${reason}. No file of this call was kept.`, {
    node,
    cause: error,
    details: { path, format },
  });
}

/** A loader's value; its failure names the input being loaded (a reader's error names only the file). */
async function loadNaming(input: string, path: string, format: string, loader: Loader): Promise<unknown> {
  try {
    return await loader.load(path, format);
  } catch (error) {
    const code = error instanceof FuncflowError ? error.code : "io_failed";
    const reason = error instanceof Error ? error.message : String(error);
    throw new FuncflowError(code, `materialize: loading "${input}" from ${path} (${format}, by ${loader.name}) failed: ${reason}`, { input, cause: error, details: { path, format } });
  }
}

/** Two saves to one file: one would silently replace the other. */
function checkDistinctPaths(saves: readonly { readonly node: string; readonly path: string }[]): void {
  const byPath = new Map<string, string>();
  for (const { node, path } of saves) {
    const other = byPath.get(path);
    if (other !== undefined) {
      throw new FuncflowError("invalid_argument", `materialize: "${other}" and "${node}" are both saved to ${path}, so one would replace the other. Give each node its own file.`, {
        node,
        details: { path, nodes: [other, node] },
      });
    }
    byPath.set(path, node);
  }
}

function noHandler(kind: "saver" | "loader", node: string, path: string, format: string, handlers: readonly (Saver | Loader)[]): FuncflowError {
  const known = [...new Set(handlers.flatMap((handler) => handler.formats))].join(", ");
  return new FuncflowError(
    "invalid_argument",
    `materialize: no ${kind} handles the format "${format}" of "${path}" (for "${node}"). Known formats: ${known}; register a ${kind} with Builder.withMaterializers(…) for others.`,
    { node, details: { path, format } },
  );
}

async function fileMetadata(node: string, path: string, format: string, by: string, value: unknown): Promise<MaterializedFile> {
  const { size } = await stat(path);
  return { node, path, format, by, bytes: size, rows: rowsOf(value), schema: schemaOf(value, node) };
}

function rowsOf(value: unknown): number | undefined {
  if (isTableLike(value)) return value.numRows;
  if (isVectorLike(value) || Array.isArray(value)) return value.length;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as unknown as { length: number }).length;
  return undefined;
}

function schemaOf(value: unknown, node: string): MaterializedFile["schema"] {
  if (isTableLike(value)) return value.schema.fields.map((field) => ({ name: field.name, type: String(field.type) }));
  if (isVectorLike(value)) return [{ name: node, type: String(value.type) }];
  // A typed array is saved as the Arrow column makeVector makes of it: Float64Array → Float64.
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const type = value.constructor.name.replace(/Array$/, "").replace(/^BigInt/, "Int").replace(/^BigUint/, "Uint").replace("Clamped", "");
    return [{ name: node, type }];
  }
  return undefined;
}
