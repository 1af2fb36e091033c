/**
 * One uncached edge check: builds the Program, reads every module's functions with their
 * types, and applies the edge rules. Loaded lazily by `checkEdgeTypes` (it pulls in ts-morph),
 * so a cache hit never pays for TypeScript.
 */
import type { ManifestProblem, ModuleManifest } from "../manifest/index.ts";
import { createCheckProgram, type CheckProgram, type CheckProgramOptions } from "./check-program.ts";
import type { ExpandedModule } from "./expand-modifiers.ts";
import type { EdgeTypeReport } from "./edge-type-report.ts";
import { isAssignable, isVectorColumn } from "./checked-type.ts";
import { matchEdges } from "./match-edges.ts";
import { raiseScannerProblems } from "./raise-scanner-problems.ts";
import { readFunctionTypes, readModuleFunctions } from "./read-function-types.ts";
import type { ResolvedNode } from "./resolved-node.ts";
import { TYPECHECK_VERSION } from "./typecheck-version.ts";

/** A module to check: its absolute path, and for JavaScript (which the Program does not read) its manifest. */
export interface ModuleToCheck {
  readonly path: string;
  readonly manifest: ModuleManifest | undefined;
}

/** The report, and every file the Program read (the cache fingerprints them). */
export interface EdgeCheckRun {
  readonly report: EdgeTypeReport;
  readonly files: readonly string[];
}

/** How the check runs: compiler options, and the nodes `resolve` made under the graph's config. */
export interface EdgeCheckOptions extends CheckProgramOptions {
  readonly resolved?: readonly ResolvedNode[];
}

/** JavaScript has no types to check; it is read from its manifest alone. */
const JAVASCRIPT = /\.(m|c)?jsx?$/;

/**
 * Checks every edge among `modules` (see `checkEdgeTypes`). `shared`, a Program that already
 * holds the modules (made with the same options), is used instead of a new one: checks of many
 * small pipelines then parse funcflow's types and the libraries once, and the checker resolves
 * each shared type once. Its other root modules do not enter the report.
 * @throws FuncflowError `invalid_signature` listing every function no node can be made of.
 */
export function runEdgeCheck(modules: readonly ModuleToCheck[], options: EdgeCheckOptions = {}, shared?: CheckProgram): EdgeCheckRun {
  const roots = modules.filter(isTyped).map(({ path }) => path);
  const holdsRoots = shared !== undefined && roots.every((root) => shared.program.getSourceFile(root) !== undefined);
  let checkProgram = holdsRoots ? shared : createCheckProgram(roots, options, shared?.program);
  let read = readModules(modules, checkProgram, options.resolved);
  // Modules that subdags reuse join the Program only when some subdag names them.
  if (read.missing.size > 0) {
    checkProgram = createCheckProgram([...roots, ...read.missing], options, checkProgram.program);
    read = readModules(modules, checkProgram, options.resolved);
  }
  const { program, checker, tsconfig } = checkProgram;
  raiseScannerProblems(modules.map(({ path }) => path), read.problems);
  const functions = read.expanded.flatMap((module) => module.functions);
  const bindings = read.expanded.flatMap((module) => module.bindings);
  const match = matchEdges(functions, (source, target) => isAssignable(checker, source, target), bindings, (type) => (!isVectorColumn(type) && type.isUnion() ? type.types : [type]));
  const report: EdgeTypeReport = {
    version: TYPECHECK_VERSION,
    modules: modules.map(({ path }) => path),
    tsconfig,
    ...match,
  };
  const files = program.getSourceFiles().map((sourceFile) => sourceFile.fileName);
  return { report, files: tsconfig === undefined ? files : [...files, tsconfig] };
}

/** Every module's functions with their types; `missing` names subdag modules the Program lacks. */
function readModules(modules: readonly ModuleToCheck[], { program, checker }: CheckProgram, resolved: readonly ResolvedNode[] | undefined) {
  const problems: ManifestProblem[][] = [];
  const missing = new Set<string>();
  const reused = new Map<string, ExpandedModule | undefined>();
  const readSubdagModule = (path: string): ExpandedModule | undefined => {
    if (reused.has(path)) return reused.get(path);
    const sourceFile = program.getSourceFile(path);
    if (sourceFile === undefined) {
      missing.add(path);
      return undefined;
    }
    reused.set(path, undefined); // a module that reuses itself reads as opaque
    const { functions, listed } = readModuleFunctions(sourceFile);
    const expanded = readFunctionTypes(path, functions, checker, sourceFile, readSubdagModule, undefined, listed);
    reused.set(path, expanded);
    return expanded;
  };
  const expanded = modules.map((module) => {
    const sourceFile = isTyped(module) ? program.getSourceFile(module.path) : undefined;
    if (sourceFile === undefined) {
      problems.push([...(module.manifest?.problems ?? [])]);
      return readFunctionTypes(module.path, module.manifest?.functions ?? [], undefined, undefined);
    }
    const read = readModuleFunctions(sourceFile);
    problems.push(read.problems);
    return readFunctionTypes(module.path, read.functions, checker, sourceFile, readSubdagModule, resolved, read.listed);
  });
  return { expanded, problems, missing };
}

function isTyped({ path }: ModuleToCheck): boolean {
  return !JAVASCRIPT.test(path);
}
