/**
 * Reads a module's source text into its manifest, in three phases: find the exports (syntax
 * only), read each function's signature, then infer the return types left unwritten (the one
 * phase that needs a type checker, skipped when nothing asks for it).
 */
import { contentHash, MANIFEST_SCHEMA_VERSION, type ManifestFunction, type ManifestProblem, type ModuleManifest } from "../manifest/index.ts";
import { codeVersions } from "./code-versions.ts";
import { collectExports, type FunctionSite } from "./collect-exports.ts";
import { inferReturnTypes, type InferredReturnType } from "./infer-return-types.ts";
import { parseModule, type ParsedModule } from "./parse-module.ts";
import { readSignature, type SignatureReading } from "./read-signature.ts";
import { invalidArgument, optionKeys, requireOptions, requirePath, requireString } from "../errors/index.ts";
import { TypeFiles, type ReadTypeFile } from "./type-files.ts";

type ReadFunction = Extract<SignatureReading, { kind: "function" }>;

/** How `scanSource` reads the modules a module imports types from. */
export interface ScanSourceOptions {
  /** The text of the file at an absolute path, or undefined when there is none (default: the file system). */
  readonly readFile?: ReadTypeFile;
}

/** The keys of ScanSourceOptions, checked against the interface by the compiler. */
const SCAN_SOURCE_OPTION_KEYS = optionKeys<ScanSourceOptions>({ readFile: true });

/**
 * Scans a module's source into its manifest: every exported node function (name, parameters,
 * types as written, JSDoc summary, modifiers, line), every other export, and every problem.
 * Deterministic: the same text, file name and imported type files give byte-identical JSON.
 * A return type `extractFields` (or `extractColumns`) reads that the module imports from a
 * relative module (`import type { Split } from "./types.ts"`) is read from that file, found
 * from `fileName`'s folder; the files read are listed in the manifest's `typeSources`.
 *
 * @param sourceText The module's text (`.ts`, `.mts`, `.tsx`, `.js`, `.mjs`, `.d.ts`, `.d.mts`).
 * @param fileName Its file name or path; the extension picks the language, the base name is
 *   recorded, and relative imports of types resolve from its folder (the working folder for a bare name).
 * @param options `readFile(path)` reads the imported type files instead of the file system
 *   (text, or undefined when there is no file at the absolute `path`).
 * @throws FuncflowError `invalid_argument` when `sourceText` is not a string, `fileName` not a non-empty string, `options` has a key other than `readFile`, or `readFile` is not a function.
 * @throws FuncflowError `scan_failed` when the extension is not one of the above.
 * @example
 * const manifest = scanSource("export const double = (x: number): number => x * 2;", "math.ts");
 * manifest.functions[0]?.params; // [{ name: "x", type: "number", optional: false }]
 */
export function scanSource(sourceText: string, fileName: string, options?: ScanSourceOptions): ModuleManifest {
  requireString("scanSource", "sourceText", sourceText, "the module's TypeScript source as a string");
  requirePath("scanSource", "fileName", fileName, '"src/pipeline.ts" (names the module in the manifest and in messages)');
  // Read before the check, which narrows `options` to a plain record.
  const readFile = options?.readFile;
  requireOptions("scanSource", "options", options, SCAN_SOURCE_OPTION_KEYS, "{ readFile: (path) => text }");
  if (readFile !== undefined && typeof readFile !== "function") throw invalidArgument("scanSource", "options.readFile", readFile, "a function (path) => text, or undefined when no file is there");
  const module = parseModule(sourceText, fileName);
  // Opens nothing until a return type names a type the module imports from a relative module.
  const files = new TypeFiles(fileName, readFile);
  const sites = collectExports(module);

  // Code versions for the cache: each function with the module-local helpers it uses.
  const versions = codeVersions(module, sites.functions, sites.locals);

  // Signatures: a function with an unreadable parameter becomes problems instead of an entry.
  const problems: ManifestProblem[] = [...sites.problems];
  const readAll = (list: readonly FunctionSite[], versionOf: ReadonlyMap<string, string>): ReadFunction[] => {
    const read: ReadFunction[] = [];
    for (const site of list) {
      const reading = readSignature(site, module, versionOf.get(site.exportName), files);
      if (reading.kind === "function") read.push(reading);
      else problems.push(...reading.problems);
    }
    return read;
  };
  const read = readAll(sites.functions, versions);
  // Functions that subdag/withColumns `functions` lists name, read as exports are (by local name, apart from the exports).
  const listedRead = sites.listedFunctions.length === 0 ? [] : readAll(sites.listedFunctions, codeVersions(module, sites.listedFunctions, sites.locals));

  // Return types nobody wrote down: the type checker is built only when one is missing.
  const pending: ReadFunction[] = [];
  for (const reading of [...read, ...listedRead]) if (reading.inferFrom !== undefined) pending.push(reading);
  const inferred = pending.length === 0 ? new Map<ReadFunction, InferredReturnType>() : inferredByReading(sourceText, module, pending);

  const withInferred = (reading: ReadFunction): ManifestFunction => {
    const { entry } = reading;
    const found = inferred.size === 0 ? undefined : inferred.get(reading);
    return found === undefined ? entry : { ...entry, returnType: found.returnType, isAsync: entry.isAsync || found.isAsync };
  };
  const functions = read.map(withInferred);

  const typeSources = files.sources();
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    file: module.file,
    contentHash: contentHash(sourceText),
    functions: byLine(functions),
    nonFunctionExports: byLine(sites.nonFunctionExports),
    problems: byLine(problems),
    // Left out when empty, so manifests of modules without hidden functions keep their shape.
    ...(sites.hiddenFunctions.length > 0 ? { hiddenFunctions: sites.hiddenFunctions } : {}),
    ...(typeSources.length > 0 ? { typeSources } : {}),
    ...(listedRead.length > 0 ? { listedFunctions: byLine(listedRead.map(withInferred)) } : {}),
  };
}

/** The inferred return type of each reading in `pending`, from one type checker over the module. */
function inferredByReading(sourceText: string, module: ParsedModule, pending: readonly ReadFunction[]): Map<ReadFunction, InferredReturnType> {
  const inferred = inferReturnTypes(sourceText, module.sourceFile, pending.map((reading) => reading.inferFrom!));
  const byReading = new Map<ReadFunction, InferredReturnType>();
  pending.forEach((reading, index) => {
    const found = inferred[index];
    if (found !== undefined) byReading.set(reading, found);
  });
  return byReading;
}

/** Source order; the sort is stable, so entries on one line keep the order they were found in. */
function byLine<T extends { readonly line: number }>(entries: readonly T[]): T[] {
  // Usually found in order already: a check is cheaper than a sort's comparator calls.
  let sorted = true;
  for (let index = 1; index < entries.length && sorted; index++) sorted = entries[index - 1]!.line <= entries[index]!.line;
  return sorted ? entries.slice() : [...entries].sort((a, b) => a.line - b.line);
}
