/**
 * `driver.materialize`: loads inputs from files, runs what the saved outputs need, and saves
 * them to files: check every file's format against the registered savers and loaders (before
 * anything runs), load, run, join each combined save's nodes with its result builder, pick each
 * value's saver, and save all files as one set (each saver
 * writes to a staging path; the files replace their targets only when every save succeeded, so
 * a failed call leaves every target as it was). Returns what was written and read.
 */
import { stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { FuncflowError, didYouMean, isPlainRecord, suggestNames } from "../errors/index.ts";
import type { ResultBuilder } from "../results/index.ts";
import { FileSetCommitError, rejectSharedPaths, writeFileSet } from "../files/index.ts";
import type { Loader, MaterializedFile, Saver } from "./materializer.ts";
import { describeValue, isTableLike, isVectorLike } from "../columnar/index.ts";
import { checkMaterializeRequest, checkSaveTarget } from "./check-request.ts";

/**
 * Where to save a node: a path (format from its extension) or a path and a format. With
 * `dependencies`, the save's key is an id (Hamilton's `to.<format>(id=…)`) and the file holds
 * those nodes joined by `combine` (e.g. `arrowTableResult`), whose value is also returned as
 * `<id>_build_result`; one dependency needs no `combine` (its value is saved as it is).
 */
export type SaveTarget =
  | string
  | {
      readonly path: string;
      readonly format?: string;
      readonly dependencies?: readonly string[];
      readonly combine?: ResultBuilder<unknown>;
    };

/** Where to load an input from; `as` picks a table or plain value loader when a format has both. */
export type LoadSource = string | { readonly path: string; readonly format?: string; readonly as?: "table" | "value" };

export interface MaterializeRequest {
  /** Node name (or, with `dependencies`, an id) → file to save its value to. */
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
  /** Every saved and requested output, by name, and each combined save's value as `<id>_build_result`. */
  readonly results: Readonly<Record<string, unknown>>;
}

/** What `materialize` needs from the Driver. */
export interface MaterializeContext {
  readonly savers: readonly Saver[];
  readonly loaders: readonly Loader[];
  isFunctionNode(name: string): boolean;
  /** Every node's name (functions and inputs), to check a combined save's dependencies. */
  nodeNames(): Iterable<string>;
  execute(outputs: readonly string[], options: { inputs: Record<string, unknown>; overrides: Record<string, unknown> }): Promise<Record<string, unknown>>;
  /** Throws what `execute(outputs, options)` would throw before running any node (the plan's checks), running nothing. */
  validate(outputs: readonly string[], options: { inputs: Record<string, unknown>; overrides: Record<string, unknown> }): void;
}

/** Stands for a loaded file's value while validating, when no file is read: given, and not undefined. */
const NOT_YET_LOADED = null;

/**
 * Checks that `materialize(request, context)` would run, as `materialize` does before it loads
 * or runs anything (it calls this very check): the request's shape, every format, every save
 * target and that no two saves share a file, combined saves, a loader for each file to load, and
 * the execution plan (unknown outputs with did-you-mean, missing inputs naming who needs them),
 * with loaded names given. Reads no file (a file to load that is missing or unreadable fails only
 * when `materialize` loads it: a custom loader may read what is no local file), runs no node,
 * writes nothing.
 * @throws FuncflowError the errors `materialize` throws before running a node.
 */
export async function validateMaterialization(request: MaterializeRequest, context: MaterializeContext): Promise<void> {
  await planMaterialization(request, context);
}

/**
 * Loads, runs and saves as `request` says.
 * @throws FuncflowError `invalid_argument` for a malformed request, one with nothing to save or
 *   return, a format no saver or loader handles (before anything runs) or a value no saver of
 *   its format accepts (before any file is written); `io_failed` for a save path below a regular file (before anything runs); `invalid_argument` for two saves to one path;
 *   `unknown_node` for a load into a name the graph has no node or input of, `invalid_argument`
 *   for a name both loaded and given in `inputs` or `overrides` (both before any file is read);
 *   `unknown_output` for a combined save's dependency that is no node, `invalid_argument` for a
 *   combined save with no or repeated dependencies, several without `combine`, or a `combine`
 *   that is not a result builder or builds what no saver of the format takes (all before anything
 *   runs); the plan's errors (`unknown_output`, `missing_input`, … as `execute` throws them) with the
 *   loaded names given, before any file is loaded; what `combine` throws (`hook_failed` unless a FuncflowError, before any file is written);
 *   `io_failed` from reading or writing (a failed load names the input, a failed save the node and
 *   its target, each keeping the code and error as `cause`); and whatever `execute` throws. When
 *   any save fails, no file of the call is kept: targets it created are removed, targets it would
 *   have replaced keep their bytes, folders it created are removed if empty.
 * @example const { saved } = await materialize({ save: { features: "out/features.arrow" } }, context);
 */
export async function materialize(request: MaterializeRequest, context: MaterializeContext): Promise<MaterializeResult> {
  const { saves, loads, outputs } = await planMaterialization(request, context);

  // Phase 2: load inputs, then run what the outputs need.
  const inputs: Record<string, unknown> = { ...request.inputs };
  const overrides: Record<string, unknown> = { ...request.overrides };
  const loaded = await Promise.all(
    loads.map(async ({ input, path, format, loader }) => {
      const value = await loadNaming(input, path, format, loader);
      (context.isFunctionNode(input) ? overrides : inputs)[input] = value;
      return fileMetadata(input, path, format, loader.name, value, "loaded");
    }),
  );
  const results = { ...(await context.execute(outputs, { inputs, overrides })) };
  for (const { id, node, combined } of saves) {
    if (combined?.combine !== undefined) results[node] = combineNaming(id, combined.dependencies, combined.combine, results);
  }

  // Phase 3: pick each value's saver, the last registered of its format that accepts it, before
  // writing anything, so a value no saver takes fails the call with no file of it written.
  const chosen = saves.map((save) => {
    const { node, path, format } = save;
    const value = results[node];
    const saver = saverFor(context.savers, format, value);
    if (saver === undefined) {
      throw new FuncflowError(
        "invalid_argument",
        `materialize: no saver writes ${describeValue(value)} (${describeSave(save)}) as ${format}. Save it in another format, or register a saver with Builder.withMaterializers(…).`,
        { node, details: { path, format, saveId: save.id } },
      );
    }
    return { ...save, value, saver };
  });
  // Phase 4: the saves as one set: each saver writes to a staging path, and the files move onto
  // their targets only when every save succeeded, so a failed call leaves every target as it was.
  await writeFileSet(async (set) => {
    const outcomes = await Promise.allSettled(
      chosen.map(async (save) => {
        const { node, path, format, value, saver } = save;
        let staged: string;
        try {
          staged = await set.stage(path, `"${save.id}"`);
        } catch (error) {
          throw saveFailed(save, error);
        }
        try {
          await saver.save(value, staged, format, node);
        } catch (error) {
          throw saveFailed(save, error, saver.name, staged);
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
      `materialize: moving the saved ${save === undefined ? "file" : describeSave(save)} onto ${error.target} failed: ${error.reason}. No file of this call was kept and every file it would have replaced is as it was; check the path and the disk.`,
      { ...(save !== undefined && { node: save.node }), cause: error, details: { path: error.target } },
    );
  });
  const saved = await Promise.all(
    chosen.map(async ({ id, node, path, format, value, saver, combined }) => ({
      id,
      ...(await fileMetadata(node, path, format, saver.name, value, "saved")),
      ...(combined !== undefined && { dependencies: [...combined.dependencies], ...(combined.combine !== undefined && { combine: combined.combine.name }) }),
    })),
  );
  return { saved, loaded, results };
}


/** What a checked request does: its saves, its loads, and the outputs the run computes. */
interface MaterializationPlan {
  readonly saves: readonly Save[];
  readonly loads: readonly { readonly input: string; readonly path: string; readonly format: string; readonly loader: Loader }[];
  readonly outputs: readonly string[];
}

/**
 * Every check `materialize` makes before it loads or runs anything (see `validateMaterialization`),
 * and what they resolved: each file's format, saver format and loader, and the outputs to run.
 */
/**
 * A request's saves and loads as written, and the nodes its run computes: what `materialize`
 * plans from and `materializeToDot` draws, read in one place so the two cannot disagree. Sync:
 * no format is resolved and no file is read. Checks each combined save against `nodeNames`:
 * every dependency is a node and `<id>_build_result` is no node's or other save's name.
 * @throws FuncflowError `unknown_output` naming the save and the dependency (with did-you-mean),
 *   `invalid_argument` for a build result named like a node or another save; `unknown_node` for a
 *   load into no node or input, `invalid_argument` for a name both loaded and given in `inputs` or
 *   `overrides`; `where` starts each message.
 * @example outlineRequest({ save: { summary: "out/summary.json" } }, dr.listNodes().map((n) => n.name), "materialize").outputs; // ["summary"]
 */
export function outlineRequest(request: MaterializeRequest, nodeNames: Iterable<string>, where: string): RequestOutline {
  const saves = Object.entries(request.save ?? {}).map(([id, target]): SaveOutline => {
    const { path, format, dependencies, combine } = typeof target === "string" ? { path: target, format: undefined, dependencies: undefined, combine: undefined } : target;
    if (dependencies === undefined) return { id, node: id, path, format };
    // One dependency without combine is saved as it is, under the save's id.
    return { id, node: combine === undefined ? dependencies[0]! : `${id}_build_result`, path, format, combined: { dependencies, combine } };
  });
  const loads = Object.entries(request.load ?? {}).map(([input, source]): LoadOutline => (typeof source === "string" ? { input, path: source, format: undefined, as: undefined } : { input, ...source }));
  const names = new Set(nodeNames);
  checkLoadTargets(request, loads, names, where);
  checkCombinedNames(saves, names, where);
  // An output naming a combined save's `<id>_build_result` (Hamilton's additional_vars may) is built, not run.
  const built = new Set(saves.filter((save) => save.combined?.combine !== undefined).map((save) => save.node));
  const outputs = [...new Set([...saves.flatMap((save) => save.combined?.dependencies ?? [save.node]), ...(request.outputs ?? []).filter((name) => !built.has(name))])];
  return { saves, loads, outputs };
}

/** What `outlineRequest` reads from a request. */
export interface RequestOutline {
  readonly saves: readonly SaveOutline[];
  readonly loads: readonly LoadOutline[];
  /** The nodes the run computes: every save's node (a combined save's dependencies) and `outputs` but build results. */
  readonly outputs: readonly string[];
}

/** A save as written: its id, the node whose value it writes (`<id>_build_result` for a combined save), its file. */
export interface SaveOutline {
  readonly id: string;
  readonly node: string;
  readonly path: string;
  readonly format: string | undefined;
  readonly combined?: { readonly dependencies: readonly string[]; readonly combine: ResultBuilder<unknown> | undefined };
}

/** A load as written. */
export interface LoadOutline {
  readonly input: string;
  readonly path: string;
  readonly format?: string | undefined;
  readonly as?: "table" | "value" | undefined;
}

/**
 * Each load gives a value to a node or input of the graph, and to nothing else given in the
 * request: a file read for a name no node has would be read for nothing (a misspelt input
 * otherwise surfaces only as a missing input elsewhere), and a name both loaded and given in
 * `inputs` or `overrides` has two values, one of which would be dropped without a word.
 */
function checkLoadTargets(request: MaterializeRequest, loads: readonly LoadOutline[], nodes: ReadonlySet<string>, where: string): void {
  for (const { input } of loads) {
    const argument = `request.load.${input}`;
    if (!nodes.has(input)) {
      const suggestion = suggestNames(input, nodes);
      throw new FuncflowError("unknown_node", `${where}: ${argument} loads a file into "${input}", which is no node or input of the graph${didYouMean(suggestion)}. Load into a name a function reads or defines; dr.listNodes() lists them.`, {
        node: input,
        suggestion,
        details: { argument },
      });
    }
    const alsoIn = (["inputs", "overrides"] as const).filter((key) => request[key] !== undefined && Object.hasOwn(request[key], input));
    if (alsoIn.length > 0) {
      throw new FuncflowError("invalid_argument", `${where}: "${input}" is loaded (${argument}) and also given in ${alsoIn.map((key) => `request.${key}`).join(" and ")}; it can have one value. Drop one of them.`, {
        input,
        details: { argument, alsoIn },
      });
    }
  }
}

/** Each combined save's dependencies are nodes, and its build result's name is free. */
function checkCombinedNames(saves: readonly SaveOutline[], nodes: ReadonlySet<string>, where: string): void {
  const combined = saves.filter((save) => save.combined !== undefined);
  if (combined.length === 0) return;
  for (const { id, node, combined: { dependencies, combine } = { dependencies: [], combine: undefined } } of combined) {
    dependencies.forEach((dependency, at) => {
      if (nodes.has(dependency)) return;
      const suggestion = suggestNames(dependency, nodes);
      throw new FuncflowError(
        "unknown_output",
        `${where}: request.save.${id}.dependencies[${at}] names "${dependency}", which is no node${didYouMean(suggestion)}. dr.listNodes() lists every node.`,
        { node: dependency, suggestion, details: { saveId: id, argument: `request.save.${id}.dependencies[${at}]` } },
      );
    });
    if (combine === undefined) continue;
    const taken = nodes.has(node) ? "a node" : saves.some((other) => other.id === node) ? "another save" : undefined;
    if (taken !== undefined) {
      throw new FuncflowError("invalid_argument", `${where}: request.save.${id} returns its combined value as "${node}", which is ${taken}'s name. Give the save another id.`, {
        node,
        details: { saveId: id, argument: `request.save.${id}` },
      });
    }
  }
}

async function planMaterialization(request: MaterializeRequest, context: MaterializeContext): Promise<MaterializationPlan> {
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
      throw new FuncflowError(
        "invalid_argument",
        `materialize: cannot tell the format of "${path}" (for "${node}") from its extension${extension === "" ? "" : ` ".${extension}"`}. Pass { path, format } with one of ${knownFormats(handlers)}, or register a ${kind} for that format with Builder.withMaterializers(…).`,
        { node, cause: error, details: { path } },
      );
    }
  };

  const outline = outlineRequest(request, context.nodeNames(), "materialize");
  // Phase 1: every file has a format something handles.
  const saves = outline.saves.map(({ id, node, path, format, combined }): Save => {
    const resolved = formatOf("saver", id, path, format, context.savers);
    if (!context.savers.some((saver) => saver.formats.includes(resolved))) throw noHandler("saver", id, path, resolved, context.savers);
    checkSaveTarget(id, path);
    return { id, node, path: resolve(path), format: resolved, ...(combined !== undefined && { combined }) };
  });
  await rejectSharedPaths(saves.map(({ id, path }) => ({ claimant: `"${id}"`, path, node: id })), { where: "materialize", fix: "Give each save its own file." });
  checkCombinedFormats(saves, context);
  const loads = outline.loads.map(({ input, path, format, as }) => {
    const resolved = formatOf("loader", input, path, format, context.loaders);
    const candidates = context.loaders.filter((loader) => loader.formats.includes(resolved) && (as === undefined || loader.produces === as));
    // Without `as`, a table format reads as a table and JSON as plain data.
    const loader = candidates.findLast((candidate) => as !== undefined || candidate.produces === (resolved === "json" ? "value" : "table")) ?? candidates.at(-1);
    if (loader === undefined) throw noHandler("loader", input, path, resolved, context.loaders);
    return { input, path: resolve(path), format: resolved, loader };
  });
  // The plan, as the run will make it: loaded names are given (a function node's as an override).
  const inputs: Record<string, unknown> = { ...request.inputs };
  const overrides: Record<string, unknown> = { ...request.overrides };
  for (const { input } of loads) (context.isFunctionNode(input) ? overrides : inputs)[input] = NOT_YET_LOADED;
  context.validate(outline.outputs, { inputs, overrides });
  return { saves, loads, outputs: outline.outputs };
}

/** The saver that writes `value` as `format`: the last registered of that format that accepts it. */
function saverFor(savers: readonly Saver[], format: string, value: unknown): Saver | undefined {
  return savers.findLast((candidate) => candidate.formats.includes(format) && candidate.accepts(value));
}

/** One save: its id (the key of `save`), the node whose value it writes, and for a combined save the nodes it joins. */
interface Save {
  readonly id: string;
  readonly node: string;
  readonly path: string;
  readonly format: string;
  readonly combined?: { readonly dependencies: readonly string[]; readonly combine: ResultBuilder<unknown> | undefined };
}

/** `node "features"`, or `save "df_to_csv" of "a", "b"` for a combined one: what a message names. */
function describeSave(save: Save): string {
  return save.combined === undefined ? `node "${save.node}"` : `save "${save.id}" of ${save.combined.dependencies.map((name) => `"${name}"`).join(", ")}`;
}

/**
 * Checks that each combined save's file format has a saver for what `combine` builds, when the
 * builder declares it (`emptyResult`: funcflow's builders do); any other builder's value is
 * checked once built (still before any file is written). Its names were checked by `outlineRequest`.
 * @throws FuncflowError `invalid_argument` naming the save, its combine and the formats that take its value.
 */
function checkCombinedFormats(saves: readonly Save[], context: MaterializeContext): void {
  for (const { id, node, path, format, combined } of saves) {
    if (combined?.combine === undefined) continue;
    const { combine } = combined;
    const sample = sampleOf(combine);
    if (sample !== undefined && saverFor(context.savers, format, sample) === undefined) {
      const what = isTableLike(sample) ? "an Arrow Table" : isPlainRecord(sample) ? "a plain object" : describeValue(sample);
      const takers = knownFormats(context.savers.filter((saver) => saver.accepts(sample)));
      throw new FuncflowError(
        "invalid_argument",
        `materialize: request.save.${id}.combine (${combine.name}) builds ${what}, and no saver writes that as ${format} (${path}). Save it in a format that takes it${takers === "" ? "" : ` (${takers})`}, use another combine, or register a saver with Builder.withMaterializers(…).`,
        { node, details: { saveId: id, argument: `request.save.${id}.combine`, combine: combine.name, path, format } },
      );
    }
  }
}

/**
 * The empty value `combine` declares it builds (`emptyResult`), or undefined when it declares
 * none or its declaration fails: the combined value is then checked once it is built. The
 * builder's `build` is user code that may expect outputs, so it is never called to find out.
 */
function sampleOf(combine: ResultBuilder<unknown>): unknown {
  if (typeof combine.emptyResult !== "function") return undefined;
  try {
    return combine.emptyResult();
  } catch {
    return undefined;
  }
}

/**
 * The combined value of a save. A builder is user code: a FuncflowError it throws keeps its code
 * (`length_mismatch` from arrowTableResult), anything else becomes `hook_failed` naming the
 * builder and the save, with the original as `cause`. Either way no file of the call is written.
 */
function combineNaming(id: string, dependencies: readonly string[], combine: ResultBuilder<unknown>, results: Readonly<Record<string, unknown>>): unknown {
  try {
    return combine.build(results, dependencies);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const said = `materialize: combining ${dependencies.map((name) => `"${name}"`).join(", ")} for request.save.${id} with ${combine.name} failed: ${reason}. Every node ran; no file of this call was written.`;
    throw new FuncflowError(error instanceof FuncflowError ? error.code : "hook_failed", said, {
      cause: error,
      details: { saveId: id, resultBuilder: combine.name, outputs: [...dependencies] },
    });
  }
}

/**
 * A failed save naming the node and its target: the writer's code is kept (io_failed for other
 * errors), and the staging path its message names is replaced by the target the user gave.
 */
function saveFailed(save: Save, error: unknown, by?: string, staged?: string): FuncflowError {
  const { node, path, format } = save;
  const code = error instanceof FuncflowError ? error.code : "io_failed";
  const said = error instanceof Error ? error.message : String(error);
  const reason = staged === undefined ? said : said.replaceAll(staged, path);
  const what = save.combined === undefined ? `"${node}"` : describeSave(save);
  return new FuncflowError(code, `materialize: saving ${what} to ${path} (${format}${by === undefined ? "" : `, by ${by}`}) failed: ${reason}. No file of this call was kept.`, {
    node,
    cause: error,
    details: { path, format, saveId: save.id },
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

/** The formats `handlers` handle, each once, for a message. */
function knownFormats(handlers: readonly (Saver | Loader)[]): string {
  return [...new Set(handlers.flatMap((handler) => handler.formats))].join(", ");
}

function noHandler(kind: "saver" | "loader", node: string, path: string, format: string, handlers: readonly (Saver | Loader)[]): FuncflowError {
  return new FuncflowError(
    "invalid_argument",
    `materialize: no ${kind} handles the format "${format}" of "${path}" (for "${node}"). Known formats: ${knownFormats(handlers)}; register a ${kind} with Builder.withMaterializers(…) for others.`,
    { node, details: { path, format } },
  );
}

async function fileMetadata(node: string, path: string, format: string, by: string, value: unknown, kind: "saved" | "loaded"): Promise<MaterializedFile> {
  // A custom loader may read what is no local file (a key, a URL): it has no size on this disk.
  // A saved file always exists here, so a failure to read its size is a real error.
  const size = kind === "saved" ? (await stat(path)).size : await stat(path).then((found) => found.size, () => undefined);
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
